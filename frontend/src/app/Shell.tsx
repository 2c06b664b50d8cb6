import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useI18n, type MessageKey } from "../i18n/index";
import { LanguageSwitch } from "./LanguageSwitch";
import { Link } from "./router";

export interface ShellProps {
  path: string;
  titleKey: MessageKey;
  children: ComponentChildren;
}

export function Shell({ path, titleKey, children }: ShellProps) {
  const { locale, t } = useI18n();
  const main = useRef<HTMLElement>(null);
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
          <Link class="site-header__name" href="/">
            {t("app.name")}
          </Link>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" class="site-main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}
