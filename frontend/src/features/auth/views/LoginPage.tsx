import { useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { FormAlert } from "../../../components/FormAlert";
import { TextField } from "../../../components/TextField";
import { errorKey, useI18n, type MessageKey } from "../../../i18n/index";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { login } from "../api";

export interface LoginPageProps {
  onLoggedIn: () => void;
}

type FieldName = "username" | "password";
type FieldErrors = { readonly [K in FieldName]?: readonly string[] | undefined };

const FORM_FIELDS: readonly FieldName[] = ["username", "password"];

// On the login form a 401 means wrong credentials, whatever generic code the server used.
const SESSION_CODES = new Set(["not_authenticated", "authentication_failed", "token_not_valid"]);

function messageFor(error: ApiFailure): MessageKey {
  if (error.status === 401 && SESSION_CODES.has(error.code)) return "errors.invalid_credentials";
  return errorKey(error.code, fallbackFor(error));
}

function fallbackFor(error: ApiFailure): MessageKey {
  if (error.status === 0) return "errors.network";
  if (error.status === 401) return "errors.invalid_credentials";
  if (error.status === 429) return "errors.throttled";
  if (error.status >= 500) return "errors.server_error";
  return "errors.generic";
}

export default function LoginPage({ onLoggedIn }: LoginPageProps) {
  const { t } = useI18n();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  // Server messages that belong to no input (e.g. DRF's non_field_errors).
  const [otherErrors, setOtherErrors] = useState<readonly string[]>([]);
  const [formError, setFormError] = useState<MessageKey | null>(null);
  // State updates are async; the ref stops a double tap or Enter from sending twice.
  const submitting = useRef(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (submitting.current) return;

    const missing: FieldErrors = {
      username: username.trim() === "" ? [t("field.required")] : undefined,
      password: password === "" ? [t("field.required")] : undefined,
    };
    if (missing.username || missing.password) {
      setFieldErrors(missing);
      setOtherErrors([]);
      setFormError(null);
      return;
    }

    submitting.current = true;
    setPending(true);
    setFormError(null);
    try {
      const result = await login({ username: username.trim(), password });
      if (result.ok) {
        onLoggedIn();
        return;
      }
      const { fields } = result.error;
      setFieldErrors({ username: fields["username"], password: fields["password"] });
      setOtherErrors(
        Object.entries(fields)
          .filter(([name]) => !(FORM_FIELDS as readonly string[]).includes(name))
          .flatMap(([, messages]) => messages),
      );
      setFormError(messageFor(result.error));
    } finally {
      submitting.current = false;
      setPending(false);
    }
  }

  return (
    <section class="page page--narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <FormAlert message={formError && t(formError)} details={otherErrors} />
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          label={t("login.username")}
          hint={t("login.usernameHint")}
          name="username"
          autocomplete="username"
          autoCapitalize="none"
          spellcheck={false}
          value={username}
          onValue={setUsername}
          errors={fieldErrors.username}
        />
        <TextField
          label={t("login.password")}
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onValue={setPassword}
          errors={fieldErrors.password}
        />
        <Button type="submit" pending={pending} pendingLabel={t("login.submitting")}>
          {t("login.submit")}
        </Button>
      </form>
      <p class="page__aside">
        <Link href={routes.forgotPassword}>{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link href={routes.signup}>{t("login.toSignup")}</Link>
      </p>
      <p>
        {t("login.trackWithout")} <Link href={routes.track}>{t("landing.track")}</Link>
      </p>
    </section>
  );
}
