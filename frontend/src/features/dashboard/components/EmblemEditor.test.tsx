import { fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenStore } from "../../../api/tokens";
import { createFakeFetch, json, type FakeFetch } from "../../../testing/fakeFetch";
import { EmblemEditor } from "./EmblemEditor";

const CODE = "32.07.10.2010";
let fake: FakeFetch;

function emblemOf(region: string, version: string) {
  const base = `/api/v1/regions/${region}/emblem/${version}`;
  return { region, png_64: `${base}/64.png`, png_128: `${base}/128.png`, webp_64: `${base}/64.webp`, webp_128: `${base}/128.webp` };
}

function regionWith(emblem: ReturnType<typeof emblemOf> | null) {
  return { code: CODE, name: "Jagabaya", level: "desa", parent: null, timezone: "Asia/Jakarta", contact: null, emblem };
}

function choose(file: File) {
  const input = screen.getByLabelText("Pilih gambar lambang");
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  fireEvent.change(input);
}

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
  tokenStore.set({ access: "a1", refresh: "r1" });
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

describe("EmblemEditor", () => {
  it("uploads the chosen image as the desa's emblem, shows it and tells the app", async () => {
    fake.on("GET", `/api/v1/regions/${CODE}/`, () => json(regionWith(emblemOf("32.07", "k1"))));
    let sent: FormDataEntryValue | null = null;
    fake.on("PUT", `/api/v1/desa/${CODE}/emblem/`, async (request) => {
      sent = (await request.formData()).get("emblem");
      return json({ own: true, emblem: emblemOf(CODE, "v2") });
    });
    const changed = vi.fn();
    render(<EmblemEditor desa={CODE} onChanged={changed} />);
    expect(await screen.findByText(/menampilkan lambang kabupaten/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Hapus lambang desa" })).toBeNull();

    choose(new File(["png bytes"], "lambang.png", { type: "image/png" }));

    expect(await screen.findByText("Lambang desa disimpan.")).toBeTruthy();
    expect(sent).toBeInstanceOf(File);
    expect((sent as unknown as File).name).toBe("lambang.png");
    expect(screen.getByRole("img", { name: "Lambang yang tampil sekarang" }).getAttribute("src")).toBe(`/api/v1/regions/${CODE}/emblem/v2/64.png`);
    expect(screen.getByText("Halaman desa menampilkan lambang desa ini.")).toBeTruthy();
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it("shows the server's reason when the file is not an image it takes", async () => {
    fake.on("GET", `/api/v1/regions/${CODE}/`, () => json(regionWith(null)));
    fake.on("PUT", `/api/v1/desa/${CODE}/emblem/`, () =>
      json({ code: "invalid", message: "x", fields: { emblem: ["Kirim lambang sebagai gambar PNG, JPEG atau WebP."] } }, 400),
    );
    const changed = vi.fn();
    render(<EmblemEditor desa={CODE} onChanged={changed} />);
    expect(await screen.findByText("Halaman desa belum menampilkan lambang.")).toBeTruthy();

    choose(new File(["<svg/>"], "lambang.png", { type: "image/png" }));

    expect((await screen.findByRole("alert")).textContent).toBe("Kirim lambang sebagai gambar PNG, JPEG atau WebP.");
    expect(changed).not.toHaveBeenCalled();
  });

  it("removes the desa's own emblem, back to the kabupaten's", async () => {
    fake.on("GET", `/api/v1/regions/${CODE}/`, () => json(regionWith(emblemOf(CODE, "v1"))));
    fake.on("DELETE", `/api/v1/desa/${CODE}/emblem/`, () => json({ own: false, emblem: emblemOf("32.07", "k1") }));
    render(<EmblemEditor desa={CODE} />);

    fireEvent.click(await screen.findByRole("button", { name: "Hapus lambang desa" }));

    expect(await screen.findByText("Lambang desa dihapus.")).toBeTruthy();
    expect(screen.getByText(/menampilkan lambang kabupaten/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Hapus lambang desa" })).toBeNull();
  });
});
