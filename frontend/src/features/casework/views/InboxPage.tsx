import { Component } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/TextField";
import { errorKey } from "../../../i18n/index";
import { translateStaff, useStaffI18n, type StaffKey, type StaffTranslate } from "../../../i18n/staff";
import type { Locale } from "../../../i18n/index";
import { formatDate, formatDueDate } from "../../../lib/format";
import { useStore } from "../../../lib/store";
import { activeWorkspace, workspaceStore } from "../../../lib/workspace";
import { Link, navigate, usePath, useSearch } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import {
  dismissSpam,
  fetchCategories,
  fetchStatusCounts,
  listComplaints,
  type Category,
  type ComplaintRow,
  type StatusCounts,
} from "../api";
import { slaBadge } from "../components/SlaBadge";
import {
  CHANNELS,
  KINDS,
  OPEN,
  PRIORITIES,
  STATUSES,
  firstPage,
  moreFailed,
  moreLoading,
  morePage,
  parseView,
  serverQuery,
  splitAnswered,
  viewSearch,
  type Flag,
  type InboxView,
  type ListState,
  type SortKey,
} from "../inboxView";
import ComplaintPage from "./ComplaintPage";

export interface InboxPageProps {
  /** "Tugas saya": only what is assigned to me. */
  mine: boolean;
  /** The suggestion-box team's slips (what they typed in), with the way to record one. */
  box?: boolean;
  desa: string;
}

const DESK = "(min-width: 1024px)";
/** A User Timing mark: the list's answer is handed to the page, its rows are drawn next. */
const ROWS_RECEIVED = "inbox:rows-received";
// Where the render the requirement times starts (bench/staff_inbox.py reads it from a trace).
// Only the last is kept: a desk open all day would pile them up.
function markRowsReceived() {
  performance.clearMarks(ROWS_RECEIVED);
  performance.mark(ROWS_RECEIVED);
}

// One query for the page's life: matchMedia parses and evaluates it anew on every call.
let deskQuery: MediaQueryList | null | undefined;

function useWide(): boolean {
  deskQuery ??= typeof window.matchMedia === "function" ? window.matchMedia(DESK) : null;
  const query = deskQuery;
  const [wide, setWide] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const onChange = () => setWide(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return wide;
}

const COLUMNS: readonly { key: SortKey; label: StaffKey }[] = [
  { key: "code", label: "inbox.colCode" },
  { key: "title", label: "inbox.colTitle" },
  { key: "category", label: "inbox.category" },
  { key: "channel", label: "inbox.channel" },
  { key: "status", label: "inbox.status" },
  { key: "priority", label: "inbox.priority" },
  { key: "deadline", label: "inbox.colDeadline" },
  { key: "position", label: "inbox.colPosition" },
];

interface RowProps {
  row: ComplaintRow;
  locale: Locale;
  href: string;
  /** Open beside the list (desk). */
  open: boolean;
  /** Whether its "dismiss as spam" box is ticked; null when it has none. */
  picked: boolean | null;
  /** The table has the column of those boxes (the intake officer's). */
  pickColumn: boolean;
}

function sameProps(a: RowProps, b: RowProps): boolean {
  return a.row === b.row && a.locale === b.locale && a.href === b.href && a.open === b.open && a.picked === b.picked && a.pickColumn === b.pickColumn;
}

// Rows draw again only when their own props change: opening a complaint beside the list or
// ticking a box redraws one or two rows, not fifty. Clicks and ticks are handled once, on the
// list (`onListClick`, `onListChange`), so a row carries no listener of its own.
abstract class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    return !sameProps(this.props, next);
  }

  protected t(): StaffTranslate {
    return translatorFor(this.props.locale);
  }
}

// One translating function per language for every row, not a new closure a row: fifty rows a
// draw were fifty short-lived functions for the garbage collector.
const translators: Partial<Record<Locale, StaffTranslate>> = {};

function translatorFor(locale: Locale): StaffTranslate {
  return (translators[locale] ??= (key, params) => translateStaff(locale, key, params));
}

function pickBox(code: string, picked: boolean | null, t: StaffTranslate) {
  if (picked === null) return null;
  return (
    <label class="pick">
      <input type="checkbox" data-pick={code} checked={picked} aria-label={t("inbox.pick", { code })} />
    </label>
  );
}

// A row's badges as three children of its cell, not one fragment: a fragment is one more
// node a row for Preact to create and diff.
function statusBadge(row: ComplaintRow) {
  return <span class={`badge badge--${row.status}`}>{row.status_label}</span>;
}

function spamBadge(row: ComplaintRow, t: StaffTranslate) {
  return row.spam_flagged ? <span class="badge badge--spam">{t("spam.flag")}</span> : null;
}

function reportersBadge(row: ComplaintRow, t: StaffTranslate) {
  return row.reporters_count > 1 ? <span class="badge badge--reporters">{t("duplicates.reporters", { n: row.reporters_count })}</span> : null;
}

class DeskRow extends Row {
  override render({ row, locale, href, open, picked, pickColumn }: RowProps) {
    const t = this.t();
    const sla = row.sla;
    return (
      <tr class={open ? "desk__row--open" : undefined}>
        {pickColumn ? <td>{pickBox(row.tracking_code, picked, t)}</td> : null}
        <td class="desk__code">{row.tracking_code}</td>
        <td>
          <a data-row="" href={href} aria-current={open ? "true" : undefined}>
            {row.title}
          </a>
        </td>
        <td>{row.category.name}</td>
        <td>{t(`channel.${row.channel}`)}</td>
        <td>
          {statusBadge(row)}
          {spamBadge(row, t)}
          {reportersBadge(row, t)}
        </td>
        <td>{row.priority}</td>
        <td>
          {sla?.due_on ? <span class="desk__date">{formatDueDate(sla.due_on, locale)}</span> : null}
          {sla?.due_on ? " " : null}
          {slaBadge(sla, t)}
        </td>
        <td>{row.assigned_position ? t(`position.${row.assigned_position}`) : "—"}</td>
      </tr>
    );
  }
}

class CardRow extends Row {
  override render({ row, locale, href, picked }: RowProps) {
    const t = this.t();
    return (
      <li class="card card--link">
        {pickBox(row.tracking_code, picked, t)}
        <a class="card__title" data-row="" href={href}>
          {row.title}
        </a>
        <p class="card__meta">
          {statusBadge(row)}
          {spamBadge(row, t)}
          {reportersBadge(row, t)}
          <span class="badge badge--muted">{row.priority}</span>
          {slaBadge(row.sla, t)}
        </p>
        <p class="card__meta">
          {t("inbox.rowMeta", { code: row.tracking_code, category: row.category.name, date: formatDate(row.submitted_at, locale) })}
        </p>
      </li>
    );
  }
}

/** A plain left click on a row's link moves inside the app (the rows' links are plain anchors). */
function onListClick(event: MouseEvent) {
  const link = event.target instanceof Element ? event.target.closest("a[data-row]") : null;
  if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href") ?? "");
}

export default function InboxPage({ mine, box = false, desa }: InboxPageProps) {
  const { locale, t } = useStaffI18n();
  const path = usePath();
  const search = useSearch();
  const view = parseView(search);
  const wide = useWide();
  const [draft, setDraft] = useState<InboxView>(view);
  const [state, setState] = useState<ListState>({ kind: "loading" });
  const [categories, setCategories] = useState<Category[]>([]);
  const [counts, setCounts] = useState<StatusCounts | null>(null);
  // The filters' form is drawn only while they are open: closed, its five lists and three
  // fields (date fields are heavy in a browser) would cost every draw of the inbox for nothing.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const request = useRef(0);
  const list = useRef<HTMLDivElement>(null);
  // The intake officer sets several submitted complaints aside as spam at once.
  const workspace = activeWorkspace(useStore(workspaceStore));
  const mayDismiss = !mine && !box && (workspace?.roles.includes("intake_officer") ?? false);
  const [picked, setPicked] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [dismissing, setDismissing] = useState(false);
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);
  const confirmYes = useRef<HTMLDivElement>(null);
  const query = serverQuery(view, desa, mine);
  const queryKey = JSON.stringify(query);

  const go = (next: InboxView, replace = false) => navigate(`${path}${viewSearch(next)}`, { replace });

  // The filters' draft follows the address when it changes (not on the first draw, which
  // starts from it: a second object would draw the whole page again).
  const draftOf = useRef(search);
  useEffect(() => {
    if (draftOf.current === search) return;
    draftOf.current = search;
    setDraft(view);
  }, [search]);

  // The categories name the category filter's options and its chip: asked for when either
  // shows, not on every draw of the list.
  const wantCategories = filtersOpen || view.category !== "";
  useEffect(() => {
    if (!wantCategories) return;
    void fetchCategories(desa).then((r) => r.ok && setCategories(r.data));
  }, [desa, wantCategories]);

  // The desa's counts per state, shown on the state filter (office staff; "Tugas saya" has
  // none): asked for while the filters are open.
  useEffect(() => {
    setCounts(null);
    if (mine || !filtersOpen) return;
    let current = true;
    void fetchStatusCounts(desa).then((r) => current && setCounts(r.ok ? r.data : null));
    return () => {
      current = false;
    };
  }, [desa, mine, attempt, queryKey, filtersOpen]);

  // One page in the view's order and filters (the server sorts); "Muat lebih banyak" adds the next.
  useEffect(() => {
    const id = ++request.current;
    // Already loading on the first draw: the same object spares the page a second draw.
    setState((now) => (now.kind === "loading" ? now : { kind: "loading" }));
    void listComplaints(query).then((result) => {
      if (id !== request.current) return;
      markRowsReceived();
      setState(result.ok ? firstPage(result.data) : { kind: "failed", error: result.error });
    });
  }, [queryKey, attempt, locale]);

  async function loadMore() {
    if (state.kind !== "loaded" || !state.next || state.more === "loading") return;
    const id = request.current;
    setState(moreLoading(state));
    const result = await listComplaints({ ...query, cursor: state.next });
    if (id !== request.current) return;
    setState((now) => (result.ok ? morePage(now, result.data) : moreFailed(now)));
  }

  const shown = state.kind === "loaded" ? state.rows : [];
  const groups = mine && !box ? splitAnswered(shown) : { todo: shown, answered: [] };
  const ordered = [...groups.todo, ...groups.answered];
  const pickable = ordered.filter((row) => mayDismiss && row.status === "submitted");
  const chosen = picked.filter((code) => pickable.some((row) => row.tracking_code === code));
  const flagged = pickable.filter((row) => row.spam_flagged).map((row) => row.tracking_code);
  const pick = (code: string, on: boolean) =>
    setPicked((now) => (on ? [...now.filter((c) => c !== code), code] : now.filter((c) => c !== code)));
  const onListChange = (event: Event) => {
    const box = event.target;
    if (box instanceof HTMLInputElement && box.dataset.pick) pick(box.dataset.pick, box.checked);
  };

  useEffect(() => {
    if (confirming) confirmYes.current?.querySelector("button")?.focus();
  }, [confirming]);

  async function dismissChosen() {
    if (dismissing) return;
    setDismissing(true);
    const result = await dismissSpam(desa, chosen);
    setDismissing(false);
    setConfirming(false);
    if (result.ok) {
      setPicked([]);
      setNotice({ error: false, text: t("inbox.dismissed", { count: result.data.dismissed.length }) });
    } else if (result.moved) {
      setNotice({ error: true, text: t("inbox.dismissMoved", { code: result.moved }) });
    } else {
      setNotice({ error: true, text: t(errorKey(result.error.code)) });
      return;
    }
    setAttempt((n) => n + 1);
  }

  // j/k move through the rows, Enter opens the one in focus (the link itself).
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== "j" && event.key !== "k") return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, select, textarea, [contenteditable], aside")) return;
      const links = Array.from(list.current?.querySelectorAll<HTMLAnchorElement>("a[data-row]") ?? []);
      if (links.length === 0) return;
      const at = links.findIndex((a) => a === document.activeElement);
      const next = event.key === "j" ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, 0);
      links[next]?.focus();
      event.preventDefault();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const toggle = (flag: Flag) => go({ ...view, [flag]: !view[flag], open: "" });
  const sortBy = (key: SortKey) => go({ ...view, sort: key, desc: view.sort === key ? !view.desc : false }, true);
  // The view's address once, each row's link adds its code (`open` is the last parameter).
  const unopened = viewSearch({ ...view, open: "" });
  const rowHref = (code: string) =>
    wide ? `${path}${unopened}${unopened ? "&" : "?"}open=${encodeURIComponent(code)}` : routes.complaint(code);
  // A row's props written out, not spread from an object made for it: a spread is one more
  // object a row (Preact copies it into the props it keeps).
  const rowOf = (Kind: typeof DeskRow | typeof CardRow, row: ComplaintRow) => (
    <Kind
      key={row.tracking_code}
      row={row}
      locale={locale}
      href={rowHref(row.tracking_code)}
      open={row.tracking_code === view.open}
      picked={mayDismiss && row.status === "submitted" ? chosen.includes(row.tracking_code) : null}
      pickColumn={mayDismiss}
    />
  );

  const select = (key: "status" | "kind" | "channel" | "priority" | "category", label: StaffKey, options: { value: string; label: string }[]) => (
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

  // What narrows the list now, each removable on its own.
  const applied: { label: string; clear: Partial<InboxView> }[] = [];
  if (view.status !== "open") applied.push({ label: `${t("inbox.status")}: ${view.status ? t(`status.${view.status}`) : t("inbox.any")}`, clear: { status: "open" } });
  if (view.kind) applied.push({ label: `${t("inbox.kind")}: ${t(`kind.${view.kind}`)}`, clear: { kind: "" } });
  if (view.channel) applied.push({ label: `${t("inbox.channel")}: ${t(`channel.${view.channel}`)}`, clear: { channel: "" } });
  if (view.priority) applied.push({ label: `${t("inbox.priority")}: ${view.priority}`, clear: { priority: "" } });
  if (view.category) {
    const name = categories.find((c) => c.slug === view.category)?.name ?? view.category;
    applied.push({ label: `${t("inbox.category")}: ${name}`, clear: { category: "" } });
  }
  if (view.from) applied.push({ label: `${t("inbox.from")}: ${formatDate(view.from, locale)}`, clear: { from: "" } });
  if (view.to) applied.push({ label: `${t("inbox.to")}: ${formatDate(view.to, locale)}`, clear: { to: "" } });
  if (view.q) applied.push({ label: `${t("inbox.searchShort")}: ${view.q}`, clear: { q: "" } });

  const flags: Flag[] = mine ? ["overdue", "escalated"] : ["overdue", "escalated", "unassigned", "unassignable", "mine"];
  const title: StaffKey = box ? "box.title" : mine ? "inbox.mineTitle" : "inbox.title";
  const sortLabel = t(COLUMNS.find((c) => c.key === view.sort)?.label ?? "inbox.colDeadline");

  const rowsOf = (rows: ComplaintRow[], labelledBy: string) =>
    wide ? (
      <table class="desk__table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            {mayDismiss ? (
              <th scope="col">
                <span class="visually-hidden">{t("inbox.pickColumn")}</span>
              </th>
            ) : null}
            {COLUMNS.map((column) => (
              <th
                key={column.key}
                scope="col"
                aria-sort={view.sort === column.key ? (view.desc ? "descending" : "ascending") : undefined}
              >
                <button type="button" class="desk__sort" onClick={() => sortBy(column.key)}>
                  {t(column.label)}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => rowOf(DeskRow, row))}
        </tbody>
      </table>
    ) : (
      <ul class="cards cards--list" aria-labelledby={labelledBy}>
        {rows.map((row) => rowOf(CardRow, row))}
      </ul>
    );

  const listing = (
    <section class={wide ? "page page--desk" : "page"} aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t(title)}</h1>
      {box ? (
        <p>
          <Link class="button button--primary" href={routes.boxOpenings}>
            {t("staffArea.boxOpenings")}
          </Link>
        </p>
      ) : null}
      <div class="chips" role="group" aria-label={t("inbox.quick")}>
        {flags.map((flag) => (
          <button key={flag} type="button" class="chip" aria-pressed={view[flag]} onClick={() => toggle(flag)}>
            {t(`inbox.flag.${flag}`)}
          </button>
        ))}
        {applied.map((chip) => (
          <button
            key={chip.label}
            type="button"
            class="chip chip--applied"
            aria-label={t("inbox.removeFilter", { filter: chip.label })}
            onClick={() => go({ ...view, ...chip.clear, open: "" })}
          >
            {chip.label} <span aria-hidden="true">×</span>
          </button>
        ))}
      </div>
      <details class="filters" onToggle={(event) => setFiltersOpen(event.currentTarget.open)}>
        <summary>{t("inbox.filters")}</summary>
        {filtersOpen ? (
          <form
            class="form filters__form"
            onSubmit={(event) => {
              event.preventDefault();
              go({ ...draft, open: "" });
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
            {select("priority", "inbox.priority", [
              { value: "", label: t("inbox.any") },
              ...PRIORITIES.map((p) => ({ value: p, label: p })),
            ])}
            {select("category", "inbox.category", [
              { value: "", label: t("inbox.any") },
              ...categories.map((c) => ({ value: c.slug, label: c.name })),
            ])}
            <TextField label={t("inbox.from")} type="date" value={draft.from} onValue={(from) => setDraft({ ...draft, from })} />
            <TextField label={t("inbox.to")} type="date" value={draft.to} onValue={(to) => setDraft({ ...draft, to })} />
            <TextField label={t("inbox.search")} type="search" value={draft.q} onValue={(q) => setDraft({ ...draft, q })} />
            <div class="actions actions--row">
              <Button type="submit">{t("inbox.apply")}</Button>
              <Button variant="secondary" onClick={() => go({ ...parseView(""), sort: view.sort, desc: view.desc })}>
                {t("inbox.reset")}
              </Button>
            </div>
          </form>
        ) : null}
      </details>

      {notice ? (
        <div class={notice.error ? "alert alert--error" : "alert alert--info"} role={notice.error ? "alert" : "status"}>
          <p>{notice.text}</p>
        </div>
      ) : null}
      {state.kind === "loaded" && pickable.length > 0 ? (
        <div class="actions actions--row bulk" role="group" aria-label={t("inbox.dismissPicked")}>
          {flagged.length > 0 ? (
            <Button variant="secondary" onClick={() => setPicked((now) => [...new Set([...now, ...flagged])])}>
              {t("inbox.pickFlagged")}
            </Button>
          ) : null}
          {chosen.length > 0 ? (
            <>
              <span role="status">{t("inbox.picked", { count: chosen.length })}</span>
              <Button variant="secondary" onClick={() => setPicked([])}>
                {t("inbox.pickNone")}
              </Button>
              <Button variant="danger" onClick={() => setConfirming(true)} disabled={confirming}>
                {t("inbox.dismissPicked")}
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
      {confirming && chosen.length > 0 ? (
        <div class="alert alert--warning" role="group" aria-labelledby="dismiss-confirm" ref={confirmYes}>
          <p id="dismiss-confirm">{t("inbox.dismissConfirm", { count: chosen.length })}</p>
          <div class="actions actions--row">
            <Button variant="danger" pending={dismissing} pendingLabel={t("inbox.dismissing")} onClick={() => void dismissChosen()}>
              {t("inbox.dismissYes")}
            </Button>
            <Button variant="secondary" disabled={dismissing} onClick={() => setConfirming(false)}>
              {t("inbox.dismissNo")}
            </Button>
          </div>
        </div>
      ) : null}
      {state.kind === "loading" ? (
        <p role="status">{t("app.loading")}</p>
      ) : state.kind === "failed" ? (
        <div class="alert alert--error" role="alert">
          <p>{t(errorKey(state.error.code))}</p>
          <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t("app.retry")}
          </Button>
        </div>
      ) : ordered.length === 0 ? (
        <p>{t(box ? "box.empty" : mine ? "inbox.emptyMine" : "inbox.empty")}</p>
      ) : (
        <div ref={list} class="desk__list" onClick={onListClick} onChange={onListChange}>
          <p class="inbox__count" role="status">
            {t("inbox.shown", { count: ordered.length, sort: sortLabel })}
            {wide ? ` ${t("inbox.keys")}` : ""}
          </p>
          {groups.todo.length > 0 ? rowsOf(groups.todo, "inbox-title") : null}
          {groups.answered.length > 0 ? (
            <>
              <h2 id="inbox-answered">{t("inbox.answered")}</h2>
              {rowsOf(groups.answered, "inbox-answered")}
            </>
          ) : null}
          {state.next ? (
            <div class="actions">
              <Button variant="secondary" pending={state.more === "loading"} pendingLabel={t("app.loading")} onClick={() => void loadMore()}>
                {t("inbox.more")}
              </Button>
              {state.more === "failed" ? (
                <p class="field__error" role="alert">
                  {t("inbox.moreFailed")}
                </p>
              ) : null}
            </div>
          ) : null}
        </div>
      )}
    </section>
  );

  if (!wide || !view.open) return listing;
  return (
    <div class="desk">
      {listing}
      <aside class="desk__beside" aria-label={t("inbox.beside")}>
        <p>
          <Link href={`${path}${viewSearch({ ...view, open: "" })}`}>{t("inbox.closeBeside")}</Link>
        </p>
        <ComplaintPage key={view.open} code={view.open} desa={desa} />
      </aside>
    </div>
  );
}
