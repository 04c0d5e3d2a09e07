"""What the one-page summary for the 首長 says: values in, values out, nothing rendered.

:func:`summarize` picks, from a scheduled plan, its budget report and (optionally) the change
since a baseline:

- the finish date (and the plan deadline with the working days late or to spare);
- the deadlines at risk: initiatives (and the plan) whose scheduled finish is after their
  deadline, or within :data:`TIGHT_DAYS` working days of it, latest first;
- this 年度's spending against its cap: the fiscal year of the 基準日 (``as_of``, else the
  plan's ``status_date``; the plan start's without either), read from the budget report's
  year totals;
- the three things that need a decision, ranked: years over their cap (largest overrun
  first), the plan deadline missed, initiative deadlines missed (latest first), critical work
  on hold, critical work that has not started although its start has passed (the 基準日
  holds it), and warnings that need the council or the 首長 (a 繰越明許費, an overloaded
  team). A deadline still met with little to spare is listed at risk but is no decision. One item per initiative; ties go to the
  earlier fiscal year, then to file order.

The money is only read (``years[*].total``, ``cap``, ``headroom``), never computed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.calendar.fiscal import fiscal_year_of
from roadmap.core.model.plan import Plan, Status
from roadmap.core.model.problems import Problem

if TYPE_CHECKING:
    from roadmap.core.analysis.budget import BudgetReport
    from roadmap.core.compare.baseline import PlanChange

__all__ = [
    "DECISION_CODES",
    "DECISION_LIMIT",
    "TIGHT_DAYS",
    "DeadlineRisk",
    "Decision",
    "DecisionKind",
    "Summary",
    "YearSpend",
    "summarize",
]

#: A deadline met with at most this many working days to spare (about a month) is at risk.
TIGHT_DAYS = 20
#: How many decisions the page lists.
DECISION_LIMIT = 3

DecisionKind = Literal["over-cap", "plan-deadline", "deadline", "on-hold", "not-started", "warning"]
_RANK: dict[str, int] = {
    "over-cap": 0,
    "plan-deadline": 1,
    "deadline": 2,
    "on-hold": 3,
    "not-started": 4,
    "warning": 5,
}
#: Warnings that ask for a decision by the 首長 or the council: a 繰越明許費 (a 補正予算 at the
#: next 定例会) and a team given more work than its people.
DECISION_CODES = ("carryover-needed", "team-overloaded")
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DeadlineRisk:
    """A deadline at risk; ``id`` ``None`` is the plan deadline.

    ``late_days`` > 0: working days after the deadline; otherwise ``-late_days`` working days
    are left before it.
    """

    id: str | None
    title: str
    deadline: dt.date
    finish: dt.date
    late_days: int

    @property
    def is_late(self) -> bool:
        return self.late_days > 0


@dataclass(frozen=True)
class YearSpend:
    """A fiscal year's planned spending (yen) and its cap; ``headroom`` < 0 is an overrun.

    ``capped`` is what the cap limits: 一般財源 (``basis`` ``"general"``, the default) or the
    whole cost (``"gross"``)."""

    fiscal_year: int
    total: int
    cap: int | None
    headroom: int | None
    capped: int = 0
    basis: str = "general"


@dataclass(frozen=True)
class Decision:
    """One thing that needs a decision.

    ``size`` is what ranks it within its kind: yen over the cap, or working days late / left.
    ``id`` and ``title`` name the initiative (``None`` for a fiscal year or the plan);
    ``fiscal_year`` is set for ``"over-cap"``; ``day`` is the deadline or the start passed;
    ``problem`` is the warning of a ``"warning"`` (one of :data:`DECISION_CODES`).
    """

    kind: DecisionKind
    size: int
    id: str | None = None
    title: str | None = None
    fiscal_year: int | None = None
    day: dt.date | None = None
    problem: Problem | None = None


@dataclass(frozen=True)
class Summary:
    #: The 基準日 (``as_of``, else the plan's ``status_date``); ``None`` when the plan has none.
    as_of: dt.date | None
    #: The fiscal year of the 基準日 (of the plan start without one): "this 年度".
    fiscal_year: int
    start: dt.date
    finish: dt.date
    deadline: dt.date | None
    #: Working days after the plan deadline (> 0) or left before it (<= 0); ``None``: no deadline.
    deadline_late_days: int | None
    change: PlanChange | None
    at_risk: tuple[DeadlineRisk, ...]
    spend: YearSpend | None
    decisions: tuple[Decision, ...]
    #: Further decisions found beyond the listed ones.
    more_decisions: int


def _late_days(schedule: Schedule, deadline: dt.date, finish: dt.date) -> int:
    calendar = schedule.calendar
    if finish > deadline:
        return calendar.working_days(deadline + _ONE_DAY, finish)
    if finish == deadline:
        return 0
    return -calendar.working_days(finish + _ONE_DAY, deadline)


def _risks(plan: Plan, schedule: Schedule) -> list[DeadlineRisk]:
    risks: list[DeadlineRisk] = []
    deadline = plan.plan.deadline
    if deadline is not None:
        late = _late_days(schedule, deadline, schedule.finish)
        if late > -TIGHT_DAYS:
            risks.append(DeadlineRisk(None, plan.plan.title, deadline, schedule.finish, late))
    for item in schedule.initiatives.values():
        if item.deadline is None or item.status in (Status.DONE, Status.CANCELLED):
            continue
        late = _late_days(schedule, item.deadline, item.early_finish)
        if late > -TIGHT_DAYS:
            risks.append(DeadlineRisk(item.id, item.title, item.deadline, item.early_finish, late))
    order = {key: index for index, key in enumerate(schedule.initiatives)}
    risks.sort(key=lambda risk: (-risk.late_days, -1 if risk.id is None else order[risk.id]))
    return risks


def _spend(budget: BudgetReport | None, fiscal_year: int) -> YearSpend | None:
    if budget is None:
        return None
    for year in budget.years:
        if year.fiscal_year == fiscal_year:
            if not year.total and year.cap is None:
                return None
            return YearSpend(
                fiscal_year, year.total, year.cap, year.headroom, year.capped, year.cap_basis
            )
    return None


def _decisions(
    plan: Plan,
    schedule: Schedule,
    budget: BudgetReport | None,
    risks: list[DeadlineRisk],
    problems: Sequence[Problem],
) -> list[Decision]:
    found: list[Decision] = []
    if budget is not None:
        for year in budget.years:
            if year.cap is not None and year.headroom is not None and year.headroom < 0:
                found.append(Decision("over-cap", -year.headroom, fiscal_year=year.fiscal_year))
    for risk in risks:
        # a deadline still met (with little to spare) is listed at risk, not put to a decision
        if not risk.is_late:
            continue
        if risk.id is None:
            found.append(Decision("plan-deadline", risk.late_days, day=risk.deadline))
            continue
        found.append(Decision("deadline", risk.late_days, risk.id, risk.title, day=risk.deadline))
    for item in schedule.initiatives.values():
        if not item.critical:
            continue
        if item.status is Status.ON_HOLD:
            found.append(Decision("on-hold", -item.total_float, item.id, item.title))
        elif item.status is Status.PLANNED and item.driver == "status_date":
            found.append(
                Decision(
                    "not-started", -item.total_float, item.id, item.title, day=item.early_start
                )
            )
    for problem in problems:
        if problem.code in DECISION_CODES and not problem.is_error:
            key = problem.initiative
            initiative = plan.initiatives.get(key) if key is not None else None
            title = initiative.title if initiative is not None else None
            found.append(Decision("warning", 0, key, title, problem=problem))
    order = {key: index for index, key in enumerate(plan.initiatives)}
    found.sort(
        key=lambda decision: (
            _RANK[decision.kind],
            -decision.size,
            decision.fiscal_year or 0,
            order.get(decision.id, -1) if decision.id is not None else -1,
        )
    )
    seen: set[str] = set()
    unique: list[Decision] = []
    for decision in found:
        if decision.id is not None:
            if decision.id in seen:
                continue
            seen.add(decision.id)
        unique.append(decision)
    return unique


def summarize(
    plan: Plan,
    schedule: Schedule,
    budget: BudgetReport | None,
    as_of: dt.date | None = None,
    change: PlanChange | None = None,
    problems: Sequence[Problem] = (),
) -> Summary:
    """The summary of a scheduled plan at ``as_of`` (default: its ``status_date``);
    ``change`` is the plan-level change since a baseline, when one is compared; ``problems``
    the analysis's problems (warnings of :data:`DECISION_CODES` become decisions)."""
    when = as_of or plan.plan.status_date
    fiscal_year = fiscal_year_of(when or plan.plan.start, plan.plan.fiscal_year_start_month)
    risks = _risks(plan, schedule)
    deadline = plan.plan.deadline
    decisions = _decisions(plan, schedule, budget, risks, problems)
    return Summary(
        as_of=when,
        fiscal_year=fiscal_year,
        start=schedule.start,
        finish=schedule.finish,
        deadline=deadline,
        deadline_late_days=(
            _late_days(schedule, deadline, schedule.finish) if deadline is not None else None
        ),
        change=change,
        at_risk=tuple(risks),
        spend=_spend(budget, fiscal_year),
        decisions=tuple(decisions[:DECISION_LIMIT]),
        more_decisions=max(0, len(decisions) - DECISION_LIMIT),
    )
