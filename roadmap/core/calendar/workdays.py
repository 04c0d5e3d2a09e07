"""Working-day calendars: which days the town hall works, and date arithmetic over them.

The business calendar closes Saturdays, Sundays, Japanese national holidays (with 振替休日 and
国民の休日, from the ``holidays`` package, right through 2099), the municipal year-end closure
(December 29 - January 3 unless the town's 条例 says otherwise) and the plan's own extra
holidays. The calendar calendar works every day.

Scheduling runs on *working-day indices*: index ``i`` is the ``i``-th working day counted from
January 1 of the calendar's first year, and a time point ``t`` means "the start of working day
``t``". A task that occupies working days ``s .. e-1`` is the half-open interval ``[s, e)``;
its first day is ``date_at(s)`` and its last is ``date_at(e - 1)``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Literal

from roadmap.core.calendar import jp_holiday_dates
from roadmap.core.calendar.jp_holiday_dates import holiday_days as _table_holiday_days
from roadmap.core.calendar.months import CalendarRangeError, add_months
from roadmap.core.i18n import as_lang, text
from roadmap.core.model.durations import Duration

__all__ = ["LAST_YEAR", "CalendarRangeError", "WorkCalendar", "add_months", "national_holidays"]

#: The last year whose national holidays are known; schedules may not run past it.
LAST_YEAR = 2099
_FIRST_YEAR = 1950

CalendarKind = Literal["business", "calendar"]

#: A time point later than any the calendar holds (a bound that never binds).
_UNBOUNDED = 1 << 40


@lru_cache(maxsize=256)
def national_holidays(year: int, lang: str = "ja") -> dict[dt.date, str]:
    """Japanese national holidays of ``year`` with their names (振替休日, 国民の休日 included)."""
    if not jp_holiday_dates.FIRST_YEAR <= year <= jp_holiday_dates.LAST_YEAR:
        return {}  # outside the package's range: older releases raise, newer give nothing
    import holidays as _holidays  # only for names: importing it loads every country

    table = _holidays.country_holidays("JP", years=year, language="ja" if lang == "ja" else "en_US")
    return {day: name for day, name in sorted(table.items())}


@lru_cache(maxsize=256)
def _holiday_days(year: int) -> frozenset[dt.date]:
    """The days of :func:`national_holidays` in ``year``, without localising any name: the
    working-day test only asks whether a day is a holiday, never what it is called."""
    return _table_holiday_days(year)  # the same days, without importing ``holidays``


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


class WorkCalendar:
    """A calendar of working days with index arithmetic.

    Parameters
    ----------
    kind : "business" or "calendar"
        Business days (the default for plans) or every day.
    extra_holidays : iterable of date
        The plan's own closed days (``[plan] holidays``).
    year_end_closure : (str, str) or None
        ``("12-29", "01-03")`` by default: first and last closed ``MM-DD``, inclusive; it may
        wrap around the new year. ``None`` means no closure.
    first_year : int
        The earliest year dates may fall in. Later years are added as they are needed.

    Examples
    --------
    >>> cal = WorkCalendar(first_year=2026)
    >>> cal.is_working(dt.date(2026, 5, 6))   # 振替休日 after Golden Week
    False
    >>> cal.next_working_day(dt.date(2026, 12, 29))
    datetime.date(2027, 1, 4)
    """

    def __init__(
        self,
        kind: CalendarKind = "business",
        extra_holidays: Iterable[dt.date] = (),
        year_end_closure: tuple[str, str] | None = ("12-29", "01-03"),
        first_year: int = 2000,
    ) -> None:
        if not _FIRST_YEAR <= first_year <= LAST_YEAR:
            raise CalendarRangeError(f"{first_year} is outside {_FIRST_YEAR}-{LAST_YEAR}")
        self.kind: CalendarKind = kind
        self.extra_holidays = frozenset(extra_holidays)
        self.year_end_closure = year_end_closure
        self.first_year = first_year
        self._closure = (
            (_month_day(year_end_closure[0]), _month_day(year_end_closure[1]))
            if year_end_closure and kind == "business"
            else None
        )
        self._ordinals: list[int] = []
        #: The day of each index asked for so far: a schedule asks for the same few thousand
        #: days hundreds of thousands of times (one date object each, not one per question).
        self._days: dict[int, dt.date] = {}
        #: Ordinals from here to ``_checked_last`` need no :meth:`_ensure_ordinal` (their year
        #: and the next are laid out).
        self._checked_first = dt.date(first_year, 1, 1).toordinal()
        self._checked_last = self._checked_first - 1
        self._last_year = first_year - 1
        self._extend_to(min(first_year + 1, LAST_YEAR))

    # -- building ---------------------------------------------------------------------------

    def _extend_to(self, year: int) -> None:
        if year > LAST_YEAR:
            raise CalendarRangeError(f"the calendar ends in {LAST_YEAR}")
        for next_year in range(self._last_year + 1, year + 1):
            day = dt.date(next_year, 1, 1)
            end = dt.date(next_year, 12, 31).toordinal()
            ordinal = day.toordinal()
            while ordinal <= end:
                if self._is_working_ordinal(ordinal):
                    self._ordinals.append(ordinal)
                ordinal += 1
            self._last_year = next_year
        if self._last_year > self.first_year:
            self._checked_last = dt.date(self._last_year - 1, 12, 31).toordinal()

    def _is_working_ordinal(self, ordinal: int) -> bool:
        if self.kind == "calendar":
            return True
        day = dt.date.fromordinal(ordinal)
        return not self._is_closed(day)

    def _is_closed(self, day: dt.date) -> bool:
        """Whether the office is closed on ``day`` (the test of :meth:`closed_reason`, no
        names built)."""
        if self.kind == "calendar":
            return False
        if day.weekday() >= 5:
            return True
        if day.year <= LAST_YEAR and day in _holiday_days(day.year):
            return True
        return self._in_closure(day) or day in self.extra_holidays

    def _in_closure(self, day: dt.date) -> bool:
        if self._closure is None:
            return False
        start, end = self._closure
        key = (day.month, day.day)
        return (start <= key or key <= end) if start > end else (start <= key <= end)

    def closed_reason(self, day: dt.date, lang: str = "ja") -> str | None:
        """Why the office is closed on ``day`` (a holiday's name, 土日, 年末年始), or ``None``."""
        if self.kind == "calendar":
            return None
        shown = as_lang(lang)
        if day.weekday() >= 5:
            weekend = "calendar.closed.saturday" if day.weekday() == 5 else "calendar.closed.sunday"
            return text(weekend, shown)
        holiday = national_holidays(day.year, lang).get(day) if day.year <= LAST_YEAR else None
        if holiday:
            return holiday
        if self._in_closure(day):
            return text("calendar.closed.year_end", shown)
        if day in self.extra_holidays:
            return text("calendar.closed.local", shown)
        return None

    def _ensure_ordinal(self, ordinal: int) -> None:
        year = dt.date.fromordinal(max(1, min(ordinal, dt.date.max.toordinal()))).year
        if year < self.first_year:
            raise CalendarRangeError(f"{year} is before the calendar's first year")
        if year + 1 > self._last_year:
            self._extend_to(min(year + 1, LAST_YEAR))
            if year > LAST_YEAR:
                raise CalendarRangeError(f"the calendar ends in {LAST_YEAR}")

    def _ensure_index(self, index: int) -> None:
        if index < 0:
            raise CalendarRangeError("index before the calendar's first day")
        while index >= len(self._ordinals):
            self._extend_to(self._last_year + 1)

    # -- queries ----------------------------------------------------------------------------

    def is_working(self, day: dt.date) -> bool:
        return not self._is_closed(day)

    def index_on_or_after(self, day: dt.date) -> int:
        """The index of ``day``, or of the next working day when ``day`` is closed."""
        ordinal = day.toordinal()
        if not self._checked_first <= ordinal <= self._checked_last:
            self._ensure_ordinal(ordinal)
        return bisect.bisect_left(self._ordinals, ordinal)

    def index_on_or_before(self, day: dt.date) -> int:
        """The index of ``day``, or of the previous working day when ``day`` is closed."""
        ordinal = day.toordinal()
        if not self._checked_first <= ordinal <= self._checked_last:
            self._ensure_ordinal(ordinal)
        return bisect.bisect_right(self._ordinals, ordinal) - 1

    def _point_on_or_after(self, day: dt.date) -> int:
        """:meth:`index_on_or_after`, except that a day before the calendar's first year gives
        a negative point (minus the calendar days in between): a long negative lag then simply
        reaches back past the plan start instead of failing."""
        if day.year < self.first_year:
            return day.toordinal() - dt.date(self.first_year, 1, 1).toordinal()
        return self.index_on_or_after(day)

    def date_at(self, index: int) -> dt.date:
        """The working day with index ``index``."""
        day = self._days.get(index)
        if day is None:
            self._ensure_index(index)
            day = self._days[index] = dt.date.fromordinal(self._ordinals[index])
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the next working day."""
        return self.date_at(self.index_on_or_after(day))

    def working_days(self, first: dt.date, last: dt.date) -> int:
        """How many working days lie in ``first .. last``, both included."""
        if last < first:
            return 0
        return self.index_on_or_before(last) - self.index_on_or_after(first) + 1

    def closed_days(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """Closed weekdays (holidays, closure, local holidays) in ``first .. last``."""
        day = first
        while day <= last:
            if day.weekday() < 5 and not self.is_working(day):
                yield day
            day += dt.timedelta(days=1)

    # -- durations and lags -----------------------------------------------------------------

    def end_of(self, start: int, duration: Duration) -> int:
        """The exclusive end index of work of ``duration`` starting at index ``start``.

        ``d`` and ``w`` count working days on the business calendar (``w`` = 5) and calendar
        days on the calendar calendar (``w`` = 7); ``mo`` and ``y`` end on the last working day
        before the same day of the month ``N`` months later. A zero duration ends where it
        starts (a milestone).
        """
        count = duration.count
        if count <= 0:
            return start
        if duration.unit == "d":
            return start + count
        if duration.unit == "w":
            return start + count * (7 if self.kind == "calendar" else 5)
        months = count * (12 if duration.unit == "y" else 1)
        last_day = add_months(self.date_at(start), months) - dt.timedelta(days=1)
        return max(start + 1, self.index_on_or_before(last_day) + 1)

    def shift(self, point: int, lag: Duration) -> int:
        """Time point ``point`` moved by ``lag`` (which may be negative)."""
        count = lag.count
        if count == 0:
            return point
        if lag.unit == "d":
            return point + count
        if lag.unit == "w":
            return point + count * (7 if self.kind == "calendar" else 5)
        months = count * (12 if lag.unit == "y" else 1)
        return self._point_on_or_after(add_months(self.date_at(max(point, 0)), months))

    def shift_back(self, point: int, lag: Duration) -> int:
        """The latest time point ``p`` with ``shift(p, lag) <= point``: the exact inverse of
        :meth:`shift` for the backward pass (month lags snap to working days, so subtracting
        the months is not enough)."""
        count = lag.count
        if count == 0 or lag.unit in ("d", "w"):
            return self.shift(point, Duration(-count, lag.unit))
        months = count * (12 if lag.unit == "y" else 1)
        target = add_months(self.date_at(max(point, 0)), -months)
        if target.year > LAST_YEAR:  # a long negative lag: no bound inside the calendar
            return _UNBOUNDED
        guess = self._point_on_or_after(target)
        while self.shift(guess + 1, lag) <= point:
            guess += 1
        while guess > 0 and self.shift(guess, lag) > point:
            guess -= 1
        return guess
