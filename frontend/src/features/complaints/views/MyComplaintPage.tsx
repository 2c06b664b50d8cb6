import type { ApiFailure } from "../../../api/errors";
import { FailedPage, LoadingPage } from "../../../components/PageStatus";
import { errorKey, useI18n, type MessageKey } from "../../../i18n/index";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useLoad } from "../../../lib/useLoad";
import { fetchMyComplaint, moveMyComplaint } from "../api";
import { TrackedComplaint } from "../components/TrackedComplaint";

function failureKey(error: Pick<ApiFailure, "status" | "code">): MessageKey {
  if (error.status === 0) return "errors.network";
  // Another person's complaint is "not found" too: the API does not say it exists.
  if (error.status === 404) return "mine.notFound";
  return errorKey(error.code);
}

/**
 * One of the logged-in resident's own complaints, opened from "Pengaduan saya": the same
 * view as tracking with code + PIN, but the account is the credential, so no PIN is asked.
 */
export default function MyComplaintPage({ code }: { code: string }) {
  const { locale, t } = useI18n();
  // Status labels come localised from the server: reload on a language switch.
  const { state, retry, replace } = useLoad(() => fetchMyComplaint(code), [code, locale]);

  const back = <Link href={routes.myComplaints}>{t("mine.back")}</Link>;

  if (state.kind === "loading") {
    return (
      <LoadingPage label={t("app.loading")} />
    );
  }
  if (state.kind === "failed") {
    return (
      <FailedPage
        title={t("mine.title")}
        message={t(failureKey(state.error))}
        retryLabel={t("app.retry")}
        onRetry={state.error.status === 404 ? undefined : retry}
      >
        <p>{back}</p>
      </FailedPage>
    );
  }
  return (
    <TrackedComplaint
      complaint={state.data}
      send={(move) => moveMyComplaint(code, move)}
      failure={failureKey}
      onChange={replace}
    >
      {back}
    </TrackedComplaint>
  );
}
