import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../api/tokens";
import { createFakeFetch, json, type FakeFetch } from "../testing/fakeFetch";
import { refreshUnread, unreadStore } from "./unread";

const COUNT = "/api/v1/notifications/unread-count/";
let fake: FakeFetch;

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
  tokenStore.set({ access: "a1", refresh: "r1" });
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
  tokenStore.set(null);
});

describe("refreshUnread", () => {
  it("asks again when asked while a refresh is in flight, so the bell ends on the newer count", async () => {
    let unread = 15;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    fake.on("GET", COUNT, async () => {
      const seen = unread; // what the server counts when the request arrives
      if (fake.requests.length === 1) await gate;
      return json({ unread: seen });
    });

    const first = refreshUnread(); // the bell, for the page just opened
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    unread = 14; // meanwhile the notice is marked read…
    const second = refreshUnread(); // …and the centre asks for the count again
    release();
    await Promise.all([first, second]);

    expect(fake.requests).toHaveLength(2);
    expect(unreadStore.get()).toBe(14);
  });

  it("asks once when nothing else asks meanwhile", async () => {
    fake.on("GET", COUNT, () => json({ unread: 3 }));

    await refreshUnread();

    expect(fake.requests).toHaveLength(1);
    expect(unreadStore.get()).toBe(3);
  });
});
