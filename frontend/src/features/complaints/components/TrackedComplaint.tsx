import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";
import type { ApiResult } from "../../../api/errors";
import { AnswerHistory, currentAnswerFiles } from "../../../components/AnswerHistory";
import { Button } from "../../../components/Button";
import { Choices } from "../../../components/Choices";
import { FileList } from "../../../components/FileList";
import { TextArea } from "../../../components/TextArea";
import { Timeline } from "../../../components/Timeline";
import { useI18n, type MessageKey } from "../../../i18n/index";
import { formatDate, formatDueDate } from "../../../lib/format";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import type { PublicComplaint, ReporterAction, ReporterMove } from "../api";

export interface TrackedComplaintProps {
  complaint: PublicComplaint;
  /** Sends one of the reporter's moves: with code + PIN, or as the logged-in reporter. */
  send: (move: ReporterMove) => Promise<ApiResult<PublicComplaint>>;
  /** The message for a failed move, from the API's error. */
  failure: (error: { status: number; code: string }) => MessageKey;
  onChange: (next: PublicComplaint) => void;
  /** Below the timeline: the way back (another code, the list of one's complaints). */
  children?: ComponentChildren;
}

/** OpenStreetMap at the point the reporter gave: no key, no script, works from any phone. */
export function mapLink(latitude: string, longitude: string): string {
  return `https://www.openstreetmap.org/?mlat=${encodeURIComponent(latitude)}&mlon=${encodeURIComponent(longitude)}#map=18/${encodeURIComponent(latitude)}/${encodeURIComponent(longitude)}`;
}

const REPORTER_ACTIONS: readonly ReporterAction[] = ["confirm", "object", "supply_info"];

function isReporterAction(action: string): action is ReporterAction {
  return (REPORTER_ACTIONS as readonly string[]).includes(action);
}

/**
 * The reporter's view of one complaint, the same whether it was opened with code + PIN or
 * from "Pengaduan saya": state in plain words, register number, deadline in working days,
 * the answer, the timeline, and the moves the reporter may make now.
 */
export function TrackedComplaint({ complaint, send, failure, onChange, children }: TrackedComplaintProps) {
  const { locale, t } = useI18n();
  const register = complaint.register_number;
  const sla = complaint.sla;
  const actions = complaint.allowed_actions.filter(isReporterAction);
  return (
    <section class="page" aria-labelledby="tracked-title">
      <p class="eyebrow">{t("track.codeIs", { code: complaint.tracking_code })}</p>
      <h1 id="tracked-title">{complaint.title}</h1>
      <p class="status-line">
        <span class={`badge badge--${complaint.status}`}>{complaint.status_label}</span>
      </p>
      <p>{t(`track.now.${complaint.status}`)}</p>
      <div class="sent">
        <h2>{t("track.sent")}</h2>
        <p class="sent__text">{complaint.description}</p>
        <FileList files={complaint.files} label={t("track.sentFiles")} />
      </div>
      <dl class="facts">
        <div>
          <dt>{t("track.desa")}</dt>
          {/* The desa's page has its contact and its record of answers. */}
          <dd>
            <Link href={routes.desa(complaint.desa.code)}>{complaint.desa.name}</Link>
          </dd>
        </div>
        {complaint.location_text || complaint.latitude ? (
          <div>
            <dt>{t("track.place")}</dt>
            <dd>
              {complaint.location_text ? <span class="sent__place">{complaint.location_text}</span> : null}
              {complaint.latitude && complaint.longitude ? (
                <>
                  {complaint.location_text ? " " : null}
                  <a href={mapLink(complaint.latitude, complaint.longitude)} target="_blank" rel="noopener noreferrer">
                    {t("track.map")}
                  </a>
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("track.category")}</dt>
          <dd>{complaint.category.name}</dd>
        </div>
        <div>
          <dt>{t("track.submittedAt")}</dt>
          <dd>{formatDate(complaint.submitted_at, locale)}</dd>
        </div>
        {register ? (
          <div>
            <dt>{t("track.register")}</dt>
            <dd>{register}</dd>
          </div>
        ) : null}
        {sla?.due_on && sla.state !== "stopped" ? (
          <div>
            <dt>{t("track.deadline")}</dt>
            <dd>{formatDueDate(sla.due_on, locale)}</dd>
          </div>
        ) : null}
        {sla && sla.state !== "stopped" && sla.remaining_working_days !== null ? (
          <div>
            <dt>{t("track.remaining")}</dt>
            <dd>
              {sla.state === "paused"
                ? t("track.paused")
                : sla.overdue
                  ? t("track.overdue")
                  : t("track.workingDays", { count: sla.remaining_working_days })}
            </dd>
          </div>
        ) : null}
      </dl>

      {complaint.info_request && complaint.status === "needs_info" ? (
        <div class="alert alert--warning">
          <p>
            <strong>{t("track.infoRequested")}</strong>
          </p>
          <p>{complaint.info_request}</p>
        </div>
      ) : null}
      {complaint.rejection_reason ? (
        <div class="alert alert--error">
          <p>
            <strong>{t("track.rejected")}</strong>
          </p>
          <p>{complaint.rejection_reason}</p>
        </div>
      ) : null}
      {complaint.forwarding ? (
        <div class="alert alert--info" data-testid="forwarded">
          <p>
            <strong>{t("track.forwardedTo", { agency: complaint.forwarding.agency })}</strong>
          </p>
          <p>{complaint.forwarding.reason}</p>
          {complaint.forwarding.reference ? (
            <p>{t("track.forwardedReference", { reference: complaint.forwarding.reference })}</p>
          ) : null}
        </div>
      ) : null}
      {complaint.answer ? (
        <div class="answer">
          <h2>{t("track.answer")}</h2>
          <p class="answer__text">{complaint.answer}</p>
          {complaint.joined ? null : <FileList files={currentAnswerFiles(complaint.answers)} label={t("answers.files")} />}
        </div>
      ) : null}
      <AnswerHistory answers={complaint.answers} timeline={complaint.timeline} audience="resident" />
      {complaint.rating ? <p>{t("track.rated", { rating: complaint.rating })}</p> : null}

      {actions.length > 0 ? (
        // Keyed by state: after a move the form starts afresh for whatever is allowed next.
        <ReporterActions key={complaint.status} actions={actions} send={send} failure={failure} onChange={onChange} />
      ) : null}

      <h2>{t("track.timeline")}</h2>
      <Timeline entries={complaint.timeline} audience="resident" submittedAt={complaint.submitted_at} />

      {children ? <div class="actions">{children}</div> : null}
    </section>
  );
}

function ReporterActions({
  actions,
  send,
  failure,
  onChange,
}: {
  actions: readonly ReporterAction[];
  send: TrackedComplaintProps["send"];
  failure: TrackedComplaintProps["failure"];
  onChange: (next: PublicComplaint) => void;
}) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<ReporterAction | null>(actions.length === 1 ? (actions[0] ?? null) : null);
  const [rating, setRating] = useState("");
  const [text, setText] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, readonly string[]>>({});
  const busy = useRef(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!chosen || busy.current) return;
    if (chosen === "confirm" && rating === "") {
      setFieldErrors({ rating: [t("track.ratingRequired")] });
      return;
    }
    if (chosen !== "confirm" && text.trim() === "") {
      setFieldErrors({ text: [t("field.required")] });
      return;
    }
    busy.current = true;
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const move: ReporterMove =
        chosen === "confirm"
          ? { action: chosen, note: "", rating: Number(rating), comment: text.trim() }
          : chosen === "object"
            ? { action: chosen, note: "", reason: text.trim() }
            : { action: chosen, note: text.trim() };
      const result = await send(move);
      if (result.ok) {
        onChange(result.data);
        setText("");
        setRating("");
      } else {
        setError(failure(result.error));
        const f = result.error.fields;
        setFieldErrors({
          rating: f["rating"] ?? [],
          text: [...(f["reason"] ?? []), ...(f["note"] ?? []), ...(f["comment"] ?? [])],
        });
      }
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  const ratingOptions = ["5", "4", "3", "2", "1"].map((value) => ({
    value,
    label: t(`track.rating${value}` as MessageKey),
  }));
  const textLabel: MessageKey =
    chosen === "confirm" ? "track.comment" : chosen === "object" ? "track.objectReason" : "track.supplyNote";
  const textErrors = fieldErrors["text"];

  return (
    <div class="panel">
      <h2>{t("track.yourTurn")}</h2>
      {actions.length > 1 ? (
        <div class="actions actions--stack">
          {actions.map((action) => (
            <Button
              key={action}
              variant={chosen === action ? "primary" : "secondary"}
              aria-pressed={chosen === action}
              onClick={() => {
                setChosen(action);
                setFieldErrors({});
                setError(null);
              }}
            >
              {t(`track.action.${action}`)}
            </Button>
          ))}
        </div>
      ) : null}
      {error ? (
        <div class="alert alert--error" role="alert">
          <p>{t(error)}</p>
        </div>
      ) : null}
      {chosen ? (
        <form class="form" noValidate onSubmit={(event) => void submit(event)}>
          {chosen === "confirm" ? (
            <Choices
              legend={t("track.rating")}
              name="rating"
              value={rating}
              options={ratingOptions}
              onValue={setRating}
              errors={fieldErrors["rating"]?.length ? fieldErrors["rating"] : undefined}
            />
          ) : null}
          <TextArea
            label={t(textLabel)}
            name="text"
            rows={3}
            value={text}
            onValue={setText}
            errors={textErrors?.length ? textErrors : undefined}
          />
          <Button type="submit" pending={pending} pendingLabel={t("track.sending")}>
            {t(`track.send.${chosen}`)}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
