import { useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { FormAlert } from "../../../components/FormAlert";
import { TextField } from "../../../components/TextField";
import { useI18n } from "../../../i18n/index";
import { isPhone } from "../../../lib/identity";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { confirmPasswordReset, requestPasswordReset } from "../api";
import { CodeField } from "../CodeField";
import { codeProblems, newPasswordProblems, useAuthForm } from "../form";

export interface ForgotPasswordPageProps {
  onDone: () => void;
}

type FieldName = "phone" | "code" | "password";

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
  const { pending, fieldErrors, otherErrors, formError, showProblems, showFailure, clear, run } =
    useAuthForm<FieldName>();

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
        showFailure(result.error, FIELDS);
        return;
      }
      setMinutes(result.data.minutes);
      clear();
      setCode("");
      setStep("code");
    });
  }

  function setNewPassword(event: SubmitEvent) {
    event.preventDefault();
    const problems = {
      code: codeProblems(t, code),
      password: newPasswordProblems(t, password),
    };
    if (showProblems(problems)) return;
    void run(async () => {
      const result = await confirmPasswordReset({ phone: phone.trim(), code: code.trim(), password });
      if (result.ok) onDone();
      else showFailure(result.error, FIELDS);
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
            <CodeField value={code} onValue={setCode} errors={fieldErrors.code} />
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
                clear();
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
