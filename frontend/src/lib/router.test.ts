import { describe, expect, it } from "vitest";
import { matchPath } from "./router";

describe("matchPath", () => {
  it("reads parameters, desa codes with dots included", () => {
    expect(matchPath("/d/:desa/lapor", "/d/32.07.10.2010/lapor")).toEqual({ desa: "32.07.10.2010" });
  });

  it("refuses other shapes and empty parameters", () => {
    expect(matchPath("/d/:desa", "/d/32.07.10.2010/lapor")).toBeNull();
    expect(matchPath("/d/:desa", "/d/")).toBeNull();
    expect(matchPath("/staf/pengaduan/:code", "/staf/pengaduan/%E0%A4%A")).toBeNull();
  });
});
