import type { ComponentChildren } from "preact";
import { Button } from "./Button";

/** A page whose data is on its way: announced to screen readers, marked busy. */
export function LoadingPage({ label, title }: { label: string; title?: string }) {
  return (
    <section class="page" aria-busy="true">
      {title ? <h1>{title}</h1> : null}
      <p role="status">{label}</p>
    </section>
  );
}

interface FailedPageProps {
  title: string;
  message: string;
  /** Shown with `onRetry`; leave both out when trying again cannot help (a 404). */
  retryLabel?: string;
  onRetry?: (() => void) | undefined;
  children?: ComponentChildren;
}

/** A page whose data could not be read: what went wrong and, where it may help, a retry. */
export function FailedPage({ title, message, retryLabel, onRetry, children }: FailedPageProps) {
  return (
    <section class="page">
      <h1>{title}</h1>
      <div class="alert alert--error" role="alert">
        <p>{message}</p>
      </div>
      {onRetry && retryLabel ? (
        <Button variant="secondary" onClick={onRetry}>
          {retryLabel}
        </Button>
      ) : null}
      {children}
    </section>
  );
}
