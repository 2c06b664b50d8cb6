import type { components } from "../api/schema";
import { useI18n } from "../i18n/index";

type PublicFile = components["schemas"]["PublicFileOut"];

/**
 * Files the reporter may read: a photo as its small thumbnail (a few KB on a weak signal)
 * opening the full photo, a PDF as a link. The links are signed by the server and expire
 * within 20 minutes, so they come fresh with each reading of the complaint.
 */
export function FileList({ files, label }: { files: readonly PublicFile[]; label: string }) {
  const { t } = useI18n();
  if (files.length === 0) return null;
  return (
    <ul class="files" aria-label={label}>
      {files.map((file, index) => (
        <li key={file.token} class="files__item">
          <a href={file.url} target="_blank" rel="noopener noreferrer">
            {file.thumbnail_url ? (
              <img
                class="files__thumb"
                src={file.thumbnail_url}
                alt={t("files.photo", { n: index + 1 })}
                loading="lazy"
                width={160}
              />
            ) : (
              t("files.document", { n: index + 1, kb: Math.max(1, Math.round(file.size / 1024)) })
            )}
          </a>
        </li>
      ))}
    </ul>
  );
}
