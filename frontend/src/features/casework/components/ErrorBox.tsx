import type { ApiFailure } from "../../../api/errors";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";

/** Why a move or a lookup was refused: what went wrong, then the server's words per field. */
export function ErrorBox({ error }: { error: ApiFailure | null }) {
  const { t } = useStaffI18n();
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
