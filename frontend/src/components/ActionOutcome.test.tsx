import { render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { ActionOutcome } from "./ActionOutcome";

describe("ActionOutcome", () => {
  it("keeps its live region when nothing is done yet, so what appears later is heard", () => {
    const { container } = render(<ActionOutcome done={null} failure={null} />);
    expect(container.querySelector("[aria-live=polite]")?.textContent).toBe("");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says what was done as a status and what failed as an alert", () => {
    render(<ActionOutcome done="Templat disimpan." failure="Koneksi terputus." />);
    expect(screen.getByRole("status").textContent).toBe("Templat disimpan.");
    expect(screen.getByRole("alert").textContent).toBe("Koneksi terputus.");
  });
});
