import { browserStorage } from "../lib/store";

const KEY = "pd.device";

/**
 * An opaque random token this browser keeps, sent as `X-Device-Id`. It says nothing
 * about the person: the server only counts public submissions and tracking per device,
 * so that a phone behind a carrier's shared address (CGNAT) is not refused because of
 * thousands of others on the same address. Without storage, a fresh token per load.
 */
let memo: string | null = null;

export function deviceId(): string {
  if (memo) return memo;
  const storage = browserStorage();
  const kept = storage?.getItem(KEY);
  if (kept && /^[A-Za-z0-9_-]{16,64}$/.test(kept)) {
    memo = kept;
    return kept;
  }
  const fresh = crypto.randomUUID().replaceAll("-", "");
  storage?.setItem(KEY, fresh);
  memo = fresh;
  return fresh;
}
