import { describe, expect, it } from "vitest";
import { checkReporter, EMPTY_REPORTER, isPhone, isPlausibleNik, normaliseNik, splitFieldErrors } from "./identity";

describe("reporter identity checks", () => {
  it("reads a NIK typed with spaces or dots as its 16 digits", () => {
    expect(normaliseNik("3207 1045.0790-0001")).toBe("3207104507900001");
  });

  it("accepts a plausible NIK and refuses a wrong province, date or serial", () => {
    expect(isPlausibleNik("3207104507900001")).toBe(true); // a woman: day 05 + 40
    expect(isPlausibleNik("9907100101850007")).toBe(false);
    expect(isPlausibleNik("3207103202850007")).toBe(false); // 32 February
    expect(isPlausibleNik("3207100101850000")).toBe(false);
  });

  it("accepts Indonesian mobile numbers in their common forms", () => {
    for (const ok of ["0812-3456-7890", "+62 812 3456 7890", "6281234567890"]) expect(isPhone(ok)).toBe(true);
    for (const bad of ["021 555 1234", "0812", "08123456789012345"]) expect(isPhone(bad)).toBe(false);
  });

  it("names each missing or malformed field", () => {
    expect(checkReporter({ ...EMPTY_REPORTER, nik: "123", phone: "12", email: "x@" })).toEqual({
      name: "required",
      nik: "nik",
      phone: "phone",
      address: "required",
      email: "email",
    });
  });

  it("splits the API's dotted field errors into the form's fields and the rest", () => {
    const { byField, other } = splitFieldErrors({ "reporter.nik": ["a"], title: ["b"], non_field_errors: ["c"] }, [
      "title",
      "reporter.nik",
    ]);
    expect(byField).toEqual({ "reporter.nik": ["a"], title: ["b"] });
    expect(other).toEqual(["c"]);
  });
});
