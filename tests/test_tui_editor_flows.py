"""The editor as the information-policy lead meets it in a small or a wide terminal: the footer
keeps ``^p コマンド`` whole, long questions and merges keep their buttons on screen, a delete
names the money that goes with the initiative, the Gantt
chart keeps a milestone in sight beside its deadline and refits when the form is hidden, a
cycle's members count as neither critical nor scheduled, and a copy leaves the original's
measured values and spending behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Static

from tui.app import RoadmapApp
from tui.screens.dialogs import ChoiceDialog
from tui.screens.merge import MergeScreen
from tui.widgets.footer import EditorFooter
from tui.widgets.phases import PhaseView
from tui.widgets.status_bar import StatusBar

SMALL_TERMINAL = (80, 24)

PLAN = """\
[plan]
title = "テスト町"
start = 2025-04-01
status_date = 2025-06-02

[initiatives.a]
title = "現行調査"
duration = "2mo"
status = "done"
progress = 100
actual_start = 2025-04-01
actual_finish = 2025-05-30

[[initiatives.a.costs]]
name = "調査委託"
item = "委託料"
amount = 1_000_000  # 検収で支払
actuals = { 2025 = { budget = 1_200_000, spent = 1_000_000, settled = true } }

[[initiatives.a.financing]]
source = "国庫支出金"
name = "デジタル基盤改革支援補助金"
rate = 0.5

[[initiatives.a.tax_allocation]]
kind = "special"
name = "外部人材の確保"
rate = 0.7

[[initiatives.a.kpis]]
name = "窓口待ち時間"
unit = "分"
baseline = 30
target = 10
actual = 18
direction = "lower"

[initiatives.b]
title = "構築"
duration = "2y"
depends_on = ["a"]

[initiatives.go-live]
title = "稼働"
duration = "0d"
depends_on = ["b"]
deadline = 2027-06-30
"""

CYCLE = """\
[plan]
title = "循環"
start = 2026-04-01

[initiatives.a]
title = "調査A"
duration = "6mo"
depends_on = ["b"]

[initiatives.b]
title = "調査B"
duration = "6mo"
depends_on = ["a"]

[initiatives.ok]
title = "単独の取組"
duration = "1mo"
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def within(inner: object, outer: object) -> bool:
    """Whether the region ``inner`` lies wholly inside ``outer``."""
    from textual.geometry import Region

    assert isinstance(inner, Region) and isinstance(outer, Region)
    return outer.contains_region(inner)


# -- the footer ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (160, 40)])
async def test_the_footer_shows_the_keys_that_fit_and_a_whole_palette_key(
    example: Path, size: tuple[int, int]
) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=size) as pilot:
        app.action_show_tab("tab-gantt")  # the Gantt tab adds six keys: the row overflows
        await pilot.pause()
        await pilot.pause()
        footer = app.main.query_one(EditorFooter)
        palette = footer.query_one(".-command-palette")
        shown = [key for key in footer.children if key.display and key is not palette]
        assert shown and footer.shown_keys[0] == "plus"  # the chart's own keys come first
        for key in shown:  # nothing is drawn under the palette key
            assert key.region.right <= palette.region.x + 1
        assert footer.shown_keys[-1] == "ctrl+p"
        assert "コマンド</text>" in app.export_screenshot()  # not "コマ  ド": no hole


async def test_the_footer_brings_keys_back_when_there_is_room(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.main.query_one(EditorFooter)
        narrow = footer.shown_keys
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        await pilot.pause()
        assert len(footer.shown_keys) > len(narrow)
        assert "ctrl+y" in footer.shown_keys


# -- dialogs in a short terminal ------------------------------------------------------------------


async def test_a_long_delete_question_scrolls_and_keeps_its_buttons_on_screen(
    tmp_path: Path,
) -> None:
    dependents = "".join(
        f'\n[initiatives.d{n:02}]\ntitle = "後続{n}"\nduration = "1mo"\ndepends_on = ["a"]\n'
        for n in range(30)
    )
    path = tmp_path / "plan.toml"
    path.write_text(PLAN + dependents, encoding="utf-8")
    app = RoadmapApp(path)
    async with app.run_test(size=SMALL_TERMINAL) as pilot:
        app.select("a")
        app.table.focus()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        box = dialog.query_one(".dialog").region
        assert box.bottom <= SMALL_TERMINAL[1]
        for button in dialog.query(Button):
            assert within(button.region, box)
        body = dialog.query_one("#dialog-scroll")
        assert body.max_scroll_y > 0  # the thirty dependents scroll inside the dialog
        assert body.focusable  # and the keys can scroll them
        assert "- d29" in str(dialog.query_one("#dialog-scroll Static", Static).render())
        await pilot.press("enter")  # the focused answer is the safe one
        await pilot.pause()
        assert "a" in app.state.order


async def test_delete_names_the_funding_that_goes_with_the_initiative(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        app.table.focus()
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert not dialog.query_one("#dialog-scroll").focusable  # all shown: ← → answer
        body = str(dialog.query_one("#dialog-scroll Static", Static).render())
        assert "一緒に削除される費用:\n  - 委託料 調査委託  金額 (円): 1,000,000" in body
        assert (
            "一緒に削除される財源 (特定財源・交付税措置):\n"
            "  - 国庫支出金 デジタル基盤改革支援補助金  率 50%\n"
            "  - 特別交付税 外部人材の確保  率 70%"
        ) in body


async def test_the_merge_screen_keeps_its_buttons_on_an_80x24_screen(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SMALL_TERMINAL) as pilot:
        long_title = "基幹業務システムの標準準拠システムへの移行とガバメントクラウドへの接続"
        app.apply_field("a", "title", long_title + "（自分）")
        app.apply_field("b", "duration", "3y")
        app.apply_field("go-live", "title", "本稼働（自分）")
        body = plan.read_text(encoding="utf-8")
        body = body.replace('title = "現行調査"', f'title = "{long_title}（ディスク）"')
        body = body.replace('duration = "2y"', 'duration = "30mo"')
        body = body.replace('title = "稼働"', 'title = "本稼働（ディスク）"')
        plan.write_text(body, encoding="utf-8")
        app.table.focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MergeScreen) and len(screen.conflicts) == 3
        box = screen.query_one(".merge-dialog").region
        assert box.bottom <= SMALL_TERMINAL[1]
        for name in ("#merge-apply", "#merge-cancel"):
            assert within(screen.query_one(name).region, box)
        assert screen.query_one("#merge-rows").max_scroll_y > 0  # the rows scroll instead
        await pilot.click("#merge-apply")  # mine, the first choice of every row
        await pilot.pause()
        assert app.state.models["b"].planned_duration.count == 3
        assert app.state.models["go-live"].title == "本稼働（自分）"


def test_a_long_value_is_cut_by_cells_in_the_merge_screen() -> None:
    from rich.cells import cell_len

    from tui.screens.merge import _WIDTH, _cut

    cut = _cut("移行" * 60)
    assert cell_len(cut) <= _WIDTH and cut.endswith("…")
    assert _cut("3mo") == "3mo"


# -- the Gantt chart ---------------------------------------------------------------------------


async def test_a_milestone_keeps_its_cell_beside_a_deadline_in_the_same_column(
    plan: Path,
) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_show_tab("tab-gantt")
        await pilot.pause()
        gantt = app.gantt
        gantt.zoom = "fiscal-year"  # a column a month: the deadline falls in the milestone's
        await pilot.pause()
        assert gantt.axis is not None
        item = app.state.analysis.schedule.initiatives["go-live"]  # type: ignore[union-attr]
        assert item.deadline is not None
        assert gantt.axis.column(item.early_start) == gantt.axis.column(item.deadline)
        _label, timeline = gantt.row_strips("go-live")
        assert "◆]" in timeline.text


async def test_hiding_the_form_on_the_gantt_tab_stays_there_and_refits(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=(220, 50)) as pilot:
        app.action_show_tab("tab-gantt")
        await pilot.pause()
        gantt = app.gantt
        beside_the_form = gantt.zoom
        await pilot.press("f6")  # hide the form: the chart gets its width
        await pilot.pause()
        await pilot.pause()
        assert app.main.active_tab == "tab-gantt" and app.focused is gantt
        assert gantt.zoom != beside_the_form  # a finer zoom fits now
        assert gantt.axis is not None
        assert gantt.axis.width <= gantt.scrollable_content_region.width - 24
        await pilot.press("minus")  # chosen by hand: showing the form again keeps it
        chosen = gantt.zoom
        await pilot.press("f6")
        await pilot.pause()
        assert gantt.zoom == chosen and app.main.active_tab == "tab-gantt"


# -- cycles ---------------------------------------------------------------------------------------


async def test_cycle_members_are_neither_critical_nor_given_dates_in_the_phases(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cycle.toml"
    path.write_text(CYCLE, encoding="utf-8")
    app = RoadmapApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        schedule = app.state.analysis.schedule
        assert schedule is not None and schedule.finish.isoformat() > "2026-09"  # a and b's
        status = str(app.main.query_one(StatusBar).render())
        assert "完了見込み 2026-04-30" in status  # what can be scheduled: ok alone
        critical = [item for item in schedule.critical_ids if item not in ("a", "b")]
        assert f"クリティカル {len(critical)}件" in status
        app.select("a")
        app.action_show_tab("tab-phases")
        await pilot.pause()
        phases = app.main.query_one(PhaseView)
        waves = str(phases.query_one("#phases-waves", Static).render())
        assert "日程未定 (循環)   2件       調査A、調査B" in waves
        wave_lines = [line for line in waves.splitlines() if "フェーズ" in line]
        assert not any("調査A" in line for line in wave_lines)
        chain = str(phases.query_one("#phases-chain", Static).render())
        assert "調査B (b)" in chain and "2026-" not in chain


# -- duplicating ----------------------------------------------------------------------------------


async def test_a_copy_leaves_the_measured_values_and_the_spending_behind(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        app.table.focus()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # the suggested id
        await pilot.pause()
        copy = app.state.models["a-copy"]
        assert copy.kpis[0].actual is None and copy.kpis[0].baseline == 30
        assert copy.costs[0].actuals == {} and copy.costs[0].amount == 1_000_000
        original = app.state.models["a"]
        assert original.kpis[0].actual == 18 and 2025 in original.costs[0].actuals
        await pilot.press("ctrl+z")  # one undo takes the whole copy back
        await pilot.pause()
        assert "a-copy" not in app.state.order
        await pilot.press("ctrl+y")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = plan.read_text(encoding="utf-8")
    copied = saved[saved.index("[initiatives.a-copy]") :]
    copied = copied[: copied.index("[initiatives.b]")]
    assert "actuals" not in copied and "actual =" not in copied and "status" not in copied
    assert "amount = 1_000_000  # 検収で支払" in copied
