import { beforeAll, describe, expect, it } from "vitest";
import { catalog, format, getLocale, LOCALES, loadCatalog, setLocale, translate, type Locale, type Messages } from "./index";
import { en } from "./messages/en";
import { id } from "./messages/id";
import { staffCatalogs } from "./staff";

// Every catalogue, including those the app fetches only when chosen.
const catalogs: Readonly<Record<Locale, Messages>> = { id, en };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("loading a catalogue", () => {
  // First in the file: nothing has loaded English yet.
  it("ships Indonesian only and fetches English when it is chosen", async () => {
    expect(catalog("en")).toBe(id);

    const switching = setLocale("en");
    expect(getLocale()).toBe("id"); // not before its strings are here
    await switching;

    expect(getLocale()).toBe("en");
    expect(catalog("en")).toBe(en);
    expect(document.documentElement.lang).toBe("en");
    expect(localStorage.getItem("pd.locale")).toBe("en");
  });
});

describe("message catalogues", () => {
  const source = catalogs.id;
  const sourceKeys = Object.keys(source).sort();

  it.each(LOCALES)("%s has exactly the keys of the Indonesian source", (locale) => {
    expect(Object.keys(catalogs[locale]).sort()).toEqual(sourceKeys);
  });

  it.each(LOCALES)("%s has no empty message", (locale) => {
    const empty = Object.entries(catalogs[locale]).filter(([, text]) => text.trim() === "");
    expect(empty).toEqual([]);
  });

  it.each(LOCALES)("%s uses the same placeholders as the source for every key", (locale) => {
    const mismatched = Object.entries(catalogs[locale])
      .filter(([key, text]) => {
        const sourceText = (source as Record<string, string>)[key] ?? "";
        return placeholders(text).join() !== placeholders(sourceText).join();
      })
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });
});

describe("staff message catalogues", () => {
  const sourceKeys = Object.keys(staffCatalogs.id).sort();

  it.each(LOCALES)("%s has exactly the keys of the Indonesian staff source", (locale) => {
    expect(Object.keys(staffCatalogs[locale]).sort()).toEqual(sourceKeys);
  });

  it.each(LOCALES)("%s has no empty staff message and no key shared with the main catalogue", (locale) => {
    const empty = Object.entries(staffCatalogs[locale]).filter(([, text]) => text.trim() === "");
    const shared = Object.keys(staffCatalogs[locale]).filter((key) => key in catalogs[locale]);
    expect(empty).toEqual([]);
    expect(shared).toEqual([]);
  });

  it.each(LOCALES)("%s uses the same placeholders as the staff source", (locale) => {
    const mismatched = Object.entries(staffCatalogs[locale])
      .filter(([key, text]) => placeholders(text).join() !== placeholders((staffCatalogs.id as Record<string, string>)[key] ?? "").join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });
});

describe("translate", () => {
  beforeAll(() => loadCatalog("en"));

  it("chooses the plural form for the locale", () => {
    expect(translate("en", "track.workingDays", { count: 1 })).toBe("1 working day");
    expect(translate("en", "track.workingDays", { count: 3 })).toBe("3 working days");
    expect(translate("id", "track.workingDays", { count: 3 })).toBe("3 hari kerja");
    expect(format("en", "{n, plural, =0 {none} other {# left}}", { n: 0 })).toBe("none");
  });

  it("fills placeholders in the chosen locale", () => {
    expect(translate("id", "region.desa", { name: "Jagabaya" })).toBe("Desa Jagabaya");
    expect(translate("en", "region.desa", { name: "Jagabaya" })).toBe("Jagabaya Village");
  });

  it("leaves a missing placeholder visible instead of printing undefined", () => {
    expect(translate("id", "region.desa")).toBe("Desa {name}");
    expect(translate("id", "me.membership", { role: "Kepala desa" })).toBe("Kepala desa — {region}");
  });
});
