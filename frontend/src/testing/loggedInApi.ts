import { afterEach, beforeEach, expect, vi } from "vitest";
import { tokenStore } from "../api/tokens";
import { createFakeFetch, type FakeFetch } from "./fakeFetch";

/**
 * The network edge of a file of tests run by someone logged in (staff or resident: the
 * fake answers as the test says): before each test a fresh fake stands in for fetch and the
 * session has its tokens; after it, the test fails if any request went unanswered. Call it
 * once at the top of the file; the object returned always speaks for the current test's fake.
 */
export function loggedInFakeApi(): FakeFetch {
  let current = createFakeFetch();
  beforeEach(() => {
    current = createFakeFetch();
    vi.stubGlobal("fetch", current.fetch);
    tokenStore.set({ access: "a1", refresh: "r1" });
  });
  afterEach(() => {
    expect(current.unhandled).toEqual([]);
  });
  const fake: FakeFetch = {
    fetch: (input, init) => current.fetch(input, init),
    on(method, path, handler) {
      current.on(method, path, handler);
      return fake;
    },
    once(method, path, handler) {
      current.once(method, path, handler);
      return fake;
    },
    get requests() {
      return current.requests;
    },
    get unhandled() {
      return current.unhandled;
    },
  };
  return fake;
}
