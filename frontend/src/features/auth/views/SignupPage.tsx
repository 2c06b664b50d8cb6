import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { FormAlert } from "../../../components/FormAlert";
import { TextField } from "../../../components/TextField";
import { useI18n } from "../../../i18n/index";
import { isPhone } from "../../../lib/identity";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { signup, verifySignup } from "../api";
import { CodeField } from "../CodeField";
import { codeProblems, newPasswordProblems, useAuthForm, type FieldErrors } from "../form";

export interface SignupPageProps {
  /** Kemendagri code of the desa whose page the resident came from, if any. */
  desa: string | null;
  /** A line naming that desa (composed by the app: the desa's data is another feature's). */
  desaNote?: ComponentChildren;
  onSignedUp: () => void;
}

type FieldName = "full_name" | "phone" | "password" | "code";

const FORM_FIELDS: readonly FieldName[] = ["full_name", "phone", "password"];
const CODE_FIELDS: readonly FieldName[] = ["phone", "code"];

/**
 * A resident's account: a phone number and a password. With it, "Pengaduan saya" lists
 * every complaint sent while logged in, and no PIN is needed to follow them. The account
 * works only once the six-digit code sent to the phone by WhatsApp is entered, so nobody
 * can claim another person's number.
 */
export default function SignupPage({ desa, desaNote, onSignedUp }: SignupPageProps) {
  const { t } = useI18n();
  const [fullName, setFullName] = useState("");
  const [phone, setPhone] = useState("");
  const [password, setPassword] = useState("");
  const [step, setStep] = useState<"form" | "code">("form");
  const [sentTo, setSentTo] = useState("");
  const [minutes, setMinutes] = useState(15);
  const [code, setCode] = useState("");
  const { pending, fieldErrors, otherErrors, formError, showProblems, showFailure, clear, run } =
    useAuthForm<FieldName>();

  function localProblems(): FieldErrors<FieldName> {
    const required = [t("field.required")];
    return {
      full_name: fullName.trim() === "" ? required : undefined,
      phone: phone.trim() === "" ? required : isPhone(phone) ? undefined : [t("identity.phoneInvalid")],
      password: newPasswordProblems(t, password),
    };
  }

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (showProblems(localProblems())) return;
    void run(async () => {
      const result = await signup({
        full_name: fullName.trim(),
        phone: phone.trim(),
        password,
        ...(desa ? { desa } : {}),
      });
      if (!result.ok) {
        showFailure(result.error, FORM_FIELDS);
        return;
      }
      setSentTo(result.data.phone);
      setMinutes(result.data.minutes);
      setCode("");
      clear();
      setStep("code");
    });
  }

  function confirm(event: SubmitEvent) {
    event.preventDefault();
    if (showProblems({ code: codeProblems(t, code) })) return;
    void run(async () => {
      const result = await verifySignup({ phone: sentTo, code: code.trim() });
      if (result.ok) onSignedUp();
      else showFailure(result.error, CODE_FIELDS);
    });
  }

  if (step === "code") {
    return (
      <section class="page page--narrow" aria-labelledby="signup-title">
        <h1 id="signup-title">{t("signup.codeTitle")}</h1>
        <div class="alert alert--info" role="status">
          <p>{t("signup.sent", { phone: sentTo, minutes })}</p>
          <p>{t("signup.sentTaken")}</p>
        </div>
        <FormAlert message={formError && t(formError)} details={otherErrors} />
        <form class="form" noValidate onSubmit={confirm}>
          <CodeField value={code} onValue={setCode} errors={fieldErrors.code} />
          <Button type="submit" pending={pending} pendingLabel={t("signup.verifying")}>
            {t("signup.verify")}
          </Button>
        </form>
        <p class="page__aside">
          <Button
            variant="secondary"
            onClick={() => {
              clear();
              setStep("form");
            }}
          >
            {t("signup.again")}
          </Button>
        </p>
      </section>
    );
  }

  return (
    <section class="page page--narrow" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      {desaNote}
      <p>{t("signup.intro")}</p>
      <FormAlert message={formError && t(formError)} details={otherErrors} />
      <form class="form" noValidate onSubmit={submit}>
        <TextField
          label={t("signup.fullName")}
          name="full_name"
          autocomplete="name"
          value={fullName}
          onValue={setFullName}
          errors={fieldErrors.full_name}
        />
        <TextField
          label={t("signup.phone")}
          hint={t("signup.phoneHint")}
          name="phone"
          type="tel"
          inputMode="tel"
          autocomplete="tel"
          value={phone}
          onValue={setPhone}
          errors={fieldErrors.phone}
        />
        <TextField
          label={t("signup.password")}
          hint={t("signup.passwordHint")}
          name="password"
          type="password"
          autocomplete="new-password"
          value={password}
          onValue={setPassword}
          errors={fieldErrors.password}
        />
        <Button type="submit" pending={pending} pendingLabel={t("signup.submitting")}>
          {t("signup.submit")}
        </Button>
      </form>
      <p class="page__aside">
        {t("signup.haveAccount")} <Link href={routes.login}>{t("signup.toLogin")}</Link>
      </p>
    </section>
  );
}
