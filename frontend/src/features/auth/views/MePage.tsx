import { useState } from "preact/hooks";
import type { components } from "../../../api/schema";
import { Button } from "../../../components/Button";
import { FailedPage, LoadingPage } from "../../../components/PageStatus";
import { WorkspaceSwitch } from "../../../components/WorkspaceSwitch";
import { errorKey, useI18n, type MessageKey, type Translate } from "../../../i18n/index";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useLoad } from "../../../lib/useLoad";
import { rememberWorkspaces } from "../../../lib/workspace";
import { fetchMe, logout, type Membership } from "../api";

export interface MePageProps {
  onLoggedOut: () => void;
}

type Region = components["schemas"]["RegionRefOut"];

// A new level in the API fails tsc here until it has a label.
const REGION_KEYS = {
  provinsi: "region.provinsi",
  kabupaten: "region.kabupaten",
  kecamatan: "region.kecamatan",
  desa: "region.desa",
} as const satisfies Record<Region["level"], MessageKey>;

function regionName(t: Translate, region: Region): string {
  return t(REGION_KEYS[region.level], { name: region.name });
}

function MembershipItem({ membership, t }: { membership: Membership; t: Translate }) {
  const { region, kecamatan } = membership;
  const title = region
    ? t("me.membership", { role: membership.role_label, region: regionName(t, region) })
    : membership.role_label;
  // The decree's wording ("Kepala Dusun Cikupa") is more precise than the generic label.
  const position = membership.position_title || membership.position_label;
  return (
    <li class="card">
      <p class="card__title">{title}</p>
      {kecamatan && kecamatan.code !== region?.code ? (
        <p class="card__meta">{t("me.inKecamatan", { name: kecamatan.name })}</p>
      ) : null}
      {position ? <p class="card__meta">{t("me.position", { position })}</p> : null}
    </li>
  );
}

export default function MePage({ onLoggedOut }: MePageProps) {
  const { locale, t } = useI18n();
  const [loggingOut, setLoggingOut] = useState(false);

  // Role and position labels come localised from the server: reload on a language switch.
  const { state, retry } = useLoad(fetchMe, [locale], { onLoad: (me) => rememberWorkspaces(me.memberships) });

  async function onLogout() {
    if (loggingOut) return;
    setLoggingOut(true);
    try {
      await logout();
    } finally {
      setLoggingOut(false);
    }
    onLoggedOut();
  }

  if (state.kind === "loading") {
    return (
      <LoadingPage label={t("app.loading")} />
    );
  }

  if (state.kind === "failed") {
    return <FailedPage title={t("me.title")} message={t(errorKey(state.error.code))} retryLabel={t("app.retry")} onRetry={retry} />;
  }

  const me = state.data;
  return (
    <section class="page" aria-labelledby="me-title">
      <h1 id="me-title">{me.full_name || me.username}</h1>
      {/* The username is left out: it repeats the desa name ("petugas.jagabaya") next to the roles. */}
      {me.phone ? (
        <dl class="facts">
          <div>
            <dt>{t("me.phone")}</dt>
            <dd>{me.phone}</dd>
          </div>
        </dl>
      ) : null}

      <h2 id="roles-title">{t("me.rolesHeading")}</h2>
      {me.memberships.length === 0 ? (
        <p>{t("me.noRoles")}</p>
      ) : (
        <ul class="cards" aria-labelledby="roles-title">
          {me.memberships.map((membership) => (
            <MembershipItem key={membership.id} membership={membership} t={t} />
          ))}
        </ul>
      )}

      <WorkspaceSwitch />

      <p>
        <Link href={routes.myComplaints}>{t("me.myComplaints")}</Link>
      </p>

      <div class="actions">
        <Button
          variant="secondary"
          pending={loggingOut}
          pendingLabel={t("me.loggingOut")}
          onClick={() => void onLogout()}
        >
          {t("me.logout")}
        </Button>
      </div>
    </section>
  );
}
