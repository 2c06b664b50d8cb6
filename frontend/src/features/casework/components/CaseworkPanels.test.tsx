import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { CODE, receivedComplaint } from "../../../testing/complaints";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import type { Complaint, Similar } from "../api";
import { ForwardForm, SimilarPanel } from "./CaseworkPanels";

const FIRST = "GGM9NXGH2M";

const complaint = receivedComplaint({
  anonymous: false,
  allowed_actions: ["verify", "reject", "request_info", "mark_duplicate", "forward"],
});

const candidate: Similar = {
  tracking_code: FIRST,
  title: "Gorong-gorong tersumbat di RT 02",
  excerpt: "Air meluap ke jalan.",
  status: "verified",
  status_label: "Terverifikasi",
  submitted_at: "2026-11-30T03:00:00Z",
  received_at: "2026-11-30T04:00:00Z",
  reporters_count: 3,
  similarity: 0.62,
};

const fake = loggedInFakeApi();

describe("SimilarPanel", () => {
  it("lists look-alikes and joins this complaint to one only after confirming", async () => {
    fake.on("GET", `/api/v1/complaints/${CODE}/similar/`, () => json([candidate]));
    fake.on("POST", `/api/v1/complaints/${CODE}/transitions/`, () => json({ ...complaint, status: "duplicate" }));
    const done = vi.fn();
    render(<SimilarPanel complaint={complaint} onDone={done} />);

    expect(await screen.findByText("Mirip dengan")).toBeTruthy();
    expect(screen.getByText("Dilaporkan 3 warga")).toBeTruthy();
    expect(screen.getByText(/kemiripan 62%/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Tandai duplikat" }));
    expect(fake.requests.some((r) => r.method === "POST")).toBe(false);
    expect(screen.getByText(`Gabungkan pengaduan ini ke ${FIRST}? Pengaduan ini tidak ditangani lagi dan pelapornya diberi tahu.`)).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Ya, gabungkan" }));

    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    const sent = fake.requests.find((r) => r.method === "POST");
    expect(await sent?.json()).toEqual({ action: "mark_duplicate", note: "", duplicate_of: FIRST });
  });

  it("shows nothing when nothing reads alike and this complaint cannot be marked", async () => {
    fake.on("GET", `/api/v1/complaints/${CODE}/similar/`, () => json([]));
    const village_head: Complaint = { ...complaint, allowed_actions: ["forward"] };
    const { container } = render(<SimilarPanel complaint={village_head} onDone={() => {}} />);

    await vi.waitFor(() => expect(fake.requests.length).toBe(1));
    expect(container.textContent).toBe("");
  });

  it("marks a duplicate by a pasted code: shows the complaint first, joins only after confirming", async () => {
    fake.on("GET", `/api/v1/complaints/${CODE}/similar/`, () => json([]));
    fake.on("GET", `/api/v1/complaints/${CODE}/duplicate-primary/`, (request) =>
      new URL(request.url).searchParams.get("tracking_code") === FIRST.toLowerCase()
        ? json({
            tracking_code: FIRST,
            title: "Gorong-gorong tersumbat di RT 02",
            status: "verified",
            status_label: "Terverifikasi",
            submitted_at: "2026-11-30T03:00:00Z",
            reporters_count: 2,
            joinable: true,
            refusal: "",
          })
        : json({ code: "invalid", message: "Invalid.", fields: { tracking_code: ["Tidak ada pengaduan desa ini dengan kode lacak tersebut."] } }, 400),
    );
    fake.on("POST", `/api/v1/complaints/${CODE}/transitions/`, () => json({ ...complaint, status: "duplicate" }));
    const done = vi.fn();
    render(<SimilarPanel complaint={complaint} onDone={done} />);
    const field = await screen.findByLabelText("Kode lacak laporan pertama");

    fireEvent.input(field, { target: { value: "ZZZZZZZZZZ" } });
    fireEvent.click(screen.getByRole("button", { name: "Cari" }));
    expect(await screen.findByText("Tidak ada pengaduan desa ini dengan kode lacak tersebut.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Ya, gabungkan" })).toBeNull();

    fireEvent.input(field, { target: { value: ` ${FIRST.toLowerCase()} ` } });
    fireEvent.click(screen.getByRole("button", { name: "Cari" }));
    const shown = await screen.findByTestId("typed-primary");
    expect(shown.textContent).toContain("Gorong-gorong tersumbat di RT 02");
    expect(shown.textContent).toContain("Terverifikasi");
    expect(shown.textContent).toContain("Dilaporkan 2 warga");
    expect(fake.requests.some((r) => r.method === "POST")).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Ya, gabungkan" }));

    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    const sent = fake.requests.find((r) => r.method === "POST");
    expect(await sent?.json()).toEqual({ action: "mark_duplicate", note: "", duplicate_of: FIRST });
  });

  it("shows a finished complaint's code with why it cannot gather duplicates, and no join", async () => {
    fake.on("GET", `/api/v1/complaints/${CODE}/similar/`, () => json([]));
    fake.on("GET", `/api/v1/complaints/${CODE}/duplicate-primary/`, () =>
      json({
        tracking_code: FIRST,
        title: "Lampu jalan mati",
        status: "closed",
        status_label: "Selesai",
        submitted_at: "2026-11-30T03:00:00Z",
        reporters_count: 1,
        joinable: false,
        refusal: `${FIRST} berstatus “Selesai”.`,
      }),
    );
    render(<SimilarPanel complaint={complaint} onDone={() => {}} />);

    fireEvent.input(await screen.findByLabelText("Kode lacak laporan pertama"), { target: { value: FIRST } });
    fireEvent.click(screen.getByRole("button", { name: "Cari" }));

    expect(await screen.findByText(`${FIRST} berstatus “Selesai”.`)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Ya, gabungkan" })).toBeNull();
  });
});

describe("ForwardForm", () => {
  it("forwards de-identified by default, with the reason the reporter reads", async () => {
    fake.on("POST", `/api/v1/complaints/${CODE}/transitions/`, () => json({ ...complaint, status: "forwarded" }));
    const done = vi.fn();
    render(<ForwardForm complaint={complaint} onDone={done} />);

    expect(screen.getByText("Surat pengantar tanpa identitas pelapor (dirahasiakan).")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Teruskan pengaduan ini" }));
    expect(fake.requests.length).toBe(0); // the reason is required
    fireEvent.input(screen.getByLabelText(/Alasan/), { target: { value: "Jalan kabupaten." } });
    fireEvent.click(screen.getByRole("button", { name: "Teruskan pengaduan ini" }));

    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    expect(await fake.requests[0]?.json()).toEqual({
      action: "forward",
      note: "",
      agency_kind: "kecamatan",
      agency: "",
      reason: "Jalan kabupaten.",
    });
  });
});
