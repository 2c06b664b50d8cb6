import { screen } from "@testing-library/preact";

/** The error message shown under the input labelled `label`, or null when it is valid. */
export function fieldError(label: string): string | null | undefined {
  const input = screen.getByLabelText(label);
  if (input.getAttribute("aria-invalid") !== "true") return null;
  const ids = input.getAttribute("aria-describedby")?.split(" ") ?? [];
  return document.getElementById(ids[ids.length - 1] ?? "")?.textContent;
}
