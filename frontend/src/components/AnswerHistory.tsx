import type { components } from "../api/schema";
import { useI18n } from "../i18n/index";
import { formatDateTime } from "../lib/format";
import { FileList } from "./FileList";

type Answer = components["schemas"]["AnswerOut"];
type Entry = components["schemas"]["TimelineEntryOut"];
type PublicFile = components["schemas"]["PublicFileOut"];

/** The files of the answer standing now (the last one delivered). */
export function currentAnswerFiles(answers: readonly Answer[]): readonly PublicFile[] {
  return answers[answers.length - 1]?.attachments ?? [];
}

export interface AnswerHistoryProps {
  answers: readonly Answer[];
  timeline: readonly Entry[];
  /** The reporter reads "your objection"; staff read "the reporter's objection". */
  audience: "resident" | "staff";
}

/**
 * Every answer delivered and every objection between them, oldest first: "Jawaban ke-1 …
 * Keberatan Anda … Jawaban ke-2". Shown once there is more than the answer standing now.
 */
export function AnswerHistory({ answers, timeline, audience }: AnswerHistoryProps) {
  const { locale, t } = useI18n();
  const objections = timeline.filter((entry) => entry.action === "object");
  if (answers.length === 0 || (answers.length === 1 && objections.length === 0)) return null;
  const items = [
    ...answers.map((answer, index) => ({
      at: answer.at,
      title: t("answers.nth", { n: index + 1 }),
      who: answer.by ? `${answer.position_label} (${answer.by})` : answer.position_label,
      text: answer.text,
      files: answer.attachments,
    })),
    ...objections.map((entry) => ({
      at: entry.at,
      title: audience === "resident" ? t("answers.yourObjection") : t("answers.objection"),
      who: "",
      text: entry.note,
      files: [] as readonly PublicFile[],
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section class="answer-history" aria-labelledby="answer-history-title">
      <h2 id="answer-history-title">{t("answers.title")}</h2>
      <ol class="timeline">
        {items.map((item, index) => (
          <li class="timeline__item" key={`${item.at}-${index}`}>
            <p class="timeline__when">
              <time dateTime={item.at}>{formatDateTime(item.at, locale)}</time>
              {item.who ? ` · ${item.who}` : null}
            </p>
            <p class="timeline__what">{item.title}</p>
            {item.text ? <p class="timeline__note">{item.text}</p> : null}
            <FileList files={item.files} label={t("answers.files")} />
          </li>
        ))}
      </ol>
    </section>
  );
}
