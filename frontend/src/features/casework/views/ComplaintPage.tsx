import { useEffect, useState } from "preact/hooks";
import { AnswerHistory, currentAnswerFiles } from "../../../components/AnswerHistory";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { FileList } from "../../../components/FileList";
import { FailedPage, LoadingPage } from "../../../components/PageStatus";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { Timeline } from "../../../components/Timeline";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { formatDateTime, formatDueDate } from "../../../lib/format";
import { useLoad } from "../../../lib/useLoad";
import { useStore } from "../../../lib/store";
import { useSubmit } from "../../../lib/useSubmit";
import { activeWorkspace, workspaceStore } from "../../../lib/workspace";
import {
  fetchComplaint,
  fetchStaff,
  transition,
  type Action,
  type Complaint,
  type Level,
  type MoveBody,
  type Position,
  type StaffMember,
  type TransitionBody,
  type Visibility,
} from "../api";
import { AnswerDraft, AnswerFiles, PublicOutcomeForm } from "../components/AnswerForms";
import { Attachments, EvidenceUpload } from "../components/AttachmentsSection";
import { CannedPicker, withTemplate } from "../components/CannedPicker";
import { ForwardForm, ForwardingPanel, SimilarPanel } from "../components/CaseworkPanels";
import { Fact } from "../components/Fact";
import { LevelSelect } from "../components/LevelSelect";
import { NoteForm, VisibilityPicker } from "../components/NoteForm";
import { OnBehalfForm } from "../components/OnBehalfForm";
import { ReceiptButtons } from "../components/ReceiptButtons";
import { ReporterSection } from "../components/ReporterSection";
import { SlaBadge } from "../components/SlaBadge";

export interface ComplaintPageProps {
  code: string;
  desa: string;
}

// Moves whose note the reporter reads by its nature (the backend's `state.PUBLIC_NOTES`);
// every other move's note is for the village staff unless made public here.
const PUBLIC_NOTES: readonly Action[] = ["request_info", "supply_info", "object", "confirm", "close"];

// The forms a move may ask for before it is made, and the body fields each fills in besides
// `action` and `note` ("note": the form's text is the note itself).
const FORM_FIELDS = {
  priority: ["urgency", "impact"],
  reprioritise: ["urgency", "impact", "reason"],
  reason: ["reason"],
  note: [],
  assign: ["position", "assignee"],
  answer: ["answer", "published_to"],
} as const;
type Need = keyof typeof FORM_FIELDS;
type FormField = (typeof FORM_FIELDS)[Need][number];
/** The forms whose every field the contract lists for the move `A` (`MoveBody<A>`). */
type NeedOf<A extends Action> = {
  [N in Need]: (typeof FORM_FIELDS)[N][number] extends keyof MoveBody<A> ? N : never;
}[Need];

// What each move asks for; a form filling in a field the contract does not list for that
// move fails `tsc`. Moves left out ask for a note only.
const NEEDS: { [A in Action]?: NeedOf<A> } = {
  verify: "priority",
  prioritise: "reprioritise",
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
  // Labels come localised from the server: read again on a language switch.
  const { state, retry, replace } = useLoad(() => fetchComplaint(code), [code, locale]);
  const workspace = activeWorkspace(useStore(workspaceStore));
  const office = workspace?.roles.some((role) => role === "intake_officer" || role === "village_head") ?? false;

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
        onRetry={retry}
      />
    );
  }

  const c = state.data;
  const update = replace;
  const reload = retry;
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
      {c.on_behalf_actions.length > 0 ? <OnBehalfForm complaint={c} onDone={update} /> : null}

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
      <ReporterSection complaint={c} onGranted={reload} />

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
    if ((need === "reason" || need === "note" || need === "answer" || need === "reprioritise") && text.trim() === "") {
      setMissing(true);
      return;
    }
    // What the form holds, by the contract's field names; the move's form says which go.
    const values = {
      urgency,
      impact,
      reason: text.trim(),
      answer: text.trim(),
      published_to: publishedTo.trim() || undefined,
      position: position || undefined,
      assignee: assignee ? Number(assignee) : undefined,
    } satisfies Record<FormField, unknown>;
    const fields: Partial<Record<FormField | "note" | "note_visibility", unknown>> = {
      note: need === "note" ? text.trim() : note.trim(),
    };
    if (!PUBLIC_NOTES.includes(action) && fields.note) fields.note_visibility = noteVisibility;
    for (const field of need ? FORM_FIELDS[need] : []) {
      if (values[field] !== undefined) fields[field] = values[field];
    }
    // NEEDS has checked each move's form against the contract's fields of that move.
    const body = { action, ...fields } as TransitionBody;
    const result = await run(() => transition(complaint.tracking_code, body));
    if (result) onDone(result.data);
  }

  const textLabel: StaffKey | null =
    need === "reason" ? "actionForm.reason" : need === "note" ? (action === "request_info" ? "actionForm.infoNeeded" : "actionForm.infoSupplied") : need === "answer" ? "actionForm.answer" : need === "reprioritise" ? "actionForm.priorityReason" : null;

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
      {need === "priority" || need === "reprioritise" ? (
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
