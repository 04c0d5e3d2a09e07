"""The council (議会) and budget calendar of a town: 定例会 dates and the budget cycle.

Pure functions of a :class:`CouncilCalendar`; no working calendar is needed. Facts behind the
defaults (see /work/notes/research-calendar.md and docs/plan-format.md):

- 地方自治法 第102条②: 定例会 meets「毎年、条例で定める回数」; the usual pattern is four times a
  year, in March, June, September and December (e.g. 志免町「年4回(3月、6月、9月、12月)」).
- 第211条①: the 長 must have the 当初予算 voted「年度開始前」, so at the March 定例会; work paid
  by the 当初予算 of a fiscal year starts on its first day (April 1).
- The internal budget cycle is not law: typically 予算要求 October–November, 査定 December–January
  (堺市, 千葉市 examples). A cost not requested by the end of the 予算要求 window of fiscal year N
  (November of year N-1) waits for fiscal year N+1.
- 第233条: the 決算 goes to the council before the next 通常予算; in practice the September 定例会.
- 補正予算 can be voted at any session (第102条).

When a calendar declares only months, a session's date is day ``day`` (default 1) of that month;
declare exact ``sessions`` for real dates.

>>> import datetime as dt
>>> council = CouncilCalendar()
>>> next_session(council, dt.date(2027, 5, 20))
datetime.date(2027, 6, 1)
>>> next_session(council, dt.date(2027, 6, 1))
datetime.date(2027, 6, 1)
>>> next_session(council, dt.date(2027, 6, 1), strictly_after=True)
datetime.date(2027, 9, 1)
>>> session_dates(council, dt.date(2027, 1, 1), dt.date(2027, 12, 31))
[datetime.date(2027, 3, 1), datetime.date(2027, 6, 1), datetime.date(2027, 9, 1), datetime.date(2027, 12, 1)]
>>> first_budget_year(council, dt.date(2027, 5, 20))  # FY2027 was voted in March: next is FY2028
2028
>>> first_budget_year(council, dt.date(2026, 11, 30))  # still inside the FY2027 予算要求
2027
>>> first_budget_year(council, dt.date(2026, 12, 1))  # 予算要求 closed: FY2028
2028
>>> budget_start(council, dt.date(2027, 5, 20))
datetime.date(2028, 4, 1)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap.core.i18n import Lang, text

__all__ = [
    "DEFAULT_MONTHS",
    "TOWN_DRIVERS",
    "CouncilCalendar",
    "budget_request_deadline",
    "budget_start",
    "driver_label",
    "first_budget_year",
    "next_session",
    "session_dates",
    "stage_label",
]

#: The scheduler's ``driver`` values that name a constraint of the town's calendar.
TOWN_DRIVERS: tuple[str, ...] = ("budget", "supplementary", "council", "blackout")


def driver_label(driver: str, lang: Lang = "ja") -> str | None:
    """Words for a town-calendar driver (``None`` for any other driver).

    >>> driver_label("council", "en")
    'council (the next regular session)'
    """
    return text(f"driver.{driver}", lang) if driver in TOWN_DRIVERS else None


def stage_label(stage: int, lang: Lang = "ja") -> str:
    """The name of a 自治体DX推進手順書 stage (0-3).

    >>> stage_label(1)
    'ステップ1 全体方針の決定'
    """
    return text(f"stage.{stage}", lang)


#: 定例会 months when a plan declares none: March, June, September, December.
DEFAULT_MONTHS: tuple[int, ...] = (3, 6, 9, 12)


@dataclass(frozen=True)
class CouncilCalendar:
    """A town's 定例会 and budget cycle.

    ``sessions`` (exact dates) wins over ``months``/``day``. Month pairs are ``(first, last)``
    months of a window; ``budget_request`` ends in the fiscal year before the one it is for.
    """

    months: tuple[int, ...] = DEFAULT_MONTHS
    day: int = 1
    sessions: tuple[dt.date, ...] = ()
    budget_request: tuple[int, int] = (10, 11)
    assessment: tuple[int, int] = (12, 1)
    budget_vote_month: int = 3
    settlement_month: int = 9
    fiscal_year_start_month: int = 4


def session_dates(council: CouncilCalendar, first: dt.date, last: dt.date) -> list[dt.date]:
    """The 定例会 dates from ``first`` to ``last`` (both included), in order.

    >>> c = CouncilCalendar(sessions=(dt.date(2027, 3, 5), dt.date(2027, 6, 10)))
    >>> session_dates(c, dt.date(2027, 3, 6), dt.date(2027, 12, 31))
    [datetime.date(2027, 6, 10)]
    """
    if council.sessions:
        return sorted(day for day in set(council.sessions) if first <= day <= last)
    found: list[dt.date] = []
    for year in range(first.year, last.year + 1):
        for month in sorted(set(council.months)):
            day = dt.date(year, month, min(council.day, 28))
            if first <= day <= last:
                found.append(day)
    return found


def next_session(
    council: CouncilCalendar, after: dt.date, *, strictly_after: bool = False
) -> dt.date | None:
    """The first 定例会 on (or, with ``strictly_after``, after) ``after``; ``None`` if none.

    Exact ``sessions`` end with the last one declared; months repeat every year.

    >>> next_session(CouncilCalendar(months=(9,)), dt.date(2027, 10, 1))
    datetime.date(2028, 9, 1)
    >>> next_session(CouncilCalendar(sessions=(dt.date(2027, 3, 5),)), dt.date(2027, 4, 1)) is None
    True
    """
    first = after + dt.timedelta(days=1) if strictly_after else after
    if council.sessions:
        later = [day for day in council.sessions if day >= first]
        return min(later) if later else None
    if not council.months:
        return None
    found = session_dates(council, first, dt.date(min(first.year + 1, 9999), 12, 31))
    return found[0] if found else None


def _calendar_year(fiscal_year: int, month: int, start_month: int) -> int:
    """The calendar year in which ``month`` of ``fiscal_year`` falls."""
    return fiscal_year if month >= start_month else fiscal_year + 1


def budget_request_deadline(council: CouncilCalendar, fiscal_year: int) -> dt.date:
    """The last day of the 予算要求 for the 当初予算 of ``fiscal_year`` (in the year before).

    >>> budget_request_deadline(CouncilCalendar(), 2028)
    datetime.date(2027, 11, 30)
    """
    month = council.budget_request[1]
    year = _calendar_year(fiscal_year - 1, month, council.fiscal_year_start_month)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def first_budget_year(council: CouncilCalendar, known: dt.date) -> int:
    """The first fiscal year whose 当初予算 can include a cost known on ``known``.

    The current fiscal year's budget is already voted; the next one can take the cost while
    its 予算要求 window has not closed, else the one after.
    """
    start_month = council.fiscal_year_start_month
    current = known.year if known.month >= start_month else known.year - 1
    year = current + 1
    while known > budget_request_deadline(council, year):
        year += 1
    return year


def budget_start(council: CouncilCalendar, known: dt.date) -> dt.date:
    """The first day work paid by a 当初予算 can start: April 1 of :func:`first_budget_year`."""
    return dt.date(first_budget_year(council, known), council.fiscal_year_start_month, 1)
