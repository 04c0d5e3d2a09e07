"""Dates as a report's reader expects them (``--dates wareki|iso``).

Japanese reports read by a council default to 和暦: ``令和8年1月5日`` in sentences and the compact
``R8.1.5`` in dense tables. ``--dates iso`` (and every English report) keeps ``2026-01-05``. JSON
and CSV are data for tools and always use ISO dates; they do not call this module.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from roadmap.core.calendar.wareki import wareki_date

if TYPE_CHECKING:
    from exporters.base import ExportOptions

__all__ = ["shown_date"]


def shown_date(day: dt.date, options: ExportOptions, *, compact: bool = False) -> str:
    """``day`` in the report's style: 和暦 (compact in tables) or ISO."""
    if options.lang == "ja" and getattr(options, "dates", "wareki") == "wareki":
        return wareki_date(day, compact=compact)
    return day.isoformat()
