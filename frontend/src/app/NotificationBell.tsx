import { useEffect } from "preact/hooks";
import { useI18n } from "../i18n/index";
import { Link } from "../lib/router";
import { routes } from "../lib/routes";
import { useStore } from "../lib/store";
import { refreshUnread, unreadStore } from "../lib/unread";

// Reminders and escalations arrive while a desk stays open all day.
const POLL_MS = 60_000;

/** The header's bell: unread in-app notices, a link to the notification centre. */
export function NotificationBell({ path }: { path: string }) {
  const { t } = useI18n();
  const unread = useStore(unreadStore);

  // Asked once, then on a timer and when the tab is looked at again; not on every move
  // between pages, which changes no notice (reading one asks again, from the notification
  // centre). A request per move was work on every page's arrival, the staff inbox's included.
  useEffect(() => {
    void refreshUnread();
    const onVisible = () => {
      if (document.visibilityState === "visible") void refreshUnread();
    };
    const timer = window.setInterval(onVisible, POLL_MS);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, []);

  const count = unread ?? 0;
  return (
    <Link
      class="bell"
      href={routes.notifications}
      aria-current={path === routes.notifications ? "page" : undefined}
      aria-label={count > 0 ? t("bell.unread", { count }) : t("bell.label")}
    >
      <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {count > 0 ? (
        <span class="bell__count" aria-hidden="true">
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </Link>
  );
}
