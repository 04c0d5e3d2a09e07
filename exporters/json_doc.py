"""The JSON document of a scheduled plan (``roadmap schedule --json``, the JSON export).

Stable and documented (docs/json.md): keys are the plan format's names, dates are ISO strings,
initiatives keep file order, and ``version`` changes only when a key changes meaning. Later
sections (budget, staffing, KPIs, risk) are added as top-level keys by their own modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from typing import Any

from exporters.json_portfolio import portfolio_sections
from exporters.json_text import Streamed
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.schedule import Schedule
from roadmap.core.calendar.fiscal import fiscal_span_label, fiscal_year_of
from roadmap.core.calendar.months import iso_date
from roadmap.core.i18n import Lang, step_label
from roadmap.core.model.plan import Plan

__all__ = ["DOCUMENT_VERSION", "schedule_document"]

DOCUMENT_VERSION = 1


def schedule_document(
    analysis: Analysis, lang: Lang = "ja", *, streamed: bool = False
) -> dict[str, Any]:
    """Plan, critical path, initiatives, waves, step windows and problems as plain data.

    With ``streamed`` the initiatives are a :class:`~exporters.json_text.Streamed` array, made
    row by row as :func:`~exporters.json_text.write_json` writes them (at 100,000 initiatives
    the rows held at once were some 70 MB).
    """
    plan, schedule = analysis.plan, analysis.schedule
    document: dict[str, Any] = {"version": DOCUMENT_VERSION}
    if plan is None or schedule is None:
        document["plan"] = None
        document["critical_path"] = []
        document["initiatives"] = []
        document["waves"] = []
        document["steps"] = []
        document.update(portfolio_sections(analysis, lang))
        document["problems"] = [problem.to_json(lang) for problem in analysis.problems]
        return document
    settings = plan.plan
    month = settings.fiscal_year_start_month
    first_fy, last_fy = (
        fiscal_year_of(schedule.start, month),
        fiscal_year_of(schedule.finish, month),
    )
    document["plan"] = {
        "title": settings.title,
        "organization": settings.organization,
        "start": iso_date(schedule.start),
        "finish": iso_date(schedule.finish),
        "calendar": settings.calendar,
        "status_date": iso_date(settings.status_date),
        "deadline": iso_date(settings.deadline),
        "fiscal_years": {
            "first": first_fy,
            "last": last_fy,
            "label": fiscal_span_label(schedule.start, schedule.finish, lang, month),
        },
    }
    document["critical_path"] = list(schedule.critical_path)
    rows = partial(_initiative_rows, plan, schedule)
    document["initiatives"] = Streamed(rows) if streamed else list(rows())
    document["waves"] = [list(wave) for wave in schedule.waves]
    document["steps"] = [
        {
            "step": window.step.value if window.step else None,
            "label": step_label(window.step.value if window.step else None, lang),
            "start": iso_date(window.start),
            "finish": iso_date(window.finish),
            "count": window.count,
        }
        for window in schedule.steps
    ]
    document.update(portfolio_sections(analysis, lang))
    document["problems"] = [problem.to_json(lang) for problem in analysis.problems]
    return document


def _initiative_rows(plan: Plan, schedule: Schedule) -> Iterator[dict[str, Any]]:
    """One row per scheduled initiative, in file order."""
    initiatives = plan.initiatives
    iso = _IsoDates()
    for item in schedule.initiatives.values():
        initiative = initiatives[item.id]
        step = item.step
        yield {
            "id": item.id,
            "title": item.title,
            "step": None if step is None else step._value_,
            "owner": initiative.owner,
            "status": item.status._value_,
            "progress": initiative.progress,
            "wave": item.wave,
            "early_start": iso[item.early_start],
            "early_finish": iso[item.early_finish],
            "late_start": iso[item.late_start],
            "late_finish": iso[item.late_finish],
            "total_float": item.total_float,
            "free_float": item.free_float,
            "critical": item.critical,
            "milestone": item.milestone,
            "deadline": iso[item.deadline],
            "late_by": item.late_by,
            "driver": item.driver,
        }


class _IsoDates(dict[dt.date | None, str | None]):
    """:func:`iso_date` of each date, worked out once (a plan's rows share a few thousand
    dates)."""

    def __missing__(self, day: dt.date | None) -> str | None:
        text = self[day] = iso_date(day)
        return text
