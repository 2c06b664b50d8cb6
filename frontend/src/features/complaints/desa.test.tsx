import { render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeFetch, json, type FakeFetch } from "../../testing/fakeFetch";
import { prefetchDesa, useCategories, useRegion } from "./desa";
import { lastDesa } from "./lastDesa";

let fake: FakeFetch;

beforeEach(() => {
  fake = createFakeFetch();
  vi.stubGlobal("fetch", fake.fetch);
});

afterEach(() => {
  expect(fake.unhandled).toEqual([]);
});

describe("useRegion", () => {
  it("renders the page twice, loading and loaded, and fetches the desa once a visit", async () => {
    fake.on("GET", "/api/v1/regions/32.07.10.2004/", () =>
      json({ code: "32.07.10.2004", name: "Nagarajati", level: "desa", parent: null, timezone: "Asia/Jakarta", contact: null }),
    );
    let renders = 0;
    function Probe() {
      renders += 1;
      const region = useRegion("32.07.10.2004");
      return <p>{region.kind === "loaded" ? region.data.name : "…"}</p>;
    }

    const first = render(<Probe />);
    await screen.findByText("Nagarajati");
    expect(renders).toBe(2);
    first.unmount();
    render(<Probe />);
    await screen.findByText("Nagarajati");

    expect(fake.requests).toHaveLength(1);
    // The home page offers it first from now on.
    expect(lastDesa()).toEqual({ code: "32.07.10.2004", name: "Nagarajati" });
  });

  it("remembers a desa only, not a kecamatan or a code that failed", async () => {
    fake.on("GET", "/api/v1/regions/32.07.10/", () =>
      json({ code: "32.07.10", name: "Panawangan", level: "kecamatan", parent: null, timezone: "Asia/Jakarta", contact: null }),
    );
    fake.on("GET", "/api/v1/regions/99.99.99.9999/", () =>
      json({ code: "not_found", message: "Tidak ditemukan.", fields: {} }, 404),
    );
    function Probe({ code }: { code: string }) {
      const region = useRegion(code);
      return <p>{region.kind}</p>;
    }

    render(<Probe code="32.07.10" />);
    render(<Probe code="99.99.99.9999" />);
    await screen.findByText("loaded");
    await screen.findByText("failed");

    expect(lastDesa()).toBeNull();
  });

  it("keeps the desa and its categories on the phone when its page loads, for the form to open offline", async () => {
    const code = "32.07.10.2011";
    const region = { code, name: "Kertawinangun", level: "desa", parent: null, timezone: "Asia/Jakarta", contact: null };
    const categories = [{ slug: "infrastruktur", name: "Infrastruktur", icon: "road" }];
    fake.on("GET", `/api/v1/regions/${code}/`, () => json(region));
    fake.on("GET", `/api/v1/desa/${code}/categories/`, () => json(categories));

    prefetchDesa(code);

    await vi.waitFor(() => expect(localStorage.getItem(`pd.offline.categories.${code}`)).toBe(JSON.stringify(categories)));
    expect(JSON.parse(localStorage.getItem(`pd.offline.region.${code}`) ?? "null")).toEqual(region);
  });

  it("without a signal, reads the categories kept from an earlier visit", async () => {
    const code = "32.07.10.2012";
    localStorage.setItem(`pd.offline.categories.${code}`, JSON.stringify([{ slug: "lingkungan", name: "Lingkungan" }]));
    fake.on("GET", `/api/v1/desa/${code}/categories/`, () => {
      throw new TypeError("Failed to fetch");
    });
    function Probe() {
      const loaded = useCategories(code);
      return <p>{loaded.kind === "loaded" ? loaded.data.map((c) => c.name).join(",") : loaded.kind}</p>;
    }

    render(<Probe />);

    expect(await screen.findByText("Lingkungan")).toBeTruthy();
  });
});
