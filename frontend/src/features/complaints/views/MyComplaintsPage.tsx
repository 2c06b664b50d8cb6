import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { FailedPage, LoadingPage } from "../../../components/PageStatus";
import { errorKey, useI18n } from "../../../i18n/index";
import { formatDate, formatDueDate } from "../../../lib/format";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useStore } from "../../../lib/store";
import { useLoad } from "../../../lib/useLoad";
import { useSubmit } from "../../../lib/useSubmit";
import { residentDesa, workspaceStore } from "../../../lib/workspace";
import { listMyComplaints } from "../api";
import { lastDesa } from "../lastDesa";

/** The cursor of the API's `next` link, or null. */
function cursorOf(link: string | null | undefined): string | null {
  if (!link) return null;
  try {
    return new URL(link, window.location.origin).searchParams.get("cursor");
  } catch {
    return null;
  }
}

/** "Pengaduan saya": a logged-in resident's own complaints, newest first, a page at a time. */
export default function MyComplaintsPage() {
  const { locale, t } = useI18n();
  // Status labels come localised from the server: reload on a language switch.
  const { state, retry, replace } = useLoad(() => listMyComplaints(null), [locale], { blank: true });
  const more = useSubmit();
  // Their own desa (a resident's membership), else the desa whose page this phone opened last.
  const desa = residentDesa(useStore(workspaceStore)) ?? lastDesa();
  const newComplaint = desa ? (
    <p>
      <Link class="button button--primary" href={routes.submit(desa.code)}>
        {t("mine.new")}
      </Link>
    </p>
  ) : null;

  async function loadMore() {
    if (state.kind !== "loaded") return;
    const next = cursorOf(state.data.next);
    if (!next) return;
    const result = await more.run(() => listMyComplaints(next));
    if (result) replace({ ...result.data, results: [...state.data.results, ...result.data.results] });
  }

  if (state.kind === "loading") {
    return (
      <LoadingPage title={t("mine.title")} label={t("app.loading")} />
    );
  }

  if (state.kind === "failed") {
    return <FailedPage title={t("mine.title")} message={t(errorKey(state.error.code))} retryLabel={t("app.retry")} onRetry={retry} />;
  }

  return (
    <section class="page" aria-labelledby="mine-title">
      <h1 id="mine-title">{t("mine.title")}</h1>
      <p class="lead">{t("mine.intro")}</p>
      {newComplaint}
      {state.data.results.length === 0 ? (
        <p>{t("mine.empty")}</p>
      ) : (
        <ul class="cards" aria-labelledby="mine-title">
          {state.data.results.map((row) => (
            <li class="card" key={row.tracking_code}>
              <p class="card__title">
                <Link href={routes.myComplaint(row.tracking_code)}>{row.title}</Link>
              </p>
              <p class="card__meta">
                <span class={`badge badge--${row.status}`}>{row.status_label}</span>
                {row.sla?.overdue ? <span class="badge badge--overdue">{t("mine.overdue")}</span> : null}
              </p>
              <p class="card__meta">{t("mine.code", { code: row.tracking_code })}</p>
              <p class="card__meta">{t("mine.submitted", { date: formatDate(row.submitted_at, locale) })}</p>
              {row.sla?.due_on && row.sla.state !== "stopped" ? (
                <p class="card__meta">{t("mine.deadline", { date: formatDueDate(row.sla.due_on, locale) })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={more.error} />
      {cursorOf(state.data.next) ? (
        <Button
          variant="secondary"
          pending={more.pending}
          pendingLabel={t("mine.loadingMore")}
          onClick={() => void loadMore()}
        >
          {t("mine.more")}
        </Button>
      ) : null}
    </section>
  );
}
