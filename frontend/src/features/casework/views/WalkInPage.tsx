import { useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { ReporterFields } from "../../../components/ReporterFields";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { UrgentSelect, urgentValue, type UrgentAnswer } from "../../../components/UrgentSelect";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { checkReporter, EMPTY_REPORTER, reporterBody, splitFieldErrors, type ReporterDraft, type ReporterField } from "../../../lib/identity";
import { navigate } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useStore } from "../../../lib/store";
import { useLoad } from "../../../lib/useLoad";
import { activeWorkspace, workspaceStore } from "../../../lib/workspace";
import { fetchCategories, submitWalkIn, type SubmitChannel, type Kind, type Level, type SubmitBody, type Submitted } from "../api";
import { RecordedPanel } from "../components/RecordedPanel";

// Everything but `web`: residents file those themselves.
const CHANNELS = ["walk_in", "phone", "whatsapp", "email", "social_media", "suggestion_box"] as const satisfies readonly SubmitChannel[];
const KINDS = ["complaint", "aspiration", "suggestion", "information_request"] as const satisfies readonly Kind[];
const LEVELS = ["low", "medium", "high"] as const satisfies readonly Level[];
const FIELDS = ["channel", "kind", "category", "title", "description", "location_text", "urgency", "impact", "urgent", "social_post_url", "social_account"];

function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The officer types in a complaint that came by another channel (it is received at once). */
export default function WalkInPage({ desa, channels = CHANNELS }: { desa: string; channels?: readonly SubmitChannel[] }) {
  const { t } = useStaffI18n();
  const office = activeWorkspace(useStore(workspaceStore))?.roles.includes("intake_officer") ?? false;
  const { state: categoryList } = useLoad(() => fetchCategories(desa), [desa]);
  const categories = categoryList.kind === "loaded" ? categoryList.data : [];
  const [form, setForm] = useState({
    channel: channels[0] ?? "walk_in",
    kind: "complaint" as Kind,
    category: "",
    title: "",
    description: "",
    location_text: "",
    urgency: "medium" as Level,
    impact: "medium" as Level,
    // What the reporter said of "mendesak?" ("" when not asked): kept as theirs.
    urgent: "" as UrgentAnswer,
  });
  const [social, setSocial] = useState({ url: "", account: "" });
  // The code and PIN of what was just recorded: shown once, never fetched again.
  const [done, setDone] = useState<{ submitted: Submitted; phone: boolean; email: boolean } | null>(null);
  const [anonymous, setAnonymous] = useState(false);
  const [reporter, setReporter] = useState<ReporterDraft>(EMPTY_REPORTER);
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, readonly string[]>>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  // One key per filled-in form: a double tap or a retry after a lost answer files it once.
  const key = useRef(newKey());

  const set = <K extends keyof typeof form>(name: K) => (value: (typeof form)[K]) => setForm({ ...form, [name]: value });
  const problems = attempted && !anonymous ? checkReporter(reporter) : {};
  const reporterServer: Partial<Record<ReporterField, readonly string[]>> = {};
  for (const f of ["name", "nik", "phone", "address", "email"] as const) {
    const m = serverErrors[`reporter.${f}`];
    if (m) reporterServer[f] = m;
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (busy.current) return;
    setAttempted(true);
    const incomplete =
      form.category === "" || form.title.trim() === "" || form.description.trim() === "" ||
      (!anonymous && Object.keys(checkReporter(reporter)).length > 0);
    if (incomplete) return;
    busy.current = true;
    setPending(true);
    setFailure(null);
    const body: SubmitBody = {
      desa,
      ...form,
      title: form.title.trim(),
      description: form.description.trim(),
      location_text: form.location_text.trim(),
      urgent: urgentValue(form.urgent),
      anonymous,
      reporter: anonymous ? null : reporterBody(reporter),
    };
    if (form.channel === "social_media") {
      if (social.url.trim()) body.social_post_url = social.url.trim();
      if (social.account.trim()) body.social_account = social.account.trim();
    }
    try {
      const result = await submitWalkIn(body, key.current);
      if (result.ok && !office) {
        // The box team records slips; handing code and PIN over is the intake officer's.
        navigate(routes.complaint(result.data.tracking_code));
        return;
      }
      if (result.ok) {
        setDone({
          submitted: result.data,
          phone: !anonymous && reporter.phone.trim() !== "",
          email: !anonymous && reporter.email.trim() !== "",
        });
        window.scrollTo(0, 0);
        return;
      }
      if (result.error.status === 400) key.current = newKey();
      setFailure(result.error);
      setServerErrors(splitFieldErrors(result.error.fields, [...FIELDS, "reporter.name", "reporter.nik", "reporter.phone", "reporter.address", "reporter.email"]).byField);
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  const select = (label: StaffKey, id: string, value: string, onValue: (v: string) => void, options: { value: string; label: string }[], errors?: readonly string[]) => (
    <div class={errors?.length ? "field field--invalid" : "field"}>
      <label class="field__label" for={id}>
        {t(label)}
      </label>
      <select id={id} class="field__input" value={value} onChange={(e) => onValue(e.currentTarget.value)} aria-invalid={errors?.length ? true : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors?.length ? <div class="field__error">{errors.map((m) => <p key={m}>{m}</p>)}</div> : null}
    </div>
  );

  if (done) {
    return (
      <RecordedPanel
        submitted={done.submitted}
        reporterPhone={done.phone}
        reporterEmail={done.email}
        complaintHref={routes.complaint(done.submitted.tracking_code)}
        onAnother={() => {
          key.current = newKey();
          setDone(null);
          setAttempted(false);
          setServerErrors({});
          setForm({ ...form, title: "", description: "", location_text: "" });
          setSocial({ url: "", account: "" });
          setReporter(EMPTY_REPORTER);
          setAnonymous(false);
        }}
      />
    );
  }

  return (
    <section class="page" aria-labelledby="walkin-title">
      <h1 id="walkin-title">{t("walkIn.title")}</h1>
      <p class="lead">{t("walkIn.intro")}</p>
      {failure ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(failure.code))}</p>
        </div>
      ) : null}
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        {select("walkIn.channel", "walkin-channel", form.channel, (v) => set("channel")(v as SubmitChannel), channels.map((c) => ({ value: c, label: t(`channel.${c}`) })))}
        {form.channel === "social_media" ? (
          <>
            <TextField label={t("walkIn.socialUrl")} hint={t("walkIn.socialUrlHint")} type="url" maxLength={500} value={social.url} onValue={(url) => setSocial({ ...social, url })} errors={serverErrors["social_post_url"]} />
            <TextField label={t("walkIn.socialAccount")} maxLength={150} value={social.account} onValue={(account) => setSocial({ ...social, account })} errors={serverErrors["social_account"]} />
          </>
        ) : null}
        {select("walkIn.kind", "walkin-kind", form.kind, (v) => set("kind")(v as Kind), KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })))}
        {select(
          "walkIn.category",
          "walkin-category",
          form.category,
          set("category"),
          [{ value: "", label: t("walkIn.choose") }, ...categories.map((c) => ({ value: c.slug, label: c.name }))],
          attempted && form.category === "" ? [t("field.required")] : serverErrors["category"],
        )}
        <TextField label={t("submit.titleLabel")} maxLength={160} value={form.title} onValue={set("title")} errors={attempted && form.title.trim() === "" ? [t("field.required")] : serverErrors["title"]} />
        <TextArea label={t("submit.description")} rows={5} value={form.description} onValue={set("description")} errors={attempted && form.description.trim() === "" ? [t("field.required")] : serverErrors["description"]} />
        <TextField label={t("submit.locationText")} maxLength={255} value={form.location_text} onValue={set("location_text")} errors={serverErrors["location_text"]} />
        <UrgentSelect
          id="walkin-urgent"
          label={t("walkIn.urgent")}
          noAnswer={t("walkIn.urgentNotAsked")}
          value={form.urgent}
          onValue={set("urgent")}
          errors={serverErrors["urgent"]}
        />
        {select("walkIn.urgency", "walkin-urgency", form.urgency, (v) => set("urgency")(v as Level), LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) })))}
        {select("walkIn.impact", "walkin-impact", form.impact, (v) => set("impact")(v as Level), LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) })))}
        <div class="field">
          <label class="choice">
            <input type="checkbox" class="choice__input" checked={anonymous} onChange={(e) => setAnonymous(e.currentTarget.checked)} />
            <span class="choice__label">{t("walkIn.anonymous")}</span>
          </label>
        </div>
        {anonymous ? null : <ReporterFields value={reporter} onValue={setReporter} problems={problems} serverErrors={reporterServer} />}
        <Button type="submit" pending={pending} pendingLabel={t("submit.sending")}>
          {t("walkIn.submit")}
        </Button>
      </form>
    </section>
  );
}
