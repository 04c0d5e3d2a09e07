"""The plan period (計画期間): the one span every report names and the budget covers.

:func:`period_years` is the single definition: the fiscal years of ``[plan] period`` when the
plan declares it; otherwise from the fiscal year of the plan start (or of earlier actual work)
to that of the plan ``deadline``, or of the schedule's finish when there is no deadline.
``[budget] horizon_end`` (older plans) sets the last year. A slip never moves the period: work
that runs past it is late, not a new year of the plan.

The SVG, the Markdown report, the workbook and the budget all use it, so they say the same
計画期間. A chart may draw a wider range (the schedule running past the period, or out to a
deadline far beyond), but it labels this period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.calendar.fiscal import fiscal_span_label, fiscal_year_bounds, fiscal_year_of
from roadmap.core.i18n import Lang
from roadmap.core.model.plan import Plan

__all__ = ["PlanPeriod", "period_years", "plan_period"]


@dataclass(frozen=True)
class PlanPeriod:
    """First and last day of the 計画期間 and the fiscal years they fall in."""

    first_day: dt.date
    last_day: dt.date
    first_fiscal_year: int
    last_fiscal_year: int
    start_month: int

    def label(self, lang: Lang = "ja") -> str:
        """``令和7年度 (2025年度) 〜 令和11年度 (2029年度)``, as :func:`fiscal_span_label`."""
        return fiscal_span_label(self.first_day, self.last_day, lang, self.start_month)


def period_years(plan: Plan, schedule: Schedule) -> tuple[int, int]:
    """First and last fiscal year of the 計画期間 (see the module docstring)."""
    month = plan.plan.fiscal_year_start_month
    if plan.plan.period is not None:
        first, last = plan.plan.period
    else:
        first = fiscal_year_of(min(plan.plan.start, schedule.start), month)
        end = plan.plan.deadline or max(schedule.finish, plan.plan.start)
        last = fiscal_year_of(end, month)
    if plan.budget.horizon_end is not None:
        last = fiscal_year_of(plan.budget.horizon_end, month)
    return first, max(first, last)


def plan_period(plan: Plan, schedule: Schedule) -> PlanPeriod:
    """The 計画期間 of a scheduled plan, from the first day of its first fiscal year to the last
    day of its last."""
    month = plan.plan.fiscal_year_start_month
    first, last = period_years(plan, schedule)
    return PlanPeriod(
        first_day=fiscal_year_bounds(first, month)[0],
        last_day=fiscal_year_bounds(last, month)[1],
        first_fiscal_year=first,
        last_fiscal_year=last,
        start_month=month,
    )
