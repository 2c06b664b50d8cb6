import { useState } from "preact/hooks";
import { api } from "../../../api/client";
import { call } from "../../../api/errors";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";

type Level = "desa" | "kecamatan";
type Format = "pdf" | "xlsx";

/** The whole year ("") or one of its months ("1"–"12"): a BPD or Musdes meeting reads either. */
type Period = string;

function fetchFile(level: Level, code: string, format: Format, year: number, month: Period) {
  const query = month ? { period: "month" as const, year, month: Number(month) } : { period: "year" as const, year };
  const params = { path: { code, file_format: format }, query };
  return call(() =>
    level === "desa"
      ? api.GET("/api/v1/reports/desa/{code}/file/{file_format}/", { params, parseAs: "blob" })
      : api.GET("/api/v1/reports/kecamatan/{code}/file/{file_format}/", { params, parseAs: "blob" }),
  );
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The report as files, for the year or one of its months (the download needs the bearer
 * token, so no plain <a href>), and the table on screen as CSV when given. Without `level`
 * (the kabupaten), the CSV alone. */
export function Downloads({ level, code, year, csv }: { level?: Level; code: string; year: number; csv?: () => string }) {
  const { locale, t } = useStaffI18n();
  const [failed, setFailed] = useState<string | null>(null);
  const [month, setMonth] = useState<Period>("");
  const download = (format: Format) => {
    if (!level) return;
    setFailed(null);
    void fetchFile(level, code, format, year, month).then((r) => {
      const label = month ? `${year}-${month.padStart(2, "0")}` : String(year);
      if (r.ok) save(r.data, `laporan-${code}-${label}.${format}`);
      else setFailed(r.error.code);
    });
  };
  const monthName = (m: number) => new Date(Date.UTC(year, m - 1, 1)).toLocaleString(locale === "id" ? "id-ID" : "en-GB", { month: "long", timeZone: "UTC" });
  return (
    <div class="downloads">
      {level && (
        <p>
          <label for="report-period">{t("reports.filePeriod")} </label>
          <select id="report-period" value={month} onChange={(e) => setMonth((e.target as HTMLSelectElement).value)}>
            <option value="">{t("reports.fileWholeYear", { year })}</option>
            {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => (
              <option key={m} value={String(m)}>
                {`${monthName(m)} ${year}`}
              </option>
            ))}
          </select>
        </p>
      )}
      {level && (
        <button type="button" class="button button--secondary" onClick={() => download("pdf")}>
          {t("reports.downloadPdf")}
        </button>
      )}
      {level && (
        <button type="button" class="button button--secondary" onClick={() => download("xlsx")}>
          {t("reports.downloadXlsx")}
        </button>
      )}
      {csv && (
        <button
          type="button"
          class="button button--secondary"
          onClick={() => save(new Blob(["\ufeff", csv()], { type: "text/csv" }), `laporan-${code}-${year}.csv`)}
        >
          {t("reports.downloadCsv")}
        </button>
      )}
      {failed && <p role="alert">{t(errorKey(failed))}</p>}
    </div>
  );
}
