import { render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../api/tokens";
import { createFakeFetch, json, type FakeFetch } from "../testing/fakeFetch";
import { App } from "./App";
import { navigate } from "../lib/router";

let fake: FakeFetch;

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

describe("App routing", () => {
  it("sends a visitor without a session from / to the login page", async () => {
    navigate("/");
    render(<App />);

    expect(await screen.findByRole("heading", { level: 1, name: "Masuk" })).toBeTruthy();
    expect(window.location.pathname).toBe("/masuk");
    expect(document.title).toBe("Masuk — Pengaduan Desa");
  });

  it("sends a logged-in user from /masuk to their page", async () => {
    tokenStore.set({ access: "a1", refresh: "r1" });
    fake.on("GET", "/api/v1/me/", () =>
      json({ id: 1, username: "kades", full_name: "Pak Kades", phone: null, memberships: [] }),
    );
    navigate("/masuk");
    render(<App />);

    expect(await screen.findByRole("heading", { level: 1, name: "Pak Kades" })).toBeTruthy();
    expect(window.location.pathname).toBe("/saya");
  });

  it("returns to the login page when the session ends (failed refresh, other tab)", async () => {
    tokenStore.set({ access: "a1", refresh: "r1" });
    fake.on("GET", "/api/v1/me/", () => new Promise(() => undefined));
    navigate("/saya");
    render(<App />);

    tokenStore.set(null);

    await waitFor(() => expect(window.location.pathname).toBe("/masuk"));
  });

  it("shows a not-found page for an unknown address", () => {
    navigate("/tidak-ada");
    render(<App />);

    expect(screen.getByRole("heading", { level: 1, name: "Halaman tidak ditemukan" })).toBeTruthy();
  });

  it("switches the language, remembers it and sets <html lang>", async () => {
    navigate("/tidak-ada");
    render(<App />);

    screen.getByRole("button", { name: "EN" }).click();

    expect(await screen.findByRole("heading", { level: 1, name: "Page not found" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("en");
    expect(localStorage.getItem("pd.locale")).toBe("en");
    expect(screen.getByRole("button", { name: "EN" }).getAttribute("aria-pressed")).toBe("true");
  });
});
