"""Calendar months and ISO dates: the one home of month arithmetic.

Reports bucket by month, charts draw month columns, leveling slips work by whole months and
quarters start on a month: all of them move through the calendar with these few functions.

>>> month_start(dt.date(2026, 5, 17))
datetime.date(2026, 5, 1)
>>> month_after(dt.date(2026, 12, 1))
datetime.date(2027, 1, 1)
>>> list(months_from(dt.date(2026, 11, 30), dt.date(2027, 1, 1)))
[datetime.date(2026, 11, 1), datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)]
>>> iso_date(dt.date(2026, 4, 1)), iso_date(None)
('2026-04-01', None)
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from collections.abc import Iterator

__all__ = [
    "CalendarRangeError",
    "add_months",
    "iso_date",
    "month_after",
    "month_start",
    "months_from",
]


class CalendarRangeError(ValueError):
    """A date or index outside the years the calendar covers."""


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the end of a shorter month.

    >>> add_months(dt.date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_months(dt.date(2026, 4, 1), -4)
    datetime.date(2025, 12, 1)
    """
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    if not 1 <= year <= 9999:
        raise CalendarRangeError(f"{year} is out of range")
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def month_after(month: dt.date) -> dt.date:
    """The first day of the month after ``month``'s."""
    return add_months(month_start(month), 1)


def months_from(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The first day of every month from ``first``'s month to ``last`` (inclusive)."""
    month = month_start(first)
    while month <= last:
        yield month
        month = month_after(month)


def iso_date(day: dt.date | None) -> str | None:
    """``YYYY-MM-DD`` for a date (the form of every date in the JSON documents), else ``None``."""
    return day.isoformat() if day is not None else None
