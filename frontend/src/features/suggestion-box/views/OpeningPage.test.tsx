import { fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeFetch, json, type FakeFetch } from "../../../testing/fakeFetch";
import OpeningPage from "./OpeningPage";

const DESA = "32.07.10.2010";
const BASE = `/api/v1/desa/${DESA}/suggestion-box/openings/7/`;
let fake: FakeFetch;

function opening(entered: number) {
  const slips = Array.from({ length: entered }, (_, i) => ({
    number: i + 1,
    register_number: `00${i + 1}/PGD/JGB/2026`,
    tracking_code: `CODE${i + 1}`,
    kind: "suggestion",
    category: "Lingkungan",
    title: `Slip ${i + 1}`,
    status: "received",
    anonymous: true,
  }));
  return {
    id: 7,
    desa: DESA,
    opened_at: "2026-03-05T02:00:00Z",
    openers: [{ id: 3, full_name: "Neneng Rohaeni" }],
    witnesses: [{ name: "Haji Dadang Suryana", position: "Ketua BPD" }],
    declared_count: 2,
    entered_count: entered,
    complete: entered === 2,
    notes: "",
    has_photo: true,
    created_at: "2026-03-05T02:30:00Z",
    slips,
    count_changes: [],
    may_record: true,
  };
}

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
  fake.on("GET", `/api/v1/desa/${DESA}/categories/`, () =>
    json([
      { slug: "infrastruktur", name: "Infrastruktur", icon: "road" },
      { slug: "lingkungan", name: "Lingkungan", icon: "leaf" },
    ]),
  );
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

describe("OpeningPage batch entry", () => {
  it("saves on Ctrl+Enter, empties the text, keeps kind and category, refocuses the summary", async () => {
    let entered = 0;
    fake.on("GET", BASE, () => json(opening(entered)));
    fake.on("POST", `${BASE}slips/`, () => {
      entered += 1;
      const body = opening(entered);
      return json({ slip: body.slips[entered - 1], declared_count: 2, entered_count: entered, complete: entered === 2 }, 201);
    });
    render(<OpeningPage desa={DESA} id={7} />);
    await screen.findByText(/0 dari 2 slip dicatat/);
    await screen.findByRole("option", { name: "Lingkungan" });

    fireEvent.change(screen.getByLabelText("Kategori"), { target: { value: "lingkungan" } });
    fireEvent.change(screen.getByLabelText("Jenis"), { target: { value: "aspiration" } });
    const summary = screen.getByLabelText<HTMLInputElement>("Ringkasan slip");
    const text = screen.getByLabelText<HTMLTextAreaElement>("Isi slip");
    fireEvent.input(summary, { target: { value: "Usul bank sampah" } });
    fireEvent.input(text, { target: { value: "Di setiap dusun." } });
    fireEvent.keyDown(text, { key: "Enter", ctrlKey: true });

    await screen.findByText("Slip 1 tersimpan dengan nomor register 001/PGD/JGB/2026.");
    const sent = fake.requests.find((r) => r.method === "POST");
    const form = await sent?.formData();
    expect(Object.fromEntries(form?.entries() ?? [])).toMatchObject({
      kind: "aspiration",
      category: "lingkungan",
      title: "Usul bank sampah",
      description: "Di setiap dusun.",
      anonymous: "true",
    });
    expect(sent?.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f]{32}$/);
    expect(summary.value).toBe("");
    expect(text.value).toBe("");
    expect(document.activeElement).toBe(summary);
    expect(screen.getByLabelText<HTMLSelectElement>("Kategori").value).toBe("lingkungan");
    expect(screen.getByLabelText<HTMLSelectElement>("Jenis").value).toBe("aspiration");
    await screen.findByText(/1 dari 2 slip dicatat/);

    fireEvent.input(summary, { target: { value: "Selokan tersumbat" } });
    fireEvent.input(text, { target: { value: "Air meluap." } });
    fireEvent.submit(summary.form as HTMLFormElement);
    await screen.findByText(/2 dari 2 slip dicatat/);
    expect(screen.getAllByText("Lengkap").length).toBeGreaterThan(0);
    const keys = fake.requests.filter((r) => r.method === "POST").map((r) => r.headers.get("Idempotency-Key"));
    expect(new Set(keys).size).toBe(2); // a new key per slip
  });

  it("sends what the slip says of \"mendesak?\", and nothing when it says neither", async () => {
    let entered = 0;
    fake.on("GET", BASE, () => json(opening(entered)));
    fake.on("POST", `${BASE}slips/`, () => {
      entered += 1;
      return json({ slip: opening(entered).slips[entered - 1], declared_count: 2, entered_count: entered, complete: entered === 2 }, 201);
    });
    render(<OpeningPage desa={DESA} id={7} />);
    await screen.findByRole("option", { name: "Lingkungan" });
    fireEvent.change(screen.getByLabelText("Kategori"), { target: { value: "lingkungan" } });
    const summary = screen.getByLabelText<HTMLInputElement>("Ringkasan slip");
    const urgent = screen.getByLabelText<HTMLSelectElement>("Menurut slip, apakah ini mendesak?");
    fireEvent.input(summary, { target: { value: "Jembatan retak" } });
    fireEvent.input(screen.getByLabelText("Isi slip"), { target: { value: "Hampir roboh." } });
    fireEvent.change(urgent, { target: { value: "yes" } });
    fireEvent.submit(summary.form as HTMLFormElement);
    await screen.findByText(/Slip 1 tersimpan/);
    expect(urgent.value).toBe(""); // the next slip starts unanswered

    fireEvent.input(summary, { target: { value: "Usul taman" } });
    fireEvent.input(screen.getByLabelText("Isi slip"), { target: { value: "Di balai desa." } });
    fireEvent.submit(summary.form as HTMLFormElement);
    await screen.findByText(/Slip 2 tersimpan/);

    const [first, second] = await Promise.all(
      fake.requests.filter((r) => r.method === "POST").map(async (r) => Object.fromEntries((await r.formData()).entries())),
    );
    expect(first).toMatchObject({ title: "Jembatan retak", urgent: "true" });
    expect(second).toMatchObject({ title: "Usul taman" });
    expect(second).not.toHaveProperty("urgent");
  });

  it("does not send a slip without a summary and keeps the key after a lost answer", async () => {
    fake.on("GET", BASE, () => json(opening(0)));
    fake.once("POST", `${BASE}slips/`, () => json({ code: "server_error", message: "", fields: {} }, 503));
    fake.once("POST", `${BASE}slips/`, () =>
      json({ slip: opening(1).slips[0], declared_count: 2, entered_count: 1, complete: false }, 201),
    );
    render(<OpeningPage desa={DESA} id={7} />);
    await screen.findByRole("option", { name: "Lingkungan" });
    fireEvent.change(screen.getByLabelText("Kategori"), { target: { value: "lingkungan" } });
    const summary = screen.getByLabelText<HTMLInputElement>("Ringkasan slip");
    fireEvent.input(screen.getByLabelText("Isi slip"), { target: { value: "Tanpa ringkasan." } });

    fireEvent.submit(summary.form as HTMLFormElement);
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(0);

    fireEvent.input(summary, { target: { value: "Ada ringkasan" } });
    fireEvent.submit(summary.form as HTMLFormElement);
    await screen.findByRole("alert");
    fireEvent.submit(summary.form as HTMLFormElement);
    await screen.findByText(/Slip 1 tersimpan/);
    const keys = fake.requests.filter((r) => r.method === "POST").map((r) => r.headers.get("Idempotency-Key"));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]); // the retry of the same slip: entered once by the server
  });
});
