import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { FieldErrors } from "./FieldErrors";

export interface SelectFieldProps {
  /** For a form that names its inputs (focus, tests); a generated one otherwise. */
  id?: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** The `<option>`s. */
  children: ComponentChildren;
  disabled?: boolean;
  /** Messages shown under the select; it is marked invalid while there are any. */
  errors?: readonly string[] | undefined;
}

/** A labelled select with error messages, wired up for screen readers as `TextField` is. */
export function SelectField({ id: given, label, value, onValue, children, disabled, errors = [] }: SelectFieldProps) {
  const generated = useId();
  const id = given ?? generated;
  const errorId = `${id}-error`;
  const invalid = errors.length > 0;
  return (
    <div class={invalid ? "field field--invalid" : "field"}>
      <label class="field__label" for={id}>
        {label}
      </label>
      <select
        id={id}
        class="field__input"
        value={value}
        disabled={disabled}
        onChange={(event) => onValue(event.currentTarget.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
      >
        {children}
      </select>
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}
