"""Checks of money, staffing and KPIs: warnings in the same problem list as the core.

Each check is a small function returning :class:`~roadmap.core.model.problems.Problem` values; checks
that need dates take the schedule. :func:`portfolio_problems` runs them all and is called by
:func:`roadmap.core.analysis.pipeline.analyze_plan` once the schedule is known, with the
analysis's own reports, so the budget and staffing behind the warnings are the ones every face
then shows (computed once).

Codes: ``budget-over-cap``, ``team-overloaded``, ``undeclared-team``,
``kpi-missing-baseline``, ``kpi-missing-target``, ``subsidy-above-initial`` (all warnings).
Overloads and overruns in months or fiscal years that ended before the plan's
``status_date`` are history, not something to fix: they show in the tables but raise no
warning.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from roadmap.core.analysis.budget import BudgetReport, budget_report
from roadmap.core.analysis.budget_checks import check_budget_report
from roadmap.core.analysis.schedule import Schedule
from roadmap.core.analysis.staffing import (
    StaffingReport,
    TeamMonthLoad,
    staffing_report,
)
from roadmap.core.calendar.fiscal import fiscal_year_bounds, fiscal_year_label
from roadmap.core.calendar.months import month_after
from roadmap.core.i18n import Label, catalogue
from roadmap.core.model.plan import Plan
from roadmap.core.model.problems import Problem, Severity

if TYPE_CHECKING:
    from roadmap.core.analysis.pipeline import Reports

__all__ = [
    "INITIATIVE_CHECKS",
    "check_budget_caps",
    "check_kpis",
    "check_staffing_load",
    "check_subsidies",
    "check_undeclared_teams",
    "portfolio_problems",
    "scheduled_portfolio_problems",
    "yen",
]


def _is_past(plan: Plan, last_day: dt.date) -> bool:
    """Whether a period ending on ``last_day`` ended before the plan's status date."""
    status_date = plan.plan.status_date
    return status_date is not None and last_day < status_date


def yen(amount: int) -> str:
    """``12000000`` -> ``"12,000,000"`` (the same in both languages)."""
    return f"{amount:,}"


def check_subsidies(plan: Plan) -> Iterator[Problem]:
    """A subsidy larger than the initial cost it funds."""
    for initiative_id, initiative in plan.initiatives.items():
        cost = initiative.cost
        if cost is not None and cost.subsidy > cost.initial:
            yield Problem(
                "subsidy-above-initial",
                Severity.WARNING,
                initiative=initiative_id,
                field="cost.subsidy",
                args={"subsidy": yen(cost.subsidy), "initial": yen(cost.initial)},
            )


def check_undeclared_teams(plan: Plan) -> Iterator[Problem]:
    """Staffing for a team that has no ``[teams.<name>]`` table (so no capacity)."""
    for initiative_id, initiative in plan.initiatives.items():
        for team in initiative.staffing:
            if team not in plan.teams:
                yield Problem(
                    "undeclared-team",
                    Severity.WARNING,
                    initiative=initiative_id,
                    field=f"staffing.{team}",
                    args={"team": team, "teams": ", ".join(plan.teams) or "-"},
                )


def check_kpis(plan: Plan) -> Iterator[Problem]:
    """KPIs without a baseline or a target cannot show progress."""
    for initiative_id, initiative in plan.initiatives.items():
        for index, kpi in enumerate(initiative.kpis):
            field = f"kpis.{index}"
            for code, value in (
                ("kpi-missing-baseline", kpi.baseline),
                ("kpi-missing-target", kpi.target),
            ):
                if value is None:
                    yield Problem(
                        code,
                        Severity.WARNING,
                        initiative=initiative_id,
                        field=field,
                        args={"name": kpi.name},
                    )


#: The checks of :func:`portfolio_problems` whose problems about an initiative depend only on
#: that initiative and the plan's teams (the editor re-runs them for the edited initiative).
INITIATIVE_CHECKS: tuple[Callable[[Plan], Iterator[Problem]], ...] = (
    check_subsidies,
    check_undeclared_teams,
    check_kpis,
)


def check_budget_caps(
    plan: Plan, schedule: Schedule, report: BudgetReport | None = None
) -> Iterator[Problem]:
    """Fiscal years whose 一般財源 (or gross total, ``cap_basis = "gross"``) is above
    ``[budget.caps]`` (``report``: the plan's budget when already computed)."""
    if not plan.budget.caps:
        return
    if report is None:
        report = budget_report(plan, schedule)
    month = plan.plan.fiscal_year_start_month
    for year in report.over_cap_years:
        assert year.cap is not None
        if _is_past(plan, fiscal_year_bounds(year.fiscal_year, month)[1]):
            continue
        yield Problem(
            "budget-over-cap",
            Severity.WARNING,
            field=f"budget.caps.{year.fiscal_year}",
            args={
                "year": Label(
                    fiscal_year_label(year.fiscal_year), fiscal_year_label(year.fiscal_year, "en")
                ),
                "total": yen(year.capped),
                "basis": catalogue()[f"budget.basis.{year.cap_basis}"],
                "cap": yen(year.cap),
                "over": yen(year.capped - year.cap),
            },
        )


def _runs(cells: list[TeamMonthLoad]) -> Iterator[list[TeamMonthLoad]]:
    """Split one team's overloaded months (sorted) into runs of consecutive months."""
    run: list[TeamMonthLoad] = []
    for cell in cells:
        if run and month_after(run[-1].month) != cell.month:
            yield run
            run = []
        run.append(cell)
    if run:
        yield run


def overload_problems(report: StaffingReport, since: dt.date | None = None) -> Iterator[Problem]:
    """One ``team-overloaded`` warning per team and run of consecutive overloaded months
    (only months that end on or after ``since``, when given)."""
    current = [
        cell for cell in report.overloads if since is None or month_after(cell.month) > since
    ]
    by_team = sorted(current, key=lambda cell: (report.teams.index(cell.team), cell.month))
    for team, cells in itertools.groupby(by_team, key=lambda cell: cell.team):
        for run in _runs(list(cells)):
            peak = max(run, key=lambda cell: (cell.load, -cell.month.toordinal()))
            causes = [part.initiative for part in peak.contributions]
            first, last = run[0].month, run[-1].month
            yield Problem(
                "team-overloaded",
                Severity.WARNING,
                field=f"teams.{team}",
                args={
                    "team": team,
                    "months": f"{first:%Y-%m}" if first == last else f"{first:%Y-%m}〜{last:%Y-%m}",
                    "peak": f"{peak.load:.2f}",
                    "capacity": f"{peak.capacity:g}",
                    "initiatives": ", ".join(causes),
                },
            )


def check_staffing_load(
    plan: Plan, schedule: Schedule, report: StaffingReport | None = None
) -> Iterator[Problem]:
    """Teams whose monthly load is above their declared capacity (``report``: the plan's
    staffing when already computed)."""
    if not plan.teams or not any(item.staffing for item in plan.initiatives.values()):
        return
    if report is None:
        report = staffing_report(plan, schedule)
    yield from overload_problems(report, plan.plan.status_date)


def portfolio_problems(
    plan: Plan, schedule: Schedule, reports: Reports | None = None
) -> list[Problem]:
    """Every budget, staffing and KPI warning of a scheduled plan (``reports``: the analysis's
    kept reports, asked for only when a check needs them)."""
    problems: list[Problem] = []
    for check in INITIATIVE_CHECKS:
        problems.extend(check(plan))
    problems.extend(scheduled_portfolio_problems(plan, schedule, reports))
    return problems


def scheduled_portfolio_problems(
    plan: Plan,
    schedule: Schedule,
    reports: Reports | None = None,
    *,
    costed: bool | None = None,
    staffed: bool | None = None,
) -> list[Problem]:
    """The warnings of :func:`portfolio_problems` that read the schedule: budget caps and the
    budget report, staffing load. ``costed`` and ``staffed`` say whether any initiative has
    costs or staffing, when the caller knows (``None``: look)."""
    problems: list[Problem] = []
    if schedule.initiatives:
        if costed is None:
            costed = any(item.cost is not None or item.costs for item in plan.initiatives.values())
        if costed:
            budget = reports.budget if reports is not None else None
            if budget is None:
                budget = budget_report(plan, schedule)
            problems.extend(check_budget_caps(plan, schedule, budget))
            problems.extend(check_budget_report(plan, budget))
        if plan.teams and staffed is None:
            staffed = any(item.staffing for item in plan.initiatives.values())
        if plan.teams and staffed:
            staffing = reports.staffing if reports is not None else None
            problems.extend(check_staffing_load(plan, schedule, staffing))
    return problems
