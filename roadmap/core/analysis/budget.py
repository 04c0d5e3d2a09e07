"""Money per fiscal year (年度): initial costs, subsidies, running costs, caps.

This module owns the budget arithmetic of a scheduled plan. Everything is integer yen: every
share of an amount is computed with integer arithmetic and a fixed rounding rule, so sums are
exact and the same plan always gives the same yen.

The horizon
    Whole fiscal years, from the year of the plan start (or of earlier actual work) to the
    year of the schedule finish, or of ``[budget] horizon_end`` when it is given. Amounts that
    fall outside the horizon are left out of the years (and counted in ``outside``).

Initial cost and subsidy (``cost.initial``, ``cost.subsidy``), by ``cost.booking``
    ``"start"`` books the whole amount in the fiscal year of the scheduled start; ``"finish"``
    in the year of the scheduled finish; ``"spread"`` pro rata by calendar days over the span
    from start to finish (both included). The spread rounds cumulatively: the yen booked up to
    the end of the ``k``-th year are ``floor(amount * days_through_k / span_days)``, and a year
    gets the difference to the year before, so the parts always add up to the amount and each
    part is within one yen of its exact share. Subsidies follow the initial cost's rule.

Running cost (``cost.annual``)
    From the day after the scheduled finish. The fiscal year of that day gets
    ``annual * remaining_days / days_in_year`` rounded half up to a yen; every later year gets
    ``annual`` in full.

Running-cost change (``cost.annual_before``)
    What the replaced system costs per year stops when the replacement starts running (the
    day after finish). ``running_replaced`` is the part of ``annual_before`` no longer paid
    (pro rata by the same rule), and ``running_change = running - running_replaced`` is the
    運用経費の増減 (negative: savings).

Totals and caps
    ``total = initial + running`` (before subsidies, the basis of the caps as written in
    ``[budget.caps]``), ``net_total = total - subsidy`` (the town's own burden), cumulative
    sums of both, and for years with a cap ``headroom = cap - total`` (negative: overrun).

Examples
--------
>>> spread_yen(1_000, [1, 1, 1])
[333, 333, 334]
>>> prorate_yen(1_200_000, 31, 365)
101918
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.calendar.fiscal import fiscal_year_bounds, fiscal_year_of
from roadmap.core.i18n import Lang
from roadmap.core.model.plan import Cost, Plan

__all__ = [
    "BudgetReport",
    "FiscalYearBudget",
    "InitiativeBudget",
    "InitiativeYearCost",
    "budget_report",
    "format_number",
    "format_yen",
    "horizon_years",
    "prorate_yen",
    "spread_yen",
]

_ONE_DAY = dt.timedelta(days=1)


class InitiativeYearCost(NamedTuple):
    """One initiative's money in one fiscal year, in yen (a tuple: there are many of them)."""

    fiscal_year: int
    initial: int = 0
    subsidy: int = 0
    running: int = 0
    running_replaced: int = 0

    @property
    def net_initial(self) -> int:
        return self.initial - self.subsidy

    @property
    def running_change(self) -> int:
        return self.running - self.running_replaced


@dataclass(frozen=True)
class InitiativeBudget:
    """The money of one initiative over the horizon; ``years`` in fiscal-year order."""

    id: str
    title: str
    funding: str | None
    booking: str
    start: dt.date
    finish: dt.date
    running_from: dt.date
    years: tuple[InitiativeYearCost, ...]
    #: Initial minus subsidy booked outside the horizon (cut off by ``horizon_end``).
    outside: int

    @property
    def initial(self) -> int:
        return sum(year.initial for year in self.years)

    @property
    def subsidy(self) -> int:
        return sum(year.subsidy for year in self.years)

    @property
    def running(self) -> int:
        return sum(year.running for year in self.years)


@dataclass(frozen=True)
class FiscalYearBudget:
    """The plan's money in one fiscal year, in yen."""

    fiscal_year: int
    initial: int
    subsidy: int
    running: int
    running_replaced: int
    total: int
    net_total: int
    cumulative_total: int
    cumulative_net_total: int
    cap: int | None

    @property
    def net_initial(self) -> int:
        return self.initial - self.subsidy

    @property
    def running_change(self) -> int:
        return self.running - self.running_replaced

    @property
    def headroom(self) -> int | None:
        """``cap - total``; negative when the year is over its cap; ``None`` without a cap."""
        return None if self.cap is None else self.cap - self.total

    @property
    def over_cap(self) -> bool:
        return self.cap is not None and self.total > self.cap


@dataclass(frozen=True)
class BudgetReport:
    """The result of :func:`budget_report`."""

    first_year: int
    last_year: int
    start_month: int
    years: tuple[FiscalYearBudget, ...]
    initiatives: tuple[InitiativeBudget, ...]

    @property
    def total(self) -> int:
        return sum(year.total for year in self.years)

    @property
    def net_total(self) -> int:
        return sum(year.net_total for year in self.years)

    @property
    def over_cap_years(self) -> list[FiscalYearBudget]:
        return [year for year in self.years if year.over_cap]

    def year(self, fiscal_year: int) -> FiscalYearBudget | None:
        """The row of ``fiscal_year``, if it lies in the horizon."""
        index = fiscal_year - self.first_year
        return self.years[index] if 0 <= index < len(self.years) else None


def spread_yen(amount: int, weights: Iterable[int]) -> list[int]:
    """Split ``amount`` yen in proportion to integer ``weights``, exactly.

    The cumulative share through part ``k`` is ``floor(amount * w_1..k / sum(w))``; each part
    is the difference, so the parts add up to ``amount`` and later parts take the remainders.

    >>> spread_yen(10, [3, 0, 7])
    [3, 0, 7]
    >>> spread_yen(7, [1, 1])
    [3, 4]
    """
    weight_list = list(weights)
    whole = sum(weight_list)
    if whole <= 0:
        return [amount] + [0] * (len(weight_list) - 1) if weight_list else []
    parts: list[int] = []
    through = 0
    booked = 0
    for weight in weight_list:
        through += weight
        cumulative = amount * through // whole
        parts.append(cumulative - booked)
        booked = cumulative
    return parts


def prorate_yen(annual: int, days: int, days_in_year: int) -> int:
    """``annual * days / days_in_year`` rounded half up to a whole yen.

    >>> prorate_yen(365, 1, 365)
    1
    >>> prorate_yen(3, 1, 2)
    2
    """
    if days >= days_in_year:
        return annual
    if days <= 0:
        return 0
    return (2 * annual * days + days_in_year) // (2 * days_in_year)


def horizon_years(plan: Plan, schedule: Schedule) -> tuple[int, int]:
    """First and last fiscal year of the budget horizon (see the module docstring)."""
    month = plan.plan.fiscal_year_start_month
    first_day = min(plan.plan.start, schedule.start)
    last_day = plan.budget.horizon_end or max(schedule.finish, plan.plan.start)
    first = fiscal_year_of(first_day, month)
    return first, max(first, fiscal_year_of(last_day, month))


def _booking_parts(
    cost: Cost, start: dt.date, finish: dt.date, month: int
) -> list[tuple[int, int, int]]:
    """``(fiscal_year, initial, subsidy)`` parts of one initiative by its booking rule."""
    if cost.booking == "start":
        return [(fiscal_year_of(start, month), cost.initial, cost.subsidy)]
    if cost.booking == "finish":
        return [(fiscal_year_of(finish, month), cost.initial, cost.subsidy)]
    years: list[int] = []
    days: list[int] = []
    year = fiscal_year_of(start, month)
    while True:
        first, last = fiscal_year_bounds(year, month)
        piece_first, piece_last = max(first, start), min(last, finish)
        years.append(year)
        days.append((piece_last - piece_first).days + 1)
        if last >= finish:
            break
        year += 1
    initial = spread_yen(cost.initial, days)
    subsidy = spread_yen(cost.subsidy, days)
    return list(zip(years, initial, subsidy, strict=True))


def _running_parts(
    annual: int, running_from: dt.date, last_year: int, month: int
) -> list[tuple[int, int]]:
    """``(fiscal_year, yen)`` of a yearly amount running from ``running_from`` (pro rata)."""
    if annual <= 0:
        return []
    parts: list[tuple[int, int]] = []
    year = fiscal_year_of(running_from, month)
    if year > last_year:
        return parts
    first, last = fiscal_year_bounds(year, month)
    days_in_year = (last - first).days + 1
    parts.append((year, prorate_yen(annual, (last - running_from).days + 1, days_in_year)))
    parts.extend((later, annual) for later in range(year + 1, last_year + 1))
    return parts


def _initiative_budget(
    initiative_id: str,
    title: str,
    cost: Cost,
    start: dt.date,
    finish: dt.date,
    first_year: int,
    last_year: int,
    month: int,
) -> InitiativeBudget:
    """Book one initiative's money into the fiscal years of the horizon."""
    rows: dict[int, list[int]] = {}
    outside = 0
    for year, initial, subsidy in _booking_parts(cost, start, finish, month):
        if first_year <= year <= last_year:
            row = rows.setdefault(year, [0, 0, 0, 0])
            row[0] += initial
            row[1] += subsidy
        else:
            outside += initial - subsidy
    running_from = finish + _ONE_DAY
    for year, yen in _running_parts(cost.annual, running_from, last_year, month):
        if year >= first_year:
            rows.setdefault(year, [0, 0, 0, 0])[2] += yen
    for year, yen in _running_parts(cost.annual_before, running_from, last_year, month):
        if year >= first_year:
            rows.setdefault(year, [0, 0, 0, 0])[3] += yen
    years = tuple(
        InitiativeYearCost(year, initial, subsidy, running, replaced)
        for year, (initial, subsidy, running, replaced) in sorted(rows.items())
    )
    return InitiativeBudget(
        id=initiative_id,
        title=title,
        funding=cost.funding,
        booking=cost.booking,
        start=start,
        finish=finish,
        running_from=running_from,
        years=years,
        outside=outside,
    )


def _year_rows(
    first_year: int,
    last_year: int,
    initiatives: Iterable[InitiativeBudget],
    caps: Mapping[int, int],
) -> tuple[FiscalYearBudget, ...]:
    """Sum initiatives into one row per fiscal year, with cumulative totals and caps."""
    count = last_year - first_year + 1
    sums = [[0, 0, 0, 0] for _ in range(count)]
    for item in initiatives:
        for part in item.years:
            row = sums[part.fiscal_year - first_year]
            row[0] += part.initial
            row[1] += part.subsidy
            row[2] += part.running
            row[3] += part.running_replaced
    rows: list[FiscalYearBudget] = []
    cumulative = cumulative_net = 0
    for offset, (initial, subsidy, running, replaced) in enumerate(sums):
        year = first_year + offset
        total = initial + running
        cumulative += total
        cumulative_net += total - subsidy
        rows.append(
            FiscalYearBudget(
                fiscal_year=year,
                initial=initial,
                subsidy=subsidy,
                running=running,
                running_replaced=replaced,
                total=total,
                net_total=total - subsidy,
                cumulative_total=cumulative,
                cumulative_net_total=cumulative_net,
                cap=caps.get(year),
            )
        )
    return tuple(rows)


def budget_report(plan: Plan, schedule: Schedule) -> BudgetReport:
    """Cost per fiscal year of a scheduled plan.

    Parameters
    ----------
    plan : Plan
        The plan; initiatives without ``cost`` cost nothing.
    schedule : Schedule
        Its schedule (:func:`roadmap.core.analysis.schedule.schedule_plan`); unscheduled (cancelled)
        initiatives cost nothing.

    Returns
    -------
    BudgetReport
        One row per fiscal year of the horizon and one entry per initiative with a cost, in
        file order. All amounts are ``int`` yen.
    """
    month = plan.plan.fiscal_year_start_month
    first_year, last_year = horizon_years(plan, schedule)
    items: list[InitiativeBudget] = []
    for initiative_id, initiative in plan.initiatives.items():
        cost = initiative.cost
        scheduled = schedule.initiatives.get(initiative_id)
        if cost is None or scheduled is None:
            continue
        items.append(
            _initiative_budget(
                initiative_id,
                initiative.title,
                cost,
                scheduled.early_start,
                scheduled.early_finish,
                first_year,
                last_year,
                month,
            )
        )
    return BudgetReport(
        first_year=first_year,
        last_year=last_year,
        start_month=month,
        years=_year_rows(first_year, last_year, items, plan.budget.caps),
        initiatives=tuple(items),
    )


def format_yen(amount: int | None, lang: Lang = "ja") -> str:
    """``1234567`` -> ``1,234,567``; negatives as ``▲1,234`` (ja) or ``-1,234`` (en)."""
    if amount is None:
        return "-"
    if amount < 0:
        return ("-" if lang == "en" else "▲") + f"{-amount:,}"
    return f"{amount:,}"


def format_number(value: float | None) -> str:
    """A KPI value without a useless ``.0`` (``30.0`` -> ``30``, ``2.5`` -> ``2.5``)."""
    if value is None:
        return "-"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
