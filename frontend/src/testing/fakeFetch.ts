/**
 * A fake network edge for unit tests: pass `fake.fetch` as openapi-fetch's
 * `fetch` option (or stub the global fetch with it). Requests are matched by
 * method and path; a request with no handler rejects and is remembered, so a
 * test fails on any call it did not expect.
 */
export type Handler = (request: Request) => Response | Promise<Response>;

export interface FakeFetch {
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** Answers every matching request. */
  on(method: string, path: string, handler: Handler): FakeFetch;
  /** Answers the next matching request only; checked before `on` handlers, in order. */
  once(method: string, path: string, handler: Handler): FakeFetch;
  /** Every request that reached the fake, in order. */
  readonly requests: Request[];
  /** Requests that had no handler. */
  readonly unhandled: string[];
}

export class UnhandledRequestError extends Error {
  override name = "UnhandledRequestError";
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export function createFakeFetch(): FakeFetch {
  const persistent = new Map<string, Handler>();
  const queued = new Map<string, Handler[]>();
  const requests: Request[] = [];
  const unhandled: string[] = [];
  const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

  const fake: FakeFetch = {
    requests,
    unhandled,
    on(method, path, handler) {
      persistent.set(keyOf(method, path), handler);
      return fake;
    },
    once(method, path, handler) {
      const key = keyOf(method, path);
      queued.set(key, [...(queued.get(key) ?? []), handler]);
      return fake;
    },
    async fetch(input, init) {
      const request = input instanceof Request && !init ? input : new Request(input, init);
      requests.push(request);
      const key = keyOf(request.method, new URL(request.url).pathname);
      const handler = queued.get(key)?.shift() ?? persistent.get(key);
      if (!handler) {
        unhandled.push(key);
        throw new UnhandledRequestError(`Unhandled request in test: ${key}`);
      }
      return handler(request);
    },
  };
  return fake;
}
