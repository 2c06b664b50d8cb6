import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { FieldErrors } from "./FieldErrors";

export interface Choice<V extends string> {
  value: V;
  label: string;
  hint?: string | undefined;
  icon?: ComponentChildren;
}

export interface ChoicesProps<V extends string> {
  legend: string;
  name: string;
  value: V | "";
  options: readonly Choice<V>[];
  onValue: (value: V) => void;
  hint?: string | undefined;
  errors?: readonly string[] | undefined;
  /** "grid" lays the options out two a row (categories with icons). */
  layout?: "list" | "grid";
}

/** A group of large radio buttons in a fieldset: the whole card is the touch target. */
export function Choices<V extends string>({
  legend,
  name,
  value,
  options,
  onValue,
  hint,
  errors = [],
  layout = "list",
}: ChoicesProps<V>) {
  const id = useId();
  const invalid = errors.length > 0;
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <fieldset
      class={invalid ? "field choices field--invalid" : "field choices"}
      aria-describedby={describedBy || undefined}
    >
      <legend class="field__label">{legend}</legend>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div class={`choices__options choices__options--${layout}`}>
        {options.map((option) => (
          <label key={option.value} class="choice">
            <input
              type="radio"
              class="choice__input"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onValue(option.value)}
            />
            {option.icon ? <span class="choice__icon">{option.icon}</span> : null}
            <span class="choice__text">
              <span class="choice__label">{option.label}</span>
              {option.hint ? <span class="choice__hint">{option.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}
