import { useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { saveBlob } from "../../../lib/download";
import { fetchReceipt, PAPERS, type Paper } from "../api";

/**
 * One button per paper: A6, A5 and the 58 mm roll of a Bluetooth thermal printer. With
 * `pin` (only right after recording) the receipt carries it; without, it is a reprint.
 */
export function ReceiptButtons({ code, pin, label }: { code: string; pin?: string; label: "walkIn.printReceipt" | "receipt.reprint" }) {
  const { t } = useStaffI18n();
  const [busy, setBusy] = useState<Paper | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  async function print(paper: Paper) {
    if (busy) return;
    setBusy(paper);
    setError(null);
    const result = await fetchReceipt(code, paper, pin);
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    saveBlob(result.data, `tanda-terima-${code}-${paper}.pdf`);
    setDone(true);
  }
  return (
    <div>
      <div class="actions actions--row">
        {PAPERS.map((paper) => (
          <Button key={paper} variant="secondary" pending={busy === paper} onClick={() => void print(paper)} data-testid={`receipt-${paper}`}>
            {t(label, { paper: t(`paper.${paper}`) })}
          </Button>
        ))}
      </div>
      {done ? <p role="status">{t("walkIn.receiptReady")}</p> : null}
      {error ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(error.code))}</p>
        </div>
      ) : null}
    </div>
  );
}
