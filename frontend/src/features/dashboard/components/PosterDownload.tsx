import { useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { saveBlob } from "../../../lib/download";
import { fetchPoster } from "../api";

/** The desa's A4 poster of its complaint channels (office staff). */
export function PosterDownload({ desa }: { desa: string }) {
  const { t } = useStaffI18n();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  async function download() {
    if (pending) return;
    setPending(true);
    setError(null);
    const result = await fetchPoster(desa);
    setPending(false);
    if (result.ok) saveBlob(result.data, `poster-pengaduan-${desa}.pdf`);
    else setError(result.error);
  }
  return (
    <div class="panel">
      <p class="hint">{t("poster.hint")}</p>
      <Button variant="secondary" pending={pending} pendingLabel={t("app.loading")} onClick={() => void download()} data-testid="poster-download">
        {t("poster.download")}
      </Button>
      {error ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(error.code))}</p>
        </div>
      ) : null}
    </div>
  );
}
