import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { formatDateTime } from "../../../lib/format";
import { Link, navigate } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import { useStore } from "../../../lib/store";
import { activeWorkspace, workspaceStore } from "../../../lib/workspace";
import { createOpening, fetchBoxTeam, listOpenings, uploadOpeningPhoto, type OpeningPage, type StaffMember } from "../api";

type Load<T> = { kind: "loading" } | { kind: "failed"; error: ApiFailure } | { kind: "loaded"; data: T };

/** "2026-03-05T09:00" for a datetime-local input, in the device's time zone. */
function localInputValue(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

export function CompleteBadge({ complete }: { complete: boolean }) {
  const { t } = useStaffI18n();
  return <span class={complete ? "badge badge--closed" : "badge badge--needs_info"}>{complete ? t("box.complete") : t("box.incomplete")}</span>;
}

/** The box team's openings (pembukaan kotak saran), newest first, and the form for a new one. */
export default function OpeningsPage({ desa }: { desa: string }) {
  const { locale, t } = useStaffI18n();
  // The village head reads the openings; the box team and the intake officer record them.
  const roles = activeWorkspace(useStore(workspaceStore))?.roles ?? [];
  const mayRecord = roles.includes("box_team") || roles.includes("intake_officer");
  const [openings, setOpenings] = useState<Load<OpeningPage>>({ kind: "loading" });
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    void listOpenings(desa).then((r) => setOpenings(r.ok ? { kind: "loaded", data: r.data } : { kind: "failed", error: r.error }));
  }, [desa, locale]);

  return (
    <section class="page" aria-labelledby="openings-title">
      <h1 id="openings-title">{t("box.openingsTitle")}</h1>
      <p class="lead">{t("box.openingsIntro")}</p>
      {mayRecord && !adding ? (
        <div class="actions">
          <Button onClick={() => setAdding(true)}>{t("box.new")}</Button>
        </div>
      ) : null}
      {adding ? <NewOpeningForm desa={desa} onCancel={() => setAdding(false)} /> : null}
      <h2 id="openings-list">{t("box.listTitle")}</h2>
      {openings.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : openings.kind === "failed" ? (
        <p role="alert">{t(errorKey(openings.error.code))}</p>
      ) : openings.data.results.length === 0 ? (
        <p>{t("box.none")}</p>
      ) : (
        <ul class="cards cards--list" aria-labelledby="openings-list">
          {openings.data.results.map((o) => (
            <li class="card" key={o.id}>
              <Link class="card__title" href={routes.boxOpening(o.id)}>
                {t("box.openingOf", { when: formatDateTime(o.opened_at, locale) })}
              </Link>
              <p class="card__meta">
                <CompleteBadge complete={o.complete} /> {t("box.counted", { entered: o.entered_count, declared: o.declared_count })}
              </p>
              <p class="card__meta">{o.openers.map((p) => p.full_name).join(", ")}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface WitnessDraft {
  name: string;
  position: string;
}

function NewOpeningForm({ desa, onCancel }: { desa: string; onCancel: () => void }) {
  const { t } = useStaffI18n();
  const [team, setTeam] = useState<StaffMember[]>([]);
  const [openedAt, setOpenedAt] = useState(() => localInputValue(new Date()));
  const [openers, setOpeners] = useState<number[]>([]);
  const [witnesses, setWitnesses] = useState<WitnessDraft[]>([{ name: "", position: "" }]);
  const [declared, setDeclared] = useState("");
  const [notes, setNotes] = useState("");
  const [photo, setPhoto] = useState<File | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [fields, setFields] = useState<Readonly<Record<string, readonly string[]>>>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [pending, setPending] = useState(false);
  const busy = useRef(false);

  useEffect(() => {
    void fetchBoxTeam(desa).then((r) => {
      if (!r.ok) return;
      setTeam(r.data);
      if (r.data.length === 1 && r.data[0]) setOpeners([r.data[0].user_id]);
    });
  }, [desa]);

  const filled = witnesses.filter((w) => w.name.trim() || w.position.trim());
  const count = Number.parseInt(declared, 10);
  const problems = {
    openedAt: openedAt === "" || new Date(openedAt) > new Date() ? [t("box.notFuture")] : undefined,
    openers: openers.length === 0 ? [t("box.chooseOpeners")] : undefined,
    witnesses: filled.length === 0 || filled.some((w) => !w.name.trim() || !w.position.trim()) ? [t("box.witnessNeeded")] : undefined,
    declared: declared.trim() === "" || !Number.isInteger(count) || count < 0 ? [t("box.countNeeded")] : undefined,
  };

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (busy.current) return;
    setAttempted(true);
    if (Object.values(problems).some(Boolean)) return;
    busy.current = true;
    setPending(true);
    setFailure(null);
    try {
      const created = await createOpening(desa, {
        opened_at: new Date(openedAt).toISOString(),
        openers,
        witnesses: filled.map((w) => ({ name: w.name.trim(), position: w.position.trim() })),
        declared_count: count,
        notes: notes.trim(),
      });
      if (!created.ok) {
        setFailure(created.error);
        setFields(created.error.fields);
        return;
      }
      if (photo) {
        const uploaded = await uploadOpeningPhoto(desa, created.data.id, photo);
        if (!uploaded.ok) {
          // The opening is recorded; its page says the photo is missing and takes it again.
          navigate(`${routes.boxOpening(created.data.id)}?foto=gagal`);
          return;
        }
      }
      navigate(routes.boxOpening(created.data.id));
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  const show = (local: readonly string[] | undefined, server: string) => (attempted ? local : undefined) ?? fields[server];

  return (
    <form class="form" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="new-opening-title">
      <h2 id="new-opening-title">{t("box.new")}</h2>
      {failure ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(failure.code))}</p>
        </div>
      ) : null}
      <TextField label={t("box.openedAt")} type="datetime-local" max={localInputValue(new Date())} value={openedAt} onValue={setOpenedAt} errors={show(problems.openedAt, "opened_at")} />
      <fieldset class={show(problems.openers, "openers") ? "field field--invalid" : "field"}>
        <legend class="field__label">{t("box.openers")}</legend>
        {team.map((member) => (
          <label class="choice" key={member.user_id}>
            <input
              type="checkbox"
              class="choice__input"
              checked={openers.includes(member.user_id)}
              onChange={(e) => setOpeners(e.currentTarget.checked ? [...openers, member.user_id] : openers.filter((id) => id !== member.user_id))}
            />
            <span class="choice__label">{member.full_name}</span>
          </label>
        ))}
        {show(problems.openers, "openers")?.map((m) => (
          <p class="field__error" key={m}>
            {m}
          </p>
        ))}
      </fieldset>
      <fieldset class="field">
        <legend class="field__label">{t("box.witnesses")}</legend>
        {witnesses.map((w, index) => (
          <div class="form" key={index}>
            <TextField label={t("box.witnessName", { n: index + 1 })} maxLength={150} value={w.name} onValue={(v) => setWitnesses(witnesses.map((x, i) => (i === index ? { ...x, name: v } : x)))} />
            <TextField label={t("box.witnessPosition", { n: index + 1 })} maxLength={150} value={w.position} onValue={(v) => setWitnesses(witnesses.map((x, i) => (i === index ? { ...x, position: v } : x)))} />
          </div>
        ))}
        {show(problems.witnesses, "witnesses")?.map((m) => (
          <p class="field__error" role="alert" key={m}>
            {m}
          </p>
        ))}
        {witnesses.length < 10 ? (
          <Button variant="secondary" onClick={() => setWitnesses([...witnesses, { name: "", position: "" }])}>
            {t("box.addWitness")}
          </Button>
        ) : null}
      </fieldset>
      <TextField label={t("box.declared")} type="number" inputMode="numeric" min={0} value={declared} onValue={setDeclared} errors={show(problems.declared, "declared_count")} />
      <TextArea label={t("box.notes")} rows={3} value={notes} onValue={setNotes} errors={fields["notes"]} />
      <div class="field">
        <label class="field__label" for="opening-photo">
          {t("box.photo")}
        </label>
        <p class="field__hint">{t("box.photoHint")}</p>
        <input id="opening-photo" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" onChange={(e) => setPhoto(e.currentTarget.files?.[0] ?? null)} />
      </div>
      <div class="actions actions--row">
        <Button type="submit" pending={pending} pendingLabel={t("submit.sending")}>
          {t("box.save")}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("box.cancel")}
        </Button>
      </div>
    </form>
  );
}
