"""The council and budget calendar: 定例会 dates, the budget cycle, and the scheduler's
``needs`` and ``on = "council"`` constraints. Every date below is checked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from roadmap.core.analysis.checks import check_plan
from roadmap.core.analysis.schedule import Schedule, schedule_plan
from roadmap.core.calendar.council import (
    CouncilCalendar,
    budget_request_deadline,
    budget_start,
    first_budget_year,
    next_session,
    session_dates,
)
from roadmap.core.planfile.loader import parse_plan

D = dt.date


def schedule_of(text: str) -> Schedule:
    loaded = parse_plan(text)
    assert loaded.plan is not None, loaded.problems
    assert not [p for p in loaded.problems if p.is_error], loaded.problems
    return schedule_plan(loaded.plan)


def codes(text: str) -> list[str]:
    loaded = parse_plan(text)
    found = [problem.code for problem in loaded.problems]
    if loaded.plan is not None:
        found += [problem.code for problem in check_plan(loaded.plan)]
    return found


HEAD = """
[plan]
title = "議会の暦"
start = 2027-05-10
status_date = 2027-05-20
"""


class TestCalendar:
    def test_default_sessions_are_march_june_september_december(self) -> None:
        assert session_dates(CouncilCalendar(), D(2027, 1, 1), D(2027, 12, 31)) == [
            D(2027, 3, 1),
            D(2027, 6, 1),
            D(2027, 9, 1),
            D(2027, 12, 1),
        ]

    def test_next_session_wraps_into_the_next_year(self) -> None:
        assert next_session(CouncilCalendar(), D(2027, 12, 2)) == D(2028, 3, 1)

    def test_exact_sessions_win_over_months(self) -> None:
        council = CouncilCalendar(sessions=(D(2027, 3, 8), D(2027, 6, 14)))
        assert next_session(council, D(2027, 3, 9)) == D(2027, 6, 14)
        assert next_session(council, D(2027, 6, 15)) is None

    def test_session_day_is_configurable(self) -> None:
        council = CouncilCalendar(months=(6,), day=15)
        assert next_session(council, D(2027, 6, 16)) == D(2028, 6, 15)

    def test_budget_request_for_fy2028_closes_at_the_end_of_november_2027(self) -> None:
        assert budget_request_deadline(CouncilCalendar(), 2028) == D(2027, 11, 30)

    @pytest.mark.parametrize(
        ("known", "year"),
        [
            (D(2027, 5, 20), 2028),  # FY2027 already voted in March; FY2028 request still open
            (D(2027, 11, 30), 2028),  # the last day of the request window
            (D(2027, 12, 1), 2029),  # the FY2028 request has closed
            (D(2028, 3, 31), 2029),
            (D(2028, 4, 1), 2029),
        ],
    )
    def test_first_budget_year(self, known: dt.date, year: int) -> None:
        assert first_budget_year(CouncilCalendar(), known) == year

    def test_a_later_request_window_keeps_the_next_year_open(self) -> None:
        council = CouncilCalendar(budget_request=(11, 12))
        assert first_budget_year(council, D(2027, 12, 20)) == 2028
        assert budget_start(council, D(2027, 12, 20)) == D(2028, 4, 1)


class TestScheduler:
    def test_procurement_known_in_may_needing_budget_starts_april_next_fiscal_year(self) -> None:
        schedule = schedule_of(
            HEAD
            + """
[initiatives.procure]
title = "調達"
duration = "2w"
needs = ["budget"]
"""
        )
        item = schedule.initiatives["procure"]
        # 2028-04-01 is a Saturday: the first working day of FY2028 is Monday 04-03
        assert (item.early_start, item.driver) == (D(2028, 4, 3), "budget")

    def test_supplementary_budget_starts_after_the_next_session(self) -> None:
        schedule = schedule_of(
            HEAD
            + """
[initiatives.procure]
title = "調達"
duration = "2w"
needs = ["budget", "supplementary"]
"""
        )
        item = schedule.initiatives["procure"]
        # next 定例会 on or after 2027-05-20 is 2027-06-01 (Tue); work starts Wed 06-02
        assert (item.early_start, item.driver) == (D(2027, 6, 2), "supplementary")

    def test_council_decision_waits_for_the_session_after_the_predecessors(self) -> None:
        schedule = schedule_of(
            HEAD
            + """
[initiatives.draft]
title = "条例案の作成"
duration = "10d"

[initiatives.contract]
title = "財産の取得"
duration = "5d"
depends_on = ["draft"]
needs = ["council"]
"""
        )
        # draft: 05-20 (Thu) .. 06-02 (Wed); the June session (06-01) is before 06-03, so the
        # September one (09-01, Wed) decides: work starts Thu 09-02
        assert schedule.initiatives["draft"].early_finish == D(2027, 6, 2)
        item = schedule.initiatives["contract"]
        assert (item.early_start, item.driver) == (D(2027, 9, 2), "council")

    def test_council_report_milestone_moves_to_the_next_session(self) -> None:
        schedule = schedule_of(
            HEAD
            + """
[council]
sessions = [2027-06-14, 2027-09-13, 2027-12-06]

[initiatives.work]
title = "実証"
duration = "1mo"

[initiatives.report]
title = "議会報告"
duration = "0d"
depends_on = ["work"]
on = "council"
"""
        )
        work, report = schedule.initiatives["work"], schedule.initiatives["report"]
        assert work.early_finish < D(2027, 9, 13)
        assert work.early_finish > D(2027, 6, 14)
        assert (report.early_start, report.driver) == (D(2027, 9, 13), "council")

    def test_a_milestone_already_on_a_session_stays(self) -> None:
        schedule = schedule_of(
            HEAD
            + """
[initiatives.report]
title = "議会報告"
duration = "0d"
not_before = 2027-09-01
on = "council"
"""
        )
        item = schedule.initiatives["report"]
        assert (item.early_start, item.driver) == (D(2027, 9, 1), "not_before")

    def test_done_work_keeps_its_actuals(self) -> None:
        schedule = schedule_of(
            HEAD
            + """
[initiatives.procure]
title = "調達"
duration = "2w"
needs = ["budget"]
status = "done"
actual_start = 2027-04-05
actual_finish = 2027-04-16
"""
        )
        assert schedule.initiatives["procure"].driver == "actual"


class TestValidation:
    def test_unknown_need_is_an_invalid_value(self) -> None:
        text = HEAD + '[initiatives.a]\ntitle = "a"\nduration = "1d"\nneeds = ["money"]\n'
        assert "invalid-value" in codes(text)

    def test_sessions_out_of_order(self) -> None:
        loaded = parse_plan(HEAD + "[council]\nsessions = [2027-06-01, 2027-03-01]\n")
        assert [p.code for p in loaded.problems] == ["council-sessions-order"]
        assert loaded.problems[0].line == 7

    def test_month_out_of_range(self) -> None:
        loaded = parse_plan(HEAD + "[council]\nmonths = [3, 13]\n")
        assert [(p.code, p.field) for p in loaded.problems] == [("invalid-value", "months.1")]

    def test_on_council_on_work_warns(self) -> None:
        text = HEAD + '[initiatives.a]\ntitle = "a"\nduration = "5d"\non = "council"\n'
        assert "council-on-work" in codes(text)

    def test_unknown_top_level_key_suggests_council(self) -> None:
        loaded = parse_plan(HEAD + "[counsil]\nmonths = [3]\n")
        problem = next(p for p in loaded.problems if p.code == "unknown-key")
        assert problem.hint("en") == "Did you mean 'council'?"


class TestWarnings:
    def test_budget_request_missed_warns_and_suggests_supplementary(self) -> None:
        text = HEAD.replace("status_date = 2027-05-20", "status_date = 2027-12-10") + (
            '[initiatives.p]\ntitle = "調達"\nduration = "2w"\nneeds = ["budget"]\n'
        )
        schedule = schedule_of(text)
        # the FY2028 request closed on 2027-11-30: FY2029, 2029-04-02 (04-01 is a Sunday)
        assert schedule.initiatives["p"].early_start == D(2029, 4, 2)
        [problem] = [p for p in schedule.problems if p.code == "budget-request-missed"]
        assert problem.message("en") == (
            "Too late for the FY2028 budget request (until 2027-11-30): "
            "with an initial budget it starts on 2029-04-02"
        )

    def test_no_warning_while_the_request_is_open(self) -> None:
        text = HEAD + '[initiatives.p]\ntitle = "調達"\nduration = "2w"\nneeds = ["budget"]\n'
        assert not schedule_of(text).problems

    def test_council_report_between_sessions_warns(self) -> None:
        text = HEAD + (
            "[council]\nmonths = [3, 6, 9, 12]\n\n"
            '[initiatives.r]\ntitle = "議会報告"\nduration = "0d"\n'
            'not_before = 2027-07-15\ntags = ["議会報告"]\n'
        )
        [problem] = schedule_of(text).problems
        assert problem.code == "council-between-sessions"
        assert problem.args == {"date": "2027-07-15", "next": "2027-09-01"}

    def test_without_a_council_table_there_is_no_such_warning(self) -> None:
        text = HEAD + (
            '[initiatives.r]\ntitle = "議会報告"\nduration = "0d"\n'
            'not_before = 2027-07-15\ntags = ["議会報告"]\n'
        )
        assert not schedule_of(text).problems

    def test_council_report_on_a_session_is_quiet(self) -> None:
        text = HEAD + (
            '[initiatives.r]\ntitle = "議会報告"\nduration = "0d"\n'
            'not_before = 2027-09-01\ntags = ["議会報告"]\n'
        )
        assert not schedule_of(text).problems
