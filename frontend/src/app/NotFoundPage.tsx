import { useI18n } from "../i18n/index";
import { Link } from "../lib/router";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section class="page" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <p>
        <Link href="/">{t("notFound.home")}</Link>
      </p>
    </section>
  );
}
