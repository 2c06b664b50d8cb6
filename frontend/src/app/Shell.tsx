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
          {desaCode ? (
            <Link class="site-header__name site-header__name--desa" href={routes.desa(desaCode)}>
              <DesaHeading code={desaCode} appName={t("app.name")} />
            </Link>
          ) : (
            <Link class="site-header__name" href="/">
              {t("app.name")}
            </Link>
          )}
          {loggedIn ? (
            <nav class="site-nav" aria-label={t("nav.label")}>
              <Link
                href={work}
                aria-current={path === work || (path.startsWith(routes.inbox) && work.startsWith(routes.inbox)) ? "page" : undefined}
              >
                {workspace?.kind === "resident" ? (
                  // On a phone the short label keeps the header to two lines (name; menu and
                  // language); the link's name stays the whole label.
                  <>
                    <span class="site-nav__long">{t("me.myComplaints")}</span>
                    <span class="site-nav__short" aria-hidden="true">
                      {t("nav.mineShort")}
                    </span>
                  </>
                ) : (
                  t("nav.staff")
                )}
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
          <p>{desaCode ? <DesaRunBy code={desaCode} /> : t("footer.runBy")}</p>
          <p class="site-footer__links">
            <Link href={routes.privacy}>{t("footer.privacy")}</Link>
            {desaCode ? <Link href={`${routes.desa(desaCode)}#kontak`}>{t("footer.contact")}</Link> : null}
          </p>
        </div>
      </footer>
    </>
  );
}

/** Who runs the service, by name on a desa's pages (the generic line until the desa is known). */
function DesaRunBy({ code }: { code: string }) {
  const { t } = useI18n();
  const region = useRegion(code);
  return <>{region.kind === "loaded" ? t("footer.runByDesa", { desa: region.data.name }) : t("footer.runBy")}</>;
}

/**
 * The desa's emblem (or its kabupaten's) and its name on a line of its own under the
 * service's name. Both keep their place while they load, so the header never grows or moves
 * under a resident's finger (a weak signal brings them late): the emblem's box has a fixed
 * size from the first paint and is dropped only when the desa turns out to have none.
 */
function DesaHeading({ code, appName }: { code: string; appName: string }) {
  const region = useRegion(code);
  const emblem = region.kind === "loaded" ? region.data.emblem : undefined;
  return (
    <>
      {emblem === null ? null : (
        <span class="site-header__emblem">
          {emblem ? (
            <picture>
              <source type="image/webp" srcset={`${emblem.webp_64} 1x, ${emblem.webp_128} 2x`} />
              <img src={emblem.png_64} srcset={`${emblem.png_64} 1x, ${emblem.png_128} 2x`} width={40} height={40} alt="" decoding="async" />
            </picture>
          ) : null}
        </span>
      )}
      <span class="site-header__titles">
        {appName}{" "}
        <span class="site-header__desa">{region.kind === "loaded" ? region.data.name : "\u00a0"}</span>
      </span>
    </>
  );
}
