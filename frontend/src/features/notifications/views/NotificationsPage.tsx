import { useEffect, useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { FailedPage, LoadingPage } from "../../../components/PageStatus";
import { errorKey, useI18n } from "../../../i18n/index";
import { formatDateTime } from "../../../lib/format";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useStore } from "../../../lib/store";
import { refreshUnread } from "../../../lib/unread";
import { useLoad } from "../../../lib/useLoad";
import { activeWorkspace, workspaceStore } from "../../../lib/workspace";
import { listNotices, markAllRead, markRead, type Notice } from "../api";

/**
 * The notification centre, for every role: the in-app notices (a complaint received,
 * assigned, a reminder, an escalation, an answer), newest first; each links to its complaint
 * and is marked read when opened or on request.
 */
export default function NotificationsPage() {
  const { locale, t } = useI18n();
  const workspace = activeWorkspace(useStore(workspaceStore));
  const [page, setPage] = useState(1);
  const [marking, setMarking] = useState(false);

  const { state, retry, replace } = useLoad(() => listNotices(page), [page, locale]);
  // The bell asks only now and then: opening the centre brings its count up to date with the list.
  useEffect(() => {
    void refreshUnread();
  }, []);

  // A resident follows their complaint in "Pengaduan saya"; staff open the case file.
  const hrefOf = (code: string) =>
    !workspace || workspace.kind === "resident" ? routes.myComplaint(code) : routes.complaint(code);

  function readLocally(ids: "all" | number) {
    if (state.kind !== "loaded") return;
    const now = new Date().toISOString();
    const results = state.data.results.map((n) => (ids === "all" || n.id === ids) && !n.read_at ? { ...n, read_at: now } : n);
    replace({ ...state.data, results });
  }

  async function readOne(notice: Notice) {
    if (notice.read_at) return;
    readLocally(notice.id);
    await markRead(notice.id);
    void refreshUnread();
  }

  async function readAll() {
    setMarking(true);
    const result = await markAllRead();
    setMarking(false);
    if (result.ok) readLocally("all");
    void refreshUnread();
  }

  if (state.kind === "loading") return <LoadingPage title={t("notices.title")} label={t("app.loading")} />;
  if (state.kind === "failed") {
    return (
      <FailedPage
        title={t("notices.title")}
        message={t(errorKey(state.error.code))}
        retryLabel={t("app.retry")}
        onRetry={retry}
      />
    );
  }

  const { results, next, previous } = state.data;
  const anyUnread = results.some((n) => !n.read_at);
  return (
    <section class="page" aria-labelledby="notices-title">
      <h1 id="notices-title">{t("notices.title")}</h1>
      {anyUnread ? (
        <div class="actions">
          <Button variant="secondary" pending={marking} pendingLabel={t("app.loading")} onClick={() => void readAll()}>
            {t("notices.readAll")}
          </Button>
        </div>
      ) : null}
      {results.length === 0 ? (
        <p>{t("notices.empty")}</p>
      ) : (
        <ul class="cards cards--list" aria-labelledby="notices-title">
          {results.map((notice) => (
            <li key={notice.id} class={notice.read_at ? "card notice" : "card notice notice--unread"}>
              {/* Opening the complaint reads the notice (the click bubbles up from the link). */}
              <p class="card__title" onClick={() => void readOne(notice)}>
                {notice.read_at ? null : <span class="badge badge--submitted">{t("notices.new")}</span>}{" "}
                {notice.tracking_code ? (
                  <Link href={hrefOf(notice.tracking_code)}>
                    {notice.title}
                  </Link>
                ) : (
                  notice.title
                )}
              </p>
              <p class="card__meta">{formatDateTime(notice.created_at, locale)}</p>
              <p class="prewrap">{notice.body}</p>
              {notice.read_at ? null : (
                <Button variant="secondary" onClick={() => void readOne(notice)}>
                  {t("notices.markRead")}
                  <span class="visually-hidden"> {notice.title}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {previous || next ? (
        <div class="actions actions--row">
          {previous ? (
            <Button variant="secondary" onClick={() => setPage((p) => p - 1)}>
              {t("notices.newer")}
            </Button>
          ) : null}
          {next ? (
            <Button variant="secondary" onClick={() => setPage((p) => p + 1)}>
              {t("notices.older")}
            </Button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
