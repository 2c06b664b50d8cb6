import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { CODE, DESA, receivedComplaint } from "../../../testing/complaints";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import type { Complaint } from "../api";
import ComplaintPage from "./ComplaintPage";

const fake = loggedInFakeApi();

async function openVerify(complaint: Complaint) {
  fake.on("GET", `/api/v1/complaints/${CODE}/`, () => json(complaint));
  render(<ComplaintPage code={CODE} desa={DESA} />);
  fireEvent.click(await screen.findByRole("button", { name: "Verifikasi" }));
  return {
    urgency: screen.getByLabelText<HTMLSelectElement>("Urgensi"),
    impact: screen.getByLabelText<HTMLSelectElement>("Dampak terhadap kepentingan umum"),
  };
}

describe("ComplaintPage, the priority at verify", () => {
  it("starts the urgency from the reporter's yes and says so", async () => {
    const { urgency, impact } = await openVerify(
      receivedComplaint({ reporter_urgent: true, priority_suggestion: { urgency: "high", impact: "medium" } }),
    );

    expect(screen.getByTestId("reporter-urgent").textContent).toBe("Pelapor: mendesak");
    expect(urgency.value).toBe("high");
    expect(impact.value).toBe("medium");
    expect(screen.getByText("Bawaan dari jawaban pelapor: mendesak.")).toBeTruthy();
  });

  it("starts from low when the reporter said it can wait", async () => {
    const { urgency } = await openVerify(
      receivedComplaint({ reporter_urgent: false, priority_suggestion: { urgency: "low", impact: "medium" } }),
    );
    expect(urgency.value).toBe("low");
    expect(screen.getByTestId("reporter-urgent").textContent).toBe("Pelapor: bisa menunggu");
  });

  it("says the reporter gave no answer and starts from medium", async () => {
    const { urgency } = await openVerify(receivedComplaint());

    expect(urgency.value).toBe("medium");
    expect(screen.queryByTestId("reporter-urgent")).toBeNull();
    expect(screen.getByText("Pelapor tidak menjawab apakah mendesak: bawaan Sedang.")).toBeTruthy();
  });

  it("shows the impact several reporters suggest; the officer takes it or not, and sends what is chosen", async () => {
    fake.on("POST", `/api/v1/complaints/${CODE}/transitions/`, () => json(receivedComplaint({ status: "verified" })));
    const { impact } = await openVerify(
      receivedComplaint({ reporters_count: 3, priority_suggestion: { urgency: "medium", impact: "high" } }),
    );

    expect(impact.value).toBe("medium"); // visible, not chosen for the officer
    expect(screen.getByTestId("impact-suggestion").textContent).toContain(
      "Dilaporkan 3 warga: dampak disarankan Tinggi. Anda yang memutuskan.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Pakai saran" }));
    expect(impact.value).toBe("high");
    expect(screen.queryByTestId("impact-suggestion")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Nyatakan terverifikasi" }));

    await vi.waitFor(() => expect(fake.requests.some((r) => r.method === "POST")).toBe(true));
    const sent = fake.requests.find((r) => r.method === "POST");
    expect(await sent?.json()).toMatchObject({ action: "verify", urgency: "medium", impact: "high" });
  });
});

describe("ComplaintPage, each move's own fields", () => {
  async function submitted(action: string, text: { label: string; value: string }, confirm: string): Promise<unknown> {
    fake.on("GET", `/api/v1/complaints/${CODE}/`, () => json(receivedComplaint()));
    fake.on("POST", `/api/v1/complaints/${CODE}/transitions/`, () => json(receivedComplaint()));
    render(<ComplaintPage code={CODE} desa={DESA} />);
    fireEvent.click(await screen.findByRole("button", { name: action }));
    fireEvent.input(screen.getByLabelText(text.label), { target: { value: text.value } });
    fireEvent.click(screen.getByRole("button", { name: confirm }));
    await vi.waitFor(() => expect(fake.requests.some((r) => r.method === "POST")).toBe(true));
    const sent = fake.requests.find((r) => r.method === "POST");
    return (await sent?.json()) as unknown;
  }

  it("sends a rejection with its reason and nothing of the priority form", async () => {
    const body = await submitted(
      "Tolak",
      { label: "Alasan penolakan (dibaca pelapor)", value: " Sudah dilaporkan kemarin. " },
      "Tolak pengaduan ini",
    );

    expect(body).toEqual({ action: "reject", note: "", reason: "Sudah dilaporkan kemarin." });
  });

  it("sends a new priority with the urgency, the impact and the reason", async () => {
    const body = await submitted(
      "Ubah prioritas",
      { label: "Alasan perubahan prioritas", value: "Jalan sekolah tertutup." },
      "Simpan prioritas baru",
    );

    expect(body).toEqual({
      action: "prioritise",
      note: "",
      urgency: "medium",
      impact: "medium",
      reason: "Jalan sekolah tertutup.",
    });
  });
});
