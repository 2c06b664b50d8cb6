import { browserStorage, createStore, type ReadableStore } from "../lib/store";
import type { paths } from "./schema";

/** The pair the token endpoints return. */
export type TokenPair =
  paths["/api/v1/auth/token/"]["post"]["responses"][200]["content"]["application/json"];

export interface TokenStore extends ReadableStore<TokenPair | null> {
  set(tokens: TokenPair | null): void;
}

const STORAGE_KEY = "pd.session";

function isTokenPair(value: unknown): value is TokenPair {
  if (typeof value !== "object" || value === null) return false;
  const { access, refresh } = value as Record<string, unknown>;
  return typeof access === "string" && access !== "" && typeof refresh === "string" && refresh !== "";
}

function read(storage: Storage | undefined): TokenPair | null {
  const raw = storage?.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isTokenPair(parsed) ? { access: parsed.access, refresh: parsed.refresh } : null;
  } catch {
    return null;
  }
}

/**
 * The session's JWT pair, kept in localStorage so a reload stays logged in.
 * The refresh token rotates on every refresh, so each new pair replaces the old
 * one. Another tab logging out (or in) is picked up through the `storage` event.
 */
export function createTokenStore(storage: Storage | undefined): TokenStore {
  const store = createStore<TokenPair | null>(read(storage));
  if (typeof window !== "undefined") {
    window.addEventListener("storage", (event) => {
      if (event.key === STORAGE_KEY || event.key === null) store.set(read(storage));
    });
  }
  return {
    get: () => store.get(),
    subscribe: (listener) => store.subscribe(listener),
    set(tokens) {
      if (tokens) storage?.setItem(STORAGE_KEY, JSON.stringify(tokens));
      else storage?.removeItem(STORAGE_KEY);
      store.set(tokens);
    },
  };
}

export const tokenStore: TokenStore = createTokenStore(browserStorage());
