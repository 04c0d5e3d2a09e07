"""Blackout windows (作業不可期間) and the 年末年始 closure: cut-overs warned about or moved,
and closures that would stretch a 3-day task over a year refused."""

from __future__ import annotations

import datetime as dt

from roadmap.core.analysis.schedule import Schedule, schedule_plan
from roadmap.core.planfile.loader import parse_plan

D = dt.date

HEAD = """
[plan]
title = "作業不可期間"
start = 2027-01-12
status_date = 2027-01-12

[[blackouts]]
name = "確定申告"
start = "02-16"
end = "03-15"
"""


def schedule_of(text: str) -> Schedule:
    loaded = parse_plan(text)
    assert loaded.plan is not None and not loaded.problems, loaded.problems
    return schedule_plan(loaded.plan)


CUTOVER = """
[initiatives.build]
title = "移行準備"
duration = "5w"

[initiatives.cutover]
title = "住民税システム切替"
duration = "2d"
kind = "cutover"
depends_on = ["build"]
"""


def test_a_cutover_inside_the_window_is_a_warning() -> None:
    schedule = schedule_of(HEAD + CUTOVER)
    # build: Tue 01-12 .. 25 working days -> Tue 02-16; the cut-over would run 02-17 .. 02-18
    item = schedule.initiatives["cutover"]
    assert (item.early_start, item.early_finish) == (D(2027, 2, 17), D(2027, 2, 18))
    [problem] = [p for p in schedule.problems if p.code == "blackout-cutover"]
    assert problem.initiative == "cutover"
    assert problem.message("en") == (
        "The cut-over (2027-02-17 to 2027-02-18) falls in the blackout "
        "'確定申告' (2027-02-16 to 2027-03-15)"
    )


def test_avoid_moves_the_cutover_to_the_first_working_day_after() -> None:
    text = HEAD.replace('end = "03-15"', 'end = "03-15"\navoid = true') + CUTOVER
    schedule = schedule_of(text)
    item = schedule.initiatives["cutover"]
    # 2027-03-15 is a Monday: the first working day after is Tue 03-16
    assert (item.early_start, item.early_finish, item.driver) == (
        D(2027, 3, 16),
        D(2027, 3, 17),
        "blackout",
    )
    assert not [p for p in schedule.problems if p.code == "blackout-cutover"]


def test_a_cutover_ending_inside_the_window_is_also_moved() -> None:
    text = (
        HEAD.replace('end = "03-15"', 'end = "03-15"\navoid = true')
        + """
[initiatives.cutover]
title = "切替"
duration = "5d"
tags = ["cutover"]
not_before = 2027-02-12
"""
    )
    item = schedule_of(text).initiatives["cutover"]
    assert (item.early_start, item.driver) == (D(2027, 3, 16), "blackout")


def test_work_that_is_not_a_cutover_ignores_windows() -> None:
    text = HEAD + '[initiatives.a]\ntitle = "a"\nduration = "2d"\nnot_before = 2027-02-17\n'
    schedule = schedule_of(text)
    assert schedule.initiatives["a"].early_start == D(2027, 2, 17)
    assert not schedule.problems


def test_dated_windows_and_windows_over_the_new_year() -> None:
    text = """
[plan]
title = "t"
start = 2027-04-01
year_end_closure = ["12-29", "01-03"]

[[blackouts]]
name = "統一地方選挙"
start = 2027-04-13
end = 2027-04-25
avoid = true

[[blackouts]]
name = "年末"
start = "12-20"
end = "01-10"
avoid = true

[initiatives.a]
title = "切替 A"
duration = "0d"
kind = "cutover"
not_before = 2027-04-20

[initiatives.b]
title = "切替 B"
duration = "0d"
kind = "cutover"
not_before = 2027-12-24
"""
    schedule = schedule_of(text)
    assert schedule.initiatives["a"].early_start == D(2027, 4, 26)  # Monday after the window
    assert schedule.initiatives["b"].early_start == D(2028, 1, 11)  # Tue after 01-10 (成人の日)


def test_reversed_year_end_closure_is_an_error_with_a_hint() -> None:
    loaded = parse_plan(
        '[plan]\ntitle = "t"\nstart = 2027-04-01\nyear_end_closure = ["01-03", "12-29"]\n'
    )
    [problem] = loaded.problems
    assert (problem.code, problem.line) == ("year-end-closure-reversed", 4)
    assert (
        problem.hint("en") == 'Write the December day first: year_end_closure = ["12-29", "01-03"]'
    )


def test_year_end_closure_longer_than_two_weeks_is_an_error() -> None:
    loaded = parse_plan(
        '[plan]\ntitle = "t"\nstart = 2027-04-01\nyear_end_closure = ["12-15", "01-03"]\n'
    )
    [problem] = loaded.problems
    assert problem.code == "year-end-closure-too-long"
    assert problem.args["days"] == 20


def test_fourteen_days_is_accepted() -> None:
    loaded = parse_plan(
        '[plan]\ntitle = "t"\nstart = 2027-04-01\nyear_end_closure = ["12-22", "01-04"]\n'
    )
    assert not loaded.problems


def test_bad_windows_are_errors() -> None:
    text = """
[plan]
title = "t"
start = 2027-04-01

[[blackouts]]
name = "a"
start = 2027-05-01
end = "06-01"

[[blackouts]]
name = "b"
start = 2027-05-01
end = 2027-04-30

[[blackouts]]
name = "c"
start = "02-30"
end = "03-01"
"""
    loaded = parse_plan(text)
    assert [(p.code, p.line) for p in loaded.problems] == [
        ("blackout-mixed", 6),
        ("blackout-reversed", 11),
        ("blackout-month-day", 16),
    ]


def test_a_closure_of_the_whole_year_is_refused() -> None:
    loaded = parse_plan(
        '[plan]\ntitle = "x"\nstart = 2026-04-01\nyear_end_closure = ["01-01", "12-31"]\n'
    )
    assert [p.code for p in loaded.problems] == ["year-end-closure-reversed"]
