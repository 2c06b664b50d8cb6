import { useStaffI18n } from "../../../i18n/staff";

/** The report's year: this year and the four before it. */
export function YearPicker({ year, onChange }: { year: number; onChange: (year: number) => void }) {
  const { t } = useStaffI18n();
  const now = new Date().getFullYear();
  return (
    <p>
      <label for="report-year">{t("reports.year")} </label>
      <select id="report-year" value={year} onChange={(e) => onChange(Number((e.target as HTMLSelectElement).value))}>
        {[0, 1, 2, 3, 4].map((back) => (
          <option key={back} value={now - back}>
            {now - back}
          </option>
        ))}
      </select>
    </p>
  );
}
