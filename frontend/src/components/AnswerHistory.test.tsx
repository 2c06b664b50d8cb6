import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { components } from "../api/schema";
import { AnswerHistory } from "./AnswerHistory";

type Entry = components["schemas"]["TimelineEntryOut"];

const move = (action: Entry["action"], at: string, note = ""): Entry => ({
  type: "transition",
  at,
  action,
  to_status: null,
  to_status_label: null,
  note,
  visibility: "public",
  actor_name: null,
  assignment: null,
  on_behalf_via: null,
  on_behalf_via_label: null,
  published_to: null,
});

const answer = (text: string, at: string, attachments: PublicFile[] = []) => ({
  text,
  at,
  position: "kasi_pemerintahan" as const,
  position_label: "Kasi Pemerintahan",
  by: null,
  attachments,
});

type PublicFile = {
  token: string;
  content_type: string;
  size: number;
  at: string;
  url: string;
  thumbnail_url: string | null;
};

const photo = (token: string): PublicFile => ({
  token,
  content_type: "image/jpeg",
  size: 120_000,
  at: "2026-03-05T03:00:00Z",
  url: `/api/v1/track/files/${token}:x:y/`,
  thumbnail_url: `/api/v1/track/files/${token}:x:y/thumbnail/`,
});

describe("AnswerHistory", () => {
  it("shows each answer's own files under it, a photo as its thumbnail", () => {
    render(
      <AnswerHistory
        audience="resident"
        answers={[
          answer("Sudah dibersihkan.", "2026-03-05T04:00:00Z", [photo("first")]),
          answer("Ujung gang juga.", "2026-03-09T04:00:00Z", [
            { ...photo("letter"), content_type: "application/pdf", thumbnail_url: null, size: 40_000 },
          ]),
        ]}
        timeline={[move("answer", "2026-03-05T04:00:00Z"), move("object", "2026-03-06T04:00:00Z", "Belum.")]}
      />,
    );

    const items = screen.getAllByRole("listitem").filter((li) => li.classList.contains("timeline__item"));
    const first = items[0]?.querySelector("img");
    expect(first?.getAttribute("src")).toBe("/api/v1/track/files/first:x:y/thumbnail/");
    expect(first?.closest("a")?.getAttribute("href")).toBe("/api/v1/track/files/first:x:y/");
    expect(items[2]?.textContent).toContain("Dokumen 1 (PDF, 39 KB)");
    expect(items[2]?.querySelector("img")).toBeNull();
  });

  it("keeps the first answer readable after an objection and a second answer", () => {
    render(
      <AnswerHistory
        audience="resident"
        answers={[answer("Sudah dibersihkan.", "2026-03-05T04:00:00Z"), answer("Ujung gang juga.", "2026-03-09T04:00:00Z")]}
        timeline={[
          move("answer", "2026-03-05T04:00:00Z"),
          move("object", "2026-03-06T04:00:00Z", "Masih tersumbat di ujung gang."),
          move("answer", "2026-03-09T04:00:00Z"),
        ]}
      />,
    );

    const titles = screen.getAllByText(/^(Jawaban ke-\d|Keberatan Anda)$/).map((node) => node.textContent);
    expect(titles).toEqual(["Jawaban ke-1", "Keberatan Anda", "Jawaban ke-2"]);
    expect(screen.getByText("Sudah dibersihkan.")).toBeTruthy();
    expect(screen.getByText("Masih tersumbat di ujung gang.")).toBeTruthy();
  });

  it("shows nothing while the one answer standing is the only one", () => {
    const { container } = render(
      <AnswerHistory audience="resident" answers={[answer("Sudah.", "2026-03-05T04:00:00Z")]} timeline={[]} />,
    );
    expect(container.textContent).toBe("");
  });
});
