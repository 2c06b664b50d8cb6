import { afterEach, describe, expect, it } from "vitest";
import { createFakeFetch, json, type FakeFetch } from "../testing/fakeFetch";
import { createApiClient } from "./client";
import { deviceId } from "./device";
import { createTokenStore, type TokenStore } from "./tokens";

const BASE = "http://api.test";
const ME = "/api/v1/me/";
const REFRESH = "/api/v1/auth/token/refresh/";

const me = { id: 1, username: "petugas.jagabaya", memberships: [] };
const unauthorised = () => json({ code: "token_not_valid", message: "expired", fields: {} }, 401);

function setup(locale = "id") {
  const fake = createFakeFetch();
  const tokens = createTokenStore(localStorage);
  tokens.set({ access: "access-1", refresh: "refresh-1" });
  const client = createApiClient({ baseUrl: BASE, tokens, getLocale: () => locale, fetch: fake.fetch });
  return { fake, tokens, client };
}

function bearer(request: Request | undefined) {
  return request?.headers.get("Authorization");
}

let current: { fake: FakeFetch; tokens: TokenStore } | undefined;
afterEach(() => {
  expect(current?.fake.unhandled ?? []).toEqual([]);
  current = undefined;
});

describe("API client middleware", () => {
  it("sends the access token and the current locale", async () => {
    const { fake, client, tokens } = (current = setup("en"));
    fake.on("GET", ME, () => json(me));

    const { data } = await client.GET(ME);

    expect(data).toEqual(me);
    expect(fake.requests).toHaveLength(1);
    expect(bearer(fake.requests[0])).toBe("Bearer access-1");
    expect(fake.requests[0]?.headers.get("Accept-Language")).toBe("en");
    expect(tokens.get()).toEqual({ access: "access-1", refresh: "refresh-1" });
  });

  it("sends the device token the browser keeps, the same on every request", async () => {
    const fake = createFakeFetch();
    const client = createApiClient({
      baseUrl: BASE,
      tokens: createTokenStore(localStorage),
      getLocale: () => "id",
      getDeviceId: deviceId,
      fetch: fake.fetch,
    });
    current = { fake, tokens: createTokenStore(localStorage) };
    fake.on("POST", "/api/v1/track/", () => json({}));

    await client.POST("/api/v1/track/", { body: { code: "PGD-1", pin: "123456" } });
    await client.POST("/api/v1/track/", { body: { code: "PGD-1", pin: "123456" } });

    const [first, second] = fake.requests.map((r) => r.headers.get("X-Device-Id"));
    expect(first).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(second).toBe(first);
    expect(localStorage.getItem("pd.device")).toBe(first);
  });

  it("sends no bearer to the login endpoint, only the locale", async () => {
    const { fake, client } = (current = setup());
    fake.on("POST", "/api/v1/auth/token/", () => json({ access: "a", refresh: "r" }));

    await client.POST("/api/v1/auth/token/", { body: { username: "u", password: "p" } });

    expect(bearer(fake.requests[0])).toBeNull();
    expect(fake.requests[0]?.headers.get("Accept-Language")).toBe("id");
  });

  it("refreshes once on a 401, stores the rotated pair and retries the request", async () => {
    const { fake, client, tokens } = (current = setup());
    fake.once("GET", ME, unauthorised).once("GET", ME, () => json(me));
    fake.on("POST", REFRESH, async (request) => {
      expect(await request.json()).toEqual({ refresh: "refresh-1" });
      return json({ access: "access-2", refresh: "refresh-2" });
    });

    const { data, response } = await client.GET(ME);

    expect(response.status).toBe(200);
    expect(data).toEqual(me);
    expect(fake.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      `GET ${ME}`,
      `POST ${REFRESH}`,
      `GET ${ME}`,
    ]);
    expect(bearer(fake.requests[1])).toBeNull();
    expect(bearer(fake.requests[2])).toBe("Bearer access-2");
    expect(tokens.get()).toEqual({ access: "access-2", refresh: "refresh-2" });
    expect(JSON.parse(localStorage.getItem("pd.session") ?? "null")).toEqual({
      access: "access-2",
      refresh: "refresh-2",
    });
  });

  it("retries a request with a body using an untouched copy of that body", async () => {
    const { fake, client } = (current = setup());
    // The contract has no authenticated POST yet; this untyped call stands in for the
    // complaint forms to come, whose bodies must survive the retry.
    const untyped = client as unknown as {
      POST(url: string, init: { body: unknown }): Promise<{ response: Response }>;
    };
    const bodies: unknown[] = [];
    fake.on("POST", "/api/v1/complaints/", async (request) => {
      bodies.push(await request.json());
      return bodies.length === 1 ? unauthorised() : json({ id: 7 }, 201);
    });
    fake.on("POST", REFRESH, () => json({ access: "access-2", refresh: "refresh-2" }));

    const { response } = await untyped.POST("/api/v1/complaints/", { body: { summary: "Jalan rusak" } });

    expect(response.status).toBe(201);
    expect(bodies).toEqual([{ summary: "Jalan rusak" }, { summary: "Jalan rusak" }]);
  });

  it("clears the session when the refresh is refused, and does not retry", async () => {
    const { fake, client, tokens } = (current = setup());
    fake.on("GET", ME, unauthorised);
    fake.on("POST", REFRESH, unauthorised);

    const { error, response } = await client.GET(ME);

    expect(response.status).toBe(401);
    expect(error).toMatchObject({ code: "token_not_valid" });
    expect(fake.requests).toHaveLength(2);
    expect(tokens.get()).toBeNull();
    expect(localStorage.getItem("pd.session")).toBeNull();
  });

  it("clears the session when the retried request is refused again", async () => {
    const { fake, client, tokens } = (current = setup());
    fake.on("GET", ME, unauthorised);
    fake.on("POST", REFRESH, () => json({ access: "access-2", refresh: "refresh-2" }));

    const { response } = await client.GET(ME);

    expect(response.status).toBe(401);
    expect(fake.requests).toHaveLength(3);
    expect(tokens.get()).toBeNull();
  });

  it("shares one refresh between concurrent 401s (the refresh token is single-use)", async () => {
    const { fake, client, tokens } = (current = setup());
    let refreshes = 0;
    fake.on("GET", ME, (request) => (bearer(request) === "Bearer access-2" ? json(me) : unauthorised()));
    fake.on("POST", REFRESH, async () => {
      refreshes += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return json({ access: "access-2", refresh: "refresh-2" });
    });

    const results = await Promise.all([client.GET(ME), client.GET(ME), client.GET(ME)]);

    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(refreshes).toBe(1);
    expect(tokens.get()?.refresh).toBe("refresh-2");
  });

  it("leaves an anonymous 401 alone: nothing to refresh", async () => {
    const { fake, client, tokens } = (current = setup());
    tokens.set(null);
    fake.on("GET", ME, unauthorised);

    const { response } = await client.GET(ME);

    expect(response.status).toBe(401);
    expect(fake.requests).toHaveLength(1);
    expect(bearer(fake.requests[0])).toBeNull();
  });
});
