import { render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeFetch, json, type FakeFetch } from "../../testing/fakeFetch";
import { useRegion } from "./desa";
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
});
