import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { TextArea } from "../../../components/TextArea";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { saveBlob } from "../../../lib/download";
import { formatDate } from "../../../lib/format";
import { useLoad } from "../../../lib/useLoad";
import { PosterDownload } from "../components/PosterDownload";
import {
  annotateRegister,
  checkRegister,
  fetchDesaCategories,
  exportRegister,
  fetchExportFile,
  fetchExportJob,
  listRegister,
  type AnnotationField,
  type ExportFormat,
  type RegisterChannel,
  type RegisterFilters,
  type RegisterStatus,
  type RegisterCheck,
} from "../api";

type Check = { kind: "idle" } | { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: RegisterCheck };

const FORMATS: readonly ExportFormat[] = ["pdf", "xlsx", "csv"];
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
// The states a registered complaint can be in (never "submitted" or "spam": those have no entry).
const STATES: readonly RegisterStatus[] = ["received", "needs_info", "verified", "rejected", "assigned", "in_progress", "answered", "closed", "reopened"];
const CHANNELS: readonly RegisterChannel[] = ["web", "whatsapp", "email", "walk_in", "phone", "social_media", "suggestion_box", "application"];
const FIELDS: readonly AnnotationField[] = ["summary", "category", "channel", "reporter", "date", "remarks"];
const PAGE_SIZE = 50;
// How often a queued export is asked about while the worker builds it.
const POLL_MS = 2000;

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
  const [month, setMonth] = useState("");
  const [category, setCategory] = useState("");
  const [state, setState] = useState<RegisterStatus | "">("");
  const [channel, setChannel] = useState<RegisterChannel | "">("");
  const [annotating, setAnnotating] = useState<{ year: number; number: number; display: string } | null>(null);
  const [check, setCheck] = useState<Check>({ kind: "idle" });
  const [exporting, setExporting] = useState<{ format: ExportFormat; note: string } | null>(null);
  const [exportError, setExportError] = useState<ApiFailure | null>(null);
  const alive = useRef(true);

  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const { state: categoryList } = useLoad(() => fetchDesaCategories(desa.code), [desa.code, locale]);
  const categories = categoryList.kind === "loaded" ? categoryList.data : [];

  const filters: RegisterFilters = {
    year,
    ...(month ? { month: Number(month) } : {}),
    ...(category ? { category } : {}),
    ...(state ? { state } : {}),
    ...(channel ? { channel } : {}),
  };

  const { state: book, retry: reload } = useLoad(
    () => listRegister(desa.code, { ...filters, page, page_size: PAGE_SIZE, with_identity: mayIdentify && identify }),
    [desa.code, year, month, category, state, channel, page, identify, locale],
    { blank: true },
  );

  /** A filter changed: back to the first page. */
  function narrow<T>(set: (value: T) => void): (value: T) => void {
    return (value) => {
      set(value);
      setPage(1);
    };
  }

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
    const started = await exportRegister(desa.code, format, filters, mayIdentify && identify);
    if (!started.ok) {
      setExporting(null);
      setExportError(started.error);
      return;
    }
    if ("file" in started.data) {
      saveBlob(started.data.file, name);
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
      if (file.ok) saveBlob(file.data, name);
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
        <FilterSelect id="register-month" label={t("register.filter.month")} value={month} onValue={narrow(setMonth)} any={t("register.filter.any")}>
          {MONTHS.map((m) => (
            <option key={m} value={String(m)}>
              {new Date(2000, m - 1, 1).toLocaleDateString(locale, { month: "long" })}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="register-category" label={t("register.col.category")} value={category} onValue={narrow(setCategory)} any={t("register.filter.any")}>
          {categories.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="register-state" label={t("register.filter.state")} value={state} onValue={narrow((v: string) => setState(v as RegisterStatus | ""))} any={t("register.filter.any")}>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="register-channel" label={t("register.col.channel")} value={channel} onValue={narrow((v: string) => setChannel(v as RegisterChannel | ""))} any={t("register.filter.any")}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </FilterSelect>
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

      {book.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : book.kind === "failed" ? (
        <ErrorBox error={book.error} />
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
                    <td class="desk__code">
                      {row.display_number}
                      {mayIdentify ? (
                        <Button variant="secondary" onClick={() => setAnnotating({ year: row.year, number: row.number, display: row.display_number })}>
                          {t("register.annotate")}
                          <span class="visually-hidden"> {row.display_number}</span>
                        </Button>
                      ) : null}
                    </td>
                    <td class="desk__date">{formatDate(row.received_at, locale)}</td>
                    <td>{row.reporter}</td>
                    <td>{row.channel_label}</td>
                    <td>
                      {row.summary}
                      {row.annotations.map((note) => (
                        <p key={note.at} class="register__annotation">
                          {t("register.annotation", { field: t(`register.field.${note.field}`), text: note.text, reason: note.reason })}
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
          {annotating ? (
            <AnnotationForm
              desa={desa.code}
              entry={annotating}
              onDone={(saved) => {
                setAnnotating(null);
                if (saved) reload();
              }}
            />
          ) : null}
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

function FilterSelect({
  id,
  label,
  value,
  onValue,
  any,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  any: string;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      <select id={id} class="field__input" value={value} onChange={(event) => onValue(event.currentTarget.value)}>
        <option value="">{any}</option>
        {children}
      </select>
    </div>
  );
}

/** A correction beside an entry: which column, the right text, and why (all three kept). */
function AnnotationForm({
  desa,
  entry,
  onDone,
}: {
  desa: string;
  entry: { year: number; number: number; display: string };
  onDone: (saved: boolean) => void;
}) {
  const { t } = useStaffI18n();
  const [field, setField] = useState<AnnotationField>("summary");
  const [text, setText] = useState("");
  const [reason, setReason] = useState("");
  const [fields, setFields] = useState<Readonly<Record<string, readonly string[]>>>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (pending) return;
    const missing: Record<string, string[]> = {};
    if (!text.trim()) missing["text"] = [t("field.required")];
    if (!reason.trim()) missing["reason"] = [t("field.required")];
    setFields(missing);
    setFailure(null);
    if (Object.keys(missing).length > 0) return;
    setPending(true);
    const result = await annotateRegister(desa, entry.year, entry.number, { field, text: text.trim(), reason: reason.trim() });
    setPending(false);
    if (result.ok) onDone(true);
    else if (Object.keys(result.error.fields).length > 0) setFields(result.error.fields);
    else setFailure(result.error);
  }

  return (
    <form class="panel form" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="annotate-title">
      <h2 id="annotate-title">{t("register.annotateTitle", { number: entry.display })}</h2>
      <p class="field__hint">{t("register.annotateHint")}</p>
      {failure ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(failure.code))}</p>
        </div>
      ) : null}
      <div class="field">
        <label class="field__label" for="annotate-field">
          {t("register.annotateField")}
        </label>
        <select id="annotate-field" class="field__input" value={field} onChange={(event) => setField(event.currentTarget.value as AnnotationField)}>
          {FIELDS.map((f) => (
            <option key={f} value={f}>
              {t(`register.field.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <TextArea label={t("register.annotateText")} rows={2} maxLength={2000} value={text} onValue={setText} errors={fields["text"]} />
      <TextArea label={t("register.annotateReason")} rows={2} maxLength={2000} value={reason} onValue={setReason} errors={fields["reason"]} />
      <div class="actions actions--row">
        <Button type="submit" pending={pending} pendingLabel={t("app.loading")}>
          {t("register.annotateSave")}
        </Button>
        <Button variant="secondary" onClick={() => onDone(false)}>
          {t("canned.cancel")}
        </Button>
      </div>
    </form>
  );
}
