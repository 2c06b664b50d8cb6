import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import NoticeSettingsPage from "./NoticeSettingsPage";

const URL = "/api/v1/me/notification-preferences/";
const fake = loggedInFakeApi();

function prefs(extra: Record<string, unknown> = {}) {
  return {
    kinds: [
      { kind: "assigned", label: "x", email: true, whatsapp: false },
      { kind: "escalated", label: "x", email: true, whatsapp: false },
      { kind: "digest", label: "x", email: true, whatsapp: false },
    ],
    daily_digest: false,
    email_address: true,
    whatsapp_number: true,
    ...extra,
  };
}

describe("NoticeSettingsPage", () => {
  it("saves WhatsApp for a kind and the village head's digest", async () => {
    let sent: { kinds: { kind: string; email: boolean; whatsapp: boolean }[]; daily_digest?: boolean } | null = null;
    fake.on("GET", URL, () => json(prefs()));
    fake.on("PUT", URL, async (request) => {
      sent = (await request.json()) as typeof sent;
      return json(prefs({ daily_digest: true, kinds: sent?.kinds }));
    });
    render(<NoticeSettingsPage />);

    const assigned = await screen.findByRole("group", { name: "Pengaduan ditugaskan kepada saya" });
    fireEvent.click(assigned.querySelectorAll("input")[1] as HTMLInputElement); // WhatsApp
    fireEvent.click(screen.getByLabelText(/Kirimi saya ringkasan harian/));
    fireEvent.click(screen.getByRole("button", { name: "Simpan pengaturan" }));

    expect(await screen.findByText("Pengaturan pemberitahuan tersimpan.")).toBeTruthy();
    expect(sent).toEqual({
      kinds: [
        { kind: "assigned", email: true, whatsapp: true },
        { kind: "escalated", email: true, whatsapp: false },
        { kind: "digest", email: true, whatsapp: false },
      ],
      daily_digest: true,
    });
    expect(screen.getByRole("group", { name: "Ringkasan harian" })).toBeTruthy();
  });

  it("offers no digest to others and no e-mail without an address", async () => {
    fake.on("GET", URL, () =>
      json(prefs({ daily_digest: null, email_address: false, kinds: [{ kind: "reminder", label: "x", email: true, whatsapp: false }] })),
    );
    render(<NoticeSettingsPage />);

    const reminder = await screen.findByRole("group", { name: "Batas waktu sudah dekat" });
    expect((reminder.querySelectorAll("input")[0] as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByLabelText(/ringkasan harian/)).toBeNull();
    expect(screen.getByText(/belum punya alamat e-mail/)).toBeTruthy();
  });
});
