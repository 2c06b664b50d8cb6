import { api } from "../../api/client";
import { call, type ApiResult } from "../../api/errors";
import type { components, operations } from "../../api/schema";

export type IdentityAccessPage = components["schemas"]["PaginatedIdentityAccessOutList"];
export type ComplaintPage = components["schemas"]["PaginatedComplaintListOutList"];
export type DesaCounts = components["schemas"]["ComplaintCountsOut"];
type ListQuery = NonNullable<operations["complaints_list"]["parameters"]["query"]>;

export function fetchIdentityAccess(desa: string, page: number): Promise<ApiResult<IdentityAccessPage>> {
  return call(() =>
    api.GET("/api/v1/desa/{code}/identity-access/", {
      params: { path: { code: desa }, query: { page, page_size: 20 } },
    }),
  );
}

export function listComplaints(query: ListQuery): Promise<ApiResult<ComplaintPage>> {
  return call(() =>
    api.GET("/api/v1/complaints/", { params: { query }, querySerializer: { array: { style: "form", explode: false } } }),
  );
}

/** The desa's counts per state and its open, overdue and escalated figures (village head). */
export function fetchDesaCounts(desa: string): Promise<ApiResult<DesaCounts>> {
  return call(() => api.GET("/api/v1/desa/{code}/complaint-counts/", { params: { path: { code: desa } } }));
}

export type DesaRouting = components["schemas"]["DesaRoutingOut"];
export type DesaRoutingBody = components["schemas"]["DesaRoutingInRequest"];
export type StrandedComplaint = components["schemas"]["StrandedComplaintOut"];

/** Each category's position, the fallback chain, and who holds which position now. */
export function fetchRouting(desa: string): Promise<ApiResult<DesaRouting>> {
  return call(() => api.GET("/api/v1/desa/{code}/routing/", { params: { path: { code: desa } } }));
}

/** The village head changes the routing (and may add categories). */
export function saveRouting(desa: string, body: DesaRoutingBody): Promise<ApiResult<DesaRouting>> {
  return call(() => api.PUT("/api/v1/desa/{code}/routing/", { params: { path: { code: desa } }, body }));
}

/** Open complaints whose holder left the position. */
export function fetchStranded(desa: string): Promise<ApiResult<StrandedComplaint[]>> {
  return call(() => api.GET("/api/v1/desa/{code}/complaints-stranded/", { params: { path: { code: desa } } }));
}

export type RegionPage = components["schemas"]["PaginatedRegionOutList"];

/** The desa of a kecamatan (a public list: names and codes only). */
export function listDesaOf(kecamatan: string): Promise<ApiResult<RegionPage>> {
  return call(() =>
    api.GET("/api/v1/regions/", { params: { query: { parent: kecamatan, level: "desa", page_size: 100 } } }),
  );
}

export type DayOff = components["schemas"]["DesaDayOffOut"];
export type DayOffPage = components["schemas"]["PaginatedDesaDayOffOutList"];
export type DayOffChanged = components["schemas"]["DesaDayOffChangedOut"];
export type MovedDeadline = components["schemas"]["MovedDeadlineOut"];

/** The days the desa declared off in a year, newest first. */
export function listDaysOff(desa: string, year: number): Promise<ApiResult<DayOffPage>> {
  return call(() =>
    api.GET("/api/v1/desa/{code}/days-off/", { params: { path: { code: desa }, query: { year, page_size: 100 } } }),
  );
}

/** The village head declares a working day off; running deadlines move by it. */
export function addDayOff(desa: string, date: string, reason: string): Promise<ApiResult<DayOffChanged>> {
  return call(() => api.POST("/api/v1/desa/{code}/days-off/", { params: { path: { code: desa } }, body: { date, reason } }));
}

/** Withdraws a day off not yet passed; the deadlines it moved move back. */
export function removeDayOff(desa: string, day: string): Promise<ApiResult<DayOffChanged>> {
  return call(() => api.DELETE("/api/v1/desa/{code}/days-off/{day}/", { params: { path: { code: desa, day } } }));
}

export type RegisterPage = components["schemas"]["PaginatedRegisterRowOutList"];
export type RegisterRow = components["schemas"]["RegisterRowOut"];
export type RegisterCheck = components["schemas"]["RegisterVerifyOut"];
export type ExportJob = components["schemas"]["RegisterExportJobOut"];
export type ExportFormat = "pdf" | "xlsx" | "csv";
type RegisterQuery = NonNullable<operations["register_list"]["parameters"]["query"]>;

/** What the book is narrowed to: the same filters for the screen and the printed file. */
export type RegisterFilters = Omit<RegisterQuery, "page" | "page_size" | "with_identity">;
type ExportFilters = Omit<components["schemas"]["RegisterExportInRequest"], "with_identity">;

function withoutEmpty(filters: RegisterFilters): Partial<RegisterFilters> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ""));
}
export type AnnotationField = components["schemas"]["FieldEnum"];
export type RegisterStatus = components["schemas"]["StatusEnum"];
export type RegisterChannel = components["schemas"]["ChannelEnum"];
export type DesaCategory = components["schemas"]["CategoryOut"];

/** The desa's categories, for the book's category filter. */
export function fetchDesaCategories(desa: string): Promise<ApiResult<DesaCategory[]>> {
  return call(() => api.GET("/api/v1/desa/{code}/categories/", { params: { path: { code: desa } } }));
}

/** A correction beside an entry (intake officer, village head); the entry never changes. */
export function annotateRegister(
  desa: string,
  year: number,
  number: number,
  body: { field: AnnotationField; text: string; reason: string },
): Promise<ApiResult<unknown>> {
  return call(() =>
    api.POST("/api/v1/desa/{code}/register/{year}/{number}/annotations/", {
      params: { path: { code: desa, year, number } },
      body,
    }),
  );
}

/** One page of the desa's register book (reporters' names only with `with_identity`, logged). */
export function listRegister(desa: string, query: RegisterQuery): Promise<ApiResult<RegisterPage>> {
  return call(() => api.GET("/api/v1/desa/{code}/register/", { params: { path: { code: desa }, query } }));
}

/** Walks the book's hash chain and reports the first broken link, per year. */
export function checkRegister(desa: string): Promise<ApiResult<RegisterCheck>> {
  return call(() => api.GET("/api/v1/desa/{code}/register/verify/", { params: { path: { code: desa } } }));
}

/**
 * Prints the year's book: a small one comes back at once (a file), a large one is built by
 * the worker (a job to follow with `fetchExportJob`).
 */
export async function exportRegister(
  desa: string,
  format: ExportFormat,
  filters: RegisterFilters,
  withIdentity: boolean,
): Promise<ApiResult<{ file: Blob } | { job: ExportJob }>> {
  const result = await call(() =>
    api.POST("/api/v1/desa/{code}/register/export/{file_format}/", {
      params: { path: { code: desa, file_format: format } },
      // A filter left empty ("any") is not sent: the export's body takes only real values.
      body: { ...(withoutEmpty(filters) as ExportFilters), with_identity: withIdentity },
      parseAs: "blob",
    }),
  );
  if (!result.ok) return result;
  const blob = result.data;
  if (blob.type.startsWith("application/json")) {
    return { ok: true, data: { job: JSON.parse(await blob.text()) as ExportJob } };
  }
  return { ok: true, data: { file: blob } };
}

export function fetchExportJob(token: string): Promise<ApiResult<ExportJob>> {
  return call(() => api.GET("/api/v1/register-exports/{token}/", { params: { path: { token } } }));
}

export function fetchExportFile(token: string): Promise<ApiResult<Blob>> {
  return call(() =>
    api.GET("/api/v1/register-exports/{token}/file/", { params: { path: { token } }, parseAs: "blob" }),
  );
}

/** How many of the desa's suggestion-box openings are incomplete (slips entered ≠ found). */
export async function fetchIncompleteOpenings(desa: string): Promise<ApiResult<number>> {
  const result = await call(() =>
    api.GET("/api/v1/desa/{code}/suggestion-box/openings/", {
      params: { path: { code: desa }, query: { incomplete: true, page_size: 1 } },
    }),
  );
  return result.ok ? { ok: true, data: result.data.count } : result;
}

/** The desa's A4 poster of its complaint channels, with a QR code to its page. */
export function fetchPoster(desa: string): Promise<ApiResult<Blob>> {
  return call(() => api.GET("/api/v1/desa/{code}/poster/", { params: { path: { code: desa } }, parseAs: "blob" }));
}

export type DesaEmblem = components["schemas"]["DesaEmblemOut"];

/** The emblem the desa's pages show now (its own, else its kabupaten's), from its public page. */
export async function fetchDesaEmblem(desa: string): Promise<ApiResult<DesaEmblem>> {
  const result = await call(() => api.GET("/api/v1/regions/{code}/", { params: { path: { code: desa } } }));
  return result.ok ? { ok: true, data: { own: result.data.emblem?.region === desa, emblem: result.data.emblem } } : result;
}

/** The village head gives the desa a new emblem (PNG, JPEG or WebP; checked by the server). */
export function uploadDesaEmblem(desa: string, file: File): Promise<ApiResult<DesaEmblem>> {
  return call(() =>
    api.PUT("/api/v1/desa/{code}/emblem/", {
      params: { path: { code: desa } },
      body: { emblem: "" },
      bodySerializer: () => {
        const form = new FormData();
        form.append("emblem", file, file.name || "lambang");
        return form;
      },
    }),
  );
}

/** The desa's own emblem removed: its pages show its kabupaten's again, or none. */
export function removeDesaEmblem(desa: string): Promise<ApiResult<DesaEmblem>> {
  return call(() => api.DELETE("/api/v1/desa/{code}/emblem/", { params: { path: { code: desa } } }));
}
