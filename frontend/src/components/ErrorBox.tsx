import type { ApiFailure } from "../api/errors";
import { errorKey, useI18n } from "../i18n/index";

/** A failed request's message and each field's messages, announced as an alert. */
export function ErrorBox({ error }: { error: ApiFailure | null }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div class="alert alert--error" role="alert">
      <p>{t(errorKey(error.code))}</p>
      {Object.entries(error.fields).map(([field, messages]) => (
        <p key={field}>{messages.join(" ")}</p>
      ))}
    </div>
  );
}
