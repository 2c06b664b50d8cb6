import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeFetch, json, type FakeFetch } from "../../../testing/fakeFetch";
import type * as OutboxModule from "../outbox";
import SubmitPage from "./SubmitPage";

// The app's outbox keeps items in IndexedDB, which happy-dom lacks: the same outbox over a Map.
vi.mock("../outbox", async (importOriginal) => {
  const actual = await importOriginal<typeof OutboxModule>();
  const box = actual.createOutbox(actual.memoryStorage());
  return { ...actual, outbox: () => box };
});

const DESA = "32.07.10.2010";
const CATEGORIES = [
  { slug: "infrastruktur", name: "Infrastruktur", icon: "road" },
  { slug: "lingkungan", name: "Lingkungan", icon: "leaf" },
];

let fake: FakeFetch;

beforeEach(() => {
  fake = createFakeFetch()
    .on("GET", `/api/v1/regions/${DESA}/`, () =>
      json({ code: DESA, name: "Jagabaya", level: "desa", parent: null, timezone: "Asia/Jakarta", contact: null }),
    )
    .on("GET", `/api/v1/desa/${DESA}/categories/`, () => json(CATEGORIES));
  vi.stubGlobal("fetch", fake.fetch);
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

const next = () => fireEvent.click(screen.getByRole("button", { name: "Lanjut" }));
const back = () => fireEvent.click(screen.getByRole("button", { name: "Kembali" }));
const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

async function stepHeading(name: string): Promise<HTMLElement> {
  const heading = await screen.findByRole("heading", { level: 2, name });
  await waitFor(() => expect(document.activeElement).toBe(heading));
  return heading;
}

describe("SubmitPage", () => {
  it("asks one step at a time and moves the focus to each step's heading", async () => {
    render(<SubmitPage desa={DESA} />);

    expect(screen.getByRole("heading", { level: 2, name: "Langkah 1 dari 5: Jenis laporan" })).toBeTruthy();
    expect(screen.queryByLabelText("Judul singkat")).toBeNull();
    next();
    await stepHeading("Langkah 2 dari 5: Kategori");
    fireEvent.click(await screen.findByLabelText("Infrastruktur"));
    next();
    await stepHeading("Langkah 3 dari 5: Isi pengaduan");
    expect(screen.queryByLabelText("Infrastruktur")).toBeNull();
  });

  it("goes back one step, keeping what was typed, with the phone's own Back button", async () => {
    render(<SubmitPage desa={DESA} />);
    next();
    await stepHeading("Langkah 2 dari 5: Kategori");
    fireEvent.click(await screen.findByLabelText("Infrastruktur"));
    next();
    await stepHeading("Langkah 3 dari 5: Isi pengaduan");
    type("Judul singkat", "Gorong-gorong tersumbat");

    window.history.back(); // what Android's Back button does

    await stepHeading("Langkah 2 dari 5: Kategori");
    expect(screen.getByLabelText<HTMLInputElement>("Infrastruktur").checked).toBe(true);
    window.history.forward();
    await stepHeading("Langkah 3 dari 5: Isi pengaduan");
    expect(screen.getByLabelText<HTMLInputElement>("Judul singkat").value).toBe("Gorong-gorong tersumbat");
  });

  it("checks a step before moving on and keeps what was typed when going back", async () => {
    render(<SubmitPage desa={DESA} />);
    next();
    await screen.findByLabelText("Infrastruktur");

    next();

    expect(await screen.findByText("Pilih satu kategori.")).toBeTruthy();
    expect(document.activeElement?.textContent).toBe("Periksa kembali isian yang ditandai.");
    fireEvent.click(screen.getByLabelText("Lingkungan"));
    next();
    await stepHeading("Langkah 3 dari 5: Isi pengaduan");
    type("Judul singkat", "Saluran tersumbat");
    next();
    expect(await screen.findByText("Wajib diisi.")).toBeTruthy();
    expect(screen.getByRole("heading", { level: 2, name: "Langkah 3 dari 5: Isi pengaduan" })).toBeTruthy();
    back();
    await stepHeading("Langkah 2 dari 5: Kategori");
    expect(screen.getByLabelText<HTMLInputElement>("Lingkungan").checked).toBe(true);
    next();
    await stepHeading("Langkah 3 dari 5: Isi pengaduan");
    expect(screen.getByLabelText<HTMLInputElement>("Judul singkat").value).toBe("Saluran tersumbat");
  });

  it("checks the NIK and the phone number on the identity step", async () => {
    render(<SubmitPage desa={DESA} />);
    next();
    fireEvent.click(await screen.findByLabelText("Infrastruktur"));
    next();
    type("Judul singkat", "Titian bambu patah");
    type("Ceritakan masalahnya", "Dua bilah bambu patah.");
    next();
    await stepHeading("Langkah 4 dari 5: Identitas pelapor");
    fireEvent.click(screen.getByLabelText(/Dengan nama/));
    type("Nama lengkap", "Siti Aminah");
    type("NIK", "3207 1012 3456");
    type("Nomor HP atau WhatsApp", "12345");
    type("Alamat", "Dusun Cikupa");

    next();

    expect(await screen.findByText("NIK harus 16 angka.")).toBeTruthy();
    expect(screen.getByText("Tulis nomor HP Indonesia, misalnya 0812 3456 7890.")).toBeTruthy();
    type("NIK", "3207 1045 0790 0001");
    type("Nomor HP atau WhatsApp", "0812-0000-1001");
    next();
    await stepHeading("Langkah 5 dari 5: Periksa dan kirim");
    expect(screen.getByText("3207104507900001")).toBeTruthy();
    expect(screen.getByText("Infrastruktur")).toBeTruthy();
  });

  it("sends from the last step and reopens the step the server found wrong", async () => {
    fake.once("POST", "/api/v1/complaints/", () =>
      json({ code: "invalid", message: "Invalid.", fields: { title: ["Judul terlalu umum."] } }, 400),
    );
    render(<SubmitPage desa={DESA} />);
    next();
    fireEvent.click(await screen.findByLabelText("Lingkungan"));
    next();
    type("Judul singkat", "Sampah");
    type("Ceritakan masalahnya", "Sampah menumpuk di saluran.");
    next();
    fireEvent.click(await screen.findByLabelText(/Tanpa nama/));
    next();
    await stepHeading("Langkah 5 dari 5: Periksa dan kirim");

    fireEvent.click(screen.getByRole("button", { name: "Kirim pengaduan" }));

    expect(await screen.findByText("Judul terlalu umum.")).toBeTruthy();
    expect(screen.getByRole("heading", { level: 2, name: "Langkah 3 dari 5: Isi pengaduan" })).toBeTruthy();
    const request = fake.requests.find((r) => r.method === "POST");
    expect(request?.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f]{32}$/);
    expect(await request?.json()).toMatchObject({ category: "lingkungan", title: "Sampah", anonymous: true, reporter: null, urgent: null });
  });

  it("asks whether it is urgent, shows the answer to check, and sends it", async () => {
    fake.on("POST", "/api/v1/complaints/", () =>
      json({ code: "invalid", message: "Invalid.", fields: { title: ["Judul terlalu umum."] } }, 400),
    );
    render(<SubmitPage desa={DESA} />);
    next();
    fireEvent.click(await screen.findByLabelText("Lingkungan"));
    next();
    type("Judul singkat", "Pohon tumbang");
    type("Ceritakan masalahnya", "Pohon tumbang menutup jalan ke sekolah.");
    const question = screen.getByRole("group", { name: "Apakah ini mendesak?" });
    expect(question.textContent).toContain("Boleh dilewati.");
    fireEvent.click(screen.getByLabelText(/Ya, mendesak/));
    next();
    fireEvent.click(await screen.findByLabelText(/Tanpa nama/));
    next();
    await stepHeading("Langkah 5 dari 5: Periksa dan kirim");
    expect(screen.getByText("Apakah ini mendesak?").nextElementSibling?.textContent).toBe("Ya, mendesak");

    fireEvent.click(screen.getByRole("button", { name: "Kirim pengaduan" }));

    await screen.findByText("Judul terlalu umum.");
    const sent = fake.requests.filter((r) => r.method === "POST");
    expect(await sent[0]?.json()).toMatchObject({ urgent: true, urgency: "medium" });
    // Changed to "it can wait", then sent again.
    fireEvent.click(screen.getByLabelText(/Tidak, bisa menunggu/));
    next();
    next();
    await stepHeading("Langkah 5 dari 5: Periksa dan kirim");
    fireEvent.click(screen.getByRole("button", { name: "Kirim pengaduan" }));
    await waitFor(() => expect(fake.requests.filter((r) => r.method === "POST").length).toBe(2));
    const again = fake.requests.filter((r) => r.method === "POST")[1];
    expect(await again?.json()).toMatchObject({ urgent: false });
  });

  it("sends the spam traps: an empty honeypot no person can reach, and the time the form was open", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-07T01:00:00Z"));
    fake.once("POST", "/api/v1/complaints/", () =>
      json({ code: "invalid", message: "Invalid.", fields: { title: ["Judul terlalu umum."] } }, 400),
    );
    const { container } = render(<SubmitPage desa={DESA} />);
    const trap = container.querySelector<HTMLInputElement>("input[name=website]");
    expect(trap?.tabIndex).toBe(-1);
    expect(trap?.getAttribute("autocomplete")).toBe("off");
    expect(trap?.closest("[aria-hidden=true]")).not.toBeNull();
    next();
    fireEvent.click(await screen.findByLabelText("Lingkungan"));
    next();
    type("Judul singkat", "Sampah");
    type("Ceritakan masalahnya", "Sampah menumpuk di saluran.");
    next();
    fireEvent.click(await screen.findByLabelText(/Tanpa nama/));
    next();
    await stepHeading("Langkah 5 dari 5: Periksa dan kirim");
    vi.setSystemTime(new Date("2026-12-07T01:00:42Z"));

    fireEvent.click(screen.getByRole("button", { name: "Kirim pengaduan" }));

    expect(await screen.findByText("Judul terlalu umum.")).toBeTruthy();
    const request = fake.requests.find((r) => r.method === "POST");
    expect(await request?.json()).toMatchObject({ website: "", fill_ms: 42_000 });
    vi.useRealTimers();
  });
});
