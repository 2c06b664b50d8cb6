import { describe, expect, it } from "vitest";
import type { components } from "../api/schema";
import { homeOf, workspacesOf, type Role } from "./workspace";

type Membership = components["schemas"]["MembershipOut"];

const jagabaya = { code: "32.07.10.2010", name: "Jagabaya", level: "desa" } as const;
const klero = { code: "33.22.02.2006", name: "Klero", level: "desa" } as const;
const panawangan = { code: "32.07.10", name: "Panawangan", level: "kecamatan" } as const;

function member(role: Role, region: Membership["region"], id = 1): Membership {
  return { id, role, role_label: role, region, kecamatan: null, position: "", position_label: "" };
}

describe("where each role lands", () => {
  it.each([
    ["intake_officer", jagabaya, "/staf"],
    ["handler", jagabaya, "/staf/tugas"],
    ["village_head", jagabaya, "/staf/ringkasan"],
    ["box_team", jagabaya, "/staf/kotak"],
    ["kecamatan_operator", panawangan, "/staf/kecamatan"],
    ["admin", null, "/staf/admin"],
    ["resident", jagabaya, "/saya/pengaduan"],
  ] as const)("%s lands on %s", (role, region, home) => {
    const [first] = workspacesOf([member(role, region)]);
    expect(homeOf(first ?? null)).toBe(home);
  });

  it("sends an account without a membership to its own complaints", () => {
    expect(workspacesOf([])).toEqual([]);
    expect(homeOf(null)).toBe("/saya/pengaduan");
  });

  it("groups the staff roles of one desa into one workspace, the inbox first", () => {
    const list = workspacesOf([member("village_head", jagabaya, 1), member("intake_officer", jagabaya, 2)]);
    expect(list).toHaveLength(1);
    expect(list[0]?.roles).toEqual(["intake_officer", "village_head"]);
    expect(homeOf(list[0] ?? null)).toBe("/staf");
  });

  it("keeps two desa and an officer's own residency apart, the work before the residency", () => {
    const list = workspacesOf([
      member("resident", klero, 1),
      member("intake_officer", jagabaya, 2),
      member("handler", klero, 3),
    ]);
    expect(list.map((w) => w.key)).toEqual(["desa:32.07.10.2010", "desa:33.22.02.2006", "resident:33.22.02.2006"]);
  });
});
