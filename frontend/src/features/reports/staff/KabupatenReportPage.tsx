import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { cellText, cellValue, fetchKabupatenReport, fetchKabupatens, type Region, type Report } from "../api";
import { BY_NAME, COLUMNS, ComparisonHead, MeasureCells, TotalsFoot, sortBy, toCsv, type Sort } from "./ComparisonTable";
import { Downloads } from "./Downloads";
import { YearPicker } from "./YearPicker";

type Load = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: Report };
type Row = Report["desa"][number];

/** The desa of a report by kecamatan, kecamatan by name, each group sorted by `key`. */
export function groupByKecamatan(rows: readonly Row[], key: string, descending: boolean): { code: string; name: string; rows: Row[] }[] {
  const column = COLUMNS.find((c) => c.key === key);
  const order = (a: Row, b: Row) => {
    if (!column) return a.name.localeCompare(b.name) * (descending ? -1 : 1);
    const x = cellValue(column.read(a.measures, a)) ?? -Infinity;
    const y = cellValue(column.read(b.measures, b)) ?? -Infinity;
    return (x - y) * (descending ? -1 : 1) || a.name.localeCompare(b.name);
  };
  const groups = new Map<string, { code: string; name: string; rows: Row[] }>();
  for (const row of rows) {
    const group = groups.get(row.kecamatan.code) ?? { ...row.kecamatan, rows: [] };
    group.rows.push(row);
    groups.set(row.kecamatan.code, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((group) => ({ ...group, rows: [...group.rows].sort(order) }));
}

/** Admins: every desa of a kabupaten side by side, grouped by kecamatan, sortable, as CSV. */
export default function KabupatenReportPage() {
  const { t } = useStaffI18n();
  const [kabupatens, setKabupatens] = useState<Region[]>([]);
  const [code, setCode] = useState("");
  const [year, setYear] = useState(new Date().getFullYear());
  const [state, setState] = useState<Load>({ kind: "loading" });
  const [sort, setSort] = useState<Sort>(BY_NAME);

  useEffect(() => {
    void fetchKabupatens().then((r) => {
      if (!r.ok) {
        setState({ kind: "failed", error: r.error });
        return;
      }
      setKabupatens(r.data.results);
      setCode((current) => current || (r.data.results[0]?.code ?? ""));
    });
  }, []);

  useEffect(() => {
    if (!code) return;
    setState({ kind: "loading" });
    void fetchKabupatenReport(code, year).then((r) =>
      setState(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error }),
    );
  }, [code, year]);

  const picker = (
    <p>
      <label for="report-kabupaten">{t("reports.kabupatenPick")} </label>
      <select id="report-kabupaten" value={code} onChange={(e) => setCode((e.target as HTMLSelectElement).value)}>
        {kabupatens.map((k) => (
          <option key={k.code} value={k.code}>
            {k.name}
          </option>
        ))}
      </select>
    </p>
  );
  if (state.kind !== "loaded") {
    return (
      <section class="page" aria-labelledby="report-title">
        <h1 id="report-title">{t("reports.kabupatenTitleLoading")}</h1>
        {picker}
        {state.kind === "loading" ? <p role="status">{t("app.loading")}</p> : <p role="alert">{t(errorKey(state.error.code))}</p>}
      </section>
    );
  }
  const report = state.data;
  const groups = groupByKecamatan(report.desa, sort.key, sort.descending);
  const width = COLUMNS.length + 1;

  return (
    <section class="page page--wide" aria-labelledby="report-title">
      <h1 id="report-title">{t("reports.kabupatenTitle", { kabupaten: report.region.name })}</h1>
      {picker}
      <YearPicker year={year} onChange={setYear} />
      <p class="hint">{t("reports.suppressionNote")}</p>
      <p class="hint">{t("reports.kabupatenHint")}</p>
      <Downloads
        code={report.region.code}
        year={year}
        csv={() =>
          toCsv([
            [t("reports.kecamatan"), t("reports.desa"), ...COLUMNS.map((c) => t(c.label))],
            ...groups.flatMap((group) =>
              group.rows.map((row) => [group.name, row.name, ...COLUMNS.map((c) => cellText(c.read(row.measures, row)))]),
            ),
          ])
        }
      />

      <div class="table-wrap" role="region" aria-labelledby="report-title" tabIndex={0}>
        <table class="table table--report">
          <caption class="visually-hidden">{t("reports.tableCaption", { year })}</caption>
          <ComparisonHead sort={sort} onSort={(key) => setSort((s) => sortBy(s, key))} />
          {groups.map((group) => (
            <tbody key={group.code}>
              <tr class="table__group">
                <th scope="colgroup" colSpan={width}>
                  {t("reports.kecamatanGroup", { kecamatan: group.name, count: group.rows.length })}
                </th>
              </tr>
              {group.rows.map((row) => (
                <tr key={row.code}>
                  <th scope="row">{row.name}</th>
                  <MeasureCells row={row} />
                </tr>
              ))}
            </tbody>
          ))}
          <TotalsFoot label={t("reports.kabupatenAll")} report={report} />
        </table>
      </div>
    </section>
  );
}
