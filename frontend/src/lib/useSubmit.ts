import { useRef, useState } from "preact/hooks";
import type { ApiFailure, ApiResult } from "../api/errors";

/**
 * One request a form sends: `pending` while it runs, the failure it answered, and a second
 * press ignored while the first is on its way (a double tap on a slow signal sends once).
 * `run` resolves to the success, or to null when it failed or was ignored.
 */
export function useSubmit() {
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  async function run<T>(work: () => Promise<ApiResult<T>>): Promise<{ ok: true; data: T } | null> {
    if (busy.current) return null;
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      const result = await work();
      if (!result.ok) {
        setError(result.error);
        return null;
      }
      return result;
    } finally {
      busy.current = false;
      setPending(false);
    }
  }
  return { pending, error, run, setError };
}
