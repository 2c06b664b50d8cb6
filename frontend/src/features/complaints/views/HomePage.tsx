import { useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/TextField";
import { errorKey, useI18n } from "../../../i18n/index";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { searchDesa, type DesaFound } from "../api";
import { lastDesa } from "../lastDesa";

// One letter matches half the country's desa; two already narrow it to a readable list.
const MIN_TERM = 2;

type Search =
  | { kind: "idle" }
  | { kind: "searching" }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "found"; term: string; page: DesaFound };

/**
 * The app's front door for a resident without a desa's link (a poster's QR code, a shared
 * message): find the desa by name, or follow a complaint already sent.
 */
export default function HomePage() {
  const { t } = useI18n();
  const [term, setTerm] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const [search, setSearch] = useState<Search>({ kind: "idle" });
  const latest = useRef(0);
  const [own] = useState(lastDesa);

  async function find(event: SubmitEvent) {
    event.preventDefault();
    const wanted = term.trim();
    if (wanted.length < MIN_TERM) {
      setTooShort(true);
      return;
    }
    setTooShort(false);
    // A later search overtakes an earlier one still on its way over a slow signal.
    const ticket = ++latest.current;
    setSearch({ kind: "searching" });
    const result = await searchDesa(wanted);
    if (ticket !== latest.current) return;
    setSearch(result.ok ? { kind: "found", term: wanted, page: result.data } : { kind: "failed", error: result.error });
  }

  return (
    <section class="page home" aria-labelledby="home-title">
      <h1 id="home-title">{t("home.title")}</h1>
      <p class="lead">{t("home.intro")}</p>

      {own ? (
        <div class="card home__own">
          <h2 class="card__title" id="home-own">
            {t("home.desa", { desa: own.name })}
          </h2>
          <div class="cta">
            <Link class="button button--primary button--large" href={routes.submit(own.code)}>
              {t("landing.submit")}
            </Link>
            <Link href={routes.desa(own.code)}>{t("home.ownPage", { desa: own.name })}</Link>
          </div>
        </div>
      ) : null}

      <form class="form home__search" role="search" noValidate onSubmit={(event) => void find(event)}>
        <TextField
          label={t(own ? "home.searchOther" : "home.searchLabel")}
          hint={t("home.searchHint")}
          name="desa"
          type="search"
          autocomplete="off"
          enterKeyHint="search"
          value={term}
          onValue={setTerm}
          errors={tooShort ? [t("home.searchTooShort", { count: MIN_TERM })] : undefined}
        />
        {/* Never disabled while a search runs: a corrected name must not wait for a slow answer. */}
        <Button type="submit" variant="secondary">
          {t("home.searchSubmit")}
        </Button>
      </form>

      <div aria-live="polite">
        {search.kind === "searching" ? <p>{t("home.searching")}</p> : null}
        {search.kind === "failed" ? (
          <div class="alert alert--error" role="alert">
            <p>{t(search.error.status === 0 ? "errors.network" : errorKey(search.error.code))}</p>
          </div>
        ) : null}
        {search.kind === "found" && search.page.results.length === 0 ? (
          <p>{t("home.noDesa", { term: search.term })}</p>
        ) : null}
        {search.kind === "found" && search.page.results.length > 0 ? (
          <>
            <h2 id="home-found">{t("home.found", { count: search.page.count })}</h2>
            <ul class="cards cards--list" aria-labelledby="home-found">
              {search.page.results.map((desa) => (
                <li class="card" key={desa.code}>
                  <Link class="card__title" href={routes.desa(desa.code)}>
                    {t("home.desa", { desa: desa.name })}
                  </Link>
                  {desa.parent ? <p class="card__meta">{t("region.kecamatan", { name: desa.parent.name })}</p> : null}
                </li>
              ))}
            </ul>
            {search.page.count > search.page.results.length ? <p>{t("home.more")}</p> : null}
          </>
        ) : null}
      </div>

      <h2>{t("home.trackTitle")}</h2>
      <p>{t("home.trackBody")}</p>
      <p>
        <Link class="button button--secondary" href={routes.track}>
          {t("landing.track")}
        </Link>
      </p>

      <h2>{t("home.accountTitle")}</h2>
      <p>{t("home.accountBody")}</p>
      <div class="actions actions--row">
        <Link class="button button--secondary" href={routes.login}>
          {t("login.submit")}
        </Link>
        <Link class="button button--secondary" href={routes.signup}>
          {t("signup.title")}
        </Link>
      </div>
    </section>
  );
}
