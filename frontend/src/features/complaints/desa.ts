import type { ApiResult } from "../../api/errors";
import { fetchCategories, fetchRegion, type Category, type Region } from "./api";
import { browserStorage } from "../../lib/store";
import { useLoad, type Load } from "../../lib/useLoad";
import { rememberDesa } from "./lastDesa";

// Landing → form → success all need the desa's name and categories: fetch each once per visit.
const regions = new Map<string, Promise<ApiResult<Region>>>();
const categories = new Map<string, Promise<ApiResult<Category[]>>>();

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
function withOfflineCopy<T>(key: string, load: () => Promise<ApiResult<T>>): () => Promise<ApiResult<T>> {
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

function cached<T>(cache: Map<string, Promise<ApiResult<T>>>, key: string, load: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
  let entry = cache.get(key);
  if (!entry) {
    entry = load();
    // A failure (offline) is not remembered: the next page tries again.
    void entry.then((r) => !r.ok && cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}

/** Forget the desa's page kept for this visit (its emblem changed): the next use asks again. */
export function forgetRegion(code: string): void {
  regions.delete(code);
}

export function useRegion(code: string): Load<Region> {
  return useLoad(() => loadRegion(code), [code], { blank: true }).state;
}

function loadRegion(code: string): Promise<ApiResult<Region>> {
  return cached(regions, code, withOfflineCopy(`region.${code}`, () => fetchRegion(code).then(remembered)));
}

function loadCategories(code: string): Promise<ApiResult<Category[]>> {
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

/** The desa's categories and a retry (the form's category step offers it when offline). */
export function useCategories(code: string) {
  return useLoad(() => loadCategories(code), [code], { blank: true });
}
