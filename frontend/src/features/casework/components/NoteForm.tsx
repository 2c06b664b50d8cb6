import { useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { TextArea } from "../../../components/TextArea";
import { useStaffI18n } from "../../../i18n/staff";
import { useSubmit } from "../../../lib/useSubmit";
import { addNote, type Visibility } from "../api";

/** A note on the case file, for the village staff or also for the reporter. */
export function NoteForm({ code, onDone }: { code: string; onDone: () => void }) {
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

/** Who reads a note or a file: the village staff only, or the reporter too. */
export function VisibilityPicker({ value, onValue, name }: { value: Visibility; onValue: (v: Visibility) => void; name: string }) {
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
