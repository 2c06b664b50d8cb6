import { useEffect, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { FormAlert } from "../../../components/FormAlert";
import { TextField } from "../../../components/TextField";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n } from "../../../i18n/staff";
import { fetchRouting, saveRouting, type DesaRouting } from "../api";

type Position = DesaRouting["fallback"][number];
type Rule = DesaRouting["categories"][number];

// Every position a complaint can go to, in the order of the village government's structure.
const POSITIONS: readonly Position[] = [
  "sekdes",
  "kasi_pemerintahan",
  "kasi_kesejahteraan",
  "kasi_pelayanan",
  "kaur_tu_umum",
  "kaur_keuangan",
  "kaur_perencanaan",
  "kadus",
  "kepala_desa",
];
const FALLBACK_STEPS = 3;

/** The village head's routing rules: each category's position (with who holds it now),
 * the fallback chain, and new categories. */
export function RoutingEditor({ desa }: { desa: string }) {
  const { t } = useStaffI18n();
  const [routing, setRouting] = useState<DesaRouting | null>(null);
  const [rules, setRules] = useState<Rule[]>([]);
  const [fallback, setFallback] = useState<(Position | "")[]>([]);
  const [newName, setNewName] = useState("");
  const [newPosition, setNewPosition] = useState<Position | "">("");
  const [error, setError] = useState<ApiFailure | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  function show(data: DesaRouting) {
    setRouting(data);
    setRules(data.categories);
    setFallback(Array.from({ length: FALLBACK_STEPS }, (_, i) => data.fallback[i] ?? ""));
  }

  useEffect(() => {
    void fetchRouting(desa).then((r) => (r.ok ? show(r.data) : setError(r.error)));
  }, [desa]);

  if (routing === null) {
    return error ? <p role="alert">{t(errorKey(error.code))}</p> : <p role="status">{t("app.loading")}</p>;
  }
  const holders = new Map(routing.held_positions.map((p) => [p.position, p.holders.map((h) => h.full_name)]));
  const heldBy = (position: Position | "") =>
    position === "" ? t("routing.noPosition") : (holders.get(position)?.join(", ") ?? t("routing.nobody"));

  function change(slug: string, patch: Partial<Rule>) {
    setSaved(false);
    setRules((current) => current.map((rule) => (rule.slug === slug ? { ...rule, ...patch } : rule)));
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const categories = rules.map(({ slug, name, default_position, active }) => ({ slug, name, default_position, active }));
    if (newName.trim()) categories.push({ name: newName.trim(), default_position: newPosition, active: true } as (typeof categories)[number]);
    const chain = fallback.filter((p): p is Position => p !== "");
    const result = await saveRouting(desa, { categories, fallback: [...new Set(chain)] });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    show(result.data);
    setNewName("");
    setNewPosition("");
    setSaved(true);
  }

  const details = error ? Object.values(error.fields).flat() : [];
  return (
    <form class="form" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="routing-title">
      <h2 id="routing-title">{t("routing.title")}</h2>
      <p class="field__hint">{t("routing.hint")}</p>
      <FormAlert message={error ? t(errorKey(error.code)) : null} details={details} />
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="routing-title">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t("routing.category")}</th>
              <th scope="col">{t("routing.position")}</th>
              <th scope="col">{t("routing.holders")}</th>
              <th scope="col">{t("routing.active")}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.slug}>
                <th scope="row">{rule.name}</th>
                <td>
                  <select
                    class="field__input"
                    aria-label={`${t("routing.position")}: ${rule.name}`}
                    value={rule.default_position}
                    onChange={(event) => change(rule.slug, { default_position: event.currentTarget.value as Position | "" })}
                  >
                    <option value="">{t("routing.noPosition")}</option>
                    {POSITIONS.map((p) => (
                      <option key={p} value={p}>
                        {t(`position.${p}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td class={holders.has(rule.default_position as Position) || rule.default_position === "" ? "" : "text--alert"}>
                  {heldBy(rule.default_position)}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t("routing.active")}: ${rule.name}`}
                    checked={rule.active}
                    onChange={(event) => change(rule.slug, { active: event.currentTarget.checked })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset class="field">
        <legend class="field__label">{t("routing.fallback")}</legend>
        {fallback.map((step, index) => (
          <label class="field" key={index}>
            <span class="field__label">{t("routing.fallbackStep", { n: index + 1 })}</span>
            <select
              class="field__input"
              value={step}
              onChange={(event) => {
                setSaved(false);
                const value = event.currentTarget.value as Position | "";
                setFallback((current) => current.map((p, i) => (i === index ? value : p)));
              }}
            >
              <option value="">{t("routing.fallbackNone")}</option>
              {POSITIONS.map((p) => (
                <option key={p} value={p}>
                  {t(`position.${p}`)} — {heldBy(p)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      <TextField label={t("routing.newCategory")} hint={t("routing.newCategoryHint")} value={newName} onValue={setNewName} maxLength={80} />
      {newName.trim() ? (
        <label class="field">
          <span class="field__label">{t("routing.position")}</span>
          <select class="field__input" value={newPosition} onChange={(event) => setNewPosition(event.currentTarget.value as Position | "")}>
            <option value="">{t("routing.noPosition")}</option>
            {POSITIONS.map((p) => (
              <option key={p} value={p}>
                {t(`position.${p}`)} — {heldBy(p)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {saved ? <p role="status">{t("routing.saved")}</p> : null}
      <Button type="submit" pending={pending} pendingLabel={t("actionForm.saving")}>
        {t("routing.save")}
      </Button>
    </form>
  );
}
