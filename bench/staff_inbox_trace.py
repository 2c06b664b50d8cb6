"""Where the staff inbox's main-thread time goes: a DevTools trace of the draw that
`bench/staff_inbox.py` measures, broken down as the Performance panel does.

    python bench/staff_inbox_trace.py BASE_URL [desk|phone] [--js] [--save DIR]

Logs in and draws the inbox like the bench (CPU ×4, or `STAFF_CPU_SLOWDOWN`; one page of 50
rows), then records `STAFF_RUNS` draws (default 5), each in its own trace (`Tracing.start`
with the `devtools.timeline` categories; `--js` adds V8's sampling profiler, which slows the
page). For each draw, from a mark set just before going back, the renderer's main thread is
split by the events' own time (a parent's time less its children's):

- scripting: JavaScript, its compilation, garbage collection, event and timer dispatch;
- style: style recalculation (`UpdateLayoutTree`) and style sheet parsing;
- layout: `Layout`, pre-paint, layerization, hit testing;
- paint: `Paint`, compositing and commit;
- other: the tasks' own time outside those (the scheduler, IPC, reading the responses…).

Each bucket is given in wall time (what the bench's `TaskDuration` counts) and in the thread's
CPU time. On a shared machine the wall time of one draw swings 2–5× with the other jobs;
the CPU time barely moves, so two builds are best compared by it, draw by draw, with
`STAFF_CPU_SLOWDOWN=1` (the ×4 throttle spins the thread, which blurs it). It also prints the
events that cost most and, with `--js`, the JavaScript functions by self time (build the SPA
with `vite build --minify false` to read names rather than minified letters). `--save DIR`
writes each trace as JSON, to open in Chromium's Performance panel.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

import staff_inbox  # bench/staff_inbox.py: this script's folder is on sys.path

CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "disabled-by-default-devtools.timeline.frame",
    "v8.execute",
    "v8",
    "blink.user_timing",
    "toplevel",
]
# V8's sampling profiler, for the functions' own time: it slows the page, so the split above
# is taken without it (`--js` adds it).
PROFILER = "disabled-by-default-v8.cpu_profiler"
SIZES = staff_inbox.SIZES
BUCKETS = ["scripting", "style", "layout", "paint", "other"]
TASKS = staff_inbox.TASKS
MARK = "inbox-draw"
CLOCKS = {
    "dur": "main-thread tasks, wall time (what the bench counts)",
    "tdur": "main-thread tasks, the thread's CPU time (other jobs' turns not counted)",
}

_STYLE = {
    "UpdateLayoutTree",
    "RecalculateStyles",
    "ParseAuthorStyleSheet",
    "StyleRecalcInvalidationTracking",
}
_LAYOUT = {
    "Layout",
    "UpdateLayout",
    "PrePaint",
    "Layerize",
    "HitTest",
    "UpdateLayerTree",
    "IntersectionObserverController::computeIntersections",
    "ComputeIntersections",
}
_PAINT = {
    "Paint",
    "PaintImage",
    "PaintSetup",
    "CompositeLayers",
    "Commit",
    "Decode Image",
    "Rasterize",
    "RasterTask",
    "UpdateLayer",
    "ImageDecodeTask",
}
_SCRIPT_PREFIXES = ("v8.", "V8.", "v8::", "BlinkGC", "MinorGC", "MajorGC", "GC", "CppGC")
_SCRIPTING = {
    "FunctionCall",
    "EvaluateScript",
    "EventDispatch",
    "TimerFire",
    "FireAnimationFrame",
    "FireIdleCallback",
    "RunMicrotasks",
    "CompileScript",
    "CompileCode",
    "CompileModule",
    "XHRReadyStateChange",
    "XHRLoad",
    "ParseHTML",
    "HTMLDocumentParser::ProcessParsedChunk",
}


def bucket(name: str) -> str:
    if name in _STYLE:
        return "style"
    if name in _LAYOUT:
        return "layout"
    if name in _PAINT:
        return "paint"
    if name in _SCRIPTING or name.startswith(_SCRIPT_PREFIXES):
        return "scripting"
    return "other"


def record(page, cdp, rows: int, categories: list[str]) -> list[dict]:
    """One draw's trace events, with `MARK` set just before going back."""
    return staff_inbox.record_trace(page, cdp, rows, categories, mark=MARK)


main_thread = staff_inbox.main_thread


def breakdown(
    events: list[dict], thread: tuple[int, int], clock: str = "dur"
) -> tuple[dict[str, float], Counter, float]:
    """Milliseconds per bucket and per event name (own time), and the tasks' total, from the
    mark that starts the draw. `clock` "dur" is wall time, as the bench's `TaskDuration`
    counts (the CPU ×4 throttle and other processes' turns on the cores included); "tdur"
    is the thread's CPU time, which neither moves: the figure to compare two builds by on a
    busy machine."""
    start_at = next(e["ts"] for e in events if e.get("name") == MARK)
    spans = []
    for e in events:
        if (e.get("pid"), e.get("tid")) == thread and e.get("ph") == "X" and clock in e:
            spans.append((e["ts"], e["ts"] + e["dur"], e["name"], e[clock]))
    # Parents before children: by start, the longer first.
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    own: Counter = Counter()
    stack: list[list] = []  # [end, name, amount, children's amount]

    def close(until: float) -> None:
        while stack and stack[-1][0] <= until:
            _end, name, amount, children = stack.pop()
            own[name] += max(0.0, amount - children)
            if stack:
                stack[-1][3] += amount

    total = 0.0
    for start, end, name, amount in spans:
        close(start)
        if not stack and (name not in TASKS or start < start_at):
            continue  # outside any task, or before the draw: not what the bench counts
        if not stack:
            total += amount
        stack.append([end, name, amount, 0.0])
    close(float("inf"))
    buckets = {b: 0.0 for b in BUCKETS}
    for name, micros in own.items():
        buckets[bucket(name)] += micros / 1000
    return buckets, Counter({n: v / 1000 for n, v in own.items()}), total / 1000


def functions(events: list[dict], thread: tuple[int, int]) -> Counter:
    """JavaScript self time per function (ms), from the sampling profiler's chunks."""
    nodes: dict[int, dict] = {}
    samples: list[int] = []
    deltas: list[int] = []
    pid, tid = thread
    # The main thread's profile (the service worker's thread has one too): its chunks share
    # its id, whatever thread writes them.
    ids = {
        e.get("id")
        for e in events
        if e.get("name") == "Profile" and (e.get("pid"), e.get("tid")) == (pid, tid)
    }
    for e in events:
        if e.get("name") != "ProfileChunk" or e.get("pid") != pid or e.get("id") not in ids:
            continue
        data = e["args"]["data"]
        profile = data.get("cpuProfile", {})
        for node in profile.get("nodes", []):
            nodes[node["id"]] = node
        samples.extend(profile.get("samples", []))
        deltas.extend(data.get("timeDeltas", []))
    self_ms: Counter = Counter()
    # A sample's time is the gap to the next one.
    start_at = next(e["ts"] for e in events if e.get("name") == MARK)
    at = next(
        (
            e["args"]["data"]["startTime"]
            for e in events
            if e.get("name") == "Profile" and e.get("id") in ids
        ),
        0,
    )
    for index, node_id in enumerate(samples[:-1]):
        at += deltas[index]
        if at < start_at:
            continue
        frame = nodes.get(node_id, {}).get("callFrame", {})
        name = frame.get("functionName") or "(anonymous)"
        where = Path(frame.get("url", "")).name
        line = frame.get("lineNumber", -1) + 1
        label = f"{name} {where}:{line}" if where else name
        self_ms[label] += max(0, deltas[index + 1]) / 1000
    return self_ms


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    base_url = argv[1].rstrip("/")
    size = argv[2] if len(argv) > 2 and not argv[2].startswith("--") else "desk"
    save = Path(argv[argv.index("--save") + 1]) if "--save" in argv else None
    categories = [*CATEGORIES, PROFILER] if "--js" in argv else CATEGORIES
    width, height = SIZES[size]
    # Per clock ("dur" wall, "tdur" CPU): each bucket's share and ms, each draw's total.
    shares: dict[str, dict[str, list[float]]] = {c: defaultdict(list) for c in CLOCKS}
    millis: dict[str, dict[str, list[float]]] = {c: defaultdict(list) for c in CLOCKS}
    totals: dict[str, list[float]] = {c: [] for c in CLOCKS}
    # The requirement's window (rows received → painted), per clock.
    renders: dict[str, list[float]] = {c: [] for c in CLOCKS}
    names: Counter = Counter()
    scripts: Counter = Counter()
    with staff_inbox.inbox_page(base_url, width, height, one_page=True) as (page, cdp, rows):
        for run in range(staff_inbox.RUNS):
            events = record(page, cdp, rows, categories)
            if save:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"{size}-{run}.json").write_text(json.dumps({"traceEvents": events}))
            thread = main_thread(events)
            for clock in CLOCKS:
                renders[clock].append(
                    staff_inbox.window_ms(events, staff_inbox.RECEIVED, staff_inbox.PAINTED, clock)
                )
                buckets, own, total = breakdown(events, thread, clock)
                totals[clock].append(total)
                for name in BUCKETS:
                    millis[clock][name].append(buckets[name])
                    shares[clock][name].append(100 * buckets[name] / total if total else 0)
                if clock == "tdur":
                    names.update(own)
            scripts.update(functions(events, thread))
    runs = staff_inbox.RUNS
    print(f"{size}: {rows} rows, CPU ×{staff_inbox.CPU_SLOWDOWN}, median of {runs} draws")
    for clock in CLOCKS:
        spread = ", ".join(f"{t:.1f}" for t in renders[clock])
        median = statistics.median(renders[clock])
        print(f"  render window, received → painted ({clock}): {median:.1f} ms (runs {spread})")
    for clock, label in CLOCKS.items():
        spread = ", ".join(f"{t:.0f}" for t in totals[clock])
        print(f"  {label}: {statistics.median(totals[clock]):.0f} ms (runs {spread})")
        for name in BUCKETS:
            share, ms = (
                statistics.median(shares[clock][name]),
                statistics.median(millis[clock][name]),
            )
            print(f"    {name:<10} {share:5.1f} %  {ms:6.1f} ms")
    print("  events by own CPU time (mean ms a draw):")
    for name, ms in names.most_common(20):
        print(f"    {ms / runs:7.1f}  {name} [{bucket(name)}]")
    if not scripts:
        return 0
    print("  JavaScript by self time (mean ms a draw, sampled; the profiler slows the page):")
    for name, ms in scripts.most_common(30):
        print(f"    {ms / runs:7.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
