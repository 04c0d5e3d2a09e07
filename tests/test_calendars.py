"""Working-day calendars: the town hall's closed days and date arithmetic over them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.analysis.schedule import schedule_plan
from roadmap.core.calendar.workdays import (
    CalendarRangeError,
    WorkCalendar,
    add_months,
    national_holidays,
)
from roadmap.core.model.durations import parse_duration
from roadmap.core.planfile.loader import parse_plan

D = dt.date


def business(**kwargs: object) -> WorkCalendar:
    return WorkCalendar(first_year=2025, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "day",
    [D(2026, 4, 29), D(2026, 5, 4), D(2026, 5, 5), D(2026, 5, 6)],
    ids=["showa", "midori", "kodomo", "furikae"],
)
def test_golden_week_2026_is_closed(day: dt.date) -> None:
    assert not business().is_working(day)


def test_substitute_holiday_after_golden_week_2026_is_named() -> None:
    assert national_holidays(2026)[D(2026, 5, 6)] == "振替休日"
    assert business().closed_reason(D(2026, 5, 6)) == "振替休日"


def test_golden_week_2026_leaves_only_april_30_and_may_1_working() -> None:
    calendar = business()
    working = [
        day.day
        for day in (D(2026, 4, 29) + dt.timedelta(days=n) for n in range(9))
        if calendar.is_working(day)
    ]
    assert working == [30, 1, 7]


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 12, 29),
        D(2026, 12, 30),
        D(2026, 12, 31),
        D(2027, 1, 1),
        D(2027, 1, 2),
        D(2027, 1, 3),
    ],
)
def test_default_year_end_closure_is_december_29_to_january_3(day: dt.date) -> None:
    assert not business().is_working(day)


def test_work_resumes_on_january_4_after_the_closure() -> None:
    calendar = business()
    assert calendar.is_working(D(2026, 12, 28))
    assert calendar.next_working_day(D(2026, 12, 29)) == D(2027, 1, 4)
    assert calendar.closed_reason(D(2026, 12, 30)) == "年末年始"
    assert calendar.closed_reason(D(2026, 12, 30), "en") == "year-end closure"


def test_town_ordinance_can_set_its_own_closure() -> None:
    calendar = business(year_end_closure=("12-28", "01-04"))
    assert not calendar.is_working(D(2026, 12, 28))
    assert not calendar.is_working(D(2027, 1, 4))
    assert calendar.next_working_day(D(2026, 12, 28)) == D(2027, 1, 5)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2029, 12, 27), True),
        (D(2029, 12, 28), False),  # the first day of the town's closure
        (D(2029, 12, 31), False),  # its last day
        (D(2030, 1, 2), True),  # closed under the default closure, open under this one
        (D(2030, 1, 3), True),
    ],
)
def test_custom_closure_december_28_to_31_closes_both_ends_only(
    day: dt.date, working: bool
) -> None:
    calendar = business(year_end_closure=("12-28", "12-31"))
    assert calendar.is_working(day) is working


def test_custom_closure_from_the_plan_file_moves_work_off_december_28() -> None:
    text = (
        '[plan]\ntitle = "x"\nstart = 2029-12-03\nyear_end_closure = ["12-28", "12-31"]\n'
        '[initiatives.a]\ntitle = "a"\nduration = "1d"\nnot_before = 2029-12-28\n'
    )
    loaded = parse_plan(text)
    assert loaded.plan is not None and loaded.problems == []
    assert schedule_plan(loaded.plan).initiatives["a"].early_start == D(2030, 1, 2)


def test_no_closure_keeps_december_30_working() -> None:
    calendar = business(year_end_closure=None)
    assert calendar.is_working(D(2026, 12, 30))


def test_plan_holidays_close_extra_days() -> None:
    calendar = business(extra_holidays=[D(2026, 8, 14)])
    assert not calendar.is_working(D(2026, 8, 14))
    assert calendar.closed_reason(D(2026, 8, 14)) == "作業不可日"


def test_weekends_are_closed_and_named() -> None:
    calendar = business()
    assert calendar.closed_reason(D(2026, 4, 4)) == "土曜日"
    assert calendar.closed_reason(D(2026, 4, 5)) == "日曜日"
    assert calendar.closed_reason(D(2026, 4, 6)) is None


def test_calendar_calendar_works_every_day() -> None:
    calendar = WorkCalendar(kind="calendar", first_year=2026)
    for day in (D(2026, 5, 3), D(2026, 12, 31), D(2026, 4, 4)):
        assert calendar.is_working(day)


def test_vernal_equinox_day_is_known_in_2099() -> None:
    names = national_holidays(2099).values()
    assert "春分の日" in names
    assert "秋分の日" in names


@pytest.mark.parametrize("year", [2032, 2049, 2099])
def test_citizens_holiday_between_respect_for_aged_day_and_equinox(year: int) -> None:
    september = {day: name for day, name in national_holidays(year).items() if day.month == 9}
    citizens = [day for day, name in september.items() if name == "国民の休日"]
    assert len(citizens) == 1
    day = citizens[0]
    assert september[day - dt.timedelta(days=1)] == "敬老の日"
    assert september[day + dt.timedelta(days=1)] == "秋分の日"


def test_substitute_holiday_follows_a_sunday_holiday_far_ahead() -> None:
    # 2090-02-11 (建国記念の日) is a Saturday; 2091-02-11 is a Sunday
    holidays_2091 = national_holidays(2091)
    assert D(2091, 2, 11).weekday() == 6
    assert holidays_2091[D(2091, 2, 12)] == "振替休日"


def test_calendar_reaches_2099_and_refuses_2100() -> None:
    calendar = WorkCalendar(first_year=2098)
    assert calendar.next_working_day(D(2099, 12, 28)) == D(2099, 12, 28)
    with pytest.raises(CalendarRangeError):
        calendar.index_on_or_after(D(2100, 1, 5))


def test_working_days_counts_both_ends() -> None:
    calendar = business()
    assert calendar.working_days(D(2026, 4, 6), D(2026, 4, 10)) == 5
    assert calendar.working_days(D(2026, 4, 27), D(2026, 5, 8)) == 6  # 27 28 30 1 7 8
    assert calendar.working_days(D(2026, 4, 10), D(2026, 4, 6)) == 0


def test_closed_days_lists_weekday_closures_only() -> None:
    calendar = business()
    assert list(calendar.closed_days(D(2026, 4, 27), D(2026, 5, 8))) == [
        D(2026, 4, 29),
        D(2026, 5, 4),
        D(2026, 5, 5),
        D(2026, 5, 6),
    ]


def test_add_months_clamps_to_the_end_of_a_short_month() -> None:
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 4, 1), -1) == D(2026, 3, 1)


def test_three_months_from_april_first_end_on_june_30() -> None:
    calendar = business()
    start = calendar.index_on_or_after(D(2026, 4, 1))
    end = calendar.end_of(start, parse_duration("3mo"))
    assert calendar.date_at(end - 1) == D(2026, 6, 30)


def test_one_year_from_april_first_ends_before_the_next_april() -> None:
    calendar = business()
    start = calendar.index_on_or_after(D(2026, 4, 1))
    end = calendar.end_of(start, parse_duration("1y"))
    assert calendar.date_at(end - 1) == D(2027, 3, 31)


def test_a_week_is_five_working_days_or_seven_calendar_days() -> None:
    office = business()
    start = office.index_on_or_after(D(2026, 4, 6))
    assert office.date_at(office.end_of(start, parse_duration("1w")) - 1) == D(2026, 4, 10)
    every_day = WorkCalendar(kind="calendar", first_year=2025)
    start = every_day.index_on_or_after(D(2026, 4, 6))
    assert every_day.date_at(every_day.end_of(start, parse_duration("1w")) - 1) == D(2026, 4, 12)


def test_negative_lag_moves_back_over_working_days() -> None:
    calendar = business()
    point = calendar.index_on_or_after(D(2026, 5, 7))
    moved = calendar.shift(point, parse_duration("-2d", allow_negative=True))
    assert calendar.date_at(moved) == D(2026, 4, 30)


@pytest.mark.parametrize("lag", ["1mo", "2mo", "1y", "-1mo"])
def test_shift_back_undoes_a_month_lag(lag: str) -> None:
    calendar = business()
    duration = parse_duration(lag, allow_negative=True)
    for offset in range(0, 300, 7):
        point = calendar.index_on_or_after(D(2027, 1, 1)) + offset
        back = calendar.shift_back(point, duration)
        assert calendar.shift(back, duration) <= point
        assert calendar.shift(back + 1, duration) > point


def test_a_long_negative_month_lag_reaches_back_past_the_calendar() -> None:
    calendar = WorkCalendar(first_year=2025)
    point = calendar.index_on_or_after(D(2026, 4, 1))
    earlier = calendar.shift(point, parse_duration("-3y", allow_negative=True))
    assert earlier < 0
    assert calendar.shift(point, parse_duration("-2y", allow_negative=True)) > earlier


def test_shift_back_of_a_negative_lag_past_2099_never_binds() -> None:
    calendar = WorkCalendar(first_year=2025)
    point = calendar.index_on_or_after(D(2026, 4, 1))
    bound = calendar.shift_back(point, parse_duration("-99y", allow_negative=True))
    assert bound > calendar.index_on_or_after(D(2099, 12, 28))


def test_a_calendar_can_start_in_its_last_year() -> None:
    calendar = WorkCalendar(first_year=2099)
    assert calendar.next_working_day(D(2099, 1, 1)) == D(2099, 1, 5)


_CALENDARS: dict[str, WorkCalendar] = {}


def _calendar(kind: str) -> WorkCalendar:
    if kind not in _CALENDARS:
        _CALENDARS[kind] = WorkCalendar(kind=kind, first_year=2024)  # type: ignore[arg-type]
    return _CALENDARS[kind]


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(["business", "calendar"]),
    lag=st.sampled_from(["1mo", "-1mo", "1y", "-1y", "2mo", "-3mo", "13mo"]),
    day=st.dates(min_value=D(2026, 1, 1), max_value=D(2034, 12, 31)),
)
def test_shift_back_of_a_month_lag_is_the_exact_inverse_of_shift(
    kind: str, lag: str, day: dt.date
) -> None:
    """``shift_back(q)`` is the latest ``p`` with ``shift(p) <= q``: for every ``p``,
    ``shift(p) <= q`` exactly when ``p <= shift_back(q)``."""
    calendar = _calendar(kind)
    duration = parse_duration(lag, allow_negative=True)
    point = calendar.index_on_or_after(day)
    back = calendar.shift_back(point, duration)
    assert calendar.shift(back, duration) <= point
    assert calendar.shift(back + 1, duration) > point
    reached = calendar.shift(point, duration)
    assert calendar.shift_back(reached, duration) >= point
    assert calendar.shift(calendar.shift_back(reached, duration), duration) == reached


def _answers(calendar: WorkCalendar, day: dt.date) -> tuple[object, ...]:
    """What a calendar says about ``day``: its indices both ways and the days at them (or the
    error it raises)."""
    try:
        after, before = calendar.index_on_or_after(day), calendar.index_on_or_before(day)
        return after, before, calendar.date_at(after), calendar.date_at(max(before, 0))
    except CalendarRangeError as error:
        return ("refused", type(error))


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(["business", "calendar"]),
    first_year=st.integers(min_value=2020, max_value=2099),
    days=st.lists(st.dates(min_value=D(2018, 1, 1), max_value=D(2100, 12, 31)), max_size=12),
)
def test_a_calendar_answers_the_same_whatever_it_was_asked_before(
    kind: str, first_year: int, days: list[dt.date]
) -> None:
    """A calendar lays out years as they are asked for and remembers days it has looked up;
    neither may change an answer: each question gets what a fresh calendar says."""
    used = WorkCalendar(kind=kind, first_year=first_year)  # type: ignore[arg-type]
    for day in days:
        fresh = WorkCalendar(kind=kind, first_year=first_year)  # type: ignore[arg-type]
        assert _answers(used, day) == _answers(fresh, day)


def test_a_day_looked_up_twice_is_the_same_answer_and_a_negative_index_is_refused() -> None:
    calendar = business()
    day = calendar.date_at(300)
    assert calendar.date_at(300) == day and calendar.is_working(day)
    assert calendar.index_on_or_after(day) == calendar.index_on_or_before(day) == 300
    with pytest.raises(CalendarRangeError):
        calendar.date_at(-1)
