import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import type { PublicComplaint } from "../api";
import MyComplaintPage from "./MyComplaintPage";

const CODE = "GGM9NXGH2M";
const PATH = `/api/v1/complaints/${CODE}/`;

const answered: PublicComplaint = {
  tracking_code: CODE,
  title: "Lampu jalan depan masjid mati",
  description: "Sudah sebulan.",
  kind: "complaint",
  category: { slug: "infrastruktur", name: "Infrastruktur", icon: "road" },
  desa: { code: "32.07.10.2010", name: "Jagabaya", level: "desa" },
  status: "answered",
  status_label: "Hasil disampaikan",
  submitted_at: "2026-03-02T03:00:00Z",
  received_at: "2026-03-02T04:00:00Z",
  answered_at: "2026-03-05T04:00:00Z",
  closed_at: null,
  info_request: "",
  answer: "Lampu sudah diganti.",
  answers: [
    {
      text: "Lampu sudah diganti.",
      at: "2026-03-05T04:00:00Z",
      position: "kasi_pemerintahan",
      position_label: "Kasi Pemerintahan",
      by: null,
      attachments: [
        {
          token: "lampu",
          content_type: "image/jpeg",
          size: 90_000,
          at: "2026-03-05T04:00:00Z",
          url: "/api/v1/track/files/lampu:a:b/",
          thumbnail_url: "/api/v1/track/files/lampu:a:b/thumbnail/",
        },
      ],
    },
  ],
  files: [],
  rejection_reason: "",
  rating: null,
  location_text: "Depan Masjid Al-Ikhlas, RT 02",
  latitude: "-6.846500",
  longitude: "108.480100",
  forwarding: null,
  joined: false,
  sla: {
    state: "stopped",
    policy_working_days: 5,
    deadline: "2026-03-09T17:00:00Z",
    due_on: "2026-03-09",
    remaining_working_days: null,
    overdue: false,
    escalated_at: null,
  },
  register_number: "003/PGD/JGB/2026",
  timeline: [
    {
      type: "transition",
      at: "2026-03-02T04:00:00Z",
      action: "receive",
      to_status: "received",
      to_status_label: "Diterima",
      note: "",
      visibility: "public",
      actor_name: null,
      assignment: null,
      on_behalf_via: null,
      on_behalf_via_label: null,
      published_to: null,
    },
  ],
  allowed_actions: ["confirm", "object"],
};

const fake = loggedInFakeApi();

describe("MyComplaintPage", () => {
  it("shows the resident's own complaint through the account, without asking for a PIN", async () => {
    fake.on("GET", PATH, () => json(answered));
    render(<MyComplaintPage code={CODE} />);

    expect(await screen.findByRole("heading", { level: 1, name: "Lampu jalan depan masjid mati" })).toBeTruthy();
    expect(screen.getByText("003/PGD/JGB/2026")).toBeTruthy();
    expect(screen.getByText("Lampu sudah diganti.")).toBeTruthy();
    expect(screen.getByText("Diterima petugas dan dicatat di buku register")).toBeTruthy();
    expect(screen.queryByLabelText("PIN")).toBeNull();
    expect(fake.requests[0]?.headers.get("Authorization")).toBe("Bearer a1");
  });

  it("shows the photo sent with the answer as a thumbnail, and the reporter's own photos", async () => {
    const sent = {
      token: "got",
      content_type: "image/jpeg",
      size: 300_000,
      at: "2026-03-02T03:00:00Z",
      url: "/f/got/",
      thumbnail_url: "/f/got/thumbnail/",
    };
    fake.on("GET", PATH, () => json({ ...answered, files: [sent] }));
    render(<MyComplaintPage code={CODE} />);

    const answerPhoto = await screen.findByRole("list", { name: "Lampiran jawaban" });
    expect(answerPhoto.querySelector("img")?.getAttribute("src")).toBe("/api/v1/track/files/lampu:a:b/thumbnail/");
    const mine = screen.getByRole("list", { name: "Foto dan dokumen yang Anda kirim" });
    expect(mine.querySelector("img")?.getAttribute("src")).toBe("/f/got/thumbnail/");
    expect(mine.querySelector("a")?.getAttribute("href")).toBe("/f/got/");
  });

  it("shows back what was sent: the text, the desa, the place with a map link, and starts the timeline at Diajukan", async () => {
    fake.on("GET", PATH, () => json(answered));
    render(<MyComplaintPage code={CODE} />);

    expect(await screen.findByText("Sudah sebulan.")).toBeTruthy();
    // The desa links to its page: its contact and how well it answers.
    expect(screen.getByRole("link", { name: "Jagabaya" }).getAttribute("href")).toBe("/d/32.07.10.2010");
    expect(screen.getByText("Depan Masjid Al-Ikhlas, RT 02")).toBeTruthy();
    const map = screen.getByRole("link", { name: "Lihat di peta" });
    expect(map.getAttribute("href")).toContain("mlat=-6.846500&mlon=108.480100");
    const steps = screen.getAllByRole("listitem").filter((item) => item.classList.contains("timeline__item"));
    expect(steps[0]?.textContent).toContain("Diajukan");
  });

  it("confirms and rates through the complaint's transitions, as the account", async () => {
    fake.on("GET", PATH, () => json(answered));
    fake.on("POST", `${PATH}transitions/`, () =>
      json({ ...answered, status: "closed", status_label: "Selesai", rating: 5, allowed_actions: [] }),
    );
    render(<MyComplaintPage code={CODE} />);

    fireEvent.click(await screen.findByRole("button", { name: "Selesai, beri penilaian" }));
    fireEvent.click(screen.getByLabelText("5 — Sangat puas"));
    fireEvent.click(screen.getByRole("button", { name: "Kirim penilaian" }));

    expect(await screen.findByText("Penilaian Anda: 5 dari 5.")).toBeTruthy();
    const sent = fake.requests.find((r) => r.method === "POST");
    expect(await sent?.json()).toEqual({ action: "confirm", note: "", rating: 5, comment: "" });
    expect(sent?.headers.get("Authorization")).toBe("Bearer a1");
    expect(screen.queryByRole("button", { name: "Kirim penilaian" })).toBeNull();
  });

  it("says the complaint is not in the account when the API answers 404", async () => {
    fake.on("GET", PATH, () => json({ code: "not_found", message: "Not found.", fields: {} }, 404));
    render(<MyComplaintPage code={CODE} />);

    expect((await screen.findByRole("alert")).textContent).toBe("Pengaduan ini tidak ditemukan di akun Anda.");
    expect(screen.getByRole("link", { name: "Kembali ke daftar pengaduan saya" }).getAttribute("href")).toBe(
      "/saya/pengaduan",
    );
  });
});
