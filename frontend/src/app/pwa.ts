/**
 * Registers the service worker built by vite-plugin-pwa (dist/sw.js): it precaches the app
 * shell and the resident's pages so the form opens without a signal. Skipped in dev and in
 * unit tests, where no sw.js exists.
 *
 * Not at start-up: installing it downloads every resident chunk again (the precache), which on
 * a weak signal competes with the page's own requests, and on a slow phone adds main-thread
 * work while the first page is still settling. It waits for the load event and then for the
 * browser to be idle (at most IDLE_TIMEOUT_MS). The outbox does not depend on it: a complaint
 * written while offline is kept in IndexedDB either way.
 */
const IDLE_TIMEOUT_MS = 5000;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // No service worker (private mode, old browser): the app still works online.
    });
  };
  const whenIdle = () => {
    // Safari has no requestIdleCallback.
    if (typeof window.requestIdleCallback === "function") {
      window.requestIdleCallback(register, { timeout: IDLE_TIMEOUT_MS });
    } else {
      setTimeout(register, 1000);
    }
  };
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
}
