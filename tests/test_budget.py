"""Money per fiscal year: booking rules across 年度 boundaries, running costs, caps."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap.core.analysis.budget import BudgetReport, budget_report, spread_yen
from roadmap.core.analysis.pipeline import Analysis, analyze
from roadmap.core.planfile.loader import parse_plan


def analysis_of(toml: str) -> Analysis:
    return analyze(parse_plan(textwrap.dedent(toml), "plan.toml"))


def report_of(toml: str) -> BudgetReport:
    analysis = analysis_of(toml)
    assert analysis.plan is not None and analysis.schedule is not None
    assert not analysis.has_errors, analysis.problems
    return budget_report(analysis.plan, analysis.schedule)


HEAD = """
[plan]
title = "予算テスト"
start = 2027-03-02
calendar = "calendar"
year_end_closure = ["12-31", "12-31"]
"""


def by_year(report: BudgetReport, name: str) -> dict[int, int]:
    return {year.fiscal_year: getattr(year, name) for year in report.years}


class TestBookingRules:
    def test_spread_over_march_31_splits_by_days_in_each_fiscal_year(self) -> None:
        # 2027-03-02 .. 2027-04-30: 30 days in 令和8年度, 30 days in 令和9年度
        report = report_of(
            HEAD
            + """
            [initiatives.a]
            title = "移行"
            duration = "60d"
            [initiatives.a.cost]
            initial = 1_000_001
            booking = "spread"
            subsidy = 600_000
            """
        )
        assert by_year(report, "initial") == {2026: 500_000, 2027: 500_001}
        # the subsidy follows the cost it pays for, year by year (600,000 / 1,000,001 of it)
        assert by_year(report, "subsidy") == {2026: 299_999, 2027: 300_001}
        assert by_year(report, "net_total") == {2026: 200_001, 2027: 200_000}
        assert sum(by_year(report, "initial").values()) == 1_000_001

    def test_uneven_spread_books_each_year_its_share_of_days(self) -> None:
        # 2027-03-02 .. 2027-04-09: 30 days in March, 9 days in April (39 days)
        report = report_of(
            HEAD
            + """
            [initiatives.a]
            title = "移行"
            duration = "39d"
            [initiatives.a.cost]
            initial = 3_900_000
            booking = "spread"
            """
        )
        assert by_year(report, "initial") == {2026: 3_000_000, 2027: 900_000}

    def test_start_booking_puts_everything_in_the_year_work_starts(self) -> None:
        report = report_of(
            HEAD
            + """
            [initiatives.a]
            title = "調達"
            duration = "60d"
            [initiatives.a.cost]
            initial = 5_000_000
            """
        )
        assert by_year(report, "initial") == {2026: 5_000_000, 2027: 0}

    def test_finish_booking_puts_everything_in_the_year_work_finishes(self) -> None:
        report = report_of(
            HEAD
            + """
            [initiatives.a]
            title = "検収"
            duration = "60d"
            [initiatives.a.cost]
            initial = 5_000_000
            booking = "finish"
            subsidy = 2_000_000
            """
        )
        assert by_year(report, "initial") == {2026: 0, 2027: 5_000_000}
        assert by_year(report, "subsidy") == {2026: 0, 2027: 2_000_000}

    def test_calendar_year_fiscal_years_move_the_boundary_to_january(self) -> None:
        report = report_of(
            """
            [plan]
            title = "暦年度"
            start = 2026-12-17
            calendar = "calendar"
            year_end_closure = ["12-31", "12-31"]
            fiscal_year_start_month = 1

            [initiatives.a]
            title = "移行"
            duration = "31d"
            [initiatives.a.cost]
            initial = 3_100_000
            booking = "spread"
            """
        )
        # 2026-12-17 .. 2027-01-16: 15 days in FY2026, 16 days in FY2027
        assert by_year(report, "initial") == {2026: 1_500_000, 2027: 1_600_000}


class TestRunningCosts:
    PLAN = """
        [plan]
        title = "運用"
        start = 2026-04-01
        calendar = "calendar"
        year_end_closure = ["12-31", "12-31"]

        [budget]
        horizon_end = 2029-03-31

        [initiatives.a]
        title = "新システム"
        duration = "1d"
        not_before = 2027-01-31
        [initiatives.a.cost]
        annual = 1_200_000
        annual_before = 900_000
        """

    def test_running_cost_is_billed_by_the_month_from_the_month_after_finish(self) -> None:
        report = report_of(self.PLAN)
        # finish 2027-01-31: February and March (2 months of 12) in 令和8年度, never days
        assert by_year(report, "running") == {2026: 200_000, 2027: 1_200_000, 2028: 1_200_000}

    def test_replaced_running_cost_stops_when_the_new_system_runs(self) -> None:
        report = report_of(self.PLAN)
        assert by_year(report, "running_replaced") == {2026: 150_000, 2027: 900_000, 2028: 900_000}
        assert by_year(report, "running_change") == {2026: 50_000, 2027: 300_000, 2028: 300_000}

    def test_every_amount_is_integer_yen(self) -> None:
        report = report_of(self.PLAN)
        for year in report.years:
            for value in (
                year.initial,
                year.subsidy,
                year.running,
                year.running_replaced,
                year.total,
                year.net_total,
                year.cumulative_total,
                year.cumulative_net_total,
            ):
                assert type(value) is int

    def test_horizon_runs_to_budget_horizon_end(self) -> None:
        report = report_of(self.PLAN)
        assert (report.first_year, report.last_year) == (2026, 2028)


class TestCapsAndTotals:
    PLAN = """
        [plan]
        title = "上限"
        start = 2026-04-01
        calendar = "calendar"
        year_end_closure = ["12-31", "12-31"]

        [budget]
        horizon_end = 2027-12-31
        cap_basis = "gross"
        [budget.caps]
        2026 = 10_000_000
        2027 = 3_000_000

        [initiatives.a]
        title = "構築"
        duration = "30d"
        [initiatives.a.cost]
        initial = 8_000_000
        subsidy = 6_000_000
        annual = 3_650_000
        """

    def test_headroom_and_overrun_against_the_total_before_subsidy(self) -> None:
        report = report_of(self.PLAN)
        first, second = report.years
        # finish 2026-04-30; running from 05-01: 11 of 12 months
        assert first.running == 3_345_833
        assert (first.total, first.cap, first.headroom, first.over_cap) == (
            11_345_833,
            10_000_000,
            -1_345_833,
            True,
        )
        assert (second.total, second.headroom, second.over_cap) == (3_650_000, -650_000, True)

    def test_cumulative_totals_add_up_year_by_year(self) -> None:
        report = report_of(self.PLAN)
        assert [year.cumulative_total for year in report.years] == [11_345_833, 14_995_833]
        assert [year.cumulative_net_total for year in report.years] == [5_345_833, 8_995_833]

    def test_caps_limit_the_general_revenue_by_default(self) -> None:
        report = report_of(self.PLAN.replace('cap_basis = "gross"', ""))
        first, second = report.years
        # 一般財源 = 11,345,833 - 6,000,000 (subsidy): under the 10,000,000 cap
        assert (first.capped, first.headroom, first.over_cap) == (5_345_833, 4_654_167, False)
        assert (second.capped, second.over_cap) == (3_650_000, True)

    def test_over_cap_year_is_a_located_warning(self) -> None:
        analysis = analysis_of(self.PLAN)
        found = [problem for problem in analysis.problems if problem.code == "budget-over-cap"]
        assert [problem.field for problem in found] == ["budget.caps.2026", "budget.caps.2027"]
        assert found[0].line == 11  # the [budget.caps] table
        assert "1,345,833" in found[0].message()

    def test_subsidy_above_initial_is_reported(self) -> None:
        analysis = analysis_of(
            HEAD
            + """
            [initiatives.a]
            title = "補助過大"
            duration = "1d"
            [initiatives.a.cost]
            initial = 1_000
            subsidy = 2_000
            """
        )
        codes = [(p.code, p.initiative, p.field) for p in analysis.problems]
        assert ("subsidy-above-initial", "a", "cost.subsidy") in codes

    def test_cancelled_initiative_costs_nothing(self) -> None:
        report = report_of(
            HEAD
            + """
            [initiatives.a]
            title = "中止"
            duration = "1d"
            status = "cancelled"
            [initiatives.a.cost]
            initial = 1_000
            [initiatives.b]
            title = "実施"
            duration = "1d"
            [initiatives.b.cost]
            initial = 7
            """
        )
        assert report.total == 7
        assert [item.id for item in report.initiatives] == ["b"]


class TestBoundaries:
    @staticmethod
    def capped(cap: int) -> BudgetReport:
        return report_of(
            HEAD
            + f"""
            [budget.caps]
            2026 = {cap}
            [initiatives.a]
            title = "構築"
            duration = "1d"
            [initiatives.a.cost]
            initial = 5_000_000
            subsidy = 4_000_000
            """
        )

    @pytest.mark.parametrize(
        ("cap", "headroom", "over"),
        [(1_000_001, 1, False), (1_000_000, 0, False), (999_999, -1, True)],
        ids=["one-yen-below", "exactly-at-the-cap", "one-yen-over"],
    )
    def test_a_year_exactly_at_its_cap_is_not_over(
        self, cap: int, headroom: int, over: bool
    ) -> None:
        year = self.capped(cap).years[0]
        # the cap limits the 一般財源: 5,000,000 less the 4,000,000 subsidy
        assert (year.fiscal_year, year.total, year.capped) == (2026, 5_000_000, 1_000_000)
        assert (year.headroom, year.over_cap) == (headroom, over)

    def test_a_year_exactly_at_its_cap_gives_no_warning(self) -> None:
        text = HEAD.replace("start = 2027-03-02", "start = 2026-04-01") + (
            '[budget.caps]\n2026 = 5_000_000\n[initiatives.a]\ntitle = "a"\nduration = "1d"\n'
            "[initiatives.a.cost]\ninitial = 5_000_000\n"
        )
        assert [problem.code for problem in analysis_of(text).problems] == []
        over = text.replace("2026 = 5_000_000", "2026 = 4_999_999")
        assert [problem.code for problem in analysis_of(over).problems] == ["budget-over-cap"]

    @staticmethod
    def running_from(first_day: str, fiscal_start: int = 4) -> dict[int, int]:
        """The running cost of 366,000 yen a year, running from ``first_day`` to the horizon."""
        finish = dt.date.fromisoformat(first_day) - dt.timedelta(days=1)
        report = report_of(
            f"""
            [plan]
            title = "閏年"
            start = {finish.isoformat()}
            calendar = "calendar"
            fiscal_year_start_month = {fiscal_start}
            year_end_closure = ["12-31", "12-31"]
            [budget]
            horizon_end = {(finish + dt.timedelta(days=400)).isoformat()}
            [initiatives.a]
            title = "新システム"
            duration = "1d"
            [initiatives.a.cost]
            annual = 366_000
            """
        )
        return {year: yen for year, yen in by_year(report, "running").items() if yen}

    @pytest.mark.parametrize(
        ("first_day", "fiscal_start", "first_year_yen"),
        [
            # March only: one month of 366,000 yen a year, leap year or not
            ("2028-03-01", 4, 30_500),
            ("2027-03-01", 4, 30_500),
            # service from 2028-02-29 (not a 1st) bills from March 1
            ("2028-02-29", 4, 30_500),
            # January to March: three months
            ("2028-01-01", 4, 91_500),
            # a calendar-year fiscal year: December is one month of 2028
            ("2028-12-01", 1, 30_500),
        ],
    )
    def test_monthly_billing_counts_months_not_days(
        self, first_day: str, fiscal_start: int, first_year_yen: int
    ) -> None:
        running = self.running_from(first_day, fiscal_start)
        first_year = min(running)
        assert running[first_year] == first_year_yen
        assert running[first_year + 1] == 366_000

    def test_a_spread_over_february_29_counts_that_day(self) -> None:
        # 2028-02-01 .. 2028-04-30: 60 days in 令和9年度 (Feb 29 included), 30 in 令和10年度
        report = report_of(
            """
            [plan]
            title = "閏年"
            start = 2028-02-01
            calendar = "calendar"
            year_end_closure = ["12-31", "12-31"]
            [initiatives.a]
            title = "移行"
            duration = "90d"
            [initiatives.a.cost]
            initial = 900_000
            booking = "spread"
            """
        )
        assert by_year(report, "initial") == {2027: 600_000, 2028: 300_000}


class TestArithmetic:
    @given(
        st.integers(min_value=0, max_value=10**12),
        st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=12),
    )
    def test_spread_parts_are_ints_that_add_up_exactly(self, amount: int, days: list[int]) -> None:
        parts = spread_yen(amount, days)
        assert sum(parts) == amount
        assert all(type(part) is int for part in parts)
        total_days = sum(days)
        if total_days:
            for part, weight in zip(parts, days, strict=True):
                assert abs(part * total_days - amount * weight) < total_days
