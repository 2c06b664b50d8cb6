import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../../../api/errors";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/TextField";
import { errorKey } from "../../../i18n/index";
import { useStaffI18n, type StaffKey } from "../../../i18n/staff";
import { formatDate, formatDueDate } from "../../../lib/format";
import { useStore } from "../../../lib/store";
import { activeWorkspace, workspaceStore } from "../../../lib/workspace";
import { Link, navigate, usePath, useSearch } from "../../../lib/router";
import { routes } from "../../../lib/routes";
import {
  cursorOf,
  dismissSpam,
  fetchCategories,
  fetchStatusCounts,
  listComplaints,
  type Category,
  type ComplaintRow,
  type StatusCounts,
} from "../api";
import { SlaBadge } from "../components/SlaBadge";
import {
  CHANNELS,
  KINDS,
  OPEN,
  PRIORITIES,
  STATUSES,
  keepRow,
  parseView,
  serverQuery,
  sortRows,
  splitAnswered,
  viewSearch,
  type Flag,
  type InboxView,
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

// Every matching complaint is read (a desa's open ones fit easily) so the table sorts and
// filters all of them, not one page; past this many the view says to narrow it.
const MAX_ROWS = 500;
const DESK = "(min-width: 1024px)";

type State =
  | { kind: "loading" }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "loaded"; rows: ComplaintRow[]; truncated: boolean };

function useWide(): boolean {
  const query = typeof window.matchMedia === "function" ? window.matchMedia(DESK) : null;
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

function Deadline({ row, locale }: { row: ComplaintRow; locale: string }) {
  const sla = row.sla;
  if (!sla?.due_on) return <SlaBadge sla={sla} />;
  return (
    <>
      <span class="desk__date">{formatDueDate(sla.due_on, locale)}</span> <SlaBadge sla={sla} />
    </>
  );
}

export default function InboxPage({ mine, box = false, desa }: InboxPageProps) {
  const { locale, t } = useStaffI18n();
  const path = usePath();
  const search = useSearch();
  const view = parseView(search);
  const wide = useWide();
  const [draft, setDraft] = useState<InboxView>(view);
  const [state, setState] = useState<State>({ kind: "loading" });
  const [categories, setCategories] = useState<Category[]>([]);
  const [counts, setCounts] = useState<StatusCounts | null>(null);
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

  useEffect(() => setDraft(view), [search]);

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
  }, [desa, mine, attempt, queryKey]);

  useEffect(() => {
    const id = ++request.current;
    setState({ kind: "loading" });
    void (async () => {
      const rows: ComplaintRow[] = [];
      let cursor: string | null = null;
      do {
        const result = await listComplaints(cursor ? { ...query, cursor } : query);
        if (id !== request.current) return;
        if (!result.ok) {
          setState({ kind: "failed", error: result.error });
          return;
        }
        rows.push(...result.data.results);
        cursor = cursorOf(result.data.next);
      } while (cursor && rows.length < MAX_ROWS);
      setState({ kind: "loaded", rows, truncated: cursor !== null });
    })();
  }, [queryKey, attempt, locale]);

  const shown = state.kind === "loaded" ? sortRows(state.rows.filter((r) => keepRow(view, r)), view.sort, view.desc) : [];
  const groups = mine && !box ? splitAnswered(shown) : { todo: shown, answered: [] };
  const ordered = [...groups.todo, ...groups.answered];
  const pickable = ordered.filter((row) => mayDismiss && row.status === "submitted");
  const chosen = picked.filter((code) => pickable.some((row) => row.tracking_code === code));
  const flagged = pickable.filter((row) => row.spam_flagged).map((row) => row.tracking_code);
  const pick = (code: string, on: boolean) =>
    setPicked((now) => (on ? [...now.filter((c) => c !== code), code] : now.filter((c) => c !== code)));

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

  const pickBox = (row: ComplaintRow) =>
    row.status === "submitted" && mayDismiss ? (
      <label class="pick">
        <input
          type="checkbox"
          checked={chosen.includes(row.tracking_code)}
          onChange={(event) => pick(row.tracking_code, event.currentTarget.checked)}
        />
        <span class="visually-hidden">{t("inbox.pick", { code: row.tracking_code })}</span>
      </label>
    ) : null;

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
  const rowHref = (row: ComplaintRow) =>
    wide ? `${path}${viewSearch({ ...view, open: row.tracking_code })}` : routes.complaint(row.tracking_code);

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
          {rows.map((row) => (
            <tr key={row.tracking_code} class={row.tracking_code === view.open ? "desk__row desk__row--open" : "desk__row"}>
              {mayDismiss ? <td>{pickBox(row)}</td> : null}
              <td class="desk__code">{row.tracking_code}</td>
              <td>
                <Link
                  data-row=""
                  href={rowHref(row)}
                  aria-current={row.tracking_code === view.open ? "true" : undefined}
                >
                  {row.title}
                </Link>
              </td>
              <td>{row.category.name}</td>
              <td>{t(`channel.${row.channel}`)}</td>
              <td>
                <span class={`badge badge--${row.status}`}>{row.status_label}</span>
                {row.spam_flagged ? <span class="badge badge--spam">{t("spam.flag")}</span> : null}
                {row.reporters_count > 1 ? (
                  <span class="badge badge--reporters">{t("duplicates.reporters", { n: row.reporters_count })}</span>
                ) : null}
              </td>
              <td>{row.priority}</td>
              <td>
                <Deadline row={row} locale={locale} />
              </td>
              <td>{row.assigned_position ? t(`position.${row.assigned_position}`) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <ul class="cards cards--list" aria-labelledby={labelledBy}>
        {rows.map((row) => (
          <li class="card card--link" key={row.tracking_code}>
            {pickBox(row)}
            <Link class="card__title" data-row="" href={rowHref(row)}>
              {row.title}
            </Link>
            <p class="card__meta">
              <span class={`badge badge--${row.status}`}>{row.status_label}</span>
              {row.spam_flagged ? <span class="badge badge--spam">{t("spam.flag")}</span> : null}
                {row.reporters_count > 1 ? (
                  <span class="badge badge--reporters">{t("duplicates.reporters", { n: row.reporters_count })}</span>
                ) : null}
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
      <details class="filters">
        <summary>{t("inbox.filters")}</summary>
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
        <div ref={list} class="desk__list">
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
          {state.truncated ? <p class="alert">{t("inbox.truncated", { count: MAX_ROWS })}</p> : null}
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
