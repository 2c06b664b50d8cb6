import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../api/errors";
import { fetchCategories, fetchRegion, type Category, type Region } from "./api";
import { browserStorage } from "../../lib/store";
import { rememberDesa } from "./lastDesa";

export type Loadable<T> = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: T };

// Landing → form → success all need the desa's name and categories: fetch each once per visit.
const regions = new Map<string, Promise<Loadable<Region>>>();
const categories = new Map<string, Promise<Loadable<Category[]>>>();

// A copy of what loaded, on the phone: the service worker starts only after the first page
// settles (app/pwa.ts), so it may never see these requests; with this copy, opening the desa's
// page once with a signal is enough for its form to open without one later.
const OFFLINE_PREFIX = "pd.offline.";

function keep(key: string, data: unknown): void {
  try {
    browserStorage()?.setItem(OFFLINE_PREFIX + key, JSON.stringify(data));
  } catch {
    // Storage full or refused: the page works online as before.
  }
}

function kept(key: string): unknown {
  try {
    return JSON.parse(browserStorage()?.getItem(OFFLINE_PREFIX + key) ?? "null");
  } catch {
    return null;
  }
}

/** The server's answer, kept for later; without a signal, the copy kept before (if any). */
function withOfflineCopy<T>(
  key: string,
  load: () => Promise<{ ok: true; data: T } | { ok: false; error: ApiFailure }>,
): () => Promise<{ ok: true; data: T } | { ok: false; error: ApiFailure }> {
  return async () => {
    const result = await load();
    if (result.ok) {
      keep(key, result.data);
      return result;
    }
    // Written by this code from the same endpoint's answer: trusted as that answer's type.
    const copy = result.error.status === 0 ? (kept(key) as T | null) : null;
    return copy === null ? result : { ok: true, data: copy };
  };
}

function cached<T>(
  cache: Map<string, Promise<Loadable<T>>>,
  key: string,
  load: () => Promise<{ ok: true; data: T } | { ok: false; error: ApiFailure }>,
): Promise<Loadable<T>> {
  let entry = cache.get(key);
  if (!entry) {
    entry = load().then((r): Loadable<T> => (r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error }));
    // A failure (offline) is not remembered: the next page tries again.
    void entry.then((r) => r.kind === "failed" && cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}

function useLoad<T>(key: string, load: () => Promise<Loadable<T>>, attempt: number): Loadable<T> {
  const [state, setState] = useState<Loadable<T>>({ kind: "loading" });
  useEffect(() => {
    let current = true;
    // Already "loading" on first use: keeping the same object spares the whole page a render.
    setState((previous) => (previous.kind === "loading" ? previous : { kind: "loading" }));
    void load().then((r) => current && setState(r));
    return () => {
      current = false;
    };
  }, [key, attempt]);
  return state;
}

/** Forget the desa's page kept for this visit (its emblem changed): the next use asks again. */
export function forgetRegion(code: string): void {
  regions.delete(code);
}

export function useRegion(code: string, attempt = 0): Loadable<Region> {
  return useLoad(code, () => loadRegion(code), attempt);
}

function loadRegion(code: string): Promise<Loadable<Region>> {
  return cached(regions, code, withOfflineCopy(`region.${code}`, () => fetchRegion(code).then(remembered)));
}

function loadCategories(code: string): Promise<Loadable<Category[]>> {
  return cached(categories, code, withOfflineCopy(`categories.${code}`, () => fetchCategories(code)));
}

/**
 * Called by the desa's page: fetches (and keeps on the phone) what its form needs, so the
 * form opens later without a signal. One request, shared with the form's own.
 */
export function prefetchDesa(code: string): void {
  void loadRegion(code);
  void loadCategories(code);
}

/** A desa that loaded becomes the one the home page offers first (`lastDesa`). */
function remembered<T extends { ok: boolean; data?: Region }>(result: T): T {
  if (result.data?.level === "desa") rememberDesa(result.data);
  return result;
}

export function useCategories(code: string, attempt = 0): Loadable<Category[]> {
  return useLoad(code, () => loadCategories(code), attempt);
}
