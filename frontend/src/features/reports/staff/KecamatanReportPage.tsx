import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { cellText, cellValue, fetchKecamatanReport, type Report } from "../api";
import { BarChart, LineChart } from "./BarChart";
import { BY_NAME, COLUMNS, ComparisonHead, MeasureCells, REFERENCE_KEYS, TotalsFoot, sortBy, toCsv, type Sort } from "./ComparisonTable";
import { Downloads } from "./Downloads";
import { YearPicker } from "./YearPicker";

// The measures a month has: not what is open today.
const MONTHLY = COLUMNS.filter((c) => !c.now);

type Load = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: Report };

/** The kecamatan operator's comparison of its desa, sortable, against the kecamatan's value. */
export default function KecamatanReportPage({ kecamatan }: { kecamatan: { code: string; name: string } }) {
  const { locale, t } = useStaffI18n();
  const [year, setYear] = useState(new Date().getFullYear());
  const [state, setState] = useState<Load>({ kind: "loading" });
  const [sort, setSort] = useState<Sort>(BY_NAME);

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
  // An ISO date is midnight UTC: read in UTC, west of Greenwich it is not the month before.
  const monthLabel = (iso: string) =>
    new Date(iso).toLocaleString(locale === "id" ? "id-ID" : "en-GB", { month: "short", timeZone: "UTC" });
  const column = COLUMNS.find((c) => c.key === sort.key);
  const rows = [...report.desa].sort((a, b) => {
    if (!column) return a.name.localeCompare(b.name) * (sort.descending ? -1 : 1);
    const x = cellValue(column.read(a.measures, a)) ?? -Infinity;
    const y = cellValue(column.read(b.measures, b)) ?? -Infinity;
    return (x - y) * (sort.descending ? -1 : 1);
  });

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
          toCsv([
            [t("reports.desa"), ...COLUMNS.map((c) => t(c.label))],
            ...rows.map((row) => [row.name, ...COLUMNS.map((c) => cellText(c.read(row.measures, row)))]),
          ])
        }
      />

      <h2 id="table-title">{t("reports.tableTitle")}</h2>
      <div class="table-wrap" role="region" aria-labelledby="table-title" tabIndex={0}>
        <table class="table table--report">
          <caption class="visually-hidden">{t("reports.tableCaption", { year })}</caption>
          <ComparisonHead sort={sort} onSort={(key) => setSort((s) => sortBy(s, key))} />
          <tbody>
            {rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">
                  <Link href={routes.kecamatanDesa(row.code)}>{row.name}</Link>
                </th>
                <MeasureCells row={row} />
              </tr>
            ))}
          </tbody>
          <TotalsFoot label={t("reports.kecamatanAll")} report={report} />
        </table>
      </div>

      <h2 id="months-title">{t("reports.monthsTitle")}</h2>
      <div class="table-wrap" role="region" aria-labelledby="months-title" tabIndex={0}>
        <table class="table table--report">
          <thead>
            <tr>
              <th scope="col">{t("reports.month")}</th>
              {MONTHLY.map((c) => (
                <th key={c.key} scope="col">
                  {t(c.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.trend.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthLabel(m.month)}</th>
                {MONTHLY.map((c) => (
                  <td key={c.key}>{cellText(c.read(m.measures), c.suffix)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("reports.chartsTitle")}</h2>
      <p class="hint">{t("reports.chartsHint")}</p>
      <div class="charts">
        {COLUMNS.map((c) => (
          <figure key={c.key} class="chart-figure">
            <figcaption>{t(c.label)}</figcaption>
            <BarChart
              bars={rows.map((row) => ({
                label: row.name,
                value: cellValue(c.read(row.measures, row)),
                text: cellText(c.read(row.measures, row), c.suffix),
              }))}
              reference={REFERENCE_KEYS.includes(c.key) ? cellValue(c.read(report.totals)) : null}
            />
            {/* The kecamatan month by month; what is open today has no months. */}
            {c.now ? null : (
              <LineChart
                points={report.trend.map((m) => ({ label: monthLabel(m.month), value: cellValue(c.read(m.measures)) }))}
              />
            )}
          </figure>
        ))}
      </div>
    </section>
  );
}
