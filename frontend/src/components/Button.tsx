import type { ButtonHTMLAttributes, ComponentChildren } from "preact";

type NativeButtonProps = Omit<ButtonHTMLAttributes, "class" | "className">;

export interface ButtonProps extends NativeButtonProps {
  /** While true the button is disabled and shows `pendingLabel`. */
  pending?: boolean;
  pendingLabel?: string;
  variant?: "primary" | "secondary" | "danger";
  children: ComponentChildren;
}

/**
 * A button that blocks a second press while its action runs. `disabled` alone
 * is not enough for forms (Enter in a field still submits), so forms also check
 * their own pending flag.
 */
export function Button({
  pending = false,
  pendingLabel,
  variant = "primary",
  disabled,
  children,
  type = "button",
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      class={`button button--${variant}`}
      disabled={pending || disabled}
      aria-busy={pending || undefined}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
