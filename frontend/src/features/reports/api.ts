import { api } from "../../api/client";
import { call, type ApiResult } from "../../api/errors";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type Report = Schemas["ReportOut"];
export type Measures = Schemas["ReportMeasuresOut"];
export type PublicSummary = Schemas["ReportPublicOut"];
/** A count, or "< 5" (1–4 complaints), or "*" (hidden so that a "< 5" stays hidden). */
export type Cell = number | string;

export function fetchKecamatanReport(code: string, year: number): Promise<ApiResult<Report>> {
  return call(() =>
    api.GET("/api/v1/reports/kecamatan/{code}/", { params: { path: { code }, query: { period: "year", year } } }),
  );
}

export function fetchKabupatenReport(code: string, year: number): Promise<ApiResult<Report>> {
  return call(() =>
    api.GET("/api/v1/reports/kabupaten/{code}/", { params: { path: { code }, query: { period: "year", year } } }),
  );
}

export type Region = Schemas["RegionOut"];

/** The kabupaten an admin may pick (a public list). */
export function fetchKabupatens(): Promise<ApiResult<{ results: Region[] }>> {
  return call(() => api.GET("/api/v1/regions/", { params: { query: { level: "kabupaten", page_size: 100 } } }));
}

export function fetchDesaReport(code: string, year: number): Promise<ApiResult<Report>> {
  return call(() =>
    api.GET("/api/v1/reports/desa/{code}/", {
      params: { path: { code }, query: { period: "year", year, by: "category" } },
    }),
  );
}

export function fetchPublicSummary(code: string, year: number): Promise<ApiResult<PublicSummary>> {
  return call(() =>
    api.GET("/api/v1/reports/public/desa/{code}/", { params: { path: { code }, query: { year } } }),
  );
}

/** A cell as a number for charts and sorting: hidden cells count as nothing. */
export function cellValue(cell: Cell | null | undefined): number | null {
  return typeof cell === "number" ? cell : null;
}

/** A cell as text: hidden cells keep their marker. */
export function cellText(cell: Cell | null | undefined, suffix = ""): string {
  if (cell === null || cell === undefined) return "–";
  return typeof cell === "number" ? `${cell.toLocaleString("id-ID")}${suffix}` : cell;
}
