/**
 * What a failed call looks like to the UI. Every API error body is
 * `{code, message, fields}`; `message` is dropped on purpose: the UI shows its
 * own `errors.<code>` text, never the server's. `status` 0 means no answer
 * reached us (offline, DNS, CORS).
 */
export interface ApiFailure {
  readonly status: number;
  readonly code: string;
  readonly fields: Readonly<Record<string, readonly string[]>>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

const FALLBACK_CODES: Readonly<Record<number, string>> = {
  400: "invalid",
  401: "not_authenticated",
  403: "permission_denied",
  404: "not_found",
  429: "throttled",
};

function fallbackCode(status: number): string {
  return FALLBACK_CODES[status] ?? (status >= 500 ? "server_error" : "generic");
}

/** Reads an error body defensively: a proxy's HTML error page must not crash the UI. */
export function toApiFailure(status: number, body: unknown): ApiFailure {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const code =
    typeof record["code"] === "string" && record["code"] !== "" ? record["code"] : fallbackCode(status);
  const fields: Record<string, string[]> = {};
  const rawFields = record["fields"];
  if (typeof rawFields === "object" && rawFields !== null) {
    for (const [name, messages] of Object.entries(rawFields)) {
      const list = Array.isArray(messages) ? messages : [messages];
      const strings = list.filter((m): m is string => typeof m === "string" && m !== "");
      if (strings.length > 0) fields[name] = strings;
    }
  }
  return { status, code, fields };
}

/**
 * The messages of fields a form has no input for (DRF's `non_field_errors`, a value the form
 * sends but does not show): the form's alert lists them, so no refusal goes unexplained.
 */
export function messagesBesides(failure: ApiFailure | null, shown: readonly string[]): string[] {
  if (!failure) return [];
  return Object.entries(failure.fields)
    .filter(([name]) => !shown.includes(name))
    .flatMap(([, messages]) => messages);
}

export const NETWORK_FAILURE: ApiFailure = { status: 0, code: "network", fields: {} };

/**
 * Runs one openapi-fetch call and folds its three outcomes (data, error body,
 * thrown network error) into one `ApiResult`.
 */
export async function call<T>(
  run: () => Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<ApiResult<T>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await run();
  } catch (error) {
    if (error instanceof TypeError || (error instanceof DOMException && error.name === "AbortError")) {
      return { ok: false, error: NETWORK_FAILURE };
    }
    throw error;
  }
  const { data, error, response } = result;
  if (response.ok) return { ok: true, data: data as T };
  return { ok: false, error: toApiFailure(response.status, error) };
}
