import type { components } from "../api/schema";
import { useI18n } from "../i18n/index";
import { formatDateTime } from "../lib/format";

type Entry = components["schemas"]["TimelineEntryOut"];
type Assignment = components["schemas"]["TimelineAssignmentOut"];

/** Where a (re)assignment went: positions for everyone, names only in staff views. */
function AssignmentLine({ assignment: a }: { assignment: Assignment }) {
  const { t } = useI18n();
  const to = a.to_person ? `${a.to_position_label} (${a.to_person})` : a.to_position_label;
  const from = a.from_person ? `${a.from_position_label} (${a.from_person})` : a.from_position_label;
  return (
    <>
      <p class="timeline__assignment">
        {a.from_position ? t("timeline.reassignedFromTo", { from, to }) : t("timeline.assignedTo", { to })}
      </p>
      {a.rerouted_from ? <p class="timeline__assignment">{t("timeline.rerouted", { position: a.rerouted_from_label })}</p> : null}
    </>
  );
}

export interface TimelineProps {
  entries: readonly Entry[];
  /** Residents read each state in plain words; staff read the label, who, and visibility. */
  audience: "resident" | "staff";
  /** When the complaint was sent: the first line, "Diajukan", before any move. */
  submittedAt?: string | undefined;
}

/** The history of one complaint, oldest first. */
export function Timeline({ entries, audience, submittedAt }: TimelineProps) {
  const { locale, t } = useI18n();
  return (
    <ol class="timeline">
      {submittedAt ? (
        <li class="timeline__item">
          <p class="timeline__when">
            <time dateTime={submittedAt}>{formatDateTime(submittedAt, locale)}</time>
          </p>
          <p class="timeline__what">{t("timeline.submitted")}</p>
        </li>
      ) : null}
      {entries.map((entry, index) => {
        let headline: string;
        if (entry.action === "prioritise") {
          headline = t("timeline.prioritised");
        } else if (entry.type === "note") {
          headline = audience === "resident" ? t("timeline.note") : t("timeline.noteStaff");
        } else if (entry.to_status) {
          headline =
            audience === "resident"
              ? t(`timeline.${entry.to_status}`)
              : (entry.to_status_label ?? entry.to_status);
        } else {
          headline = t("timeline.note");
        }
        return (
          <li class="timeline__item" key={`${entry.at}-${index}`}>
            <p class="timeline__when">
              <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>
              {audience === "staff" && entry.actor_name ? ` · ${entry.actor_name}` : null}
              {audience === "staff" && entry.visibility === "staff" ? (
                <span class="badge badge--muted">{t("timeline.internal")}</span>
              ) : null}
            </p>
            <p class="timeline__what">{headline}</p>
            {entry.assignment ? <AssignmentLine assignment={entry.assignment} /> : null}
            {entry.on_behalf_via_label ? (
              <p class="timeline__assignment">{t("timeline.onBehalf", { via: entry.on_behalf_via_label })}</p>
            ) : null}
            {entry.published_to ? (
              <p class="timeline__assignment">{t("timeline.publishedTo", { where: entry.published_to })}</p>
            ) : null}
            {entry.note ? <p class="timeline__note">{entry.note}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
