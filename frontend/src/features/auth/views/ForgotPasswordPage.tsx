import { useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { FormAlert } from "../../../components/FormAlert";
import { TextField } from "../../../components/TextField";
import { useI18n, type MessageKey } from "../../../i18n/index";
import { isPhone, splitFieldErrors } from "../../../lib/identity";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { confirmPasswordReset, requestPasswordReset } from "../api";
import { failureKey, newPasswordProblems } from "../form";

export interface ForgotPasswordPageProps {
  onDone: () => void;
}

type FieldName = "phone" | "code" | "password";
type FieldErrors = { readonly [K in FieldName]?: readonly string[] | undefined };

const FIELDS: readonly FieldName[] = ["phone", "code", "password"];

/**
 * A forgotten password: the phone number, then the six-digit code sent to it by WhatsApp and
 * a new password. The first answer is the same whether or not the number has an account.
 */
export default function ForgotPasswordPage({ onDone }: ForgotPasswordPageProps) {
  const { t } = useI18n();
  const [step, setStep] = useState<"phone" | "code">("phone");
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [minutes, setMinutes] = useState(15);
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [otherErrors, setOtherErrors] = useState<readonly string[]>([]);
  const [formError, setFormError] = useState<MessageKey | null>(null);
  const busy = useRef(false);

  function showProblems(problems: FieldErrors): boolean {
    if (!FIELDS.some((name) => problems[name])) return false;
    setFieldErrors(problems);
    setOtherErrors([]);
    setFormError("errors.invalid");
    return true;
  }

  function showFailure(error: ApiFailure) {
    const { byField, other } = splitFieldErrors(error.fields, FIELDS);
    setFieldErrors(byField);
    setOtherErrors(other);
    setFormError(failureKey(error));
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

  function sendCode(event: SubmitEvent) {
    event.preventDefault();
    const required = [t("field.required")];
    const problems = {
      phone: phone.trim() === "" ? required : isPhone(phone) ? undefined : [t("identity.phoneInvalid")],
    };
    if (showProblems(problems)) return;
    void run(async () => {
      const result = await requestPasswordReset(phone.trim());
      if (!result.ok) {
        showFailure(result.error);
        return;
      }
      setMinutes(result.data.minutes);
      setFieldErrors({});
      setOtherErrors([]);
      setCode("");
      setStep("code");
    });
  }

  function setNewPassword(event: SubmitEvent) {
    event.preventDefault();
    const required = [t("field.required")];
    const problems = {
      code: code.trim() === "" ? required : /^\d{6}$/.test(code.trim()) ? undefined : [t("reset.codeShape")],
      password: newPasswordProblems(t, password),
    };
    if (showProblems(problems)) return;
    void run(async () => {
      const result = await confirmPasswordReset({ phone: phone.trim(), code: code.trim(), password });
      if (result.ok) onDone();
      else showFailure(result.error);
    });
  }

  return (
    <section class="page page--narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("reset.title")}</h1>
      {step === "phone" ? (
        <>
          <p>{t("reset.intro")}</p>
          <FormAlert message={formError && t(formError)} details={otherErrors} />
          <form class="form" noValidate onSubmit={sendCode}>
            <TextField
              label={t("signup.phone")}
              hint={t("reset.phoneHint")}
              name="phone"
              type="tel"
              inputMode="tel"
              autocomplete="tel"
              value={phone}
              onValue={setPhone}
              errors={fieldErrors.phone}
            />
            <Button type="submit" pending={pending} pendingLabel={t("reset.sending")}>
              {t("reset.send")}
            </Button>
          </form>
        </>
      ) : (
        <>
          <div class="alert alert--info" role="status">
            <p>{t("reset.sent", { phone: phone.trim(), minutes })}</p>
          </div>
          <FormAlert message={formError && t(formError)} details={otherErrors} />
          <form class="form" noValidate onSubmit={setNewPassword}>
            <TextField
              label={t("reset.code")}
              name="code"
              inputMode="numeric"
              autocomplete="one-time-code"
              maxLength={6}
              value={code}
              onValue={setCode}
              errors={fieldErrors.code}
            />
            <TextField
              label={t("reset.password")}
              hint={t("signup.passwordHint")}
              name="password"
              type="password"
              autocomplete="new-password"
              value={password}
              onValue={setPassword}
              errors={fieldErrors.password}
            />
            <Button type="submit" pending={pending} pendingLabel={t("reset.saving")}>
              {t("reset.save")}
            </Button>
          </form>
          <p class="page__aside">
            <Button
              variant="secondary"
              onClick={() => {
                setFormError(null);
                setFieldErrors({});
                setStep("phone");
              }}
            >
              {t("reset.again")}
            </Button>
          </p>
        </>
      )}
      <p class="page__aside">
        <Link href={routes.login}>{t("reset.toLogin")}</Link>
      </p>
    </section>
  );
}
