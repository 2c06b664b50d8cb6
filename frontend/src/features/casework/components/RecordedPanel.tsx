import { useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { Link } from "../../../lib/router";
import { sendPin, type Submitted } from "../api";
import { ReceiptButtons } from "./ReceiptButtons";

export interface RecordedPanelProps {
  submitted: Submitted;
  /** The reporter gave a number (WhatsApp) / an e-mail address. */
  reporterPhone: boolean;
  reporterEmail: boolean;
  complaintHref: string;
  onAnother: () => void;
}

/**
 * What the officer hands the reporter after recording: the tracking code and the PIN, shown
 * this once (only the PIN's hash is kept), the receipt to print, and the code and PIN sent
 * to the reporter's WhatsApp or e-mail.
 */
export function RecordedPanel({ submitted, reporterPhone, reporterEmail, complaintHref, onAnother }: RecordedPanelProps) {
  const { t } = useStaffI18n();
  const [sending, setSending] = useState<"whatsapp" | "email" | null>(null);
  const [sent, setSent] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<ApiFailure | null>(null);
  const code = submitted.tracking_code;
  const register = submitted.complaint.register_number;

  async function send(channel: "whatsapp" | "email") {
    if (sending) return;
    setSending(channel);
    setError(null);
    const result = await sendPin(code, submitted.pin, [channel]);
    setSending(null);
    if (result.ok) setSent(new Set([...sent, channel]));
    else setError(result.error);
  }

  return (
    <section class="page" aria-labelledby="recorded-title">
      <h1 id="recorded-title">{t("walkIn.doneTitle")}</h1>
      <div class="alert alert--warning" role="status">
        <p>{t("walkIn.giveToReporter")}</p>
      </div>
      <dl class="facts facts--grid recorded" data-testid="recorded">
        <div>
          <dt>{t("walkIn.code")}</dt>
          <dd class="recorded__secret" data-testid="recorded-code">
            {code}
          </dd>
        </div>
        <div>
          <dt>{t("walkIn.pin")}</dt>
          <dd class="recorded__secret" data-testid="recorded-pin">
            {submitted.pin}
          </dd>
        </div>
        {register ? (
          <div>
            <dt>{t("walkIn.register")}</dt>
            <dd>{register}</dd>
          </div>
        ) : null}
      </dl>

      <ReceiptButtons code={code} pin={submitted.pin} label="walkIn.printReceipt" />

      {reporterPhone || reporterEmail ? (
        <div class="actions actions--row">
          {reporterPhone ? (
            <Button variant="secondary" pending={sending === "whatsapp"} disabled={sent.has("whatsapp")} onClick={() => void send("whatsapp")}>
              {t("walkIn.sendWhatsapp")}
            </Button>
          ) : null}
          {reporterEmail ? (
            <Button variant="secondary" pending={sending === "email"} disabled={sent.has("email")} onClick={() => void send("email")}>
              {t("walkIn.sendEmail")}
            </Button>
          ) : null}
        </div>
      ) : null}
      {sent.size > 0 ? <p role="status">{t("walkIn.sent")}</p> : null}
      {error ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(error.code))}</p>
        </div>
      ) : null}

      <div class="actions actions--row">
        <Link class="button button--primary" href={complaintHref}>
          {t("walkIn.open")}
        </Link>
        <Button variant="secondary" onClick={onAnother}>
          {t("walkIn.another")}
        </Button>
      </div>
    </section>
  );
}
