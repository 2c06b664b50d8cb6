import { api } from "../../api/client";
import { call, type ApiResult } from "../../api/errors";
import type { paths } from "../../api/schema";
import { tokenStore } from "../../api/tokens";

export type Credentials = NonNullable<
  paths["/api/v1/auth/token/"]["post"]["requestBody"]
>["content"]["application/json"];
export type SignupBody = NonNullable<
  paths["/api/v1/auth/signup/"]["post"]["requestBody"]
>["content"]["application/json"];
export type Me = paths["/api/v1/me/"]["get"]["responses"][200]["content"]["application/json"];
export type Membership = Me["memberships"][number];

/** Exchanges username (or phone) and password for a token pair and starts the session. */
export async function login(credentials: Credentials): Promise<ApiResult<null>> {
  const result = await call(() => api.POST("/api/v1/auth/token/", { body: credentials }));
  if (!result.ok) return result;
  tokenStore.set({ access: result.data.access, refresh: result.data.refresh });
  return { ok: true, data: null };
}

/**
 * Starts a resident account that logs in with its phone number: a code goes to the phone by
 * WhatsApp. The answer is the same whether or not the number is already registered.
 */
export function signup(body: SignupBody): Promise<ApiResult<{ phone: string; minutes: number }>> {
  return call(() => api.POST("/api/v1/auth/signup/", { body }));
}

/** Opens the account with the code sent to its phone, and starts its session. */
export async function verifySignup(body: { phone: string; code: string }): Promise<ApiResult<null>> {
  const result = await call(() => api.POST("/api/v1/auth/signup/verify/", { body }));
  if (!result.ok) return result;
  tokenStore.set({ access: result.data.access, refresh: result.data.refresh });
  return { ok: true, data: null };
}

export type ResetConfirmBody = NonNullable<
  paths["/api/v1/auth/password-reset/confirm/"]["post"]["requestBody"]
>["content"]["application/json"];

/** Asks for a code to the account with this phone; the answer never says whether there is one. */
export function requestPasswordReset(phone: string): Promise<ApiResult<{ minutes: number }>> {
  return call(() => api.POST("/api/v1/auth/password-reset/", { body: { phone } }));
}

/** Sets the new password with the code and starts a fresh session. */
export async function confirmPasswordReset(body: ResetConfirmBody): Promise<ApiResult<null>> {
  const result = await call(() => api.POST("/api/v1/auth/password-reset/confirm/", { body }));
  if (!result.ok) return result;
  tokenStore.set({ access: result.data.access, refresh: result.data.refresh });
  return { ok: true, data: null };
}

export function fetchMe(): Promise<ApiResult<Me>> {
  return call(() => api.GET("/api/v1/me/"));
}

/**
 * Revokes the refresh token on the server, then ends the local session whatever
 * the server said: a user who taps "Keluar" offline must still be logged out here.
 */
export async function logout(): Promise<void> {
  const current = tokenStore.get();
  if (current) {
    await call(() => api.POST("/api/v1/auth/logout/", { body: { refresh: current.refresh } }));
  }
  tokenStore.set(null);
}
