"""The ``budget``, ``staffing`` and ``kpis`` keys of the JSON document (docs/json.md).

:func:`portfolio_sections` is called by :func:`exporters.json_doc.schedule_document` and by
``roadmap budget|staffing|kpi --json``; the keys are always present (``null`` / ``[]`` when the
plan cannot be scheduled), money is integer yen, loads are FTE rounded to 3 decimals, months
are ``YYYY-MM``.
"""

from __future__ import annotations

from typing import Any

from roadmap.core.analysis.budget import (
    GENERAL,
    BudgetReport,
    Carryover,
    DebtBurden,
    LineBudget,
)
from roadmap.core.analysis.budget_request import BudgetRequest, RequestLine, RequestRow
from roadmap.core.analysis.kpi import KpiProgress
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.staffing import StaffingReport
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.calendar.months import iso_date
from roadmap.core.i18n import Lang

__all__ = ["budget_json", "kpis_json", "portfolio_sections", "request_json", "staffing_json"]


def _rate(spent: int | None, budget: int | None) -> float | None:
    """執行率 as a ratio rounded to 4 decimals (``None`` without both)."""
    if spent is None or not budget:
        return None
    return round(spent / budget, 4)


def _debt(debt: DebtBurden) -> dict[str, Any]:
    return {
        "initiative": debt.initiative,
        "title": debt.title,
        "line": debt.line,
        "item": debt.item,
        "signed": debt.signed.isoformat(),
        "set_in": debt.set_in,
        "first_year": debt.first_year,
        "last_year": debt.last_year,
        "limit": debt.limit,
        "vote_session": iso_date(debt.vote_session),
        "latest_session": iso_date(debt.latest_session),
    }


def _carryover(carry: Carryover) -> dict[str, Any]:
    return {
        "initiative": carry.initiative,
        "title": carry.title,
        "line": carry.line,
        "item": carry.item,
        "budget_year": carry.budget_year,
        "paid_in": carry.paid_in,
        "amount": carry.amount,
        "finish": carry.finish.isoformat(),
        "session": iso_date(carry.session),
    }


def _line(line: LineBudget) -> dict[str, Any]:
    return {
        "index": line.index,
        "name": line.name,
        "item": line.item,
        "amount": line.amount,
        "annual": line.annual,
        "annual_before": line.annual_before,
        "booking": line.booking,
        "billing": line.billing,
        "contract": line.contract,
        "signed": line.signed.isoformat(),
        "contract_first": line.contract_first.isoformat(),
        "contract_last": iso_date(line.contract_last),
        "running_from": iso_date(line.running_from),
        "outside": line.outside,
        "years": [
            {"fiscal_year": year, "one_off": one, "running": run, "replaced": replaced}
            for year, one, run, replaced in line.years
        ],
    }


def _actuals(report: BudgetReport) -> list[dict[str, Any]]:
    """Every declared 予算額/執行額 of a cost line, with the plan's amount of that 年度."""
    found: list[dict[str, Any]] = []
    for item in report.initiatives:
        for line in item.lines:
            for year, budget, spent, settled in line.actuals:
                planned = line.planned(year)
                found.append(
                    {
                        "initiative": item.id,
                        "line": line.name,
                        "index": line.index,
                        "item": line.item,
                        "fiscal_year": year,
                        "planned": planned,
                        "budget": budget,
                        "spent": spent,
                        "settled": settled,
                        "execution_rate": _rate(spent, budget),
                        "difference": None if spent is None else spent - planned,
                    }
                )
    found.sort(key=lambda entry: entry["fiscal_year"])
    return found


def budget_json(report: BudgetReport, lang: Lang = "ja") -> dict[str, Any]:
    """The ``budget`` key: one row per fiscal year (with 節, 財源, 一般財源, 交付税算入見込み and
    actuals), the money of each initiative and its cost lines, the 債務負担行為 and 繰越明許費.
    Exact yen throughout; ``rounding`` is the rule the reports use for 千円."""
    return {
        "fiscal_year_start_month": report.start_month,
        "first_year": report.first_year,
        "last_year": report.last_year,
        "cap_basis": report.cap_basis,
        "rounding": report.rounding,
        "total": report.total,
        "net_total": report.net_total,
        "general": report.net_total,
        "outside": report.outside,
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
                "general": year.general,
                "cumulative_total": year.cumulative_total,
                "cumulative_net_total": year.cumulative_net_total,
                "by_item": [{"item": name, "amount": yen} for name, yen in year.by_item],
                "by_source": [
                    *({"source": name, "amount": yen} for name, yen in year.by_source),
                    {"source": GENERAL, "amount": year.general},
                ],
                "tax_allocation": year.tax_allocation,
                "cap": year.cap,
                "cap_basis": year.cap_basis,
                "capped": year.capped,
                "headroom": year.headroom,
                "over_cap": year.over_cap,
                "budgeted": year.budgeted,
                "spent": year.spent,
                "planned_with_actuals": year.planned_with_actuals,
                "execution_rate": _rate(year.spent, year.budgeted),
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
                "excess_financing": item.excess_financing,
                "years": [
                    {
                        "fiscal_year": part.fiscal_year,
                        "initial": part.initial,
                        "subsidy": part.subsidy,
                        "running": part.running,
                        "running_replaced": part.running_replaced,
                        "tax_allocation": part.tax_allocation,
                    }
                    for part in item.years
                ],
                "lines": [_line(line) for line in item.lines],
                "financing": [
                    {"fiscal_year": year, "source": source, "name": name, "amount": yen}
                    for year, source, name, yen in item.financing
                ],
                "tax_allocations": [
                    {"fiscal_year": year, "kind": kind, "name": name, "amount": yen}
                    for year, kind, name, yen in item.tax_allocations
                ],
            }
            for item in report.initiatives
        ],
        "debts": [_debt(debt) for debt in report.debts],
        "carryovers": [_carryover(carry) for carry in report.carryovers],
        "actuals": _actuals(report),
    }


def _request_row(row: RequestRow, key: str) -> dict[str, Any]:
    return {key: row.key, "amount": row.amount, "previous": row.previous, "change": row.change}


def _request_line(line: RequestLine) -> dict[str, Any]:
    return {
        "initiative": line.initiative,
        "title": line.title,
        "line": line.line,
        "item": line.item,
        "amount": line.amount,
        "previous": line.previous,
        "baseline": line.baseline,
    }


def request_json(
    request: BudgetRequest, lang: Lang = "ja", baseline: str | None = None
) -> dict[str, Any]:
    """The ``request`` key of ``roadmap budget --request YEAR --json``, in exact yen."""
    return {
        "fiscal_year": request.fiscal_year,
        "label": fiscal_year_label(request.fiscal_year, lang),
        "total": request.total,
        "previous_total": request.previous_total,
        "general": request.general,
        "by_item": [_request_row(row, "item") for row in request.by_item],
        "by_source": [_request_row(row, "source") for row in request.by_source],
        "lines": [_request_line(line) for line in request.lines],
        "new_debts": [_debt(debt) for debt in request.new_debts],
        "continuing_debts": [
            {**_debt(debt), "amount": paid} for debt, paid in request.continuing_debts
        ],
        "carried_in": [_carryover(carry) for carry in request.carried_in],
        "carried_out": [_carryover(carry) for carry in request.carried_out],
        "tax_allocation": request.tax_allocation,
        "baseline": baseline,
        "supplementary": None
        if request.supplementary is None
        else [
            {**_request_line(line), "change": line.supplementary}
            for line in (*request.supplementary, *request.removed)
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
