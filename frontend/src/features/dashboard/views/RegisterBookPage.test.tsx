import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import RegisterBookPage from "./RegisterBookPage";

const fake = loggedInFakeApi();
const desa = { code: "32.07.10.2010", name: "Jagabaya" };
const BOOK = "/api/v1/desa/32.07.10.2010/register/";
const ROW = {
  year: 2026,
  number: 1,
  display_number: "001/PGD/JGB/2026",
  tracking_code: "",
  received_at: "2026-03-02T09:00:00+07:00",
  reporter: "Dirahasiakan",
  channel: "web",
  channel_label: "Situs / aplikasi",
  summary: "Jalan berlubang",
  category: "Infrastruktur",
  distributed_to: "",
  follow_up: "",
  finished_at: null,
  status: "received",
  remarks: "Diterima",
  annotations: [{ field: "reporter", text: "Dirahasiakan", reason: "Dirahasiakan", author: "Petugas", at: "2026-03-03T09:00:00+07:00" }],
};

beforeEach(() => {
  fake.on("GET", "/api/v1/desa/32.07.10.2010/categories/", () => json([{ slug: "infrastruktur", name: "Infrastruktur" }]));
  fake.on("GET", BOOK, () => json({ count: 1, next: null, previous: null, results: [ROW] }));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function lastQuery(): URLSearchParams {
  const asked = fake.requests.filter((r) => new URL(r.url).pathname === BOOK);
  return new URL(asked[asked.length - 1]?.url ?? "http://x").searchParams;
}

describe("RegisterBookPage", () => {
  it("lets the kecamatan narrow a desa's book, without names and without corrections of its own", async () => {
    render(<RegisterBookPage desa={desa} mayIdentify={false} />);
    expect(await screen.findByText("Jalan berlubang")).toBeTruthy();
    expect(screen.getByText("Koreksi pelapor: Dirahasiakan (Dirahasiakan)")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /^Koreksi/ })).toBeNull();
    expect(screen.queryByLabelText(/Tampilkan nama pelapor/)).toBeNull();

    await screen.findByRole("option", { name: "Infrastruktur" });
    fireEvent.change(screen.getByLabelText("Kategori"), { target: { value: "infrastruktur" } });
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "closed" } });
    fireEvent.change(screen.getByLabelText("Bulan"), { target: { value: "3" } });

    await waitFor(() => expect(lastQuery().get("month")).toBe("3"));
    const query = lastQuery();
    expect([query.get("category"), query.get("state"), query.get("with_identity")]).toEqual(["infrastruktur", "closed", "false"]);
  });

  it("lets the office correct a line and shows the book again", async () => {
    let sent: unknown = null;
    fake.on("POST", `${BOOK}2026/1/annotations/`, async (request) => {
      sent = await request.json();
      return json({ field: "summary", text: "Jalan berlubang di RT 02", reason: "Kurang lengkap", at: "2026-03-03T09:00:00+07:00" }, 201);
    });
    render(<RegisterBookPage desa={desa} mayIdentify={true} />);
    fireEvent.click(await screen.findByRole("button", { name: "Koreksi 001/PGD/JGB/2026" }));
    fireEvent.input(screen.getByLabelText("Isi yang benar"), { target: { value: "Jalan berlubang di RT 02" } });
    fireEvent.input(screen.getByLabelText("Alasan koreksi"), { target: { value: "Kurang lengkap" } });
    const before = fake.requests.length;
    fireEvent.click(screen.getByRole("button", { name: "Simpan koreksi" }));

    await waitFor(() => expect(fake.requests.length).toBeGreaterThan(before + 1));
    expect(sent).toEqual({ field: "summary", text: "Jalan berlubang di RT 02", reason: "Kurang lengkap" });
    await waitFor(() => expect(screen.queryByLabelText("Isi yang benar")).toBeNull());
  });
});
