import createClient, { type Client, type Middleware } from "openapi-fetch";
import { env } from "../config/env";
import { getLocale } from "../i18n/index";
import { deviceId } from "./device";
import type { paths } from "./schema";
import { tokenStore, type TokenPair, type TokenStore } from "./tokens";

export type ApiClient = Client<paths>;

export interface ClientDeps {
  baseUrl: string;
  tokens: TokenStore;
  /** Sent as Accept-Language; the server localises labels and messages by it. */
  getLocale: () => string;
  /** Sent as X-Device-Id (see device.ts); none when absent. */
  getDeviceId?: () => string;
  /** The network edge; tests pass a fake here. */
  fetch?: (request: Request) => Promise<Response>;
}

const REFRESH_PATH = "/api/v1/auth/token/refresh/";

// These take credentials in the body. A stale bearer here could make the server
// reject the request before the view runs, and a 401 from them means "wrong
// credentials", not "access token expired".
const NO_BEARER = new Set<string>([
  "/api/v1/auth/token/",
  REFRESH_PATH,
  "/api/v1/auth/logout/",
  "/api/v1/auth/signup/",
]);

/**
 * Builds the typed API client: one `createClient<paths>()` plus middleware for
 * auth and language. On a 401 it refreshes the access token once (rotating the
 * refresh token) and retries the request; if the refresh fails the session is
 * cleared, and the app shell, which watches the token store, sends the user to
 * the login page. Redirects and toasts stay out of here.
 */
export function createApiClient(deps: ClientDeps): ApiClient {
  const { tokens } = deps;
  const send = (request: Request): Promise<Response> =>
    deps.fetch ? deps.fetch(request) : globalThis.fetch(request);

  const client = createClient<paths>({ baseUrl: deps.baseUrl, fetch: send });

  // Concurrent 401s share one refresh call: the refresh token is single-use.
  let refreshing: Promise<TokenPair | null> | null = null;

  async function refreshTokens(): Promise<TokenPair | null> {
    const current = tokens.get();
    if (!current) return null;
    const { data, response } = await client.POST(REFRESH_PATH, { body: { refresh: current.refresh } });
    if (response.ok && data) {
      const next = { access: data.access, refresh: data.refresh };
      tokens.set(next);
      return next;
    }
    // Only clear what we tried to refresh: another tab may have logged in anew.
    if (tokens.get() === current) tokens.set(null);
    return null;
  }

  function refreshOnce(): Promise<TokenPair | null> {
    refreshing ??= refreshTokens().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  // A request body can be read only once, so keep a copy for the retry.
  const retryCopies = new Map<string, Request>();

  const middleware: Middleware = {
    onRequest({ request, schemaPath, id }) {
      request.headers.set("Accept-Language", deps.getLocale());
      if (deps.getDeviceId) request.headers.set("X-Device-Id", deps.getDeviceId());
      if (NO_BEARER.has(schemaPath)) return request;
      const current = tokens.get();
      if (current) {
        request.headers.set("Authorization", `Bearer ${current.access}`);
        retryCopies.set(id, request.clone());
      }
      return request;
    },

    async onResponse({ request, response, id }) {
      const copy = retryCopies.get(id);
      retryCopies.delete(id);
      if (response.status !== 401 || !copy) return undefined;

      const sentAccess = request.headers.get("Authorization")?.slice("Bearer ".length);
      const current = tokens.get();
      // Someone else already refreshed while this request was in flight: just retry.
      const fresh = current && current.access !== sentAccess ? current : await refreshOnce();
      if (!fresh) return undefined;

      copy.headers.set("Authorization", `Bearer ${fresh.access}`);
      copy.headers.set("Accept-Language", deps.getLocale());
      const retried = await send(copy);
      if (retried.status === 401 && tokens.get() === fresh) tokens.set(null);
      return retried;
    },

    onError({ id }) {
      retryCopies.delete(id);
      return undefined;
    },
  };

  client.use(middleware);
  return client;
}

/** The app's single client. */
export const api: ApiClient = createApiClient({
  baseUrl: env.apiBase,
  tokens: tokenStore,
  getLocale,
  getDeviceId: deviceId,
});
