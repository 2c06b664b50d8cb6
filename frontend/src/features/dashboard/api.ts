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
