import { useI18n, type MessageKey, type Translate } from "../i18n/index";
import { navigate } from "../lib/router";
import { useStore } from "../lib/store";
import { chooseWorkspace, homeOf, workspaceStore, type Role, type Workspace } from "../lib/workspace";

// A new role in the API fails tsc here until it has a label.
const ROLE_KEYS = {
  resident: "role.resident",
  intake_officer: "role.intake_officer",
  handler: "role.handler",
  village_head: "role.village_head",
  box_team: "role.box_team",
  kecamatan_operator: "role.kecamatan_operator",
  admin: "role.admin",
} as const satisfies Record<Role, MessageKey>;

/** "Petugas pengelola pengaduan, Kepala desa — Desa Jagabaya". */
export function workspaceLabel(t: Translate, workspace: Workspace): string {
  const roles = workspace.roles.map((role) => t(ROLE_KEYS[role])).join(", ");
  if (!workspace.region) return roles;
  const where = workspace.kind === "kecamatan" ? "region.kecamatan" : "region.desa";
  return t("workspace.label", { roles, region: t(where, { name: workspace.region.name }) });
}

/**
 * For a person with several memberships (two desa, or officer and resident): choose where to
 * work; the app goes to that workspace's home. Nothing is shown for a single one.
 */
export function WorkspaceSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  const saved = useStore(workspaceStore);
  if (!saved || saved.list.length < 2) return null;
  return (
    <div class={compact ? "workspace-switch workspace-switch--compact" : "field workspace-switch"}>
      <label class={compact ? "workspace-switch__label" : "field__label"} for="workspace-switch">
        {t("workspace.switch")}
      </label>
      <select
        id="workspace-switch"
        class="field__input"
        value={saved.active ?? ""}
        onChange={(event) => {
          const chosen = chooseWorkspace(event.currentTarget.value);
          if (chosen) navigate(homeOf(chosen));
        }}
      >
        {saved.list.map((w) => (
          <option key={w.key} value={w.key}>
            {workspaceLabel(t, w)}
          </option>
        ))}
      </select>
    </div>
  );
}
