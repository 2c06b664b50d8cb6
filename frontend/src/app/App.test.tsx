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
  // The header's bell asks for the unread count whenever someone is logged in.
  fake.on("GET", "/api/v1/notifications/unread-count/", () => json({ unread: 0 }));
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

describe("App routing", () => {
  it("names the desa in the header and the footer on its pages, with the privacy notice and the desa's contact", async () => {
    const code = "32.07.10.2010";
    fake.on("GET", `/api/v1/regions/${code}/`, () =>
      json({ code, name: "Jagabaya", level: "desa", parent: null, timezone: "Asia/Jakarta", contact: null }),
    );
    fake.on("GET", `/api/v1/desa/${code}/categories/`, () => json([]));
    navigate(`/d/${code}`);
    render(<App />);

    const banner = screen.getByRole("banner");
    await waitFor(() => expect(banner.textContent).toContain("Pengaduan Desa Jagabaya"));
    const footer = screen.getByRole("contentinfo");
    expect(footer.textContent).toContain("dijalankan oleh Pemerintah Desa Jagabaya");
    expect(screen.getByRole("link", { name: "Kontak kantor desa" }).getAttribute("href")).toBe(`/d/${code}#kontak`);

    screen.getByRole("link", { name: "Pemberitahuan privasi" }).click();
    expect(await screen.findByRole("heading", { level: 1, name: "Pemberitahuan privasi" })).toBeTruthy();
    for (const part of ["Data yang dikumpulkan", "Untuk apa", "Siapa yang melihat", "Berapa lama disimpan"]) {
      expect(screen.getByRole("heading", { level: 2, name: part })).toBeTruthy();
    }
    expect(screen.getByText(/Undang-Undang Nomor 27 Tahun 2022/)).toBeTruthy();
  });

  it("shows a visitor without a session the home page at /, with the way to log in", async () => {
    navigate("/");
    render(<App />);

    expect(await screen.findByRole("heading", { level: 1, name: "Pengaduan Desa" })).toBeTruthy();
    expect(window.location.pathname).toBe("/");
    expect(document.title).toBe("Beranda — Pengaduan Desa");
    expect(screen.getByLabelText("Cari desa Anda")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Masuk" }).getAttribute("href")).toBe("/masuk");
  });

  it("sends a logged-in user from / and from /daftar to the home of their workspace", async () => {
    tokenStore.set({ access: "a1", refresh: "r1" });
    fake.on("GET", "/api/v1/me/", () =>
      json({ id: 1, username: "kades", full_name: "Pak Kades", phone: null, memberships: [] }),
    );
    fake.on("GET", "/api/v1/complaints/", () => json({ next: null, previous: null, results: [] }));
    navigate("/daftar");
    render(<App />);

    expect(await screen.findByRole("heading", { level: 1, name: "Pengaduan saya" })).toBeTruthy();
    expect(window.location.pathname).toBe("/saya/pengaduan");
    navigate("/");
    await waitFor(() => expect(window.location.pathname).toBe("/saya/pengaduan"));
  });

  it("lands a village head on the overview after login, never on a page saying they have no role", async () => {
    tokenStore.set({ access: "a1", refresh: "r1" });
    const jagabaya = { code: "32.07.10.2010", name: "Jagabaya", level: "desa" };
    fake.on("GET", "/api/v1/me/", () =>
      json({
        id: 1,
        username: "kades",
        full_name: "Pak Kades",
        phone: null,
        memberships: [
          { id: 1, role: "village_head", role_label: "Kepala desa", region: jagabaya, kecamatan: null, position: "", position_label: "" },
        ],
      }),
    );
    fake.on("GET", "/api/v1/desa/32.07.10.2010/complaint-counts/", () => new Promise(() => undefined));
    fake.on("GET", "/api/v1/complaints/", () => new Promise(() => undefined));
    fake.on("GET", "/api/v1/desa/32.07.10.2010/identity-access/", () => new Promise(() => undefined));
    navigate("/masuk");
    render(<App />);

    await waitFor(() => expect(window.location.pathname).toBe("/staf/ringkasan"), { timeout: 5000 });
    expect(await screen.findByRole("link", { name: "Ringkasan" }, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Pengaduan" }).getAttribute("href")).toBe("/staf/ringkasan");
  });

  it("shows the unread notices on the bell and lists them in the notification centre", async () => {
    tokenStore.set({ access: "a1", refresh: "r1" });
    let unread = 2;
    fake.on("GET", "/api/v1/notifications/unread-count/", () => json({ unread }));
    const notice = (id: number, read: boolean) => ({
      id,
      template: "assigned",
      title: `Pengaduan K${id} ditugaskan kepada Anda`,
      body: "Jawab paling lambat 12 Desember 2026.",
      tracking_code: `K${id}`,
      created_at: "2026-12-06T08:00:00Z",
      read_at: read ? "2026-12-06T09:00:00Z" : null,
    });
    fake.on("GET", "/api/v1/notifications/", () =>
      json({ count: 3, next: null, previous: null, results: [notice(1, false), notice(2, false), notice(3, true)] }),
    );
    fake.on("POST", "/api/v1/notifications/1/read/", () => {
      unread = 1;
      return json({ marked: 1 });
    });
    navigate("/pemberitahuan");
    render(<App />);

    expect(await screen.findByRole("link", { name: "Pemberitahuan, 2 belum dibaca" }, { timeout: 5000 })).toBeTruthy();
    const marks = await screen.findAllByRole("button", { name: /^Tandai sudah dibaca/ }, { timeout: 5000 });
    expect(marks).toHaveLength(2);
    marks[0]?.click();

    expect(await screen.findByRole("link", { name: "Pemberitahuan, 1 belum dibaca" })).toBeTruthy();
    expect(screen.getAllByRole("button", { name: /^Tandai sudah dibaca/ })).toHaveLength(1);
    expect(screen.getByRole("link", { name: "Pengaduan K2 ditugaskan kepada Anda" }).getAttribute("href")).toBe(
      "/saya/pengaduan/K2",
    );
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
