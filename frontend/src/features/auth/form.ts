import type { ApiFailure } from "../../api/errors";
import { errorKey, type MessageKey, type Translate } from "../../i18n/index";

// The server's minimum (Django's MinimumLengthValidator); it also judges common passwords.
const PASSWORD_MIN = 8;

/** The summary above a sign-up or password form for an answer that was not a success. */
export function failureKey(error: ApiFailure): MessageKey {
  if (error.status === 0) return "errors.network";
  if (error.status === 429) return "errors.throttled";
  if (error.status >= 500) return "errors.server_error";
  return errorKey(error.code);
}

/** What the phone can tell of a new password before the server judges it. */
export function newPasswordProblems(t: Translate, password: string): readonly string[] | undefined {
  if (password === "") return [t("field.required")];
  return password.length < PASSWORD_MIN ? [t("signup.passwordShort")] : undefined;
}
