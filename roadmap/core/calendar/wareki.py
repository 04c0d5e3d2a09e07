"""Calendar dates in 和暦 for the reports a council reads: ``令和8年1月5日``, ``R8.1.5``.

Era boundaries are the days the eras began (令和 2019-05-01, 平成 1989-01-08, 昭和 1926-12-25),
so 2019-04-30 is 平成31年4月30日 and 2019-05-01 is 令和元年5月1日. JSON and CSV keep ISO dates.

>>> import datetime as dt
>>> wareki_date(dt.date(2026, 1, 5))
'令和8年1月5日'
>>> wareki_date(dt.date(2026, 1, 5), compact=True)
'R8.1.5'
>>> wareki_month(dt.date(2019, 5, 1))
'令和元年5月'
>>> quarter_label(2025, 1)
'令和7年度 第1四半期 (4〜6月)'
>>> quarter_label(2025, 4, compact=True)
'R7年度 1〜3月'
"""

from __future__ import annotations

import datetime as dt

from roadmap.core.calendar.fiscal import era_year, quarter_bounds

__all__ = ["quarter_label", "wareki_date", "wareki_month", "wareki_year"]

_ERAS: tuple[tuple[dt.date, str, str], ...] = (
    (dt.date(2019, 5, 1), "令和", "R"),
    (dt.date(1989, 1, 8), "平成", "H"),
    (dt.date(1926, 12, 25), "昭和", "S"),
)


def wareki_year(day: dt.date, *, compact: bool = False) -> str:
    """``令和8`` (``R8``); ``令和元`` in an era's first year (``R1`` when compact)."""
    for first, kanji, letter in _ERAS:
        if day >= first:
            number = day.year - first.year + 1
            if compact:
                return f"{letter}{number}"
            return f"{kanji}{'元' if number == 1 else number}"
    return str(day.year)


def wareki_date(day: dt.date, *, compact: bool = False) -> str:
    """``令和8年1月5日``, or ``R8.1.5`` for dense tables."""
    if compact:
        return f"{wareki_year(day, compact=True)}.{day.month}.{day.day}"
    return f"{wareki_year(day)}年{day.month}月{day.day}日"


def wareki_month(day: dt.date) -> str:
    """``令和8年1月``: the month a date falls in."""
    return f"{wareki_year(day)}年{day.month}月"


def quarter_label(
    fiscal_year: int, quarter: int, start_month: int = 4, *, compact: bool = False
) -> str:
    """``令和7年度 第1四半期 (4〜6月)``; compact ``R7年度 4〜6月`` for dense table headers."""
    first, last = quarter_bounds(fiscal_year, quarter, start_month)
    months = f"{first.month}〜{last.month}月"
    if compact:
        return f"{era_year(fiscal_year, short=True)}年度 {months}"
    return f"{era_year(fiscal_year)}年度 第{quarter}四半期 ({months})"
