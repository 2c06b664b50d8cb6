import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { cellText, cellValue, fetchKecamatanReport, type Cell, type Measures, type Report } from "../api";
import { BarChart } from "./BarChart";
import { Downloads } from "./Downloads";
import { YearPicker } from "./YearPicker";

type Load = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: Report };
type Row = Report["desa"][number];

/** One column of the comparison: how to read it from a row's measures, and how to show it. */
interface Column {
  key: string;
  label: StaffKey;
  read: (m: Measures, row?: Row) => Cell | null | undefined;
  suffix?: string;
  lowerIsBetter?: boolean;
}

export const COLUMNS: Column[] = [
  { key: "received", label: "reports.received", read: (m) => m.received },
  { key: "answered_share", label: "reports.answeredShare", read: (m) => m.answered_share, suffix: " %" },
  { key: "within_sla_share", label: "reports.withinSlaShare", read: (m) => m.within_sla_share, suffix: " %" },
  { key: "answer_median", label: "reports.answerMedian", read: (m) => m.answer_days.median, lowerIsBetter: true },
  { key: "answer_p90", label: "reports.answerP90", read: (m) => m.answer_days.p90, lowerIsBetter: true },
  { key: "response_median", label: "reports.responseMedian", read: (m) => m.response_days.median, lowerIsBetter: true },
  { key: "reopened_share", label: "reports.reopenedShare", read: (m) => m.reopened_share, suffix: " %", lowerIsBetter: true },
  { key: "rating_mean", label: "reports.ratingMean", read: (m) => m.rating.mean },
  { key: "overdue", label: "reports.overdueNow", read: (_m, row) => row?.now.overdue, lowerIsBetter: true },
];
const CHARTED = ["answer_median", "within_sla_share", "received"];

/** The kecamatan operator's comparison of its desa, sortable, against the kecamatan's value. */
export default function KecamatanReportPage({ kecamatan }: { kecamatan: { code: string; name: string } }) {
  const { t } = useStaffI18n();
  const [year, setYear] = useState(new Date().getFullYear());
  const [state, setState] = useState<Load>({ kind: "loading" });
  const [sort, setSort] = useState<{ key: string; descending: boolean }>({ key: "name", descending: false });

  useEffect(() => {
    setState({ kind: "loading" });
    void fetchKecamatanReport(kecamatan.code, year).then((r) =>
      setState(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error }),
    );
  }, [kecamatan.code, year]);

  const title = t("reports.kecamatanTitle", { kecamatan: kecamatan.name });
  if (state.kind !== "loaded") {
    return (
      <section class="page" aria-labelledby="report-title">
        <h1 id="report-title">{title}</h1>
        {state.kind === "loading" ? <p role="status">{t("app.loading")}</p> : <p role="alert">{t(errorKey(state.error.code))}</p>}
      </section>
    );
  }
  const report = state.data;
  const column = COLUMNS.find((c) => c.key === sort.key);
  const rows = [...report.desa].sort((a, b) => {
    if (!column) return a.name.localeCompare(b.name) * (sort.descending ? -1 : 1);
    const x = cellValue(column.read(a.measures, a)) ?? -Infinity;
    const y = cellValue(column.read(b.measures, b)) ?? -Infinity;
    return (x - y) * (sort.descending ? -1 : 1);
  });
  const toggle = (key: string) =>
    setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== "name" }));
  const ariaSort = (key: string) => (sort.key === key ? (sort.descending ? "descending" : "ascending") : undefined);

  return (
    <section class="page page--wide" aria-labelledby="report-title">
      <h1 id="report-title">{title}</h1>
      <YearPicker year={year} onChange={setYear} />
      <p class="hint">{t("reports.suppressionNote")}</p>
      <Downloads
        level="kecamatan"
        code={kecamatan.code}
        year={year}
        csv={() =>
          [
            [t("reports.desa"), ...COLUMNS.map((c) => t(c.label))],
            ...rows.map((row) => [row.name, ...COLUMNS.map((c) => cellText(c.read(row.measures, row)))]),
          ]
            .map((line) => line.map((v) => `"${v.replace(/"/g, '""')}"`).join(","))
            .join("\r\n")
        }
      />

      <h2 id="table-title">{t("reports.tableTitle")}</h2>
      <div class="table-wrap" role="region" aria-labelledby="table-title" tabIndex={0}>
        <table class="table table--report">
          <caption class="visually-hidden">{t("reports.tableCaption", { year })}</caption>
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort("name")}>
                <button type="button" class="sort" onClick={() => toggle("name")}>
                  {t("reports.desa")}
                </button>
              </th>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" aria-sort={ariaSort(c.key)}>
                  <button type="button" class="sort" onClick={() => toggle(c.key)}>
                    {t(c.label)}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">
                  <Link href={routes.kecamatanDesa(row.code)}>{row.name}</Link>
                </th>
                {COLUMNS.map((c) => (
                  <td key={c.key}>{cellText(c.read(row.measures, row), c.suffix)}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("reports.kecamatanAll")}</th>
              {COLUMNS.map((c) => (
                <td key={c.key}>{cellText(c.key === "overdue" ? report.now.overdue : c.read(report.totals), c.suffix)}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>

      <h2>{t("reports.chartsTitle")}</h2>
      <p class="hint">{t("reports.chartsHint")}</p>
      <div class="charts">
        {COLUMNS.filter((c) => CHARTED.includes(c.key)).map((c) => (
          <figure key={c.key} class="chart-figure">
            <figcaption>{t(c.label)}</figcaption>
            <BarChart
              bars={report.desa.map((row) => ({ label: row.name, value: cellValue(c.read(row.measures, row)) }))}
              reference={c.key === "received" ? null : cellValue(c.read(report.totals))}
            />
          </figure>
        ))}
      </div>
    </section>
  );
}
