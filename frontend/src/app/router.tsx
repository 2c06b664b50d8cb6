import type { AnchorHTMLAttributes, ComponentChildren } from "preact";
import { useLayoutEffect } from "preact/hooks";
import { createStore, useStore } from "../lib/store";

/** "/saya/" and "/saya" are the same page. */
export function normalisePath(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

export const pathStore = createStore(normalisePath(window.location.pathname));

window.addEventListener("popstate", () => {
  pathStore.set(normalisePath(window.location.pathname));
});

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  if (options.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  pathStore.set(normalisePath(url.pathname));
}

export function usePath(): string {
  return useStore(pathStore);
}

type AnchorProps = Omit<AnchorHTMLAttributes, "href">;

/** An ordinary link that navigates without a page load; modified clicks (new tab) still work. */
export function Link({ href, children, ...rest }: AnchorProps & { href: string; children: ComponentChildren }) {
  function onClick(event: MouseEvent) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  }
  return (
    <a {...rest} href={href} onClick={onClick}>
      {children}
    </a>
  );
}

export function Redirect({ to }: { to: string }) {
  useLayoutEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
