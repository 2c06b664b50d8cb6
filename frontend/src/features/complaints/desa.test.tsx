import { render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeFetch, json, type FakeFetch } from "../../testing/fakeFetch";
import { useRegion } from "./desa";

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
  });
});
