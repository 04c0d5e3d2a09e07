"""The ``budget``, ``staffing`` and ``kpis`` keys of the JSON document (docs/json.md).

:func:`portfolio_sections` is called by :func:`exporters.json_doc.schedule_document` and by
``roadmap budget|staffing|kpi --json``; the keys are always present (``null`` / ``[]`` when the
plan cannot be scheduled), money is integer yen, loads are FTE rounded to 3 decimals, months
are ``YYYY-MM``.
"""

from __future__ import annotations

from typing import Any

from roadmap.core.analysis.budget import BudgetReport
from roadmap.core.analysis.kpi import KpiProgress
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.staffing import StaffingReport
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import Lang

__all__ = ["budget_json", "kpis_json", "portfolio_sections", "staffing_json"]


def budget_json(report: BudgetReport, lang: Lang = "ja") -> dict[str, Any]:
    """The ``budget`` key: one row per fiscal year and the money of each initiative."""
    return {
        "fiscal_year_start_month": report.start_month,
        "first_year": report.first_year,
        "last_year": report.last_year,
        "total": report.total,
        "net_total": report.net_total,
        "years": [
            {
                "fiscal_year": year.fiscal_year,
                "label": fiscal_year_label(year.fiscal_year, lang),
                "initial": year.initial,
                "subsidy": year.subsidy,
                "net_initial": year.net_initial,
                "running": year.running,
                "running_replaced": year.running_replaced,
                "running_change": year.running_change,
                "total": year.total,
                "net_total": year.net_total,
                "cumulative_total": year.cumulative_total,
                "cumulative_net_total": year.cumulative_net_total,
                "cap": year.cap,
                "headroom": year.headroom,
                "over_cap": year.over_cap,
            }
            for year in report.years
        ],
        "initiatives": [
            {
                "id": item.id,
                "title": item.title,
                "funding": item.funding,
                "booking": item.booking,
                "start": item.start.isoformat(),
                "finish": item.finish.isoformat(),
                "running_from": item.running_from.isoformat(),
                "initial": item.initial,
                "subsidy": item.subsidy,
                "running": item.running,
                "outside": item.outside,
                "years": [
                    {
                        "fiscal_year": part.fiscal_year,
                        "initial": part.initial,
                        "subsidy": part.subsidy,
                        "running": part.running,
                        "running_replaced": part.running_replaced,
                    }
                    for part in item.years
                ],
            }
            for item in report.initiatives
        ],
    }


def staffing_json(report: StaffingReport) -> dict[str, Any]:
    """The ``staffing`` key: a team x month grid of loads and every overload with its causes."""
    return {
        "months": [f"{month:%Y-%m}" for month in report.months],
        "teams": [
            {
                "team": team,
                "capacity": report.capacities[team],
                "declared": report.capacities[team] is not None,
                "loads": [round(report.load(team, month), 3) for month in report.months],
                "peak": round(report.peak[team], 3),
            }
            for team in report.teams
        ],
        "overloads": [
            {
                "team": cell.team,
                "month": f"{cell.month:%Y-%m}",
                "load": round(cell.load, 3),
                "capacity": cell.capacity,
                "initiatives": [
                    {
                        "id": part.initiative,
                        "fte": part.fte,
                        "working_days": part.working_days,
                        "load": round(part.load, 3),
                    }
                    for part in cell.contributions
                ],
            }
            for cell in report.overloads
        ],
    }


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def kpis_json(progress: list[KpiProgress]) -> list[dict[str, Any]]:
    """The ``kpis`` key: every KPI in file order with its achievement and status."""
    return [
        {
            "initiative": item.initiative,
            "index": item.index,
            "name": item.name,
            "unit": item.unit,
            "kind": item.kind,
            "direction": item.direction,
            "baseline": item.baseline,
            "target": item.target,
            "actual": item.actual,
            "due": item.due.isoformat() if item.due else None,
            "targets": {str(year): value for year, value in item.targets.items()},
            "achievement": _rounded(item.achievement, 4),
            "expected": _rounded(item.expected, 4),
            "status": item.status,
        }
        for item in progress
    ]


def portfolio_sections(analysis: Analysis, lang: Lang = "ja") -> dict[str, Any]:
    """``{"budget": ..., "staffing": ..., "kpis": [...]}`` for the JSON document."""
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None or not schedule.initiatives:
        return {
            "budget": None,
            "staffing": None,
            "kpis": kpis_json(analysis.kpis),
        }
    budget, staffing = analysis.budget, analysis.staffing
    assert budget is not None and staffing is not None
    return {
        "budget": budget_json(budget, lang),
        "staffing": staffing_json(staffing),
        "kpis": kpis_json(analysis.kpis),
    }
