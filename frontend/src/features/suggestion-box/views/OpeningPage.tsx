import { useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { TextField } from "../../../components/TextField";
import { UrgentSelect, urgentValue, type UrgentAnswer } from "../../../components/UrgentSelect";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { formatDateTime } from "../../../lib/format";
import { Link, queryParam } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useLoad } from "../../../lib/useLoad";
import {
  addSlip,
  correctCount,
  fetchBeritaAcara,
  fetchCategories,
  fetchOpening,
  fetchOpeningPhoto,
  newKey,
  save,
  uploadOpeningPhoto,
  type Kind,
  type OpeningDetail,
} from "../api";
import { CompleteBadge } from "./OpeningsPage";

const KINDS = ["complaint", "aspiration", "suggestion", "information_request"] as const satisfies readonly Kind[];


/** One opening: its counts, the batch entry of its slips, the berita acara. */
export default function OpeningPage({ desa, id }: { desa: string; id: number }) {
  const { locale, t } = useStaffI18n();
  const { state: opening, replace: reload } = useLoad(() => fetchOpening(desa, id), [desa, id, locale]);
  const [downloadFailure, setDownloadFailure] = useState<ApiFailure | null>(null);
  const [downloading, setDownloading] = useState(false);

  if (opening.kind === "loading") return <p role="status">{t("app.loading")}</p>;
  if (opening.kind === "failed") return <ErrorBox error={opening.error} />;
  const o = opening.data;

  async function download(photo: boolean) {
    setDownloading(true);
    setDownloadFailure(null);
    try {
      const r = photo ? await fetchOpeningPhoto(desa, id) : await fetchBeritaAcara(desa, id);
      if (!r.ok) setDownloadFailure(r.error);
      else if (photo) save(r.data, `berita-acara-foto-${id}.${r.data.type === "application/pdf" ? "pdf" : (r.data.type.split("/")[1] ?? "jpg")}`);
      else save(r.data, `berita-acara-kotak-saran-${id}.pdf`);
    } finally {
      setDownloading(false);
    }
  }

  return (
    <section class="page" aria-labelledby="opening-title">
      <p>
        <Link href={routes.boxOpenings}>{t("box.back")}</Link>
      </p>
      <h1 id="opening-title">{t("box.openingOf", { when: formatDateTime(o.opened_at, locale) })}</h1>
      <p class="status-line" role="status" aria-live="polite">
        <CompleteBadge complete={o.complete} /> {t("box.counted", { entered: o.entered_count, declared: o.declared_count })}
      </p>
      <dl class="facts">
        <div>
          <dt>{t("box.openers")}</dt>
          <dd>{o.openers.map((p) => p.full_name).join(", ")}</dd>
        </div>
        <div>
          <dt>{t("box.witnesses")}</dt>
          <dd>{o.witnesses.map((w) => `${w.name} (${w.position})`).join(", ")}</dd>
        </div>
        {o.notes ? (
          <div>
            <dt>{t("box.notes")}</dt>
            <dd>{o.notes}</dd>
          </div>
        ) : null}
      </dl>
      <div class="actions actions--row">
        <Button variant="secondary" pending={downloading} pendingLabel={t("register.exportStarting")} onClick={() => void download(false)}>
          {t("box.download")}
        </Button>
        {o.has_photo ? (
          <Button variant="secondary" disabled={downloading} onClick={() => void download(true)}>
            {t("box.downloadPhoto")}
          </Button>
        ) : null}
      </div>
      {downloadFailure ? <p role="alert">{t(errorKey(downloadFailure.code))}</p> : null}
      {o.may_record && !o.has_photo ? <PhotoForm desa={desa} id={id} failedBefore={queryParam("foto") === "gagal"} onDone={() => void fetchOpening(desa, id).then((r) => r.ok && reload(r.data))} /> : null}
      {o.may_record ? <SlipForm desa={desa} id={id} onAdded={() => void fetchOpening(desa, id).then((r) => r.ok && reload(r.data))} /> : null}

      <h2 id="slips-title">{t("box.slipsTitle")}</h2>
      {o.slips.length === 0 ? (
        <p>{t("box.noSlips")}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="slips-title">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t("box.col.number")}</th>
                <th scope="col">{t("box.col.register")}</th>
                <th scope="col">{t("box.col.kind")}</th>
                <th scope="col">{t("box.col.summary")}</th>
              </tr>
            </thead>
            <tbody>
              {o.slips.map((s) => (
                <tr key={s.number}>
                  <td>{s.number}</td>
                  <td>{s.register_number}</td>
                  <td>{t(`kind.${s.kind}` as StaffKey)}</td>
                  <td>{s.title}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {o.may_record ? <CountForm desa={desa} id={id} declared={o.declared_count} onDone={reload} /> : null}
      {o.count_changes.length > 0 ? (
        <>
          <h2 id="changes-title">{t("box.changesTitle")}</h2>
          <ul aria-labelledby="changes-title">
            {o.count_changes.map((c) => (
              <li key={c.at}>
                {t("box.change", { from: c.from_count, to: c.to_count, reason: c.reason, who: c.changed_by, when: formatDateTime(c.at, locale) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

const EMPTY = { title: "", description: "", name: "", phone: "" };

/**
 * The batch screen: one slip after another from the keyboard. After each save the text
 * fields empty and the focus returns to the summary; kind, category and "anonymous" stay as
 * the previous slip had them. Enter in a one-line field or Ctrl+Enter in the text saves.
 */
function SlipForm({ desa, id, onAdded }: { desa: string; id: number; onAdded: () => void }) {
  const { t } = useStaffI18n();
  const { state: categoryList } = useLoad(() => fetchCategories(desa), [desa]);
  const categories = categoryList.kind === "loaded" ? categoryList.data : [];
  const [kind, setKind] = useState<Kind>("suggestion");
  const [category, setCategory] = useState("");
  const [anonymous, setAnonymous] = useState(true);
  const [text, setText] = useState(EMPTY);
  const [urgent, setUrgent] = useState<UrgentAnswer>("");
  const [photo, setPhoto] = useState<File | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [fields, setFields] = useState<Readonly<Record<string, readonly string[]>>>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  // One key per slip: a retry after a lost answer enters it once.
  const key = useRef(newKey());
  const title = useRef<HTMLInputElement>(null);
  const photoInput = useRef<HTMLInputElement>(null);

  const missing = {
    category: category === "",
    title: text.title.trim() === "",
    description: text.description.trim() === "",
    name: !anonymous && text.name.trim() === "",
  };

  async function submit(event?: Event) {
    event?.preventDefault();
    if (busy.current) return;
    setAttempted(true);
    setSaved(null);
    if (Object.values(missing).some(Boolean)) return;
    busy.current = true;
    setPending(true);
    setFailure(null);
    try {
      const result = await addSlip(
        desa,
        id,
        {
          kind,
          category,
          title: text.title.trim(),
          description: text.description.trim(),
          anonymous,
          name: anonymous ? "" : text.name.trim(),
          phone: anonymous ? "" : text.phone.trim(),
          urgent: urgentValue(urgent),
        },
        photo,
        key.current,
      );
      if (!result.ok) {
        if (result.error.status === 400) key.current = newKey();
        setFailure(result.error);
        setFields(result.error.fields);
        return;
      }
      key.current = newKey();
      setText(EMPTY);
      setUrgent("");
      setPhoto(null);
      if (photoInput.current) photoInput.current.value = "";
      setAttempted(false);
      setFields({});
      setSaved(t("box.slipSaved", { number: result.data.slip.number, register: result.data.slip.register_number }));
      onAdded();
      title.current?.focus();
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  const error = (local: boolean, name: string) => (attempted && local ? [t("field.required")] : fields[name]);
  const errorsOf = (messages: readonly string[] | undefined, errorId: string) =>
    messages?.length ? (
      <div class="field__error" id={errorId}>
        {messages.map((m) => (
          <p key={m}>{m}</p>
        ))}
      </div>
    ) : null;
  const titleErrors = error(missing.title, "title");
  const textErrors = error(missing.description, "description");
  const categoryErrors = error(missing.category, "category");

  return (
    <form class="form" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="slip-form-title">
      <h2 id="slip-form-title">{t("box.slipFormTitle")}</h2>
      <p class="field__hint">{t("box.slipFormHint")}</p>
      {failure ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(failure.code))}</p>
        </div>
      ) : null}
      {saved ? (
        <p class="alert alert--info" role="status">
          {saved}
        </p>
      ) : null}
      <div class="field">
        <label class="field__label" for="slip-kind">
          {t("walkIn.kind")}
        </label>
        <select id="slip-kind" class="field__input" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div class={categoryErrors?.length ? "field field--invalid" : "field"}>
        <label class="field__label" for="slip-category">
          {t("walkIn.category")}
        </label>
        <select id="slip-category" class="field__input" value={category} onChange={(e) => setCategory(e.currentTarget.value)} aria-invalid={categoryErrors?.length ? true : undefined}>
          <option value="">{t("walkIn.choose")}</option>
          {categories.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name}
            </option>
          ))}
        </select>
        {errorsOf(categoryErrors, "slip-category-error")}
      </div>
      <div class={titleErrors?.length ? "field field--invalid" : "field"}>
        <label class="field__label" for="slip-title">
          {t("box.slipTitle")}
        </label>
        <input id="slip-title" ref={title} class="field__input" maxLength={160} value={text.title} onInput={(e) => setText({ ...text, title: e.currentTarget.value })} aria-invalid={titleErrors?.length ? true : undefined} />
        {errorsOf(titleErrors, "slip-title-error")}
      </div>
      <div class={textErrors?.length ? "field field--invalid" : "field"}>
        <label class="field__label" for="slip-text">
          {t("box.slipText")}
        </label>
        <textarea
          id="slip-text"
          class="field__input"
          rows={4}
          value={text.description}
          onInput={(e) => setText({ ...text, description: e.currentTarget.value })}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit(e);
          }}
          aria-invalid={textErrors?.length ? true : undefined}
        />
        {errorsOf(textErrors, "slip-text-error")}
      </div>
      <UrgentSelect
        id="slip-urgent"
        label={t("box.slipUrgent")}
        noAnswer={t("box.slipUrgentUnsaid")}
        value={urgent}
        onValue={setUrgent}
        errors={fields["urgent"]}
      />
      <div class="field">
        <label class="choice">
          <input type="checkbox" class="choice__input" checked={anonymous} onChange={(e) => setAnonymous(e.currentTarget.checked)} />
          <span class="choice__label">{t("box.anonymous")}</span>
        </label>
      </div>
      {anonymous ? null : (
        <>
          <TextField label={t("box.slipName")} maxLength={150} value={text.name} onValue={(v) => setText({ ...text, name: v })} errors={error(missing.name, "name")} />
          <TextField label={t("box.slipPhone")} type="tel" inputMode="tel" maxLength={32} value={text.phone} onValue={(v) => setText({ ...text, phone: v })} errors={fields["phone"]} />
        </>
      )}
      <div class="field">
        <label class="field__label" for="slip-photo">
          {t("box.slipPhoto")}
        </label>
        <input id="slip-photo" ref={photoInput} type="file" accept="image/jpeg,image/png,image/webp,application/pdf" onChange={(e) => setPhoto(e.currentTarget.files?.[0] ?? null)} />
        {errorsOf(fields["file"] ?? fields["photo"], "slip-photo-error")}
      </div>
      <Button type="submit" pending={pending} pendingLabel={t("submit.sending")}>
        {t("box.saveSlip")}
      </Button>
    </form>
  );
}

function CountForm({ desa, id, declared, onDone }: { desa: string; id: number; declared: number; onDone: (o: OpeningDetail) => void }) {
  const { t } = useStaffI18n();
  const [count, setCount] = useState(String(declared));
  const [reason, setReason] = useState("");
  const [fields, setFields] = useState<Readonly<Record<string, readonly string[]>>>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setFailure(null);
    try {
      const r = await correctCount(desa, id, Number.parseInt(count, 10), reason.trim());
      if (r.ok) {
        setReason("");
        setFields({});
        onDone(r.data);
      } else {
        setFailure(r.error);
        setFields(r.error.fields);
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <details class="field">
      <summary>{t("box.correctCount")}</summary>
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        {failure && Object.keys(failure.fields).length === 0 ? <p role="alert">{t(errorKey(failure.code))}</p> : null}
        <TextField label={t("box.declared")} type="number" inputMode="numeric" min={0} value={count} onValue={setCount} errors={fields["declared_count"]} />
        <TextField label={t("box.reason")} maxLength={2000} value={reason} onValue={setReason} errors={fields["reason"]} />
        <Button type="submit" variant="secondary" pending={pending} pendingLabel={t("submit.sending")}>
          {t("box.saveCount")}
        </Button>
      </form>
    </details>
  );
}

function PhotoForm({ desa, id, failedBefore, onDone }: { desa: string; id: number; failedBefore: boolean; onDone: () => void }) {
  const { t } = useStaffI18n();
  const [file, setFile] = useState<File | null>(null);
  const [fields, setFields] = useState<Readonly<Record<string, readonly string[]>>>({});
  const [pending, setPending] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (pending || !file) return;
    setPending(true);
    try {
      const r = await uploadOpeningPhoto(desa, id, file);
      if (r.ok) onDone();
      else setFields(r.error.fields.file ? r.error.fields : { file: [t(errorKey(r.error.code))] });
    } finally {
      setPending(false);
    }
  }

  return (
    <details class="field" open={failedBefore}>
      <summary>{t("box.photo")}</summary>
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        {failedBefore ? <p role="alert">{t("box.photoFailed")}</p> : null}
        <label class="field__label" for="opening-photo-later">
          {t("box.photoHint")}
        </label>
        <input id="opening-photo-later" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        {fields["file"]?.map((m) => (
          <p class="field__error" key={m}>
            {m}
          </p>
        ))}
        <Button type="submit" variant="secondary" pending={pending} pendingLabel={t("submit.sending")}>
          {t("box.savePhoto")}
        </Button>
      </form>
    </details>
  );
}
