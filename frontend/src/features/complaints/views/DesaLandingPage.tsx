import { useEffect, useState } from "preact/hooks";
import { tokenStore } from "../../../api/tokens";
import { useI18n } from "../../../i18n/index";
import { formatPhone, whatsappLink } from "../../../lib/format";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useStore } from "../../../lib/store";
import { prefetchDesa, useRegion } from "../desa";
import { outbox, type OutboxItem } from "../outbox";
import { somethingWaits } from "../pending";

export interface DesaLandingPageProps {
  desa: string;
}

export default function DesaLandingPage({ desa }: DesaLandingPageProps) {
  const { t } = useI18n();
  const region = useRegion(desa);
  const loggedIn = useStore(tokenStore) !== null;
  const [items, setItems] = useState<readonly OutboxItem[]>([]);

  // The form needs the desa's categories too: fetched now, with a signal, and kept.
  useEffect(() => prefetchDesa(desa), [desa]);

  // What this phone still keeps for a signal; the outbox (and IndexedDB) only when its flag
  // says something waits, which spares every other visit that work.
  useEffect(() => {
    if (!somethingWaits()) return;
    let current = true;
    const box = outbox();
    const unsubscribe = box.items.subscribe(setItems);
    void box.load().then(() => current && setItems(box.items.get()));
    return () => {
      current = false;
      unsubscribe();
    };
  }, []);

  if (region.kind === "failed" && region.error.status === 404) {
    return (
      <section class="page" aria-labelledby="landing-title">
        <h1 id="landing-title">{t("landing.unknownDesa")}</h1>
        <p>{t("landing.unknownDesaBody", { code: desa })}</p>
      </section>
    );
  }

  const name = region.kind === "loaded" ? region.data.name : null;
  const kecamatan = region.kind === "loaded" ? region.data.parent?.name : undefined;
  const contact = region.kind === "loaded" ? region.data.contact : null;
  const waiting = items.filter((i) => i.body.desa === desa && i.state === "waiting");

  return (
    <section class="page landing" aria-labelledby="landing-title">
      <h1 id="landing-title">
        {name ? t("landing.title", { desa: name }) : t("landing.titleUnknown")}
      </h1>
      {/* Always rendered, one line high before the region arrives: nothing below it shifts (CLS). */}
      <p class="landing__where">{kecamatan ? t("region.kecamatan", { name: kecamatan }) : "\u00a0"}</p>
      <p class="lead">{t("landing.intro")}</p>

      {waiting.map((item) => (
        <div class="alert alert--info" role="status" key={item.id}>
          <p>{t("landing.waitingItem", { title: item.body.title })}</p>
          <Link href={routes.submission(item.id)}>{t("landing.waitingLink")}</Link>
        </div>
      ))}

      <div class="cta">
        <Link class="button button--primary button--large" href={routes.submit(desa)}>
          {t("landing.submit")}
        </Link>
        <Link class="button button--secondary button--large" href={routes.track}>
          {t("landing.track")}
        </Link>
      </div>
      <p>
        <Link href={routes.transparency(desa)}>{t("landing.transparency")}</Link>
      </p>
      {loggedIn ? (
        <p>
          <Link href={routes.myComplaints}>{t("me.myComplaints")}</Link>
        </p>
      ) : (
        <p>
          {t("landing.account")} <Link href={routes.signupIn(desa)}>{t("landing.signup")}</Link>
          {" · "}
          <Link href={routes.login}>{t("landing.login")}</Link>
        </p>
      )}

      <ul class="promises">
        <li>
          <strong>{t("landing.freeTitle")}</strong> {t("landing.freeBody")}
        </li>
        <li>
          <strong>{t("landing.confidentialTitle")}</strong> {t("landing.confidentialBody")}
        </li>
        <li>
          <strong>{t("landing.deadlineTitle")}</strong> {t("landing.deadlineBody")}
        </li>
      </ul>

      <h2>{t("landing.stepsTitle")}</h2>
      <ol class="steps">
        <li>{t("landing.step1")}</li>
        <li>{t("landing.step2")}</li>
        <li>{t("landing.step3")}</li>
        <li>{t("landing.step4")}</li>
      </ol>

      <h2>{t("landing.channelsTitle")}</h2>
      <ul class="channels">
        <li>{t("landing.channelWeb")}</li>
        <li>{t("landing.channelOffice")}</li>
        {contact?.whatsapp || contact?.phone ? null : <li>{t("landing.channelPhone")}</li>}
        <li>{t("landing.channelBox")}</li>
      </ul>
      {contact ? (
        <dl class="facts contact" id="kontak" data-testid="desa-contact">
          {contact.whatsapp ? (
            <div>
              <dt>{t("landing.contactWhatsapp")}</dt>
              <dd>
                <a href={whatsappLink(contact.whatsapp)} rel="noopener">
                  {formatPhone(contact.whatsapp)}
                </a>
              </dd>
            </div>
          ) : null}
          {contact.phone ? (
            <div>
              <dt>{t("landing.contactPhone")}</dt>
              <dd>
                <a href={`tel:${contact.phone}`}>{formatPhone(contact.phone)}</a>
              </dd>
            </div>
          ) : null}
          {contact.email ? (
            <div>
              <dt>{t("landing.contactEmail")}</dt>
              <dd>
                <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </dd>
            </div>
          ) : null}
          {contact.office_address ? (
            <div>
              <dt>{t("landing.contactAddress")}</dt>
              <dd>{contact.office_address}</dd>
            </div>
          ) : null}
          {contact.office_hours ? (
            <div>
              <dt>{t("landing.contactHours")}</dt>
              <dd>{contact.office_hours}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {contact?.office_hours ? null : <p class="field__hint">{t("landing.hours")}</p>}
    </section>
  );
}
