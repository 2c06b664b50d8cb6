import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import type { MyComplaint } from "../api";
import MyComplaintsPage from "./MyComplaintsPage";

const jagabaya = { code: "32.07.10.2010", name: "Jagabaya", level: "desa" } as const;
const category: MyComplaint["category"] = { slug: "infrastruktur", name: "Infrastruktur", icon: "road" };

function row(code: string, title: string, extra: Partial<MyComplaint> = {}): MyComplaint {
  return {
    tracking_code: code,
    title,
    kind: "complaint",
    category,
    channel: "web",
    status: "submitted",
    status_label: "Diajukan",
    priority: "P3",
    desa: jagabaya,
    assigned_position: "",
    anonymous: false,
    submitted_at: "2026-03-02T03:00:00Z",
    received_at: null,
    answered_at: null,
    closed_at: null,
    sla: null,
    spam_flagged: false,
    reporters_count: 1,
    ...extra,
  };
}

const assigned = row("GGM9NXGH2M", "Lampu jalan depan masjid mati", {
  status: "assigned",
  status_label: "Ditugaskan",
  sla: {
    state: "running",
    policy_working_days: 7,
    deadline: "2026-03-11T17:00:00Z",
    due_on: "2026-03-11",
    remaining_working_days: 3,
    overdue: false,
    escalated_at: null,
  },
});

const fake = loggedInFakeApi();

describe("MyComplaintsPage", () => {
  it("lists the resident's own complaints with status, dates and a link to follow each", async () => {
    fake.on("GET", "/api/v1/complaints/", () =>
      json({ next: null, previous: null, results: [assigned, row("XAEDKJQ4PN", "Syarat akta kelahiran")] }),
    );
    render(<MyComplaintsPage />);

    const list = await screen.findByRole("list", { name: "Pengaduan saya" });
    const items = list.querySelectorAll("li");
    expect(items).toHaveLength(2);
    const link = screen.getByRole("link", { name: "Lampu jalan depan masjid mati" });
    expect(link.getAttribute("href")).toBe("/saya/pengaduan/GGM9NXGH2M");
    expect(items[0]?.textContent).toContain("Ditugaskan");
    expect(items[0]?.textContent).toContain("Kode pelacakan: GGM9NXGH2M");
    expect(items[0]?.textContent).toContain("Batas waktu jawaban: Rabu, 11 Maret 2026");
    expect(items[1]?.textContent).toContain("Diajukan");
    expect(items[1]?.textContent).not.toContain("Batas waktu");
    expect(fake.requests[0]?.headers.get("Authorization")).toBe("Bearer a1");
  });

  it("loads the next page with the cursor of the `next` link", async () => {
    fake.once("GET", "/api/v1/complaints/", () =>
      json({ next: "http://testserver/api/v1/complaints/?cursor=abc", previous: null, results: [assigned] }),
    );
    fake.once("GET", "/api/v1/complaints/", () =>
      json({ next: null, previous: null, results: [row("XAEDKJQ4PN", "Syarat akta kelahiran")] }),
    );
    render(<MyComplaintsPage />);

    fireEvent.click(await screen.findByRole("button", { name: "Tampilkan lebih banyak" }));

    expect(await screen.findByRole("link", { name: "Syarat akta kelahiran" })).toBeTruthy();
    expect(new URL(fake.requests[1]?.url ?? "").searchParams.get("cursor")).toBe("abc");
    expect(screen.queryByRole("button", { name: "Tampilkan lebih banyak" })).toBeNull();
  });

  it("says so when there is nothing yet", async () => {
    fake.on("GET", "/api/v1/complaints/", () => json({ next: null, previous: null, results: [] }));
    render(<MyComplaintsPage />);

    expect(await screen.findByText("Anda belum menyampaikan pengaduan dengan akun ini.")).toBeTruthy();
  });

  it("shows the dictionary message and a retry button when loading fails", async () => {
    fake.once("GET", "/api/v1/complaints/", () => json({ code: "server_error", message: "Traceback…", fields: {} }, 500));
    fake.on("GET", "/api/v1/complaints/", () => json({ next: null, previous: null, results: [assigned] }));
    render(<MyComplaintsPage />);

    expect((await screen.findByRole("alert")).textContent).toBe(
      "Server sedang bermasalah. Silakan coba beberapa saat lagi.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Coba lagi" }));
    expect(await screen.findByRole("link", { name: "Lampu jalan depan masjid mati" })).toBeTruthy();
  });
});
