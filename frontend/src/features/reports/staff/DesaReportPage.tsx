import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { cellText, cellValue, fetchDesaReport, type Report } from "../api";
import { LineChart } from "./BarChart";
import { COLUMNS, REFERENCE_KEYS } from "./ComparisonTable";
import { Downloads } from "./Downloads";
import { YearPicker } from "./YearPicker";

type Load = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: Report };

const MONTHS_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const REFERENCE_COLUMNS = COLUMNS.filter((c) => REFERENCE_KEYS.includes(c.key));

/** What needs the office now, each figure linking to the inbox filtered to it (`?overdue=1`…). */
const NEEDS_NOW = [
  { key: "overdue", label: "reports.overdueNow" },
  { key: "escalated", label: "reports.escalatedNow" },
  { key: "unassignable", label: "reports.unassignableNow" },
] as const;

/** A desa's report: its measures beside its kecamatan's (no other desa named), what needs
 * the office now, month by month, and by category. For its village head and its kecamatan;
 * `office` (the desa's own staff) makes the "needs you now" figures links to the inbox. */
export default function DesaReportPage({ code, office = false }: { code: string; office?: boolean }) {
  const { locale, t } = useStaffI18n();
  const [year, setYear] = useState(new Date().getFullYear());
  const [state, setState] = useState<Load>({ kind: "loading" });

  useEffect(() => {
    setState({ kind: "loading" });
    void fetchDesaReport(code, year).then((r) =>
      setState(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error }),
    );
  }, [code, year]);

  if (state.kind !== "loaded") {
    return (
      <section class="page" aria-labelledby="report-title">
        <h1 id="report-title">{t("reports.desaTitleLoading")}</h1>
        {state.kind === "loading" ? <p role="status">{t("app.loading")}</p> : <p role="alert">{t(errorKey(state.error.code))}</p>}
      </section>
    );
  }
  const report = state.data;
  const reference = report.kecamatan_reference;
  const months = locale === "id" ? MONTHS_ID : MONTHS_EN;
  const monthLabel = (iso: string) => months[Number(iso.slice(5, 7)) - 1] ?? iso;
  const now = report.now;

  return (
    <section class="page page--wide" aria-labelledby="report-title">
      <h1 id="report-title">{t("reports.desaTitle", { desa: report.region.name })}</h1>
      <YearPicker year={year} onChange={setYear} />
      <p class="hint">{t("reports.suppressionNote")}</p>
      <Downloads level="desa" code={code} year={year} />

      <h2 id="now-title">{t("reports.nowTitle")}</h2>
      <dl class="figures" aria-labelledby="now-title">
        <div class="figure">
          <dt>{t("reports.openNow")}</dt>
          <dd>{cellText(now.open)}</dd>
        </div>
        {NEEDS_NOW.map(({ key, label }) => (
          <div key={key} class={cellValue(now[key]) !== 0 ? "figure figure--alert" : "figure"}>
            <dt>{t(label)}</dt>
            <dd>
              {office ? (
                <Link href={`${routes.inbox}?${key}=1`}>
                  {cellText(now[key])}
                  <span class="visually-hidden"> — {t("reports.showInInbox", { what: t(label) })}</span>
                </Link>
              ) : (
                cellText(now[key])
              )}
            </dd>
          </div>
        ))}
        <div class="figure">
          <dt>{t("reports.age03")}</dt>
          <dd>{cellText(now.age_0_3)}</dd>
        </div>
        <div class="figure">
          <dt>{t("reports.age47")}</dt>
          <dd>{cellText(now.age_4_7)}</dd>
        </div>
        <div class="figure">
          <dt>{t("reports.ageOver7")}</dt>
          <dd>{cellText(now.age_over_7)}</dd>
        </div>
      </dl>

      <h2 id="compare-title">{t("reports.compareTitle", { year })}</h2>
      <div class="table-wrap" role="region" aria-labelledby="compare-title" tabIndex={0}>
        <table class="table table--report">
          <thead>
            <tr>
              <th scope="col">{t("reports.measure")}</th>
              <th scope="col">{report.region.name}</th>
              <th scope="col">{reference ? t("reports.kecamatanValue", { kecamatan: reference.name }) : ""}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t("reports.received")}</th>
              <td>{cellText(report.totals.received)}</td>
              <td>–</td>
            </tr>
            {REFERENCE_COLUMNS.map((c) => (
              <tr key={c.key}>
                <th scope="row">{t(c.label)}</th>
                <td>{cellText(c.read(report.totals), c.suffix)}</td>
                <td>
                  {reference
                    ? cellText(
                        c.key === "rating_mean"
                          ? reference.rating_mean
                          : c.read({ ...report.totals, ...reference, rating: report.totals.rating }),
                        c.suffix,
                      )
                    : "–"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="months-title">{t("reports.monthsTitle")}</h2>
      <figure class="chart-figure">
        <figcaption>{t("reports.received")}</figcaption>
        <LineChart points={report.trend.map((m) => ({ label: monthLabel(m.month), value: cellValue(m.measures.received) }))} />
      </figure>
      <div class="table-wrap" role="region" aria-labelledby="months-title" tabIndex={0}>
        <table class="table table--report">
          <thead>
            <tr>
              <th scope="col">{t("reports.month")}</th>
              <th scope="col">{t("reports.received")}</th>
              <th scope="col">{t("reports.answered")}</th>
              <th scope="col">{t("reports.answerMedian")}</th>
              <th scope="col">{t("reports.withinSlaShare")}</th>
            </tr>
          </thead>
          <tbody>
            {report.trend.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthLabel(m.month)}</th>
                <td>{cellText(m.measures.received)}</td>
                <td>{cellText(m.measures.answered)}</td>
                <td>{cellText(m.measures.answer_days.median)}</td>
                <td>{cellText(m.measures.within_sla_share, " %")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="categories-title">{t("reports.categoriesTitle")}</h2>
      <div class="table-wrap" role="region" aria-labelledby="categories-title" tabIndex={0}>
        <table class="table table--report">
          <thead>
            <tr>
              <th scope="col">{t("reports.category")}</th>
              <th scope="col">{t("reports.received")}</th>
              <th scope="col">{t("reports.answered")}</th>
              <th scope="col">{t("reports.answerMedian")}</th>
            </tr>
          </thead>
          <tbody>
            {(report.breakdown?.rows ?? []).map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td>{cellText(row.measures.received)}</td>
                <td>{cellText(row.measures.answered)}</td>
                <td>{cellText(row.measures.answer_days.median)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
