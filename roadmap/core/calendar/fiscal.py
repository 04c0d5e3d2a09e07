"""Fiscal years (年度) and Japanese era years (和暦).

A 会計年度 runs from April 1 to March 31 (地方自治法 第208条) and is named after the calendar year
it starts in; ``start_month`` makes other fiscal years possible. Era names: 令和 from
2019-05-01 (元年 for its first year), 平成 before it.

Examples
--------
>>> import datetime as dt
>>> fiscal_year_of(dt.date(2027, 3, 31))
2026
>>> fiscal_year_label(2026)
'令和8年度 (2026年度)'
>>> fiscal_year_label(2026, "en")
'FY2026 (Reiwa 8)'
>>> fiscal_year_label(2019, short=True)
'R元年度'
"""

from __future__ import annotations

import datetime as dt

from roadmap.core.calendar.months import add_months
from roadmap.core.i18n import Lang

__all__ = [
    "era_year",
    "fiscal_quarter_of",
    "fiscal_span_label",
    "fiscal_year_bounds",
    "fiscal_year_label",
    "fiscal_year_of",
    "quarter_bounds",
]

_ERAS: tuple[tuple[int, str, str, str], ...] = (
    # first western year, kanji, short, romaji
    (2019, "令和", "R", "Reiwa"),
    (1989, "平成", "H", "Heisei"),
    (1926, "昭和", "S", "Showa"),
)


def fiscal_year_of(day: dt.date, start_month: int = 4) -> int:
    """The fiscal year (by the western year it starts in) that ``day`` belongs to."""
    return day.year if day.month >= start_month else day.year - 1


def fiscal_year_bounds(fiscal_year: int, start_month: int = 4) -> tuple[dt.date, dt.date]:
    """First and last day of ``fiscal_year``."""
    first = dt.date(fiscal_year, start_month, 1)
    next_first = dt.date(fiscal_year + 1, start_month, 1)
    return first, next_first - dt.timedelta(days=1)


def fiscal_quarter_of(day: dt.date, start_month: int = 4) -> tuple[int, int]:
    """``(fiscal_year, quarter)`` with quarter 1..4 (Q1 = April-June for April years)."""
    months_in = (day.month - start_month) % 12
    return fiscal_year_of(day, start_month), months_in // 3 + 1


def quarter_bounds(fiscal_year: int, quarter: int, start_month: int = 4) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal quarter."""
    first = add_months(dt.date(fiscal_year, start_month, 1), (quarter - 1) * 3)
    return first, add_months(first, 3) - dt.timedelta(days=1)


def era_year(year: int, lang: Lang = "ja", *, short: bool = False) -> str:
    """The era name of a fiscal or calendar year: ``2026 -> "令和8"``, ``2019 -> "令和元"``.

    A fiscal year belongs to the era in force on its first day, except that FY2019, which
    started under 平成, is conventionally called 令和元年度.
    """
    for first_year, kanji, letter, romaji in _ERAS:
        if year >= first_year:
            number = year - first_year + 1
            if lang == "en":
                return f"{romaji} {number}"
            count = "元" if number == 1 else str(number)
            return f"{letter if short else kanji}{count}"
    return str(year)


def fiscal_year_label(
    fiscal_year: int, lang: Lang = "ja", *, short: bool = False, western: bool = True
) -> str:
    """``令和8年度 (2026年度)``; short form ``R8年度``; English ``FY2026 (Reiwa 8)``."""
    if lang == "en":
        era = era_year(fiscal_year, "en")
        return f"FY{fiscal_year} ({era})" if western and not short else f"FY{fiscal_year}"
    era = era_year(fiscal_year, short=short)
    if short or not western:
        return f"{era}年度"
    return f"{era}年度 ({fiscal_year}年度)"


def fiscal_span_label(
    first_day: dt.date, last_day: dt.date, lang: Lang = "ja", start_month: int = 4
) -> str:
    """The fiscal years a span covers: one label, or ``first 〜 last``.

    >>> fiscal_span_label(dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    '令和8年度 (2026年度)'
    >>> fiscal_span_label(dt.date(2026, 4, 1), dt.date(2028, 4, 1), "en")
    'FY2026 (Reiwa 8) to FY2028 (Reiwa 10)'
    """
    first = fiscal_year_of(first_day, start_month)
    last = fiscal_year_of(last_day, start_month)
    label = fiscal_year_label(first, lang)
    if last == first:
        return label
    joiner = " to " if lang == "en" else " 〜 "
    return f"{label}{joiner}{fiscal_year_label(last, lang)}"
