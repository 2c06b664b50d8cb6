import { Button } from "../../components/Button";
import { ErrorBox } from "../../components/ErrorBox";
import { LoadingPage } from "../../components/PageStatus";
import { WorkspaceSwitch } from "../../components/WorkspaceSwitch";
import { fetchMe } from "../../features/auth/api";
import { useStaffI18n } from "../../i18n/staff";
import { Link, matchPath, Redirect } from "../../lib/router";
import { useStore } from "../../lib/store";
import { useLoad } from "../../lib/useLoad";
import { activeWorkspace, homeOf, rememberWorkspaces, workspaceStore } from "../../lib/workspace";
import { allows, STAFF_PAGES } from "./pages";

const NOWHERE = { code: "", name: "" };

/**
 * The staff part of the app: one chunk, loaded only by logged-in users who open it. The
 * current workspace (lib/workspace.ts) decides which screens exist: a page outside it sends
 * the user to their workspace's home, never to a dead end.
 */
export default function StaffArea({ path }: { path: string }) {
  const { t } = useStaffI18n();
  const saved = useStore(workspaceStore);
  // A session from before workspaces were remembered (or another tab's logout and login).
  const { state, retry } = useLoad(() => (saved ? Promise.resolve({ ok: true, data: null } as const) : fetchMe()), [saved === null], {
    onLoad: (me) => me && rememberWorkspaces(me.memberships),
  });

  if (state.kind === "failed") {
    return (
      <section class="page">
        <ErrorBox error={state.error} />
        <Button variant="secondary" onClick={retry}>
          {t("app.retry")}
        </Button>
      </section>
    );
  }
  if (!saved) return <LoadingPage label={t("app.loading")} />;

  const workspace = activeWorkspace(saved);
  const home = homeOf(workspace);
  if (!workspace || workspace.kind === "resident") return <Redirect to={home} />;

  let page = null;
  for (const candidate of STAFF_PAGES) {
    const params = matchPath(candidate.path, path);
    if (params && allows(candidate, workspace)) {
      page = candidate.render(workspace.region ?? NOWHERE, params);
      break;
    }
  }
  if (!page) return <Redirect to={home} />;

  const tabs = STAFF_PAGES.filter((p) => p.tab && allows(p, workspace));
  return (
    <div class="staff">
      <div class="staff__bar">
        {tabs.length > 0 ? (
          <nav class="tabs" aria-label={t("staffArea.navLabel")}>
            {tabs.map((tab) => (
              <Link key={tab.path} class="tabs__tab" href={tab.path} aria-current={path === tab.path ? "page" : undefined}>
                {tab.tab ? t(tab.tab) : null}
              </Link>
            ))}
          </nav>
        ) : null}
        <WorkspaceSwitch compact={true} />
      </div>
      {page}
    </div>
  );
}
