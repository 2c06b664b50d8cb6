import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json, noContent } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import CannedAnswersPage from "./CannedAnswersPage";

const fake = loggedInFakeApi();
const desa = { code: "32.07.10.2010", name: "Jagabaya" };
const LIST = "/api/v1/desa/32.07.10.2010/canned-answers/";
const ROAD = {
  id: 7,
  title: "Jalan rusak",
  body: "Terima kasih, sudah kami teruskan ke Kasi Pemerintahan.",
  use: "answer",
  category: "infrastruktur",
  category_name: "Infrastruktur",
  updated_at: "2026-03-02T02:00:00Z",
};

beforeEach(() => {
  fake.on("GET", "/api/v1/desa/32.07.10.2010/categories/", () =>
    json([
      { slug: "infrastruktur", name: "Infrastruktur" },
      { slug: "bantuan-sosial", name: "Bantuan sosial" },
    ]),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function page(results: unknown[]) {
  return json({ count: results.length, next: null, previous: null, results });
}

describe("CannedAnswersPage", () => {
  it("adds a request template for one category", async () => {
    let rows: unknown[] = [];
    let sent: Record<string, unknown> = {};
    fake.on("GET", LIST, () => page(rows));
    fake.on("POST", LIST, async (request) => {
      sent = (await request.json()) as Record<string, unknown>;
      rows = [{ ...ROAD, ...sent, id: 8, category_name: "Bantuan sosial" }];
      return json(rows[0], 201);
    });
    render(<CannedAnswersPage desa={desa} />);
    expect(await screen.findByText("Belum ada templat.")).toBeTruthy();
    await screen.findByRole("option", { name: "Bantuan sosial" });

    fireEvent.input(screen.getByLabelText("Judul"), { target: { value: "Minta KK" } });
    fireEvent.change(screen.getByLabelText("Dipakai untuk"), { target: { value: "request_info" } });
    fireEvent.change(screen.getByLabelText("Kategori"), { target: { value: "bantuan-sosial" } });
    fireEvent.input(screen.getByLabelText(/^Teks/), { target: { value: "Mohon kirim foto KK." } });
    fireEvent.click(screen.getByRole("button", { name: "Simpan templat" }));

    expect(await screen.findByText("Templat “Minta KK” disimpan.")).toBeTruthy();
    expect(sent).toEqual({ title: "Minta KK", body: "Mohon kirim foto KK.", use: "request_info", category: "bantuan-sosial" });
    expect(await screen.findByText("Permintaan informasi · Bantuan sosial")).toBeTruthy();
  });

  it("changes a template to fit every category, and removes it after asking", async () => {
    let patched: Record<string, unknown> = {};
    fake.on("GET", LIST, () => page([ROAD]));
    fake.on("PATCH", `${LIST}7/`, async (request) => {
      patched = (await request.json()) as Record<string, unknown>;
      return json({ ...ROAD, ...patched, category_name: null });
    });
    fake.on("DELETE", `${LIST}7/`, () => noContent());
    vi.stubGlobal("confirm", () => true);
    render(<CannedAnswersPage desa={desa} />);

    fireEvent.click(await screen.findByRole("button", { name: "Ubah Jalan rusak" }));
    expect(screen.getByLabelText<HTMLInputElement>("Judul").value).toBe("Jalan rusak");
    await screen.findByRole("option", { name: "Infrastruktur" });
    fireEvent.change(screen.getByLabelText("Kategori"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Simpan perubahan" }));
    expect(await screen.findByText("Templat “Jalan rusak” diubah.")).toBeTruthy();
    expect(patched["category"]).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Hapus Jalan rusak" }));
    expect(await screen.findByText("Templat “Jalan rusak” dihapus.")).toBeTruthy();
    await waitFor(() => expect(fake.requests.some((r) => r.method === "DELETE")).toBe(true));
  });

  it("shows the server's reason under the title it refused", async () => {
    fake.on("GET", LIST, () => page([]));
    fake.on("POST", LIST, () => json({ code: "invalid", message: "x", fields: { title: ["Desa sudah memiliki templat dengan judul ini."] } }, 400));
    render(<CannedAnswersPage desa={desa} />);
    fireEvent.input(await screen.findByLabelText("Judul"), { target: { value: "Jalan rusak" } });
    fireEvent.input(screen.getByLabelText(/^Teks/), { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Simpan templat" }));
    expect(await screen.findByText("Desa sudah memiliki templat dengan judul ini.")).toBeTruthy();
  });
});
