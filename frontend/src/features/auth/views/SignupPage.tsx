import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { FormAlert } from "../../../components/FormAlert";
import { TextField } from "../../../components/TextField";
import { useI18n, type MessageKey } from "../../../i18n/index";
import { isPhone, splitFieldErrors } from "../../../lib/identity";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { signup, verifySignup } from "../api";
import { failureKey, newPasswordProblems } from "../form";

export interface SignupPageProps {
  /** Kemendagri code of the desa whose page the resident came from, if any. */
  desa: string | null;
  /** A line naming that desa (composed by the app: the desa's data is another feature's). */
  desaNote?: ComponentChildren;
  onSignedUp: () => void;
}

type FieldName = "full_name" | "phone" | "password" | "code";
type FieldErrors = { readonly [K in FieldName]?: readonly string[] | undefined };

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
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [otherErrors, setOtherErrors] = useState<readonly string[]>([]);
  const [formError, setFormError] = useState<MessageKey | null>(null);
  const submitting = useRef(false);

  function localProblems(): FieldErrors {
    const required = [t("field.required")];
    return {
      full_name: fullName.trim() === "" ? required : undefined,
      phone: phone.trim() === "" ? required : isPhone(phone) ? undefined : [t("identity.phoneInvalid")],
      password: newPasswordProblems(t, password),
    };
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (submitting.current) return;
    const problems = localProblems();
    if (FORM_FIELDS.some((name) => problems[name])) {
      setFieldErrors(problems);
      setOtherErrors([]);
      setFormError("errors.invalid");
      return;
    }

    submitting.current = true;
    setPending(true);
    setFormError(null);
    try {
      const result = await signup({
        full_name: fullName.trim(),
        phone: phone.trim(),
        password,
        ...(desa ? { desa } : {}),
      });
      if (result.ok) {
        setSentTo(result.data.phone);
        setMinutes(result.data.minutes);
        setCode("");
        setFieldErrors({});
        setOtherErrors([]);
        setStep("code");
        return;
      }
      const { byField, other } = splitFieldErrors(result.error.fields, FORM_FIELDS);
      setFieldErrors(byField);
      setOtherErrors(other);
      setFormError(failureKey(result.error));
    } finally {
      submitting.current = false;
      setPending(false);
    }
  }

  async function confirm(event: SubmitEvent) {
    event.preventDefault();
    if (submitting.current) return;
    const typed = code.trim();
    if (!/^\d{6}$/.test(typed)) {
      setFieldErrors({ code: typed === "" ? [t("field.required")] : [t("reset.codeShape")] });
      setOtherErrors([]);
      setFormError("errors.invalid");
      return;
    }
    submitting.current = true;
    setPending(true);
    setFormError(null);
    try {
      const result = await verifySignup({ phone: sentTo, code: typed });
      if (result.ok) {
        onSignedUp();
        return;
      }
      const { byField, other } = splitFieldErrors(result.error.fields, CODE_FIELDS);
      setFieldErrors(byField);
      setOtherErrors(other);
      setFormError(failureKey(result.error));
    } finally {
      submitting.current = false;
      setPending(false);
    }
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
        <form class="form" noValidate onSubmit={(event) => void confirm(event)}>
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
          <Button type="submit" pending={pending} pendingLabel={t("signup.verifying")}>
            {t("signup.verify")}
          </Button>
        </form>
        <p class="page__aside">
          <Button
            variant="secondary"
            onClick={() => {
              setFormError(null);
              setFieldErrors({});
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
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
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
