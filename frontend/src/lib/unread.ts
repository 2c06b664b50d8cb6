import { api } from "../api/client";
import { tokenStore } from "../api/tokens";
import { createStore } from "./store";

/** How many of the user's in-app notices are unread (null: not known yet, or logged out). */
export const unreadStore = createStore<number | null>(null);

let inFlight = false;

/** Asks the server again; the bell and the notification centre both call it. */
export async function refreshUnread(): Promise<void> {
  if (tokenStore.get() === null || inFlight) return;
  inFlight = true;
  try {
    const { data } = await api.GET("/api/v1/notifications/unread-count/");
    if (data && tokenStore.get() !== null) unreadStore.set(data.unread);
  } catch {
    // Offline: the bell keeps the last count it knew.
  } finally {
    inFlight = false;
  }
}

tokenStore.subscribe((tokens) => {
  if (tokens === null) unreadStore.set(null);
});
