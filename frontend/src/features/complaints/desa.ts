import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../api/errors";
import { fetchCategories, fetchRegion, type Category, type Region } from "./api";
import { rememberDesa } from "./lastDesa";

export type Loadable<T> = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: T };

// Landing → form → success all need the desa's name and categories: fetch each once per visit.
const regions = new Map<string, Promise<Loadable<Region>>>();
const categories = new Map<string, Promise<Loadable<Category[]>>>();

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

export function useRegion(code: string, attempt = 0): Loadable<Region> {
  return useLoad(code, () => cached(regions, code, () => fetchRegion(code).then(remembered)), attempt);
}

/** A desa that loaded becomes the one the home page offers first (`lastDesa`). */
function remembered<T extends { ok: boolean; data?: Region }>(result: T): T {
  if (result.data?.level === "desa") rememberDesa(result.data);
  return result;
}

export function useCategories(code: string, attempt = 0): Loadable<Category[]> {
  return useLoad(code, () => cached(categories, code, () => fetchCategories(code)), attempt);
}
