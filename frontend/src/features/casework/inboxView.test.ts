import { describe, expect, it } from "vitest";
import type { ComplaintRow } from "./api";
import { DEFAULT_VIEW, keepRow, parseView, serverQuery, sortRows, splitAnswered, viewSearch } from "./inboxView";

function row(code: string, over: Partial<ComplaintRow> = {}, sla: Partial<NonNullable<ComplaintRow["sla"]>> | null = null): ComplaintRow {
  return {
    tracking_code: code,
    title: `Judul ${code}`,
    kind: "complaint",
    category: { slug: "jalan", name: "Jalan", icon: "road" },
    channel: "web",
    status: "received",
    status_label: "Diterima",
    priority: "P3",
    desa: { code: "32.07.10.2010", name: "Jagabaya", level: "desa" },
    assigned_position: "",
    submitted_at: "2026-11-01T08:00:00Z",
    received_at: null,
    answered_at: null,
    closed_at: null,
    reporters_count: 1,
    sla: sla
      ? {
          state: "running",
          policy_working_days: 7,
          deadline: null,
          due_on: null,
          remaining_working_days: null,
          overdue: false,
          escalated_at: null,
          ...sla,
        }
      : null,
    spam_flagged: false,
    ...over,
  };
}

describe("the inbox view in the address", () => {
  it("reads nothing as the default: open complaints by deadline", () => {
    expect(parseView("")).toEqual(DEFAULT_VIEW);
    expect(viewSearch(DEFAULT_VIEW)).toBe("");
  });

  it("writes and reads back every filter, the sort and the open complaint", () => {
    const view = {
      ...DEFAULT_VIEW,
      status: "answered" as const,
      channel: "whatsapp" as const,
      priority: "P1" as const,
      category: "jalan",
      q: "lampu",
      from: "2026-11-01",
      overdue: true,
      unassigned: true,
      sort: "title" as const,
      desc: true,
      open: "ABC123",
    };
    expect(parseView(viewSearch(view))).toEqual(view);
    expect(viewSearch(view)).toContain("sort=-title");
  });

  it("ignores what is not a filter value instead of failing", () => {
    const view = parseView("?status=bogus&channel=fax&sort=nope&from=yesterday&category=a%20b");
    expect(view).toEqual({ ...DEFAULT_VIEW, category: "ab" });
  });

  it("asks the server for the desa's open complaints, 100 at a time", () => {
    const query = serverQuery(parseView("?mine=1&priority=P2"), "32.07.10.2010", false);
    expect(query).toMatchObject({ desa: "32.07.10.2010", mine: true, priority: "P2", page_size: 100 });
    expect(query.status).toContain("received");
  });

  it("asks the server for what needs the village head now, the links of the overview", () => {
    const view = parseView("?overdue=1&unassignable=1");
    expect(viewSearch(view)).toBe("?overdue=1&unassignable=1");
    const query = serverQuery(view, "32.07.10.2010", false);
    expect(query).toMatchObject({ overdue: true, unassignable: true });
    expect(query.escalated).toBeUndefined();
  });
});

describe("rows", () => {
  it("puts the nearest deadline first and complaints without a running clock last", () => {
    const rows = [
      row("LATE", {}, { due_on: "2026-11-20" }),
      row("NONE"),
      row("OVERDUE", {}, { due_on: "2026-11-10", overdue: true }),
      row("PAUSED", {}, { state: "paused", due_on: "2026-11-01" }),
    ];
    expect(sortRows(rows, "deadline", false).map((r) => r.tracking_code)).toEqual(["OVERDUE", "LATE", "NONE", "PAUSED"]);
    expect(sortRows(rows, "code", true).map((r) => r.tracking_code)).toEqual(["PAUSED", "OVERDUE", "NONE", "LATE"]);
  });

  it("breaks a tie in priority by how many residents reported it", () => {
    const rows = [
      row("ONE", { priority: "P2" }),
      row("URGENT", { priority: "P1" }),
      row("THREE", { priority: "P2", reporters_count: 3, submitted_at: "2026-11-05T08:00:00Z" }),
      row("TWO", { priority: "P2", reporters_count: 2 }),
      row("TWELVE", { priority: "P3", reporters_count: 12 }),
    ];
    expect(sortRows(rows, "priority", false).map((r) => r.tracking_code)).toEqual(["URGENT", "THREE", "TWO", "ONE", "TWELVE"]);
  });

  it("keeps only overdue, escalated or unassigned rows when asked", () => {
    const rows = [
      row("A", {}, { overdue: true }),
      row("B", { assigned_position: "kadus" }, { escalated_at: "2026-11-12T00:00:00Z" }),
    ];
    const codes = (search: string) => rows.filter((r) => keepRow(parseView(search), r)).map((r) => r.tracking_code);
    expect(codes("?overdue=1")).toEqual(["A"]);
    expect(codes("?escalated=1")).toEqual(["B"]);
    expect(codes("?unassigned=1")).toEqual(["A"]);
  });

  it("keeps answered tasks apart from what is still to do", () => {
    const { todo, answered } = splitAnswered([row("A", { status: "answered" }), row("B", { status: "in_progress" })]);
    expect(todo.map((r) => r.tracking_code)).toEqual(["B"]);
    expect(answered.map((r) => r.tracking_code)).toEqual(["A"]);
  });
});
