import { useEffect, useState } from "preact/hooks";
import { useStaffI18n } from "../../../i18n/staff";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { fetchIncompleteOpenings } from "../api";

/** The village head's reminder of suggestion-box openings whose slips are not all entered. */
export function IncompleteOpenings({ desa }: { desa: string }) {
  const { t } = useStaffI18n();
  const [count, setCount] = useState<number | null>(null);

  useEffect(() => {
    void fetchIncompleteOpenings(desa).then((r) => setCount(r.ok ? r.data : null));
  }, [desa]);

  if (count === null) return null;
  return (
    <div class={count > 0 ? "alert alert--warning" : "alert alert--info"}>
      <p>
        {t("overview.boxIncomplete", { count })}{" "}
        <Link href={routes.boxOpenings}>{t("overview.showBoxIncomplete")}</Link>
      </p>
    </div>
  );
}
