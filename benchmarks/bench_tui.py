"""Benchmark of the editor: startup to first paint, and keypress to repaint for an edit.

Not a test: it prints figures. The app runs headless; a subclass records when a key event
arrives and when the screen is next written once the edit is applied (``App._display``), so the
figures are the app's own latency, not Pilot's waiting. Targets: first paint under 1 s for the
example plan and under 2 s at 2,000 initiatives; an edit updates table, Gantt and status bar in
under 100 ms.

Columns: ``parsed`` is when the document's comment-keeping parse of the whole text, which runs
in a thread after the first paint, was done (by the end of the edits: at most a minute is
waited for it); the edits start right after the first paint, and a field edit does not wait
for that parse. ``key->paint`` (median and max over the edits) is from the Enter key to the
first screen write after the edit; ``recompute`` is the app's handling of the edit (write the field,
recheck and reschedule, update every widget's data), of which ``analyze`` is the core's
:func:`~roadmap.core.analysis.pipeline.analyze_plan` or, after an edit,
:class:`~roadmap.core.analysis.incremental.IncrementalAnalyzer`; the rest of key->paint is Textual rendering the changed
lines. The machine's load average is printed with the figures: other work on the CPUs slows
every figure, and Python's garbage collector adds an occasional pause to single edits.

Usage::

    python benchmarks/bench_tui.py            # example plan, 500 and 2,000 initiatives
    python benchmarks/bench_tui.py 5000       # other sizes
    python benchmarks/bench_tui.py 2000 5000 --no-example --edits 12 --json
    python benchmarks/bench_tui.py 2000 5000 --no-example --compare   # full vs incremental
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_plan  # noqa: E402
from textual import events  # noqa: E402
from textual.widgets import Input  # noqa: E402

import tui.state  # noqa: E402
from roadmap.core.analysis.incremental import IncrementalAnalyzer  # noqa: E402
from tui.app import RoadmapApp  # noqa: E402

_analyze_plan = tui.state.analyze_plan
_incremental_analyze = IncrementalAnalyzer.analyze
#: Time spent in the core's analysis since the counter was last reset, in ms.
ANALYZE_MS = [0.0]


def _timed_analyze_plan(*args: Any, **kwargs: Any) -> Any:
    begin = time.perf_counter()
    try:
        return _analyze_plan(*args, **kwargs)
    finally:
        ANALYZE_MS[0] += (time.perf_counter() - begin) * 1000


#: ``--compare``: when true, every edit runs the whole analysis (as before the editor's
#: incremental re-analysis), for a paired measurement in the same run.
FULL_ANALYSIS = [False]


def _timed_incremental(self: IncrementalAnalyzer, *args: Any, **kwargs: Any) -> Any:
    begin = time.perf_counter()
    try:
        if FULL_ANALYSIS[0]:
            return _analyze_plan(*args, **kwargs)
        return _incremental_analyze(self, *args, **kwargs)
    finally:
        ANALYZE_MS[0] += (time.perf_counter() - begin) * 1000


tui.state.analyze_plan = _timed_analyze_plan  # type: ignore[assignment]
IncrementalAnalyzer.analyze = _timed_incremental  # type: ignore[method-assign]


class TimedApp(RoadmapApp):
    """The editor, recording key arrival and screen writes."""

    def __init__(self, *args: Any, started: float, **kwargs: Any) -> None:
        self.started = started
        self.first_paint: float | None = None
        self.key_at: float | None = None
        self.applied = False
        self.paint_after_key: float | None = None
        super().__init__(*args, **kwargs)

    last_apply_ms = 0.0
    last_analyze_ms = 0.0

    def apply_field(self, initiative_id: str, field: str, value: Any) -> None:
        begin = time.perf_counter()
        ANALYZE_MS[0] = 0.0
        super().apply_field(initiative_id, field, value)
        self.last_apply_ms = (time.perf_counter() - begin) * 1000
        self.last_analyze_ms = ANALYZE_MS[0]
        self.applied = True

    def _display(self, screen: Any, renderable: Any) -> None:
        super()._display(screen, renderable)
        now = time.perf_counter()
        if renderable is None:
            return
        if self.first_paint is None and self.table.row_count:
            self.first_paint = now
        if self.key_at is not None and self.applied and self.paint_after_key is None:
            self.paint_after_key = now

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.key == "enter":
            self.key_at = time.perf_counter()
            self.applied = False
            self.paint_after_key = None
        await super().on_event(event)


async def measure(path: Path, edits: int = 8) -> dict[str, float]:
    """First paint, and keypress-to-repaint and compute time of ``edits`` duration edits
    (compute: apply the edit, recheck and reschedule, update every widget's data)."""
    started = time.perf_counter()
    app = TimedApp(path, started=started)
    latencies: list[float] = []
    computes: list[float] = []
    analyses: list[float] = []
    async with app.run_test(size=(160, 50)) as pilot:
        while app.first_paint is None:
            await asyncio.sleep(0.005)
        first_paint = app.first_paint - started
        target = app.state.order[len(app.state.order) // 3]
        app.select(target)
        await pilot.pause()
        editor = app.form.query_one("#field-duration", Input)
        for number in range(edits):
            editor.focus()
            editor.value = f"{number + 2}w"  # a new value each time, so each Enter edits
            await pilot.pause()
            await pilot.press("enter")
            while app.paint_after_key is None:
                await asyncio.sleep(0.001)
            assert app.key_at is not None
            latencies.append((app.paint_after_key - app.key_at) * 1000)
            computes.append(app.last_apply_ms)
            analyses.append(app.last_analyze_ms)
            await pilot.pause()
        document = app.state.document
        deadline = time.perf_counter() + 60
        while document is not None and not document.is_parsed and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        parsed = time.perf_counter() - started
    return {
        "first_paint_s": first_paint,
        "parsed_s": parsed,
        "key_to_paint_ms": statistics.median(latencies),
        "key_to_paint_max_ms": max(latencies),
        "recompute_ms": statistics.median(computes),
        "analyze_ms": statistics.median(analyses),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Editor benchmark: first paint, and keypress to repaint for an edit.",
        epilog="key->paint is printed as the median and the worst (max) over the edits.",
    )
    parser.add_argument(
        "sizes", nargs="*", type=int, help="synthetic plan sizes (default: 500 2000)"
    )
    parser.add_argument("--edits", type=int, default=8, help="edits per plan (default: 8)")
    parser.add_argument("--no-example", action="store_true", help="skip the bundled example plan")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object per plan instead of a table"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="measure each plan twice, alternately: the whole analysis on every edit (before) "
        "and the incremental one (after); prints both and the ratio of the medians",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or ([] if args.no_example else [500, 2000])
    cases: list[tuple[str, Path]] = []
    if not args.no_example:
        cases.append(("example", ROOT / "plans" / "example-town.toml"))
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"plan-{size}.toml"
            path.write_text(synthetic_plan(size), encoding="utf-8")
            cases.append((f"{size}", path))
        if not args.json and not args.compare:
            print(
                f"{'plan':>8}  {'first paint':>11}  {'parsed':>8}  {'key->paint':>10}  {'worst':>7}  "
                f"{'recompute':>9}  {'analyze':>7}  {'load avg':>8}"
            )
        for name, path in cases:
            if args.compare:
                _compare(name, path, max(1, args.edits))
                continue
            figures = asyncio.run(measure(path, edits=max(1, args.edits)))
            if args.json:
                print(json.dumps({"plan": name, **figures, "load": os.getloadavg()[0]}))
                continue
            print(
                f"{name:>8}  {figures['first_paint_s']:>9.2f} s  {figures['parsed_s']:>6.2f} s  "
                f"{figures['key_to_paint_ms']:>7.0f} ms  {figures['key_to_paint_max_ms']:>4.0f} ms  "
                f"{figures['recompute_ms']:>6.0f} ms  {figures['analyze_ms']:>4.0f} ms  "
                f"{os.getloadavg()[0]:>8.2f}"
            )
    return 0


def _compare(name: str, path: Path, edits: int, rounds: int = 3) -> None:
    """Full and incremental analysis alternately, ``rounds`` times each: medians and ratio."""
    runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
    for _ in range(rounds):
        for full in (True, False):
            FULL_ANALYSIS[0] = full
            runs[full].append(asyncio.run(measure(path, edits=edits)))
    FULL_ANALYSIS[0] = False
    for key in ("key_to_paint_ms", "key_to_paint_max_ms", "recompute_ms", "analyze_ms"):
        before = statistics.median(figures[key] for figures in runs[True])
        after = statistics.median(figures[key] for figures in runs[False])
        print(
            f"{name:>8}  {key:<20} full {before:>6.0f} ms  incremental {after:>6.0f} ms  "
            f"ratio {after / before:.2f}  (load {os.getloadavg()[0]:.2f})"
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
