"""The Gantt chart and phase view widgets, driven in a tiny host app with Pilot."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from rich.cells import cell_len
from rich.style import Style
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip

from exporters.colors import CRITICAL, TODAY, step_color
from roadmap.core.analysis.pipeline import Analysis, analyze_plan
from roadmap.core.analysis.schedule import Schedule
from roadmap.core.i18n import Lang
from roadmap.core.planfile.loader import parse_plan
from tui.widgets.gantt import HEADER_ROWS, LABEL_WIDTH, TITLE_CELLS, GanttView, Zoom
from tui.widgets.phases import PhaseView

# Calendar days, so dates are easy to check; the status date holds every start at 2026-05-01:
# a 05-01..05-30, b 05-31..07-30 (deadline 06-15 missed), m (milestone) 07-30, c 05-01..05-10.
PLAN = """
[plan]
title = "テスト町"
start = 2026-04-01
status_date = 2026-05-01
calendar = "calendar"

[initiatives.a]
title = "住民記録システムの標準化移行作業"
step = "standardize"
duration = "30d"

[initiatives.b]
title = "ガバメントクラウド移行"
step = "gov-cloud"
duration = "61d"
depends_on = ["a"]
deadline = 2026-06-15

[initiatives.m]
title = "本番稼働"
step = "gov-cloud"
duration = "0d"
depends_on = ["b"]

[initiatives.c]
title = "KPI設定"
step = "measure"
duration = "10d"
"""


def analysis_of(text: str) -> Analysis:
    return analyze_plan(parse_plan(text).plan)


class Host(App[None]):
    """Only the widgets under test, the Gantt chart above the phase view."""

    CSS = "GanttView { height: 12; } PhaseView { height: 1fr; }"

    def __init__(self, analysis: Analysis, selected: str | None, lang: Lang) -> None:
        super().__init__()
        self.analysis = analysis
        self.initial_selection = selected
        self.lang: Lang = lang
        self.picked: list[str] = []
        self.baseline: Schedule | None = None

    def compose(self) -> ComposeResult:
        yield GanttView(id="gantt")
        yield PhaseView(id="phases")

    def on_mount(self) -> None:
        self.refresh_views(self.initial_selection)

    def refresh_views(self, selected: str | None, visible_ids: list[str] | None = None) -> None:
        plan, schedule = self.analysis.plan, self.analysis.schedule
        assert plan is not None and schedule is not None
        gantt = self.query_one(GanttView)
        gantt.show(plan, schedule, selected, self.lang, visible_ids, baseline=self.baseline)
        self.query_one(PhaseView).show(plan, schedule, selected, self.lang)

    def on_gantt_view_selected(self, message: GanttView.Selected) -> None:
        self.picked.append(message.initiative_id)


@asynccontextmanager
async def hosted(
    text: str = PLAN,
    selected: str | None = None,
    lang: Lang = "ja",
    size: tuple[int, int] = (100, 30),
) -> AsyncIterator[tuple[Host, GanttView, Pilot[None]]]:
    app = Host(analysis_of(text), selected, lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, app.query_one(GanttView), pilot


def cells(strip: Strip) -> list[tuple[str, Style]]:
    """One (character, style) per cell of a strip of single-width characters."""
    result: list[tuple[str, Style]] = []
    for segment in strip:
        style = segment.style or Style()
        result.extend((char, style) for char in segment.text)
    return result


def hex_of(style: Style) -> str | None:
    return style.bgcolor.get_truecolor().hex.upper() if style.bgcolor else None


def columns_with_background(strip: Strip, color: str) -> list[int]:
    return [index for index, (_, style) in enumerate(cells(strip)) if hex_of(style) == color]


def timeline(gantt: GanttView, initiative_id: str) -> Strip:
    return gantt.row_strips(initiative_id)[1]


def screen_line(gantt: GanttView, y: int) -> str:
    return gantt.render_line(y).text


def header_units(gantt: GanttView) -> str:
    """The second header line right of the label column (months, quarters or weeks)."""
    return gantt.render_line(1).crop(LABEL_WIDTH).text


# -- rows and bars ---------------------------------------------------------------------------


async def test_rows_follow_schedule_order_and_then_the_given_visible_ids() -> None:
    async with hosted() as (app, gantt, _):
        assert gantt.row_ids == ["a", "b", "m", "c"]
        assert "住民記録システム" in screen_line(gantt, HEADER_ROWS)
        app.refresh_views(None, visible_ids=["c", "a", "unknown"])
        assert gantt.row_ids == ["c", "a"]
        assert "KPI設定" in screen_line(gantt, HEADER_ROWS)


async def test_bar_columns_match_the_scheduled_dates_at_each_zoom() -> None:
    # zoom: (first, last) column of a (05-01..05-30) and c (05-01..05-10)
    expected: dict[Zoom, tuple[tuple[int, int], tuple[int, int]]] = {
        "week": ((30, 59), (30, 39)),
        "month": ((4, 7), (4, 5)),
        "quarter": ((2, 3), (2, 2)),
        "fiscal-year": ((1, 1), (1, 1)),
    }
    async with hosted() as (_, gantt, _):
        for zoom, (bar_a, bar_c) in expected.items():
            gantt.zoom = zoom
            a_columns = columns_with_background(timeline(gantt, "a"), CRITICAL)
            c_columns = columns_with_background(timeline(gantt, "c"), step_color("measure"))
            assert (a_columns[0], a_columns[-1]) == bar_a, zoom
            assert len(a_columns) == bar_a[1] - bar_a[0] + 1, zoom
            assert (c_columns[0], c_columns[-1]) == bar_c, zoom


async def test_critical_bars_are_red_and_other_bars_take_their_step_colour() -> None:
    async with hosted() as (_, gantt, _):
        assert columns_with_background(timeline(gantt, "b"), CRITICAL)
        assert not columns_with_background(timeline(gantt, "b"), step_color("gov-cloud"))
        assert not columns_with_background(timeline(gantt, "c"), CRITICAL)
        label = gantt.row_strips("c")[0]
        assert hex_of(cells(label)[1][1]) == step_color("measure").upper()


async def test_a_milestone_is_one_marked_cell_on_its_day() -> None:
    async with hosted() as (app, gantt, _):
        assert app.analysis.schedule is not None
        assert app.analysis.schedule.initiatives["m"].early_start == dt.date(2026, 7, 30)
        milestone = cells(timeline(gantt, "m"))
        marked = [index for index, (char, _) in enumerate(milestone) if char == "◆"]
        assert marked == [15]  # July is the fourth month of the fiscal year, 4 columns each
        assert hex_of(milestone[15][1]) == CRITICAL
        assert len(columns_with_background(timeline(gantt, "m"), CRITICAL)) == 1


async def test_a_missed_deadline_is_marked_on_red_in_its_column() -> None:
    async with hosted() as (_, gantt, _):
        char, style = cells(timeline(gantt, "b"))[9]  # 2026-06-15
        assert char == "!"
        assert hex_of(style) == CRITICAL


async def test_the_status_date_line_crosses_every_row() -> None:
    async with hosted() as (_, gantt, _):
        for initiative_id in gantt.row_ids:
            char, style = cells(timeline(gantt, initiative_id))[4]  # 2026-05-01
            assert char == "|"
            assert style.color is not None
            assert style.color.get_truecolor().hex.upper() == TODAY.upper()


async def test_bars_are_coloured_spaces_never_block_characters() -> None:
    async with hosted() as (_, gantt, _):
        for zoom in ("week", "month", "quarter", "fiscal-year"):
            gantt.zoom = zoom
            for initiative_id in gantt.row_ids:
                used = {char for char, _ in cells(timeline(gantt, initiative_id))}
                # bars carry one-cell glyphs of neutral East Asian width
                assert used <= {" ", "◆", "|", "]", "!", "▬", "▰"}, (zoom, used)


# -- header and zoom -------------------------------------------------------------------------


async def test_header_names_the_fiscal_year_in_reiwa_and_western() -> None:
    async with hosted() as (_, gantt, _):
        assert "令和8年度 (2026年度)" in screen_line(gantt, 0)
        assert header_units(gantt).startswith("4月 5月 6月")


async def test_header_is_english_with_lang_en() -> None:
    async with hosted(lang="en") as (_, gantt, _):
        assert "FY2026 (Reiwa 8)" in screen_line(gantt, 0)
        assert header_units(gantt).startswith("Apr May Jun")


async def test_zoom_keys_change_the_header_units() -> None:
    async with hosted() as (_, gantt, pilot):
        gantt.focus()
        assert gantt.zoom == "month"
        await pilot.press("minus")
        assert gantt.zoom == "quarter"
        assert header_units(gantt).startswith("Q1    Q2    Q3")
        await pilot.press("minus")
        assert gantt.zoom == "fiscal-year"
        assert header_units(gantt).startswith("Q1 Q2 Q3 Q4")
        await pilot.press("minus")
        assert gantt.zoom == "fiscal-year"
        await pilot.press("plus", "plus", "plus")
        assert gantt.zoom == "week"
        assert header_units(gantt).startswith(
            "4/1  4/6    4/13   4/20"
        )  # 2026-04-01 is a Wednesday


# -- selection -------------------------------------------------------------------------------


def marker(gantt: GanttView, initiative_id: str) -> str:
    return gantt.row_strips(initiative_id)[0].text[0]


async def test_selection_marks_the_row_and_its_predecessors_and_successors_differently() -> None:
    async with hosted(selected="b") as (_, gantt, _):
        markers = {initiative_id: marker(gantt, initiative_id) for initiative_id in gantt.row_ids}
        assert markers == {"a": "^", "b": ">", "m": "v", "c": " "}
        styles = {
            initiative_id: cells(gantt.row_strips(initiative_id)[0])[0][1].bgcolor
            for initiative_id in gantt.row_ids
        }
        assert len({styles["a"], styles["b"], styles["m"], styles["c"]}) == 4


async def test_a_new_selection_rebuilds_only_the_rows_whose_role_changed() -> None:
    async with hosted(selected="a") as (app, gantt, pilot):
        unrelated_before = gantt.row_strips("c")
        selected_before = gantt.row_strips("a")
        gantt.select("b")
        await pilot.pause()
        assert gantt.row_strips("c") is unrelated_before
        assert gantt.row_strips("a") is not selected_before
        assert marker(gantt, "a") == "^"
        app.refresh_views("b")
        assert gantt.row_strips("c") is not unrelated_before  # new data: a new generation


async def test_clicking_a_row_selects_it_and_posts_selected() -> None:
    async with hosted() as (app, gantt, pilot):
        await pilot.click("#gantt", offset=(5, HEADER_ROWS + 3))
        await pilot.pause()
        assert app.picked == ["c"]
        assert gantt.selected == "c"
        assert marker(gantt, "c") == ">"
        await pilot.click("#gantt", offset=(5, 0))  # the header selects nothing
        await pilot.pause()
        assert app.picked == ["c"]


async def test_cursor_keys_move_the_selection_and_post_selected() -> None:
    async with hosted(selected="a") as (app, gantt, pilot):
        gantt.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        assert gantt.selected == "m"
        assert app.picked == ["b", "m"]
        await pilot.press("up")
        await pilot.pause()
        assert app.picked == ["b", "m", "b"]


# -- Japanese text and size ------------------------------------------------------------------

WIDE_TITLES = """
[plan]
title = "幅の町"
start = 2026-04-01

[initiatives.ascii]
title = "Cloud migration of the resident register"

[initiatives.odd]
title = "a住民記録システムの標準化移行作業"

[initiatives.wide]
title = "住民記録システムの標準化移行作業とデータ移行"

[initiatives.short]
title = "窓口"
"""


async def test_japanese_titles_keep_the_label_column_at_an_even_cell_width() -> None:
    text = WIDE_TITLES.replace('"\n\n', '"\nduration = "5d"\n\n').rstrip() + '\nduration = "5d"\n'
    async with hosted(text, size=(90, 20)) as (_, gantt, _):
        assert TITLE_CELLS % 2 == 0
        for row, initiative_id in enumerate(gantt.row_ids):
            label = gantt.row_strips(initiative_id)[0]
            assert label.cell_length == LABEL_WIDTH
            title_part = label.crop(2, 2 + TITLE_CELLS).text
            assert cell_len(title_part) == TITLE_CELLS
            line = gantt.render_line(HEADER_ROWS + row)
            assert line.cell_length == gantt.scrollable_content_region.width
        odd = gantt.row_strips("odd")[0].text
        assert odd[2:].startswith("a住民記録システムの ")  # the cut never halves 標


def big_plan(size: int) -> str:
    """``size`` initiatives in chains of ten."""
    lines = ["[plan]", 'title = "大きな町"', "start = 2026-04-01", ""]
    for number in range(size):
        lines += [f"[initiatives.i{number:04d}]", f'title = "取組{number}"', 'duration = "5d"']
        if number % 10:
            lines.append(f'depends_on = ["i{number - 1:04d}"]')
        lines.append("")
    return "\n".join(lines)


async def test_only_the_rows_on_screen_are_drawn_for_two_thousand_initiatives() -> None:
    async with hosted(big_plan(2000)) as (_, gantt, pilot):
        rows_on_screen = gantt.scrollable_content_region.height - HEADER_ROWS
        assert len(gantt.row_ids) == 2000
        assert gantt.virtual_size.height == 2000 + HEADER_ROWS
        assert 0 < gantt.cached_rows <= rows_on_screen
        gantt.select("i1503")
        await pilot.pause()
        assert rows_on_screen <= gantt.cached_rows <= 2 * rows_on_screen
        visible = [gantt.render_line(y).text for y in range(HEADER_ROWS, rows_on_screen + 2)]
        assert visible[-1].startswith("> 取組1503")  # scrolled just far enough
        assert visible[-2].startswith("^ 取組1502")
        assert marker(gantt, "i1504") == "v"


async def test_selecting_a_row_far_away_scrolls_its_bar_into_view() -> None:
    async with hosted(big_plan(2000)) as (app, gantt, pilot):
        last = gantt.row_ids[-1]
        gantt.select(last)
        await pilot.pause()
        assert app.analysis.schedule is not None and gantt.axis is not None
        item = app.analysis.schedule.initiatives[last]
        first_column = gantt.axis.column(item.early_start)
        timeline_width = gantt.scrollable_content_region.width - LABEL_WIDTH
        assert gantt.scroll_x <= first_column < gantt.scroll_x + timeline_width
        assert gantt.scroll_y == gantt.max_scroll_y


# -- phase view ------------------------------------------------------------------------------


def phase_text(app: Host, part: str) -> str:
    from textual.widgets import Static

    content = app.query_one(f"#phases-{part}", Static).content
    return content.plain if hasattr(content, "plain") else str(content)


async def test_phase_view_lists_the_waves_with_their_windows() -> None:
    async with hosted() as (app, _, _):
        waves = phase_text(app, "waves").splitlines()
        assert waves[0] == "着手の段階 (並行して進められる取組)"
        assert waves[1].split()[:5] == ["フェーズ1", "2件", "2026-05-01", "〜", "2026-05-30"]
        assert "住民記録システムの標準化移行作業、KPI設定" in waves[1]
        assert waves[3].split()[:3] == ["フェーズ3", "1件", "2026-07-30"]


async def test_phase_view_shows_each_step_window() -> None:
    async with hosted() as (app, _, _):
        steps = phase_text(app, "steps").splitlines()
        assert steps[0] == "ステップ別の期間"
        by_step = {line.split()[0]: line.split()[1:5] for line in steps[1:]}
        assert by_step["標準化"] == ["1件", "2026-05-01", "〜", "2026-05-30"]
        assert by_step["ガバクラ"] == ["2件", "2026-05-31", "〜", "2026-07-30"]
        assert by_step["事例"] == ["0件"]


async def test_phase_view_layers_the_selected_chain_by_distance() -> None:
    async with hosted(selected="m") as (app, _, _):
        chain = phase_text(app, "chain").splitlines()
        assert chain[0] == "依存関係の連鎖: 本番稼働"
        names = [line.split()[0] for line in chain[1:]]
        assert names == ["2段前", "1段前", "選択中"]
        assert "(a)" in chain[1] and "(b)" in chain[2] and "(m)" in chain[3]
        app.refresh_views("c")
        assert "先行・後続の取組はありません" in phase_text(app, "chain")
        app.refresh_views(None)
        assert "取組を選ぶと" in phase_text(app, "chain")


async def test_a_fiscal_year_scrolled_half_out_of_view_keeps_its_label() -> None:
    async with hosted() as (_, gantt, pilot):
        gantt.zoom = "week"
        await pilot.pause()
        gantt.scroll_to(x=100, animate=False, immediate=True)
        await pilot.pause()
        assert gantt.scroll_x == 100
        assert gantt.render_line(0).crop(LABEL_WIDTH).text.startswith("令和8年度 (2026年度)")
        assert (
            gantt.render_line(1).crop(LABEL_WIDTH).text.startswith("   7/13")
        )  # no half week label


async def test_hovering_a_row_describes_its_dates_float_and_deadline() -> None:
    async with hosted() as (_, gantt, pilot):
        await pilot.hover("#gantt", offset=(30, HEADER_ROWS + 1))
        await pilot.pause()
        assert gantt.tooltip is not None
        lines = str(gantt.tooltip).splitlines()
        assert lines[0] == "ガバメントクラウド移行 (b)"
        assert lines[1] == "開始 2026-05-31  完了 2026-07-30"
        assert lines[2].endswith("クリティカル")
        assert lines[3].startswith("期限 2026-06-15 (期限超過 ")
        await pilot.hover("#gantt", offset=(30, 0))
        assert gantt.tooltip is None


async def test_zooming_keeps_the_date_at_the_left_edge() -> None:
    example = (Path(__file__).resolve().parents[1] / "plans" / "example-town.toml").read_text()
    async with hosted(example) as (_, gantt, pilot):
        assert gantt.axis is not None and gantt.axis.origin == dt.date(2025, 4, 1)
        gantt.zoom = "month"  # the chart opens at the zoom that fits the plan
        await pilot.pause()
        gantt.scroll_to(x=48, animate=False, immediate=True)  # month zoom: FY2026 begins
        await pilot.pause()
        gantt.action_zoom_in()
        await pilot.pause()
        assert gantt.zoom == "week"
        assert gantt.scroll_x == 365
        assert gantt.render_line(0).crop(LABEL_WIDTH).text.startswith("令和8年度 (2026年度)")
        gantt.action_zoom_out()
        gantt.action_zoom_out()
        await pilot.pause()
        assert gantt.zoom == "quarter"
        assert gantt.scroll_x == 24


async def test_phase_view_speaks_english_with_lang_en() -> None:
    async with hosted(selected="b", lang="en") as (app, _, _):
        waves = phase_text(app, "waves").splitlines()
        assert waves[0] == "Waves (work that can run together)"
        assert waves[1].split()[:4] == ["Wave", "1", "2", "items"]
        steps = phase_text(app, "steps").splitlines()
        assert steps[1].split()[:2] == ["Standardize", "1"]
        chain = phase_text(app, "chain").splitlines()
        assert chain[0] == "Dependency chain: ガバメントクラウド移行"
        assert [line.split()[:2] for line in chain[1:]] == [
            ["1", "before"],
            ["selected", "ガバメントクラウド移行"],
            ["1", "after"],
        ]


async def test_a_plan_without_initiatives_shows_only_the_header() -> None:
    empty = '[plan]\ntitle = "空の町"\nstart = 2026-04-01\n'
    async with hosted(empty) as (app, gantt, _):
        assert gantt.row_ids == []
        assert "令和8年度" in gantt.render_line(0).text
        assert gantt.render_line(HEADER_ROWS).text.strip() == ""
        assert "取組を選ぶと" in phase_text(app, "chain")


# -- baseline --------------------------------------------------------------------------------

# The same plan as it stood when every start was held at 2026-04-28, three days earlier:
# a 04-28..05-27, b 05-28..07-27, m 07-27, c 04-28..05-07.
BASELINE = PLAN.replace("status_date = 2026-05-01", "status_date = 2026-04-28")
# New work added since the baseline.
PLAN_WITH_NEW_WORK = (
    PLAN + '\n[initiatives.n]\ntitle = "書かない窓口"\nstep = "adopt-cases"\nduration = "5d"\n'
)


def baseline_of(text: str) -> Schedule:
    schedule = analysis_of(text).schedule
    assert schedule is not None
    return schedule


def underlined_columns(strip: Strip) -> list[int]:
    return [index for index, (_, style) in enumerate(cells(strip)) if style.underline]


async def show_baseline(app: Host, baseline: Schedule | None, pilot: Pilot[None]) -> None:
    app.baseline = baseline
    app.refresh_views(None)
    await pilot.pause()


async def test_baseline_span_is_underlined_exactly_on_its_columns_at_month_and_week_zoom() -> None:
    # zoom: underlined columns of a (04-28..05-27) and c (04-28..05-07)
    expected: dict[Zoom, tuple[list[int], list[int]]] = {
        "week": (list(range(27, 57)), list(range(27, 37))),
        "month": ([3, 4, 5, 6, 7], [3, 4]),
    }
    async with hosted() as (app, gantt, pilot):
        await show_baseline(app, baseline_of(BASELINE), pilot)
        for zoom, (columns_a, columns_c) in expected.items():
            gantt.zoom = zoom
            assert underlined_columns(timeline(gantt, "a")) == columns_a, zoom
            assert underlined_columns(timeline(gantt, "c")) == columns_c, zoom


async def test_the_current_bar_stays_drawn_under_the_baseline_underline() -> None:
    async with hosted() as (app, gantt, pilot):
        before = columns_with_background(timeline(gantt, "a"), CRITICAL)
        await show_baseline(app, baseline_of(BASELINE), pilot)
        assert columns_with_background(timeline(gantt, "a"), CRITICAL) == before
        row = cells(timeline(gantt, "a"))
        assert row[4][0] == "|" and row[4][1].underline  # status line, bar and baseline at 05-01
        assert {char for char, _ in row} <= {" ", "|", "▰"}


async def test_a_baseline_milestone_is_an_underlined_marker_on_its_own_day() -> None:
    async with hosted() as (app, gantt, pilot):
        await show_baseline(app, baseline_of(BASELINE), pilot)
        gantt.zoom = "week"
        milestone = cells(timeline(gantt, "m"))
        marked = [index for index, (char, _) in enumerate(milestone) if char == "◆"]
        assert marked == [117, 120]  # baseline 2026-07-27, current 2026-07-30
        assert underlined_columns(timeline(gantt, "m")) == [117]
        assert hex_of(milestone[120][1]) == CRITICAL


async def test_without_a_baseline_nothing_is_underlined() -> None:
    async with hosted() as (_, gantt, _):
        for zoom in ("week", "month"):
            gantt.zoom = zoom
            for initiative_id in gantt.row_ids:
                assert underlined_columns(timeline(gantt, initiative_id)) == []
            assert "基準" not in gantt.render_line(1).text


async def test_new_work_has_no_baseline_mark_and_says_so_in_its_tooltip() -> None:
    async with hosted(PLAN_WITH_NEW_WORK) as (app, gantt, pilot):
        await show_baseline(app, baseline_of(BASELINE), pilot)
        assert underlined_columns(timeline(gantt, "n")) == []
        assert underlined_columns(timeline(gantt, "a"))
        assert gantt.describe("n").splitlines()[-1] == "基準になし (新規)"


async def test_the_tooltip_gives_the_baseline_dates_and_the_finish_slip() -> None:
    async with hosted() as (app, gantt, pilot):
        await show_baseline(app, baseline_of(BASELINE), pilot)
        await pilot.hover("#gantt", offset=(30, HEADER_ROWS + 1))
        await pilot.pause()
        lines = str(gantt.tooltip).splitlines()
        assert lines[0] == "ガバメントクラウド移行 (b)"
        assert lines[-2:] == ["基準 開始 2026-05-28  完了 2026-07-27", "完了のずれ +3開庁日"]


async def test_the_tooltip_counts_the_slip_in_working_days_of_the_plan_calendar() -> None:
    # Working days with Japanese holidays: c (10 days) ran 04-28..05-15 in the baseline and now
    # runs 05-01..05-19; from 05-15 (Fri) to 05-19 (Tue) is 2 working days, not 4 calendar days.
    working = PLAN.replace('calendar = "calendar"\n', "")
    working_baseline = working.replace("status_date = 2026-05-01", "status_date = 2026-04-28")
    async with hosted(working, lang="en") as (app, gantt, pilot):
        await show_baseline(app, baseline_of(working_baseline), pilot)
        lines = gantt.describe("c").splitlines()
        assert lines[1] == "Start 2026-05-01  Finish 2026-05-19"
        assert lines[-2:] == [
            "Baseline start 2026-04-28  finish 2026-05-15",
            "Finish slip +2 working days",
        ]


async def test_the_header_shows_a_baseline_legend_only_with_a_baseline() -> None:
    async with hosted() as (app, gantt, pilot):
        await show_baseline(app, baseline_of(BASELINE), pilot)
        label = gantt.render_line(1).crop(0, LABEL_WIDTH)
        assert cell_len(label.text) == LABEL_WIDTH
        legend = [char for char, style in cells(label) if style.underline]
        assert "".join(legend) == "基準"
        await show_baseline(app, None, pilot)
        assert "基準" not in gantt.render_line(1).crop(0, LABEL_WIDTH).text


async def test_changing_the_baseline_redraws_rows_from_the_cache() -> None:
    later = PLAN.replace("status_date = 2026-05-01", "status_date = 2026-05-11")
    async with hosted() as (app, gantt, pilot):
        await show_baseline(app, baseline_of(BASELINE), pilot)
        assert underlined_columns(timeline(gantt, "c"))[0] == 3  # 04-28
        await show_baseline(app, baseline_of(later), pilot)
        assert underlined_columns(timeline(gantt, "c"))[0] == 5  # 05-11
        await show_baseline(app, None, pilot)
        assert underlined_columns(timeline(gantt, "c")) == []
