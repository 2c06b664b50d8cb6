import { api } from "../../api/client";
import { call, type ApiResult } from "../../api/errors";
import type { components } from "../../api/schema";

export type DraftRow = components["schemas"]["DraftListOut"];
export type DraftPage = components["schemas"]["PaginatedDraftListOutList"];
export type Draft = components["schemas"]["DraftDetailOut"];
export type DraftMessage = components["schemas"]["MessageOut"];
export type ConvertBody = components["schemas"]["DraftConvertInRequest"];
export type Converted = components["schemas"]["DraftConvertedOut"];
export type ChannelHealth = components["schemas"]["ChannelHealthOut"];
export type Category = components["schemas"]["CategoryOut"];
export type ReplyTemplate = components["schemas"]["TemplateInRequest"];

export function listDrafts(state: "open" | "converted" | "dismissed", page: number): Promise<ApiResult<DraftPage>> {
  return call(() => api.GET("/api/v1/drafts/", { params: { query: { state, page } } }));
}

export function getDraft(id: number): Promise<ApiResult<Draft>> {
  return call(() => api.GET("/api/v1/drafts/{draft_id}/", { params: { path: { draft_id: id } } }));
}

export function convertDraft(id: number, body: ConvertBody): Promise<ApiResult<Converted>> {
  return call(() => api.POST("/api/v1/drafts/{draft_id}/convert/", { params: { path: { draft_id: id } }, body }));
}

export function dismissDraft(id: number, reason: "spam" | "not_a_complaint"): Promise<ApiResult<DraftRow>> {
  return call(() =>
    api.POST("/api/v1/drafts/{draft_id}/dismiss/", { params: { path: { draft_id: id } }, body: { reason } }),
  );
}

export function replyToDraft(
  id: number,
  reply: { text: string; template?: ReplyTemplate | null },
): Promise<ApiResult<DraftMessage>> {
  return call(() =>
    api.POST("/api/v1/drafts/{draft_id}/replies/", { params: { path: { draft_id: id } }, body: reply }),
  );
}

/** A photo, document or voice note (the download needs the bearer token, so no plain src). */
export function fetchMedia(id: number, token: string): Promise<ApiResult<Blob>> {
  return call(() =>
    api.GET("/api/v1/drafts/{draft_id}/media/{token}/", {
      params: { path: { draft_id: id, token } },
      parseAs: "blob",
    }),
  );
}

export function listCategories(desa: string): Promise<ApiResult<Category[]>> {
  return call(() => api.GET("/api/v1/desa/{code}/categories/", { params: { path: { code: desa } } }));
}

export function fetchChannelHealth(desa: string): Promise<ApiResult<ChannelHealth[]>> {
  return call(() => api.GET("/api/v1/desa/{code}/channel-health/", { params: { path: { code: desa } } }));
}
