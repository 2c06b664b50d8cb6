import { fireEvent, render, screen, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import type { ApiClient } from "../api";
import ClientsPage from "./ClientsPage";

const fake = loggedInFakeApi();
const desa = { code: "32.07.10.2010", name: "Jagabaya" };
const KEY = "pdk_abcdefghij_" + "s".repeat(43);

function page(results: ApiClient[]) {
  return json({ count: results.length, next: null, previous: null, results });
}

function app(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    id: "cl_1",
    name: "Sistem Informasi Desa",
    region: { code: desa.code, name: desa.name, level: "desa" },
    scopes: ["complaints:read"],
    contact_email: "",
    rate_per_minute: 120,
    created_at: "2026-12-01T01:00:00Z",
    revoked_at: null,
    keys: [{ prefix: "pdk_abcdefghij", created_at: "2026-12-01T01:00:00Z", revoked_at: null, last_used_at: "2026-12-06T02:00:00Z", last_used_ip: "203.0.113.7" }],
    ...overrides,
  };
}

describe("ClientsPage", () => {
  it("registers an application for the head's desa and shows its key once", async () => {
    let clients: ApiClient[] = [];
    fake.on("GET", "/api/v1/api-clients/", () => page(clients));
    fake.on("POST", "/api/v1/api-clients/", async (request) => {
      const body = (await request.json()) as { name: string; region: string; scopes: string[] };
      expect(body.region).toBe(desa.code);
      expect(body.scopes).toEqual(["complaints:read", "reports:read"]);
      clients = [app({ name: body.name, scopes: ["complaints:read", "reports:read"] })];
      return json({ ...clients[0], issued_key: { key: KEY, prefix: "pdk_abcdefghij", created_at: "2026-12-01T01:00:00Z" } }, 201);
    });
    render(<ClientsPage region={desa} />);
    expect(await screen.findByText("Belum ada aplikasi yang terdaftar.")).toBeTruthy();

    fireEvent.input(screen.getByLabelText(/^Nama aplikasi/), { target: { value: "Sistem Informasi Desa" } });
    fireEvent.click(screen.getByLabelText(/Membaca laporan/));
    fireEvent.click(screen.getByRole("button", { name: "Daftarkan dan buat kunci" }));

    const shown = await screen.findByLabelText<HTMLInputElement>("Kunci API");
    expect(shown.value).toBe(KEY);
    expect(screen.getByText(/hanya ditampilkan sekali/)).toBeTruthy();
    expect((await screen.findAllByText(/terakhir dipakai .* dari 203\.0\.113\.7/)).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole("button", { name: "Saya sudah menyimpan kunci" }));
    expect(screen.queryByLabelText("Kunci API")).toBeNull();
    expect(document.body.textContent).not.toContain(KEY);
  });

  it("asks for the name and a scope before sending anything", async () => {
    fake.on("GET", "/api/v1/api-clients/", () => page([]));
    render(<ClientsPage region={null} />);
    await screen.findByText("Belum ada aplikasi yang terdaftar.");
    fireEvent.click(screen.getByLabelText(/Membaca pengaduan/)); // the one scope off
    fireEvent.click(screen.getByRole("button", { name: "Daftarkan dan buat kunci" }));
    expect(screen.getAllByText("Wajib diisi.").length).toBeGreaterThanOrEqual(3);
    expect(fake.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("rotates a key, and refuses a third while two are active", async () => {
    let current = app();
    fake.on("GET", "/api/v1/api-clients/", () => page([current]));
    fake.on("POST", "/api/v1/api-clients/cl_1/keys/", () => {
      current = app({ keys: [...current.keys, { prefix: "pdk_klmnopqrst", created_at: "2026-12-07T01:00:00Z", revoked_at: null, last_used_at: null, last_used_ip: null }] });
      return json({ key: "pdk_klmnopqrst_" + "t".repeat(43), prefix: "pdk_klmnopqrst", created_at: "2026-12-07T01:00:00Z" }, 201);
    });
    render(<ClientsPage region={desa} />);
    fireEvent.click(await screen.findByRole("button", { name: /Buat kunci kedua/ }));

    expect((await screen.findByLabelText<HTMLInputElement>("Kunci API")).value).toMatch(/^pdk_klmnopqrst_/);
    expect(await screen.findByText("pdk_klmnopqrst…")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Buat kunci kedua/ })).toBeNull();
  });

  it("revokes the application only after a second press", async () => {
    let current = app();
    fake.on("GET", "/api/v1/api-clients/", () => page([current]));
    fake.on("POST", "/api/v1/api-clients/cl_1/revoke/", () => {
      current = app({ revoked_at: "2026-12-07T02:00:00Z", keys: current.keys.map((key) => ({ ...key, revoked_at: "2026-12-07T02:00:00Z" })) });
      return json(current);
    });
    render(<ClientsPage region={desa} />);
    fireEvent.click(await screen.findByRole("button", { name: /^Cabut aplikasi/ }));
    expect(fake.requests.filter((r) => r.method === "POST")).toEqual([]);
    const confirm = screen.getByRole("group", { name: /Konfirmasi pencabutan/ });
    fireEvent.click(within(confirm).getByRole("button", { name: "Ya, cabut aplikasi" }));

    expect(await screen.findByText(/dicabut\. Semua kuncinya tidak berlaku lagi\./)).toBeTruthy();
    expect(await screen.findByText("Dicabut")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Cabut kunci/ })).toBeNull();
  });

  it("shows the audit log, the webhooks and a subscription's deliveries", async () => {
    fake.on("GET", "/api/v1/api-clients/", () => page([app()]));
    fake.on("GET", "/api/v1/api-clients/cl_1/audit/", () =>
      json({ count: 1, next: null, previous: null, results: [{ action: "client_created", actor: "kades.jagabaya", key_prefix: "pdk_abcdefghij", detail: {}, at: "2026-12-01T01:00:00Z" }] }),
    );
    fake.on("GET", "/api/v1/api-clients/cl_1/webhooks/", () =>
      json({ count: 1, next: null, previous: null, results: [{ id: "wh_1", url: "https://sid.example.id/hook", events: ["complaint.submitted"], created_at: "2026-12-01T01:00:00Z", failing_since: "2026-12-06T01:00:00Z", disabled_at: null }] }),
    );
    fake.on("GET", "/api/v1/api-clients/cl_1/webhooks/wh_1/deliveries/", () =>
      json({ count: 1, next: null, previous: null, results: [{ id: "msg_1", event_type: "complaint.submitted", state: "pending", attempts: 1, created_at: "2026-12-06T01:00:00Z", delivered_at: null, next_attempt_at: null, payload: {}, log: [{ at: "2026-12-06T01:00:01Z", status_code: 500, error: "" }] }] }),
    );
    render(<ClientsPage region={desa} />);
    fireEvent.click(await screen.findByRole("button", { name: /^Riwayat/ }));
    expect(await screen.findByText(/Aplikasi didaftarkan \(pdk_abcdefghij\) — kades\.jagabaya/)).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: /^Webhook/ }));
    const deliveries = await screen.findByRole("button", { name: "Log pengiriman https://sid.example.id/hook" });
    expect(screen.getByText(/Gagal sejak/)).toBeTruthy();
    fireEvent.click(deliveries);
    expect(await screen.findByText("Menunggu")).toBeTruthy();
    expect(screen.getByText("500")).toBeTruthy();
  });
});
