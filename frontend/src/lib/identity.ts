/**
 * Client-side checks of a reporter's identity, so a resident learns of a typo before
 * sending. The server checks again (accounts/phone.py, complaints/identity.py).
 */
export interface ReporterDraft {
  name: string;
  nik: string;
  phone: string;
  address: string;
  email: string;
}

export const EMPTY_REPORTER: ReporterDraft = { name: "", nik: "", phone: "", address: "", email: "" };

export type ReporterField = keyof ReporterDraft;
export type ReporterProblem = "required" | "nik" | "nikImplausible" | "phone" | "email";

/** NIK as typed on a phone keypad ("3207 1012 3456 0001") → its 16 digits. */
export function normaliseNik(raw: string): string {
  return raw.replace(/[\s.-]/g, "");
}

export function isNik(raw: string): boolean {
  return /^\d{16}$/.test(normaliseNik(raw));
}

// Province codes in use (Kemendagri), the first two digits of a NIK (as complaints/identity.py).
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72,
  73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
]);

/** PPKKCC DDMMYY SSSS: a real province, a real birth date (women's day +40), serial not 0000. */
export function isPlausibleNik(raw: string): boolean {
  const nik = normaliseNik(raw);
  if (!/^\d{16}$/.test(nik)) return false;
  const part = (from: number, to: number) => Number(nik.slice(from, to));
  let day = part(6, 8);
  const month = part(8, 10);
  if (day > 40) day -= 40;
  // Any century: only the day and month must exist (2000 is a leap year, like 29 Feb).
  const date = new Date(Date.UTC(2000 + part(10, 12), month - 1, day));
  const realDate = month >= 1 && month <= 12 && day >= 1 && date.getUTCDate() === day;
  return realDate && PROVINCES.has(part(0, 2)) && part(2, 4) > 0 && part(4, 6) > 0 && nik.slice(12) !== "0000";
}

/** Indonesian mobile numbers: 08…, 628…, +628…, with spaces or dashes; 10–13 digits after 0. */
export function isPhone(raw: string): boolean {
  const digits = raw.replace(/[\s().-]/g, "");
  return /^(?:\+?62|0)8\d{7,11}$/.test(digits);
}

export function checkReporter(draft: ReporterDraft): Partial<Record<ReporterField, ReporterProblem>> {
  const problems: Partial<Record<ReporterField, ReporterProblem>> = {};
  if (draft.name.trim() === "") problems.name = "required";
  if (draft.nik.trim() === "") problems.nik = "required";
  else if (!isNik(draft.nik)) problems.nik = "nik";
  else if (!isPlausibleNik(draft.nik)) problems.nik = "nikImplausible";
  if (draft.phone.trim() === "") problems.phone = "required";
  else if (!isPhone(draft.phone)) problems.phone = "phone";
  if (draft.address.trim() === "") problems.address = "required";
  if (draft.email.trim() !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())) problems.email = "email";
  return problems;
}

/** The body's `reporter` object, trimmed, NIK as digits. */
export function reporterBody(draft: ReporterDraft) {
  return {
    name: draft.name.trim(),
    nik: normaliseNik(draft.nik),
    phone: draft.phone.trim(),
    address: draft.address.trim(),
    email: draft.email.trim(),
  };
}

/**
 * Splits the API's field errors ("title", "reporter.nik") into the form's fields and the
 * rest, which the form shows above itself.
 */
export function splitFieldErrors(
  fields: Readonly<Record<string, readonly string[]>>,
  known: readonly string[],
): { byField: Record<string, readonly string[]>; other: string[] } {
  const byField: Record<string, readonly string[]> = {};
  const other: string[] = [];
  for (const [name, messages] of Object.entries(fields)) {
    if (known.includes(name)) byField[name] = messages;
    else other.push(...messages);
  }
  return { byField, other };
}
