"""SVG snapshots of the editor's main screens with the example plan, in Japanese.

Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs under ``tests/__snapshots__`` before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tui.app import RoadmapApp

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"
SIZE = (120, 36)


def test_main_screen_with_table_and_detail_form(snap_compare: Any) -> None:
    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=SIZE)


def test_main_screen_in_an_80x24_terminal(snap_compare: Any) -> None:
    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=(80, 24))


def test_gantt_tab_with_the_critical_path(snap_compare: Any) -> None:
    async def select_critical(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, RoadmapApp)
        app.select("std-koseki-fitgap")
        app.action_toggle_detail()

    assert snap_compare(
        RoadmapApp(EXAMPLE), terminal_size=SIZE, press=["f3"], run_before=select_critical
    )


def test_bad_duration_shown_next_to_the_field(snap_compare: Any) -> None:
    async def type_bad_duration(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, RoadmapApp)
        app.select("std-juki")
        editor = app.form.query_one("#field-duration")
        editor.value = "5ヶ月"  # type: ignore[attr-defined]
        app.form._apply_text(editor)  # type: ignore[arg-type]
        app.table.focus()
        await pilot.pause()

    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=SIZE, run_before=type_bad_duration)


def test_delete_confirmation_lists_the_dependents(snap_compare: Any) -> None:
    async def select_fitgap(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, RoadmapApp)
        app.select("std-wave1-fitgap")
        app.table.focus()

    assert snap_compare(
        RoadmapApp(EXAMPLE), terminal_size=SIZE, press=["delete"], run_before=select_fitgap
    )


def test_help_screen(snap_compare: Any) -> None:
    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=SIZE, press=["f1"])


def test_phases_tab(snap_compare: Any) -> None:
    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=SIZE, press=["f4"])


def test_budget_tab(snap_compare: Any) -> None:
    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=SIZE, press=["f7"])


def test_staffing_tab(snap_compare: Any) -> None:
    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=SIZE, press=["f8"])


def test_kpi_tab(snap_compare: Any) -> None:
    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=SIZE, press=["f9"])


def test_risk_tab_after_a_simulation(snap_compare: Any) -> None:
    async def simulate(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("f10", "r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=SIZE, run_before=simulate)
