import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import DaysOffPage from "./DaysOffPage";

const fake = loggedInFakeApi();
const desa = { code: "32.07.10.2010", name: "Jagabaya" };

describe("DaysOffPage", () => {
  it("declares a day off and lists the deadlines it moved", async () => {
    let days: { date: string; reason: string }[] = [];
    fake.on("GET", "/api/v1/desa/32.07.10.2010/days-off/", () => json({ count: days.length, next: null, previous: null, results: days }));
    fake.on("POST", "/api/v1/desa/32.07.10.2010/days-off/", async (request) => {
      const body = (await request.json()) as { date: string; reason: string };
      days = [body];
      const moved = [
        { tracking_code: "JGB-7Q4K-M2XA", title: "Gorong-gorong tersumbat", due_before: "2099-01-09", due_after: "2099-01-12" },
      ];
      return json({ date: body.date, deadlines_moved: 3, moved }, 201);
    });
    render(<DaysOffPage desa={desa} />);
    expect(await screen.findByText("Belum ada hari libur desa tahun ini.")).toBeTruthy();

    fireEvent.input(screen.getByLabelText("Tanggal"), { target: { value: "2099-01-07" } });
    fireEvent.input(screen.getByLabelText(/^Alasan/), { target: { value: "Banjir" } });
    fireEvent.click(screen.getByRole("button", { name: "Tetapkan hari libur" }));

    expect(await screen.findByText(/Batas waktu 3 pengaduan bergeser\./)).toBeTruthy();
    expect(await screen.findByText("Banjir")).toBeTruthy();
    const moved = screen.getByRole("list", { name: "Batas waktu yang bergeser" });
    expect(moved.textContent).toContain("Gorong-gorong tersumbat: batas waktu 9 Januari 2099 menjadi 12 Januari 2099");
    expect(screen.getByRole("link", { name: "JGB-7Q4K-M2XA" }).getAttribute("href")).toBe("/staf/pengaduan/JGB-7Q4K-M2XA");
  });

  it("shows the server's reason under the date it refused", async () => {
    fake.on("GET", "/api/v1/desa/32.07.10.2010/days-off/", () => json({ count: 0, next: null, previous: null, results: [] }));
    fake.on("POST", "/api/v1/desa/32.07.10.2010/days-off/", () =>
      json({ code: "invalid", message: "x", fields: { date: ["Hari itu bukan hari kerja."] } }, 400),
    );
    render(<DaysOffPage desa={desa} />);
    fireEvent.input(await screen.findByLabelText("Tanggal"), { target: { value: "2099-01-10" } });
    fireEvent.input(screen.getByLabelText(/^Alasan/), { target: { value: "Hajat desa" } });
    fireEvent.click(screen.getByRole("button", { name: "Tetapkan hari libur" }));
    expect(await screen.findByText("Hari itu bukan hari kerja.")).toBeTruthy();
  });
});
