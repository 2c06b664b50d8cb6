import { useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { TextArea } from "../../../components/TextArea";
import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { useSubmit } from "../../../lib/useSubmit";
import { recordOnBehalf, type Complaint, type Conveyed, type OnBehalfBody } from "../api";

const CONVEYED: readonly Conveyed[] = ["in_person", "phone", "whatsapp", "email", "social_media", "letter"];
type OnBehalfAction = OnBehalfBody["action"];

/**
 * The reporter's own moves, recorded by the intake officer for a reporter who came to the
 * office, phoned or wrote (complaints staff typed in): what `on_behalf_actions` lists now.
 */
export function OnBehalfForm({ complaint, onDone }: { complaint: Complaint; onDone: (c: Complaint) => void }) {
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
