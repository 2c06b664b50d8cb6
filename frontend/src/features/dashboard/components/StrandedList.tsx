import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { fetchStranded, type StrandedComplaint } from "../api";

/** Open complaints whose official left (membership ended, account deactivated, position vacant). */
export function StrandedList({ desa }: { desa: string }) {
  const { t } = useStaffI18n();
  const [rows, setRows] = useState<StrandedComplaint[] | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  useEffect(() => {
    void fetchStranded(desa).then((r) => (r.ok ? setRows(r.data) : setError(r.error)));
  }, [desa]);
  return (
    <>
      <h2 id="stranded-title">{t("stranded.title")}</h2>
      <p class="field__hint">{t("stranded.hint")}</p>
      {error ? (
        <p role="alert">{t(errorKey(error.code))}</p>
      ) : rows === null ? (
        <p role="status">{t("app.loading")}</p>
      ) : rows.length === 0 ? (
        <p>{t("stranded.none")}</p>
      ) : (
        <ul class="cards cards--list" aria-labelledby="stranded-title">
          {rows.map((row) => (
            <li class="card" key={row.tracking_code}>
              <Link class="card__title" href={routes.complaint(row.tracking_code)}>
                {row.title}
              </Link>
              <p class="card__meta">{row.assigned_position ? t(`position.${row.assigned_position}`) : null}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
