import { fireEvent, render, screen, within } from "@testing-library/preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import { reportMeasures } from "../../../testing/reports";
import KecamatanReportPage from "./KecamatanReportPage";

const fake = loggedInFakeApi();

const now = (overdue: number) => ({ open: overdue + 7, overdue, escalated: 0, unassignable: 0, age_0_3: 4, age_4_7: 2, age_over_7: overdue + 1 });
const PANAWANGAN = { code: "32.07.10", name: "Panawangan" };
const desa = (code: string, name: string, received: number | string, median: number | null, overdue: number) => ({
  code, name, kecamatan: PANAWANGAN, measures: reportMeasures(received, median), now: now(overdue),
});

beforeEach(() => {
  fake.on("GET", "/api/v1/reports/kecamatan/32.07.10/", () =>
    json({
      region: { code: "32.07.10", name: "Panawangan", level: "kecamatan" },
      period: { kind: "year", label: "2026", first: "2026-01-01", last: "2026-12-31" },
      totals: reportMeasures(57, 4), breakdown: null, kecamatan_reference: null, now: now(3),
      trend: [
        { month: "2026-01-01", measures: reportMeasures(20, 5) },
        { month: "2026-02-01", measures: reportMeasures(37, 3) },
      ],
      desa: [
        desa("32.07.10.2013", "Bangunjaya", "< 5", null, 0),
        desa("32.07.10.2010", "Jagabaya", 30, 3, 1),
        desa("32.07.10.2004", "Nagarajati", 22, 9, 2),
      ],
    }),
  );
});

const table = () => within(screen.getByRole("region", { name: "Ukuran per desa" })).getByRole("table");
const names = () => within(table()).getAllByRole("rowheader").map((cell) => cell.textContent);

describe("KecamatanReportPage", () => {
  it("compares its desa against the whole kecamatan, sorted by the column clicked", async () => {
    render(<KecamatanReportPage kecamatan={PANAWANGAN} />);
    expect(await screen.findByRole("region", { name: "Ukuran per desa" })).toBeTruthy();
    expect(screen.getByRole("heading", { level: 1, name: "Perbandingan desa, Kec. Panawangan" })).toBeTruthy();
    expect(names()).toEqual(["Bangunjaya", "Jagabaya", "Nagarajati", "Seluruh kecamatan"]);
    const kecamatanRow = within(table()).getByRole("row", { name: /Seluruh kecamatan/ });
    // Every measure: counts, open now, shares, days (median and p90 of both), satisfaction,
    // overdue now and the backlog by age.
    expect(within(table()).getAllByRole("columnheader").map((cell) => cell.textContent)).toEqual([
      "Desa", "Diterima", "Belum selesai sekarang", "Dijawab", "Selesai", "Ditolak", "Dijawab (%)",
      "Tepat waktu (%)", "Median hari sampai dijawab", "P90 hari sampai dijawab",
      "Median hari sampai tanggapan pertama", "P90 hari sampai tanggapan pertama", "Dibuka kembali (%)",
      "Rata-rata kepuasan", "Terlambat sekarang", "Terbuka 0–3 hari kerja", "Terbuka 4–7 hari kerja",
      "Terbuka > 7 hari kerja",
    ]);
    expect(within(kecamatanRow).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(
      ["57", "10", "0", "0", "0", "–", "–", "4", "4", "4", "4", "–", "–", "3", "4", "2", "4"],
    );

    const received = within(table()).getByRole("button", { name: "Diterima" });
    fireEvent.click(received); // largest first
    expect(names()).toEqual(["Jagabaya", "Nagarajati", "Bangunjaya", "Seluruh kecamatan"]);
    expect(received.closest("th")?.getAttribute("aria-sort")).toBe("descending");
    fireEvent.click(received); // and back
    expect(names()).toEqual(["Bangunjaya", "Nagarajati", "Jagabaya", "Seluruh kecamatan"]);
    expect(received.closest("th")?.getAttribute("aria-sort")).toBe("ascending");
  });

  it("gives the kecamatan's months as a table and draws each measure per desa and per month", async () => {
    const { container } = render(<KecamatanReportPage kecamatan={PANAWANGAN} />);
    expect(await screen.findByRole("region", { name: "Ukuran per desa" })).toBeTruthy();
    const months = screen.getByRole("region", { name: "Per bulan" });
    const rows = within(months).getAllByRole("row").map((row) => [...row.children].slice(0, 3).map((cell) => cell.textContent));
    expect(rows).toEqual([["Bulan", "Diterima", "Dijawab"], ["Jan", "20", "0"], ["Feb", "37", "0"]]);
    const captions = [...container.querySelectorAll("figure figcaption")].map((c) => c.textContent);
    expect(captions).toContain("P90 hari sampai tanggapan pertama");
    expect(captions).toContain("Terbuka > 7 hari kerja");
    const received = [...container.querySelectorAll("figure")].find((f) => f.querySelector("figcaption")?.textContent === "Diterima");
    // Bars per desa in the table's order, then the kecamatan's months as a line.
    expect([...(received?.querySelectorAll(".chart__label") ?? [])].map((label) => label.textContent)).toEqual(
      ["Bangunjaya", "Jagabaya", "Nagarajati", "Jan", "Feb"],
    );
    expect(received?.querySelectorAll("rect")).toHaveLength(2);
    // A hidden count keeps the table's marker beside its missing bar.
    expect([...(received?.querySelectorAll(".chart__value") ?? [])].map((value) => value.textContent)).toEqual(["< 5", "30", "22"]);
    expect(received?.querySelector("polyline")?.getAttribute("points")?.split(" ")).toHaveLength(2);
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
