import { useEffect, useRef, useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { CategoryIcon } from "../../../components/CategoryIcon";
import { Choices, type Choice } from "../../../components/Choices";
import { ReporterFields } from "../../../components/ReporterFields";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
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
import { outbox } from "../outbox";
import { shrinkPhoto } from "../../../lib/photo";

export interface SubmitPageProps {
  desa: string;
}

const KINDS = ["complaint", "aspiration", "suggestion", "information_request"] as const satisfies readonly Kind[];

type Who = "named" | "anonymous";
type FormField = "kind" | "category" | "title" | "description" | "location_text" | "anonymous";
const SERVER_FIELDS: readonly string[] = [
  "kind",
  "category",
  "title",
  "description",
  "location_text",
  "anonymous",
  "reporter",
  "reporter.name",
  "reporter.nik",
  "reporter.phone",
  "reporter.address",
  "reporter.email",
];

type Location = { latitude: string; longitude: string } | null;
type PhotoState =
  | { kind: "none" }
  | { kind: "shrinking" }
  | { kind: "ready"; blob: Blob; url: string }
  | { kind: "failed" };

export default function SubmitPage({ desa }: SubmitPageProps) {
  const { t } = useI18n();
  const region = useRegion(desa);
  const [categoryAttempt, setCategoryAttempt] = useState(0);
  const categories = useCategories(desa, categoryAttempt);

  const [kind, setKind] = useState<Kind>("complaint");
  const [category, setCategory] = useState("");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [locationText, setLocationText] = useState("");
  const [location, setLocation] = useState<Location>(null);
  const [locating, setLocating] = useState<"idle" | "busy" | "denied">("idle");
  const [photo, setPhoto] = useState<PhotoState>({ kind: "none" });
  const [who, setWho] = useState<Who | "">("");
  const [reporter, setReporter] = useState<ReporterDraft>(EMPTY_REPORTER);

  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, readonly string[]>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [formError, setFormError] = useState<MessageKey | null>(null);
  const [pending, setPending] = useState(false);
  const submitting = useRef(false);
  const errorSummary = useRef<HTMLDivElement>(null);

  // The page shown after sending must open without a signal too: fetch its code now.
  useEffect(() => {
    void import("./SubmissionPage");
  }, []);

  useEffect(
    () => () => {
      if (photo.kind === "ready") URL.revokeObjectURL(photo.url);
    },
    [photo],
  );

  const required = (value: string) => (value.trim() === "" ? [t("field.required")] : undefined);
  const local: Partial<Record<FormField, readonly string[] | undefined>> = attempted
    ? {
        category: category === "" ? [t("submit.categoryRequired")] : undefined,
        title: required(title),
        description: required(description),
        anonymous: who === "" ? [t("submit.whoRequired")] : undefined,
      }
    : {};
  const reporterProblems = attempted && who === "named" ? checkReporter(reporter) : {};
  const errorsOf = (field: FormField) => local[field] ?? serverErrors[field];
  const reporterServerErrors: Partial<Record<ReporterField, readonly string[]>> = {};
  for (const field of ["name", "nik", "phone", "address", "email"] as const) {
    const messages = serverErrors[`reporter.${field}`];
    if (messages) reporterServerErrors[field] = messages;
  }

  function locate() {
    if (!("geolocation" in navigator)) {
      setLocating("denied");
      return;
    }
    setLocating("busy");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocation({
          latitude: position.coords.latitude.toFixed(6),
          longitude: position.coords.longitude.toFixed(6),
        });
        setLocating("idle");
      },
      () => setLocating("denied"),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  async function onPhoto(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setPhoto({ kind: "shrinking" });
    try {
      const blob = await shrinkPhoto(file);
      setPhoto({ kind: "ready", blob, url: URL.createObjectURL(blob) });
    } catch {
      setPhoto({ kind: "failed" });
    } finally {
      input.value = "";
    }
  }

  function hasLocalProblems(): boolean {
    const missing =
      category === "" || title.trim() === "" || description.trim() === "" || who === "";
    const identity = who === "named" && Object.keys(checkReporter(reporter)).length > 0;
    return missing || identity;
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (submitting.current || photo.kind === "shrinking") return;
    setAttempted(true);
    setServerErrors({});
    setOtherErrors([]);
    if (hasLocalProblems()) {
      setFormError("errors.invalid");
      requestAnimationFrame(() => errorSummary.current?.focus());
      return;
    }
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
      location_text: locationText.trim(),
      latitude: location?.latitude ?? null,
      longitude: location?.longitude ?? null,
    };
    try {
      const box = outbox();
      const item = await box.add(body, photo.kind === "ready" ? photo.blob : null);
      const result = await box.send(item.id);
      if (result.kind === "failed") {
        // Refused for good (a 400): drop the queued copy and show the errors in place.
        await box.remove(item.id);
        const { byField, other } = splitFieldErrors(result.failure.fields, SERVER_FIELDS);
        setServerErrors(byField);
        setOtherErrors(other);
        setFormError(errorKey(result.failure.code));
        requestAnimationFrame(() => errorSummary.current?.focus());
        return;
      }
      navigate(routes.submission(item.id), { replace: false });
    } finally {
      submitting.current = false;
      setPending(false);
    }
  }

  const desaName = region.kind === "loaded" ? region.data.name : null;
  const kindOptions: Choice<Kind>[] = KINDS.map((value) => ({
    value,
    label: t(`kind.${value}`),
    hint: t(`kind.${value}.hint`),
  }));
  const categoryOptions: Choice<string>[] =
    categories.kind === "loaded"
      ? categories.data.map((c) => ({ value: c.slug, label: c.name, icon: <CategoryIcon name={c.icon} /> }))
      : [];
  const whoOptions: Choice<Who>[] = [
    { value: "named", label: t("submit.named"), hint: t("submit.namedHint") },
    { value: "anonymous", label: t("submit.anonymous"), hint: t("submit.anonymousHint") },
  ];

  return (
    <section class="page" aria-labelledby="submit-title">
      <h1 id="submit-title">{t("submit.title")}</h1>
      <p class="lead">{desaName ? t("submit.intro", { desa: desaName }) : t("submit.introUnknown")}</p>

      {formError ? (
        <div class="alert alert--error" role="alert" tabIndex={-1} ref={errorSummary}>
          <p>{t(formError)}</p>
          {otherErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}

      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <h2 class="form__step">{t("submit.step1")}</h2>
        <Choices legend={t("submit.kind")} name="kind" value={kind} options={kindOptions} onValue={setKind} errors={errorsOf("kind")} />

        {categories.kind === "failed" ? (
          <div class="alert alert--error" role="alert">
            <p>{t(categories.error.status === 0 ? "errors.network" : errorKey(categories.error.code))}</p>
            <Button variant="secondary" onClick={() => setCategoryAttempt((n) => n + 1)}>
              {t("app.retry")}
            </Button>
          </div>
        ) : categories.kind === "loading" ? (
          // Holds the category grid's place, so the form below does not jump when it arrives.
          <p role="status" class="choices-placeholder">
            {t("app.loading")}
          </p>
        ) : (
          <Choices
            legend={t("submit.category")}
            name="category"
            value={category}
            options={categoryOptions}
            onValue={setCategory}
            errors={errorsOf("category")}
            layout="grid"
          />
        )}

        <h2 class="form__step">{t("submit.step2")}</h2>
        <TextField
          label={t("submit.titleLabel")}
          hint={t("submit.titleHint")}
          name="title"
          maxLength={160}
          value={title}
          onValue={setTitle}
          errors={errorsOf("title")}
        />
        <TextArea
          label={t("submit.description")}
          hint={t("submit.descriptionHint")}
          name="description"
          rows={5}
          maxLength={10000}
          value={description}
          onValue={setDescription}
          errors={errorsOf("description")}
        />
        <TextField
          label={t("submit.locationText")}
          hint={t("submit.locationTextHint")}
          name="location_text"
          maxLength={255}
          value={locationText}
          onValue={setLocationText}
          errors={errorsOf("location_text")}
        />
        <div class="field">
          {location ? (
            <p class="field__note" role="status">
              {t("submit.locationSet", { lat: location.latitude, lng: location.longitude })}{" "}
              <button type="button" class="link-button" onClick={() => setLocation(null)}>
                {t("submit.locationRemove")}
              </button>
            </p>
          ) : (
            <Button
              variant="secondary"
              pending={locating === "busy"}
              pendingLabel={t("submit.locating")}
              onClick={locate}
            >
              {t("submit.locationUse")}
            </Button>
          )}
          {locating === "denied" ? <p class="field__hint" role="status">{t("submit.locationDenied")}</p> : null}
        </div>

        <div class="field">
          <span class="field__label">
            {t("submit.photo")}
          </span>
          <p class="field__hint" id="photo-hint">
            {t("submit.photoHint")}
          </p>
          {photo.kind === "ready" ? (
            <div class="photo">
              <img class="photo__preview" src={photo.url} alt={t("submit.photoPreview")} />
              <p class="field__hint">{t("submit.photoSize", { kb: Math.round(photo.blob.size / 1024) })}</p>
              <button type="button" class="link-button" onClick={() => setPhoto({ kind: "none" })}>
                {t("submit.photoRemove")}
              </button>
            </div>
          ) : (
            <label class="button button--secondary file-button">
              {photo.kind === "shrinking" ? t("submit.photoShrinking") : t("submit.photoAdd")}
              <input
                type="file"
                class="visually-hidden"
                name="photo"
                accept="image/*"
                capture="environment"
                aria-describedby="photo-hint"
                disabled={photo.kind === "shrinking"}
                onChange={(event) => void onPhoto(event)}
              />
            </label>
          )}
          {photo.kind === "failed" ? (
            <p class="field__error" role="alert">
              {t("submit.photoFailed")}
            </p>
          ) : null}
        </div>

        <h2 class="form__step">{t("submit.step3")}</h2>
        <Choices
          legend={t("submit.who")}
          hint={t("submit.whoHint")}
          name="who"
          value={who}
          options={whoOptions}
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

        <p class="field__hint">{t("submit.freeNote")}</p>
        <Button type="submit" pending={pending} pendingLabel={t("submit.sending")}>
          {t("submit.send")}
        </Button>
      </form>
    </section>
  );
}
