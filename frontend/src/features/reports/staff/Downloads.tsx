import { useState } from "preact/hooks";
import { api } from "../../../api/client";
import { call } from "../../../api/errors";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";

type Level = "desa" | "kecamatan";
type Format = "pdf" | "xlsx";

function fetchFile(level: Level, code: string, format: Format, year: number) {
  const params = { path: { code, file_format: format }, query: { period: "year" as const, year } };
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

/** The report as files (the download needs the bearer token, so no plain <a href>), and the
 * table on screen as CSV when given. Without `level` (the kabupaten), the CSV alone. */
export function Downloads({ level, code, year, csv }: { level?: Level; code: string; year: number; csv?: () => string }) {
  const { t } = useStaffI18n();
  const [failed, setFailed] = useState<string | null>(null);
  const download = (format: Format) => {
    if (!level) return;
    setFailed(null);
    void fetchFile(level, code, format, year).then((r) => {
      if (r.ok) save(r.data, `laporan-${code}-${year}.${format}`);
      else setFailed(r.error.code);
    });
  };
  return (
    <div class="downloads">
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
