import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/TextField";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { formatDate } from "../../../lib/format";
import { Link } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import {
  cursorOf,
  fetchCategories,
  fetchStatusCounts,
  listComplaints,
  type Category,
  type ComplaintRow,
  type ListQuery,
  type Status,
  type StatusCounts,
} from "../api";
import { SlaBadge } from "../components/SlaBadge";

export interface InboxPageProps {
  /** "Tugas saya": only what is assigned to me. */
  mine: boolean;
  /** The suggestion-box team's slips (what they typed in), with the way to record one. */
  box?: boolean;
  desa: string;
}

const PAGE_SIZE = 20;
const STATUSES = [
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
] as const satisfies readonly Status[];
const OPEN: Status[] = ["submitted", "received", "needs_info", "verified", "assigned", "in_progress", "answered", "reopened"];
const KINDS = ["complaint", "aspiration", "suggestion", "information_request"] as const;
const CHANNELS = ["web", "whatsapp", "email", "walk_in", "phone", "social_media", "suggestion_box"] as const;

interface Filters {
  status: "" | "open" | Status;
  kind: "" | (typeof KINDS)[number];
  channel: "" | (typeof CHANNELS)[number];
  category: string;
  search: string;
}

const NO_FILTERS: Filters = { status: "open", kind: "", channel: "", category: "", search: "" };

function toQuery(filters: Filters, mine: boolean, desa: string, cursor: string | null): ListQuery {
  const query: ListQuery = { desa, mine, page_size: PAGE_SIZE };
  if (filters.status === "open") query.status = OPEN;
  else if (filters.status) query.status = [filters.status];
  if (filters.kind) query.kind = filters.kind;
  if (filters.channel) query.channel = filters.channel;
  if (filters.category) query.category = filters.category;
  if (filters.search.trim()) query.search = filters.search.trim();
  if (cursor) query.cursor = cursor;
  return query;
}

type State =
  | { kind: "loading" }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "loaded"; rows: ComplaintRow[]; next: string | null; loadingMore: boolean };

export default function InboxPage({ mine, box = false, desa }: InboxPageProps) {
  const { locale, t } = useStaffI18n();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [state, setState] = useState<State>({ kind: "loading" });
  const [categories, setCategories] = useState<Category[]>([]);
  const [counts, setCounts] = useState<StatusCounts | null>(null);
  const [attempt, setAttempt] = useState(0);
  const request = useRef(0);

  useEffect(() => {
    void fetchCategories(desa).then((r) => r.ok && setCategories(r.data));
  }, [desa]);

  // The desa's counts per state, shown on the state filter (office staff; "Tugas saya" has none).
  useEffect(() => {
    setCounts(null);
    if (mine) return;
    let current = true;
    void fetchStatusCounts(desa).then((r) => current && setCounts(r.ok ? r.data : null));
    return () => {
      current = false;
    };
  }, [desa, mine, attempt, filters]);

  useEffect(() => {
    const id = ++request.current;
    setState({ kind: "loading" });
    void listComplaints(toQuery(filters, mine, desa, null)).then((result) => {
      if (id !== request.current) return;
      setState(
        result.ok
          ? { kind: "loaded", rows: result.data.results, next: cursorOf(result.data.next), loadingMore: false }
          : { kind: "failed", error: result.error },
      );
    });
  }, [filters, mine, desa, attempt, locale]);

  async function loadMore() {
    if (state.kind !== "loaded" || !state.next || state.loadingMore) return;
    const id = request.current;
    setState({ ...state, loadingMore: true });
    const result = await listComplaints(toQuery(filters, mine, desa, state.next));
    if (id !== request.current) return;
    if (result.ok) {
      setState({
        kind: "loaded",
        rows: [...state.rows, ...result.data.results],
        next: cursorOf(result.data.next),
        loadingMore: false,
      });
    } else {
      setState({ ...state, loadingMore: false });
    }
  }

  const select = (key: keyof Filters, label: StaffKey, options: { value: string; label: string }[]) => (
    <div class="field">
      <label class="field__label" for={`filter-${key}`}>
        {t(label)}
      </label>
      <select
        id={`filter-${key}`}
        class="field__input"
        value={draft[key]}
        onChange={(event) => setDraft({ ...draft, [key]: event.currentTarget.value })}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  const counted = (label: string, count: number | null | undefined) =>
    count === null || count === undefined ? label : t("inbox.statusCount", { status: label, count });

  const title: StaffKey = box ? "box.title" : mine ? "inbox.mineTitle" : "inbox.title";
  return (
    <section class="page" aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t(title)}</h1>
      {box ? (
        <p>
          <Link class="button button--primary" href={routes.recordSlip}>
            {t("staffArea.recordSlip")}
          </Link>
        </p>
      ) : null}
      <details class="filters">
        <summary>{t("inbox.filters")}</summary>
        <form
          class="form filters__form"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters(draft);
          }}
        >
          {select("status", "inbox.status", [
            { value: "open", label: counted(t("inbox.statusOpen"), counts && OPEN.reduce((n, s) => n + counts[s], 0)) },
            { value: "", label: t("inbox.any") },
            ...STATUSES.map((s) => ({ value: s, label: counted(t(`status.${s}`), counts?.[s]) })),
          ])}
          {select("kind", "inbox.kind", [
            { value: "", label: t("inbox.any") },
            ...KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })),
          ])}
          {select("channel", "inbox.channel", [
            { value: "", label: t("inbox.any") },
            ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) })),
          ])}
          {select("category", "inbox.category", [
            { value: "", label: t("inbox.any") },
            ...categories.map((c) => ({ value: c.slug, label: c.name })),
          ])}
          <TextField
            label={t("inbox.search")}
            type="search"
            value={draft.search}
            onValue={(search) => setDraft({ ...draft, search })}
          />
          <div class="actions actions--row">
            <Button type="submit">{t("inbox.apply")}</Button>
            <Button
              variant="secondary"
              onClick={() => {
                setDraft(NO_FILTERS);
                setFilters(NO_FILTERS);
              }}
            >
              {t("inbox.reset")}
            </Button>
          </div>
        </form>
      </details>

      {state.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : state.kind === "failed" ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(state.error.code))}</p>
          <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t("app.retry")}
          </Button>
        </div>
      ) : state.rows.length === 0 ? (
        <p>{t(box ? "box.empty" : mine ? "inbox.emptyMine" : "inbox.empty")}</p>
      ) : (
        <>
          <ul class="cards cards--list" aria-labelledby="inbox-title">
            {state.rows.map((row) => (
              <li class="card card--link" key={row.tracking_code}>
                <Link class="card__title" href={routes.complaint(row.tracking_code)}>
                  {row.title}
                </Link>
                <p class="card__meta">
                  <span class={`badge badge--${row.status}`}>{row.status_label}</span>
                  <span class="badge badge--muted">{row.priority}</span>
                  <SlaBadge sla={row.sla} />
                </p>
                <p class="card__meta">
                  {t("inbox.rowMeta", {
                    code: row.tracking_code,
                    category: row.category.name,
                    date: formatDate(row.submitted_at, locale),
                  })}
                </p>
              </li>
            ))}
          </ul>
          {state.next ? (
            <Button
              variant="secondary"
              pending={state.loadingMore}
              pendingLabel={t("app.loading")}
              onClick={() => void loadMore()}
            >
              {t("inbox.more")}
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}
