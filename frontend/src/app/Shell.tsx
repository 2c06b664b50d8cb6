import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { tokenStore } from "../api/tokens";
import { useI18n, type MessageKey } from "../i18n/index";
import { useRegion } from "../features/complaints/desa";
import { Link, matchPath } from "../lib/router";
import { routes } from "../lib/routes";
import { useStore } from "../lib/store";
import { activeWorkspace, homeOf, workspaceStore } from "../lib/workspace";
import { LanguageSwitch } from "./LanguageSwitch";
import { NotificationBell } from "./NotificationBell";

export interface ShellProps {
  path: string;
  titleKey: MessageKey;
  children: ComponentChildren;
}

export function Shell({ path, titleKey, children }: ShellProps) {
  const { locale, t } = useI18n();
  const loggedIn = useStore(tokenStore) !== null;
  // "Pengaduan" leads to where the user's work is (before /me/ was read: the start page).
  const workspace = activeWorkspace(useStore(workspaceStore));
  const work = workspace ? homeOf(workspace) : routes.start;
  const main = useRef<HTMLElement>(null);
  // On a desa's pages the header and footer name the desa (shared with the page's own
  // request for it: no second fetch).
  const desaCode = matchPath("/d/:desa", path)?.["desa"] ?? matchPath("/d/:desa/:page", path)?.["desa"] ?? null;
  const previousPath = useRef(path);

  useEffect(() => {
    document.title = t("app.pageTitle", { page: t(titleKey) });
  }, [locale, titleKey]);

  // After client-side navigation, move focus to the new content as a page load would.
  useEffect(() => {
    if (path === previousPath.current) return;
    previousPath.current = path;
    main.current?.focus();
  }, [path]);

  return (
    <>
      <a class="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header class="site-header">
        <div class="site-header__inner">
          <Link class={desaCode ? "site-header__name site-header__name--desa" : "site-header__name"} href={desaCode ? routes.desa(desaCode) : "/"}>
            {t("app.name")}
            {desaCode ? <DesaName code={desaCode} /> : null}
          </Link>
          {loggedIn ? (
            <nav class="site-nav" aria-label={t("nav.label")}>
              <Link
                href={work}
                aria-current={path === work || (path.startsWith(routes.inbox) && work.startsWith(routes.inbox)) ? "page" : undefined}
              >
                {t(workspace?.kind === "resident" ? "me.myComplaints" : "nav.staff")}
              </Link>
              <Link href={routes.me} aria-current={path === routes.me ? "page" : undefined}>
                {t("nav.account")}
              </Link>
              <NotificationBell path={path} />
            </nav>
          ) : null}
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" class="site-main" tabIndex={-1} ref={main}>
        {children}
      </main>
      <footer class="site-footer">
        <div class="site-footer__inner">
          <p>{t("footer.runBy")}</p>
          <p class="site-footer__links">
            <Link href={routes.privacy}>{t("footer.privacy")}</Link>
            {desaCode ? <Link href={`${routes.desa(desaCode)}#kontak`}>{t("footer.contact")}</Link> : null}
          </p>
        </div>
      </footer>
    </>
  );
}

/**
 * The desa's name on a line of its own under the service's name, kept while it loads, so the
 * header never grows under a resident's finger (a weak signal brings the name late).
 */
function DesaName({ code }: { code: string }) {
  const region = useRegion(code);
  return (
    <>
      {" "}
      <span class="site-header__desa">{region.kind === "loaded" ? region.data.name : "\u00a0"}</span>
    </>
  );
}
