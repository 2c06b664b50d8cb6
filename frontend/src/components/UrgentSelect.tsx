import { useStaffI18n } from "../i18n/staff";

/** The reporter's own answer to "mendesak?"; "" when they (or their slip) say neither. */
export type UrgentAnswer = "" | "yes" | "no";

/** The API's `urgent`: null when no answer was given. */
export function urgentValue(answer: UrgentAnswer): boolean | null {
  return answer === "" ? null : answer === "yes";
}

interface UrgentSelectProps {
  id: string;
  /** The question as this form puts it (the reporter, their messages, the slip). */
  label: string;
  /** The choice for "no answer", worded for this form. */
  noAnswer: string;
  value: UrgentAnswer;
  onValue: (value: UrgentAnswer) => void;
  errors?: readonly string[] | undefined;
}

/**
 * "Mendesak?" where the staff file a complaint for a resident (walk-in, a draft, a box slip):
 * what the reporter said, kept as theirs beside the office's own urgency, as on the
 * resident's form.
 */
export function UrgentSelect({ id, label, noAnswer, value, onValue, errors }: UrgentSelectProps) {
  const { t } = useStaffI18n();
  const invalid = errors !== undefined && errors.length > 0;
  return (
    <div class={invalid ? "field field--invalid" : "field"}>
      <label class="field__label" for={id}>
        {label}
      </label>
      <select
        id={id}
        class="field__input"
        value={value}
        onChange={(event) => onValue(event.currentTarget.value as UrgentAnswer)}
        aria-invalid={invalid ? true : undefined}
      >
        <option value="">{noAnswer}</option>
        <option value="yes">{t("walkIn.urgentYes")}</option>
        <option value="no">{t("walkIn.urgentNo")}</option>
      </select>
      {invalid ? (
        <div class="field__error">
          {errors.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
