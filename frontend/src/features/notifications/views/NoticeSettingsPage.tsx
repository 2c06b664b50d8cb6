import { useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { FailedPage, LoadingPage } from "../../../components/PageStatus";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { useLoad } from "../../../lib/useLoad";
import { getNoticePreferences, saveNoticePreferences, type NoticePreferences } from "../api";

type Choice = NoticePreferences["kinds"][number];

/**
 * A staff member's own notice settings: every notice shows in the app; per kind they add
 * e-mail and/or WhatsApp (each only when their account has the address). A village head may
 * also take one daily digest (new, overdue, escalated).
 */
export default function NoticeSettingsPage() {
  const { locale, t } = useStaffI18n();
  const [kinds, setKinds] = useState<Choice[]>([]);
  const [digest, setDigest] = useState<boolean | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const { state: load, retry } = useLoad(getNoticePreferences, [locale], {
    onLoad: (preferences) => {
      setKinds(preferences.kinds);
      setDigest(preferences.daily_digest);
    },
  });

  function choose(kind: Choice["kind"], channel: "email" | "whatsapp", on: boolean) {
    setSaved(false);
    setKinds((all) => all.map((k) => (k.kind === kind ? { ...k, [channel]: on } : k)));
  }

  async function save(event: SubmitEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setFailure(null);
    const body = {
      kinds: kinds.map(({ kind, email, whatsapp }) => ({ kind, email, whatsapp })),
      ...(digest === null ? {} : { daily_digest: digest }),
    };
    const result = await saveNoticePreferences(body);
    setPending(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setKinds(result.data.kinds);
    setDigest(result.data.daily_digest);
    setSaved(true);
  }

  if (load.kind === "loading") return <LoadingPage title={t("noticeSettings.title")} label={t("app.loading")} />;
  if (load.kind === "failed") {
    return (
      <FailedPage
        title={t("noticeSettings.title")}
        message={t(errorKey(load.error.code))}
        retryLabel={t("app.retry")}
        onRetry={retry}
      />
    );
  }
  const { email_address: hasEmail, whatsapp_number: hasPhone } = load.data;
  return (
    <section class="page" aria-labelledby="notice-settings-title">
      <h1 id="notice-settings-title">{t("noticeSettings.title")}</h1>
      <p>{t("noticeSettings.intro")}</p>
      {hasEmail ? null : <p class="field__hint">{t("noticeSettings.noEmail")}</p>}
      {hasPhone ? null : <p class="field__hint">{t("noticeSettings.noPhone")}</p>}
      <form onSubmit={(e) => void save(e)} noValidate>
        {digest === null ? null : (
          <div class="field">
            <label class="choice">
              <input
                type="checkbox"
                class="choice__input"
                checked={digest}
                onChange={(e) => {
                  setSaved(false);
                  setDigest(e.currentTarget.checked);
                }}
              />
              <span class="choice__label">{t("noticeSettings.digest")}</span>
            </label>
          </div>
        )}
        {kinds
          .filter((k) => k.kind !== "digest" || digest)
          .map((k) => (
            <fieldset class="field" key={k.kind}>
              <legend class="field__label">{t(`noticeSettings.kind.${k.kind}`)}</legend>
              <p class="field__hint">{t("noticeSettings.inApp")}</p>
              <label class="choice">
                <input type="checkbox" class="choice__input" checked={k.email} disabled={!hasEmail} onChange={(e) => choose(k.kind, "email", e.currentTarget.checked)} />
                <span class="choice__label">{t("noticeSettings.email")}</span>
              </label>
              <label class="choice">
                <input type="checkbox" class="choice__input" checked={k.whatsapp} disabled={!hasPhone} onChange={(e) => choose(k.kind, "whatsapp", e.currentTarget.checked)} />
                <span class="choice__label">{t("noticeSettings.whatsapp")}</span>
              </label>
            </fieldset>
          ))}
        {failure ? (
          <div class="alert alert--error" role="alert">
            <p>{t(errorKey(failure.code))}</p>
          </div>
        ) : null}
        {saved ? (
          <p class="alert alert--info" role="status">
            {t("noticeSettings.saved")}
          </p>
        ) : null}
        <Button type="submit" pending={pending} pendingLabel={t("noticeSettings.saving")}>
          {t("noticeSettings.save")}
        </Button>
      </form>
    </section>
  );
}
