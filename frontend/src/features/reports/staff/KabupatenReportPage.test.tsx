import { fireEvent, render, screen, within } from "@testing-library/preact";
import { beforeEach, describe, expect, it } from "vitest";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import { reportMeasures } from "../../../testing/reports";
import KabupatenReportPage from "./KabupatenReportPage";

const fake = loggedInFakeApi();

const now = { open: 0, overdue: 0, escalated: 0, unassignable: 0, age_0_3: 0, age_4_7: 0, age_over_7: 0 };
const desa = (code: string, name: string, kecamatan: [string, string], received: number | string, median: number | null) => ({
  code, name, kecamatan: { code: kecamatan[0], name: kecamatan[1] }, measures: reportMeasures(received, median), now,
});
const PANAWANGAN: [string, string] = ["32.07.10", "Panawangan"];
const CIAMIS: [string, string] = ["32.07.01", "Ciamis"];

beforeEach(() => {
  fake.on("GET", "/api/v1/regions/", () =>
    json({ count: 1, next: null, previous: null, results: [{ code: "32.07", name: "Ciamis", level: "kabupaten", parent: "32" }] }),
  );
  fake.on("GET", "/api/v1/reports/kabupaten/32.07/", () =>
    json({
      region: { code: "32.07", name: "Ciamis", level: "kabupaten" },
      period: { kind: "year", label: "2026", first: "2026-01-01", last: "2026-12-31" },
      totals: reportMeasures(60, 4), trend: [], breakdown: null, kecamatan_reference: null, now,
      desa: [
        desa("32.07.10.2010", "Jagabaya", PANAWANGAN, 30, 3),
        desa("32.07.10.2004", "Nagarajati", PANAWANGAN, 22, 9),
        desa("32.07.10.2013", "Bangunjaya", PANAWANGAN, "< 5", null),
        desa("32.07.01.2001", "Sindangrasa", CIAMIS, 8, 2),
      ],
    }),
  );
});

const names = () => screen.getAllByRole("rowheader").map((cell) => cell.textContent);

describe("KabupatenReportPage", () => {
  it("groups the desa by kecamatan and sorts inside each group", async () => {
    render(<KabupatenReportPage />);
    expect(await screen.findByRole("heading", { name: "Semua desa Kab. Ciamis" })).toBeTruthy();
    const groups = screen.getAllByRole("columnheader").filter((cell) => cell.getAttribute("scope") === "colgroup");
    expect(groups.map((cell) => cell.textContent)).toEqual(["Kec. Ciamis (1 desa)", "Kec. Panawangan (3 desa)"]);
    expect(names()).toEqual(["Sindangrasa", "Bangunjaya", "Jagabaya", "Nagarajati", "Seluruh kabupaten"]);

    const table = screen.getByRole("table");
    fireEvent.click(within(table).getByRole("button", { name: "Diterima" })); // largest first
    expect(names()).toEqual(["Sindangrasa", "Jagabaya", "Nagarajati", "Bangunjaya", "Seluruh kabupaten"]);
    expect(screen.getByText("< 5")).toBeTruthy();
    expect(screen.getByRole("button", { name: /CSV/ })).toBeTruthy();
  });
});
