import { useStore } from "../lib/store";
import { catalog, format, localeStore, type Locale, type MessageKey, type Params } from "./index";
import { staffEn } from "./messages/staff.en";
import { staffId, type StaffMessageKey, type StaffMessages } from "./messages/staff.id";

/**
 * The staff pages' own catalogue, imported only by staff code: it lands in the staff chunks,
 * so residents do not download the strings of pages they never see. Staff pages also use the
 * shared keys (errors, app, kinds…), so their `t` accepts both.
 */
export const staffCatalogs: Readonly<Record<Locale, StaffMessages>> = { id: staffId, en: staffEn };

export type StaffKey = StaffMessageKey | MessageKey;
export type StaffTranslate = (key: StaffKey, params?: Params) => string;

export function isStaffKey(key: string): key is StaffMessageKey {
  return Object.prototype.hasOwnProperty.call(staffId, key);
}

export function translateStaff(locale: Locale, key: StaffKey, params?: Params): string {
  const template = isStaffKey(key) ? staffCatalogs[locale][key] : catalog(locale)[key];
  return format(locale, template, params);
}

export function useStaffI18n(): { locale: Locale; t: StaffTranslate } {
  const locale = useStore(localeStore);
  return { locale, t: (key, params) => translateStaff(locale, key, params) };
}

/** `errors.<code>` for an API error code, from the shared catalogue. */
export type { MessageKey };
