import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { AnswerHistory, currentAnswerFiles } from "../../../components/AnswerHistory";
import { Button } from "../../../components/Button";
import { FileList } from "../../../components/FileList";
import { FailedPage, LoadingPage } from "../../../components/PageStatus";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { Timeline } from "../../../components/Timeline";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { formatDateTime, formatDueDate } from "../../../lib/format";
import { shrinkPhoto } from "../../../lib/photo";
import { useStore } from "../../../lib/store";
import { activeWorkspace, workspaceStore } from "../../../lib/workspace";
import {
  addNote,
  fetchAttachment,
  fetchComplaint,
  fetchPublicOutcome,
  fetchReporter,
  fetchStaff,
  grantIdentity,
  recordOnBehalf,
  saveAnswerDraft,
  savePublicOutcome,
  transition,
  uploadAnswerFile,
  uploadEvidence,
  type Action,
  type Complaint,
  type Conveyed,
  type Level,
  type Position,
  type PublicOutcome,
  type Reporter as ReporterIdentity,
  type StaffMember,
  type TransitionBody,
  type Visibility,
} from "../api";
import { CannedPicker, withTemplate } from "../components/CannedPicker";
import { ForwardForm, ForwardingPanel, SimilarPanel } from "../components/CaseworkPanels";
import { ErrorBox } from "../components/ErrorBox";
import { ReceiptButtons } from "../components/ReceiptButtons";
import { SlaBadge } from "../components/SlaBadge";

export interface ComplaintPageProps {
  code: string;
  desa: string;
}

type State = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; complaint: Complaint };

// What each move asks for before it is made.
// Moves whose note the reporter reads by its nature (the backend's `state.PUBLIC_NOTES`);
// every other move's note is for the village staff unless made public here.
const PUBLIC_NOTES: readonly Action[] = ["request_info", "supply_info", "object", "confirm", "close"];

const NEEDS: Partial<Record<Action, "reason" | "note" | "assign" | "answer" | "priority">> = {
  verify: "priority",
  prioritise: "priority",
  reject: "reason",
  request_info: "note",
  supply_info: "note",
  assign: "assign",
  reassign: "assign",
  answer: "answer",
};
const DANGER: ReadonlySet<Action> = new Set(["reject"]);
// No notes once the desa's handling ended (the backend's `state.TERMINAL`).
const FINISHED: ReadonlySet<string> = new Set(["closed", "rejected", "spam", "duplicate", "forwarded"]);

export default function ComplaintPage({ code, desa }: ComplaintPageProps) {
  const { locale, t } = useStaffI18n();
  const [state, setState] = useState<State>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const workspace = activeWorkspace(useStore(workspaceStore));
  const office = workspace?.roles.some((role) => role === "intake_officer" || role === "village_head") ?? false;

  useEffect(() => {
    let current = true;
    void fetchComplaint(code).then((r) => {
      if (current) setState(r.ok ? { kind: "loaded", complaint: r.data } : { kind: "failed", error: r.error });
    });
    return () => {
      current = false;
    };
  }, [code, attempt, locale]);

  if (state.kind === "loading") {
    return (
      <LoadingPage label={t("app.loading")} />
    );
  }
  if (state.kind === "failed") {
    return (
      <FailedPage
        title={t("complaint.title")}
        message={t(errorKey(state.error.code))}
        retryLabel={t("app.retry")}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  }

  const c = state.complaint;
  const update = (next: Complaint) => setState({ kind: "loaded", complaint: next });
  const reload = () => setAttempt((n) => n + 1);
  const working = c.status === "assigned" || c.status === "in_progress" || c.status === "reopened";
  const extra = c as unknown as Record<string, unknown>;
  const register = typeof extra["register_number"] === "string" ? extra["register_number"] : null;
  const deadline = c.sla?.state === "stopped" ? null : (c.sla?.due_on ?? null);

  return (
    <section class="page" aria-labelledby="complaint-title">
      <p class="eyebrow">{t("complaint.codeIs", { code: c.tracking_code })}</p>
      <h1 id="complaint-title">{c.title}</h1>
      <p class="status-line">
        <span class={`badge badge--${c.status}`}>{c.status_label}</span>
        {c.spam?.flagged ? (
          <span class="badge badge--spam" title={t("spam.score", { score: c.spam.score })}>
            {t(c.spam.trapped ? "spam.trapped" : "spam.flag")}
          </span>
        ) : null}
        <span class="badge badge--muted">{c.priority}</span>
        {c.reporter_urgent !== null ? (
          <span class={c.reporter_urgent ? "badge badge--reporters" : "badge badge--muted"} data-testid="reporter-urgent">
            {t(c.reporter_urgent ? "complaint.reporterUrgent" : "complaint.reporterCanWait")}
          </span>
        ) : null}
        {c.reporters_count > 1 ? (
          <span class="badge badge--reporters" data-testid="reporters-count">
            {t("duplicates.reporters", { n: c.reporters_count })}
          </span>
        ) : null}
        <SlaBadge sla={c.sla} />
      </p>
      {c.duplicate_of ? <p class="alert alert--info">{t("duplicates.joinedTo", { code: c.duplicate_of })}</p> : null}
      {c.duplicates.length > 0 ? <p class="hint">{t("duplicates.list", { codes: c.duplicates.join(", ") })}</p> : null}

      <Actions complaint={c} desa={desa} onDone={update} />
      {office && (c.status === "submitted" || c.status === "received" || c.status === "verified") ? (
        <SimilarPanel complaint={c} onDone={update} />
      ) : null}
      <ForwardingPanel key={c.status} complaint={c} office={office} />
      {c.on_behalf_actions.length > 0 ? <OnBehalf complaint={c} onDone={update} /> : null}

      <dl class="facts facts--grid">
        <Fact label={t("complaint.kind")} value={t(`kind.${c.kind}`)} />
        <Fact label={t("complaint.category")} value={c.category.name} />
        <Fact label={t("complaint.channel")} value={t(`channel.${c.channel}`)} />
        <Fact label={t("complaint.submittedAt")} value={formatDateTime(c.submitted_at, locale)} />
        {register ? <Fact label={t("complaint.register")} value={register} /> : null}
        {deadline ? <Fact label={t("complaint.deadline")} value={formatDueDate(deadline, locale)} /> : null}
        {c.assigned_position || c.assigned_to ? (
          <Fact
            label={t("complaint.assignedTo")}
            value={[c.assigned_position ? t(`position.${c.assigned_position}`) : null, c.assigned_to?.full_name]
              .filter(Boolean)
              .join(" — ")}
          />
        ) : null}
        {c.location_text ? <Fact label={t("complaint.location")} value={c.location_text} /> : null}
        {c.social_source?.url ? (
          <div>
            <dt>{t("complaint.socialPost")}</dt>
            <dd>
              <a href={c.social_source.url} target="_blank" rel="noopener noreferrer" data-testid="social-post">
                {c.social_source.url}
              </a>
            </dd>
          </div>
        ) : null}
        {c.social_source?.account ? <Fact label={t("complaint.socialAccount")} value={c.social_source.account} /> : null}
        {c.latitude && c.longitude ? (
          <Fact label={t("complaint.coordinates")} value={`${c.latitude}, ${c.longitude}`} />
        ) : null}
      </dl>

      <h2>{t("complaint.description")}</h2>
      <p class="prewrap">{c.description}</p>

      <h2>{t("complaint.reporter")}</h2>
      <Reporter complaint={c} onGranted={reload} />

      {c.info_request ? (
        <div class="alert alert--warning">
          <p>
            <strong>{t("complaint.infoRequest")}</strong> {c.info_request}
          </p>
        </div>
      ) : null}
      {c.rejection_reason ? (
        <div class="alert alert--error">
          <p>
            <strong>{t("complaint.rejectionReason")}</strong> {c.rejection_reason}
          </p>
        </div>
      ) : null}
      {c.answered_at && c.answer ? (
        <div class="answer">
          <h2>{t("complaint.answer")}</h2>
          <p class="answer__text">{c.answer}</p>
          <FileList files={currentAnswerFiles(c.answers)} label={t("complaint.answerFiles")} />
        </div>
      ) : null}
      {c.rating ? <p>{t("complaint.rating", { rating: c.rating, comment: c.rating_comment || "—" })}</p> : null}

      <AnswerHistory answers={c.answers} timeline={c.timeline} audience="staff" />
      {c.status === "in_progress" ? <AnswerDraft complaint={c} desa={desa} onSaved={(answer) => update({ ...c, answer })} /> : null}

      {office && (c.status === "answered" || c.status === "closed") ? <PublicOutcomeForm code={c.tracking_code} /> : null}

      <Attachments complaint={c} />
      {working ? <EvidenceUpload code={c.tracking_code} onDone={reload} /> : null}
      {!FINISHED.has(c.status) ? <NoteForm code={c.tracking_code} onDone={reload} /> : null}

      {office && c.register_number ? (
        <section class="panel" aria-labelledby="receipt-title">
          <h2 id="receipt-title">{t("receipt.title")}</h2>
          <p class="hint">{t("receipt.reprintHint")}</p>
          <ReceiptButtons code={c.tracking_code} label="receipt.reprint" />
        </section>
      ) : null}

      <h2>{t("complaint.timeline")}</h2>
      <Timeline entries={c.timeline} audience="staff" />
    </section>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Reporter({ complaint, onGranted }: { complaint: Complaint; onGranted: () => void }) {
  const { t } = useStaffI18n();
  const [identity, setIdentity] = useState<ReporterIdentity | null>(null);
  const { pending, error, run } = useSubmit();
  if (complaint.anonymous) return <p>{t("complaint.anonymous")}</p>;
  if (!complaint.reporter_visible) {
    return (
      <p class="alert alert--info" data-testid="reporter-hidden">
        {t("complaint.identityHidden")}
      </p>
    );
  }
  async function reveal() {
    const result = await run(() => fetchReporter(complaint.tracking_code));
    if (result) setIdentity(result.data);
  }
  return (
    <>
      {identity ? (
        <dl class="facts" data-testid="reporter">
          <Fact label={t("identity.name")} value={identity.name} />
          <Fact label={t("identity.nik")} value={identity.nik} />
          <Fact label={t("identity.phone")} value={identity.phone} />
          <Fact label={t("identity.address")} value={identity.address} />
          {identity.email ? <Fact label={t("identity.email")} value={identity.email} /> : null}
        </dl>
      ) : (
        <div class="panel">
          <ErrorBox error={error} />
          <p class="hint">{t("complaint.identityLogged")}</p>
          <Button variant="secondary" pending={pending} onClick={() => void reveal()} data-testid="reveal-reporter">
            {t("complaint.revealReporter")}
          </Button>
        </div>
      )}
      {complaint.assigned_to ? <GrantIdentity complaint={complaint} onDone={onGranted} /> : null}
    </>
  );
}

function useSubmit() {
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  async function run<T>(
    work: () => Promise<{ ok: true; data: T } | { ok: false; error: ApiFailure }>,
  ): Promise<{ ok: true; data: T } | null> {
    if (busy.current) return null;
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      const result = await work();
      if (!result.ok) {
        setError(result.error);
        return null;
      }
      return result;
    } finally {
      busy.current = false;
      setPending(false);
    }
  }
  return { pending, error, run, setError };
}

/** Exactly the moves `allowed_actions` lists for this user now, as buttons. */
function Actions({ complaint, desa, onDone }: { complaint: Complaint; desa: string; onDone: (c: Complaint) => void }) {
  const { t } = useStaffI18n();
  const [open, setOpen] = useState<Action | null>(null);
  // The reporter's information on a complaint staff typed in is recorded with how it came
  // (the "Catat atas nama pelapor" form), not as a bare move.
  // A duplicate is marked from the "Mirip dengan" panel, beside the complaint it repeats.
  const actions = complaint.allowed_actions.filter(
    (a) => !complaint.on_behalf_actions.includes(a) && a !== "mark_duplicate",
  );
  if (actions.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("complaint.actions")}</h2>
      <div class="actions actions--row">
        {actions.map((action) => (
          <Button
            key={action}
            variant={open === action ? "primary" : DANGER.has(action) ? "danger" : "secondary"}
            aria-expanded={open === action}
            onClick={() => setOpen(open === action ? null : action)}
          >
            {t(`action.${action}`)}
          </Button>
        ))}
      </div>
      {open ? (
        <ActionForm
          key={open}
          action={open}
          complaint={complaint}
          desa={desa}
          onDone={(next) => {
            setOpen(null);
            onDone(next);
          }}
        />
      ) : null}
    </section>
  );
}

/** A move chosen from the buttons, on this complaint of this desa; `onDone` takes the complaint after it. */
interface MoveProps {
  action: Action;
  complaint: Complaint;
  desa: string;
  onDone: (c: Complaint) => void;
}

function ActionForm({ action, complaint, desa, onDone }: MoveProps) {
  if (action === "forward") return <ForwardForm complaint={complaint} onDone={onDone} />;
  return <MoveForm action={action} complaint={complaint} desa={desa} onDone={onDone} />;
}

function MoveForm({ action, complaint, desa, onDone }: MoveProps) {
  const { t } = useStaffI18n();
  const need = NEEDS[action];
  const [text, setText] = useState(action === "answer" ? complaint.answer : "");
  const [note, setNote] = useState("");
  const [noteVisibility, setNoteVisibility] = useState<Visibility>("staff");
  // Verify starts from the reporter's own "mendesak?" answer (the server's suggestion);
  // a later change starts from what the office set. The impact a count of reporters
  // suggests is shown beside it, never chosen for the officer.
  const suggestion = complaint.priority_suggestion;
  const [urgency, setUrgency] = useState<Level>(action === "verify" ? (suggestion?.urgency ?? complaint.urgency) : complaint.urgency);
  const [impact, setImpact] = useState<Level>(complaint.impact);
  const [position, setPosition] = useState<Position | "">("");
  const [assignee, setAssignee] = useState("");
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [missing, setMissing] = useState(false);
  const [publishedTo, setPublishedTo] = useState("");
  const { pending, error, run } = useSubmit();

  useEffect(() => {
    if (need !== "assign") return;
    // Officials by their position, and the village head, who holds "kepala_desa".
    void fetchStaff(desa).then(
      (r) =>
        r.ok &&
        setStaff(
          r.data.results
            .filter((m) => m.role === "handler" || m.role === "village_head")
            .map((m) => (m.role === "village_head" ? { ...m, position: "kepala_desa" as const } : m)),
        ),
    );
  }, [need, desa]);

  const positions = [...new Set(staff.map((m) => m.position).filter((p): p is Position => p !== ""))];
  const people = staff.filter((m) => !position || m.position === position);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if ((need === "reason" || need === "note" || need === "answer" || action === "prioritise") && text.trim() === "") {
      setMissing(true);
      return;
    }
    const body: TransitionBody = { action, note: need === "note" ? text.trim() : note.trim() };
    if (!PUBLIC_NOTES.includes(action) && body.note) body.note_visibility = noteVisibility;
    if (need === "reason" || action === "prioritise") body.reason = text.trim();
    if (need === "priority") {
      body.urgency = urgency;
      body.impact = impact;
    }
    if (need === "answer") body.answer = text.trim();
    if (need === "answer" && publishedTo.trim()) body.published_to = publishedTo.trim();
    if (need === "assign") {
      if (position) body.position = position;
      if (assignee) body.assignee = Number(assignee);
    }
    const result = await run(() => transition(complaint.tracking_code, body));
    if (result) onDone(result.data);
  }

  const textLabel: StaffKey | null =
    need === "reason" ? "actionForm.reason" : need === "note" ? (action === "request_info" ? "actionForm.infoNeeded" : "actionForm.infoSupplied") : need === "answer" ? "actionForm.answer" : action === "prioritise" ? "actionForm.priorityReason" : null;

  return (
    <form class="form action-form" noValidate onSubmit={(event) => void submit(event)}>
      <ErrorBox error={error} />
      {need === "assign" ? (
        <>
          <div class="field">
            <label class="field__label" for="assign-position">
              {t("actionForm.position")}
            </label>
            <p class="field__hint" id="assign-position-hint">
              {t("actionForm.positionHint")}
            </p>
            <select
              id="assign-position"
              class="field__input"
              aria-describedby="assign-position-hint"
              value={position}
              onChange={(event) => {
                setPosition(event.currentTarget.value as Position | "");
                setAssignee("");
              }}
            >
              <option value="">{t("actionForm.positionAuto")}</option>
              {positions.map((p) => (
                <option key={p} value={p}>
                  {t(`position.${p}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label class="field__label" for="assign-person">
              {t("actionForm.person")}
            </label>
            <select
              id="assign-person"
              class="field__input"
              value={assignee}
              onChange={(event) => setAssignee(event.currentTarget.value)}
            >
              <option value="">{t("actionForm.personAny")}</option>
              {people.map((m) => (
                <option key={m.user_id} value={String(m.user_id)}>
                  {m.position_title || m.position_label ? `${m.full_name} — ${m.position_title || m.position_label}` : m.full_name}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
      {need === "priority" ? (
        <>
          <LevelSelect
            id="priority-urgency"
            label={t("actionForm.urgency")}
            hint={action === "verify" ? t(complaint.reporter_urgent === true ? "actionForm.urgencyReporterYes" : complaint.reporter_urgent === false ? "actionForm.urgencyReporterNo" : "actionForm.urgencyReporterNone") : undefined}
            value={urgency}
            onValue={setUrgency}
          />
          <LevelSelect id="priority-impact" label={t("actionForm.impact")} value={impact} onValue={setImpact} />
          {suggestion && suggestion.impact !== impact && complaint.reporters_count > 1 ? (
            <div class="field" data-testid="impact-suggestion">
              <p class="field__hint">
                {t("actionForm.impactSuggested", { n: complaint.reporters_count, level: t(`level.${suggestion.impact}`) })}
              </p>
              <Button variant="secondary" onClick={() => setImpact(suggestion.impact)}>
                {t("actionForm.useSuggestion")}
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
      {action === "answer" || action === "request_info" ? (
        <CannedPicker desa={desa} category={complaint.category.slug} use={action} onInsert={(template) => setText((draft) => withTemplate(draft, template))} />
      ) : null}
      {textLabel ? (
        <TextArea
          label={t(textLabel)}
          hint={action === "prioritise" ? t("visibility.staff") : t("visibility.readByReporter")}
          rows={need === "answer" ? 6 : 3}
          value={text}
          onValue={setText}
          errors={missing && text.trim() === "" ? [t("field.required")] : undefined}
        />
      ) : null}
      {need === "answer" ? <AnswerFiles complaint={complaint} /> : null}
      {need === "answer" && complaint.channel === "social_media" ? (
        <TextField label={t("actionForm.publishedTo")} hint={t("visibility.staff")} maxLength={500} value={publishedTo} onValue={setPublishedTo} />
      ) : null}
      {need !== "note" ? (
        <>
          <TextArea label={t("actionForm.note")} hint={t("actionForm.noteHint")} rows={2} value={note} onValue={setNote} />
          {PUBLIC_NOTES.includes(action) ? (
            <p class="field__hint">{t("visibility.readByReporter")}</p>
          ) : (
            <VisibilityPicker value={noteVisibility} onValue={setNoteVisibility} name="action-note-visibility" />
          )}
        </>
      ) : null}
      <Button type="submit" pending={pending} pendingLabel={t("actionForm.saving")}>
        {t(`actionForm.confirm.${action}`)}
      </Button>
    </form>
  );
}

/**
 * Photos of the repair or a signed letter sent with the answer: uploaded now, internal
 * until the answer is delivered, then shown to the reporter under that answer.
 */
function AnswerFiles({ complaint }: { complaint: Complaint }) {
  const { t } = useStaffI18n();
  const waiting = complaint.attachments.filter((a) => a.for_answer && a.visibility === "staff").length;
  const [added, setAdded] = useState(0);
  const [busy, setBusy] = useState(false);
  const { error, run, setError } = useSubmit();
  async function onFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file || busy) return;
    setBusy(true);
    let blob: Blob = file;
    if (file.type.startsWith("image/")) {
      try {
        blob = await shrinkPhoto(file);
      } catch {
        setError({ status: 400, code: "unsupported_media_type", fields: {} });
        setBusy(false);
        return;
      }
    }
    const result = await run(() => uploadAnswerFile(complaint.tracking_code, blob));
    if (result) setAdded((n) => n + 1);
    setBusy(false);
  }
  const count = waiting + added;
  return (
    <div class="field">
      <ErrorBox error={error} />
      <label class="button button--secondary file-button">
        {busy ? t("evidence.uploading") : t("answerFiles.add")}
        <input type="file" class="visually-hidden" accept="image/*,application/pdf" disabled={busy} onChange={(event) => void onFile(event)} />
      </label>
      <p class="field__hint" role="status">
        {count > 0 ? t("answerFiles.count", { count }) : t("answerFiles.hint")}
      </p>
    </div>
  );
}

function LevelSelect({ id, label, hint, value, onValue }: { id: string; label: string; hint?: string | undefined; value: Level; onValue: (v: Level) => void }) {
  const { t } = useStaffI18n();
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <select id={id} class="field__input" aria-describedby={hint ? `${id}-hint` : undefined} value={value} onChange={(event) => onValue(event.currentTarget.value as Level)}>
        {(["low", "medium", "high"] as const).map((level) => (
          <option key={level} value={level}>
            {t(`level.${level}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function AnswerDraft({ complaint, desa, onSaved }: { complaint: Complaint; desa: string; onSaved: (answer: string) => void }) {
  const { t } = useStaffI18n();
  const [text, setText] = useState(complaint.answer);
  const [saved, setSaved] = useState(false);
  const { pending, error, run } = useSubmit();
  async function save(event: SubmitEvent) {
    event.preventDefault();
    const result = await run(() => saveAnswerDraft(complaint.tracking_code, text));
    if (result) {
      setSaved(true);
      onSaved(text);
    }
  }
  return (
    <form class="panel form" noValidate onSubmit={(event) => void save(event)}>
      <h2>{t("draft.title")}</h2>
      <ErrorBox error={error} />
      <CannedPicker
        desa={desa}
        category={complaint.category.slug}
        use="answer"
        onInsert={(template) => {
          setText((draft) => withTemplate(draft, template));
          setSaved(false);
        }}
      />
      <TextArea label={t("draft.label")} hint={t("draft.hint")} rows={6} value={text} onValue={(v) => { setText(v); setSaved(false); }} />
      {saved ? <p role="status">{t("draft.saved")}</p> : null}
      <Button type="submit" variant="secondary" pending={pending} pendingLabel={t("actionForm.saving")}>
        {t("draft.save")}
      </Button>
    </form>
  );
}

/** "What was done" for the desa's report: a title and one-line outcome for publication,
 * approved by the office (never the reporter's name: the server refuses it). */
function PublicOutcomeForm({ code }: { code: string }) {
  const { t } = useStaffI18n();
  const [loaded, setLoaded] = useState<PublicOutcome | null>(null);
  const [title, setTitle] = useState("");
  const [outcome, setOutcome] = useState("");
  const [approved, setApproved] = useState(false);
  const [saved, setSaved] = useState(false);
  const { pending, error, run } = useSubmit();
  useEffect(() => {
    void fetchPublicOutcome(code).then((r) => {
      if (!r.ok) return;
      setLoaded(r.data);
      setTitle(r.data.title);
      setOutcome(r.data.outcome);
      setApproved(r.data.approved);
    });
  }, [code]);
  if (!loaded) return null;
  async function save(event: SubmitEvent) {
    event.preventDefault();
    const result = await run(() => savePublicOutcome(code, { title, outcome, approved }));
    if (result) {
      setLoaded(result.data);
      setSaved(true);
    }
  }
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setSaved(false);
  };
  return (
    <form class="panel form" noValidate onSubmit={(event) => void save(event)} aria-labelledby="public-outcome-title">
      <h2 id="public-outcome-title">{t("publicOutcome.title")}</h2>
      <p class="hint">{t("publicOutcome.hint")}</p>
      <ErrorBox error={error} />
      <TextField label={t("publicOutcome.heading")} hint={t("publicOutcome.suggested", { title: loaded.suggested_title })} maxLength={160} value={title} onValue={edit(setTitle)} errors={error?.fields["title"] ?? []} />
      <TextField label={t("publicOutcome.outcome")} maxLength={200} value={outcome} onValue={edit(setOutcome)} errors={error?.fields["outcome"] ?? []} />
      <div class="field">
        <label class="choice">
          <input type="checkbox" class="choice__input" checked={approved} onChange={(e) => { setApproved(e.currentTarget.checked); setSaved(false); }} />
          <span class="choice__label">{t("publicOutcome.approve")}</span>
        </label>
      </div>
      {saved ? <p role="status">{t(loaded.listed ? "publicOutcome.listed" : loaded.approved ? "publicOutcome.approvedNotClosed" : "publicOutcome.savedNotApproved")}</p> : null}
      <Button type="submit" variant="secondary" pending={pending} pendingLabel={t("actionForm.saving")}>
        {t("publicOutcome.save")}
      </Button>
    </form>
  );
}

function NoteForm({ code, onDone }: { code: string; onDone: () => void }) {
  const { t } = useStaffI18n();
  const [body, setBody] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("staff");
  const [missing, setMissing] = useState(false);
  const { pending, error, run } = useSubmit();
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (body.trim() === "") {
      setMissing(true);
      return;
    }
    const result = await run(() => addNote(code, body.trim(), visibility));
    if (result) {
      setBody("");
      setMissing(false);
      onDone();
    }
  }
  return (
    <form class="panel form" noValidate onSubmit={(event) => void submit(event)}>
      <h2>{t("note.title")}</h2>
      <ErrorBox error={error} />
      <TextArea
        label={t("note.body")}
        rows={3}
        value={body}
        onValue={setBody}
        errors={missing && body.trim() === "" ? [t("field.required")] : undefined}
      />
      <VisibilityPicker value={visibility} onValue={setVisibility} name="note-visibility" />
      <Button type="submit" variant="secondary" pending={pending} pendingLabel={t("actionForm.saving")}>
        {t("note.add")}
      </Button>
    </form>
  );
}

function VisibilityPicker({ value, onValue, name }: { value: Visibility; onValue: (v: Visibility) => void; name: string }) {
  const { t } = useStaffI18n();
  return (
    <fieldset class="field choices">
      <legend class="field__label">{t("visibility.legend")}</legend>
      <div class="choices__options">
        {(["staff", "public"] as const).map((v) => (
          <label class="choice" key={v}>
            <input type="radio" class="choice__input" name={name} checked={value === v} onChange={() => onValue(v)} />
            <span class="choice__label">{t(`visibility.${v}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function EvidenceUpload({ code, onDone }: { code: string; onDone: () => void }) {
  const { t } = useStaffI18n();
  const [visibility, setVisibility] = useState<Visibility>("staff");
  const [status, setStatus] = useState<"idle" | "busy" | "done">("idle");
  const { error, run, setError } = useSubmit();
  async function onFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    setStatus("busy");
    let blob: Blob = file;
    if (file.type.startsWith("image/")) {
      try {
        blob = await shrinkPhoto(file);
      } catch {
        setError({ status: 400, code: "unsupported_media_type", fields: {} });
        setStatus("idle");
        return;
      }
    }
    const result = await run(() => uploadEvidence(code, blob, visibility));
    setStatus(result ? "done" : "idle");
    if (result) onDone();
  }
  return (
    <div class="panel">
      <h2>{t("evidence.title")}</h2>
      <ErrorBox error={error} />
      <VisibilityPicker value={visibility} onValue={setVisibility} name="evidence-visibility" />
      <label class="button button--secondary file-button">
        {status === "busy" ? t("evidence.uploading") : t("evidence.add")}
        <input
          type="file"
          class="visually-hidden"
          accept="image/*,application/pdf"
          disabled={status === "busy"}
          onChange={(event) => void onFile(event)}
        />
      </label>
      {status === "done" ? <p role="status">{t("evidence.done")}</p> : null}
    </div>
  );
}

function Attachments({ complaint }: { complaint: Complaint }) {
  const { locale, t } = useStaffI18n();
  const [urls, setUrls] = useState<Record<string, string>>({});
  useEffect(() => {
    let current = true;
    const made: string[] = [];
    for (const a of complaint.attachments) {
      // Photos are shown and voice notes played (staff only: the server sends them to
      // staff alone); anything else is described.
      if (!a.content_type.startsWith("image/") && !a.content_type.startsWith("audio/")) continue;
      void fetchAttachment(complaint.tracking_code, a.token).then((r) => {
        if (!current || !r.ok) return;
        const url = URL.createObjectURL(r.data);
        made.push(url);
        setUrls((prev) => ({ ...prev, [a.token]: url }));
      });
    }
    return () => {
      current = false;
      made.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [complaint.tracking_code, complaint.attachments.length]);

  if (complaint.attachments.length === 0) return null;
  return (
    <>
      <h2>{t("complaint.attachments")}</h2>
      <ul class="attachments">
        {complaint.attachments.map((a, index) => (
          <li key={a.token}>
            {urls[a.token] && a.content_type.startsWith("audio/") ? (
              <audio controls preload="metadata" src={urls[a.token]} aria-label={t("complaint.voiceNote", { n: index + 1 })} />
            ) : urls[a.token] ? (
              <img src={urls[a.token]} alt={t("complaint.attachmentAlt", { n: index + 1 })} class="attachments__img" />
            ) : (
              <p>{t("complaint.attachmentFile", { type: a.content_type, kb: Math.round(a.size / 1024) })}</p>
            )}
            <p class="field__hint">
              {formatDateTime(a.at, locale)} · {t(`visibility.${a.visibility ?? "staff"}`)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

function GrantIdentity({ complaint, onDone }: { complaint: Complaint; onDone: () => void }) {
  const { t } = useStaffI18n();
  const [reason, setReason] = useState("");
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const [missing, setMissing] = useState(false);
  const { pending, error, run } = useSubmit();
  const grantee = complaint.assigned_to;
  if (!grantee) return null;
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!grantee) return;
    if (reason.trim() === "") {
      setMissing(true);
      return;
    }
    const result = await run(() => grantIdentity(complaint.tracking_code, grantee.id, reason.trim()));
    if (result) {
      setDone(true);
      setOpen(false);
      onDone();
    }
  }
  if (done) return <p role="status">{t("grant.done", { name: grantee.full_name })}</p>;
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("grant.open", { name: grantee.full_name })}
      </Button>
    );
  }
  return (
    <form class="panel form" noValidate onSubmit={(event) => void submit(event)}>
      <ErrorBox error={error} />
      <TextArea
        label={t("grant.reason")}
        hint={t("grant.hint")}
        rows={2}
        value={reason}
        onValue={setReason}
        errors={missing && reason.trim() === "" ? [t("field.required")] : undefined}
      />
      <Button type="submit" pending={pending} pendingLabel={t("actionForm.saving")}>
        {t("grant.submit", { name: grantee.full_name })}
      </Button>
    </form>
  );
}

const CONVEYED: readonly Conveyed[] = ["in_person", "phone", "whatsapp", "email", "social_media", "letter"];
type OnBehalfAction = "confirm" | "object" | "supply_info";

/**
 * The reporter's own moves, recorded by the intake officer for a reporter who came to the
 * office, phoned or wrote (complaints staff typed in): what `on_behalf_actions` lists now.
 */
function OnBehalf({ complaint, onDone }: { complaint: Complaint; onDone: (c: Complaint) => void }) {
  const { t } = useStaffI18n();
  const actions = complaint.on_behalf_actions.filter(
    (a): a is OnBehalfAction => a === "confirm" || a === "object" || a === "supply_info",
  );
  const [action, setAction] = useState<OnBehalfAction>(actions[0] ?? "confirm");
  const [conveyed, setConveyed] = useState<Conveyed>(complaint.channel === "phone" ? "phone" : complaint.channel === "whatsapp" ? "whatsapp" : "in_person");
  const [rating, setRating] = useState("");
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  const { pending, error, run } = useSubmit();

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if ((action === "confirm" && rating === "") || (action !== "confirm" && text.trim() === "")) {
      setMissing(true);
      return;
    }
    const body =
      action === "confirm"
        ? { action, conveyed, rating: Number(rating), comment: text.trim() }
        : action === "object"
          ? { action, conveyed, reason: text.trim() }
          : { action, conveyed, note: text.trim() };
    const result = await run(() => recordOnBehalf(complaint.tracking_code, body));
    if (result) onDone(result.data);
  }

  const textLabel: StaffKey = action === "confirm" ? "onBehalf.comment" : action === "object" ? "onBehalf.reason" : "onBehalf.info";
  return (
    <section class="panel" aria-labelledby="on-behalf-title">
      <h2 id="on-behalf-title">{t("onBehalf.title")}</h2>
      <p class="hint">{t("onBehalf.intro")}</p>
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorBox error={error} />
        <fieldset class="field choices">
          <legend class="field__label">{t("complaint.actions")}</legend>
          <div class="choices__options">
            {actions.map((a) => (
              <label class="choice" key={a}>
                <input type="radio" class="choice__input" name="on-behalf-action" checked={action === a} onChange={() => { setAction(a); setMissing(false); }} />
                <span class="choice__label">{t(`onBehalf.action.${a}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class="field">
          <label class="field__label" for="on-behalf-conveyed">
            {t("onBehalf.conveyed")}
          </label>
          <select id="on-behalf-conveyed" class="field__input" value={conveyed} onChange={(event) => setConveyed(event.currentTarget.value as Conveyed)}>
            {CONVEYED.map((c) => (
              <option key={c} value={c}>
                {t(`conveyed.${c}`)}
              </option>
            ))}
          </select>
        </div>
        {action === "confirm" ? (
          <div class={missing && rating === "" ? "field field--invalid" : "field"}>
            <label class="field__label" for="on-behalf-rating">
              {t("onBehalf.rating")}
            </label>
            <select id="on-behalf-rating" class="field__input" value={rating} onChange={(event) => setRating(event.currentTarget.value)}>
              <option value="">—</option>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
            {missing && rating === "" ? <div class="field__error"><p>{t("field.required")}</p></div> : null}
          </div>
        ) : null}
        <TextArea
          label={t(textLabel)}
          hint={t("visibility.readByReporter")}
          rows={3}
          value={text}
          onValue={setText}
          errors={missing && action !== "confirm" && text.trim() === "" ? [t("field.required")] : undefined}
        />
        <Button type="submit" pending={pending} pendingLabel={t("actionForm.saving")}>
          {t("onBehalf.submit")}
        </Button>
      </form>
    </section>
  );
}
