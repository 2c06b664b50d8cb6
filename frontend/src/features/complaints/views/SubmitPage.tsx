import { useEffect, useRef, useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { CategoryIcon } from "../../../components/CategoryIcon";
import { Choices, type Choice } from "../../../components/Choices";
import { ReporterFields } from "../../../components/ReporterFields";
import { errorKey, useI18n, type MessageKey } from "../../../i18n/index";
import {
  checkReporter,
  EMPTY_REPORTER,
  reporterBody,
  splitFieldErrors,
  type ReporterDraft,
  type ReporterField,
} from "../../../lib/identity";
import { navigate } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import type { Kind, SubmitBody } from "../api";
import { useCategories, useRegion } from "../desa";
import { DetailsStep, useGeolocation, usePhoto, type Urgent } from "../components/submit/DetailsStep";
import { ReviewStep } from "../components/submit/ReviewStep";
import { outbox } from "../outbox";

export interface SubmitPageProps {
  desa: string;
}

const KINDS = ["complaint", "aspiration", "suggestion", "information_request"] as const satisfies readonly Kind[];

/**
 * The guided form, one step at a time: a resident on a small phone sees one question, and a
 * slow phone lays out one step instead of the whole form when the page opens. The state of
 * every step lives here, so Back and Next keep what was typed.
 */
const STEPS = ["kind", "category", "details", "who", "review"] as const;
type Step = (typeof STEPS)[number];

const STEP_TITLES: Readonly<Record<Step, MessageKey>> = {
  kind: "submit.stepKind",
  category: "submit.stepCategory",
  details: "submit.stepDetails",
  who: "submit.stepWho",
  review: "submit.stepReview",
};

type Who = "named" | "anonymous";
type FormField = "kind" | "category" | "title" | "description" | "location_text" | "anonymous";

// The step that asks for each field the server may name in a 400, so a refusal reopens it.
const FIELD_STEPS: Readonly<Record<string, Step>> = {
  kind: "kind",
  category: "category",
  title: "details",
  description: "details",
  location_text: "details",
  urgent: "details",
  anonymous: "who",
  reporter: "who",
  "reporter.name": "who",
  "reporter.nik": "who",
  "reporter.phone": "who",
  "reporter.address": "who",
  "reporter.email": "who",
};
const SERVER_FIELDS: readonly string[] = Object.keys(FIELD_STEPS);

/** Records the step in the current history entry's state (same address). */
function rememberStep(step: Step, options: { replace?: boolean } = {}): void {
  const state: unknown = window.history.state;
  const merged = { ...(typeof state === "object" && state !== null ? state : {}), submitStep: step };
  if (options.replace) window.history.replaceState(merged, "");
  else window.history.pushState(merged, "");
}

function stepIn(state: unknown): Step | null {
  if (typeof state !== "object" || state === null || !("submitStep" in state)) return null;
  const step = state.submitStep;
  return STEPS.find((known) => known === step) ?? null;
}

export default function SubmitPage({ desa }: SubmitPageProps) {
  const { t } = useI18n();
  const region = useRegion(desa);
  const [categoryAttempt, setCategoryAttempt] = useState(0);
  // Fetched at once, although asked on the second step: it is there when the resident is.
  const categories = useCategories(desa, categoryAttempt);

  // Spam traps (docs/domain.md, Spam): when the form opened, and a field only bots fill.
  const openedAt = useRef(Date.now());
  const honeypot = useRef<HTMLInputElement>(null);

  const [step, setStep] = useState<Step>("kind");
  const [kind, setKind] = useState<Kind>("complaint");
  const [category, setCategory] = useState("");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [urgent, setUrgent] = useState<Urgent | "">("");
  const [locationText, setLocationText] = useState("");
  const geo = useGeolocation();
  const { location } = geo;
  const photos = usePhoto();
  const { photo } = photos;
  const [who, setWho] = useState<Who | "">("");
  const [reporter, setReporter] = useState<ReporterDraft>(EMPTY_REPORTER);

  // Steps whose Next was pressed: their fields show what is missing from then on.
  const [checked, setChecked] = useState<ReadonlySet<Step>>(new Set());
  const [serverErrors, setServerErrors] = useState<Record<string, readonly string[]>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [formError, setFormError] = useState<MessageKey | null>(null);
  const [pending, setPending] = useState(false);
  // A new object for each request, so asking twice for the same target focuses twice.
  const [focus, setFocus] = useState<{ to: "heading" | "summary" } | null>(null);
  const submitting = useRef(false);
  const errorSummary = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // A new step replaces the content under the reader's focus: start them at its heading.
  useEffect(() => {
    if (!focus) return;
    (focus.to === "heading" ? heading : errorSummary).current?.focus();
  }, [focus]);

  const required = (value: string) => (value.trim() === "" ? [t("field.required")] : undefined);
  const problems: Partial<Record<FormField, readonly string[] | undefined>> = {
    category: category === "" ? [t("submit.categoryRequired")] : undefined,
    title: required(title),
    description: required(description),
    anonymous: who === "" ? [t("submit.whoRequired")] : undefined,
  };
  const errorsOf = (field: FormField) =>
    (checked.has(FIELD_STEPS[field] ?? "review") ? problems[field] : undefined) ?? serverErrors[field];
  const reporterProblems = checked.has("who") && who === "named" ? checkReporter(reporter) : {};
  const reporterServerErrors: Partial<Record<ReporterField, readonly string[]>> = {};
  for (const field of ["name", "nik", "phone", "address", "email"] as const) {
    const messages = serverErrors[`reporter.${field}`];
    if (messages) reporterServerErrors[field] = messages;
  }

  function stepIsComplete(which: Step): boolean {
    switch (which) {
      case "category":
        return category !== "";
      case "details":
        return title.trim() !== "" && description.trim() !== "";
      case "who":
        return who === "anonymous" || (who === "named" && Object.keys(checkReporter(reporter)).length === 0);
      default:
        return true;
    }
  }

  // Each step is an entry in the browser's history, so the phone's Back button goes to the
  // previous step (what was typed stays) instead of leaving the form. The form starts at
  // its first step whenever it opens, even on an entry left by an earlier visit.
  useEffect(() => {
    rememberStep("kind", { replace: true });
    const onPop = (event: PopStateEvent) => {
      const to = stepIn(event.state);
      if (!to) return;
      setFormError(null);
      setOtherErrors([]);
      setStep(to);
      setFocus({ to: "heading" });
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  function goTo(next: Step) {
    setFormError(null);
    setOtherErrors([]);
    setStep(next);
    setFocus({ to: "heading" });
    rememberStep(next);
  }

  function showProblems(at: Step, message: MessageKey) {
    setChecked((previous) => new Set(previous).add(at));
    setStep(at);
    setFormError(message);
    setFocus({ to: "summary" });
    rememberStep(at, { replace: true });
  }

  function next() {
    setChecked((previous) => new Set(previous).add(step));
    if (!stepIsComplete(step)) {
      showProblems(step, "errors.invalid");
      return;
    }
    goTo(STEPS[STEPS.indexOf(step) + 1] ?? "review");
  }

  function back() {
    // The history's previous entry: the step the resident came from (the popstate above).
    window.history.back();
  }

  async function send() {
    if (submitting.current || photo.kind === "shrinking") return;
    // Each step was checked on the way here; this catches one changed after ("Ubah").
    const incomplete = STEPS.find((which) => !stepIsComplete(which));
    if (incomplete) {
      showProblems(incomplete, "errors.invalid");
      return;
    }
    setServerErrors({});
    setOtherErrors([]);
    setFormError(null);
    submitting.current = true;
    setPending(true);

    const body: SubmitBody = {
      desa,
      kind,
      category,
      channel: "web",
      title: title.trim(),
      description: description.trim(),
      anonymous: who === "anonymous",
      reporter: who === "named" ? reporterBody(reporter) : null,
      urgency: "medium",
      impact: "medium",
      // Left out unanswered: the question may be skipped.
      urgent: urgent === "" ? null : urgent === "yes",
      location_text: locationText.trim(),
      latitude: location?.latitude ?? null,
      longitude: location?.longitude ?? null,
      website: honeypot.current?.value ?? "",
      fill_ms: Math.max(0, Math.round(Date.now() - openedAt.current)),
    };
    try {
      const box = outbox();
      const item = await box.add(body, photo.kind === "ready" ? photo.blob : null);
      const result = await box.send(item.id);
      if (result.kind === "failed") {
        // Refused for good (a 400): drop the queued copy and show the errors where they belong.
        await box.remove(item.id);
        const { byField, other } = splitFieldErrors(result.failure.fields, SERVER_FIELDS);
        setServerErrors(byField);
        const first = STEPS.find((which) => Object.keys(byField).some((field) => FIELD_STEPS[field] === which));
        showProblems(first ?? "review", errorKey(result.failure.code));
        setOtherErrors(other);
        return;
      }
      navigate(routes.submission(item.id), { replace: false });
    } finally {
      submitting.current = false;
      setPending(false);
    }
  }

  const desaName = region.kind === "loaded" ? region.data.name : null;
  const stepNumber = STEPS.indexOf(step) + 1;

  return (
    <section class="page" aria-labelledby="submit-title">
      <h1 id="submit-title">{t("submit.title")}</h1>
      {/* Always rendered, one line high before the desa's name arrives: on a weak signal it
          comes while the resident presses "Lanjut", and the button must not move under the finger. */}
      <p class="submit__to">{desaName ? t("submit.to", { desa: desaName }) : "\u00a0"}</p>
      <p class="lead">{t("submit.intro")}</p>

      {formError ? (
        <div class="alert alert--error" role="alert" tabIndex={-1} ref={errorSummary}>
          <p>{t(formError)}</p>
          {otherErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}

      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (step === "review") void send();
          else next();
        }}
      >
        {/* Kept out of sight and out of reach of keyboards and screen readers: a person
            never fills it, a bot filling every field does. */}
        <div class="submit__trap" aria-hidden="true">
          <label for="submit-website">Website</label>
          <input id="submit-website" name="website" type="text" tabIndex={-1} autoComplete="off" ref={honeypot} />
        </div>
        <h2 class="form__step" tabIndex={-1} ref={heading}>
          {t("submit.stepHeading", { n: stepNumber, total: STEPS.length, step: t(STEP_TITLES[step]) })}
        </h2>

        {step === "kind" ? (
          <Choices
            legend={t("submit.kind")}
            name="kind"
            value={kind}
            options={KINDS.map((value) => ({ value, label: t(`kind.${value}`), hint: t(`kind.${value}.hint`) }))}
            onValue={setKind}
            errors={errorsOf("kind")}
          />
        ) : null}

        {step === "category" ? (
          categories.kind === "failed" ? (
            <div class="alert alert--error" role="alert">
              <p>{t(categories.error.status === 0 ? "errors.network" : errorKey(categories.error.code))}</p>
              <Button variant="secondary" onClick={() => setCategoryAttempt((n) => n + 1)}>
                {t("app.retry")}
              </Button>
            </div>
          ) : categories.kind === "loading" ? (
            // Holds about the category grid's place (styles.css), so the buttons below barely
            // move when it arrives.
            <p role="status" class="choices-placeholder">
              {t("app.loading")}
            </p>
          ) : (
            <Choices
              legend={t("submit.category")}
              name="category"
              value={category}
              options={categories.data.map(
                (c): Choice<string> => ({ value: c.slug, label: c.name, icon: <CategoryIcon name={c.icon} /> }),
              )}
              onValue={setCategory}
              errors={errorsOf("category")}
              layout="grid"
            />
          )
        ) : null}

        {step === "details" ? (
          <DetailsStep
            title={title}
            onTitle={setTitle}
            description={description}
            onDescription={setDescription}
            urgent={urgent}
            onUrgent={setUrgent}
            locationText={locationText}
            onLocationText={setLocationText}
            geo={geo}
            photo={photos}
            errors={{
              title: errorsOf("title"),
              description: errorsOf("description"),
              urgent: serverErrors["urgent"],
              location_text: errorsOf("location_text"),
            }}
          />
        ) : null}

        {step === "who" ? (
          <>
            <Choices
              legend={t("submit.who")}
              hint={t("submit.whoHint")}
              name="who"
              value={who}
              options={[
                { value: "named", label: t("submit.named"), hint: t("submit.namedHint") },
                { value: "anonymous", label: t("submit.anonymous"), hint: t("submit.anonymousHint") },
              ]}
              onValue={setWho}
              errors={errorsOf("anonymous") ?? serverErrors["reporter"]}
            />
            {who === "named" ? (
              <ReporterFields
                value={reporter}
                onValue={setReporter}
                problems={reporterProblems}
                serverErrors={reporterServerErrors}
              />
            ) : null}
          </>
        ) : null}

        {step === "review" ? (
          <ReviewStep
            kind={kind}
            category={(categories.kind === "loaded" && categories.data.find((c) => c.slug === category)?.name) || category}
            title={title}
            description={description}
            urgent={urgent}
            locationText={locationText}
            location={location}
            photo={photo}
            reporter={who === "named" ? reporter : null}
            onEdit={goTo}
          />
        ) : null}

        <div class="form__nav">
          {step === "review" ? (
            <Button
              type="submit"
              pending={pending || photo.kind === "shrinking"}
              pendingLabel={pending ? t("submit.sending") : t("submit.photoShrinking")}
            >
              {t("submit.send")}
            </Button>
          ) : (
            <Button type="submit">{t("submit.next")}</Button>
          )}
          {step === "kind" ? null : (
            <Button variant="secondary" disabled={pending} onClick={back}>
              {t("submit.back")}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}
