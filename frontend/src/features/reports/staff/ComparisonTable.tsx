import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { cellText, type Cell, type Measures, type Report } from "../api";

type Row = Report["desa"][number];

/** One column of the comparison: how to read it from a row's measures, and how to show it. */
interface Column {
  key: string;
  label: StaffKey;
  read: (m: Measures, row?: Row) => Cell | null | undefined;
  suffix?: string;
  lowerIsBetter?: boolean;
  /** Read from what is open today (`now`), not from the period's measures. */
  now?: keyof Report["now"];
}

export const COLUMNS: Column[] = [
  { key: "received", label: "reports.received", read: (m) => m.received },
  { key: "open", label: "reports.openNow", read: (_m, row) => row?.now.open, now: "open" },
  { key: "answered", label: "reports.answered", read: (m) => m.answered },
  { key: "closed", label: "reports.closed", read: (m) => m.closed },
  { key: "rejected", label: "reports.rejected", read: (m) => m.rejected },
  { key: "answered_share", label: "reports.answeredShare", read: (m) => m.answered_share, suffix: " %" },
  { key: "within_sla_share", label: "reports.withinSlaShare", read: (m) => m.within_sla_share, suffix: " %" },
  { key: "answer_median", label: "reports.answerMedian", read: (m) => m.answer_days.median, lowerIsBetter: true },
  { key: "answer_p90", label: "reports.answerP90", read: (m) => m.answer_days.p90, lowerIsBetter: true },
  { key: "response_median", label: "reports.responseMedian", read: (m) => m.response_days.median, lowerIsBetter: true },
  { key: "response_p90", label: "reports.responseP90", read: (m) => m.response_days.p90, lowerIsBetter: true },
  { key: "reopened_share", label: "reports.reopenedShare", read: (m) => m.reopened_share, suffix: " %", lowerIsBetter: true },
  { key: "rating_mean", label: "reports.ratingMean", read: (m) => m.rating.mean },
  { key: "overdue", label: "reports.overdueNow", read: (_m, row) => row?.now.overdue, lowerIsBetter: true, now: "overdue" },
  // The backlog by age: what is open now, by working days since it came in.
  { key: "age_0_3", label: "reports.age03", read: (_m, row) => row?.now.age_0_3, now: "age_0_3" },
  { key: "age_4_7", label: "reports.age47", read: (_m, row) => row?.now.age_4_7, now: "age_4_7" },
  { key: "age_over_7", label: "reports.ageOver7", read: (_m, row) => row?.now.age_over_7, lowerIsBetter: true, now: "age_over_7" },
];

/** The measures a desa's report sets beside its kecamatan's: shares and working days, not
 * counts (the kecamatan's counts are the sum of desa the head may not see). */
export const REFERENCE_KEYS = [
  "answered_share", "within_sla_share", "answer_median", "answer_p90",
  "response_median", "response_p90", "reopened_share", "rating_mean",
];

/** Which column the desa are sorted by, and which way. */
export interface Sort {
  key: string;
  descending: boolean;
}

export const BY_NAME: Sort = { key: "name", descending: false };

/** A click on a column's header: the same column turns round; another starts with its
 * largest values (names from A). */
export function sortBy(current: Sort, key: string): Sort {
  return { key, descending: current.key === key ? !current.descending : key !== "name" };
}

/** The header row: the desa column, then a sort button for each measure. */
export function ComparisonHead({ sort, onSort }: { sort: Sort; onSort: (key: string) => void }) {
  const { t } = useStaffI18n();
  const ariaSort = (key: string) => (sort.key === key ? (sort.descending ? "descending" : "ascending") : undefined);
  return (
    <thead>
      <tr>
        <th scope="col" aria-sort={ariaSort("name")}>
          <button type="button" class="sort" onClick={() => onSort("name")}>
            {t("reports.desa")}
          </button>
        </th>
        {COLUMNS.map((c) => (
          <th key={c.key} scope="col" aria-sort={ariaSort(c.key)}>
            <button type="button" class="sort" onClick={() => onSort(c.key)}>
              {t(c.label)}
            </button>
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A desa's measures, after its name cell. */
export function MeasureCells({ row }: { row: Row }) {
  return (
    <>
      {COLUMNS.map((c) => (
        <td key={c.key}>{cellText(c.read(row.measures, row), c.suffix)}</td>
      ))}
    </>
  );
}

/** The last row: the whole region's value of each measure. */
export function TotalsFoot({ label, report }: { label: string; report: Report }) {
  return (
    <tfoot>
      <tr>
        <th scope="row">{label}</th>
        {COLUMNS.map((c) => (
          <td key={c.key}>{cellText(c.now ? report.now[c.now] : c.read(report.totals), c.suffix)}</td>
        ))}
      </tr>
    </tfoot>
  );
}

/** The table as CSV: every cell quoted, lines ended the spreadsheet way. */
export function toCsv(lines: string[][]): string {
  return lines.map((line) => line.map((v) => `"${v.replace(/"/g, '""')}"`).join(",")).join("\r\n");
}
