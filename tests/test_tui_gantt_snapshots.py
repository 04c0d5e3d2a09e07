"""SVG snapshots of the Gantt chart and the phase view with the example plan, in Japanese.

Update after an intended change with ``pytest tests/test_tui_gantt_snapshots.py
--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult

from roadmap.core.analysis.pipeline import analyze_path, analyze_plan
from roadmap.core.analysis.schedule import Schedule
from roadmap.core.i18n import Lang
from roadmap.core.planfile.loader import parse_plan
from tui.widgets.gantt import GanttView, Zoom
from tui.widgets.phases import PhaseView

EXAMPLE = Path(__file__).resolve().parents[1] / "plans" / "example-town.toml"
SIZE = (110, 40)


class GanttHost(App[None]):
    """The example plan's Gantt chart or its phase view, filling the screen."""

    def __init__(
        self,
        view: str = "gantt",
        selected: str | None = None,
        zoom: Zoom = "month",
        lang: Lang = "ja",
        baseline: Schedule | None = None,
    ) -> None:
        super().__init__()
        self.baseline = baseline
        self.view = view
        self.selected = selected
        self.zoom = zoom
        self.lang: Lang = lang

    def compose(self) -> ComposeResult:
        yield GanttView(id="gantt") if self.view == "gantt" else PhaseView(id="phases")

    def on_mount(self) -> None:
        analysis = analyze_path(EXAMPLE)
        plan, schedule = analysis.plan, analysis.schedule
        assert plan is not None and schedule is not None
        if self.view == "gantt":
            gantt = self.query_one(GanttView)
            gantt.zoom = self.zoom
            gantt.show(plan, schedule, self.selected, self.lang, baseline=self.baseline)
        else:
            self.query_one(PhaseView).show(plan, schedule, self.selected, self.lang)


def test_gantt_month_zoom_of_the_example_plan(snap_compare: Any) -> None:
    assert snap_compare(GanttHost(), terminal_size=SIZE)


def test_gantt_scrolls_to_a_selected_late_bar_and_keeps_the_year_label(snap_compare: Any) -> None:
    assert snap_compare(GanttHost(selected="std-koseki-migration"), terminal_size=SIZE)


def test_gantt_fiscal_year_zoom_with_the_selected_chain(snap_compare: Any) -> None:
    host = GanttHost(zoom="fiscal-year", selected="effect-final")
    assert snap_compare(host, terminal_size=SIZE)


def test_phase_view_of_the_example_plan_with_a_selected_chain(snap_compare: Any) -> None:
    host = GanttHost(view="phases", selected="std-koseki-migration")
    assert snap_compare(host, terminal_size=SIZE)


def example_baseline() -> Schedule:
    """The example plan as reported half a year earlier: open work was due to start sooner."""
    earlier = EXAMPLE.read_text().replace("status_date = 2026-11-27", "status_date = 2026-06-01")
    schedule = analyze_plan(parse_plan(earlier).plan).schedule
    assert schedule is not None
    return schedule


def test_gantt_with_a_baseline_underlines_the_earlier_spans(snap_compare: Any) -> None:
    host = GanttHost(selected="std-fukushi-migration", baseline=example_baseline())
    assert snap_compare(host, terminal_size=SIZE)
