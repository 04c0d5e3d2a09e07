"""Leveling: delay non-critical work to remove overloads and overruns, never breaking anything."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.cli.main import main
from roadmap.core.analysis import leveling
from roadmap.core.analysis.budget import budget_report
from roadmap.core.analysis.leveling import level_plan, rewrite_not_before
from roadmap.core.analysis.schedule import Schedule, schedule_plan
from roadmap.core.analysis.staffing import staffing_report
from roadmap.core.calendar.workdays import CalendarRangeError
from roadmap.core.model.plan import DependencyType, Plan
from roadmap.core.planfile.loader import parse_plan


def plan_of(toml: str) -> Plan:
    loaded = parse_plan(textwrap.dedent(toml), "plan.toml")
    assert loaded.plan is not None and not loaded.problems, loaded.problems
    return loaded.plan


STAFFING = """
[plan]
title = "平準化"
start = 2026-04-01
calendar = "calendar"

[teams.T]
capacity = 1.0

[initiatives.long]
title = "長い取組 (クリティカル)"
duration = "120d"

[initiatives.a]
title = "A"
duration = "30d"
staffing = { T = 0.5 }

[initiatives.b]
title = "B"
duration = "30d"
staffing = { T = 0.6 }
"""


class TestStaffingLeveling:
    def test_the_largest_non_critical_contributor_moves_to_the_next_month(self) -> None:
        result = level_plan(plan_of(STAFFING))
        [move] = result.moves
        assert (move.initiative, move.not_before) == ("b", dt.date(2026, 5, 1))
        assert (move.new_start, move.slip_days) == (dt.date(2026, 5, 1), 0)
        assert result.changes == {"b": dt.date(2026, 5, 1)}
        assert result.remaining == ()
        assert result.finish == result.original_finish

    def test_each_move_is_explained_in_both_languages(self) -> None:
        [move] = level_plan(plan_of(STAFFING)).moves
        assert "2026-05-01" in move.explain("ja") and "T" in move.explain("ja")
        assert "0.10 -> 0.00 FTE" in move.explain("en")

    def test_critical_work_stays_without_allow_slip(self) -> None:
        plan = plan_of(STAFFING.replace('duration = "120d"', 'duration = "30d"'))
        result = level_plan(plan)
        assert result.moves == ()
        assert len(result.remaining) == 1

    def test_allow_slip_moves_critical_work_and_reports_the_later_finish(self) -> None:
        plan = plan_of(STAFFING.replace('duration = "120d"', 'duration = "30d"'))
        result = level_plan(plan, allow_slip=True)
        [move] = result.moves
        assert move.was_critical
        assert move.plan_finish_after > move.plan_finish_before
        # 2026-04-30 -> 2026-05-30
        assert move.slip_days == 30
        assert "30 working days later" in move.explain("en")
        assert result.remaining == ()

    def test_the_same_plan_gives_the_same_moves(self) -> None:
        first = level_plan(plan_of(STAFFING))
        second = level_plan(plan_of(STAFFING))
        assert first.moves == second.moves


BUDGET = """
[plan]
title = "予算の平準化"
start = 2026-04-01
calendar = "calendar"

[budget.caps]
2026 = 5_000_000

[initiatives.x]
title = "X (クリティカル)"
duration = "10d"
[initiatives.x.cost]
initial = 3_000_000

[initiatives.c]
title = "長い取組"
duration = "400d"
depends_on = ["x"]

[initiatives.y]
title = "Y"
duration = "10d"
[initiatives.y.cost]
initial = 3_000_000
"""


class TestBudgetLeveling:
    def test_overrun_moves_work_with_float_into_the_next_fiscal_year(self) -> None:
        result = level_plan(plan_of(BUDGET))
        [move] = result.moves
        assert (move.initiative, move.not_before) == ("y", dt.date(2027, 4, 1))
        assert (int(move.before), int(move.after)) == (1_000_000, 0)
        assert "令和8年度" in move.explain("ja")
        assert result.remaining == ()


class TestRewrite:
    def test_only_not_before_lines_change_and_comments_stay(self) -> None:
        source = textwrap.dedent(
            """\
            # 計画
            [initiatives.a]
            title = "A"  # コメント
            duration = "1mo"
            [initiatives.a.staffing]
            T = 0.5

            [initiatives.b]
            title = "B"
            not_before = 2026-04-01 # 旧
            """
        )
        text, missing = rewrite_not_before(
            source, {"a": dt.date(2026, 5, 1), "b": dt.date(2026, 6, 1), "z": dt.date(2026, 7, 1)}
        )
        assert missing == ["z"]
        assert text == source.replace(
            'duration = "1mo"\n', 'duration = "1mo"\nnot_before = 2026-05-01\n'
        ).replace("not_before = 2026-04-01 # 旧", "not_before = 2026-06-01 # 旧")


# -- properties -------------------------------------------------------------------------------


@st.composite
def small_plans(draw: st.DrawFn) -> str:
    """A small plan on the calendar calendar with one team, dependencies and maybe a cap."""
    count = draw(st.integers(min_value=2, max_value=6))
    lines = [
        "[plan]",
        'title = "prop"',
        "start = 2026-02-01",
        'calendar = "calendar"',
        "[teams.T]",
        f"capacity = {draw(st.sampled_from(['0.5', '1.0', '1.2']))}",
    ]
    if draw(st.booleans()):
        lines += ["[budget.caps]", f"2026 = {draw(st.integers(1, 6)) * 1_000_000}"]
    for number in range(count):
        lines += [f"[initiatives.i{number}]", f'title = "I{number}"']
        lines.append(f'duration = "{draw(st.integers(min_value=5, max_value=80))}d"')
        if number:
            before = draw(st.lists(st.integers(0, number - 1), max_size=2, unique=True))
            if before:
                lines.append("depends_on = [" + ", ".join(f'"i{p}"' for p in before) + "]")
        fte = draw(st.sampled_from([None, "0.2", "0.4", "0.6", "0.8"]))
        if fte:
            lines.append(f"staffing = {{ T = {fte} }}")
        if draw(st.booleans()):
            lines.append(f"cost = {{ initial = {draw(st.integers(1, 4)) * 1_000_000} }}")
    return "\n".join(lines) + "\n"


def _dependencies_hold(plan: Plan, schedule: Schedule) -> bool:
    for initiative_id, initiative in plan.initiatives.items():
        for link in initiative.depends_on:
            assert link.type is DependencyType.FS
            if schedule.initiatives[initiative_id].es < schedule.initiatives[link.id].ef:
                return False
    return True


def _excess(plan: Plan, schedule: Schedule) -> tuple[dict[object, object], dict[int, int]]:
    staffing = staffing_report(plan, schedule)
    budget = budget_report(plan, schedule)
    return (
        {(cell.team, cell.month): cell.excess for cell in staffing.overloads},
        {year.fiscal_year: year.total - (year.cap or 0) for year in budget.over_cap_years},
    )


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestLevelingProperties:
    @PROPERTY
    @given(small_plans(), st.booleans())
    def test_leveling_never_breaks_a_dependency(self, toml: str, slip: bool) -> None:
        result = level_plan(plan_of(toml), allow_slip=slip)
        assert _dependencies_hold(result.plan, result.schedule)

    @PROPERTY
    @given(small_plans())
    def test_leveling_never_moves_critical_work_without_allow_slip(self, toml: str) -> None:
        plan = plan_of(toml)
        before = schedule_plan(plan)
        result = level_plan(plan)
        assert result.finish == before.finish
        for initiative_id, item in before.initiatives.items():
            after = result.schedule.initiatives[initiative_id]
            if item.critical:
                assert (after.es, after.ef) == (item.es, item.ef)
        assert not any(move.was_critical for move in result.moves)

    @PROPERTY
    @given(small_plans(), st.booleans())
    def test_leveling_never_increases_any_overload(self, toml: str, slip: bool) -> None:
        plan = plan_of(toml)
        staff_before, money_before = _excess(plan, schedule_plan(plan))
        result = level_plan(plan, allow_slip=slip)
        staff_after, money_after = _excess(result.plan, result.schedule)
        for key, amount in staff_after.items():
            assert amount <= staff_before.get(key, 0)  # type: ignore[operator]
        for year, overrun in money_after.items():
            assert overrun <= money_before.get(year, 0)

    @PROPERTY
    @given(small_plans(), st.booleans())
    def test_leveling_changes_nothing_but_not_before(self, toml: str, slip: bool) -> None:
        plan = plan_of(toml)
        result = level_plan(plan, allow_slip=slip)
        for initiative_id, initiative in plan.initiatives.items():
            moved = result.plan.initiatives[initiative_id]
            assert moved.model_copy(update={"not_before": initiative.not_before}) == initiative
            if initiative_id in result.changes:
                assert moved.not_before == result.changes[initiative_id]


# -- measuring a trial on the moved work only ------------------------------------------------


@st.composite
def rich_plans(draw: st.DrawFn) -> str:
    """Plans with two teams, every kind of link and lag, milestones, work done and under way,
    a status date, deadlines, costs booked every way and caps over two fiscal years."""
    count = draw(st.integers(min_value=2, max_value=7))
    calendar = draw(st.sampled_from(["calendar", "business"]))
    lines = [
        "[plan]",
        'title = "prop"',
        "start = 2026-02-02",
        f'calendar = "{calendar}"',
    ]
    if draw(st.booleans()):
        lines.append("status_date = 2026-03-02")
    lines += ["[teams.T]", f"capacity = {draw(st.sampled_from(['0.5', '1.0']))}"]
    lines += ["[teams.U]", "capacity = 0.6"]
    if draw(st.booleans()):
        lines += [
            "[budget.caps]",
            f"2025 = {draw(st.integers(1, 4)) * 1_000_000}",
            f"2026 = {draw(st.integers(1, 4)) * 1_000_000}",
        ]
    for number in range(count):
        lines += [f"[initiatives.i{number}]", f'title = "I{number}"']
        lines.append(f'duration = "{draw(st.sampled_from(["0d", "10d", "25d", "2mo", "50d"]))}"')
        if number:
            links = []
            for before in draw(st.lists(st.integers(0, number - 1), max_size=2, unique=True)):
                kind = draw(st.sampled_from(["FS", "FS", "SS", "FF"]))
                lag = draw(st.sampled_from(["0d", "5d", "-3d", "1mo"]))
                links.append(f'{{ id = "i{before}", type = "{kind}", lag = "{lag}" }}')
            if links:
                lines.append("depends_on = [" + ", ".join(links) + "]")
        roll = draw(st.integers(0, 9))
        if roll == 0:
            lines += ['status = "done"', "actual_start = 2026-02-02", "actual_finish = 2026-02-20"]
        elif roll == 1:
            lines += ['status = "in_progress"', "progress = 40", "actual_start = 2026-02-09"]
        elif roll == 2:
            lines.append(f"not_before = 2026-0{draw(st.integers(3, 6))}-10")
        if draw(st.integers(0, 4)) == 0:
            lines.append(f"deadline = 2026-{draw(st.integers(5, 12)):02d}-28")
        asks = draw(st.lists(st.sampled_from(["T", "U"]), max_size=2, unique=True))
        if asks:
            fte = ", ".join(
                f"{team} = {draw(st.sampled_from(['0.3', '0.4', '0.7']))}" for team in asks
            )
            lines.append(f"staffing = {{ {fte} }}")
        if draw(st.booleans()):
            booking = draw(st.sampled_from(["start", "spread", "finish"]))
            annual = draw(st.sampled_from([0, 600_000]))
            lines.append(
                f'cost = {{ initial = {draw(st.integers(1, 3)) * 1_000_000}, booking = "{booking}", '
                f"annual = {annual} }}"
            )
    return "\n".join(lines) + "\n"


def _whole_plan_only(*_args: object) -> None:
    """In place of :func:`roadmap.core.analysis.leveling._screen_move`: measure every trial on the whole plan."""
    return None


def _outcome(result: leveling.LevelingResult) -> tuple[object, ...]:
    return (
        [(move.initiative, move.not_before, move.after) for move in result.moves],
        [conflict.key() for conflict in result.remaining],
        result.finish,
    )


class TestMeasuringTheMovedWork:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rich_plans(), st.booleans())
    def test_gives_the_moves_of_measuring_the_whole_plan(self, toml: str, slip: bool) -> None:
        loaded = parse_plan(toml, "plan.toml")
        assert loaded.plan is not None
        fast = level_plan(loaded.plan, allow_slip=slip)
        with mock.patch.object(leveling, "_screen_move", _whole_plan_only):
            whole = level_plan(loaded.plan, allow_slip=slip)
        assert _outcome(fast) == _outcome(whole)

    def test_work_that_cannot_be_fixed_is_never_measured_on_the_whole_plan(self) -> None:
        teams = "".join(f'[teams."U{n}"]\ncapacity = 1.0\n' for n in range(8))
        work = "".join(
            f'[initiatives.u{n}]\ntitle = "U{n}"\nduration = "40d"\n'
            f'not_before = 2026-{n + 3:02d}-01\nstaffing = {{ "U{n}" = 1.5 }}\n'
            for n in range(8)
        )
        plan = plan_of(STAFFING + teams + work)
        measured: list[Plan] = []
        real = leveling._measure

        def counting(plan: Plan) -> object:
            measured.append(plan)
            return real(plan)

        with mock.patch.object(leveling, "_measure", counting):
            result = level_plan(plan, allow_slip=True)
        assert [move.initiative for move in result.moves] == ["b"]
        assert {conflict.team for conflict in result.remaining} == {f"U{n}" for n in range(8)}
        # the plan as given, and the one move made: not one whole-plan trial per month tried
        assert len(measured) == 2


# -- the end of the calendar -----------------------------------------------------------------

DECEMBER_2099 = """
[plan]
title = "暦の終わり"
start = 2099-01-05
calendar = "calendar"

[teams.T]
capacity = 1.0

[initiatives.a]
title = "A"
duration = "31d"
not_before = 2099-12-01
staffing = { T = 0.6 }

[initiatives.b]
title = "B"
duration = "31d"
not_before = 2099-12-01
staffing = { T = 0.6 }
"""


class TestTheEndOfTheCalendar:
    def test_a_move_past_2099_is_refused_and_named(self) -> None:
        result = level_plan(plan_of(DECEMBER_2099), allow_slip=True)
        assert result.moves == ()
        assert [(c.team, c.when) for c in result.remaining] == [("T", dt.date(2099, 12, 1))]
        [problem] = result.problems
        assert problem.code == "level-beyond-calendar"
        assert (
            problem.message("en")
            == "a, b: moves past the end of the calendar (2099) were not tried"
        )

    def test_within_float_nothing_is_tried_past_the_end(self) -> None:
        result = level_plan(plan_of(DECEMBER_2099))
        assert result.moves == () and len(result.remaining) == 1

    def test_a_plan_whose_loads_cannot_be_counted_stops_with_a_problem(self) -> None:
        def past_the_end(*_args: object) -> None:
            raise CalendarRangeError("the calendar ends in 2099")

        with mock.patch.object(leveling, "staffing_report", past_the_end):
            result = level_plan(plan_of(STAFFING), allow_slip=True)
        assert result.moves == () and result.remaining == ()
        assert [problem.code for problem in result.problems] == ["out-of-range"]

    def test_the_level_command_says_so_and_exits_0(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "plan.toml"
        path.write_text(textwrap.dedent(DECEMBER_2099), encoding="utf-8")
        code = main(["--lang", "en", "level", str(path), "--allow-slip", "-o", str(path)])
        captured = capsys.readouterr()
        assert code == 0
        assert "moves past the end of the calendar (2099) were not tried" in captured.out
        assert "Traceback" not in captured.out + captured.err


# -- writing the changes ----------------------------------------------------------------------


class TestRewriteThroughTheDocument:
    def test_initiatives_between_other_tables_get_their_not_before(self) -> None:
        source = textwrap.dedent(
            """\
            [initiatives.a]
            title = "A"
            duration = "1mo"

            [teams.T]
            capacity = 1.0

            [initiatives.b]
            title = "B"
            duration = "1mo" # 見積
            [initiatives.b.staffing]
            T = 0.5
            """
        )
        text, missing = rewrite_not_before(
            source, {"b": dt.date(2026, 6, 1), "a": dt.date(2026, 5, 1)}
        )
        assert missing == []
        assert text == source.replace(
            'duration = "1mo"\n\n', 'duration = "1mo"\nnot_before = 2026-05-01\n\n'
        ).replace("# 見積\n", "# 見積\nnot_before = 2026-06-01\n")

    def test_a_not_before_goes_before_the_keys_after_it_in_the_format_order(self) -> None:
        source = '[initiatives.a]\ntitle = "A"\nduration = "1mo"\ndeadline = 2027-03-31\n'
        text, _missing = rewrite_not_before(source, {"a": dt.date(2026, 5, 1)})
        assert text == source.replace("deadline", "not_before = 2026-05-01\ndeadline")

    def test_nothing_to_change_gives_back_the_text(self) -> None:
        source = '[initiatives.a]\ntitle = "A"\nnot_before = 2026-05-01 # 据え置き\n'
        assert rewrite_not_before(source, {"a": dt.date(2026, 5, 1)}) == (source, [])
