import { useStaffI18n } from "../../../i18n/staff";
import type { Level } from "../api";

/** Low, medium or high: the urgency or the impact of a complaint. */
export function LevelSelect({ id, label, hint, value, onValue }: { id: string; label: string; hint?: string | undefined; value: Level; onValue: (v: Level) => void }) {
  const { t } = useStaffI18n();
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <select id={id} class="field__input" aria-describedby={hint ? `${id}-hint` : undefined} value={value} onChange={(event) => onValue(event.currentTarget.value as Level)}>
        {(["low", "medium", "high"] as const).map((level) => (
          <option key={level} value={level}>
            {t(`level.${level}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
