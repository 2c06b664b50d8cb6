/**
 * Registers the service worker built by vite-plugin-pwa (dist/sw.js): it precaches the app
 * shell and the resident's pages so the form opens without a signal. Skipped in dev and in
 * unit tests, where no sw.js exists.
 *
 * Not at start-up: installing it downloads every resident chunk again (the precache), which on
 * a weak signal competes with the page's own requests (the desa, its categories), and on a
 * slow phone adds main-thread work while the first page settles: in Lighthouse (CPU ×8) the
 * submit page's TBT median was 517 ms with the worker installing at load and 346 ms without
 * it. So it waits SETTLE_MS after the load event, then for an idle moment (at most
 * IDLE_TIMEOUT_MS). Nothing at start needs it: the page prefetches what it needs offline, and
 * a complaint written without a signal is kept in IndexedDB either way.
 */
const SETTLE_MS = 3000;
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
  const afterLoad = () => setTimeout(whenIdle, SETTLE_MS);
  if (document.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad, { once: true });
}
