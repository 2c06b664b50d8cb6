import { useEffect, useState } from "preact/hooks";
import type { ApiFailure, ApiResult } from "../api/errors";

export type Load<T> = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: T };

const LOADING: Load<never> = { kind: "loading" };

/**
 * What a page reads when it opens, read again when `deps` change or `retry` is pressed. An
 * answer that arrives after the page moved on (new deps, unmounted) is dropped, so a slow
 * answer never overwrites a newer one. By default the page keeps showing what it has while
 * it reads again (a reload after a move does not blank the page); `{ blank: true }` shows
 * "loading" instead, for a read whose old data would mislead (another year, another page).
 * `onLoad` acts on an answer that is kept (fills a form, remembers, moves on), never on a
 * dropped one.
 */
export function useLoad<T>(
  load: () => Promise<ApiResult<T>>,
  deps: readonly unknown[],
  options: { blank?: boolean; onLoad?: (data: T) => void } = {},
) {
  const [state, setState] = useState<Load<T>>(LOADING);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    // Already "loading" on first use: keeping the same object spares the whole page a render.
    if (options.blank) setState(LOADING);
    void load().then((r) => {
      if (!current) return;
      if (r.ok) options.onLoad?.(r.data);
      setState(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error });
    });
    return () => {
      current = false;
    };
    // `load` is a new closure on every render; what it reads is in `deps`.
  }, [...deps, attempt]);
  return {
    state,
    /** Read again; after a failure the page shows "loading" meanwhile. */
    retry: () => {
      setState((previous) => (previous.kind === "failed" ? LOADING : previous));
      setAttempt((n) => n + 1);
    },
    /** Replace the loaded data with what a write answered (no second read). */
    replace: (data: T) => setState({ kind: "loaded", data }),
  };
}
