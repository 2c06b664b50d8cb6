/**
 * Registers the service worker built by vite-plugin-pwa (dist/sw.js): it precaches the app
 * shell and the resident's pages so the form opens without a signal. Skipped in dev and in
 * unit tests, where no sw.js exists.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // No service worker (private mode, old browser): the app still works online.
    });
  });
}
