import { describe, expect, it } from "vitest";
import { fitWithin } from "./photo";

describe("fitWithin", () => {
  it("shrinks the long edge to 1600 px and keeps the aspect ratio", () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 });
  });

  it("leaves a small photo as it is", () => {
    expect(fitWithin(1024, 768)).toEqual({ width: 1024, height: 768 });
  });
});
