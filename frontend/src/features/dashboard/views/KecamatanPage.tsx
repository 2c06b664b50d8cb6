import { Button } from "../../../components/Button";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useLoad } from "../../../lib/useLoad";
import { listDesaOf } from "../api";

/** The kecamatan operator's home: the desa it oversees, with what it may open today. */
export default function KecamatanPage({ kecamatan }: { kecamatan: { code: string; name: string } }) {
  const { t } = useStaffI18n();

  const { state, retry } = useLoad(() => listDesaOf(kecamatan.code), [kecamatan.code], { blank: true });

  return (
    <section class="page" aria-labelledby="kecamatan-title">
      <h1 id="kecamatan-title">{t("kecamatan.title", { name: kecamatan.name })}</h1>
      <p>{t("kecamatan.intro")}</p>
      {state.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : state.kind === "failed" ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(state.error.code))}</p>
          <Button variant="secondary" onClick={retry}>
            {t("app.retry")}
          </Button>
        </div>
      ) : state.data.results.length === 0 ? (
        <p>{t("kecamatan.empty")}</p>
      ) : (
        <ul class="cards cards--list" aria-labelledby="kecamatan-title">
          {state.data.results.map((desa) => (
            <li class="card" key={desa.code}>
              <p class="card__title">{t("region.desa", { name: desa.name })}</p>
              <p class="card__meta">{t("kecamatan.code", { code: desa.code })}</p>
              <p class="card__meta">
                <Link href={routes.desa(desa.code)}>{t("kecamatan.page")}</Link>
              </p>
              <p class="card__meta">
                <Link href={routes.kecamatanRegister(desa.code)}>{t("kecamatan.register")}</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
