// Making an Intl formatter costs far more than using one (the inbox formats a date per row,
// fifty a page, on a slow laptop): one per language and style, made on first use.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const tag = locale === "id" ? "id-ID" : "en-GB";
  const key = `${tag} ${style}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(tag, options);
    formatters.set(key, made);
  }
  return made;
}

// Formatting is slow next to a lookup, and an inbox page repeats a few days fifty times (its
// deadlines fall on the same working days): each day's text, made once. Bounded, as a desk
// stays open all day.
const texts = new Map<string, string>();
const TEXTS_KEPT = 1000;

function remembered(key: string, make: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    if (texts.size >= TEXTS_KEPT) texts.clear();
    text = make();
    texts.set(key, text);
  }
  return text;
}

/** Dates as people read them, in the chosen language (the phone's own time zone). */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, "datetime", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(date);
}

export function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Keyed by the day on this phone's calendar, which is all the text shows.
  const day = `${locale} ${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
  return remembered(day, () => formatter(locale, "date", { day: "numeric", month: "long", year: "numeric" }).format(date));
}

/**
 * A deadline as people read it: the date of its last working day, with the weekday
 * ("Rabu, 9 Desember 2026", "Wednesday, 9 December 2026"). Give it the API's `due_on` (a
 * date in the desa's calendar), never the `deadline` instant: that instant is the midnight
 * ending the day and reads as the day after. The date is written as it is, in any time zone.
 */
export function formatDueDate(day: string, locale: string): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!parts) return day;
  return remembered(`${locale} due ${day}`, () => {
    const date = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
    const weekday = formatter(locale, "weekday-utc", { weekday: "long", timeZone: "UTC" }).format(date);
    const rest = formatter(locale, "date-utc", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
    return `${weekday}, ${rest}`;
  });
}

/**
 * An Indonesian number stored as E.164 (+6281234567890), written as people dial it:
 * mobile numbers grouped 0812-3456-7890; others (area codes of 2–4 digits) as one run.
 */
export function formatPhone(e164: string): string {
  if (!e164.startsWith("+62")) return e164;
  const national = `0${e164.slice(3)}`;
  if (!national.startsWith("08")) return national;
  return national.replace(/^(\d{4})(\d{4})(\d+)$/, "$1-$2-$3");
}

/** A wa.me link opens a chat with the number in WhatsApp (digits only, no "+"). */
export function whatsappLink(e164: string): string {
  return `https://wa.me/${e164.replace(/\D/g, "")}`;
}
