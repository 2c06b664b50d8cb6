import { api } from "../api/client";
import { tokenStore } from "../api/tokens";
import { createStore } from "./store";

/** How many of the user's in-app notices are unread (null: not known yet, or logged out). */
export const unreadStore = createStore<number | null>(null);

let inFlight: Promise<void> | null = null;
/** How many times a refresh was asked for: a change while one is in flight means ask again. */
let asked = 0;

/**
 * Asks the server again; the bell and the notification centre both call it. A call made while
 * one is in flight asks once more after it: the first answer may predate what the caller just
 * changed (a notice opened while the bell was already refreshing for the new page).
 */
export function refreshUnread(): Promise<void> {
  if (tokenStore.get() === null) return Promise.resolve();
  asked += 1;
  if (inFlight) return inFlight;
  inFlight = (async () => {
    try {
      let answered = 0;
      while (answered !== asked) {
        answered = asked;
        const { data } = await api.GET("/api/v1/notifications/unread-count/");
        if (data && tokenStore.get() !== null) unreadStore.set(data.unread);
      }
    } catch {
      // Offline: the bell keeps the last count it knew.
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

tokenStore.subscribe((tokens) => {
  if (tokens === null) unreadStore.set(null);
});
