import type { ComplaintRow, ListQuery, Status } from "./api";

/**
 * The inbox's view — filters, sort and the complaint open beside the list — read from and
 * written to the address, so a view can be bookmarked, shared and survives a reload.
 */
export const STATUSES = [
  "submitted",
  "received",
  "needs_info",
  "verified",
  "assigned",
  "in_progress",
  "answered",
  "reopened",
  "closed",
  "rejected",
  "spam",
  "duplicate",
  "forwarded",
] as const satisfies readonly Status[];
export const OPEN: Status[] = ["submitted", "received", "needs_info", "verified", "assigned", "in_progress", "answered", "reopened"];
export const KINDS = ["complaint", "aspiration", "suggestion", "information_request"] as const;
export const CHANNELS = ["web", "whatsapp", "email", "walk_in", "phone", "social_media", "suggestion_box"] as const;
export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;
export const SORTS = ["deadline", "code", "title", "category", "channel", "status", "priority", "position", "submitted"] as const;
export type SortKey = (typeof SORTS)[number];

/** Yes/no filters the chips toggle. */
export const FLAGS = ["overdue", "escalated", "unassigned", "unassignable", "mine"] as const;
export type Flag = (typeof FLAGS)[number];

export interface InboxView {
  status: "" | "open" | Status;
  kind: "" | (typeof KINDS)[number];
  channel: "" | (typeof CHANNELS)[number];
  priority: "" | (typeof PRIORITIES)[number];
  category: string;
  q: string;
  from: string;
  to: string;
  overdue: boolean;
  escalated: boolean;
  unassigned: boolean;
  /** Waiting on a position nobody holds now, or on an official who no longer holds it. */
  unassignable: boolean;
  mine: boolean;
  sort: SortKey;
  desc: boolean;
  /** The complaint open beside the list (desk layout). */
  open: string;
}

export const DEFAULT_VIEW: InboxView = {
  status: "open",
  kind: "",
  channel: "",
  priority: "",
  category: "",
  q: "",
  from: "",
  to: "",
  overdue: false,
  escalated: false,
  unassigned: false,
  unassignable: false,
  mine: false,
  sort: "deadline",
  desc: false,
  open: "",
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | "" {
  return values.find((v) => v === value) ?? "";
}

export function parseView(search: string): InboxView {
  const p = new URLSearchParams(search);
  const status = p.get("status");
  const sort = p.get("sort") ?? "";
  const desc = sort.startsWith("-");
  const sortKey = oneOf(SORTS, desc ? sort.slice(1) : sort);
  const date = (name: string) => {
    const value = p.get(name) ?? "";
    return DATE.test(value) ? value : "";
  };
  return {
    status: status === null ? "open" : status === "all" ? "" : oneOf(STATUSES, status) || "open",
    kind: oneOf(KINDS, p.get("kind")),
    channel: oneOf(CHANNELS, p.get("channel")),
    priority: oneOf(PRIORITIES, p.get("priority")),
    category: (p.get("category") ?? "").replace(/[^-a-zA-Z0-9_]/g, ""),
    q: (p.get("q") ?? "").slice(0, 100),
    from: date("from"),
    to: date("to"),
    overdue: p.get("overdue") === "1",
    escalated: p.get("escalated") === "1",
    unassigned: p.get("unassigned") === "1",
    unassignable: p.get("unassignable") === "1",
    mine: p.get("mine") === "1",
    sort: sortKey || "deadline",
    desc: sortKey ? desc : false,
    open: p.get("open") ?? "",
  };
}

/** The query string of a view, leaving out what is the default ("" when all is). */
export function viewSearch(view: InboxView): string {
  const p = new URLSearchParams();
  if (view.status !== "open") p.set("status", view.status || "all");
  for (const key of ["kind", "channel", "priority", "category", "q", "from", "to"] as const) {
    if (view[key]) p.set(key, view[key]);
  }
  for (const flag of FLAGS) if (view[flag]) p.set(flag, "1");
  if (view.sort !== "deadline" || view.desc) p.set("sort", `${view.desc ? "-" : ""}${view.sort}`);
  if (view.open) p.set("open", view.open);
  const text = p.toString();
  return text ? `?${text}` : "";
}

/** What the server filters (overdue and escalated again on the rows, unassigned there only). */
export function serverQuery(view: InboxView, desa: string, mine: boolean): ListQuery {
  const query: ListQuery = { desa, mine: mine || view.mine, page_size: 100 };
  if (view.status === "open") query.status = OPEN;
  else if (view.status) query.status = [view.status];
  if (view.kind) query.kind = view.kind;
  if (view.channel) query.channel = view.channel;
  if (view.priority) query.priority = view.priority;
  if (view.category) query.category = view.category;
  if (view.q.trim()) query.search = view.q.trim();
  if (view.from) query.submitted_from = view.from;
  if (view.to) query.submitted_to = view.to;
  if (view.overdue) query.overdue = true;
  if (view.escalated) query.escalated = true;
  if (view.unassignable) query.unassignable = true;
  return query;
}

export function keepRow(view: InboxView, row: ComplaintRow): boolean {
  if (view.overdue && !row.sla?.overdue) return false;
  if (view.escalated && !row.sla?.escalated_at) return false;
  if (view.unassigned && row.assigned_position) return false;
  return true;
}

/** Deadline order: overdue first, then by the last working day; no running clock last. */
function deadlineOf(row: ComplaintRow): string {
  const sla = row.sla;
  if (!sla || sla.state !== "running" || !sla.due_on) return "9999-99-99";
  return `${sla.due_on}${sla.deadline ?? ""}`;
}

const ORDER: Record<SortKey, (row: ComplaintRow) => string> = {
  deadline: deadlineOf,
  code: (row) => row.tracking_code,
  title: (row) => row.title.toLocaleLowerCase(),
  category: (row) => row.category.name.toLocaleLowerCase(),
  channel: (row) => row.channel,
  status: (row) => String(STATUSES.indexOf(row.status)).padStart(2, "0"),
  // Within a priority, the matter more residents reported first (a signal beyond the badge).
  priority: (row) => `${row.priority}${String(1_000_000 - row.reporters_count).padStart(7, "0")}`,
  position: (row) => row.assigned_position || "~",
  submitted: (row) => row.submitted_at,
};

export function sortRows(rows: readonly ComplaintRow[], sort: SortKey, desc: boolean): ComplaintRow[] {
  const key = ORDER[sort];
  const keyed = rows.map((row) => [key(row), row.submitted_at, row] as const);
  keyed.sort((a, b) => {
    const order = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
    return desc ? -order : order;
  });
  return keyed.map((entry) => entry[2]);
}

/** "Tugas saya": what is still to do (overdue and due soon first) apart from what is answered. */
export function splitAnswered(rows: readonly ComplaintRow[]): { todo: ComplaintRow[]; answered: ComplaintRow[] } {
  const done = new Set<Status>(["answered", "closed", "rejected"]);
  return { todo: rows.filter((r) => !done.has(r.status)), answered: rows.filter((r) => done.has(r.status)) };
}
