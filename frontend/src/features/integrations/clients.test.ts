import { describe, expect, it } from "vitest";
import type { ApiClient } from "./api";
import { activeKeys, draftProblems, lastUse, mayRotate, toggle } from "./clients";

function client(keys: Partial<ApiClient["keys"][number]>[], revoked_at: string | null = null): ApiClient {
  return {
    id: "c1",
    name: "SID",
    region: { code: "32.07.10.2010", name: "Jagabaya", level: "desa" },
    scopes: ["complaints:read"],
    contact_email: "",
    rate_per_minute: 120,
    created_at: "2026-12-01T00:00:00Z",
    revoked_at,
    keys: keys.map((key, index) => ({ prefix: `pdk_${index}`, created_at: "2026-12-01T00:00:00Z", revoked_at: null, last_used_at: null, last_used_ip: null, ...key })),
  };
}

describe("clients", () => {
  it("allows a second key but not a third, and none once revoked", () => {
    expect(mayRotate(client([{}]))).toBe(true);
    expect(mayRotate(client([{}, {}]))).toBe(false);
    expect(mayRotate(client([{}, { revoked_at: "2026-12-02T00:00:00Z" }, {}]))).toBe(false);
    expect(mayRotate(client([{}, { revoked_at: "2026-12-02T00:00:00Z" }]))).toBe(true);
    expect(mayRotate(client([], "2026-12-03T00:00:00Z"))).toBe(false);
    expect(activeKeys(client([{}, { revoked_at: "2026-12-02T00:00:00Z" }]))).toHaveLength(1);
  });

  it("reports the latest use of any key with its address", () => {
    expect(lastUse(client([{}]))).toBeNull();
    const used = client([
      { last_used_at: "2026-12-05T10:00:00Z", last_used_ip: "10.0.0.1" },
      { last_used_at: "2026-12-06T09:00:00+07:00", last_used_ip: "10.0.0.2" },
      { last_used_at: "2026-12-05T23:00:00Z", last_used_ip: "10.0.0.3" },
    ]);
    // 09:00 in Jakarta is 02:00 UTC: later than 23:00 UTC the day before
    expect(lastUse(used)).toEqual({ at: "2026-12-06T09:00:00+07:00", ip: "10.0.0.2" });
  });

  it("names the missing fields and keeps the scopes in the form's order", () => {
    expect(draftProblems({ name: " ", region: "", scopes: [], contactEmail: "" })).toEqual({ name: "required", region: "required", scopes: "required" });
    expect(draftProblems({ name: "SID", region: "32.07", scopes: ["reports:read"], contactEmail: "" })).toEqual({});
    expect(toggle(["reports:read"], "complaints:read", true)).toEqual(["complaints:read", "reports:read"]);
    expect(toggle(["complaints:read", "reports:read"], "complaints:read", false)).toEqual(["reports:read"]);
  });
});
