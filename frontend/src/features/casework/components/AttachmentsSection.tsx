import { useEffect, useState } from "preact/hooks";
import { ErrorBox } from "../../../components/ErrorBox";
import { useStaffI18n } from "../../../i18n/staff";
import { formatDateTime } from "../../../lib/format";
import { useSubmit } from "../../../lib/useSubmit";
import { fetchAttachment, uploadEvidence, type Complaint, type Visibility } from "../api";
import { forUpload } from "../upload";
import { VisibilityPicker } from "./NoteForm";

/** Evidence the staff add to the case file: a photo (made small first) or a PDF. */
export function EvidenceUpload({ code, onDone }: { code: string; onDone: () => void }) {
  const { t } = useStaffI18n();
  const [visibility, setVisibility] = useState<Visibility>("staff");
  const [status, setStatus] = useState<"idle" | "busy" | "done">("idle");
  const { error, run, setError } = useSubmit();
  async function onFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    setStatus("busy");
    let blob: Blob;
    try {
      blob = await forUpload(file);
    } catch {
      setError({ status: 400, code: "unsupported_media_type", fields: {} });
      setStatus("idle");
      return;
    }
    const result = await run(() => uploadEvidence(code, blob, visibility));
    setStatus(result ? "done" : "idle");
    if (result) onDone();
  }
  return (
    <div class="panel">
      <h2>{t("evidence.title")}</h2>
      <ErrorBox error={error} />
      <VisibilityPicker value={visibility} onValue={setVisibility} name="evidence-visibility" />
      <label class="button button--secondary file-button">
        {status === "busy" ? t("evidence.uploading") : t("evidence.add")}
        <input
          type="file"
          class="visually-hidden"
          accept="image/*,application/pdf"
          disabled={status === "busy"}
          onChange={(event) => void onFile(event)}
        />
      </label>
      {status === "done" ? <p role="status">{t("evidence.done")}</p> : null}
    </div>
  );
}

/** The complaint's files: photos shown, voice notes played, anything else described. */
export function Attachments({ complaint }: { complaint: Complaint }) {
  const { locale, t } = useStaffI18n();
  const [urls, setUrls] = useState<Record<string, string>>({});
  useEffect(() => {
    let current = true;
    const made: string[] = [];
    for (const a of complaint.attachments) {
      // Photos are shown and voice notes played (staff only: the server sends them to
      // staff alone); anything else is described.
      if (!a.content_type.startsWith("image/") && !a.content_type.startsWith("audio/")) continue;
      void fetchAttachment(complaint.tracking_code, a.token).then((r) => {
        if (!current || !r.ok) return;
        const url = URL.createObjectURL(r.data);
        made.push(url);
        setUrls((prev) => ({ ...prev, [a.token]: url }));
      });
    }
    return () => {
      current = false;
      made.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [complaint.tracking_code, complaint.attachments.length]);

  if (complaint.attachments.length === 0) return null;
  return (
    <>
      <h2>{t("complaint.attachments")}</h2>
      <ul class="attachments">
        {complaint.attachments.map((a, index) => (
          <li key={a.token}>
            {urls[a.token] && a.content_type.startsWith("audio/") ? (
              <audio controls preload="metadata" src={urls[a.token]} aria-label={t("complaint.voiceNote", { n: index + 1 })} />
            ) : urls[a.token] ? (
              <img src={urls[a.token]} alt={t("complaint.attachmentAlt", { n: index + 1 })} class="attachments__img" />
            ) : (
              <p>{t("complaint.attachmentFile", { type: a.content_type, kb: Math.round(a.size / 1024) })}</p>
            )}
            <p class="field__hint">
              {formatDateTime(a.at, locale)} · {t(`visibility.${a.visibility ?? "staff"}`)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
