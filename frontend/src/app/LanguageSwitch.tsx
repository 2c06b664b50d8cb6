import { LOCALES, setLocale, useI18n, type Locale } from "../i18n/index";

const SHORT: Readonly<Record<Locale, string>> = { id: "ID", en: "EN" };

export function LanguageSwitch() {
  const { locale, t } = useI18n();
  return (
    <div class="lang-switch" role="group" aria-label={t("lang.label")}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          class="lang-switch__option"
          lang={option}
          title={t(`lang.${option}`)}
          aria-pressed={option === locale}
          onClick={() => {
            // English is fetched on first choice; without a signal (and not yet cached by
            // the service worker) the page simply stays in Indonesian.
            setLocale(option).catch(() => undefined);
          }}
        >
          {SHORT[option]}
        </button>
      ))}
    </div>
  );
}
