import { browserStorage, createStore, useStore } from "../lib/store";
import { id, type MessageKey, type Messages } from "./messages/id";

export type { MessageKey, Messages } from "./messages/id";

export const LOCALES = ["id", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "id";

// Only Bahasa Indonesia, the default, ships with the app; another catalogue is fetched when
// chosen (or remembered), so most phones never download, parse or compile it. The locale
// store switches only once its catalogue is here: `catalog(getLocale())` is always complete.
const catalogs: Partial<Record<Locale, Messages>> = { id };
const loaders: Readonly<Record<Exclude<Locale, "id">, () => Promise<Messages>>> = {
  en: () => import("./messages/en").then((module) => module.en),
};

/** The catalogue of `locale`; Indonesian until another has been loaded. */
export function catalog(locale: Locale): Messages {
  return catalogs[locale] ?? id;
}

/** Fetches a locale's catalogue once (resolves at once for one already here). */
export function loadCatalog(locale: Locale): Promise<Messages> {
  const here = catalogs[locale];
  if (here) return Promise.resolve(here);
  return loaders[locale as Exclude<Locale, "id">]().then((messages) => (catalogs[locale] = messages));
}

const STORAGE_KEY = "pd.locale";
const storage = browserStorage();

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(id, key);
}

function savedLocale(): Locale {
  const saved = storage?.getItem(STORAGE_KEY);
  // Bahasa Indonesia first: the browser's language is not consulted, only an explicit choice.
  return isLocale(saved) ? saved : DEFAULT_LOCALE;
}

export const localeStore = createStore<Locale>(DEFAULT_LOCALE);

function applyToDocument(locale: Locale): void {
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

export function getLocale(): Locale {
  return localeStore.get();
}

let latest: Locale = DEFAULT_LOCALE;

function switchTo(locale: Locale): Promise<void> {
  latest = locale;
  const apply = () => {
    if (latest !== locale) return; // a later choice won while this one loaded
    applyToDocument(locale);
    localeStore.set(locale);
  };
  if (catalogs[locale]) {
    apply();
    return Promise.resolve();
  }
  return loadCatalog(locale).then(apply);
}

/** Switches the app to `locale` and remembers the choice; at once when its catalogue is
 * here, after fetching it otherwise. */
export function setLocale(locale: Locale): Promise<void> {
  storage?.setItem(STORAGE_KEY, locale);
  return switchTo(locale);
}

/**
 * Resolves when the remembered language is ready: at once for Indonesian, after fetching the
 * catalogue otherwise. The app renders after it, so nobody sees a flash of the other language.
 */
export const localeReady: Promise<void> = switchTo(savedLocale()).catch(() => {
  // Offline before the catalogue was ever cached: Indonesian, until the next choice.
  latest = DEFAULT_LOCALE;
  applyToDocument(DEFAULT_LOCALE);
});

export type Params = Readonly<Record<string, string | number>>;

// ICU's plural form, the only ICU construct the catalogues use:
// "{count, plural, one {# day} other {# days}}"; `#` is the number.
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_CASE = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

// One PluralRules per language: making one costs more than the rest of `format`.
const pluralRules = new Map<string, Intl.PluralRules>();

function pluralOf(locale: string, value: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(value);
}

// A template's plural cases, read once: a list of fifty rows asks for the same few labels
// ("{count, plural, …} days left") once a row. Bounded by the catalogues' templates.
const pluralCases = new Map<string, Map<string, string>>();

function pluralForms(cases: string): Map<string, string> {
  let forms = pluralCases.get(cases);
  if (!forms) {
    forms = new Map([...cases.matchAll(PLURAL_CASE)].map((m) => [m[1] ?? "", m[2] ?? ""]));
    pluralCases.set(cases, forms);
  }
  return forms;
}

/** Fills `{placeholders}` and plural forms of `template`; a missing param stays visible as `{name}`. */
export function format(locale: string, template: string, params?: Params): string {
  if (!params) return template;
  const withPlurals = template.replace(PLURAL, (whole, name: string, cases: string) => {
    const value = params[name];
    if (typeof value !== "number") return whole;
    const forms = pluralForms(cases);
    const chosen = forms.get(`=${value}`) ?? forms.get(pluralOf(locale, value)) ?? forms.get("other");
    return chosen === undefined ? whole : chosen.replace(/#/g, String(value));
  });
  return withPlurals.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Looks up `key` in `locale` and fills its placeholders (see `format`). */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return format(locale, catalog(locale)[key], params);
}

export function t(key: MessageKey, params?: Params): string {
  return translate(localeStore.get(), key, params);
}

export type Translate = (key: MessageKey, params?: Params) => string;

/** The current locale and a `t` bound to it; the component re-renders on a switch. */
export function useI18n(): { locale: Locale; t: Translate } {
  const locale = useStore(localeStore);
  return { locale, t: (key, params) => translate(locale, key, params) };
}

/** `errors.<code>` for a known API error code, otherwise `fallback`. */
export function errorKey(code: string | undefined, fallback: MessageKey = "errors.generic"): MessageKey {
  const key = `errors.${code ?? ""}`;
  return code && isMessageKey(key) ? key : fallback;
}
