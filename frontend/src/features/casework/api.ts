import { api } from "../../api/client";
import { call, type ApiFailure, type ApiResult } from "../../api/errors";
import type { components, operations } from "../../api/schema";

type Schemas = components["schemas"];
export type ComplaintRow = Schemas["ComplaintListOut"];
export type ComplaintPage = Schemas["PaginatedComplaintListOutList"];
export type Complaint = Schemas["ComplaintDetailOut"];
export type Action = Schemas["ActionEnum"];
export type Status = Schemas["StatusEnum"];
export type Kind = Schemas["KindEnum"];
export type Channel = Schemas["ChannelEnum"];
/** Channels staff may record; `application` is only set by third-party applications. */
export type SubmitChannel = Schemas["SubmitChannelEnum"];
export type Position = Schemas["PositionEnum"];
export type Level = Schemas["ComplaintLevelEnum"];
export type Visibility = Schemas["VisibilityEnum"];
export type Category = Schemas["CategoryOut"];
export type StaffMember = Schemas["StaffMemberOut"];
/** A move's body: one per action, with that action's fields (`oneOf` over `action`). */
export type TransitionBody = Schemas["TransitionInRequest"];
/** The body of the move `A`, as the contract states it. */
export type MoveBody<A extends Action> = Extract<TransitionBody, { action: A }>;
export type SubmitBody = Schemas["ComplaintSubmitInRequest"];
export type Submitted = Schemas["ComplaintSubmittedOut"];
export type StatusCounts = Schemas["ComplaintCountsOut"];
export type ListQuery = NonNullable<operations["complaints_list"]["parameters"]["query"]>;

/** The cursor of a `next`/`previous` link, or null. */
export function cursorOf(link: string | null | undefined): string | null {
  if (!link) return null;
  try {
    return new URL(link, window.location.origin).searchParams.get("cursor");
  } catch {
    return null;
  }
}

export function listComplaints(query: ListQuery): Promise<ApiResult<ComplaintPage>> {
  return call(() =>
    api.GET("/api/v1/complaints/", {
      params: { query },
      // The API takes several states comma-separated: ?status=submitted,received
      querySerializer: { array: { style: "form", explode: false } },
    }),
  );
}

/** How many of the desa's complaints are in each state (intake officer and village head). */
export function fetchStatusCounts(desa: string): Promise<ApiResult<StatusCounts>> {
  return call(() => api.GET("/api/v1/desa/{code}/complaint-counts/", { params: { path: { code: desa } } }));
}

export function fetchComplaint(code: string): Promise<ApiResult<Complaint>> {
  return call(() => api.GET("/api/v1/complaints/{code}/", { params: { path: { code } } }));
}

export type Reporter = Schemas["ReporterOut"];

// Each call is written to the desa's identity access log: only on a deliberate click.
export function fetchReporter(code: string): Promise<ApiResult<Reporter>> {
  return call(() => api.GET("/api/v1/complaints/{code}/reporter/", { params: { path: { code } } }));
}

export function transition(code: string, body: TransitionBody): Promise<ApiResult<Complaint>> {
  return call(() => api.POST("/api/v1/complaints/{code}/transitions/", { params: { path: { code } }, body }));
}

export function addNote(code: string, body: string, visibility: Visibility) {
  return call(() =>
    api.POST("/api/v1/complaints/{code}/notes/", { params: { path: { code } }, body: { body, visibility } }),
  );
}

export function saveAnswerDraft(code: string, answer: string): Promise<ApiResult<unknown>> {
  return call(() =>
    api.PUT("/api/v1/complaints/{code}/answer-draft/", { params: { path: { code } }, body: { answer } }),
  );
}

export type PublicOutcome = Schemas["PublicOutcomeOut"];

/** "What was done": the title and one-line outcome the desa's report publishes once approved. */
export function fetchPublicOutcome(code: string): Promise<ApiResult<PublicOutcome>> {
  return call(() => api.GET("/api/v1/complaints/{code}/public-outcome/", { params: { path: { code } } }));
}

export function savePublicOutcome(
  code: string,
  body: { title: string; outcome: string; approved: boolean },
): Promise<ApiResult<PublicOutcome>> {
  return call(() => api.PUT("/api/v1/complaints/{code}/public-outcome/", { params: { path: { code } }, body }));
}

export function uploadEvidence(code: string, file: Blob, visibility: Visibility) {
  return call(() =>
    api.POST("/api/v1/complaints/{code}/attachments/", {
      params: { path: { code } },
      body: { file: "", visibility, keep_location: false, for_answer: false },
      bodySerializer: () => {
        const form = new FormData();
        form.append("file", file, file.type === "application/pdf" ? "bukti.pdf" : "bukti.jpg");
        form.append("visibility", visibility);
        return form;
      },
    }),
  );
}

/** A photo or letter for the answer being written: staff-only until the answer is delivered. */
export function uploadAnswerFile(code: string, file: Blob) {
  return call(() =>
    api.POST("/api/v1/complaints/{code}/attachments/", {
      params: { path: { code } },
      body: { file: "", visibility: "staff", keep_location: false, for_answer: true },
      bodySerializer: () => {
        const form = new FormData();
        form.append("file", file, file.type === "application/pdf" ? "jawaban.pdf" : "jawaban.jpg");
        form.append("for_answer", "true");
        return form;
      },
    }),
  );
}

/** An attachment's bytes (the download needs the bearer token, so no plain <a href>). */
export async function fetchAttachment(code: string, token: string): Promise<ApiResult<Blob>> {
  return call(() =>
    api.GET("/api/v1/complaints/{code}/attachments/{token}/", {
      params: { path: { code, token } },
      parseAs: "blob",
    }),
  );
}

export function grantIdentity(code: string, grantee: number, reason: string): Promise<ApiResult<unknown>> {
  return call(() =>
    api.POST("/api/v1/complaints/{code}/identity-grants/", {
      params: { path: { code } },
      body: { grantee, reason },
    }),
  );
}

export function fetchStaff(desa: string): Promise<ApiResult<Schemas["PaginatedStaffMemberOutList"]>> {
  return call(() =>
    api.GET("/api/v1/desa/{code}/staff/", { params: { path: { code: desa }, query: { page_size: 100 } } }),
  );
}

export function fetchCategories(desa: string): Promise<ApiResult<Category[]>> {
  return call(() => api.GET("/api/v1/desa/{code}/categories/", { params: { path: { code: desa } } }));
}

export function submitWalkIn(body: SubmitBody, idempotencyKey: string): Promise<ApiResult<Submitted>> {
  return call(() =>
    api.POST("/api/v1/complaints/", { body, params: { header: { "Idempotency-Key": idempotencyKey } } }),
  );
}

export type Paper = "a6" | "a5" | "58mm";
export const PAPERS: readonly Paper[] = ["a6", "a5", "58mm"];
export type Conveyed = Schemas["ConveyedEnum"];
export type OnBehalfBody = Schemas["OnBehalfInRequest"];

/** The receipt (tanda terima) as a PDF: with the PIN right after recording, else a reprint. */
export function fetchReceipt(code: string, paper: Paper, pin?: string): Promise<ApiResult<Blob>> {
  return call(() =>
    api.POST("/api/v1/complaints/{code}/receipt/{paper}/", {
      params: { path: { code, paper } },
      body: pin ? { pin } : {},
      parseAs: "blob",
    }),
  );
}

/** Sends the reporter the code and PIN (WhatsApp and/or e-mail) right after recording. */
export function sendPin(code: string, pin: string, channels: ("whatsapp" | "email")[]) {
  return call(() =>
    api.POST("/api/v1/complaints/{code}/pin-messages/", { params: { path: { code } }, body: { pin, channels } }),
  );
}

/** The reporter's confirmation, objection or information, recorded by the officer for them. */
export function recordOnBehalf(code: string, body: OnBehalfBody): Promise<ApiResult<Complaint>> {
  return call(() => api.POST("/api/v1/complaints/{code}/on-behalf/", { params: { path: { code } }, body }));
}

export type CannedAnswer = Schemas["CannedAnswerOut"];
export type CannedUse = Schemas["CannedAnswerOut"]["use"];
export type CannedBody = Schemas["CannedAnswerInRequest"];

/** The desa's canned answers; with `category`, that category's and those for every category. */
export function listCannedAnswers(
  desa: string,
  query: { category?: string; use?: CannedUse; page_size?: number } = {},
): Promise<ApiResult<Schemas["PaginatedCannedAnswerOutList"]>> {
  return call(() => api.GET("/api/v1/desa/{code}/canned-answers/", { params: { path: { code: desa }, query } }));
}

export function createCannedAnswer(desa: string, body: CannedBody): Promise<ApiResult<CannedAnswer>> {
  return call(() => api.POST("/api/v1/desa/{code}/canned-answers/", { params: { path: { code: desa } }, body }));
}

export function updateCannedAnswer(desa: string, id: number, body: Schemas["CannedAnswerPatchInRequest"]): Promise<ApiResult<CannedAnswer>> {
  return call(() => api.PATCH("/api/v1/desa/{code}/canned-answers/{id}/", { params: { path: { code: desa, id } }, body }));
}

export function deleteCannedAnswer(desa: string, id: number): Promise<ApiResult<unknown>> {
  return call(() => api.DELETE("/api/v1/desa/{code}/canned-answers/{id}/", { params: { path: { code: desa, id } } }));
}

export type DismissSpamResult =
  | { ok: true; data: Schemas["DismissSpamOut"] }
  | { ok: false; error: ApiFailure; moved: string | null };

/**
 * Set several submitted complaints aside as spam, all or none. When one has moved on
 * meanwhile the 409 names it (`moved`), and nothing was set aside.
 */
export async function dismissSpam(desa: string, codes: string[]): Promise<DismissSpamResult> {
  let moved: string | null = null;
  const result = await call(async () => {
    const answer = await api.POST("/api/v1/desa/{code}/complaints/dismiss-spam/", {
      params: { path: { code: desa } },
      body: { codes },
    });
    const body = answer.error as Record<string, unknown> | undefined;
    if (answer.response.status === 409 && typeof body?.["tracking_code"] === "string") moved = body["tracking_code"];
    return answer;
  });
  return result.ok ? result : { ok: false, error: result.error, moved };
}

export type Similar = Schemas["SimilarOut"];
export type Forwarding = Schemas["ForwardingOut"];
export type AgencyKind = Schemas["AgencyKindEnum"];

/** Open complaints of the same desa and category that read alike (duplicate candidates). */
export function fetchSimilar(code: string): Promise<ApiResult<Similar[]>> {
  return call(() => api.GET("/api/v1/complaints/{code}/similar/", { params: { path: { code } } }));
}

export type DuplicatePrimary = Schemas["DuplicatePrimaryOut"];

/** The complaint of the same desa a typed tracking code names (400 alike for another desa's). */
export function fetchDuplicatePrimary(code: string, primary: string): Promise<ApiResult<DuplicatePrimary>> {
  return call(() =>
    api.GET("/api/v1/complaints/{code}/duplicate-primary/", {
      params: { path: { code }, query: { tracking_code: primary } },
    }),
  );
}

/** The recipient's reference number of a forwarded complaint. */
export function saveForwardingReference(code: string, reference: string): Promise<ApiResult<Forwarding>> {
  return call(() =>
    api.PATCH("/api/v1/complaints/{code}/forwarding/", { params: { path: { code } }, body: { reference } }),
  );
}

/** The cover letter (surat pengantar) of a forwarded complaint, as a PDF. */
export function fetchCoverLetter(code: string): Promise<ApiResult<Blob>> {
  return call(() =>
    api.GET("/api/v1/complaints/{code}/forwarding/letter.pdf", { params: { path: { code } }, parseAs: "blob" }),
  );
}
