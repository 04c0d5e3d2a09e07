"""費用対効果: the plan's investment per 年度 against what it saves.

What it saves comes from KPIs that declare it: ``saves_hours_per_year`` on a KPI is the staff
hours a year its initiative saves once finished, priced at the plan's 人件費単価
(``[plan] labor_cost_per_hour``, yen per hour). The saving runs from the day after the
initiative's scheduled finish; the fiscal year of that day gets the share of its days left
(``hours * days_left / days_in_year``, the rule the budget uses for running costs), every later
year the whole. Yen are rounded half up once per KPI and year, from exact fractions.

The investment and the running-cost change are read from the budget report, never computed
here: a year's investment is its ``total`` (initial plus running cost); the running cost of
replaced systems that stops (``running_replaced``, when the report gives it) is counted as a
saving. ``net = effect - investment``, summed into ``cumulative_net``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.calendar.fiscal import fiscal_year_bounds, fiscal_year_of
from roadmap.core.model.plan import Plan, Status

if TYPE_CHECKING:
    from roadmap.core.analysis.budget import BudgetReport

__all__ = ["BenefitReport", "BenefitYear", "Saving", "benefit_report", "saved_hours_in_year"]

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Saving:
    """One KPI that declares the staff hours it saves."""

    initiative_id: str
    initiative_title: str
    kpi_name: str
    hours_per_year: float
    #: ``hours_per_year`` priced at the 人件費単価 (``None`` when the plan declares none).
    yen_per_year: int | None
    effective_from: dt.date


@dataclass(frozen=True)
class BenefitYear:
    """One fiscal year, in yen (hours for ``hours``)."""

    fiscal_year: int
    investment: int
    hours: float
    labor: int
    running_saved: int
    effect: int
    net: int
    cumulative_investment: int
    cumulative_effect: int
    cumulative_net: int


@dataclass(frozen=True)
class BenefitReport:
    labor_cost_per_hour: int | None
    savings: tuple[Saving, ...]
    years: tuple[BenefitYear, ...]

    @property
    def hours_per_year(self) -> float:
        """Staff hours saved in a full year once everything is finished (平年度)."""
        return sum(saving.hours_per_year for saving in self.savings)

    @property
    def yen_per_year(self) -> int | None:
        """Those hours priced (``None`` without a 人件費単価)."""
        if self.labor_cost_per_hour is None:
            return None
        return _yen(Fraction(str(self.hours_per_year)) * self.labor_cost_per_hour)


def _yen(amount: Fraction) -> int:
    """Rounded half up to a yen (amounts are never negative here)."""
    return int(amount + Fraction(1, 2))


def saved_hours_in_year(
    hours_per_year: Fraction, effective_from: dt.date, fiscal_year: int, start_month: int = 4
) -> Fraction:
    """The hours of ``hours_per_year`` that fall in ``fiscal_year`` when saving starts on
    ``effective_from``.

    >>> saved_hours_in_year(Fraction(365), dt.date(2026, 10, 1), 2026)
    Fraction(182, 1)
    """
    first, last = fiscal_year_bounds(fiscal_year, start_month)
    if effective_from > last:
        return Fraction(0)
    days_in_year = (last - first).days + 1
    days = (last - max(first, effective_from)).days + 1
    return hours_per_year * days / days_in_year


def _savings(plan: Plan, schedule: Schedule) -> list[Saving]:
    rate = plan.plan.labor_cost_per_hour
    savings: list[Saving] = []
    for key, item in schedule.initiatives.items():
        initiative = plan.initiatives.get(key)
        if initiative is None or initiative.status is Status.CANCELLED:
            continue
        for kpi in initiative.kpis:
            hours = kpi.saves_hours_per_year
            if not hours:
                continue
            savings.append(
                Saving(
                    initiative_id=key,
                    initiative_title=item.title,
                    kpi_name=kpi.name,
                    hours_per_year=hours,
                    yen_per_year=(_yen(Fraction(str(hours)) * rate) if rate is not None else None),
                    effective_from=item.early_finish + _ONE_DAY,
                )
            )
    return savings


def benefit_report(
    plan: Plan, schedule: Schedule, budget: BudgetReport | None
) -> BenefitReport | None:
    """The 費用対効果 of a scheduled plan; ``None`` when no KPI declares what it saves.

    The years are those of the budget report (its horizon); without one, the fiscal years from
    the plan start to its finish.
    """
    savings = _savings(plan, schedule)
    if not savings:
        return None
    month = plan.plan.fiscal_year_start_month
    rate = plan.plan.labor_cost_per_hour
    spent: dict[int, tuple[int, int]] = {}
    if budget is not None:
        for year in budget.years:
            replaced = int(getattr(year, "running_replaced", 0) or 0)
            spent[year.fiscal_year] = (year.total, replaced)
    if spent:
        fiscal_years = sorted(spent)
    else:
        first = fiscal_year_of(schedule.start, month)
        fiscal_years = list(range(first, fiscal_year_of(schedule.finish, month) + 1))
    years: list[BenefitYear] = []
    total_investment = total_effect = 0
    for fiscal_year in fiscal_years:
        investment, running_saved = spent.get(fiscal_year, (0, 0))
        hours = Fraction(0)
        labor = 0
        for saving in savings:
            share = saved_hours_in_year(
                Fraction(str(saving.hours_per_year)), saving.effective_from, fiscal_year, month
            )
            hours += share
            if rate is not None:
                labor += _yen(share * rate)
        effect = labor + running_saved
        total_investment += investment
        total_effect += effect
        years.append(
            BenefitYear(
                fiscal_year=fiscal_year,
                investment=investment,
                hours=float(hours),
                labor=labor,
                running_saved=running_saved,
                effect=effect,
                net=effect - investment,
                cumulative_investment=total_investment,
                cumulative_effect=total_effect,
                cumulative_net=total_effect - total_investment,
            )
        )
    return BenefitReport(rate, tuple(savings), tuple(years))
