import { describe, expect, it } from "vitest";
import { complaintRow } from "../../testing/complaints";
import {
  DEFAULT_VIEW,
  PAGE_SIZE,
  SORTS,
  firstPage,
  moreFailed,
  moreLoading,
  morePage,
  parseView,
  serverQuery,
  splitAnswered,
  viewSearch,
  type ListState,
} from "./inboxView";

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

  it("asks the server for one page of the desa's open complaints, by deadline", () => {
    const query = serverQuery(parseView("?mine=1&priority=P2"), "32.07.10.2010", false);
    expect(query).toMatchObject({ desa: "32.07.10.2010", mine: true, priority: "P2", page_size: PAGE_SIZE, sort: "deadline" });
    expect(PAGE_SIZE).toBe(50);
    expect(query.status).toContain("received");
  });

  it("asks the server for the address's sort, each column both ways, and unassigned ones", () => {
    for (const sort of SORTS) {
      expect(serverQuery(parseView(`?sort=${sort}`), "32.07.10.2010", false).sort).toBe(sort);
      expect(serverQuery(parseView(`?sort=-${sort}`), "32.07.10.2010", false).sort).toBe(`-${sort}`);
    }
    expect(serverQuery(parseView("?unassigned=1"), "32.07.10.2010", false).unassigned).toBe(true);
    expect(serverQuery(parseView(""), "32.07.10.2010", false).unassigned).toBeUndefined();
  });

  it("asks the server for what needs the village head now, the links of the overview", () => {
    const view = parseView("?overdue=1&unassignable=1");
    expect(viewSearch(view)).toBe("?overdue=1&unassignable=1");
    const query = serverQuery(view, "32.07.10.2010", false);
    expect(query).toMatchObject({ overdue: true, unassignable: true });
    expect(query.escalated).toBeUndefined();
  });
});

function page(codes: string[], next: string | null = null) {
  return { results: codes.map((code) => complaintRow(code)), next, previous: null };
}

describe("the list, a page at a time", () => {
  const link = (cursor: string) => `http://127.0.0.1/api/v1/complaints/?cursor=${cursor}&sort=deadline`;

  it("shows the first page and keeps where the next one starts", () => {
    const state = firstPage(page(["A", "B"], link("Zm9v")));
    expect(state).toMatchObject({ kind: "loaded", next: "Zm9v", more: "idle" });
    expect(firstPage(page(["A"]))).toMatchObject({ next: null });
  });

  it("adds the next page below the rows shown, once each, and knows when it is the last", () => {
    let state: ListState = firstPage(page(["A", "B"], link("b25l")));
    state = moreLoading(state);
    expect(state).toMatchObject({ more: "loading" });
    state = morePage(state, page(["B", "C"]));
    expect(state.kind === "loaded" && state.rows.map((r) => r.tracking_code)).toEqual(["A", "B", "C"]);
    expect(state).toMatchObject({ next: null, more: "idle" });
    expect(moreLoading(state)).toBe(state); // nothing more to ask for
  });

  it("keeps the rows shown when the next page fails, to try again", () => {
    const shown = firstPage(page(["A"], link("dHdv")));
    const failed = moreFailed(moreLoading(shown));
    expect(failed).toMatchObject({ kind: "loaded", more: "failed", next: "dHdv" });
    expect(failed.kind === "loaded" && failed.rows).toHaveLength(1);
  });
});

describe("rows", () => {
  it("keeps answered tasks apart from what is still to do", () => {
    const { todo, answered } = splitAnswered([complaintRow("A", { status: "answered" }), complaintRow("B", { status: "in_progress" })]);
    expect(todo.map((r) => r.tracking_code)).toEqual(["B"]);
    expect(answered.map((r) => r.tracking_code)).toEqual(["A"]);
  });
});
