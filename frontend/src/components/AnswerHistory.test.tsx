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

const answer = (text: string, at: string) => ({
  text,
  at,
  position: "kasi_pemerintahan" as const,
  position_label: "Kasi Pemerintahan",
  by: null,
});

describe("AnswerHistory", () => {
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
