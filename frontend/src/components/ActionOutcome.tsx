/**
 * What the last action on a page came to: `done` in a polite live region (always present,
 * so screen readers hear what appears in it), `failure` as an alert. Both already in words.
 */
export function ActionOutcome({ done, failure }: { done: string | null; failure: string | null }) {
  return (
    <>
      <div aria-live="polite">
        {done ? (
          <div class="alert alert--success" role="status">
            <p>{done}</p>
          </div>
        ) : null}
      </div>
      {failure ? (
        <div class="alert alert--error" role="alert">
          <p>{failure}</p>
        </div>
      ) : null}
    </>
  );
}
