import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults the API base to the same origin", () => {
    expect(parseEnv({})).toEqual({ apiBase: "" });
  });

  it.each(["/desa", "https://pengaduan.example.id", "http://127.0.0.1:8000/sub"])(
    "accepts %s",
    (value) => {
      expect(parseEnv({ VITE_API_BASE: value }).apiBase).toBe(value);
    },
  );

  it.each(["/", "https://pengaduan.example.id/", "ftp://x", "api", 42])("rejects %s and names the variable", (value) => {
    expect(() => parseEnv({ VITE_API_BASE: value })).toThrow(/Invalid environment variables:\n- VITE_API_BASE=/);
  });
});
