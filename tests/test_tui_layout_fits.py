"""What the editor shows fits the terminal: whole toasts, a 名称 column that uses the width,
month labels apart, every KPI counted, a budget table that does not wrap at 80 columns."""

from __future__ import annotations

import html
import re
from pathlib import Path

from rich.cells import cell_len
from textual.widgets import Static

from roadmap.core.analysis.pipeline import analyze_plan
from roadmap.core.planfile.loader import parse_plan
from tui.app import RoadmapApp
from tui.widgets.budget_view import BudgetChart
from tui.widgets.initiative_table import COLUMNS
from tui.widgets.kpi_view import KpiView

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"

KPIS = """\
[plan]
title = "テスト町"
start = 2026-04-01
status_date = 2026-10-01

[initiatives.a]
title = "書かない窓口"
duration = "3mo"

[[initiatives.a.kpis]]
name = "待ち時間"
unit = "分"
baseline = 30
target = 10
actual = 10
direction = "lower"

[[initiatives.a.kpis]]
name = "利用件数"
unit = "件"
baseline = 0
target = 100
"""


def screen_text(app: RoadmapApp) -> str:
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


async def test_a_toast_over_the_detail_form_shows_every_character() -> None:
    app = RoadmapApp(EXAMPLE)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.notify("保存しました: 長い名前の計画ファイル これは長いメッセージです", timeout=30)
        await pilot.pause()
        await pilot.pause()
        shown = screen_text(app)
    assert "保存しました:" in shown
    assert "これは長いメッセージです" in shown


async def test_the_title_column_widens_with_the_terminal() -> None:
    app = RoadmapApp(EXAMPLE)
    async with app.run_test(size=(220, 60)) as pilot:
        await pilot.pause()
        table = app.table
        assert table.title_width > COLUMNS["title"]
        used = sum(column.get_render_width(table) for column in table.columns.values())
        assert table.size.width - used <= 3  # only the scrollbar's room is left over
        title = app.state.models["std-fukushi-fitgap"].title  # 32 cells: cut at 28
        assert cell_len(title) > COLUMNS["title"]
        assert title in screen_text(app)
    narrow = RoadmapApp(EXAMPLE)
    async with narrow.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert narrow.table.title_width == COLUMNS["title"]


async def test_the_kpi_summary_counts_unmeasured_kpis() -> None:
    app = RoadmapApp(EXAMPLE)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        view = app.main.query_one(KpiView)
        view.show(analyze_plan(parse_plan(KPIS).plan), "ja")
        summary = str(view.query_one(".summary", Static).render())
        assert "2件:" in summary and "達成 1" in summary and "未測定 1" in summary


async def test_the_budget_tab_fits_80_columns_without_wrapping() -> None:
    app = RoadmapApp(EXAMPLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        chart = app.main.query_one(BudgetChart)
        assert chart.report is not None
        rows = [chart.render_line(y).text for y in range(chart.size.height)]
        assert chart.size.width <= 80
        first_year = next(row for row in rows if row.startswith("R7年度"))
        # the year's five figures (事業費, 特定財源, 一般財源, 上限, 余裕) are on its own line,
        # none wrapped onto the next
        assert len(re.findall(r"▲?[\d,]+", first_year.removeprefix("R7年度"))) == 5
        assert not any(row.strip() and row.strip()[0].isdigit() for row in rows)
