"""Leveling: delay non-critical work to remove overloads and overruns, never breaking anything."""

from __future__ import annotations

import datetime as dt
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.budget import budget_report
from roadmap.leveling import level_plan, rewrite_not_before
from roadmap.loader import parse_plan
from roadmap.model import DependencyType, Plan
from roadmap.schedule import Schedule, schedule_plan
from roadmap.staffing import staffing_report


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
