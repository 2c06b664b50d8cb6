import type { TextareaHTMLAttributes } from "preact";
import { useId } from "preact/hooks";
import { FieldErrors } from "./FieldErrors";

type NativeProps = Omit<TextareaHTMLAttributes, "id" | "class" | "className" | "value" | "onInput">;

export interface TextAreaProps extends NativeProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string | undefined;
  errors?: readonly string[] | undefined;
}

/** A labelled multi-line input, wired up like TextField. */
export function TextArea({ label, value, onValue, hint, errors = [], rows = 4, ...rest }: TextAreaProps) {
  const id = useId();
  const invalid = errors.length > 0;
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div class={invalid ? "field field--invalid" : "field"}>
      <label class="field__label" for={id}>
        {label}
      </label>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea
        {...rest}
        id={id}
        rows={rows}
        class="field__input field__input--area"
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy || undefined}
      />
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}
