import { cleanup } from "@testing-library/preact";
import { afterEach, beforeEach, vi } from "vitest";
import { tokenStore } from "../api/tokens";
import { DEFAULT_LOCALE, setLocale } from "../i18n/index";
import { UnhandledRequestError } from "./fakeFetch";

// No test reaches a real network: a test that needs responses installs a fake
// (src/testing/fakeFetch.ts), and anything else fails loudly.
beforeEach(() => {
  vi.stubGlobal("fetch", (input: Request | string | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    return Promise.reject(new UnhandledRequestError(`Unexpected network request in test: ${url}`));
  });
});

// The lint-rule tests run in the node environment, without a DOM to reset.
const hasDom = typeof window !== "undefined";

afterEach(() => {
  if (!hasDom) return;
  cleanup();
  tokenStore.set(null);
  void setLocale(DEFAULT_LOCALE); // Indonesian is always here: switches at once
  localStorage.clear();
});
