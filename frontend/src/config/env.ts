/**
 * Build-time configuration from VITE_* variables, checked once at start-up.
 * A bad value stops the app with a list of every bad variable, instead of
 * failing later on the first request.
 */
export interface Env {
  /** Prefix for API calls; "" means the same origin that served the app. */
  readonly apiBase: string;
}

// "" (same origin), an absolute path ("/desa-x"), or an http(s) origin with an optional path;
// never a trailing slash, because the API paths start with one.
const API_BASE = /^(?:|\/[^\s?#]*[^\s?#/]|https?:\/\/[^\s/?#]+(?:\/[^\s?#]*[^\s?#/])?)$/;

export function parseEnv(raw: Readonly<Record<string, unknown>>): Env {
  const problems: string[] = [];

  const rawApiBase = raw["VITE_API_BASE"] ?? "";
  let apiBase = "";
  if (typeof rawApiBase === "string" && API_BASE.test(rawApiBase)) {
    apiBase = rawApiBase;
  } else {
    problems.push(
      `VITE_API_BASE=${JSON.stringify(rawApiBase)}: use "" (same origin), a path such as "/x" ` +
        `or an http(s) URL, without a trailing slash`,
    );
  }

  if (problems.length > 0) {
    throw new Error(`Invalid environment variables:\n- ${problems.join("\n- ")}`);
  }
  return { apiBase };
}

export const env: Env = parseEnv(import.meta.env);
