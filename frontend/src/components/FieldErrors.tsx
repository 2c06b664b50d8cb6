/** A field's error messages under its input, under the id its `aria-describedby` names; nothing
 * while there are none. */
export function FieldErrors({ id, errors }: { id: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="field__error" id={id}>
      {errors.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
