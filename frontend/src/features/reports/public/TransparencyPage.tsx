import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { errorKey, useI18n } from "../../../i18n/index";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { cellText, fetchPublicSummary, type PublicSummary } from "../api";

type Load = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: PublicSummary };

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];

/** How well a desa answers, for anyone: a chunk of its own, tables only (no chart code). */
export default function TransparencyPage({ desa }: { desa: string }) {
  const { t } = useI18n();
  const year = new Date().getFullYear();
  const [state, setState] = useState<Load>({ kind: "loading" });

  useEffect(() => {
    void fetchPublicSummary(desa, year).then((r) =>
      setState(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error }),
    );
  }, [desa, year]);

  if (state.kind !== "loaded") {
    return (
      <section class="page" aria-labelledby="open-title">
        <h1 id="open-title">{t("open.titleLoading")}</h1>
        {state.kind === "loading" ? <p role="status">{t("app.loading")}</p> : <p role="alert">{t(errorKey(state.error.code))}</p>}
      </section>
    );
  }
  const s = state.data;
  return (
    <section class="page" aria-labelledby="open-title">
      <h1 id="open-title">{t("open.title", { desa: s.desa.name, year: s.year })}</h1>
      <dl class="figures">
        <div class="figure">
          <dt>{t("open.received")}</dt>
          <dd>{cellText(s.received)}</dd>
        </div>
        <div class="figure">
          <dt>{t("open.answered")}</dt>
          <dd>{cellText(s.answered)}</dd>
        </div>
        <div class="figure">
          <dt>{t("open.within7")}</dt>
          <dd>{cellText(s.within_7_days_share, " %")}</dd>
        </div>
        <div class="figure">
          <dt>{t("open.median")}</dt>
          <dd>{cellText(s.answer_days_median)}</dd>
        </div>
        <div class="figure">
          <dt>{t("open.rating")}</dt>
          <dd>{s.rating.mean === null ? "–" : `${s.rating.mean} / 5`}</dd>
        </div>
      </dl>
      <p class="hint">{t("open.suppression")}</p>

      <h2 id="open-months">{t("open.byMonth")}</h2>
      <div class="table-wrap" role="region" aria-labelledby="open-months" tabIndex={0}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t("open.month")}</th>
              <th scope="col">{t("open.received")}</th>
              <th scope="col">{t("open.answered")}</th>
            </tr>
          </thead>
          <tbody>
            {s.by_month.map((m) => (
              <tr key={m.month}>
                <th scope="row">{MONTHS[Number(m.month.slice(5, 7)) - 1]}</th>
                <td>{cellText(m.received)}</td>
                <td>{cellText(m.answered)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="open-categories">{t("open.byCategory")}</h2>
      <div class="table-wrap" role="region" aria-labelledby="open-categories" tabIndex={0}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t("open.category")}</th>
              <th scope="col">{t("open.received")}</th>
              <th scope="col">{t("open.answered")}</th>
              <th scope="col">{t("open.median")}</th>
            </tr>
          </thead>
          <tbody>
            {s.by_category.map((c) => (
              <tr key={c.label}>
                <th scope="row">{c.label}</th>
                <td>{cellText(c.received)}</td>
                <td>{cellText(c.answered)}</td>
                <td>{cellText(c.answer_days_median)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <Link href={routes.desa(desa)}>{t("open.back")}</Link>
      </p>
    </section>
  );
}
