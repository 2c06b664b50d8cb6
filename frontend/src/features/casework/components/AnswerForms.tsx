import { useEffect, useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { useStaffI18n } from "../../../i18n/staff";
import { useSubmit } from "../../../lib/useSubmit";
import {
  fetchPublicOutcome,
  saveAnswerDraft,
  savePublicOutcome,
  uploadAnswerFile,
  type Complaint,
  type PublicOutcome,
} from "../api";
import { forUpload } from "../upload";
import { CannedPicker, withTemplate } from "./CannedPicker";

/**
 * Photos of the repair or a signed letter sent with the answer: uploaded now, internal
 * until the answer is delivered, then shown to the reporter under that answer.
 */
export function AnswerFiles({ complaint }: { complaint: Complaint }) {
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
    let blob: Blob;
    try {
      blob = await forUpload(file);
    } catch {
      setError({ status: 400, code: "unsupported_media_type", fields: {} });
      setBusy(false);
      return;
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

/** The answer being written, saved as a draft before the answer move delivers it. */
export function AnswerDraft({ complaint, desa, onSaved }: { complaint: Complaint; desa: string; onSaved: (answer: string) => void }) {
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
export function PublicOutcomeForm({ code }: { code: string }) {
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
