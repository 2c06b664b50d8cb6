import { useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { ActionOutcome } from "../../../components/ActionOutcome";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/TextField";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { formatDate } from "../../../lib/format";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useLoad } from "../../../lib/useLoad";
import { addDayOff, listDaysOff, removeDayOff, type MovedDeadline } from "../api";

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/**
 * The village head's calendar: declare a desa day off (a disaster, a village event) with its
 * reason, or withdraw one not yet passed; the answer lists the running deadlines that moved.
 */
export default function DaysOffPage({ desa }: { desa: { code: string; name: string } }) {
  const { locale, t } = useStaffI18n();
  const [year, setYear] = useState(new Date().getFullYear());
  const [date, setDate] = useState("");
  const [reason, setReason] = useState("");
  const [fields, setFields] = useState<Readonly<Record<string, readonly string[]>>>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [moved, setMoved] = useState<readonly MovedDeadline[]>([]);
  const [pending, setPending] = useState(false);

  const { state: list, retry } = useLoad(() => listDaysOff(desa.code, year), [desa.code, year, locale], { blank: true });

  async function declare(event: SubmitEvent) {
    event.preventDefault();
    if (pending) return;
    const missing: Record<string, string[]> = {};
    if (!date) missing["date"] = [t("field.required")];
    if (!reason.trim()) missing["reason"] = [t("field.required")];
    setFields(missing);
    setDone(null);
    setMoved([]);
    setFailure(null);
    if (Object.keys(missing).length > 0) return;
    setPending(true);
    const result = await addDayOff(desa.code, date, reason.trim());
    setPending(false);
    if (result.ok) {
      setDone(t("daysOff.declared", { date: formatDate(result.data.date, locale), count: result.data.deadlines_moved }));
      setMoved(result.data.moved);
      setDate("");
      setReason("");
      setYear(Number(result.data.date.slice(0, 4)));
      retry();
    } else if (Object.keys(result.error.fields).length > 0) {
      setFields(result.error.fields);
    } else {
      setFailure(result.error);
    }
  }

  async function withdraw(day: string) {
    setDone(null);
    setMoved([]);
    setFailure(null);
    const result = await removeDayOff(desa.code, day);
    if (result.ok) {
      setDone(t("daysOff.withdrawn", { date: formatDate(result.data.date, locale), count: result.data.deadlines_moved }));
      setMoved(result.data.moved);
      retry();
    } else {
      setFailure(result.error);
    }
  }

  const now = today();
  return (
    <section class="page" aria-labelledby="daysoff-title">
      <h1 id="daysoff-title">{t("daysOff.title", { desa: desa.name })}</h1>
      <p class="lead">{t("daysOff.intro")}</p>

      <form class="form" noValidate onSubmit={(event) => void declare(event)} aria-labelledby="daysoff-new">
        <h2 id="daysoff-new">{t("daysOff.new")}</h2>
        <TextField label={t("daysOff.date")} type="date" min={now} value={date} onValue={setDate} errors={fields["date"]} />
        <TextField
          label={t("daysOff.reason")}
          hint={t("daysOff.reasonHint")}
          maxLength={120}
          value={reason}
          onValue={setReason}
          errors={fields["reason"]}
        />
        <Button type="submit" pending={pending} pendingLabel={t("app.loading")}>
          {t("daysOff.declare")}
        </Button>
      </form>

      <ActionOutcome done={done} failure={failure && t(errorKey(failure.code))} />
      {moved.length > 0 ? (
        <ul class="moved-deadlines" aria-label={t("daysOff.movedList")}>
          {moved.map((deadline) => (
            <li key={deadline.tracking_code}>
              <Link href={routes.complaint(deadline.tracking_code)}>{deadline.tracking_code}</Link> {deadline.title}:{" "}
              {t("daysOff.movedFromTo", {
                before: formatDate(deadline.due_before, locale),
                after: formatDate(deadline.due_after, locale),
              })}
            </li>
          ))}
        </ul>
      ) : null}

      <h2 id="daysoff-list">{t("daysOff.listTitle", { year })}</h2>
      <div class="actions actions--row">
        <Button variant="secondary" onClick={() => setYear((y) => y - 1)}>
          {t("daysOff.yearBefore", { year: year - 1 })}
        </Button>
        <Button variant="secondary" onClick={() => setYear((y) => y + 1)}>
          {t("daysOff.yearAfter", { year: year + 1 })}
        </Button>
      </div>
      {list.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : list.kind === "failed" ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(list.error.code))}</p>
        </div>
      ) : list.data.results.length === 0 ? (
        <p>{t("daysOff.empty")}</p>
      ) : (
        <ul class="cards cards--list" aria-labelledby="daysoff-list">
          {list.data.results.map((day) => (
            <li class="card" key={day.date}>
              <p class="card__title">{formatDate(day.date, locale)}</p>
              <p class="card__meta">{day.reason}</p>
              {day.date >= now ? (
                <Button variant="secondary" onClick={() => void withdraw(day.date)}>
                  {t("daysOff.withdraw")}
                  <span class="visually-hidden"> {formatDate(day.date, locale)}</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
