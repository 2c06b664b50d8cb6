import { fireEvent, render, screen } from "@testing-library/preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { workspaceStore } from "../../../lib/workspace";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import DraftsPage from "./DraftsPage";

const fake = loggedInFakeApi();
const DESA = "32.07.10.2010";
const row = {
  id: 7,
  desa: DESA,
  channel: "whatsapp",
  state: "open",
  contact_name: "Rina",
  subject: "",
  standard_subject: true,
  message_count: 1,
  last_inbound_at: "2026-12-01T08:00:00Z",
  complaint_code: null,
};

function draft(windowEnds: string) {
  return {
    ...row,
    contact: "+6281399990001",
    dismiss_reason: "",
    messages: [
      {
        id: 1, direction: "in", kind: "text", unsupported_type: "", body: "Lampu mati",
        sent_at: "2026-12-01T08:00:00Z", media: [], media_error: "", delivery: "", author: "",
      },
    ],
    service_window_ends_at: windowEnds,
    templates: [{ name: "pengaduan_tindak_lanjut", language: "id", parameters: 2 }],
  };
}

beforeEach(() => {
  const workspace = { key: `desa:${DESA}`, kind: "desa" as const, region: { code: DESA, name: "Jagabaya" },
    roles: ["intake_officer" as const] };
  workspaceStore.set({ list: [workspace], active: workspace.key });
  fake.on("GET", "/api/v1/drafts/", () => json({ count: 1, next: null, previous: null, results: [row] }));
  fake.on("GET", `/api/v1/desa/${DESA}/categories/`, () =>
    json([{ slug: "infrastruktur", name: "Infrastruktur", icon: "road" }]),
  );
});

describe("DraftsPage", () => {
  it("offers the approved template once WhatsApp's 24 hours are over", async () => {
    let sent: unknown = null;
    fake.on("GET", "/api/v1/drafts/7/", () => json(draft("2026-12-02T08:00:00Z")));
    fake.on("POST", "/api/v1/drafts/7/replies/", async (request) => {
      sent = await request.json();
      return json({ ...draft("x").messages[0], id: 2, direction: "out", kind: "template" }, 201);
    });
    render(<DraftsPage desa={DESA} />);
    fireEvent.click(await screen.findByRole("button", { name: "Rina" }));

    expect(await screen.findByText(/Sudah lebih dari 24 jam/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText("Isian 1"), { target: { value: "Jagabaya" } });
    fireEvent.input(screen.getByLabelText("Isian 2"), { target: { value: "lampu jalan" } });
    fireEvent.click(screen.getByRole("button", { name: "Kirim" }));

    await vi.waitFor(() => {
      expect(sent).toEqual({
        text: "",
        template: { name: "pengaduan_tindak_lanjut", language: "id", parameters: ["Jagabaya", "lampu jalan"] },
      });
    });
  });

  it("writes free text within the window", async () => {
    fake.on("GET", "/api/v1/drafts/7/", () => json(draft("2999-01-01T00:00:00Z")));
    render(<DraftsPage desa={DESA} />);
    fireEvent.click(await screen.findByRole("button", { name: "Rina" }));
    expect(await screen.findByText(/Pesan bebas dapat dikirim sampai/)).toBeTruthy();
    expect(screen.getByLabelText("Pesan")).toBeTruthy();
  });

  it("makes a complaint with what the reporter's messages say of \"mendesak?\"", async () => {
    let sent: Record<string, unknown> | null = null;
    fake.on("GET", "/api/v1/drafts/7/", () => json(draft("2999-01-01T00:00:00Z")));
    fake.on("POST", "/api/v1/drafts/7/convert/", async (request) => {
      sent = (await request.json()) as Record<string, unknown>;
      return json({ tracking_code: "ABCD2345" }, 201);
    });
    render(<DraftsPage desa={DESA} />);
    fireEvent.click(await screen.findByRole("button", { name: "Rina" }));
    await screen.findByRole("option", { name: "Infrastruktur" });

    const urgent = screen.getByLabelText<HTMLSelectElement>("Menurut pesan pelapor, apakah ini mendesak?");
    expect(urgent.value).toBe("");
    fireEvent.change(urgent, { target: { value: "no" } });
    fireEvent.input(screen.getByLabelText("NIK"), { target: { value: "3207101234560001" } });
    fireEvent.input(screen.getByLabelText("Alamat"), { target: { value: "Dusun Cikupa" } });
    fireEvent.submit(urgent.form as HTMLFormElement);

    await vi.waitFor(() => {
      expect(sent).toMatchObject({ category: "infrastruktur", description: "Lampu mati", urgent: false });
    });
  });

  it("waits for the categories before it records, on a slow signal", async () => {
    const waiting: ((response: Response) => void)[] = [];
    fake.on("GET", `/api/v1/desa/${DESA}/categories/`, () => new Promise<Response>((resolve) => waiting.push(resolve)));
    fake.on("GET", "/api/v1/drafts/7/", () => json(draft("2999-01-01T00:00:00Z")));
    render(<DraftsPage desa={DESA} />);
    fireEvent.click(await screen.findByRole("button", { name: "Rina" }));
    const record = await screen.findByRole<HTMLButtonElement>("button", { name: "Catat sebagai pengaduan" });
    expect(record.disabled).toBe(true);
    expect(screen.getByLabelText<HTMLSelectElement>("Kategori").disabled).toBe(true);

    await vi.waitFor(() => expect(waiting.length).toBe(1));
    for (const answer of waiting) answer(json([{ slug: "infrastruktur", name: "Infrastruktur", icon: "road" }]));
    await vi.waitFor(() => expect(record.disabled).toBe(false));
    expect(screen.getByLabelText<HTMLSelectElement>("Kategori").value).toBe("infrastruktur");
  });

  it("says which input was refused, and lists a refusal the form has no input for", async () => {
    fake.on("GET", "/api/v1/drafts/7/", () => json(draft("2999-01-01T00:00:00Z")));
    fake.on("POST", "/api/v1/drafts/7/convert/", () =>
      json({
        code: "invalid",
        message: "",
        fields: { category: ["Desa ini tidak punya kategori itu."], non_field_errors: ["Draf ini sedang diubah."] },
      }, 400),
    );
    render(<DraftsPage desa={DESA} />);
    fireEvent.click(await screen.findByRole("button", { name: "Rina" }));
    await screen.findByRole("option", { name: "Infrastruktur" });
    fireEvent.input(screen.getByLabelText("Judul"), { target: { value: "Lampu mati" } });
    fireEvent.input(screen.getByLabelText("NIK"), { target: { value: "3207101234560001" } });
    fireEvent.input(screen.getByLabelText("Alamat"), { target: { value: "Dusun Cikupa" } });
    fireEvent.click(screen.getByRole("button", { name: "Catat sebagai pengaduan" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Draf ini sedang diubah.");
    expect(alert.textContent).not.toContain("Desa ini tidak punya kategori itu.");
    const category = screen.getByLabelText("Kategori");
    expect(category.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(category.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Desa ini tidak punya kategori itu.",
    );
  });

  it("shows the drafts of the state chosen last, even when an earlier list answers later", async () => {
    let answerOpen: (response: Response) => void = () => undefined;
    fake.on("GET", "/api/v1/drafts/", (request) =>
      new URL(request.url).searchParams.get("state") === "open"
        ? new Promise<Response>((resolve) => (answerOpen = resolve))
        : json({ count: 1, next: null, previous: null, results: [{ ...row, id: 8, state: "converted", contact_name: "Asep" }] }),
    );
    render(<DraftsPage desa={DESA} />);
    fireEvent.click(screen.getByRole("button", { name: "Sudah jadi pengaduan" }));
    expect(await screen.findByRole("button", { name: "Asep" })).toBeTruthy();

    answerOpen(json({ count: 1, next: null, previous: null, results: [row] }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByRole("button", { name: "Rina" })).toBeNull();
    expect(screen.getByRole("button", { name: "Asep" })).toBeTruthy();
  });

  it("says why the list failed and reads it again on retry", async () => {
    fake.once("GET", "/api/v1/drafts/", () => json({ code: "server_error", message: "", fields: {} }, 503));
    render(<DraftsPage desa={DESA} />);
    expect((await screen.findByRole("alert")).textContent).toContain("Server sedang bermasalah");
    fireEvent.click(screen.getByRole("button", { name: "Coba lagi" }));
    expect(await screen.findByRole("button", { name: "Rina" })).toBeTruthy();
  });
});
