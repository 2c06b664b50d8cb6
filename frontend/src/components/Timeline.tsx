import type { components } from "../api/schema";
import { useI18n } from "../i18n/index";
import { formatDateTime } from "../lib/format";

type Entry = components["schemas"]["TimelineEntryOut"];

export interface TimelineProps {
  entries: readonly Entry[];
  /** Residents read each state in plain words; staff read the label, who, and visibility. */
  audience: "resident" | "staff";
}

/** The history of one complaint, oldest first. */
export function Timeline({ entries, audience }: TimelineProps) {
  const { locale, t } = useI18n();
  return (
    <ol class="timeline">
      {entries.map((entry, index) => {
        let headline: string;
        if (entry.type === "note") {
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
            {entry.note ? <p class="timeline__note">{entry.note}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
