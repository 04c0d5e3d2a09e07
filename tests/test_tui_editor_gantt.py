"""The Gantt chart explains itself: a legend (f1 and a key on the Gantt tab), bars
that read without colour, the zoom that fits the plan, and keys to fit, jump to the next
critical initiative and to the status date."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Static

from tui.app import RoadmapApp
from tui.screens.help import HelpScreen
from tui.widgets import gantt as gantt_module
from tui.widgets.gantt import GanttLegend, legend_entries

# a plan of four years: at the month zoom it needs far more than 120 columns
PLAN = """\
[plan]
title = "長い計画"
start = 2026-04-01
status_date = 2026-06-01

[initiatives.a]
title = "調査"
duration = "1y"

[initiatives.side]
title = "並行作業"
duration = "2mo"

[initiatives.b]
title = "構築"
duration = "2y"
depends_on = ["a"]

[initiatives.m]
title = "稼働"
duration = "0d"
depends_on = ["b"]
deadline = 2029-12-31
"""

SIZE = (120, 40)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def row_text(app: RoadmapApp, initiative_id: str) -> str:
    _label, timeline = app.gantt.row_strips(initiative_id)
    return timeline.text


def test_every_mark_is_one_cell_wide() -> None:
    for mark, _style, _meaning in legend_entries("ja"):
        assert cell_len(mark) == len(mark)
    for glyph in (gantt_module._BAR, gantt_module._BAR_CRITICAL, gantt_module._MILESTONE):
        assert cell_len(glyph) == 1


async def test_bars_milestones_and_the_status_date_read_as_glyphs(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.action_show_tab("tab-gantt")
        await pilot.pause()
        critical = row_text(app, "b")
        ordinary = row_text(app, "side")
        assert gantt_module._BAR_CRITICAL in critical and gantt_module._BAR not in critical
        assert gantt_module._BAR in ordinary and gantt_module._BAR_CRITICAL not in ordinary
        assert "◆" in row_text(app, "m") and "*" not in row_text(app, "m")
        assert "|" in ordinary  # the status date


async def test_the_chart_opens_at_the_zoom_that_fits_the_plan(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(200, 50)) as pilot:
        app.action_show_tab("tab-gantt")
        await pilot.pause()
        gantt = app.gantt
        assert gantt.axis is not None
        timeline = gantt.scrollable_content_region.width - gantt_module.LABEL_WIDTH
        assert gantt.zoom != "month"
        assert gantt.axis.width <= timeline  # the whole plan, 2026 to 2029, on screen
        finer = gantt_module.ZOOMS[gantt_module.ZOOMS.index(gantt.zoom) - 1]
        assert app.state.plan is not None and app.state.analysis.schedule is not None
        wider = gantt_module.axis_for(app.state.plan, app.state.analysis.schedule, finer)
        assert wider.width > timeline  # and no finer zoom would fit
        gantt.focus()
        await pilot.press("minus", "minus", "minus", "plus", "plus", "plus")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert gantt.axis.width <= timeline and gantt.scroll_x == 0


async def test_keys_jump_to_the_next_critical_initiative_and_to_the_status_date(
    plan: Path,
) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.action_show_tab("tab-gantt")
        await pilot.pause()
        gantt = app.gantt
        gantt.zoom = "week"  # wide: the status date is far to the right
        await pilot.pause()
        app.select("a")
        gantt.focus()
        await pilot.press("x")
        await pilot.pause()
        assert app.selected == "b" and gantt.selected == "b"  # "side" is not critical
        await pilot.press("x")
        await pilot.pause()
        assert app.selected == "m"
        await pilot.press("x")
        await pilot.pause()
        assert app.selected == "a"  # round again
        await pilot.press("t")
        await pilot.pause()
        assert gantt.axis is not None
        column = gantt.axis.column(dt_date(2026, 6, 1))
        width = gantt.scrollable_content_region.width - gantt_module.LABEL_WIDTH
        assert gantt.scroll_x <= column < gantt.scroll_x + width


def dt_date(year: int, month: int, day: int) -> object:
    import datetime as dt

    return dt.date(year, month, day)


async def test_the_legend_is_toggled_on_the_gantt_tab_and_shown_by_f1(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.action_show_tab("tab-gantt")
        await pilot.pause()
        legend = app.main.query_one(GanttLegend)
        assert not legend.display
        app.gantt.focus()
        await pilot.press("l")
        await pilot.pause()
        assert legend.display
        shown = str(legend.render())
        for word in (
            "選択中",
            "先行",
            "後続",
            "クリティカル",
            "◆ マイルストーン",
            "期限",
            "基準日",
        ):
            assert word in shown
        assert "比較する計画" in shown
        await pilot.press("l")
        await pilot.pause()
        assert not legend.display
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_legend = str(app.screen.query_one("#help-legend", Static).render())
        assert "◆ マイルストーン" in help_legend and "▰▰ クリティカル" in help_legend
