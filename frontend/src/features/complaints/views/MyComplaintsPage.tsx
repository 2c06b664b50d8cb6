import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { LoadingPage } from "../../../components/PageStatus";
import { errorKey, useI18n } from "../../../i18n/index";
import { formatDate, formatDueDate } from "../../../lib/format";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useStore } from "../../../lib/store";
import { residentDesa, workspaceStore } from "../../../lib/workspace";
import { listMyComplaints, type MyComplaint } from "../api";
import { lastDesa } from "../lastDesa";

type State =
  | { kind: "loading" }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "loaded"; rows: MyComplaint[]; next: string | null };

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
  const [state, setState] = useState<State>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiFailure | null>(null);
  const busy = useRef(false);
  // Their own desa (a resident's membership), else the desa whose page this phone opened last.
  const desa = residentDesa(useStore(workspaceStore)) ?? lastDesa();
  const newComplaint = desa ? (
    <p>
      <Link class="button button--primary" href={routes.submit(desa.code)}>
        {t("mine.new")}
      </Link>
    </p>
  ) : null;

  // Status labels come localised from the server: reload on a language switch.
  useEffect(() => {
    let current = true;
    setState({ kind: "loading" });
    void listMyComplaints(null).then((result) => {
      if (!current) return;
      setState(
        result.ok
          ? { kind: "loaded", rows: result.data.results, next: cursorOf(result.data.next) }
          : { kind: "failed", error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [locale, attempt]);

  async function loadMore() {
    if (busy.current || state.kind !== "loaded" || !state.next) return;
    busy.current = true;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const result = await listMyComplaints(state.next);
      if (result.ok) {
        setState({
          kind: "loaded",
          rows: [...state.rows, ...result.data.results],
          next: cursorOf(result.data.next),
        });
      } else {
        setMoreError(result.error);
      }
    } finally {
      busy.current = false;
      setLoadingMore(false);
    }
  }

  if (state.kind === "loading") {
    return (
      <LoadingPage title={t("mine.title")} label={t("app.loading")} />
    );
  }

  if (state.kind === "failed") {
    return (
      <section class="page">
        <h1>{t("mine.title")}</h1>
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(state.error.code))}</p>
        </div>
        <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
          {t("app.retry")}
        </Button>
      </section>
    );
  }

  return (
    <section class="page" aria-labelledby="mine-title">
      <h1 id="mine-title">{t("mine.title")}</h1>
      <p class="lead">{t("mine.intro")}</p>
      {newComplaint}
      {state.rows.length === 0 ? (
        <p>{t("mine.empty")}</p>
      ) : (
        <ul class="cards" aria-labelledby="mine-title">
          {state.rows.map((row) => (
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
      {moreError ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(moreError.code))}</p>
        </div>
      ) : null}
      {state.next ? (
        <Button
          variant="secondary"
          pending={loadingMore}
          pendingLabel={t("mine.loadingMore")}
          onClick={() => void loadMore()}
        >
          {t("mine.more")}
        </Button>
      ) : null}
    </section>
  );
}
