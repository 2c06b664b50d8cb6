import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../api/errors";
import { tokenStore } from "../../api/tokens";
import { Button } from "../../components/Button";
import { LoadingPage } from "../../components/PageStatus";
import ComplaintPage from "../../features/casework/views/ComplaintPage";
import InboxPage from "../../features/casework/views/InboxPage";
import WalkInPage from "../../features/casework/views/WalkInPage";
import { fetchMe, type Me } from "../../features/auth/api";
import OverviewPage from "../../features/dashboard/views/OverviewPage";
import DesaReportPage from "../../features/reports/staff/DesaReportPage";
import KecamatanReportPage from "../../features/reports/staff/KecamatanReportPage";
import { errorKey } from "../../i18n/index";
import { useStaffI18n, type StaffKey } from "../../i18n/staff";
import { Link, matchPath, Redirect } from "../../lib/router";
import { routes } from "../../lib/routes";

/** What the staff pages need to know about the user: their desa and roles there. */
export interface StaffContext {
  desa: { code: string; name: string };
  roles: ReadonlySet<string>;
}

const STAFF_ROLES = new Set(["intake_officer", "handler", "village_head"]);

function staffContext(me: Me): StaffContext | null {
  const desaMemberships = me.memberships.filter(
    (m) => m.region?.level === "desa" && STAFF_ROLES.has(m.role),
  );
  const first = desaMemberships[0]?.region;
  if (!first) return null;
  const roles = new Set(desaMemberships.filter((m) => m.region?.code === first.code).map((m) => m.role));
  return { desa: { code: first.code, name: first.name }, roles };
}

/** A kecamatan operator's kecamatan: they compare its desa (aggregates only). */
interface KecamatanContext {
  code: string;
  name: string;
}

function kecamatanContext(me: Me): KecamatanContext | null {
  const region = me.memberships.find((m) => m.role === "kecamatan_operator" && m.region?.level === "kecamatan")?.region;
  return region ? { code: region.code, name: region.name } : null;
}

interface Contexts {
  context: StaffContext | null;
  kecamatan: KecamatanContext | null;
}

type State = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | ({ kind: "loaded" } & Contexts);

let cached: Contexts | undefined;
// Another login (or a logout) in this tab must not reuse the previous user's desa and roles.
tokenStore.subscribe(() => {
  cached = undefined;
});

/** The staff part of the app: one chunk, loaded only by logged-in users who open it. */
export default function StaffArea({ path }: { path: string }) {
  const { t } = useStaffI18n();
  const [state, setState] = useState<State>(cached === undefined ? { kind: "loading" } : { kind: "loaded", ...cached });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (cached !== undefined) return;
    let current = true;
    void fetchMe().then((result) => {
      if (!current) return;
      if (result.ok) {
        cached = { context: staffContext(result.data), kecamatan: kecamatanContext(result.data) };
        setState({ kind: "loaded", ...cached });
      } else {
        setState({ kind: "failed", error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [attempt]);

  if (state.kind === "loading") {
    return (
      <LoadingPage label={t("app.loading")} />
    );
  }
  if (state.kind === "failed") {
    return (
      <section class="page">
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(state.error.code))}</p>
        </div>
        <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
          {t("app.retry")}
        </Button>
      </section>
    );
  }
  const context = state.context;
  const kecamatan = state.kecamatan;
  if (!context && kecamatan) {
    let page;
    let params: Record<string, string> | null;
    if (path === routes.kecamatan) {
      page = <KecamatanReportPage kecamatan={kecamatan} />;
    } else if ((params = matchPath("/staf/kecamatan/desa/:code", path))) {
      page = <DesaReportPage code={params["code"] ?? ""} />;
    } else {
      return <Redirect to={routes.kecamatan} />;
    }
    return (
      <div class="staff">
        <nav class="tabs" aria-label={t("staffArea.navLabel")}>
          <Link class="tabs__tab" href={routes.kecamatan} aria-current={path === routes.kecamatan ? "page" : undefined}>
            {t("staffArea.compare")}
          </Link>
        </nav>
        {page}
      </div>
    );
  }
  if (!context) {
    return (
      <section class="page" aria-labelledby="nostaff-title">
        <h1 id="nostaff-title">{t("staffArea.noRoleTitle")}</h1>
        <p>{t("staffArea.noRoleBody")}</p>
        <p>
          <Link href={routes.track}>{t("landing.track")}</Link>
        </p>
      </section>
    );
  }

  const intake = context.roles.has("intake_officer");
  const head = context.roles.has("village_head");
  const handler = context.roles.has("handler");
  const tabs: { href: string; label: StaffKey; show: boolean }[] = [
    { href: routes.inbox, label: "staffArea.inbox", show: intake || head },
    { href: routes.mine, label: "staffArea.mine", show: handler || intake },
    { href: routes.walkIn, label: "staffArea.walkIn", show: intake },
    { href: routes.overview, label: "staffArea.overview", show: head },
    { href: routes.report, label: "staffArea.report", show: head || intake },
  ];

  let page;
  let params: Record<string, string> | null;
  if (path === routes.inbox) {
    if (!intake && !head) return <Redirect to={routes.mine} />;
    page = <InboxPage mine={false} desa={context.desa.code} />;
  } else if (path === routes.mine) {
    page = <InboxPage mine={true} desa={context.desa.code} />;
  } else if (path === routes.walkIn && intake) {
    page = <WalkInPage desa={context.desa.code} />;
  } else if (path === routes.overview && head) {
    page = <OverviewPage desa={context.desa} />;
  } else if (path === routes.report && (head || intake)) {
    page = <DesaReportPage code={context.desa.code} />;
  } else if ((params = matchPath("/staf/pengaduan/:code", path))) {
    page = <ComplaintPage code={params["code"] ?? ""} desa={context.desa.code} />;
  } else {
    return <Redirect to={intake || head ? routes.inbox : routes.mine} />;
  }

  return (
    <div class="staff">
      <nav class="tabs" aria-label={t("staffArea.navLabel")}>
        {tabs
          .filter((tab) => tab.show)
          .map((tab) => (
            <Link key={tab.href} class="tabs__tab" href={tab.href} aria-current={path === tab.href ? "page" : undefined}>
              {t(tab.label)}
            </Link>
          ))}
      </nav>
      {page}
    </div>
  );
}
