"""KPI progress: achievement from baseline to target, on track or behind by the due date."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from roadmap.core.analysis.kpi import KpiProgress, achievement_rate, kpi_progress, kpi_report
from roadmap.core.analysis.pipeline import Analysis, analyze
from roadmap.core.model.plan import Kpi
from roadmap.core.planfile.loader import parse_plan


def analysis_of(toml: str) -> Analysis:
    return analyze(parse_plan(textwrap.dedent(toml), "plan.toml"))


START = dt.date(2026, 4, 1)
DUE = dt.date(2027, 3, 31)  # 364 days after START


def judged(as_of: dt.date | None = dt.date(2026, 10, 1), **fields: object) -> KpiProgress:
    values: dict[str, object] = {"name": "窓口待ち時間", "due": DUE, **fields}
    return kpi_progress("a", 0, Kpi.model_validate(values), START, as_of)


class TestAchievement:
    def test_lower_is_better_counts_the_fall_from_baseline(self) -> None:
        assert achievement_rate(30, 10, 18) == pytest.approx(0.6)

    def test_higher_is_better_counts_the_rise(self) -> None:
        assert achievement_rate(0, 100, 64) == pytest.approx(0.64)

    def test_moving_the_wrong_way_is_negative(self) -> None:
        assert achievement_rate(30, 10, 40) == pytest.approx(-0.5)

    def test_missing_numbers_give_no_rate(self) -> None:
        assert achievement_rate(None, 10, 5) is None
        assert achievement_rate(30, 10, None) is None
        assert achievement_rate(10, 10, 10) is None


class TestStatus:
    def test_ahead_of_the_straight_line_is_on_track(self) -> None:
        # half a year in (183/364 of the way), 60% achieved
        item = judged(baseline=30, target=10, actual=18, direction="lower")
        assert item.status == "on_track"
        assert item.expected == pytest.approx(183 / 364)

    def test_below_the_straight_line_is_behind(self) -> None:
        item = judged(baseline=30, target=10, actual=25, direction="lower")
        assert item.status == "behind"

    def test_reaching_the_target_is_achieved_even_after_the_due_date(self) -> None:
        item = judged(dt.date(2027, 6, 1), baseline=0, target=100, actual=100)
        assert item.status == "achieved"

    def test_past_due_without_reaching_the_target_is_missed(self) -> None:
        item = judged(dt.date(2027, 4, 1), baseline=0, target=100, actual=99)
        assert item.status == "missed"

    def test_without_a_measurement_the_status_is_unknown(self) -> None:
        assert judged(baseline=0, target=100).status == "unknown"

    def test_without_a_status_date_progress_cannot_be_judged(self) -> None:
        assert judged(None, baseline=0, target=100, actual=10).status == "unknown"

    def test_target_against_the_direction_is_inconsistent(self) -> None:
        item = judged(baseline=30, target=10, actual=20, direction="higher")
        assert item.status == "inconsistent"


PLAN = """
[plan]
title = "KPI"
start = 2026-04-01
status_date = 2026-10-01
calendar = "calendar"

[initiatives.madoguchi]
title = "書かない窓口"
duration = "30d"

[[initiatives.madoguchi.kpis]]
name = "窓口待ち時間"
unit = "分"
baseline = 30
target = 10
actual = 18
direction = "lower"
due = 2027-03-31

[[initiatives.madoguchi.kpis]]
name = "満足度"
unit = "点"
"""


class TestPlanKpis:
    def test_report_uses_the_plan_status_date_and_file_order(self) -> None:
        analysis = analysis_of(PLAN)
        assert analysis.plan is not None
        progress = kpi_report(analysis.plan, analysis.schedule)
        assert [(item.name, item.status) for item in progress] == [
            ("窓口待ち時間", "on_track"),
            ("満足度", "unknown"),
        ]
        assert progress[0].achievement_percent == 60.0

    def test_missing_baseline_and_target_are_located_warnings(self) -> None:
        analysis = analysis_of(PLAN)
        found = sorted(
            (p.code, p.initiative, p.field) for p in analysis.problems if p.code.startswith("kpi-")
        )
        assert found == [
            ("kpi-missing-baseline", "madoguchi", "kpis.1"),
            ("kpi-missing-target", "madoguchi", "kpis.1"),
        ]
        assert all(p.line for p in analysis.problems if p.code.startswith("kpi-"))


class TestBoundaries:
    @pytest.mark.parametrize(
        ("as_of", "status"),
        [
            (dt.date(2027, 3, 30), "behind"),
            (DUE, "behind"),  # on its own due date the KPI still has that day
            (dt.date(2027, 4, 1), "missed"),
        ],
    )
    def test_a_kpi_is_not_missed_on_its_own_due_date(self, as_of: dt.date, status: str) -> None:
        assert judged(as_of, baseline=0, target=100, actual=99).status == status

    @pytest.mark.parametrize(
        ("as_of", "actual", "status"),
        [
            (dt.date(2026, 9, 30), 20.0, "on_track"),  # 182 of 364 days, half way: on the line
            (dt.date(2026, 9, 30), 20.5, "behind"),
            (dt.date(2026, 7, 1), 25.0, "on_track"),  # 91 of 364 days, a quarter of the way
            (dt.date(2026, 7, 1), 25.1, "behind"),
        ],
    )
    def test_exactly_on_the_straight_line_is_on_track(
        self, as_of: dt.date, actual: float, status: str
    ) -> None:
        item = judged(as_of, baseline=30, target=10, actual=actual, direction="lower")
        assert item.status == status
        assert item.achievement is not None and item.expected is not None
        assert (item.achievement == item.expected) is (status == "on_track")

    @pytest.mark.parametrize(
        ("direction", "actual", "as_of", "status"),
        [
            ("lower", 30, dt.date(2026, 10, 1), "achieved"),  # held at the baseline
            ("lower", 28, dt.date(2027, 6, 1), "achieved"),  # better than asked, past due
            ("lower", 31, dt.date(2026, 10, 1), "behind"),
            ("lower", 31, dt.date(2027, 6, 1), "missed"),
            ("higher", 30, dt.date(2027, 6, 1), "achieved"),
            ("higher", 29, dt.date(2026, 10, 1), "behind"),
        ],
    )
    def test_a_target_equal_to_its_baseline_is_a_line_to_hold(
        self, direction: str, actual: float, as_of: dt.date, status: str
    ) -> None:
        item = judged(as_of, baseline=30, target=30, actual=actual, direction=direction)
        assert item.achievement is None  # no division by a zero distance
        assert item.status == status

    def test_a_lower_is_better_target_equal_to_its_baseline_raises_no_warning(self) -> None:
        text = PLAN.replace("target = 10", "target = 30").replace("actual = 18", "actual = 30")
        analysis = analysis_of(text)
        assert analysis.plan is not None
        assert [p.code for p in analysis.problems if p.field == "kpis.0"] == []
        assert kpi_report(analysis.plan, analysis.schedule)[0].status == "achieved"


LINE = """
[plan]
title = "KPI"
start = 2026-04-01
status_date = 2026-04-01
calendar = "calendar"

[initiatives.prepare]
title = "準備"
duration = "91d"

[initiatives.counter]
title = "書かない窓口"
duration = "30d"
depends_on = ["prepare"]
status = "{status}"

[[initiatives.counter.kpis]]
name = "窓口待ち時間"
baseline = 30
target = 10
actual = 25
direction = "lower"
due = 2027-03-31
"""


class TestWhereTheLineStarts:
    @staticmethod
    def expected(as_of: str, status: str = "planned") -> float | None:
        analysis = analysis_of(LINE.format(status=status))
        assert analysis.plan is not None and analysis.schedule is not None
        when = dt.date.fromisoformat(as_of)
        return kpi_report(analysis.plan, analysis.schedule, when)[0].expected

    def test_the_line_starts_at_the_initiative_scheduled_start(self) -> None:
        # "counter" starts 2026-07-01 (after 91 days of preparation): 92 of 273 days by Oct 1
        assert self.expected("2026-10-01") == pytest.approx(92 / 273)

    def test_nothing_is_expected_before_the_initiative_starts(self) -> None:
        assert self.expected("2026-06-30") == 0.0
        assert self.expected("2026-07-01") == 0.0

    def test_an_unscheduled_initiative_line_starts_at_the_plan_start(self) -> None:
        # cancelled: not scheduled; 183 of 364 days from 2026-04-01 by Oct 1
        assert self.expected("2026-10-01", "cancelled") == pytest.approx(183 / 364)
