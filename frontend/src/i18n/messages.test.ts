import { describe, expect, it } from "vitest";
import { catalogs, LOCALES, translate } from "./index";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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

describe("translate", () => {
  it("fills placeholders in the chosen locale", () => {
    expect(translate("id", "region.desa", { name: "Jagabaya" })).toBe("Desa Jagabaya");
    expect(translate("en", "region.desa", { name: "Jagabaya" })).toBe("Jagabaya Village");
  });

  it("leaves a missing placeholder visible instead of printing undefined", () => {
    expect(translate("id", "region.desa")).toBe("Desa {name}");
    expect(translate("id", "me.membership", { role: "Kepala desa" })).toBe("Kepala desa — {region}");
  });
});
