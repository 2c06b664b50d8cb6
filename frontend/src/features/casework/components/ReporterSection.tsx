import { useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { ErrorBox } from "../../../components/ErrorBox";
import { TextArea } from "../../../components/TextArea";
import { useStaffI18n } from "../../../i18n/staff";
import { useSubmit } from "../../../lib/useSubmit";
import { fetchReporter, grantIdentity, type Complaint, type Reporter as ReporterIdentity } from "../api";
import { Fact } from "./Fact";

/**
 * The reporter: anonymous, hidden from this user, or shown on request (each reading is
 * logged), and the grant that lets the assigned official see them.
 */
export function ReporterSection({ complaint, onGranted }: { complaint: Complaint; onGranted: () => void }) {
  const { t } = useStaffI18n();
  const [identity, setIdentity] = useState<ReporterIdentity | null>(null);
  const { pending, error, run } = useSubmit();
  if (complaint.anonymous) return <p>{t("complaint.anonymous")}</p>;
  if (!complaint.reporter_visible) {
    return (
      <p class="alert alert--info" data-testid="reporter-hidden">
        {t("complaint.identityHidden")}
      </p>
    );
  }
  async function reveal() {
    const result = await run(() => fetchReporter(complaint.tracking_code));
    if (result) setIdentity(result.data);
  }
  return (
    <>
      {identity ? (
        <dl class="facts" data-testid="reporter">
          <Fact label={t("identity.name")} value={identity.name} />
          <Fact label={t("identity.nik")} value={identity.nik} />
          <Fact label={t("identity.phone")} value={identity.phone} />
          <Fact label={t("identity.address")} value={identity.address} />
          {identity.email ? <Fact label={t("identity.email")} value={identity.email} /> : null}
        </dl>
      ) : (
        <div class="panel">
          <ErrorBox error={error} />
          <p class="hint">{t("complaint.identityLogged")}</p>
          <Button variant="secondary" pending={pending} onClick={() => void reveal()} data-testid="reveal-reporter">
            {t("complaint.revealReporter")}
          </Button>
        </div>
      )}
      {complaint.assigned_to ? <GrantIdentity complaint={complaint} onDone={onGranted} /> : null}
    </>
  );
}

function GrantIdentity({ complaint, onDone }: { complaint: Complaint; onDone: () => void }) {
  const { t } = useStaffI18n();
  const [reason, setReason] = useState("");
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const [missing, setMissing] = useState(false);
  const { pending, error, run } = useSubmit();
  const grantee = complaint.assigned_to;
  if (!grantee) return null;
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!grantee) return;
    if (reason.trim() === "") {
      setMissing(true);
      return;
    }
    const result = await run(() => grantIdentity(complaint.tracking_code, grantee.id, reason.trim()));
    if (result) {
      setDone(true);
      setOpen(false);
      onDone();
    }
  }
  if (done) return <p role="status">{t("grant.done", { name: grantee.full_name })}</p>;
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("grant.open", { name: grantee.full_name })}
      </Button>
    );
  }
  return (
    <form class="panel form" noValidate onSubmit={(event) => void submit(event)}>
      <ErrorBox error={error} />
      <TextArea
        label={t("grant.reason")}
        hint={t("grant.hint")}
        rows={2}
        value={reason}
        onValue={setReason}
        errors={missing && reason.trim() === "" ? [t("field.required")] : undefined}
      />
      <Button type="submit" pending={pending} pendingLabel={t("actionForm.saving")}>
        {t("grant.submit", { name: grantee.full_name })}
      </Button>
    </form>
  );
}
