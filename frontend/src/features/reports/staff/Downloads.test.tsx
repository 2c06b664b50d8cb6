import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import { Downloads } from "./Downloads";

const fake = loggedInFakeApi();
const FILE = "/api/v1/reports/desa/32.07.10.2010/file/pdf/";

let saved: string[];

beforeEach(() => {
  fake.on("GET", FILE, () => new Response(new Blob(["%PDF-1.7"]), { headers: { "Content-Type": "application/pdf" } }));
  saved = [];
  vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:report");
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
});

const asked = () => [...new URL(fake.requests.at(-1)?.url ?? "http://x/").searchParams].map(([k, v]) => `${k}=${v}`);

describe("Downloads", () => {
  it("gives the year's report, or one month's for a monthly BPD meeting", async () => {
    render(<Downloads level="desa" code="32.07.10.2010" year={2026} />);

    fireEvent.click(screen.getByRole("button", { name: "Unduh PDF" }));
    await waitFor(() => expect(saved).toEqual(["laporan-32.07.10.2010-2026.pdf"]));
    expect(asked()).toEqual(["period=year", "year=2026"]);

    const period = screen.getByRole("combobox", { name: "Periode berkas laporan" });
    expect(screen.getByRole("option", { name: "Setahun 2026" })).toBeTruthy();
    fireEvent.change(period, { target: { value: "11" } });
    fireEvent.click(screen.getByRole("button", { name: "Unduh PDF" }));
    await waitFor(() => expect(saved).toEqual(["laporan-32.07.10.2010-2026.pdf", "laporan-32.07.10.2010-2026-11.pdf"]));
    expect(asked()).toEqual(["period=month", "year=2026", "month=11"]);
    expect(screen.getByRole("option", { name: "November 2026" })).toBeTruthy();
  });
});
