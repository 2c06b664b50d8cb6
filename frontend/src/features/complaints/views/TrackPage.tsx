import { useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { Choices } from "../../../components/Choices";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { Timeline } from "../../../components/Timeline";
import { errorKey, useI18n, type MessageKey } from "../../../i18n/index";
import { formatDate } from "../../../lib/format";
import { queryParam } from "../../../lib/router";
import { track, trackTransition, type PublicComplaint, type ReporterAction } from "../api";

function failureKey(error: ApiFailure): MessageKey {
  if (error.status === 0) return "errors.network";
  // "Not found" for a wrong PIN too: the server does not say which part was wrong.
  if (error.status === 404) return "track.notFound";
  return errorKey(error.code);
}

/** The register number arrives with issue #7; read defensively until the contract has it. */
function registerNumber(complaint: PublicComplaint): string | null {
  const value = (complaint as unknown as Record<string, unknown>)["register_number"];
  return typeof value === "string" && value !== "" ? value : null;
}

export default function TrackPage() {
  const { locale, t } = useI18n();
  const [code, setCode] = useState(queryParam("kode") ?? "");
  const [pin, setPin] = useState("");
  const [complaint, setComplaint] = useState<PublicComplaint | null>(null);
  const [credentials, setCredentials] = useState<{ code: string; pin: string } | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const busy = useRef(false);

  async function lookUp(event: SubmitEvent) {
    event.preventDefault();
    setAttempted(true);
    if (busy.current || code.trim() === "" || pin.trim() === "") return;
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      const wanted = { code: code.trim().toUpperCase(), pin: pin.trim() };
      const result = await track(wanted.code, wanted.pin);
      if (result.ok) {
        setComplaint(result.data);
        setCredentials(wanted);
      } else {
        setError(failureKey(result.error));
      }
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  if (complaint && credentials) {
    return (
      <TrackedComplaint
        complaint={complaint}
        credentials={credentials}
        onChange={setComplaint}
        onClose={() => {
          setComplaint(null);
          setCredentials(null);
          setPin("");
        }}
        locale={locale}
      />
    );
  }

  return (
    <section class="page page--narrow" aria-labelledby="track-title">
      <h1 id="track-title">{t("track.title")}</h1>
      <p class="lead">{t("track.intro")}</p>
      {error ? (
        <div class="alert alert--error" role="alert">
          <p>{t(error)}</p>
        </div>
      ) : null}
      <form class="form" noValidate onSubmit={(event) => void lookUp(event)}>
        <TextField
          label={t("track.code")}
          hint={t("track.codeHint")}
          name="code"
          autoCapitalize="characters"
          autocomplete="off"
          spellcheck={false}
          maxLength={20}
          value={code}
          onValue={setCode}
          errors={attempted && code.trim() === "" ? [t("field.required")] : undefined}
        />
        <TextField
          label={t("track.pin")}
          name="pin"
          inputMode="numeric"
          autocomplete="off"
          maxLength={6}
          value={pin}
          onValue={setPin}
          errors={attempted && pin.trim() === "" ? [t("field.required")] : undefined}
        />
        <Button type="submit" pending={pending} pendingLabel={t("track.looking")}>
          {t("track.submit")}
        </Button>
      </form>
    </section>
  );
}

interface TrackedProps {
  complaint: PublicComplaint;
  credentials: { code: string; pin: string };
  onChange: (next: PublicComplaint) => void;
  onClose: () => void;
  locale: string;
}

function TrackedComplaint({ complaint, credentials, onChange, onClose, locale }: TrackedProps) {
  const { t } = useI18n();
  const register = registerNumber(complaint);
  const sla = complaint.sla;
  const actions = complaint.allowed_actions.filter(
    (a): a is ReporterAction => a === "confirm" || a === "object" || a === "supply_info",
  );
  return (
    <section class="page" aria-labelledby="tracked-title">
      <p class="eyebrow">{t("track.codeIs", { code: complaint.tracking_code })}</p>
      <h1 id="tracked-title">{complaint.title}</h1>
      <p class="status-line">
        <span class={`badge badge--${complaint.status}`}>{complaint.status_label}</span>
      </p>
      <p>{t(`track.now.${complaint.status}`)}</p>
      <dl class="facts">
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
            <dd>{formatDate(sla.due_on, locale)}</dd>
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
      {complaint.answer ? (
        <div class="answer">
          <h2>{t("track.answer")}</h2>
          <p class="answer__text">{complaint.answer}</p>
        </div>
      ) : null}
      {complaint.rating ? <p>{t("track.rated", { rating: complaint.rating })}</p> : null}

      {actions.length > 0 ? (
        <ReporterActions actions={actions} credentials={credentials} onChange={onChange} />
      ) : null}

      <h2>{t("track.timeline")}</h2>
      <Timeline entries={complaint.timeline} audience="resident" />

      <div class="actions">
        <Button variant="secondary" onClick={onClose}>
          {t("track.another")}
        </Button>
      </div>
    </section>
  );
}

function ReporterActions({
  actions,
  credentials,
  onChange,
}: {
  actions: readonly ReporterAction[];
  credentials: { code: string; pin: string };
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

  async function send(event: SubmitEvent) {
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
      const base = { ...credentials, action: chosen, note: "" };
      const body =
        chosen === "confirm"
          ? { ...base, rating: Number(rating), comment: text.trim() }
          : chosen === "object"
            ? { ...base, reason: text.trim() }
            : { ...base, note: text.trim() };
      const result = await trackTransition(body);
      if (result.ok) {
        onChange(result.data);
        setText("");
        setRating("");
      } else {
        setError(failureKey(result.error));
        const f = result.error.fields;
        setFieldErrors({ rating: f["rating"] ?? [], text: [...(f["reason"] ?? []), ...(f["note"] ?? []), ...(f["comment"] ?? [])] });
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
  const text_errors = fieldErrors["text"];

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
        <form class="form" noValidate onSubmit={(event) => void send(event)}>
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
            errors={text_errors?.length ? text_errors : undefined}
          />
          <Button type="submit" pending={pending} pendingLabel={t("track.sending")}>
            {t(`track.send.${chosen}`)}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
