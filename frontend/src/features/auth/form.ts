import { useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../api/errors";
import { errorKey, type MessageKey, type Translate } from "../../i18n/index";
import { splitFieldErrors } from "../../lib/identity";

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

/** What the phone can tell of a six-digit WhatsApp code before the server judges it. */
export function codeProblems(t: Translate, code: string): readonly string[] | undefined {
  const typed = code.trim();
  if (typed === "") return [t("field.required")];
  return /^\d{6}$/.test(typed) ? undefined : [t("reset.codeShape")];
}

export type FieldErrors<F extends string> = { readonly [K in F]?: readonly string[] | undefined };

/**
 * The state every sign-up and password form keeps: one request at a time, the problems per
 * field, the ones the form has no field for, and the summary above the form.
 */
export function useAuthForm<F extends string>() {
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const [otherErrors, setOtherErrors] = useState<readonly string[]>([]);
  const [formError, setFormError] = useState<MessageKey | null>(null);
  const busy = useRef(false);

  /** Shows what the phone found wrong; true when there was something. */
  function showProblems(problems: FieldErrors<F>): boolean {
    if (!Object.values(problems).some(Boolean)) return false;
    setFieldErrors(problems);
    setOtherErrors([]);
    setFormError("errors.invalid");
    return true;
  }

  function showFailure(error: ApiFailure, fields: readonly F[]) {
    const { byField, other } = splitFieldErrors(error.fields, fields);
    setFieldErrors(byField as FieldErrors<F>);
    setOtherErrors(other);
    setFormError(failureKey(error));
  }

  function clear() {
    setFieldErrors({});
    setOtherErrors([]);
    setFormError(null);
  }

  async function run(action: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    setPending(true);
    setFormError(null);
    try {
      await action();
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  return { pending, fieldErrors, otherErrors, formError, showProblems, showFailure, clear, run };
}
