import { TextField } from "../../components/TextField";
import { useI18n } from "../../i18n/index";

export interface CodeFieldProps {
  value: string;
  onValue: (value: string) => void;
  errors?: readonly string[] | undefined;
}

/** The six-digit code sent by WhatsApp; phones offer it from the message (one-time-code). */
export function CodeField({ value, onValue, errors }: CodeFieldProps) {
  const { t } = useI18n();
  return (
    <TextField
      label={t("reset.code")}
      name="code"
      inputMode="numeric"
      autocomplete="one-time-code"
      maxLength={6}
      value={value}
      onValue={onValue}
      errors={errors}
    />
  );
}
