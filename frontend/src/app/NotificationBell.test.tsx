import { render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../api/tokens";
import { createFakeFetch, json, type FakeFetch } from "../testing/fakeFetch";
import { NotificationBell } from "./NotificationBell";

const COUNT = "/api/v1/notifications/unread-count/";
let fake: FakeFetch;
let unread = 2;

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
  tokenStore.set({ access: "a1", refresh: "r1" });
  unread = 2;
  fake.on("GET", COUNT, () => json({ unread }));
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
  tokenStore.set(null);
});

function setVisibility(state: "visible" | "hidden") {
  Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}

describe("NotificationBell", () => {
  it("asks for the count once, not again on every move between pages", async () => {
    const { rerender } = render(<NotificationBell path="/staf" />);
    expect(await screen.findByRole("link", { name: "Pemberitahuan, 2 belum dibaca" })).toBeTruthy();

    rerender(<NotificationBell path="/staf/pengaduan/K1" />);
    rerender(<NotificationBell path="/staf" />);
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(fake.requests).toHaveLength(1);
  });

  it("asks again when the tab is looked at again, so a notice that came meanwhile shows", async () => {
    render(<NotificationBell path="/staf" />);
    expect(await screen.findByRole("link", { name: "Pemberitahuan, 2 belum dibaca" })).toBeTruthy();

    unread = 3;
    setVisibility("hidden");
    setVisibility("visible");

    expect(await screen.findByRole("link", { name: "Pemberitahuan, 3 belum dibaca" })).toBeTruthy();
    expect(fake.requests).toHaveLength(2);
  });
});
