import { useEffect, useState } from "preact/hooks";
import { useStaffI18n } from "../../../i18n/staff";
import { formatDateTime } from "../../../lib/format";
import { fetchChannelHealth, type ChannelHealth } from "../api";

/** WhatsApp and e-mail intake of the desa at a glance: last received, and what went wrong. */
export function ChannelHealthCard({ desa }: { desa: string }) {
  const { locale, t } = useStaffI18n();
  const [rows, setRows] = useState<ChannelHealth[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    void fetchChannelHealth(desa).then((r) => (r.ok ? setRows(r.data) : setFailed(true)));
  }, [desa]);

  return (
    <section class="card" aria-labelledby="channel-health-title">
      <h2 id="channel-health-title">{t("channelHealth.title")}</h2>
      {failed ? <p role="alert">{t("errors.generic")}</p> : null}
      {rows === null && !failed ? <p role="status">{t("app.loading")}</p> : null}
      {rows ? (
        <ul class="facts">
          {rows.map((row) => (
            <li key={row.channel}>
              <strong>{t(`drafts.channel.${row.channel}`)}</strong>:{" "}
              {!row.configured
                ? t("channelHealth.notConfigured")
                : row.last_received_at
                  ? t("channelHealth.lastReceived", { when: formatDateTime(row.last_received_at, locale) })
                  : t("channelHealth.nothingYet")}
              {row.configured && row.quiet ? <span class="badge badge--overdue"> {t("channelHealth.quiet")}</span> : null}
              {row.last_error ? (
                <p role="alert" class="field__error">
                  {t("channelHealth.lastError", { when: row.last_error_at ? formatDateTime(row.last_error_at, locale) : "—", error: row.last_error })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
