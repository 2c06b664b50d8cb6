import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { FailedPage, LoadingPage } from "../../../components/PageStatus";
import { errorKey, useI18n, type MessageKey } from "../../../i18n/index";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { fetchMyComplaint, moveMyComplaint, type PublicComplaint } from "../api";
import { TrackedComplaint } from "../components/TrackedComplaint";

type State =
  | { kind: "loading" }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "loaded"; complaint: PublicComplaint };

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
  const [state, setState] = useState<State>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);

  // Status labels come localised from the server: reload on a language switch.
  useEffect(() => {
    let current = true;
    void fetchMyComplaint(code).then((result) => {
      if (!current) return;
      setState(result.ok ? { kind: "loaded", complaint: result.data } : { kind: "failed", error: result.error });
    });
    return () => {
      current = false;
    };
  }, [code, locale, attempt]);

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
        onRetry={state.error.status === 404 ? undefined : () => setAttempt((n) => n + 1)}
      >
        <p>{back}</p>
      </FailedPage>
    );
  }
  return (
    <TrackedComplaint
      complaint={state.complaint}
      send={(move) => moveMyComplaint(code, move)}
      failure={failureKey}
      onChange={(complaint) => setState({ kind: "loaded", complaint })}
    >
      {back}
    </TrackedComplaint>
  );
}
