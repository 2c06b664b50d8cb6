import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { formatDate } from "../../../lib/format";
import { PosterDownload } from "../components/PosterDownload";
import {
  checkRegister,
  exportRegister,
  fetchExportFile,
  fetchExportJob,
  listRegister,
  type ExportFormat,
  type RegisterCheck,
  type RegisterPage,
} from "../api";

type Load<T> = { kind: "idle" } | { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: T };

const FORMATS: readonly ExportFormat[] = ["pdf", "xlsx", "csv"];
const PAGE_SIZE = 50;
// How often a queued export is asked about while the worker builds it.
const POLL_MS = 2000;

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface RegisterBookPageProps {
  desa: { code: string; name: string };
  /** Intake officer and village head may show reporters' names (each read is logged). */
  mayIdentify: boolean;
}

/**
 * The desa's register book as the paper one: a line per received complaint, by number, with
 * its corrections beside it; printed as PDF, XLSX or CSV, and its hash chain checked. The
 * kecamatan reads it without reporters' names.
 */
export default function RegisterBookPage({ desa, mayIdentify }: RegisterBookPageProps) {
  const { locale, t } = useStaffI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [page, setPage] = useState(1);
  const [identify, setIdentify] = useState(false);
  const [book, setBook] = useState<Load<RegisterPage>>({ kind: "loading" });
  const [check, setCheck] = useState<Load<RegisterCheck>>({ kind: "idle" });
  const [exporting, setExporting] = useState<{ format: ExportFormat; note: string } | null>(null);
  const [exportError, setExportError] = useState<ApiFailure | null>(null);
  const alive = useRef(true);

  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  useEffect(() => {
    let current = true;
    setBook({ kind: "loading" });
    void listRegister(desa.code, { year, page, page_size: PAGE_SIZE, with_identity: mayIdentify && identify }).then((r) => {
      if (current) setBook(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error });
    });
    return () => {
      current = false;
    };
  }, [desa.code, year, page, identify, locale]);

  async function runCheck() {
    setCheck({ kind: "loading" });
    const r = await checkRegister(desa.code);
    setCheck(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error });
  }

  async function runExport(format: ExportFormat) {
    if (exporting) return;
    setExportError(null);
    setExporting({ format, note: t("register.exportStarting") });
    const name = `register-${desa.code}-${year}.${format}`;
    const started = await exportRegister(desa.code, format, year, mayIdentify && identify);
    if (!started.ok) {
      setExporting(null);
      setExportError(started.error);
      return;
    }
    if ("file" in started.data) {
      save(started.data.file, name);
      setExporting(null);
      return;
    }
    // A large book: the worker builds it; follow the job until the file is ready.
    let job = started.data.job;
    while (alive.current && (job.state === "pending" || job.state === "running")) {
      setExporting({ format, note: t(`register.job.${job.state}`, { rows: job.rows ?? 0 }) });
      await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
      const next = await fetchExportJob(job.token);
      if (!next.ok) {
        setExporting(null);
        setExportError(next.error);
        return;
      }
      job = next.data;
    }
    if (job.state === "done") {
      const file = await fetchExportFile(job.token);
      if (file.ok) save(file.data, name);
      else setExportError(file.error);
    } else if (job.state === "failed") {
      setExportError({ status: 500, code: "server_error", fields: {} });
    }
    setExporting(null);
  }

  const years = [thisYear, thisYear - 1, thisYear - 2, thisYear - 3];
  return (
    <section class="page page--desk" aria-labelledby="register-title">
      <h1 id="register-title">{t("register.title", { desa: desa.name })}</h1>
      <p class="lead">{t(mayIdentify ? "register.intro" : "register.introDeidentified")}</p>

      <div class="form register__controls">
        <div class="field">
          <label class="field__label" for="register-year">
            {t("register.year")}
          </label>
          <select
            id="register-year"
            class="field__input"
            value={String(year)}
            onChange={(event) => {
              setYear(Number(event.currentTarget.value));
              setPage(1);
            }}
          >
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {mayIdentify ? (
          <label class="choice">
            <input type="checkbox" checked={identify} onChange={(event) => setIdentify(event.currentTarget.checked)} />
            <span class="choice__label">{t("register.identify")}</span>
          </label>
        ) : null}
      </div>

      <div class="actions actions--row" role="group" aria-label={t("register.exportLabel", { year })}>
        {FORMATS.map((format) => (
          <Button
            key={format}
            variant="secondary"
            pending={exporting?.format === format}
            pendingLabel={exporting?.note ?? t("app.loading")}
            onClick={() => void runExport(format)}
          >
            {t(`register.export.${format}`)}
          </Button>
        ))}
        <Button variant="secondary" pending={check.kind === "loading"} pendingLabel={t("app.loading")} onClick={() => void runCheck()}>
          {t("register.check")}
        </Button>
      </div>
      <div aria-live="polite">
        {exporting ? <p role="status">{exporting.note}</p> : null}
        {check.kind === "loaded" ? (
          <div class={check.data.ok ? "alert alert--info" : "alert alert--error"} role="status">
            <p>{t(check.data.ok ? "register.checkOk" : "register.checkBroken")}</p>
            <ul>
              {check.data.chains.map((chain) => (
                <li key={chain.year}>
                  {chain.ok
                    ? t("register.chainOk", { year: chain.year, count: chain.entries })
                    : t("register.chainBroken", { year: chain.year, number: chain.broken?.number ?? 0 })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {exportError || check.kind === "failed" ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey((exportError ?? (check.kind === "failed" ? check.error : null))?.code ?? "generic"))}</p>
        </div>
      ) : null}

      {mayIdentify ? <PosterDownload desa={desa.code} /> : null}

      {book.kind === "loading" || book.kind === "idle" ? (
        <p role="status">{t("app.loading")}</p>
      ) : book.kind === "failed" ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(book.error.code))}</p>
        </div>
      ) : book.data.results.length === 0 ? (
        <p>{t("register.empty", { year })}</p>
      ) : (
        <>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="register-title">
            <table class="desk__table register">
              <caption class="visually-hidden">{t("register.caption", { year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("register.col.number")}</th>
                  <th scope="col">{t("register.col.received")}</th>
                  <th scope="col">{t("register.col.reporter")}</th>
                  <th scope="col">{t("register.col.channel")}</th>
                  <th scope="col">{t("register.col.summary")}</th>
                  <th scope="col">{t("register.col.category")}</th>
                  <th scope="col">{t("register.col.distributed")}</th>
                  <th scope="col">{t("register.col.followUp")}</th>
                  <th scope="col">{t("register.col.finished")}</th>
                  <th scope="col">{t("register.col.remarks")}</th>
                </tr>
              </thead>
              <tbody>
                {book.data.results.map((row) => (
                  <tr key={row.number}>
                    <td class="desk__code">{row.display_number}</td>
                    <td class="desk__date">{formatDate(row.received_at, locale)}</td>
                    <td>{row.reporter}</td>
                    <td>{row.channel_label}</td>
                    <td>
                      {row.summary}
                      {row.annotations.map((note) => (
                        <p key={note.at} class="register__annotation">
                          {t("register.annotation", { field: note.field, text: note.text, reason: note.reason })}
                        </p>
                      ))}
                    </td>
                    <td>{row.category}</td>
                    <td>{row.distributed_to}</td>
                    <td>{row.follow_up}</td>
                    <td class="desk__date">{row.finished_at ? formatDate(row.finished_at, locale) : "—"}</td>
                    <td>{row.remarks}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions actions--row">
            {book.data.previous ? (
              <Button variant="secondary" onClick={() => setPage((p) => p - 1)}>
                {t("overview.newer")}
              </Button>
            ) : null}
            {book.data.next ? (
              <Button variant="secondary" onClick={() => setPage((p) => p + 1)}>
                {t("overview.older")}
              </Button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
