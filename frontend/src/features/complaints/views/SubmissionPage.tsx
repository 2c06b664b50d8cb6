import { useEffect, useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { LoadingPage } from "../../../components/PageStatus";
import { errorKey, useI18n } from "../../../i18n/index";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useStore } from "../../../lib/store";
import { outbox, startOutbox } from "../outbox";

export interface SubmissionPageProps {
  id: string;
}

/**
 * One submission from this phone: "menunggu sinyal" while it sits in the outbox, then the
 * tracking code, big, with copy and WhatsApp share buttons, and the PIN apart with its warning.
 * The PIN never goes into what is copied or shared: whoever holds code and PIN reads the
 * complaint and answers for the reporter. It is "shown once" by the server only — this phone
 * keeps it with the item, so the warning says where it can be seen again.
 */
export default function SubmissionPage({ id }: SubmissionPageProps) {
  const { t } = useI18n();
  const box = outbox();
  const items = useStore(box.items);
  const [loaded, setLoaded] = useState(false);
  const [copied, setCopied] = useState(false);
  const [online, setOnline] = useState(navigator.onLine);

  useEffect(() => {
    startOutbox();
    void box.load().then(() => setLoaded(true));
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);

  const item = items.find((i) => i.id === id);
  if (!item) {
    if (!loaded) {
      return (
        <LoadingPage label={t("app.loading")} />
      );
    }
    return (
      <section class="page" aria-labelledby="submission-title">
        <h1 id="submission-title">{t("submission.unknownTitle")}</h1>
        <p>{t("submission.unknownBody")}</p>
        <p>
          <Link href={routes.track}>{t("landing.track")}</Link>
        </p>
      </section>
    );
  }

  if (item.state === "waiting") {
    return (
      <section class="page" aria-labelledby="submission-title">
        <h1 id="submission-title">{t("submission.waitingTitle")}</h1>
        <div class="alert alert--info" role="status">
          <p>{t("submission.waitingBody")}</p>
          <p>{online ? t("submission.waitingOnline") : t("submission.waitingOffline")}</p>
        </div>
        <p>{t("submission.waitingKeep")}</p>
        <Button variant="secondary" onClick={() => void box.flush()}>
          {t("submission.tryNow")}
        </Button>
      </section>
    );
  }

  if (item.state === "failed" || !item.trackingCode || !item.pin) {
    return (
      <section class="page" aria-labelledby="submission-title">
        <h1 id="submission-title">{t("submission.failedTitle")}</h1>
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(item.failure?.code))}</p>
          {Object.values(item.failure?.fields ?? {})
            .flat()
            .map((message) => (
              <p key={message}>{message}</p>
            ))}
        </div>
        <p>
          <Link class="button button--primary" href={routes.submit(item.body.desa)}>
            {t("submission.again")}
          </Link>
        </p>
        <Button variant="secondary" onClick={() => void box.remove(item.id)}>
          {t("submission.discard")}
        </Button>
      </section>
    );
  }

  const code = item.trackingCode;
  const pin = item.pin;
  const trackUrl = new URL(routes.trackCode(code), window.location.origin).toString();
  const shareText = t("submission.shareText", { code, url: trackUrl });

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <section class="page" aria-labelledby="submission-title">
      <h1 id="submission-title">{t("submission.sentTitle")}</h1>
      <p class="lead">{t("submission.sentBody")}</p>
      <dl class="secret">
        <div>
          <dt>{t("submission.code")}</dt>
          <dd class="secret__value" data-testid="tracking-code">
            {code}
          </dd>
        </div>
      </dl>
      <div class="actions actions--stack">
        <Button variant="secondary" onClick={() => void copy()}>
          {copied ? t("submission.copied") : t("submission.copy")}
        </Button>
        <a
          class="button button--secondary"
          href={`https://wa.me/?text=${encodeURIComponent(shareText)}`}
          target="_blank"
          rel="noopener noreferrer"
        >
          {t("submission.shareWhatsApp")}
        </a>
      </div>
      <div class="secret-pin" role="group" aria-labelledby="submission-pin">
        <dl class="secret">
          <div>
            <dt id="submission-pin">{t("submission.pin")}</dt>
            <dd class="secret__value" data-testid="tracking-pin">
              {pin}
            </dd>
          </div>
        </dl>
        <p class="alert alert--warning">{t("submission.pinWarning")}</p>
      </div>
      {item.photoState === "waiting" ? <p role="status">{t("submission.photoWaiting")}</p> : null}
      {item.photoState === "failed" ? <p role="alert">{t("submission.photoFailed")}</p> : null}
      <div class="actions actions--stack">
        <Link class="button button--primary" href={routes.trackCode(code)}>
          {t("submission.trackNow")}
        </Link>
      </div>
      <p role="status" class="visually-hidden" aria-live="polite">
        {copied ? t("submission.copied") : ""}
      </p>
    </section>
  );
}
