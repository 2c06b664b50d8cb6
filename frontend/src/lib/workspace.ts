import { tokenStore } from "../api/tokens";
import type { components } from "../api/schema";
import { routes } from "./routes";
import { browserStorage, createStore } from "./store";

type Membership = components["schemas"]["MembershipOut"];
export type Role = components["schemas"]["RoleEnum"];

/**
 * One place a person works in: the staff roles they hold in one desa, their residency of a
 * desa, a kecamatan they oversee, or the administration. A person with several memberships
 * (two desa, or officer and resident) has several and switches between them.
 */
export interface Workspace {
  key: string;
  kind: "desa" | "resident" | "kecamatan" | "admin";
  region: { code: string; name: string } | null;
  roles: Role[];
}

interface Saved {
  list: Workspace[];
  active: string | null;
}

const STORAGE_KEY = "pd.workspace";
const DESA_STAFF: readonly Role[] = ["intake_officer", "village_head", "handler", "box_team"];

/** The workspaces of a user's memberships, the one to land in by default first. */
export function workspacesOf(memberships: readonly Membership[]): Workspace[] {
  const desa = new Map<string, Workspace>();
  const rest: Workspace[] = [];
  for (const m of memberships) {
    const region = m.region ? { code: m.region.code, name: m.region.name } : null;
    if (DESA_STAFF.includes(m.role) && region) {
      const key = `desa:${region.code}`;
      const found = desa.get(key);
      if (found) {
        if (!found.roles.includes(m.role)) found.roles.push(m.role);
      } else {
        desa.set(key, { key, kind: "desa", region, roles: [m.role] });
      }
    } else if (m.role === "kecamatan_operator" && region) {
      rest.push({ key: `kecamatan:${region.code}`, kind: "kecamatan", region, roles: [m.role] });
    } else if (m.role === "admin") {
      rest.push({ key: "admin", kind: "admin", region: null, roles: [m.role] });
    } else if (m.role === "resident" && region) {
      rest.push({ key: `resident:${region.code}`, kind: "resident", region, roles: [m.role] });
    }
  }
  const order = { desa: 0, kecamatan: 1, admin: 2, resident: 3 } as const;
  for (const w of desa.values()) w.roles.sort((a, b) => DESA_STAFF.indexOf(a) - DESA_STAFF.indexOf(b));
  return [...desa.values(), ...rest].sort((a, b) => order[a.kind] - order[b.kind]);
}

/** Where a workspace's work is: the first screen after login. */
export function homeOf(workspace: Workspace | null): string {
  if (!workspace) return routes.myComplaints;
  switch (workspace.kind) {
    case "resident":
      return routes.myComplaints;
    case "kecamatan":
      return routes.kecamatan;
    case "admin":
      return routes.admin;
    case "desa": {
      const has = (role: Role) => workspace.roles.includes(role);
      if (has("intake_officer")) return routes.inbox;
      if (has("village_head")) return routes.overview;
      if (has("handler")) return routes.mine;
      return routes.box;
    }
  }
}

function isSaved(value: unknown): value is Saved {
  if (typeof value !== "object" || value === null) return false;
  const { list, active } = value as Record<string, unknown>;
  return Array.isArray(list) && (active === null || typeof active === "string");
}

function read(): Saved | null {
  try {
    const parsed: unknown = JSON.parse(browserStorage()?.getItem(STORAGE_KEY) ?? "null");
    return isSaved(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The user's workspaces and the chosen one; kept across reloads, forgotten at logout. */
export const workspaceStore = createStore<Saved | null>(read());

function save(value: Saved | null): void {
  if (value) browserStorage()?.setItem(STORAGE_KEY, JSON.stringify(value));
  else browserStorage()?.removeItem(STORAGE_KEY);
  workspaceStore.set(value);
}

tokenStore.subscribe((tokens) => {
  if (tokens === null) save(null);
});

/** Remembers the user's workspaces (after login, or whenever /me/ was read); keeps the choice. */
export function rememberWorkspaces(memberships: readonly Membership[]): Workspace | null {
  const list = workspacesOf(memberships);
  const previous = workspaceStore.get()?.active ?? null;
  const active = list.find((w) => w.key === previous)?.key ?? list[0]?.key ?? null;
  save({ list, active });
  return list.find((w) => w.key === active) ?? null;
}

/** Switches to another of the user's workspaces; returns it (null if it is not theirs). */
export function chooseWorkspace(key: string): Workspace | null {
  const saved = workspaceStore.get();
  const found = saved?.list.find((w) => w.key === key) ?? null;
  if (saved && found) save({ ...saved, active: key });
  return found;
}

export function activeWorkspace(saved: Saved | null): Workspace | null {
  if (!saved) return null;
  return saved.list.find((w) => w.key === saved.active) ?? null;
}

/** The desa where the user is a resident (their own, for "Sampaikan pengaduan baru"). */
export function residentDesa(saved: Saved | null): { code: string; name: string } | null {
  const active = activeWorkspace(saved);
  if (active?.kind === "resident") return active.region;
  return saved?.list.find((w) => w.kind === "resident")?.region ?? null;
}
