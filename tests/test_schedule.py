"""Critical path scheduling, checked by hand: textbook networks, lags, and the office calendar.

Plans on the ``calendar`` calendar make the numbers plain day counts; plans on the business
calendar check what a town hall sees across weekends, Golden Week and the year-end closure.
"""

from __future__ import annotations

import datetime as dt

import pytest

from exporters.json_doc import schedule_document
from roadmap.core.analysis.pipeline import analyze
from roadmap.core.analysis.schedule import (
    Schedule,
    ScheduledInitiative,
    replaced_row,
    schedule_plan,
    scheduled_row,
)
from roadmap.core.model.plan import Step
from roadmap.core.planfile.loader import parse_plan

D = dt.date
CALENDAR_HEAD = '[plan]\ntitle = "教科書"\nstart = 2026-04-01\ncalendar = "calendar"\n'


def business_head(start: str = "2026-04-06", extra: str = "") -> str:
    return f'[plan]\ntitle = "テスト町"\nstart = {start}\n{extra}'


def item(name: str, duration: str = "5d", extra: str = "") -> str:
    return f'\n[initiatives.{name}]\ntitle = "{name}"\nduration = "{duration}"\n{extra}'


def schedule_of(text: str) -> Schedule:
    loaded = parse_plan(text)
    assert loaded.plan is not None and loaded.problems == [], loaded.problems
    return schedule_plan(loaded.plan)


def dates(entry: ScheduledInitiative) -> tuple[dt.date, dt.date]:
    return entry.early_start, entry.early_finish


# -- a textbook network ------------------------------------------------------------------------

TEXTBOOK = (
    CALENDAR_HEAD
    + item("a", "3d")
    + item("b", "4d", 'depends_on = ["a"]\n')
    + item("c", "2d", 'depends_on = ["a"]\n')
    + item("d", "5d", 'depends_on = ["b"]\n')
    + item("e", "3d", 'depends_on = ["c"]\n')
    + item("f", "2d", 'depends_on = ["d", "e"]\n')
)

#: day numbers (day 1 = 2026-04-01): ES, EF, LS, LF, total float, free float
TEXTBOOK_TABLE = {
    "a": (1, 3, 1, 3, 0, 0),
    "b": (4, 7, 4, 7, 0, 0),
    "c": (4, 5, 8, 9, 4, 0),
    "d": (8, 12, 8, 12, 0, 0),
    "e": (6, 8, 10, 12, 4, 4),
    "f": (13, 14, 13, 14, 0, 0),
}


class TestTextbookNetwork:
    def day(self, number: int) -> dt.date:
        return D(2026, 4, 1) + dt.timedelta(days=number - 1)

    @pytest.mark.parametrize("name", sorted(TEXTBOOK_TABLE))
    def test_early_and_late_dates_and_floats(self, name: str) -> None:
        es, ef, ls, lf, total, free = TEXTBOOK_TABLE[name]
        entry = schedule_of(TEXTBOOK).initiatives[name]
        assert (entry.early_start, entry.early_finish) == (self.day(es), self.day(ef))
        assert (entry.late_start, entry.late_finish) == (self.day(ls), self.day(lf))
        assert (entry.total_float, entry.free_float) == (total, free)
        assert entry.critical is (total == 0)

    def test_critical_path_runs_a_b_d_f(self) -> None:
        assert schedule_of(TEXTBOOK).critical_path == ["a", "b", "d", "f"]

    def test_project_runs_from_first_start_to_last_finish(self) -> None:
        schedule = schedule_of(TEXTBOOK)
        assert (schedule.start, schedule.finish) == (D(2026, 4, 1), D(2026, 4, 14))

    def test_waves_are_topological_generations(self) -> None:
        assert schedule_of(TEXTBOOK).waves == [["a"], ["b", "c"], ["d", "e"], ["f"]]
        assert schedule_of(TEXTBOOK).initiatives["f"].wave == 4

    def test_driver_names_the_predecessor_that_held_the_start(self) -> None:
        initiatives = schedule_of(TEXTBOOK).initiatives
        assert initiatives["a"].driver == "start"
        assert initiatives["f"].driver == "d"


# -- link types and lags -------------------------------------------------------------------------


def pair(link: str, first: str = "5d", second: str = "2d") -> Schedule:
    return schedule_of(CALENDAR_HEAD + item("a", first) + item("b", second, link))


def test_finish_to_start_successor_starts_the_next_day() -> None:
    entry = pair('depends_on = ["a"]\n').initiatives["b"]
    assert dates(entry) == (D(2026, 4, 6), D(2026, 4, 7))


def test_finish_to_start_with_lag_waits_the_lag() -> None:
    entry = pair('depends_on = [{ id = "a", lag = "3d" }]\n').initiatives["b"]
    assert entry.early_start == D(2026, 4, 9)


def test_negative_lag_lets_the_successor_overlap() -> None:
    entry = pair('depends_on = [{ id = "a", lag = "-2d" }]\n').initiatives["b"]
    assert entry.early_start == D(2026, 4, 4)


def test_start_to_start_with_lag() -> None:
    entry = pair('depends_on = [{ id = "a", type = "SS", lag = "2d" }]\n').initiatives["b"]
    assert dates(entry) == (D(2026, 4, 3), D(2026, 4, 4))


def test_finish_to_finish_pushes_a_short_successor_to_finish_together() -> None:
    entry = pair('depends_on = [{ id = "a", type = "FF" }]\n', "10d", "2d").initiatives["b"]
    assert dates(entry) == (D(2026, 4, 9), D(2026, 4, 10))
    assert entry.driver == "a"


def test_finish_to_finish_with_lag_finishes_after_the_lag() -> None:
    entry = pair('depends_on = [{ id = "a", type = "FF", lag = "1d" }]\n', "10d").initiatives["b"]
    assert entry.early_finish == D(2026, 4, 11)


def test_finish_to_finish_with_negative_lag_may_finish_first() -> None:
    link = 'depends_on = [{ id = "a", type = "FF", lag = "-3d" }]\n'
    entry = pair(link, "10d", "2d").initiatives["b"]
    assert entry.early_finish == D(2026, 4, 7)


def test_a_negative_lag_never_starts_work_before_the_plan() -> None:
    link = 'depends_on = [{ id = "a", type = "SS", lag = "-1w" }]\n'
    assert pair(link).initiatives["b"].early_start == D(2026, 4, 1)


def test_start_to_start_and_finish_to_finish_on_one_pair_both_hold() -> None:
    link = 'depends_on = [{ id = "a", type = "SS", lag = "1d" }, { id = "a", type = "FF", lag = "2d" }]\n'
    entry = pair(link, "5d", "2d").initiatives["b"]
    assert entry.early_start >= D(2026, 4, 2)
    assert entry.early_finish == D(2026, 4, 7)


# -- the business calendar -----------------------------------------------------------------------


def test_friday_finish_with_two_day_lag_is_followed_on_wednesday() -> None:
    text = (
        business_head()
        + item("a", "5d")
        + item("b", "1d", 'depends_on = [{ id = "a", lag = "2d" }]\n')
    )
    schedule = schedule_of(text)
    assert schedule.initiatives["a"].early_finish == D(2026, 4, 10)  # Friday
    assert schedule.initiatives["b"].early_start == D(2026, 4, 15)  # Wednesday


def test_holidays_inside_a_lag_are_skipped() -> None:
    # a finishes Thursday 2026-04-30; the two lag days are 05-01 and 05-07
    text = (
        business_head("2026-04-27")
        + item("a", "3d")
        + item("b", "1d", 'depends_on = [{ id = "a", lag = "2d" }]\n')
    )
    schedule = schedule_of(text)
    assert schedule.initiatives["a"].early_finish == D(2026, 4, 30)
    assert schedule.initiatives["b"].early_start == D(2026, 5, 8)


def test_golden_week_2026_pushes_a_finish_to_may_8() -> None:
    text = business_head("2026-04-28") + item("a", "5d")
    assert dates(schedule_of(text).initiatives["a"]) == (D(2026, 4, 28), D(2026, 5, 8))


def test_work_starting_on_the_substitute_holiday_starts_on_may_7() -> None:
    text = business_head() + item("a", "1d", "not_before = 2026-05-06\n")
    assert schedule_of(text).initiatives["a"].early_start == D(2026, 5, 7)


def test_year_end_closure_pushes_finish_into_january() -> None:
    text = business_head("2026-12-24") + item("a", "5d")
    assert dates(schedule_of(text).initiatives["a"]) == (D(2026, 12, 24), D(2027, 1, 5))


def test_town_closure_and_plan_holidays_move_work() -> None:
    extra = 'year_end_closure = ["12-28", "01-04"]\nholidays = [2027-01-05]\n'
    text = business_head("2026-12-24", extra) + item("a", "3d")
    assert dates(schedule_of(text).initiatives["a"]) == (D(2026, 12, 24), D(2027, 1, 6))


def test_plan_starting_on_a_holiday_starts_on_the_next_working_day() -> None:
    text = business_head("2026-05-03") + item("a", "1d")
    assert schedule_of(text).initiatives["a"].early_start == D(2026, 5, 7)


def test_weeks_are_five_working_days() -> None:
    text = business_head() + item("a", "2w")
    assert dates(schedule_of(text).initiatives["a"]) == (D(2026, 4, 6), D(2026, 4, 17))


def test_three_months_from_april_first_finish_on_june_30() -> None:
    text = business_head("2026-04-01") + item("a", "3mo")
    assert dates(schedule_of(text).initiatives["a"]) == (D(2026, 4, 1), D(2026, 6, 30))


def test_a_month_ending_on_a_weekend_finishes_the_friday_before() -> None:
    text = business_head("2026-04-06") + item("a", "3mo")  # 07-05 is a Sunday
    assert schedule_of(text).initiatives["a"].early_finish == D(2026, 7, 3)


def test_one_year_on_the_calendar_calendar_is_a_calendar_year() -> None:
    text = CALENDAR_HEAD + item("a", "1y")
    assert schedule_of(text).initiatives["a"].early_finish == D(2027, 3, 31)


# -- milestones ---------------------------------------------------------------------------------


def test_milestone_falls_on_the_day_its_predecessors_finish() -> None:
    text = business_head() + item("a", "5d") + item("m", "0d", 'depends_on = ["a"]\n')
    schedule = schedule_of(text)
    entry = schedule.initiatives["m"]
    assert entry.milestone
    assert dates(entry) == (D(2026, 4, 10), D(2026, 4, 10))
    assert entry.critical
    assert schedule.finish == D(2026, 4, 10)


def test_milestone_before_the_weekend_and_its_successor_on_monday() -> None:
    text = (
        business_head()
        + item("a", "5d")
        + item("m", "0d", 'depends_on = ["a"]\n')
        + item("b", "1d", 'depends_on = ["m"]\n')
    )
    schedule = schedule_of(text)
    assert schedule.initiatives["m"].early_start == D(2026, 4, 10)
    assert schedule.initiatives["b"].early_start == D(2026, 4, 13)


def test_milestone_without_predecessors_falls_on_the_plan_start() -> None:
    text = business_head() + item("kickoff", "0d") + item("a", "1d")
    assert dates(schedule_of(text).initiatives["kickoff"]) == (D(2026, 4, 6), D(2026, 4, 6))


def test_milestone_held_by_not_before_falls_on_that_day() -> None:
    text = business_head() + item("m", "0d", "not_before = 2026-06-01\n")
    assert schedule_of(text).initiatives["m"].early_start == D(2026, 6, 1)


# -- constraints and progress ---------------------------------------------------------------------


def test_not_before_on_a_weekend_starts_on_monday() -> None:
    text = business_head() + item("a", "1d", "not_before = 2026-06-06\n")
    entry = schedule_of(text).initiatives["a"]
    assert entry.early_start == D(2026, 6, 8)
    assert entry.driver == "not_before"


def test_missed_deadline_gives_negative_float_and_critical() -> None:
    text = business_head() + item("a", "10d", "deadline = 2026-04-15\n") + item("b", "20d")
    entry = schedule_of(text).initiatives["a"]
    assert entry.early_finish == D(2026, 4, 17)
    assert entry.total_float == -2
    assert entry.late_by == 2
    assert entry.critical


def test_deadline_met_with_room_shows_the_room_as_float() -> None:
    text = business_head() + item("a", "5d", "deadline = 2026-04-17\n") + item("b", "20d")
    entry = schedule_of(text).initiatives["a"]
    assert entry.total_float == 5
    assert entry.late_by == 0
    assert entry.late_finish == D(2026, 4, 17)


#: (duration, deadline, working days late): work from Monday 2026-04-06 on the business calendar.
DEADLINE_BOUNDARIES = [
    ("5d", "2026-04-10", 0),  # finishes Friday 04-10, exactly on its deadline
    ("5d", "2026-04-09", 1),  # one working day late
    ("5d", "2026-04-11", 0),  # a Saturday deadline is met by the Friday finish
    ("6d", "2026-04-11", 1),  # Monday 04-13 misses a Saturday deadline by one working day
    ("6d", "2026-04-10", 1),  # ... and a Friday one by one working day, not three days
    ("0d", "2026-04-06", 0),  # a milestone on its deadline
]


@pytest.mark.parametrize(("duration", "deadline", "late_by"), DEADLINE_BOUNDARIES)
def test_a_deadline_missed_by_one_working_day_warns_and_one_met_exactly_does_not(
    duration: str, deadline: str, late_by: int
) -> None:
    text = business_head() + item("a", duration, f"deadline = {deadline}\n")
    schedule = schedule_of(text)
    entry = schedule.initiatives["a"]
    assert entry.late_by == late_by
    warned = [(p.code, p.args["late_by"]) for p in schedule.problems]
    assert warned == ([("deadline-missed", late_by)] if late_by else [])
    assert entry.critical
    assert (entry.total_float < 0) is (late_by > 0)


@pytest.mark.parametrize(
    ("deadline", "warned"),
    [("2026-04-10", False), ("2026-04-11", False), ("2026-04-09", True)],
)
def test_a_plan_finishing_exactly_on_its_deadline_is_not_late(deadline: str, warned: bool) -> None:
    text = business_head(extra=f"deadline = {deadline}\n") + item("a", "5d")
    schedule = schedule_of(text)
    assert schedule.finish == D(2026, 4, 10)
    codes = [problem.code for problem in schedule.problems]
    assert codes == (["plan-deadline-missed"] if warned else [])


def test_a_long_chain_missing_an_early_deadline_still_schedules() -> None:
    # the late start falls years before the plan: the calendar must reach back for it
    text = business_head("2026-04-01") + item("a", "3y", "deadline = 2026-05-01\n")
    schedule = schedule_of(text)
    assert schedule.problems and {p.code for p in schedule.problems} == {"deadline-missed"}
    entry = schedule.initiatives["a"]
    assert entry.early_finish == D(2029, 3, 30)
    assert entry.late_finish == D(2026, 5, 1)
    assert entry.late_start.year == 2023
    assert entry.total_float < -700


def test_work_running_past_2099_is_reported_not_raised() -> None:
    text = business_head("2026-04-01") + item("a", "80y")
    schedule = schedule_of(text)
    assert [problem.code for problem in schedule.problems] == ["out-of-range"]


STATUS_HEAD = business_head("2026-04-01", "status_date = 2026-06-01\n")


def test_done_work_is_fixed_at_its_actual_dates_and_never_critical() -> None:
    text = STATUS_HEAD + item(
        "a", "5d", 'status = "done"\nactual_start = 2026-04-01\nactual_finish = 2026-04-20\n'
    )
    entry = schedule_of(text).initiatives["a"]
    assert dates(entry) == (D(2026, 4, 1), D(2026, 4, 20))
    assert (entry.late_start, entry.late_finish) == (D(2026, 4, 1), D(2026, 4, 20))
    assert not entry.critical
    assert entry.total_float == 0
    assert entry.driver == "actual"


def test_done_work_finishing_late_is_not_a_missed_deadline_warning() -> None:
    text = STATUS_HEAD + item(
        "a",
        "5d",
        'status = "done"\nactual_start = 2026-04-01\nactual_finish = 2026-04-30\n'
        "deadline = 2026-04-10\n",
    )
    schedule = schedule_of(text)
    assert schedule.problems == []
    assert schedule.initiatives["a"].late_by == 13


def test_work_in_progress_keeps_its_start_and_schedules_the_remaining_share() -> None:
    text = STATUS_HEAD + item(
        "a", "20d", 'status = "in_progress"\nprogress = 50\nactual_start = 2026-05-11\n'
    )
    entry = schedule_of(text).initiatives["a"]
    # 10 working days remain from the status date (Monday 06-01): 06-01 .. 06-12
    assert dates(entry) == (D(2026, 5, 11), D(2026, 6, 12))
    assert entry.driver == "actual"


def test_work_in_progress_that_is_all_but_done_finishes_by_the_status_date() -> None:
    text = STATUS_HEAD + item(
        "a", "40d", 'status = "in_progress"\nprogress = 100\nactual_start = 2026-05-11\n'
    )
    entry = schedule_of(text).initiatives["a"]
    assert entry.early_finish <= D(2026, 6, 1)


def test_planned_work_does_not_start_before_the_status_date() -> None:
    text = STATUS_HEAD + item("a", "5d")
    entry = schedule_of(text).initiatives["a"]
    assert dates(entry) == (D(2026, 6, 1), D(2026, 6, 5))
    assert entry.driver == "status_date"


def test_successor_of_done_work_starts_from_the_status_date() -> None:
    text = (
        STATUS_HEAD
        + item(
            "a", "5d", 'status = "done"\nactual_start = 2026-04-01\nactual_finish = 2026-04-07\n'
        )
        + item("b", "2d", 'depends_on = ["a"]\n')
    )
    assert schedule_of(text).initiatives["b"].early_start == D(2026, 6, 1)


def test_successor_follows_done_work_the_next_working_day_without_a_status_date() -> None:
    text = (
        business_head("2026-04-01")
        + item(
            "a", "5d", 'status = "done"\nactual_start = 2026-04-01\nactual_finish = 2026-04-28\n'
        )
        + item("b", "2d", 'depends_on = ["a"]\n')
    )
    assert schedule_of(text).initiatives["b"].early_start == D(2026, 4, 30)


def test_cancelled_initiatives_are_not_scheduled_and_their_links_ignored() -> None:
    text = (
        business_head()
        + item("a", "20d", 'status = "cancelled"\n')
        + item("b", "2d", 'depends_on = ["a"]\n')
    )
    schedule = schedule_of(text)
    assert "a" not in schedule.initiatives
    assert schedule.initiatives["b"].early_start == D(2026, 4, 6)


# -- waves, steps and the JSON document ----------------------------------------------------------

STEPPED = (
    business_head()
    + item("policy", "1w")
    + item("fitgap", "2w", 'step = "standardize"\ndepends_on = ["policy"]\n')
    + item("cloud", "3w", 'step = "gov-cloud"\ndepends_on = ["fitgap"]\n')
    + item("chatbot", "1w", 'step = "adopt-cases"\ndepends_on = ["policy"]\n')
    + item("portal", "1w", 'step = "resident-services"\ndepends_on = ["cloud", "chatbot"]\n')
)


def test_initiatives_in_one_wave_do_not_depend_on_each_other() -> None:
    schedule = schedule_of(STEPPED)
    assert schedule.waves == [["policy"], ["fitgap", "chatbot"], ["cloud"], ["portal"]]
    assert {item.id: item.wave for item in schedule.initiatives.values()} == {
        "policy": 1,
        "fitgap": 2,
        "chatbot": 2,
        "cloud": 3,
        "portal": 4,
    }


def test_step_windows_are_listed_in_step_order_with_common_work_last() -> None:
    windows = schedule_of(STEPPED).steps
    assert [window.step for window in windows] == [
        Step.STANDARDIZE,
        Step.GOV_CLOUD,
        Step.ADOPT_CASES,
        Step.MEASURE,
        Step.RESIDENT_SERVICES,
        None,
    ]
    by_step = {window.step: window for window in windows}
    assert (by_step[Step.STANDARDIZE].start, by_step[Step.STANDARDIZE].finish) == (
        D(2026, 4, 13),
        D(2026, 4, 24),
    )
    assert by_step[Step.MEASURE].count == 0
    assert by_step[Step.MEASURE].start is None
    assert by_step[None].count == 1


def test_initiatives_keep_file_order() -> None:
    assert list(schedule_of(STEPPED).initiatives) == [
        "policy",
        "fitgap",
        "cloud",
        "chatbot",
        "portal",
    ]


def test_json_document_has_the_documented_keys() -> None:
    document = schedule_document(analyze(parse_plan(STEPPED, file="plan.toml")))
    assert {"plan", "critical_path", "initiatives", "steps", "problems"} <= set(document)
    assert {"title", "start", "finish", "calendar"} <= set(document["plan"])
    assert document["plan"]["start"] == "2026-04-06"
    assert document["critical_path"] == ["policy", "fitgap", "cloud", "portal"]
    first = document["initiatives"][0]
    assert {
        "id",
        "title",
        "step",
        "wave",
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "total_float",
        "free_float",
        "critical",
        "milestone",
        "deadline",
        "late_by",
    } <= set(first)
    assert first["id"] == "policy" and first["step"] is None
    assert [window["step"] for window in document["steps"]][:2] == ["standardize", "gov-cloud"]
    assert document["problems"] == []


def test_same_plan_gives_the_same_document() -> None:
    first = schedule_document(analyze(parse_plan(STEPPED)))
    second = schedule_document(analyze(parse_plan(STEPPED)))
    assert first == second


def test_work_in_progress_without_an_actual_start_schedules_its_remaining_share() -> None:
    text = STATUS_HEAD + item("a", "20d", 'status = "in_progress"\nprogress = 75\n')
    entry = schedule_of(text).initiatives["a"]
    # 5 working days remain, from the status date (Monday 06-01)
    assert dates(entry) == (D(2026, 6, 1), D(2026, 6, 5))


def test_work_in_progress_held_by_a_finish_to_finish_link_keeps_its_actual_start() -> None:
    text = (
        STATUS_HEAD
        + item("a", "30d")
        + item(
            "b",
            "10d",
            'status = "in_progress"\nprogress = 50\nactual_start = 2026-05-11\n'
            'depends_on = [{ id = "a", type = "FF" }]\n',
        )
    )
    schedule = schedule_of(text)
    a, b = schedule.initiatives["a"], schedule.initiatives["b"]
    assert b.early_start == D(2026, 5, 11)
    assert b.early_finish == a.early_finish


def test_every_scheduled_row_has_each_field_of_its_class_and_compares_as_one() -> None:
    """Rows are made without the dataclass's ``__init__`` (for speed): each must still hold
    exactly the class's fields, and equal, copy and print like one made the ordinary way."""
    import copy
    import dataclasses
    import pickle

    schedule = schedule_of(
        CALENDAR_HEAD + item("a") + item("b", "0d", 'depends_on = ["a"]\ndeadline = 2026-04-02')
    )
    names = [field.name for field in dataclasses.fields(ScheduledInitiative)]
    for row in schedule.initiatives.values():
        assert type(row) is ScheduledInitiative
        assert not hasattr(row, "__dict__")  # slotted: every field is a slot, all filled
        made = ScheduledInitiative(**{name: getattr(row, name) for name in names})
        assert made == row and repr(made) == repr(row) and hash(made) == hash(row)
        assert dataclasses.replace(row) == row
        assert copy.copy(row) == row and pickle.loads(pickle.dumps(row)) == row
        assert replaced_row(row, wave=7, ls=-3) == dataclasses.replace(row, wave=7, ls=-3)
        assert scheduled_row(*dataclasses.astuple(row)) == row
        with pytest.raises(dataclasses.FrozenInstanceError):
            row.wave = 9  # type: ignore[misc]
