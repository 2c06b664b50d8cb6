import { FailedPage, LoadingPage } from "../components/PageStatus";
import { fetchMe } from "../features/auth/api";
import { errorKey, useI18n } from "../i18n/index";
import { navigate } from "../lib/router";
import { useLoad } from "../lib/useLoad";
import { homeOf, rememberWorkspaces } from "../lib/workspace";

/**
 * Where a login lands: reads the user's memberships once and goes to the home of their
 * workspace (the inbox, "Tugas saya", the overview, the box's slips, the kecamatan, the
 * admin's entry points, or a resident's own complaints). A small chunk of its own, so a
 * resident never downloads the staff pages to find out they are not staff.
 */
export default function StartPage() {
  const { t } = useI18n();
  const { state, retry } = useLoad(fetchMe, [], {
    onLoad: (me) => navigate(homeOf(rememberWorkspaces(me.memberships)), { replace: true }),
  });

  if (state.kind === "failed") {
    return (
      <FailedPage title={t("start.title")} message={t(errorKey(state.error.code))} retryLabel={t("app.retry")} onRetry={retry} />
    );
  }
  return <LoadingPage label={t("app.loading")} />;
}
