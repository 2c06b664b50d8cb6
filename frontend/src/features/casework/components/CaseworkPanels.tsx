import { useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { useStaffI18n } from "../../../i18n/staff";
import { saveBlob } from "../../../lib/download";
import { formatDate } from "../../../lib/format";
import { useLoad } from "../../../lib/useLoad";
import {
  fetchCoverLetter,
  fetchDuplicatePrimary,
  fetchSimilar,
  saveForwardingReference,
  transition,
  type AgencyKind,
  type Complaint,
  type DuplicatePrimary,
  type TransitionBody,
} from "../api";

/** "Mirip dengan": open look-alikes of the same desa and category, each with a
 * "Tandai duplikat" action that asks to confirm before joining this complaint to it. */
export function SimilarPanel({ complaint, onDone }: { complaint: Complaint; onDone: (c: Complaint) => void }) {
  const { locale, t } = useStaffI18n();
  const { state } = useLoad(() => fetchSimilar(complaint.tracking_code), [complaint.tracking_code]);
  // Look-alikes are a hint: when they cannot be read, the panel shows as if there were none.
  const rows = state.kind === "loaded" ? state.data : state.kind === "failed" ? [] : null;
  const [confirming, setConfirming] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const canMark = complaint.allowed_actions.includes("mark_duplicate");

  if (rows === null || (rows.length === 0 && !canMark)) return null;

  async function mark(primary: string) {
    setPending(true);
    setError(null);
    const body: TransitionBody = { action: "mark_duplicate", note: "", duplicate_of: primary };
    const r = await transition(complaint.tracking_code, body);
    setPending(false);
    if (r.ok) onDone(r.data);
    else setError(r.error);
  }

  return (
    <section class="panel" aria-labelledby="similar-title" data-testid="similar-panel">
      <h2 id="similar-title">{t(rows.length > 0 ? "similar.title" : "similar.byCodeTitle")}</h2>
      {rows.length > 0 ? <p class="hint">{t("similar.hint")}</p> : null}
      <ErrorBox error={error} />
      {rows.length > 0 ? <ul class="similar">
        {rows.map((row) => (
          <li key={row.tracking_code} class="similar__item">
            <p>
              <a href={`#${row.tracking_code}`} onClick={(event) => event.preventDefault()}>
                <strong>{row.tracking_code}</strong>
              </a>{" "}
              {row.title} <span class={`badge badge--${row.status}`}>{row.status_label}</span>{" "}
              {row.reporters_count > 1 ? (
                <span class="badge badge--muted">{t("duplicates.reporters", { n: row.reporters_count })}</span>
              ) : null}
            </p>
            <p class="field__hint">
              {formatDate(row.submitted_at, locale)} · {t("similar.score", { percent: Math.round(row.similarity * 100) })}
            </p>
            {row.excerpt ? <p class="prewrap">{row.excerpt}</p> : null}
            {canMark && confirming !== row.tracking_code ? (
              <Button variant="secondary" onClick={() => setConfirming(row.tracking_code)}>
                {t("similar.mark")}
              </Button>
            ) : null}
            {canMark && confirming === row.tracking_code ? (
              <div class="actions actions--row" role="group" aria-label={t("similar.mark")}>
                <p>{t("similar.confirm", { code: row.tracking_code })}</p>
                <Button pending={pending} pendingLabel={t("actionForm.saving")} onClick={() => void mark(row.tracking_code)}>
                  {t("similar.confirmYes")}
                </Button>
                <Button variant="secondary" onClick={() => setConfirming(null)}>
                  {t("similar.cancel")}
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul> : null}
      {canMark ? (
        <ByCode code={complaint.tracking_code} pending={pending} onMark={(primary) => void mark(primary)} heading={rows.length > 0} />
      ) : null}
    </section>
  );
}

/** The first report named by its tracking code, typed or pasted: shown (title, status),
 * then joined only after confirming. Another desa's code reads like an unknown one. */
function ByCode({ code, pending, onMark, heading }: { code: string; pending: boolean; onMark: (primary: string) => void; heading: boolean }) {
  const { t } = useStaffI18n();
  const [typed, setTyped] = useState("");
  const [found, setFound] = useState<DuplicatePrimary | null>(null);
  const [looking, setLooking] = useState(false);
  const [problem, setProblem] = useState<readonly string[] | undefined>(undefined);
  const [error, setError] = useState<ApiFailure | null>(null);

  async function lookUp(event: SubmitEvent) {
    event.preventDefault();
    if (looking) return;
    setFound(null);
    setError(null);
    if (typed.trim() === "") {
      setProblem([t("field.required")]);
      return;
    }
    setLooking(true);
    const r = await fetchDuplicatePrimary(code, typed.trim());
    setLooking(false);
    if (r.ok) {
      setProblem(undefined);
      setFound(r.data);
    } else if (r.error.fields["tracking_code"]) {
      setProblem(r.error.fields["tracking_code"]);
    } else {
      setProblem(undefined);
      setError(r.error);
    }
  }

  return (
    <div class="similar__by-code" data-testid="duplicate-by-code">
      {heading ? <h3>{t("similar.byCodeTitle")}</h3> : null}
      <form class="form" noValidate onSubmit={(event) => void lookUp(event)}>
        <ErrorBox error={error} />
        <TextField
          label={t("similar.byCode")}
          hint={t("similar.byCodeHint")}
          maxLength={20}
          value={typed}
          onValue={(value) => {
            setTyped(value);
            setFound(null);
          }}
          errors={problem}
        />
        <Button type="submit" variant="secondary" pending={looking} pendingLabel={t("app.loading")}>
          {t("similar.find")}
        </Button>
      </form>
      {found ? (
        <div class="similar__item" data-testid="typed-primary" role="status">
          <p>
            <strong>{found.tracking_code}</strong> {found.title} <span class={`badge badge--${found.status}`}>{found.status_label}</span>{" "}
            {found.reporters_count > 1 ? <span class="badge badge--muted">{t("duplicates.reporters", { n: found.reporters_count })}</span> : null}
          </p>
          {found.joinable ? (
            <div class="actions actions--row" role="group" aria-label={t("similar.mark")}>
              <p>{t("similar.confirm", { code: found.tracking_code })}</p>
              <Button pending={pending} pendingLabel={t("actionForm.saving")} onClick={() => onMark(found.tracking_code)}>
                {t("similar.confirmYes")}
              </Button>
              <Button variant="secondary" onClick={() => setFound(null)}>
                {t("similar.cancel")}
              </Button>
            </div>
          ) : (
            <p class="alert alert--warning">{found.refusal}</p>
          )}
        </div>
      ) : null}
    </div>
  );
}

const AGENCY_KINDS: readonly AgencyKind[] = ["kecamatan", "instansi", "sp4n_lapor"];

/** The forward move's form: to whom, why (the reporter reads it), and whether the cover
 * letter may name the reporter (only when they agreed; de-identified by default). */
export function ForwardForm({ complaint, onDone }: { complaint: Complaint; onDone: (c: Complaint) => void }) {
  const { t } = useStaffI18n();
  const [kind, setKind] = useState<AgencyKind>("kecamatan");
  const [agency, setAgency] = useState("");
  const [reason, setReason] = useState("");
  const [share, setShare] = useState(false);
  const [consent, setConsent] = useState("");
  const [missing, setMissing] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (reason.trim() === "" || (kind === "instansi" && agency.trim() === "")) {
      setMissing(true);
      return;
    }
    const body: TransitionBody = { action: "forward", note: "", agency_kind: kind, agency: agency.trim(), reason: reason.trim() };
    if (share) {
      body.share_identity = true;
      body.identity_consent = consent.trim();
    }
    setPending(true);
    setError(null);
    const r = await transition(complaint.tracking_code, body);
    setPending(false);
    if (r.ok) onDone(r.data);
    else setError(r.error);
  }

  return (
    <form class="form action-form" noValidate onSubmit={(event) => void submit(event)} data-testid="forward-form">
      <ErrorBox error={error} />
      <div class="field">
        <label class="field__label" for="forward-kind">
          {t("forward.kind")}
        </label>
        <select
          id="forward-kind"
          class="field__input"
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as AgencyKind)}
        >
          {AGENCY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`forward.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label={t("forward.agency")}
        hint={kind === "instansi" ? undefined : t("forward.agencyDefault")}
        maxLength={200}
        value={agency}
        onValue={setAgency}
        errors={missing && kind === "instansi" && agency.trim() === "" ? [t("field.required")] : undefined}
      />
      <TextArea
        label={t("forward.reason")}
        hint={t("visibility.readByReporter")}
        rows={3}
        value={reason}
        onValue={setReason}
        errors={missing && reason.trim() === "" ? [t("field.required")] : undefined}
      />
      {!complaint.anonymous ? (
        <>
          <label class="check">
            <input type="checkbox" checked={share} onChange={(event) => setShare(event.currentTarget.checked)} />{" "}
            {t("forward.share")}
          </label>
          {share ? (
            <TextField label={t("forward.consent")} hint={t("forward.consentHint")} maxLength={300} value={consent} onValue={setConsent} />
          ) : (
            <p class="field__hint">{t("forward.deidentified")}</p>
          )}
        </>
      ) : null}
      <Button type="submit" pending={pending} pendingLabel={t("actionForm.saving")}>
        {t("actionForm.confirm.forward")}
      </Button>
    </form>
  );
}

/** Where a forwarded complaint went: the recipient's reference number and the cover letter. */
export function ForwardingPanel({ complaint, office }: { complaint: Complaint; office: boolean }) {
  const { locale, t } = useStaffI18n();
  const [forwarding, setForwarding] = useState(complaint.forwarding);
  const [reference, setReference] = useState(complaint.forwarding?.reference ?? "");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  if (!forwarding) return null;

  async function save(event: SubmitEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const r = await saveForwardingReference(complaint.tracking_code, reference.trim());
    setPending(false);
    if (r.ok) setForwarding(r.data);
    else setError(r.error);
  }

  async function letter() {
    const r = await fetchCoverLetter(complaint.tracking_code);
    if (r.ok) saveBlob(r.data, `surat-pengantar-${complaint.tracking_code}.pdf`);
    else setError(r.error);
  }

  return (
    <section class="panel" aria-labelledby="forwarding-title" data-testid="forwarding-panel">
      <h2 id="forwarding-title">{t("forward.title")}</h2>
      <dl class="facts">
        <div>
          <dt>{t("forward.agency")}</dt>
          <dd>
            {forwarding.agency} ({forwarding.agency_kind_label})
          </dd>
        </div>
        <div>
          <dt>{t("forward.on")}</dt>
          <dd>{formatDate(forwarding.forwarded_on, locale)}</dd>
        </div>
        <div>
          <dt>{t("forward.reason")}</dt>
          <dd class="prewrap">{forwarding.reason}</dd>
        </div>
        <div>
          <dt>{t("forward.identity")}</dt>
          <dd>{t(forwarding.identity_shared ? "forward.identityShared" : "forward.deidentified")}</dd>
        </div>
      </dl>
      <ErrorBox error={error} />
      {office ? (
        <>
          <form class="form" noValidate onSubmit={(event) => void save(event)}>
            <TextField label={t("forward.reference")} maxLength={100} value={reference} onValue={setReference} />
            <Button type="submit" variant="secondary" pending={pending} pendingLabel={t("actionForm.saving")}>
              {t("forward.saveReference")}
            </Button>
          </form>
          <Button variant="secondary" onClick={() => void letter()}>
            {t("forward.letter")}
          </Button>
        </>
      ) : forwarding.reference ? (
        <p>
          {t("forward.reference")}: {forwarding.reference}
        </p>
      ) : null}
    </section>
  );
}
