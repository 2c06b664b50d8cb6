import type { AnchorHTMLAttributes, ComponentChildren } from "preact";
import { useLayoutEffect } from "preact/hooks";
import { createStore, useStore } from "./store";

/** "/saya/" and "/saya" are the same page. */
export function normalisePath(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

export const pathStore = createStore(normalisePath(window.location.pathname));
/** The query string ("?overdue=1&sort=deadline"): pages whose state lives in the address. */
export const searchStore = createStore(window.location.search);

window.addEventListener("popstate", () => {
  pathStore.set(normalisePath(window.location.pathname));
  searchStore.set(window.location.search);
});

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  if (options.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  pathStore.set(normalisePath(url.pathname));
  searchStore.set(url.search);
}

export function usePath(): string {
  return useStore(pathStore);
}

/** The current query string; re-renders when only it changes (a filter, a sort). */
export function useSearch(): string {
  return useStore(searchStore);
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

/**
 * Matches "/d/:desa/lapor" against a path; returns the decoded parameters, or null.
 * Parameters never contain "/" (desa codes contain dots, which is fine).
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w.startsWith(":")) {
      if (g === "") return null;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

/** One query-string parameter of the current address (read at render time). */
export function queryParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}
