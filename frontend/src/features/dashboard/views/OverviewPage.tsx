import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { formatDateTime } from "../../../lib/format";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { EmblemEditor } from "../components/EmblemEditor";
import { IncompleteOpenings } from "../components/IncompleteOpenings";
import { RoutingEditor } from "../components/RoutingEditor";
import { StrandedList } from "../components/StrandedList";
import {
  fetchDesaCounts,
  fetchIdentityAccess,
  listComplaints,
  type ComplaintPage,
  type DesaCounts,
  type IdentityAccessPage,
} from "../api";

type Load<T> = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: T };

/** The village head's view: what waits on the office now, and who read reporters' identities. */
export default function OverviewPage({
  desa,
  cards,
  onEmblemChanged,
}: {
  desa: { code: string; name: string };
  /** Cards other features add (app/staff/pages.tsx composes them: features never import each other). */
  cards?: ComponentChildren;
  /** The desa's emblem changed here: what the app kept of the desa's page is out of date. */
  onEmblemChanged?: (() => void) | undefined;
}) {
  const { locale, t } = useStaffI18n();
  const [page, setPage] = useState(1);
  const [log, setLog] = useState<Load<IdentityAccessPage>>({ kind: "loading" });
  const [waiting, setWaiting] = useState<Load<ComplaintPage>>({ kind: "loading" });
  const [counts, setCounts] = useState<Load<DesaCounts>>({ kind: "loading" });

  useEffect(() => {
    void fetchDesaCounts(desa.code).then((r) =>
      setCounts(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error }),
    );
  }, [desa.code]);

  useEffect(() => {
    // The oldest of what is still waiting on the office: first in line to check.
    void listComplaints({ desa: desa.code, status: ["submitted", "received", "verified", "reopened"], page_size: 10 }).then((r) =>
      setWaiting(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error }),
    );
  }, [desa.code, locale]);

  useEffect(() => {
    setLog({ kind: "loading" });
    void fetchIdentityAccess(desa.code, page).then((r) =>
      setLog(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error }),
    );
  }, [desa.code, page, locale]);

  return (
    <section class="page" aria-labelledby="overview-title">
      <h1 id="overview-title">{t("overview.title", { desa: desa.name })}</h1>
      {cards}

      <h2 id="figures-title">{t("overview.figures")}</h2>
      {counts.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : counts.kind === "failed" ? (
        <p role="alert">{t(errorKey(counts.error.code))}</p>
      ) : (
        <dl class="figures">
          <div class="figure">
            <dt>{t("overview.open")}</dt>
            <dd>{counts.data.open}</dd>
          </div>
          <div class={counts.data.overdue > 0 ? "figure figure--alert" : "figure"}>
            <dt>{t("overview.overdue")}</dt>
            <dd>
              <Link href={`${routes.inbox}?overdue=1`} aria-label={t("overview.showOverdue", { count: counts.data.overdue })}>
                {counts.data.overdue}
              </Link>
            </dd>
          </div>
          <div class={counts.data.escalated > 0 ? "figure figure--alert" : "figure"}>
            <dt>{t("overview.escalated")}</dt>
            <dd>
              <Link href={`${routes.inbox}?escalated=1`} aria-label={t("overview.showEscalated", { count: counts.data.escalated })}>
                {counts.data.escalated}
              </Link>
            </dd>
          </div>
          <div class={counts.data.unassignable > 0 ? "figure figure--alert" : "figure"}>
            <dt>{t("overview.unassignable")}</dt>
            <dd>
              <Link href={`${routes.inbox}?unassignable=1`} aria-label={t("overview.showUnassignable", { count: counts.data.unassignable })}>
                {counts.data.unassignable}
              </Link>
            </dd>
          </div>
        </dl>
      )}

      {counts.kind === "loaded" && counts.data.most_reported.length > 0 ? (
        <>
          <h2 id="most-reported-title">{t("overview.mostReported")}</h2>
          <p class="field__hint">{t("overview.mostReportedHint")}</p>
          <ul class="cards cards--list" aria-labelledby="most-reported-title" data-testid="most-reported">
            {counts.data.most_reported.map((row) => (
              <li class="card" key={row.tracking_code}>
                <Link class="card__title" href={routes.complaint(row.tracking_code)}>
                  {row.title}
                </Link>
                <p class="card__meta">
                  <span class={`badge badge--${row.status}`}>{row.status_label}</span>{" "}
                  <span class="badge badge--reporters">{t("duplicates.reporters", { n: row.reporters_count })}</span>
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <IncompleteOpenings desa={desa.code} />

      <h2 id="waiting-title">{t("overview.waiting")}</h2>
      {waiting.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : waiting.kind === "failed" ? (
        <p role="alert">{t(errorKey(waiting.error.code))}</p>
      ) : waiting.data.results.length === 0 ? (
        <p>{t("overview.nothingWaiting")}</p>
      ) : (
        <ul class="cards cards--list" aria-labelledby="waiting-title">
          {waiting.data.results.map((row) => (
            <li class="card" key={row.tracking_code}>
              <Link class="card__title" href={routes.complaint(row.tracking_code)}>
                {row.title}
              </Link>
              <p class="card__meta">
                <span class={`badge badge--${row.status}`}>{row.status_label}</span> {formatDateTime(row.submitted_at, locale)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href={routes.inbox}>{t("overview.allComplaints")}</Link>
      </p>

      <StrandedList desa={desa.code} />
      <RoutingEditor desa={desa.code} />
      <EmblemEditor desa={desa.code} onChanged={onEmblemChanged} />

      <h2 id="log-title">{t("overview.identityLog")}</h2>
      <p class="field__hint">{t("overview.identityLogHint")}</p>
      {log.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : log.kind === "failed" ? (
        <p role="alert">{t(errorKey(log.error.code))}</p>
      ) : log.data.results.length === 0 ? (
        <p>{t("overview.logEmpty")}</p>
      ) : (
        <>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="log-title">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t("overview.logWhen")}</th>
                  <th scope="col">{t("overview.logWho")}</th>
                  <th scope="col">{t("overview.logWhat")}</th>
                  <th scope="col">{t("overview.logComplaint")}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.results.map((row) => (
                  <tr key={row.id}>
                    <td>{formatDateTime(row.at, locale)}</td>
                    <td>{row.actor?.full_name ?? t("overview.system")}</td>
                    <td>
                      {row.purpose_label}
                      {row.grantee ? (
                        <>
                          <br />
                          {t("overview.logGrantee", {
                            name: row.grantee.full_name,
                            reason: row.reason,
                          })}
                        </>
                      ) : null}
                    </td>
                    <td>
                      {row.tracking_code ? (
                        <Link href={routes.complaint(row.tracking_code)}>{row.tracking_code}</Link>
                      ) : (
                        <Link href={routes.drafts}>
                          {t("overview.logDraft", { id: String(row.draft) })}
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions actions--row">
            {log.data.previous ? (
              <Button variant="secondary" onClick={() => setPage((p) => Math.max(1, p - 1))}>
                {t("overview.newer")}
              </Button>
            ) : null}
            {log.data.next ? (
              <Button variant="secondary" onClick={() => setPage((p) => p + 1)}>
                {t("overview.older")}
              </Button>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
