/** A form's error summary: what went wrong, then the server's messages that belong to no field. */
export function FormAlert({ message, details }: { message: string | null; details: readonly string[] }) {
  if (message === null) return null;
  return (
    <div class="alert alert--error" role="alert">
      <p>{message}</p>
      {details.map((detail) => (
        <p key={detail}>{detail}</p>
      ))}
    </div>
  );
}
