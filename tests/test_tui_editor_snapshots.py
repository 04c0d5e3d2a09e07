"""SVG snapshots of the editor: the main screen in a large terminal, and the Gantt chart with
its legend in a monochrome terminal (NO_COLOR), where the bars still read by their glyphs.

Update after an intended change with
``pytest tests/test_tui_editor_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.app import RoadmapApp

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"


def test_main_screen_in_a_220x60_terminal(snap_compare: Any) -> None:
    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=(220, 60))


def test_gantt_in_an_80x24_terminal(snap_compare: Any) -> None:
    assert snap_compare(RoadmapApp(EXAMPLE), terminal_size=(80, 24), press=["f3"])


def test_monochrome_gantt_with_its_legend(
    snap_compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # Textual reads (and removes) it when the app is made
    app = RoadmapApp(EXAMPLE)
    assert app.no_color

    async def open_gantt(pilot: Pilot[None]) -> None:
        await pilot.pause()
        assert isinstance(pilot.app, RoadmapApp)
        pilot.app.select("std-koseki-fitgap")
        pilot.app.action_toggle_detail()
        pilot.app.action_show_tab("tab-gantt")
        await pilot.pause()
        pilot.app.gantt.focus()
        await pilot.press("l")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 36), run_before=open_gantt)
