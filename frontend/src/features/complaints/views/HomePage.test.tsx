import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeFetch, json, type FakeFetch } from "../../../testing/fakeFetch";
import HomePage from "./HomePage";

const REGIONS = "/api/v1/regions/";
let fake: FakeFetch;

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

const KEC = { code: "32.07.10", name: "Panawangan", level: "kecamatan" };

function desa(code: string, name: string) {
  return { code, name, level: "desa", parent: KEC, timezone: "Asia/Jakarta" };
}

function searchFor(term: string) {
  fireEvent.input(screen.getByLabelText("Cari desa Anda"), { target: { value: term } });
  fireEvent.click(screen.getByRole("button", { name: "Cari desa" }));
}

describe("HomePage", () => {
  it("finds a desa by part of its name and links to its page", async () => {
    fake.on("GET", REGIONS, () =>
      json({ count: 1, next: null, previous: null, results: [desa("32.07.10.2010", "Jagabaya")] }),
    );
    render(<HomePage />);

    searchFor(" jaga ");

    const link = await screen.findByRole("link", { name: "Desa Jagabaya" });
    expect(link.getAttribute("href")).toBe("/d/32.07.10.2010");
    expect(screen.getByText("Kecamatan Panawangan")).toBeTruthy();
    const url = new URL(fake.requests[0]?.url ?? "");
    expect(url.searchParams.get("level")).toBe("desa");
    expect(url.searchParams.get("search")).toBe("jaga");
  });

  it("asks for two letters before searching", () => {
    render(<HomePage />);

    searchFor("j");

    expect(screen.getByText("Ketik paling sedikit 2 huruf nama desa.")).toBeTruthy();
    expect(fake.requests).toHaveLength(0);
  });

  it("says when no desa has that name, and when there are more than it shows", async () => {
    fake.once("GET", REGIONS, () => json({ count: 0, next: null, previous: null, results: [] }));
    fake.once("GET", REGIONS, () =>
      json({
        count: 25,
        next: "http://x/?page=2",
        previous: null,
        results: [desa("32.07.10.2001", "Panawangan"), desa("32.07.10.2004", "Nagarajati")],
      }),
    );
    render(<HomePage />);

    searchFor("Atlantis");
    expect(await screen.findByText(/Tidak ada desa bernama “Atlantis”/)).toBeTruthy();

    searchFor("an");
    expect(await screen.findByRole("heading", { name: "Desa yang ditemukan: 25" })).toBeTruthy();
    expect(screen.getAllByRole("link", { name: /^Desa / })).toHaveLength(2);
    expect(screen.getByText(/Tambahkan huruf/)).toBeTruthy();
    expect(screen.queryByText(/Tidak ada desa bernama/)).toBeNull();
  });

  it("shows the latest search's answer when an earlier one arrives after it", async () => {
    let releaseFirst: (r: Response) => void = () => undefined;
    fake.once("GET", REGIONS, () => new Promise<Response>((resolve) => (releaseFirst = resolve)));
    fake.once("GET", REGIONS, () =>
      json({ count: 1, next: null, previous: null, results: [desa("32.07.10.2010", "Jagabaya")] }),
    );
    render(<HomePage />);

    searchFor("pana");
    searchFor("jaga");
    await screen.findByRole("link", { name: "Desa Jagabaya" });
    releaseFirst(json({ count: 1, next: null, previous: null, results: [desa("32.07.10.2001", "Panawangan")] }));

    await waitFor(() => expect(fake.requests).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByRole("link", { name: "Desa Panawangan" })).toBeNull();
    expect(screen.getByRole("link", { name: "Desa Jagabaya" })).toBeTruthy();
  });

  it("offers tracking without an account, logging in and signing up", () => {
    render(<HomePage />);

    expect(screen.getByRole("link", { name: "Lacak pengaduan" }).getAttribute("href")).toBe("/lacak");
    expect(screen.getByRole("link", { name: "Masuk" }).getAttribute("href")).toBe("/masuk");
    expect(screen.getByRole("link", { name: "Daftar akun warga" }).getAttribute("href")).toBe("/daftar");
  });

  it("says so when the phone has no connection", async () => {
    fake.on("GET", REGIONS, () => Promise.reject(new TypeError("Failed to fetch")));
    render(<HomePage />);

    searchFor("jaga");

    expect((await screen.findByRole("alert")).textContent).toContain("Tidak dapat terhubung ke server");
  });

  it("offers the desa this phone opened last before the search", () => {
    localStorage.setItem("pd.desa", JSON.stringify({ code: "32.07.10.2010", name: "Jagabaya" }));
    render(<HomePage />);

    expect(screen.getByRole("heading", { name: "Desa Jagabaya" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Sampaikan pengaduan" }).getAttribute("href")).toBe("/d/32.07.10.2010/lapor");
    expect(screen.getByRole("link", { name: "Halaman layanan Desa Jagabaya" }).getAttribute("href")).toBe(
      "/d/32.07.10.2010",
    );
    expect(screen.getByLabelText("Cari desa lain")).toBeTruthy();
  });

  it("ignores a remembered desa it cannot read", () => {
    localStorage.setItem("pd.desa", "{not json");
    render(<HomePage />);

    expect(screen.queryByRole("link", { name: "Sampaikan pengaduan" })).toBeNull();
    expect(screen.getByLabelText("Cari desa Anda")).toBeTruthy();
  });
});
