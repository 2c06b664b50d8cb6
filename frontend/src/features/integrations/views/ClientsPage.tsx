import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { ActionOutcome } from "../../../components/ActionOutcome";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { TextField } from "../../../components/TextField";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n, type StaffTranslate } from "../../../i18n/staff";
import { formatDateTime } from "../../../lib/format";
import { useLoad } from "../../../lib/useLoad";
import {
  createClient,
  listAudit,
  listClients,
  listDeliveries,
  listWebhooks,
  revokeClient,
  revokeKey,
  rotateKey,
  type ApiClient,
  type Scope,
} from "../api";
import { activeKeys, draftProblems, lastUse, mayRotate, SCOPES, toggle } from "../clients";

// The server's default rate per minute; this screen does not offer another.
const DEFAULT_RATE = 120;

/** A key as the server gave it, once: kept in memory only until the user says it is stored. */
interface Shown {
  client: string;
  key: string;
}

/** The key, a copy button and the warning that it will not be shown again. */
function KeyOnce({ shown, onDone, t }: { shown: Shown; onDone: () => void; t: StaffTranslate }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [shown.key]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(shown.key);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard (an old browser, no permission): select by hand
    }
  }

  return (
    <section class="alert alert--warning" aria-labelledby="key-once-title">
      <h2 id="key-once-title" tabIndex={-1} ref={heading}>
        {t("clients.keyTitle", { name: shown.client })}
      </h2>
      <p>
        <strong>{t("clients.keyWarning")}</strong>
      </p>
      <TextField label={t("clients.keyLabel")} value={shown.key} onValue={() => undefined} readOnly spellcheck={false} autoComplete="off" />
      <div class="actions actions--row">
        <Button variant="secondary" onClick={() => void copy()}>
          {t("clients.copy")}
        </Button>
        <Button onClick={onDone}>{t("clients.keyStored")}</Button>
      </div>
      <p role="status">{copied === true ? t("clients.copied") : copied === false ? t("clients.copyFailed") : ""}</p>
    </section>
  );
}

function Deliveries({ client, webhook, t, locale }: { client: string; webhook: string; t: StaffTranslate; locale: string }) {
  const { state: load } = useLoad(() => listDeliveries(client, webhook), [client, webhook]);
  if (load.kind === "loading") return <p role="status">{t("app.loading")}</p>;
  if (load.kind === "failed") return <ErrorBox error={load.error} />;
  if (load.data.results.length === 0) return <p>{t("clients.noDeliveries")}</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{t("clients.deliveries")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("clients.deliveryAt")}</th>
            <th scope="col">{t("clients.deliveryEvent")}</th>
            <th scope="col">{t("clients.deliveryState")}</th>
            <th scope="col">{t("clients.deliveryLast")}</th>
          </tr>
        </thead>
        <tbody>
          {load.data.results.map((message) => {
            const last = message.log[message.log.length - 1];
            return (
              <tr key={message.id}>
                <td>{formatDateTime(message.created_at, locale)}</td>
                <td>{message.event_type}</td>
                <td>{t(`clients.state.${message.state}`)}</td>
                <td>{last ? `${last.status_code ?? "—"} ${last.error}`.trim() : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Webhooks({ client, t, locale }: { client: string; t: StaffTranslate; locale: string }) {
  const { state: load } = useLoad(() => listWebhooks(client), [client]);
  const [open, setOpen] = useState<string | null>(null);
  if (load.kind === "loading") return <p role="status">{t("app.loading")}</p>;
  if (load.kind === "failed") return <ErrorBox error={load.error} />;
  return (
    <div>
      <p class="card__meta">{t("clients.webhooksNote")}</p>
      {load.data.results.length === 0 ? (
        <p>{t("clients.noWebhooks")}</p>
      ) : (
        <ul class="cards cards--list">
          {load.data.results.map((webhook) => (
            <li class="card" key={webhook.id}>
              <p class="card__title">{webhook.url}</p>
              <p class="card__meta">{webhook.events.join(", ")}</p>
              <p class="card__meta">
                {webhook.disabled_at
                  ? t("clients.webhookDisabled", { when: formatDateTime(webhook.disabled_at, locale) })
                  : webhook.failing_since
                    ? t("clients.webhookFailing", { when: formatDateTime(webhook.failing_since, locale) })
                    : t("clients.webhookHealthy")}
              </p>
              <Button variant="secondary" aria-expanded={open === webhook.id} onClick={() => setOpen(open === webhook.id ? null : webhook.id)}>
                {t("clients.showDeliveries")}
                <span class="visually-hidden"> {webhook.url}</span>
              </Button>
              {open === webhook.id ? <Deliveries client={client} webhook={webhook.id} t={t} locale={locale} /> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Audit({ client, t, locale }: { client: string; t: StaffTranslate; locale: string }) {
  const { state: load } = useLoad(() => listAudit(client), [client]);
  if (load.kind === "loading") return <p role="status">{t("app.loading")}</p>;
  if (load.kind === "failed") return <ErrorBox error={load.error} />;
  return (
    <ol class="audit">
      {load.data.results.map((entry, index) => (
        <li key={index}>
          {formatDateTime(entry.at, locale)} — {t(`clients.audit.${entry.action}`)}
          {entry.key_prefix ? ` (${entry.key_prefix})` : ""}
          {entry.actor ? ` — ${entry.actor}` : ""}
        </li>
      ))}
    </ol>
  );
}

interface CardProps {
  client: ApiClient;
  t: StaffTranslate;
  locale: string;
  onIssued: (shown: Shown) => void;
  onChanged: (message: string) => void;
  onFailed: (error: ApiFailure) => void;
}

function ClientCard({ client, t, locale, onIssued, onChanged, onFailed }: CardProps) {
  const [panel, setPanel] = useState<"audit" | "webhooks" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const used = lastUse(client);
  const titleId = `client-${client.id}`;

  async function run<T>(action: () => Promise<{ ok: true; data: T } | { ok: false; error: ApiFailure }>, done: (data: T) => void) {
    if (pending) return;
    setPending(true);
    const result = await action();
    setPending(false);
    if (result.ok) done(result.data);
    else onFailed(result.error);
  }

  return (
    <li class="card" aria-labelledby={titleId}>
      <h3 class="card__title" id={titleId}>
        {client.name}{" "}
        <span class={client.revoked_at ? "badge badge--rejected" : "badge badge--answered"}>
          {client.revoked_at ? t("clients.revoked") : t("clients.active")}
        </span>
      </h3>
      <p class="card__meta">
        {client.region.name} · {client.scopes.map((scope) => t(`clients.scope.${scope}`)).join(", ")}
      </p>
      <p class="card__meta">
        {used ? t("clients.lastUsed", { when: formatDateTime(used.at, locale), ip: used.ip ?? "—" }) : t("clients.neverUsed")}
      </p>
      <ul class="keys">
        {client.keys.map((key) => (
          <li key={key.prefix}>
            <code>{key.prefix}…</code>{" "}
            {key.revoked_at
              ? t("clients.keyRevoked", { when: formatDateTime(key.revoked_at, locale) })
              : t("clients.keyActive", { when: formatDateTime(key.created_at, locale) })}
            {key.last_used_at ? ` · ${t("clients.lastUsed", { when: formatDateTime(key.last_used_at, locale), ip: key.last_used_ip ?? "—" })}` : ""}
            {!key.revoked_at && !client.revoked_at ? (
              <Button
                variant="secondary"
                disabled={pending}
                onClick={() => void run(() => revokeKey(client.id, key.prefix), () => onChanged(t("clients.keyRevokedDone", { prefix: key.prefix })))}
              >
                {t("clients.revokeKey")}
                <span class="visually-hidden"> {key.prefix}</span>
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <div class="actions actions--row">
        {mayRotate(client) ? (
          <Button variant="secondary" pending={pending} pendingLabel={t("app.loading")} onClick={() => void run(() => rotateKey(client.id), (issued) => onIssued({ client: client.name, key: issued.key }))}>
            {activeKeys(client).length === 0 ? t("clients.newKey") : t("clients.rotate")}
            <span class="visually-hidden"> {client.name}</span>
          </Button>
        ) : null}
        <Button variant="secondary" aria-expanded={panel === "audit"} onClick={() => setPanel(panel === "audit" ? null : "audit")}>
          {t("clients.showAudit")}
          <span class="visually-hidden"> {client.name}</span>
        </Button>
        <Button variant="secondary" aria-expanded={panel === "webhooks"} onClick={() => setPanel(panel === "webhooks" ? null : "webhooks")}>
          {t("clients.showWebhooks")}
          <span class="visually-hidden"> {client.name}</span>
        </Button>
        {!client.revoked_at && !confirming ? (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            {t("clients.revoke")}
            <span class="visually-hidden"> {client.name}</span>
          </Button>
        ) : null}
      </div>
      {confirming && !client.revoked_at ? (
        <div class="alert alert--warning" role="group" aria-label={t("clients.revokeConfirmLabel", { name: client.name })}>
          <p>{t("clients.revokeQuestion", { name: client.name })}</p>
          <div class="actions actions--row">
            <Button
              variant="danger"
              pending={pending}
              pendingLabel={t("app.loading")}
              onClick={() =>
                void run(() => revokeClient(client.id), () => {
                  setConfirming(false);
                  onChanged(t("clients.revokedDone", { name: client.name }));
                })
              }
            >
              {t("clients.revokeYes")}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t("clients.cancel")}
            </Button>
          </div>
        </div>
      ) : null}
      {panel === "audit" ? <Audit client={client.id} t={t} locale={locale} /> : null}
      {panel === "webhooks" ? <Webhooks client={client.id} t={t} locale={locale} /> : null}
    </li>
  );
}

/**
 * Third-party applications of the village head's desa (an admin's: everywhere): register
 * one and see its key once, rotate (two keys at once), revoke a key or the application,
 * the last use, the audit log, and the webhooks the application subscribed (read-only:
 * the application manages those with its key). `region` is null for an admin, who names it.
 */
export default function ClientsPage({ region }: { region: { code: string; name: string } | null }) {
  const { locale, t } = useStaffI18n();
  const [name, setName] = useState("");
  const [regionCode, setRegionCode] = useState("");
  const [scopes, setScopes] = useState<readonly Scope[]>(["complaints:read"]);
  const [contactEmail, setContactEmail] = useState("");
  const [fields, setFields] = useState<Readonly<Record<string, readonly string[]>>>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);

  const { state: list, retry: reload } = useLoad(listClients, [locale]);

  async function create(event: SubmitEvent) {
    event.preventDefault();
    if (pending) return;
    const draft = { name, region: region?.code ?? regionCode, scopes, contactEmail };
    const missing = draftProblems(draft);
    setFields(Object.fromEntries(Object.keys(missing).map((field) => [field, [t("field.required")]])));
    setFailure(null);
    setDone(null);
    if (Object.keys(missing).length > 0) return;
    setPending(true);
    const body = {
      name: name.trim(),
      region: draft.region.trim(),
      scopes: [...scopes],
      rate_per_minute: DEFAULT_RATE,
      ...(contactEmail.trim() ? { contact_email: contactEmail.trim() } : {}),
    };
    const result = await createClient(body);
    setPending(false);
    if (result.ok) {
      setShown({ client: result.data.name, key: result.data.issued_key.key });
      setName("");
      setRegionCode("");
      setContactEmail("");
      setScopes(["complaints:read"]);
      reload();
    } else if (Object.keys(result.error.fields).length > 0) {
      setFields(result.error.fields);
    } else {
      setFailure(result.error);
    }
  }

  const scopeErrors = fields["scopes"] ?? Object.entries(fields).find(([field]) => field.startsWith("scopes."))?.[1];

  return (
    <section class="page" aria-labelledby="clients-title">
      <h1 id="clients-title">{region ? t("clients.title", { desa: region.name }) : t("clients.titleAll")}</h1>
      <p class="lead">{t("clients.intro")}</p>

      {shown ? (
        <KeyOnce
          shown={shown}
          t={t}
          onDone={() => {
            setShown(null);
            setDone(t("clients.keyHidden"));
          }}
        />
      ) : null}
      <ActionOutcome done={done} failure={failure && t(errorKey(failure.code))} />

      <form class="form" noValidate onSubmit={(event) => void create(event)} aria-labelledby="clients-new">
        <h2 id="clients-new">{t("clients.new")}</h2>
        <TextField label={t("clients.name")} hint={t("clients.nameHint")} maxLength={100} value={name} onValue={setName} errors={fields["name"]} />
        {region ? null : (
          <TextField label={t("clients.region")} hint={t("clients.regionHint")} maxLength={13} value={regionCode} onValue={setRegionCode} errors={fields["region"]} />
        )}
        <fieldset class={scopeErrors ? "field field--invalid" : "field"}>
          <legend class="field__label">{t("clients.scopes")}</legend>
          <p class="field__hint">{t("clients.scopesHint")}</p>
          {SCOPES.map((scope) => (
            <label class="choice" key={scope}>
              <input type="checkbox" class="choice__input" checked={scopes.includes(scope)} onChange={(e) => setScopes(toggle(scopes, scope, e.currentTarget.checked))} />
              <span class="choice__text">
                <span class="choice__label">{t(`clients.scope.${scope}`)}</span>
                <span class="choice__hint">{scope}</span>
              </span>
            </label>
          ))}
          {scopeErrors?.map((message) => (
            <p class="field__error" key={message}>
              {message}
            </p>
          ))}
        </fieldset>
        <TextField label={t("clients.contact")} hint={t("clients.contactHint")} type="email" maxLength={254} value={contactEmail} onValue={setContactEmail} errors={fields["contact_email"]} />
        <Button type="submit" pending={pending} pendingLabel={t("app.loading")}>
          {t("clients.create")}
        </Button>
      </form>

      <h2 id="clients-list">{t("clients.listTitle")}</h2>
      {list.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : list.kind === "failed" ? (
        <ErrorBox error={list.error} />
      ) : list.data.results.length === 0 ? (
        <p>{t("clients.empty")}</p>
      ) : (
        <ul class="cards cards--list" aria-labelledby="clients-list">
          {list.data.results.map((client) => (
            <ClientCard
              key={client.id}
              client={client}
              t={t}
              locale={locale}
              onIssued={(issued) => {
                setDone(null);
                setFailure(null);
                setShown(issued);
                reload();
              }}
              onChanged={(message) => {
                setFailure(null);
                setDone(message);
                reload();
              }}
              onFailed={(error) => {
                setDone(null);
                setFailure(error);
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
