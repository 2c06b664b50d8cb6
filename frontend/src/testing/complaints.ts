/**
 * Complaints of desa Jagabaya as the API returns them to its office, for the casework
 * tests: one complaint's page, and a row of the inbox. Each test states only what it
 * changes.
 */
import type { components } from "../api/schema";

type Schemas = components["schemas"];

export const CODE = "K7M2QX9HAT";
export const DESA = "32.07.10.2010";

/** A complaint just received by the intake officer, who may verify, prioritise or reject it. */
export function receivedComplaint(changes: Partial<Schemas["ComplaintDetailOut"]> = {}): Schemas["ComplaintDetailOut"] {
  return {
    tracking_code: CODE,
    title: "Pohon tumbang menutup jalan",
    description: "Sejak pagi jalan ke sekolah tertutup.",
    kind: "complaint",
    category: { slug: "infrastruktur", name: "Infrastruktur", icon: "road" },
    desa: { code: DESA, name: "Jagabaya", level: "desa" },
    channel: "web",
    status: "received",
    status_label: "Diterima",
    priority: "P3",
    urgency: "medium",
    impact: "medium",
    submitted_at: "2026-12-01T02:00:00Z",
    received_at: "2026-12-01T03:00:00Z",
    answered_at: null,
    closed_at: null,
    info_request: "",
    answer: "",
    answers: [],
    files: [],
    rejection_reason: "",
    rating: null,
    rating_comment: "",
    sla: null,
    register_number: null,
    timeline: [],
    allowed_actions: ["verify", "prioritise", "reject"],
    on_behalf_actions: [],
    forwarding: null,
    joined: false,
    location_text: "",
    latitude: null,
    longitude: null,
    anonymous: true,
    assigned_position: "",
    assigned_to: null,
    reporter_visible: false,
    reporter_hidden: false,
    attachments: [],
    social_source: null,
    spam: { score: 0, trapped: false, flagged: false },
    reporters_count: 1,
    reporter_urgent: null,
    priority_suggestion: { urgency: "medium", impact: "medium" },
    duplicate_of: null,
    duplicates: [],
    ...changes,
  };
}

/** An inbox row: a submitted complaint titled after its code, no clock yet. */
export function complaintRow(code: string, changes: Partial<Schemas["ComplaintListOut"]> = {}): Schemas["ComplaintListOut"] {
  return {
    tracking_code: code,
    title: `Judul ${code}`,
    kind: "complaint",
    category: { slug: "jalan", name: "Jalan", icon: "road" },
    channel: "web",
    status: "submitted",
    status_label: "Diajukan",
    priority: "P3",
    desa: { code: DESA, name: "Jagabaya", level: "desa" },
    assigned_position: "",
    submitted_at: "2026-11-01T08:00:00Z",
    received_at: null,
    answered_at: null,
    closed_at: null,
    sla: null,
    spam_flagged: false,
    reporters_count: 1,
    ...changes,
  };
}
