import { useState } from "preact/hooks";
import { messagesBesides, type ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { FormAlert } from "../../../components/FormAlert";
import { SelectField } from "../../../components/SelectField";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { UrgentSelect, urgentValue, type UrgentAnswer } from "../../../components/UrgentSelect";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { formatDateTime } from "../../../lib/format";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useStore } from "../../../lib/store";
import { useLoad } from "../../../lib/useLoad";
import { activeWorkspace, workspaceStore } from "../../../lib/workspace";
import {
  convertDraft,
  dismissDraft,
  fetchMedia,
  getDraft,
  listCategories,
  listDrafts,
  replyToDraft,
  type Draft,
  type DraftMessage,
} from "../api";

const KINDS = ["complaint", "aspiration", "suggestion", "information_request"] as const;
// The convert form's inputs; a refusal of any other field is listed in its alert.
const SHOWN_FIELDS = [
  "kind", "category", "title", "description", "urgent",
  "reporter.name", "reporter.phone", "reporter.email", "reporter.nik", "reporter.address",
] as const;

/**
 * The intake officer's drafts: what came by WhatsApp and e-mail, before it is a complaint.
 * One screen holds the list and the open conversation, so the officer reads, answers, makes
 * a complaint or dismisses without leaving it.
 */
export default function DraftsPage({ desa }: { desa: string }) {
  const { locale, t } = useStaffI18n();
  // The village head reads the drafts; the intake officers handle them.
  const workspace = activeWorkspace(useStore(workspaceStore));
  const mayHandle = workspace?.roles.includes("intake_officer") ?? false;
  const [state, setState] = useState<"open" | "converted" | "dismissed">("open");
  const [openId, setOpenId] = useState<number | null>(null);
  // The complaint just made, announced above the list that no longer shows its draft.
  const [recorded, setRecorded] = useState<string | null>(null);

  const { state: list, retry: reload } = useLoad(() => listDrafts(state, 1), [state, locale], { blank: true });

  return (
    <section class="page" aria-labelledby="drafts-title">
      <h1 id="drafts-title">{t("drafts.title")}</h1>
      <p>{t("drafts.intro")}</p>
      {recorded ? (
        <p role="status" class="alert alert--info">
          {t("drafts.converted")} <Link href={routes.complaint(recorded)}>{recorded}</Link>
        </p>
      ) : null}
      <div class="actions actions--row" role="group" aria-label={t("drafts.filter")}>
        {(["open", "converted", "dismissed"] as const).map((s) => (
          <Button key={s} variant={s === state ? "primary" : "secondary"} aria-pressed={s === state} onClick={() => setState(s)}>
            {t(`drafts.state.${s}`)}
          </Button>
        ))}
      </div>
      {list.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : list.kind === "failed" ? (
        <>
          <ErrorBox error={list.error} />
          <Button variant="secondary" onClick={reload}>
            {t("app.retry")}
          </Button>
        </>
      ) : list.data.results.length === 0 ? (
        <p>{t("drafts.empty")}</p>
      ) : (
        <ul class="cards cards--list" aria-labelledby="drafts-title">
          {list.data.results.map((row) => (
            <li key={row.id} class="card">
              <p class="card__title">
                <button type="button" class="link-button" aria-expanded={openId === row.id} onClick={() => setOpenId(openId === row.id ? null : row.id)}>
                  {row.contact_name || t(`drafts.channel.${row.channel}`)}
                </button>
              </p>
              <p class="card__meta">
                {t(`drafts.channel.${row.channel}`)} · {formatDateTime(row.last_inbound_at, locale)} ·{" "}
                {t("drafts.messages", { count: row.message_count })}
                {row.subject ? ` · ${row.subject}` : ""}
                {row.standard_subject ? "" : ` · ${t("drafts.nonStandardSubject")}`}
              </p>
              {row.complaint_code ? <Link href={routes.complaint(row.complaint_code)}>{row.complaint_code}</Link> : null}
              {openId === row.id ? (
                <DraftDetail
                  id={row.id}
                  desa={desa}
                  mayHandle={mayHandle}
                  onClosed={(code) => {
                    setRecorded(code);
                    setOpenId(null);
                    reload();
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DraftDetail({
  id,
  desa,
  mayHandle,
  onClosed,
}: {
  id: number;
  desa: string;
  mayHandle: boolean;
  onClosed: (code: string | null) => void;
}) {
  const { locale, t } = useStaffI18n();
  const { state: draft, retry: reload } = useLoad(() => getDraft(id), [id, locale]);

  if (draft.kind === "loading") return <p role="status">{t("app.loading")}</p>;
  if (draft.kind === "failed") return <ErrorBox error={draft.error} />;
  const d = draft.data;
  const open = d.state === "open";
  return (
    <div class="draft">
      <p>
        {t("drafts.contact")}: <strong>{d.contact_name}</strong> {d.contact}
      </p>
      <ol class="timeline" aria-label={t("drafts.conversation")}>
        {d.messages.map((m) => (
          <ConversationMessage key={m.id} draftId={d.id} message={m} />
        ))}
      </ol>
      {mayHandle && d.state !== "dismissed" ? <ReplyForm draft={d} onSent={reload} /> : null}
      {mayHandle && open ? (
        <>
          <ConvertForm draft={d} desa={desa} onDone={onClosed} />
          <DismissButtons draft={d} onDone={() => onClosed(null)} />
        </>
      ) : null}
    </div>
  );
}

function ConversationMessage({ draftId, message }: { draftId: number; message: DraftMessage }) {
  const { locale, t } = useStaffI18n();
  const [urls, setUrls] = useState<Record<string, string>>({});

  async function show(token: string) {
    const r = await fetchMedia(draftId, token);
    if (r.ok) setUrls((u) => ({ ...u, [token]: URL.createObjectURL(r.data) }));
  }

  const from = message.direction === "in" ? t("drafts.fromReporter") : message.author || t("drafts.fromOffice");
  return (
    <li class="timeline__item">
      <p class="card__meta">
        {from} · {formatDateTime(message.sent_at, locale)}
        {message.delivery ? ` · ${message.delivery}` : ""}
      </p>
      {message.kind === "unsupported" ? <p>{t("drafts.unsupported", { type: message.unsupported_type })}</p> : null}
      {message.body ? <p class="prewrap">{message.body}</p> : null}
      {message.media.map((media) =>
        urls[media.token] ? (
          media.content_type.startsWith("image/") ? (
            <img key={media.token} src={urls[media.token]} alt={t("drafts.photo")} class="attachments__img" />
          ) : media.content_type.startsWith("audio/") ? (
            <audio key={media.token} controls src={urls[media.token]} />
          ) : (
            <a key={media.token} href={urls[media.token]} download={`dokumen-${media.token.slice(0, 8)}.pdf`}>
              {t("drafts.document")}
            </a>
          )
        ) : (
          <Button key={media.token} variant="secondary" onClick={() => void show(media.token)}>
            {t("drafts.showMedia")}
          </Button>
        ),
      )}
      {message.media_error ? <p class="field__error">{t("drafts.mediaRefused")}</p> : null}
    </li>
  );
}

function ReplyForm({ draft, onSent }: { draft: Draft; onSent: () => void }) {
  const { locale, t } = useStaffI18n();
  const [text, setText] = useState("");
  const [values, setValues] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ends = draft.service_window_ends_at;
  const windowClosed = ends !== null && new Date(ends).getTime() < Date.now();
  const template = draft.templates[0];

  async function send(e: Event) {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    const body =
      windowClosed && template
        ? { text: "", template: { name: template.name, language: template.language, parameters: values.slice(0, template.parameters) } }
        : { text };
    const r = await replyToDraft(draft.id, body);
    setPending(false);
    if (r.ok) {
      setText("");
      setValues([]);
      onSent();
    } else {
      setError(t(errorKey(r.error.code)));
    }
  }

  return (
    <form class="form" onSubmit={(e) => void send(e)} aria-labelledby={`reply-${draft.id}`}>
      <h3 id={`reply-${draft.id}`}>{t("drafts.reply")}</h3>
      {ends ? <p class="field__hint">{windowClosed ? t("drafts.windowClosed") : t("drafts.windowOpen", { until: formatDateTime(ends, locale) })}</p> : null}
      <FormAlert message={error} details={[]} />
      {windowClosed && template ? (
        <>
          <p>{t("drafts.template", { name: template.name })}</p>
          {Array.from({ length: template.parameters }, (_, i) => (
            <TextField
              key={i}
              label={t("drafts.templateValue", { n: i + 1 })}
              value={values[i] ?? ""}
              onValue={(v) => setValues((old) => Object.assign([...old], { [i]: v }))}
              required
            />
          ))}
        </>
      ) : (
        <TextArea label={t("drafts.replyText")} value={text} onValue={setText} required rows={3} />
      )}
      <Button type="submit" pending={pending} pendingLabel={t("app.loading")}>
        {t("drafts.send")}
      </Button>
    </form>
  );
}

function ConvertForm({ draft, desa, onDone }: { draft: Draft; desa: string; onDone: (code: string) => void }) {
  const { t } = useStaffI18n();
  const first = draft.messages.find((m) => m.direction === "in" && m.body)?.body ?? "";
  const [form, setForm] = useState({
    kind: "complaint" as (typeof KINDS)[number],
    category: "",
    title: draft.subject && !draft.standard_subject ? draft.subject.slice(0, 160) : "",
    description: draft.messages.filter((m) => m.direction === "in" && m.body).map((m) => m.body).join("\n\n"),
    name: draft.contact_name,
    phone: draft.channel === "whatsapp" ? draft.contact : "",
    email: draft.channel === "email" ? draft.contact : "",
    nik: "",
    address: "",
    // What the reporter's messages say of "mendesak?", as the officer reads them.
    urgent: "" as UrgentAnswer,
  });
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const { state: categoryList, retry: retryCategories } = useLoad(() => listCategories(desa), [desa], {
    onLoad: (loaded) => setForm((f) => ({ ...f, category: f.category || (loaded[0]?.slug ?? "") })),
  });
  const categories = categoryList.kind === "loaded" ? categoryList.data : [];

  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const errors = (name: string) => failure?.fields[name] ?? [];

  async function submit(e: Event) {
    e.preventDefault();
    if (pending || form.category === "") return;
    setPending(true);
    setFailure(null);
    const r = await convertDraft(draft.id, {
      kind: form.kind,
      category: form.category,
      title: form.title || first.slice(0, 160),
      description: form.description,
      anonymous: false,
      urgency: "medium",
      impact: "medium",
      urgent: urgentValue(form.urgent),
      reporter: { name: form.name, nik: form.nik, phone: form.phone, address: form.address, email: form.email },
    });
    setPending(false);
    if (r.ok) {
      onDone(r.data.tracking_code);
    } else {
      setFailure(r.error);
    }
  }

  const label = (key: StaffKey) => t(key);
  return (
    <form class="form" onSubmit={(e) => void submit(e)} aria-labelledby={`convert-${draft.id}`}>
      <h3 id={`convert-${draft.id}`}>{t("drafts.convert")}</h3>
      <FormAlert message={failure ? t(errorKey(failure.code)) : null} details={messagesBesides(failure, SHOWN_FIELDS)} />
      <SelectField label={label("drafts.kind")} value={form.kind} onValue={set("kind")} errors={errors("kind")}>
        {KINDS.map((k) => (
          <option key={k} value={k}>{t(`kind.${k}`)}</option>
        ))}
      </SelectField>
      <SelectField
        label={label("drafts.category")}
        value={form.category}
        onValue={set("category")}
        disabled={categoryList.kind !== "loaded"}
        errors={categoryList.kind === "failed" ? [t(errorKey(categoryList.error.code))] : errors("category")}
      >
        {categoryList.kind === "loading" ? <option value="">{t("app.loading")}</option> : null}
        {categories.map((c) => (
          <option key={c.slug} value={c.slug}>{c.name}</option>
        ))}
      </SelectField>
      {categoryList.kind === "failed" ? (
        <Button variant="secondary" onClick={retryCategories}>{t("app.retry")}</Button>
      ) : null}
      <TextField label={label("drafts.titleField")} value={form.title} onValue={set("title")} maxLength={160} required errors={errors("title")} />
      <TextArea label={label("drafts.description")} value={form.description} onValue={set("description")} required errors={errors("description")} />
      <UrgentSelect
        id={`urgent-${draft.id}`}
        label={t("drafts.urgent")}
        noAnswer={t("drafts.urgentUnsaid")}
        value={form.urgent}
        onValue={set("urgent")}
        errors={errors("urgent")}
      />
      <TextField label={label("drafts.name")} value={form.name} onValue={set("name")} errors={errors("reporter.name")} />
      <TextField label={label("drafts.phone")} value={form.phone} onValue={set("phone")} inputMode="tel" errors={errors("reporter.phone")} />
      <TextField label={label("drafts.email")} value={form.email} onValue={set("email")} type="email" errors={errors("reporter.email")} />
      <TextField label={label("drafts.nik")} value={form.nik} onValue={set("nik")} inputMode="numeric" required errors={errors("reporter.nik")} />
      <TextField label={label("drafts.address")} value={form.address} onValue={set("address")} required errors={errors("reporter.address")} />
      {/* Not before the categories are read: a complaint needs one, and the answer is slow on a weak signal. */}
      <Button type="submit" pending={pending} pendingLabel={t("app.loading")} disabled={form.category === ""}>
        {t("drafts.convertSubmit")}
      </Button>
    </form>
  );
}

function DismissButtons({ draft, onDone }: { draft: Draft; onDone: () => void }) {
  const { t } = useStaffI18n();
  const [pending, setPending] = useState(false);
  async function dismiss(reason: "spam" | "not_a_complaint") {
    if (pending) return;
    setPending(true);
    const r = await dismissDraft(draft.id, reason);
    setPending(false);
    if (r.ok) onDone();
  }
  return (
    <div class="actions actions--row">
      <Button variant="secondary" pending={pending} pendingLabel={t("app.loading")} onClick={() => void dismiss("not_a_complaint")}>
        {t("drafts.dismissNotComplaint")}
      </Button>
      <Button variant="secondary" pending={pending} pendingLabel={t("app.loading")} onClick={() => void dismiss("spam")}>
        {t("drafts.dismissSpam")}
      </Button>
    </div>
  );
}
