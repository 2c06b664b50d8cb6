import type { ApiClient, ApiKey, Scope } from "./api";

/** Every scope, in the order the form offers them; none reaches a reporter's identity. */
export const SCOPES: readonly Scope[] = ["complaints:read", "register:read", "reports:read", "complaints:write", "webhooks:manage"];

/** At most two keys are active at once (the server refuses a third with 409). */
export const MAX_ACTIVE_KEYS = 2;

export function activeKeys(client: ApiClient): ApiKey[] {
  return client.keys.filter((key) => !key.revoked_at);
}

/** Whether a new key may be issued now: the application is live and has a free slot. */
export function mayRotate(client: ApiClient): boolean {
  return !client.revoked_at && activeKeys(client).length < MAX_ACTIVE_KEYS;
}

/** The latest use of any of the application's keys: when, and from which address. */
export function lastUse(client: ApiClient): { at: string; ip: string | null } | null {
  let latest: { at: string; ip: string | null } | null = null;
  for (const key of client.keys) {
    if (!key.last_used_at) continue;
    if (!latest || Date.parse(key.last_used_at) > Date.parse(latest.at)) {
      latest = { at: key.last_used_at, ip: key.last_used_ip ?? null };
    }
  }
  return latest;
}

export interface Draft {
  name: string;
  region: string;
  scopes: readonly Scope[];
  contactEmail: string;
}

/** The form's own checks, before a request: the same fields the server names. */
export function draftProblems(draft: Draft): Record<string, "required"> {
  const problems: Record<string, "required"> = {};
  if (!draft.name.trim()) problems["name"] = "required";
  if (!draft.region.trim()) problems["region"] = "required";
  if (draft.scopes.length === 0) problems["scopes"] = "required";
  return problems;
}

export function toggle(scopes: readonly Scope[], scope: Scope, on: boolean): Scope[] {
  const rest = scopes.filter((s) => s !== scope);
  return on ? SCOPES.filter((s) => rest.includes(s) || s === scope) : rest;
}
