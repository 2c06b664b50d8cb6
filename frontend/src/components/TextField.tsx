import type { InputHTMLAttributes } from "preact";
import { useId } from "preact/hooks";
import { FieldErrors } from "./FieldErrors";

type NativeInputProps = Omit<
  InputHTMLAttributes,
  "id" | "class" | "className" | "value" | "onInput"
>;

export interface TextFieldProps extends NativeInputProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string | undefined;
  /** Messages shown under the input; the input is marked invalid while there are any. */
  errors?: readonly string[] | undefined;
}

/** A labelled input with optional hint and error messages, wired up for screen readers. */
export function TextField({ label, value, onValue, hint, errors = [], ...rest }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = errors.length > 0;
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(" ");

  return (
    <div class={invalid ? "field field--invalid" : "field"}>
      <label class="field__label" for={id}>
        {label}
      </label>
      {hint ? (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        {...rest}
        id={id}
        class="field__input"
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy || undefined}
      />
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}
