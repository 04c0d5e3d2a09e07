"""Staffing load per team per month: pro rata by working days, capacity, overloads."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from roadmap.core.analysis.pipeline import Analysis, analyze
from roadmap.core.analysis.staffing import StaffingReport, staffing_report
from roadmap.core.planfile.loader import parse_plan


def analysis_of(toml: str) -> Analysis:
    return analyze(parse_plan(textwrap.dedent(toml), "plan.toml"))


def report_of(toml: str) -> StaffingReport:
    analysis = analysis_of(toml)
    assert analysis.plan is not None and analysis.schedule is not None
    assert not analysis.has_errors, analysis.problems
    return staffing_report(analysis.plan, analysis.schedule)


APRIL, MAY = dt.date(2026, 4, 1), dt.date(2026, 5, 1)

CALENDAR = """
[plan]
title = "体制テスト"
start = 2026-04-01
calendar = "calendar"

[teams."情報政策課"]
capacity = 1.0
"""


class TestLoad:
    def test_work_covering_a_whole_month_loads_its_full_fte(self) -> None:
        report = report_of(
            CALENDAR
            + """
            [initiatives.a]
            title = "A"
            duration = "30d"
            [initiatives.a.staffing]
            "情報政策課" = 0.4
            """
        )
        assert report.months == (APRIL,)
        assert report.load("情報政策課", APRIL) == 0.4

    def test_work_across_a_month_end_loads_each_month_by_its_share_of_days(self) -> None:
        # 2026-04-16 .. 2026-05-15: 15 of April's 30 days, 15 of May's 31 days
        report = report_of(
            CALENDAR
            + """
            [initiatives.a]
            title = "A"
            duration = "30d"
            not_before = 2026-04-16
            [initiatives.a.staffing]
            "情報政策課" = 0.6
            """
        )
        assert report.load("情報政策課", APRIL) == 0.3
        assert round(report.load("情報政策課", MAY), 6) == round(0.6 * 15 / 31, 6)
        cell = report.cell("情報政策課", MAY)
        assert cell is not None and cell.contributions[0].working_days == 15

    def test_business_calendar_counts_working_days_only(self) -> None:
        # May 2026 has 18 working days (weekends and 5/4-5/6 closed); 2026-05-07..05-08 = 2
        report = report_of(
            """
            [plan]
            title = "営業日"
            start = 2026-05-07

            [initiatives.a]
            title = "A"
            duration = "2d"
            [initiatives.a.staffing]
            "情報政策課" = 0.9
            """
        )
        cell = report.cell("情報政策課", MAY)
        assert cell is not None
        assert (cell.working_days, cell.contributions[0].working_days) == (18, 2)
        assert cell.load == 0.1

    def test_a_milestone_loads_nobody(self) -> None:
        report = report_of(
            CALENDAR
            + """
            [initiatives.m]
            title = "稼働"
            duration = "0d"
            [initiatives.m.staffing]
            "情報政策課" = 5
            """
        )
        assert report.cells == {}


class TestCapacity:
    def test_load_exactly_at_capacity_is_not_over_despite_float_sums(self) -> None:
        # 0.1 + 0.2 is 0.30000000000000004 in floating point; the sum here is exact
        report = report_of(
            """
            [plan]
            title = "ぴったり"
            start = 2026-04-01
            calendar = "calendar"
            [teams."係"]
            capacity = 0.3
            [initiatives.a]
            title = "A"
            duration = "30d"
            staffing = { "係" = 0.1 }
            [initiatives.b]
            title = "B"
            duration = "30d"
            staffing = { "係" = 0.2 }
            """
        )
        assert report.overloads == []

    @pytest.mark.parametrize(
        ("capacity", "asks", "over"),
        [
            (2.01, (1.0, 1.01), False),  # exactly at capacity: 1.0 + 1.01 == 2.01 FTE
            (2.0, (1.0, 1.01), True),
            (2.01, (1.0, 1.011), True),  # a thousandth over
            (2.011, (1.0, 1.011), False),
        ],
    )
    def test_two_asks_summing_to_the_capacity_are_not_overloaded(
        self, capacity: float, asks: tuple[float, float], over: bool
    ) -> None:
        report = report_of(
            f"""
            [plan]
            title = "ぴったり"
            start = 2026-04-01
            [teams."係"]
            capacity = {capacity}
            [initiatives.a]
            title = "A"
            duration = "1mo"
            staffing = {{ "係" = {asks[0]} }}
            [initiatives.b]
            title = "B"
            duration = "1mo"
            staffing = {{ "係" = {asks[1]} }}
            """
        )
        cell = report.cell("係", APRIL)
        assert cell is not None and cell.over is over
        assert [item.team for item in report.overloads] == (["係"] if over else [])

    def test_overloaded_month_lists_the_initiatives_causing_it_largest_first(self) -> None:
        report = report_of(
            CALENDAR
            + """
            [initiatives.small]
            title = "小"
            duration = "30d"
            staffing = { "情報政策課" = 0.3 }
            [initiatives.big]
            title = "大"
            duration = "61d"
            staffing = { "情報政策課" = 0.9 }
            """
        )
        [over] = report.overloads
        assert (over.team, over.month, round(over.load, 6)) == ("情報政策課", APRIL, 1.2)
        assert [part.initiative for part in over.contributions] == ["big", "small"]
        assert float(over.excess) == 0.2
        assert not report.cell("情報政策課", MAY).over  # type: ignore[union-attr]

    def test_overload_is_one_located_warning_per_run_of_months(self) -> None:
        analysis = analysis_of(
            CALENDAR
            + """
            [initiatives.a]
            title = "A"
            duration = "61d"
            staffing = { "情報政策課" = 1.5 }
            """
        )
        [problem] = [p for p in analysis.problems if p.code == "team-overloaded"]
        assert problem.field == "teams.情報政策課"
        assert problem.line == 7
        assert problem.args["months"] == "2026-04〜2026-05"
        assert "a" in problem.message("en")

    def test_undeclared_team_has_no_capacity_and_is_reported(self) -> None:
        text = (
            CALENDAR
            + """
            [initiatives.a]
            title = "A"
            duration = "30d"
            [initiatives.a.staffing]
            "住民課" = 3
            """
        )
        report = report_of(text)
        assert report.teams == ("情報政策課", "住民課")
        assert report.capacities["住民課"] is None
        assert report.overloads == []
        [problem] = [p for p in analysis_of(text).problems if p.code == "undeclared-team"]
        assert (problem.initiative, problem.field) == ("a", "staffing.住民課")
        assert problem.line is not None

    def test_overloads_that_ended_before_the_status_date_raise_no_warning(self) -> None:
        text = CALENDAR.replace(
            'calendar = "calendar"', 'calendar = "calendar"\nstatus_date = 2026-05-10'
        ) + textwrap.dedent(
            """
            [initiatives.done]
            title = "済"
            duration = "61d"
            status = "done"
            actual_start = 2026-04-01
            actual_finish = 2026-05-31
            staffing = { "情報政策課" = 1.5 }
            """
        )
        analysis = analysis_of(text)
        [problem] = [p for p in analysis.problems if p.code == "team-overloaded"]
        assert problem.args["months"] == "2026-05"
        assert len(report_of(text).overloads) == 2


class TestPeak:
    def test_the_peak_is_the_busiest_month_of_each_team(self) -> None:
        # a: April and May at 0.5; b: May alone at 0.3; c: half of June at 0.6
        report = report_of(
            CALENDAR
            + """
            [teams."住民課"]
            capacity = 2

            [initiatives.a]
            title = "A"
            duration = "61d"
            staffing = { "情報政策課" = 0.5 }
            [initiatives.b]
            title = "B"
            duration = "31d"
            not_before = 2026-05-01
            staffing = { "情報政策課" = 0.3 }
            [initiatives.c]
            title = "C"
            duration = "15d"
            not_before = 2026-06-01
            staffing = { "情報政策課" = 0.6 }
            """
        )
        assert [report.load("情報政策課", month) for month in report.months] == [0.5, 0.8, 0.3]
        assert report.peak == {"情報政策課": 0.8, "住民課": 0.0}

    def test_a_large_ask_for_a_few_days_counts_pro_rata_towards_the_peak(self) -> None:
        # 0.9 FTE for 10 of April's 30 days and for all 31 days of May
        report = report_of(
            CALENDAR
            + """
            [initiatives.a]
            title = "A"
            duration = "10d"
            not_before = 2026-04-21
            staffing = { "情報政策課" = 0.9 }
            [initiatives.b]
            title = "B"
            duration = "31d"
            not_before = 2026-05-01
            staffing = { "情報政策課" = 0.6 }
            """
        )
        assert report.load("情報政策課", APRIL) == 0.3
        assert report.peak == {"情報政策課": 0.6}
