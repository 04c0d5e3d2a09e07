"""Benchmark of the editor: startup to first paint, and keypress to repaint for an edit.

Not a test: it prints figures. The app runs headless; a subclass records when a key event
arrives and when the screen is next written (``App._display``), so the figures are the app's own
latency, not Pilot's waiting. Targets: first paint under 1 s for the example plan and under 2 s
at 2,000 initiatives; an edit updates table, Gantt and status bar in under 100 ms.

Usage::

    python benchmarks/bench_tui.py            # example plan, 500 and 2,000 initiatives
    python benchmarks/bench_tui.py 5000       # other sizes
"""

from __future__ import annotations

import asyncio
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

from tui.app import RoadmapApp  # noqa: E402


class TimedApp(RoadmapApp):
    """The editor, recording key arrival and screen writes."""

    def __init__(self, *args: Any, started: float, **kwargs: Any) -> None:
        self.started = started
        self.first_paint: float | None = None
        self.key_at: float | None = None
        self.paint_after_key: float | None = None
        super().__init__(*args, **kwargs)

    last_apply_ms = 0.0

    def apply_field(self, initiative_id: str, field: str, value: Any) -> None:
        begin = time.perf_counter()
        super().apply_field(initiative_id, field, value)
        self.last_apply_ms = (time.perf_counter() - begin) * 1000

    def _display(self, screen: Any, renderable: Any) -> None:
        super()._display(screen, renderable)
        now = time.perf_counter()
        if renderable is None:
            return
        if self.first_paint is None and self.table.row_count:
            self.first_paint = now
        if self.key_at is not None and self.paint_after_key is None:
            self.paint_after_key = now

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.key == "enter":
            self.key_at = time.perf_counter()
            self.paint_after_key = None
        await super().on_event(event)


async def measure(path: Path, edits: int = 8) -> dict[str, float]:
    """First paint, and keypress-to-repaint and compute time of ``edits`` duration edits
    (compute: apply the edit, recheck and reschedule, update every widget's data)."""
    started = time.perf_counter()
    app = TimedApp(path, started=started)
    latencies: list[float] = []
    computes: list[float] = []
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
            await pilot.pause()
    return {
        "first_paint_s": first_paint,
        "key_to_paint_ms": statistics.median(latencies),
        "key_to_paint_max_ms": max(latencies),
        "recompute_ms": statistics.median(computes),
    }


def main(argv: list[str]) -> int:
    sizes = [int(arg) for arg in argv] or [500, 2000]
    cases: list[tuple[str, Path]] = [("example", ROOT / "plans" / "example-town.toml")]
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"plan-{size}.toml"
            path.write_text(synthetic_plan(size), encoding="utf-8")
            cases.append((f"{size}", path))
        print(f"{'plan':>8}  {'first paint':>11}  {'key->paint':>10}  {'max':>7}  {'recompute':>9}")
        for name, path in cases:
            figures = asyncio.run(measure(path))
            print(
                f"{name:>8}  {figures['first_paint_s']:>9.2f} s  "
                f"{figures['key_to_paint_ms']:>7.0f} ms  {figures['key_to_paint_max_ms']:>4.0f} ms  "
                f"{figures['recompute_ms']:>6.0f} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
