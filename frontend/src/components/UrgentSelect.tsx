import { useStaffI18n } from "../i18n/staff";
import { SelectField } from "./SelectField";

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
  return (
    <SelectField id={id} label={label} value={value} onValue={(v) => onValue(v as UrgentAnswer)} errors={errors}>
      <option value="">{noAnswer}</option>
      <option value="yes">{t("walkIn.urgentYes")}</option>
      <option value="no">{t("walkIn.urgentNo")}</option>
    </SelectField>
  );
}
