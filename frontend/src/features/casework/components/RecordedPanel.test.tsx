import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { CODE } from "../../../testing/complaints";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import type { Submitted } from "../api";
import { RecordedPanel } from "./RecordedPanel";

const submitted = {
  tracking_code: CODE,
  pin: "482913",
  complaint: { register_number: "012/PGD/JGB/2026" },
} as unknown as Submitted;

const fake = loggedInFakeApi();

describe("RecordedPanel", () => {
  it("shows the code and PIN once, with what to do with them", () => {
    render(<RecordedPanel submitted={submitted} reporterPhone={false} reporterEmail={false} complaintHref="/x" onAnother={() => {}} />);

    expect(screen.getByTestId("recorded-code").textContent).toBe(CODE);
    expect(screen.getByTestId("recorded-pin").textContent).toBe("482913");
    expect(screen.getByText("012/PGD/JGB/2026")).toBeTruthy();
    expect(screen.getByText(/berikan kode lacak dan PIN ini kepada pelapor/)).toBeTruthy();
    for (const paper of ["A6", "A5", "58 mm"]) {
      expect(screen.getByRole("button", { name: `Cetak tanda terima (${paper})` })).toBeTruthy();
    }
    // No number or address given: nothing to send to.
    expect(screen.queryByRole("button", { name: "Kirim ke WhatsApp pelapor" })).toBeNull();
  });

  it("sends the code and PIN to the reporter's WhatsApp once", async () => {
    fake.on("POST", `/api/v1/complaints/${CODE}/pin-messages/`, () => json({ channels: ["whatsapp"] }, 202));
    render(<RecordedPanel submitted={submitted} reporterPhone={true} reporterEmail={false} complaintHref="/x" onAnother={() => {}} />);

    fireEvent.click(screen.getByRole("button", { name: "Kirim ke WhatsApp pelapor" }));

    expect(await screen.findByText("Kode dan PIN sedang dikirim ke pelapor.")).toBeTruthy();
    const sent = fake.requests.find((r) => r.method === "POST");
    expect(await sent?.json()).toEqual({ pin: "482913", channels: ["whatsapp"] });
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Kirim ke WhatsApp pelapor" }).disabled).toBe(true);
    expect(screen.queryByRole("button", { name: "Kirim ke email pelapor" })).toBeNull();
  });
});
