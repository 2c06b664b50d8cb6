import { api } from "../../api/client";
import { call, type ApiResult } from "../../api/errors";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type Opening = Schemas["OpeningOut"];
export type OpeningDetail = Schemas["OpeningDetailOut"];
export type OpeningPage = Schemas["PaginatedOpeningOutList"];
export type OpeningBody = Schemas["OpeningCreateInRequest"];
export type SlipBody = Schemas["SlipInRequest"];
export type SlipAdded = Schemas["SlipAddedOut"];
export type Kind = Schemas["KindEnum"];
export type Category = Schemas["CategoryOut"];
export type StaffMember = Schemas["StaffMemberOut"];

export function listOpenings(desa: string, page = 1): Promise<ApiResult<OpeningPage>> {
  return call(() =>
    api.GET("/api/v1/desa/{code}/suggestion-box/openings/", {
      params: { path: { code: desa }, query: { page, page_size: 20 } },
    }),
  );
}

export function createOpening(desa: string, body: OpeningBody): Promise<ApiResult<Opening>> {
  return call(() => api.POST("/api/v1/desa/{code}/suggestion-box/openings/", { params: { path: { code: desa } }, body }));
}

export function fetchOpening(desa: string, id: number): Promise<ApiResult<OpeningDetail>> {
  return call(() =>
    api.GET("/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/", {
      params: { path: { code: desa, opening_id: id } },
    }),
  );
}

export function correctCount(desa: string, id: number, declared_count: number, reason: string): Promise<ApiResult<OpeningDetail>> {
  return call(() =>
    api.PATCH("/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/", {
      params: { path: { code: desa, opening_id: id } },
      body: { declared_count, reason },
    }),
  );
}

export function uploadOpeningPhoto(desa: string, id: number, file: Blob): Promise<ApiResult<Opening>> {
  return call(() =>
    api.POST("/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/photo/", {
      params: { path: { code: desa, opening_id: id } },
      body: { file: "" },
      bodySerializer: () => {
        const form = new FormData();
        form.append("file", file, file.type === "application/pdf" ? "berita-acara.pdf" : "berita-acara.jpg");
        return form;
      },
    }),
  );
}

/** One slip; `key` makes a retry after a lost answer enter it once (Idempotency-Key). */
export function addSlip(desa: string, id: number, body: SlipBody, photo: Blob | null, key: string): Promise<ApiResult<SlipAdded>> {
  return call(() =>
    api.POST("/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/slips/", {
      params: { path: { code: desa, opening_id: id }, header: { "Idempotency-Key": key } },
      body,
      bodySerializer: (value: SlipBody) => {
        const form = new FormData();
        for (const [name, field] of Object.entries(value)) {
          // A form has no null: an unanswered field (`urgent`) is left out.
          if (name !== "photo" && field !== null) form.append(name, String(field));
        }
        if (photo) form.append("photo", photo, photo.type === "application/pdf" ? "slip.pdf" : "slip.jpg");
        return form;
      },
    }),
  );
}

export function fetchBeritaAcara(desa: string, id: number): Promise<ApiResult<Blob>> {
  return call(() =>
    api.GET("/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/berita-acara.pdf", {
      params: { path: { code: desa, opening_id: id } },
      parseAs: "blob",
    }),
  );
}

export function fetchOpeningPhoto(desa: string, id: number): Promise<ApiResult<Blob>> {
  return call(() =>
    api.GET("/api/v1/desa/{code}/suggestion-box/openings/{opening_id}/photo/", {
      params: { path: { code: desa, opening_id: id } },
      parseAs: "blob",
    }),
  );
}

export function fetchCategories(desa: string): Promise<ApiResult<Category[]>> {
  return call(() => api.GET("/api/v1/desa/{code}/categories/", { params: { path: { code: desa } } }));
}

/** The desa's box-team members, to pick who opened the box. */
export async function fetchBoxTeam(desa: string): Promise<ApiResult<StaffMember[]>> {
  const result = await call(() =>
    api.GET("/api/v1/desa/{code}/staff/", { params: { path: { code: desa }, query: { page_size: 100 } } }),
  );
  return result.ok ? { ok: true, data: result.data.results.filter((m) => m.role === "box_team") } : result;
}

export function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Saves a downloaded file under `name`. */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
