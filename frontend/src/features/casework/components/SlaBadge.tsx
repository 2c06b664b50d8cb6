import { useStaffI18n, type StaffTranslate } from "../../../i18n/staff";
import type { ComplaintRow } from "../api";

// Working days left at which a running deadline counts as "due soon".
const DUE_SOON_DAYS = 2;

/** On time / due soon / overdue / paused, from the complaint's SLA (null until received). */
export function SlaBadge({ sla }: { sla: ComplaintRow["sla"] }) {
  const { t } = useStaffI18n();
  return slaBadge(sla, t);
}

/** `SlaBadge` without a component of its own: the inbox draws fifty, each a store subscription. */
export function slaBadge(sla: ComplaintRow["sla"], t: StaffTranslate) {
  if (!sla || sla.state === "stopped") return null;
  if (sla.overdue) return <span class="badge badge--sla-overdue">{t("sla.overdue")}</span>;
  if (sla.state === "paused") return <span class="badge badge--muted">{t("sla.paused")}</span>;
  const left = sla.remaining_working_days;
  if (left !== null && left <= DUE_SOON_DAYS) {
    return <span class="badge badge--sla-due_soon">{t("sla.dueSoon", { count: left })}</span>;
  }
  return <span class="badge badge--sla-on_time">{t("sla.onTime", { count: left ?? 0 })}</span>;
}
