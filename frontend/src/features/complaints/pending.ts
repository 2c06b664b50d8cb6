import { browserStorage } from "../../lib/store";

// Set by the outbox while anything waits to be sent; read at start-up and by the desa page
// so that neither opens IndexedDB nor starts the retry timer when nothing waits (most visits).
export const PENDING_FLAG = "pd.outbox.pending";

/** Whether the outbox says something on this phone still waits for a signal. */
export function somethingWaits(): boolean {
  return Boolean(browserStorage()?.getItem(PENDING_FLAG));
}
