"""Schedule values in words for Japanese tables: the xlsx 日程 sheet and ``csv --excel``.

Step and status ids become their labels, booleans はい / いいえ, and the scheduler's ``driver``
(what fixed an initiative's start) becomes words: 計画開始, 開始可能日, 基準日, 実績日, a town-calendar
constraint (:func:`roadmap.core.calendar.council.driver_label`), or the predecessor's title. Dates
are left as they are (ISO in CSV; real dates in xlsx).
"""

from __future__ import annotations

from roadmap.core.calendar.council import driver_label
from roadmap.core.i18n import Lang, status_label, step_label, text
from roadmap.core.model.plan import Plan

__all__ = ["driver_text", "table_word"]

#: ``driver`` values that are not a predecessor's id.
_OWN_DRIVERS = ("start", "not_before", "status_date", "actual")


def driver_text(driver: str, plan: Plan | None, lang: Lang) -> str:
    """What fixed the start, in words (the predecessor's title for a dependency)."""
    if driver in _OWN_DRIVERS:
        return text(f"report.driver.{driver}", lang)
    town = driver_label(driver, lang)
    if town is not None:
        return town
    initiative = plan.initiatives.get(driver) if plan is not None else None
    return text("report.driver.after", lang, title=initiative.title if initiative else driver)


def table_word(name: str, value: object, plan: Plan | None, lang: Lang) -> object:
    """One JSON-document value of column ``name`` as a reader sees it (other values unchanged)."""
    if value is None:
        return None
    if name == "step":
        return step_label(str(value), lang)
    if name == "status":
        return status_label(str(value), lang)
    if name == "driver":
        return driver_text(str(value), plan, lang)
    if isinstance(value, bool):
        return text("yes" if value else "no", lang)
    return value
