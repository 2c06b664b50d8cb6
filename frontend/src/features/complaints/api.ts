import { api } from "../../api/client";
import { call, type ApiResult } from "../../api/errors";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type Region = Schemas["RegionDetailOut"];
export type DesaFound = Schemas["PaginatedRegionOutList"];
export type DesaContact = Schemas["DesaContactOut"];
export type Category = Schemas["CategoryOut"];
export type Kind = Schemas["KindEnum"];
export type SubmitBody = Schemas["ComplaintSubmitInRequest"];
export type Submitted = Schemas["ComplaintSubmittedOut"];
export type PublicComplaint = Schemas["ComplaintPublicOut"];
/** The reporter's moves with code + PIN: one body per action (`oneOf` over `action`). */
export type TrackTransitionBody = Schemas["TrackTransitionInRequest"];
export type ReporterAction = TrackTransitionBody["action"];
/** One of the reporter's moves, without the credentials that say who makes it. */
export type ReporterMove = TrackTransitionBody extends infer Body
  ? Body extends TrackTransitionBody
    ? Omit<Body, "code" | "pin">
    : never
  : never;
export type Attachment = Schemas["AttachmentOut"];
export type MyComplaint = Schemas["ComplaintListOut"];
export type MyComplaintPage = Schemas["PaginatedComplaintListOutList"];

export function fetchRegion(code: string): Promise<ApiResult<Region>> {
  return call(() => api.GET("/api/v1/regions/{code}/", { params: { path: { code } } }));
}

/** Desa whose name contains `term`, for a resident who has no desa link (first page). */
export function searchDesa(term: string): Promise<ApiResult<DesaFound>> {
  return call(() =>
    api.GET("/api/v1/regions/", { params: { query: { level: "desa", search: term, page_size: 20 } } }),
  );
}

export function fetchCategories(desa: string): Promise<ApiResult<Category[]>> {
  return call(() => api.GET("/api/v1/desa/{code}/categories/", { params: { path: { code: desa } } }));
}

/**
 * Files a complaint. The same `idempotencyKey` is sent on every retry of one submission,
 * so an answer lost on a weak signal never turns into a second complaint.
 */
export function submitComplaint(body: SubmitBody, idempotencyKey: string): Promise<ApiResult<Submitted>> {
  return call(() =>
    api.POST("/api/v1/complaints/", {
      body,
      params: { header: { "Idempotency-Key": idempotencyKey } },
    }),
  );
}

/** The reporter's photo, sent with the tracking code and PIN (no account needed). */
export function uploadTrackedPhoto(code: string, pin: string, photo: Blob): Promise<ApiResult<Attachment>> {
  return call(() =>
    api.POST("/api/v1/track/attachments/", {
      body: { code, pin, file: "", keep_location: false },
      bodySerializer: () => {
        const form = new FormData();
        form.append("code", code);
        form.append("pin", pin);
        form.append("file", photo, photo.type === "image/webp" ? "foto.webp" : "foto.jpg");
        return form;
      },
    }),
  );
}

export function track(code: string, pin: string): Promise<ApiResult<PublicComplaint>> {
  return call(() => api.POST("/api/v1/track/", { body: { code, pin } }));
}

export function trackTransition(body: TrackTransitionBody): Promise<ApiResult<PublicComplaint>> {
  return call(() => api.POST("/api/v1/track/transitions/", { body }));
}

/** A logged-in resident's own complaints (the API scopes the list to `reporter_account = me`). */
export function listMyComplaints(cursor: string | null): Promise<ApiResult<MyComplaintPage>> {
  return call(() => api.GET("/api/v1/complaints/", { params: { query: cursor ? { cursor } : {} } }));
}

/** One of the logged-in resident's own complaints: no PIN, the account is the credential. */
export function fetchMyComplaint(code: string): Promise<ApiResult<PublicComplaint>> {
  return call(() => api.GET("/api/v1/complaints/{code}/", { params: { path: { code } } }));
}

/** The reporter's move on their own complaint, as the account that filed it. */
export function moveMyComplaint(code: string, move: ReporterMove): Promise<ApiResult<PublicComplaint>> {
  return call(() => api.POST("/api/v1/complaints/{code}/transitions/", { params: { path: { code } }, body: move }));
}
