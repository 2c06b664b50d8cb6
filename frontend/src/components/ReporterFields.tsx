import { useI18n } from "../i18n/index";
import type { ReporterDraft, ReporterField, ReporterProblem } from "../lib/identity";
import { TextField } from "./TextField";

export interface ReporterFieldsProps {
  value: ReporterDraft;
  onValue: (next: ReporterDraft) => void;
  problems: Partial<Record<ReporterField, ReporterProblem>>;
  /** Server messages per field ("reporter.nik" → nik). */
  serverErrors: Partial<Record<ReporterField, readonly string[]>>;
}

const PROBLEM_KEYS = {
  required: "field.required",
  nik: "identity.nikInvalid",
  nikImplausible: "identity.nikImplausible",
  phone: "identity.phoneInvalid",
  email: "identity.emailInvalid",
} as const;

/** Name, NIK, phone, address and e-mail of a named reporter, with inline checks. */
export function ReporterFields({ value, onValue, problems, serverErrors }: ReporterFieldsProps) {
  const { t } = useI18n();
  const errorsOf = (field: ReporterField) => {
    const problem = problems[field];
    if (problem) return [t(PROBLEM_KEYS[problem])];
    return serverErrors[field];
  };
  const update = (field: ReporterField) => (next: string) => onValue({ ...value, [field]: next });
  return (
    <div class="form__group">
      <TextField
        label={t("identity.name")}
        name="reporter-name"
        autocomplete="name"
        value={value.name}
        onValue={update("name")}
        errors={errorsOf("name")}
      />
      <TextField
        label={t("identity.nik")}
        hint={`${t("identity.nikHint")} ${t("identity.nikWhy")}`}
        name="reporter-nik"
        inputMode="numeric"
        autocomplete="off"
        maxLength={24}
        value={value.nik}
        onValue={update("nik")}
        errors={errorsOf("nik")}
      />
      <TextField
        label={t("identity.phone")}
        hint={t("identity.phoneHint")}
        name="reporter-phone"
        type="tel"
        inputMode="tel"
        autocomplete="tel"
        value={value.phone}
        onValue={update("phone")}
        errors={errorsOf("phone")}
      />
      <TextField
        label={t("identity.address")}
        name="reporter-address"
        autocomplete="street-address"
        value={value.address}
        onValue={update("address")}
        errors={errorsOf("address")}
      />
      <TextField
        label={t("identity.email")}
        name="reporter-email"
        type="email"
        inputMode="email"
        autocomplete="email"
        value={value.email}
        onValue={update("email")}
        errors={errorsOf("email")}
      />
    </div>
  );
}
