import { browserStorage } from "../../lib/store";

// The desa whose page this phone opened last: the installed app starts at "/", and a
// resident should find their own desa there without searching for it again.
const KEY = "pd.desa";

export interface KnownDesa {
  code: string;
  name: string;
}

export function rememberDesa(desa: KnownDesa): void {
  try {
    browserStorage()?.setItem(KEY, JSON.stringify({ code: desa.code, name: desa.name }));
  } catch {
    // Storage full or refused: the home page then simply offers the search.
  }
}

export function lastDesa(): KnownDesa | null {
  try {
    const saved: unknown = JSON.parse(browserStorage()?.getItem(KEY) ?? "null");
    if (typeof saved !== "object" || saved === null) return null;
    const { code, name } = saved as Record<string, unknown>;
    return typeof code === "string" && typeof name === "string" ? { code, name } : null;
  } catch {
    return null;
  }
}
