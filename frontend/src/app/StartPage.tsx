import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../api/errors";
import { FailedPage, LoadingPage } from "../components/PageStatus";
import { fetchMe } from "../features/auth/api";
import { errorKey, useI18n } from "../i18n/index";
import { navigate } from "../lib/router";
import { homeOf, rememberWorkspaces } from "../lib/workspace";

/**
 * Where a login lands: reads the user's memberships once and goes to the home of their
 * workspace (the inbox, "Tugas saya", the overview, the box's slips, the kecamatan, the
 * admin's entry points, or a resident's own complaints). A small chunk of its own, so a
 * resident never downloads the staff pages to find out they are not staff.
 */
export default function StartPage() {
  const { t } = useI18n();
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    void fetchMe().then((result) => {
      if (!current) return;
      if (result.ok) navigate(homeOf(rememberWorkspaces(result.data.memberships)), { replace: true });
      else setFailure(result.error);
    });
    return () => {
      current = false;
    };
  }, [attempt]);

  if (failure) {
    return (
      <FailedPage
        title={t("start.title")}
        message={t(errorKey(failure.code))}
        retryLabel={t("app.retry")}
        onRetry={() => {
          setFailure(null);
          setAttempt((n) => n + 1);
        }}
      />
    );
  }
  return <LoadingPage label={t("app.loading")} />;
}
