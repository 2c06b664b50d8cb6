import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { fetchDesaEmblem, removeDesaEmblem, uploadDesaEmblem, type DesaEmblem } from "../api";

/**
 * The village head sets the emblem (lambang) the desa's pages show in their header: a PNG,
 * JPEG or WebP image, checked and made small by the server. `onChanged` lets the app forget
 * what it has kept of the desa's page, so the header shows the new emblem at once.
 */
export function EmblemEditor({ desa, onChanged }: { desa: string; onChanged?: (() => void) | undefined }) {
  const { t } = useStaffI18n();
  const [current, setCurrent] = useState<DesaEmblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [saved, setSaved] = useState("");

  useEffect(() => {
    void fetchDesaEmblem(desa).then((r) => (r.ok ? setCurrent(r.data) : setError(r.error)));
  }, [desa]);

  async function change(run: () => ReturnType<typeof removeDesaEmblem>, done: string) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved("");
    const result = await run();
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setCurrent(result.data);
    setSaved(done);
    onChanged?.();
  }

  function onFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ""; // the same file again is a new choice
    if (file) void change(() => uploadDesaEmblem(desa, file), t("emblem.saved"));
  }

  const emblem = current?.emblem ?? null;
  const problems = error ? (error.fields["emblem"] ?? [t(errorKey(error.code))]) : [];
  return (
    <section class="panel" aria-labelledby="emblem-title">
      <h2 id="emblem-title">{t("emblem.title")}</h2>
      <p class="field__hint">{t("emblem.hint")}</p>
      <div class="emblem-editor">
        {emblem ? (
          <picture>
            <source type="image/webp" srcset={`${emblem.webp_64} 1x, ${emblem.webp_128} 2x`} />
            <img class="emblem-editor__image" src={emblem.png_64} srcset={`${emblem.png_64} 1x, ${emblem.png_128} 2x`} width={64} height={64} alt={t("emblem.current")} />
          </picture>
        ) : null}
        <p role="status">
          {current === null ? t("app.loading") : current.own ? t("emblem.own") : emblem ? t("emblem.kabupaten") : t("emblem.none")}
        </p>
      </div>
      {problems.length > 0 ? (
        <div class="alert alert--error" role="alert">
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      ) : null}
      {saved ? (
        <p class="alert alert--info" role="status">
          {saved}
        </p>
      ) : null}
      <div class="actions actions--row">
        <label class="button button--secondary file-button">
          {busy ? t("emblem.uploading") : t("emblem.choose")}
          <input type="file" class="visually-hidden" accept="image/png,image/jpeg,image/webp" disabled={busy} onChange={onFile} />
        </label>
        {current?.own ? (
          <Button variant="danger" disabled={busy} onClick={() => void change(() => removeDesaEmblem(desa), t("emblem.removed"))}>
            {t("emblem.remove")}
          </Button>
        ) : null}
      </div>
    </section>
  );
}
