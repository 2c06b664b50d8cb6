import type { JSX } from "preact";
import AdminPage from "../../features/dashboard/views/AdminPage";
import DaysOffPage from "../../features/dashboard/views/DaysOffPage";
import RegisterBookPage from "../../features/dashboard/views/RegisterBookPage";
import CannedAnswersPage from "../../features/casework/views/CannedAnswersPage";
import ComplaintPage from "../../features/casework/views/ComplaintPage";
import { ChannelHealthCard } from "../../features/drafts/components/ChannelHealthCard";
import DraftsPage from "../../features/drafts/views/DraftsPage";
import InboxPage from "../../features/casework/views/InboxPage";
import WalkInPage from "../../features/casework/views/WalkInPage";
import KecamatanPage from "../../features/dashboard/views/KecamatanPage";
import OverviewPage from "../../features/dashboard/views/OverviewPage";
import DesaReportPage from "../../features/reports/staff/DesaReportPage";
import KabupatenReportPage from "../../features/reports/staff/KabupatenReportPage";
import KecamatanReportPage from "../../features/reports/staff/KecamatanReportPage";
import OpeningPage from "../../features/suggestion-box/views/OpeningPage";
import NoticeSettingsPage from "../../features/notifications/views/NoticeSettingsPage";
import OpeningsPage from "../../features/suggestion-box/views/OpeningsPage";
import { forgetRegion, useRegion } from "../../features/complaints/desa";
import type { StaffKey } from "../../i18n/staff";
import { lazyPage } from "../lazy";
import { routes } from "../../lib/routes";
import type { Role, Workspace } from "../../lib/workspace";

/** The workspace's region: the desa for desa staff, the kecamatan for its operator. */
export interface Place {
  code: string;
  name: string;
}

export interface StaffPage {
  /** A path, or a pattern with `:name` parameters (lib/router's matchPath). */
  path: string;
  /** Shown as a tab when set (pages with parameters have none). */
  tab?: StaffKey;
  /** Who may open it: the workspace's kind and, for a desa, any of these roles. */
  kind: Workspace["kind"];
  roles?: readonly Role[];
  render: (place: Place, params: Record<string, string>) => JSX.Element;
}

// Opened by a head or an admin now and then: its own chunk, not the staff area's weight.
const ClientsPage = lazyPage(() => import("../../features/integrations/views/ClientsPage"));

const OFFICE: readonly Role[] = ["intake_officer", "village_head"];
const BOX: readonly Role[] = ["box_team", "intake_officer", "village_head"];

/**
 * Every staff screen, one line each: the shell builds the tabs and the guards from this list
 * (app/staff/StaffArea.tsx). A new screen is one more entry here and one in lib/routes.ts.
 */
export const STAFF_PAGES: readonly StaffPage[] = [
  { path: routes.inbox, tab: "staffArea.inbox", kind: "desa", roles: OFFICE, render: (w) => <InboxPage mine={false} desa={w.code} /> },
  { path: routes.mine, tab: "staffArea.mine", kind: "desa", roles: ["handler", "intake_officer"], render: (w) => <InboxPage mine={true} desa={w.code} /> },
  { path: routes.drafts, tab: "staffArea.drafts", kind: "desa", roles: OFFICE, render: (w) => <DraftsPage desa={w.code} /> },
  { path: routes.walkIn, tab: "staffArea.walkIn", kind: "desa", roles: ["intake_officer"], render: (w) => <WalkInPage desa={w.code} /> },
  { path: routes.overview, tab: "staffArea.overview", kind: "desa", roles: ["village_head"], render: (w) => <OverviewPage desa={w} cards={<ChannelHealthCard desa={w.code} />} onEmblemChanged={() => forgetRegion(w.code)} /> },
  { path: routes.register, tab: "staffArea.register", kind: "desa", roles: OFFICE, render: (w) => <RegisterBookPage desa={w} mayIdentify={true} /> },
  { path: routes.cannedAnswers, tab: "staffArea.canned", kind: "desa", roles: OFFICE, render: (w) => <CannedAnswersPage desa={w} /> },
  { path: routes.noticeSettings, tab: "staffArea.noticeSettings", kind: "desa", roles: ["intake_officer", "handler", "village_head"], render: () => <NoticeSettingsPage /> },
  { path: routes.daysOff, tab: "staffArea.daysOff", kind: "desa", roles: ["village_head"], render: (w) => <DaysOffPage desa={w} /> },
  { path: routes.box, tab: "staffArea.box", kind: "desa", roles: ["box_team"], render: (w) => <InboxPage mine={true} box={true} desa={w.code} /> },
  { path: routes.boxOpenings, tab: "staffArea.boxOpenings", kind: "desa", roles: BOX, render: (w) => <OpeningsPage desa={w.code} /> },
  { path: "/staf/kotak/pembukaan/:id", kind: "desa", roles: BOX, render: (w, p) => <OpeningPage desa={w.code} id={Number(p["id"])} /> },
  { path: routes.report, tab: "staffArea.report", kind: "desa", roles: OFFICE, render: (w) => <DesaReportPage code={w.code} office={true} /> },
  { path: "/staf/pengaduan/:code", kind: "desa", render: (w, p) => <ComplaintPage code={p["code"] ?? ""} desa={w.code} /> },
  { path: routes.kecamatan, tab: "staffArea.compare", kind: "kecamatan", render: (w) => <KecamatanReportPage kecamatan={w} /> },
  { path: routes.kecamatanList, tab: "staffArea.kecamatan", kind: "kecamatan", render: (w) => <KecamatanPage kecamatan={w} /> },
  { path: "/staf/kecamatan/desa/:code", kind: "kecamatan", render: (_w, p) => <DesaReportPage code={p["code"] ?? ""} /> },
  { path: "/staf/kecamatan/register/:desa", kind: "kecamatan", render: (_, p) => <KecamatanRegisterPage code={p["desa"] ?? ""} /> },
  { path: routes.clients, tab: "staffArea.clients", kind: "desa", roles: ["village_head"], render: (w) => <ClientsPage region={w} /> },
  { path: routes.admin, tab: "staffArea.admin", kind: "admin", render: () => <AdminPage /> },
  { path: routes.clients, tab: "staffArea.clients", kind: "admin", render: () => <ClientsPage region={null} /> },
  { path: routes.kabupaten, tab: "staffArea.kabupaten", kind: "admin", render: () => <KabupatenReportPage /> },
];

export function allows(page: StaffPage, workspace: Workspace): boolean {
  if (page.kind !== workspace.kind) return false;
  return !page.roles || page.roles.some((role) => workspace.roles.includes(role));
}

/** A desa's book as its kecamatan reads it, titled with the desa's name (its code until known). */
function KecamatanRegisterPage({ code }: { code: string }) {
  const region = useRegion(code);
  const name = region.kind === "loaded" ? region.data.name : code;
  return <RegisterBookPage desa={{ code, name }} mayIdentify={false} />;
}
