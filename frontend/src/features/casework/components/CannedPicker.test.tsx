import { fireEvent, render, screen } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TextArea } from "../../../components/TextArea";
import { json } from "../../../testing/fakeFetch";
import { loggedInFakeApi } from "../../../testing/loggedInApi";
import { CannedPicker, withTemplate } from "./CannedPicker";

const fake = loggedInFakeApi();
const LIST = "/api/v1/desa/32.07.10.2010/canned-answers/";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The picker beside a draft, as the complaint page puts them. */
function Draft({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  return (
    <>
      <CannedPicker desa="32.07.10.2010" category="infrastruktur" use="answer" onInsert={(t) => setText((d) => withTemplate(d, t))} />
      <TextArea label="Jawaban" value={text} onValue={setText} />
    </>
  );
}

describe("CannedPicker", () => {
  it("asks for nothing until opened, then inserts the chosen template into the draft, which stays editable", async () => {
    fake.on("GET", LIST, () =>
      json({
        count: 2,
        next: null,
        previous: null,
        results: [
          { id: 1, title: "Jalan rusak", body: "Sudah kami teruskan.", use: "answer", category: "infrastruktur", category_name: "Infrastruktur", updated_at: "2026-03-02T02:00:00Z" },
          { id: 2, title: "Umum", body: "Terima kasih atas laporannya.", use: "answer", category: null, category_name: null, updated_at: "2026-03-02T02:00:00Z" },
        ],
      }),
    );
    render(<Draft initial="Yth. Bapak/Ibu," />);
    expect(fake.requests).toHaveLength(0);

    fireEvent.click(screen.getByRole("button", { name: "Sisipkan jawaban templat" }));
    const choice = await screen.findByLabelText("Templat");
    const asked = new URL(fake.requests[0]?.url ?? "http://x").searchParams;
    expect([asked.get("category"), asked.get("use")]).toEqual(["infrastruktur", "answer"]);
    fireEvent.change(choice, { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Sisipkan ke draf" }));

    const draft = screen.getByLabelText<HTMLTextAreaElement>("Jawaban");
    expect(draft.value).toBe("Yth. Bapak/Ibu,\n\nTerima kasih atas laporannya.");
    fireEvent.input(draft, { target: { value: `${draft.value} Jalan diperbaiki Senin.` } });
    expect(draft.value).toMatch(/Jalan diperbaiki Senin\.$/);
  });

  it("says when the desa has no template for the category", async () => {
    fake.on("GET", LIST, () => json({ count: 0, next: null, previous: null, results: [] }));
    render(<Draft initial="" />);
    fireEvent.click(screen.getByRole("button", { name: "Sisipkan jawaban templat" }));
    expect(await screen.findByText("Belum ada templat untuk kategori ini.")).toBeTruthy();
  });

  it("fills an empty draft with the template alone", () => {
    expect(withTemplate("  ", "Teks")).toBe("Teks");
    expect(withTemplate("Halo  ", "Teks")).toBe("Halo\n\nTeks");
  });
});
