import { fireEvent, render, screen, within } from "@testing-library/preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import { reportMeasures } from "../../../testing/reports";
import KecamatanReportPage from "./KecamatanReportPage";

const fake = loggedInFakeApi();

const now = (overdue: number) => ({ open: 0, overdue, escalated: 0, unassignable: 0, age_0_3: 0, age_4_7: 0, age_over_7: 0 });
const PANAWANGAN = { code: "32.07.10", name: "Panawangan" };
const desa = (code: string, name: string, received: number | string, median: number | null, overdue: number) => ({
  code, name, kecamatan: PANAWANGAN, measures: reportMeasures(received, median), now: now(overdue),
});

beforeEach(() => {
  fake.on("GET", "/api/v1/reports/kecamatan/32.07.10/", () =>
    json({
      region: { code: "32.07.10", name: "Panawangan", level: "kecamatan" },
      period: { kind: "year", label: "2026", first: "2026-01-01", last: "2026-12-31" },
      totals: reportMeasures(57, 4), trend: [], breakdown: null, kecamatan_reference: null, now: now(3),
      desa: [
        desa("32.07.10.2013", "Bangunjaya", "< 5", null, 0),
        desa("32.07.10.2010", "Jagabaya", 30, 3, 1),
        desa("32.07.10.2004", "Nagarajati", 22, 9, 2),
      ],
    }),
  );
});

const table = () => screen.getByRole("table");
const names = () => within(table()).getAllByRole("rowheader").map((cell) => cell.textContent);

describe("KecamatanReportPage", () => {
  it("compares its desa against the whole kecamatan, sorted by the column clicked", async () => {
    render(<KecamatanReportPage kecamatan={PANAWANGAN} />);
    expect(await screen.findByRole("table")).toBeTruthy();
    expect(screen.getByRole("heading", { level: 1, name: "Perbandingan desa, Kec. Panawangan" })).toBeTruthy();
    expect(names()).toEqual(["Bangunjaya", "Jagabaya", "Nagarajati", "Seluruh kecamatan"]);
    const kecamatanRow = within(table()).getByRole("row", { name: /Seluruh kecamatan/ });
    expect(within(kecamatanRow).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(
      ["57", "–", "–", "4", "4", "4", "–", "–", "3"],
    );

    const received = within(table()).getByRole("button", { name: "Diterima" });
    fireEvent.click(received); // largest first
    expect(names()).toEqual(["Jagabaya", "Nagarajati", "Bangunjaya", "Seluruh kecamatan"]);
    expect(received.closest("th")?.getAttribute("aria-sort")).toBe("descending");
    fireEvent.click(received); // and back
    expect(names()).toEqual(["Bangunjaya", "Nagarajati", "Jagabaya", "Seluruh kecamatan"]);
    expect(received.closest("th")?.getAttribute("aria-sort")).toBe("ascending");
  });

  it("gives the table as CSV in the order shown", async () => {
    const saved: Blob[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      saved.push(blob as Blob);
      return "blob:report";
    });
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    render(<KecamatanReportPage kecamatan={PANAWANGAN} />);
    fireEvent.click(await screen.findByRole("button", { name: "Diterima" }));

    fireEvent.click(screen.getByRole("button", { name: /CSV/ }));

    const lines = (await saved[0]?.text())?.replace("\ufeff", "").split("\r\n");
    expect(lines?.[0]?.startsWith('"Desa","Diterima",')).toBe(true);
    expect(lines?.slice(1).map((line) => line.split(",").slice(0, 2).join(","))).toEqual([
      '"Jagabaya","30"',
      '"Nagarajati","22"',
      '"Bangunjaya","< 5"',
    ]);
  });
});
