"""The plan period (計画期間): the one span every report names.

The fiscal years from the schedule's first start to its last finish. A chart may draw a wider range
(out to a deadline far beyond), but it labels this period, so the SVG, the Markdown report and the
workbook all say the same 計画期間.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.calendar.fiscal import fiscal_span_label, fiscal_year_of
from roadmap.core.i18n import Lang

__all__ = ["PlanPeriod", "plan_period"]


@dataclass(frozen=True)
class PlanPeriod:
    """First and last day of the scheduled work and the fiscal years they fall in."""

    first_day: dt.date
    last_day: dt.date
    first_fiscal_year: int
    last_fiscal_year: int
    start_month: int

    def label(self, lang: Lang = "ja") -> str:
        """``令和7年度 (2025年度) 〜 令和11年度 (2029年度)``, as :func:`fiscal_span_label`."""
        return fiscal_span_label(self.first_day, self.last_day, lang, self.start_month)


def plan_period(schedule: Schedule, start_month: int = 4) -> PlanPeriod:
    """The 計画期間 of a scheduled plan."""
    return PlanPeriod(
        first_day=schedule.start,
        last_day=schedule.finish,
        first_fiscal_year=fiscal_year_of(schedule.start, start_month),
        last_fiscal_year=fiscal_year_of(schedule.finish, start_month),
        start_month=start_month,
    )
