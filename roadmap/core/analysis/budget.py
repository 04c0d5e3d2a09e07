"""Money per fiscal year (年度) as a town budgets it: 節, 財源, 交付税措置, contracts, actuals.

This module owns the budget of a scheduled plan: it books each cost line into the 年度 of the
計画期間 (:mod:`roadmap.core.analysis.budget_lines` says when a line is paid), splits every
年度 by 節 and by 財源, sets the expected 交付税措置 beside it, and lists the 債務負担行為 and
繰越明許費 the schedule implies. Everything is integer yen; reports round to 千円 with
:func:`to_thousands` while the JSON stays exact.

The horizon (計画期間)
    The plan's 計画期間 (:mod:`roadmap.core.analysis.period`). A slip never adds a year: money
    paid after the horizon is counted in ``outside``.

財源
    Each ``financing`` entry pays ``rate`` of the cost it covers (its ``lines`` and ``part``),
    year by year, rounded down to a yen and limited to ``cap`` over the plan; or a fixed
    ``amount`` spread over the covered cost in proportion. The 特定財源 of a year never exceed
    its cost (later entries are cut: :attr:`InitiativeBudget.excess_financing`). The rest is
    一般財源: ``by_item`` sums to ``total``, and ``by_source`` plus ``general`` does too.

交付税措置
    ``rate`` of the 一般財源 share of the covered lines (the initiative's 一般財源 of the year
    in proportion to the covered cost), rounded down, limited to ``cap``; reported apart as
    ``tax_allocation`` (算入見込み額) and never subtracted from the cost.

Caps
    ``[budget.caps]`` limit the 一般財源 of a year (``cap_basis = "general"``, the default) or
    its gross cost (``"gross"``); ``headroom = cap - capped``.

Older plans
    A ``[initiatives.<id>.cost]`` table is read as up to two lines (see :func:`legacy_lines`):
    ``initial`` (with its ``booking``, default ``start`` as it always was) and ``annual`` /
    ``annual_before``; ``subsidy`` is a fixed 国庫支出金 amount on the one-off part.

Examples
--------
>>> to_thousands(1_234_567, "up"), to_thousands(1_234_567, "half-up"), to_thousands(1_234_567, "down")
(1235, 1235, 1234)
>>> spread_yen(1_000, [1, 1, 1])
[333, 333, 334]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import NamedTuple

from roadmap.core.analysis.budget_lines import LineBooking, book_line, spread_yen
from roadmap.core.analysis.period import period_years
from roadmap.core.analysis.schedule import Schedule
from roadmap.core.calendar.council import CouncilCalendar, session_dates
from roadmap.core.calendar.fiscal import fiscal_year_bounds, fiscal_year_of
from roadmap.core.i18n import Lang
from roadmap.core.model.money import (
    BUDGET_ITEMS,
    FUNDING_SOURCES,
    GENERAL_REVENUE,
    LEGACY_SUBSIDY_SOURCE,
    CostLine,
    Financing,
    canonical_item,
)
from roadmap.core.model.plan import Cost, Initiative, Plan

__all__ = [
    "GENERAL",
    "ITEM_ORDER",
    "UNASSIGNED_ITEM",
    "BudgetReport",
    "Carryover",
    "DebtBurden",
    "FiscalYearBudget",
    "InitiativeBudget",
    "InitiativeYearCost",
    "LineBudget",
    "budget_report",
    "capped_part",
    "format_number",
    "format_yen",
    "legacy_lines",
    "spread_yen",
    "to_thousands",
]

#: The key of 一般財源 in ``by_source`` mappings of reports (not a 特定財源 of the plan).
GENERAL = GENERAL_REVENUE
#: The 節 of a cost line that names none (older plans).
UNASSIGNED_ITEM = ""


class InitiativeYearCost(NamedTuple):
    """One initiative's money in one fiscal year, in yen (a tuple: there are many of them).

    ``subsidy`` is every 特定財源 of the year (the sum of ``by_source``).
    """

    fiscal_year: int
    initial: int = 0
    subsidy: int = 0
    running: int = 0
    running_replaced: int = 0
    tax_allocation: int = 0

    @property
    def total(self) -> int:
        return self.initial + self.running

    @property
    def net_initial(self) -> int:
        return self.initial - self.subsidy

    @property
    def general(self) -> int:
        """一般財源: the cost no 特定財源 pays."""
        return self.initial + self.running - self.subsidy

    @property
    def running_change(self) -> int:
        return self.running - self.running_replaced


@dataclass(frozen=True)
class DebtBurden:
    """A 債務負担行為 the plan needs: payments in 年度 after the one the contract is signed in.

    ``set_in`` is the 年度 whose budget must hold it: its 当初予算 is voted at ``vote_session``
    (the 定例会 of the budget-vote month before the year starts), or a 補正予算 at a session
    before ``signed`` (``latest_session``, the last 定例会 on or before the signing).
    """

    initiative: str
    title: str
    line: str | None
    item: str
    signed: dt.date
    set_in: int
    first_year: int
    last_year: int
    #: 限度額: the payments after ``set_in``.
    limit: int
    vote_session: dt.date | None
    latest_session: dt.date | None


@dataclass(frozen=True)
class Carryover:
    """A one-off payment scheduled after March 31 of the 年度 whose budget holds it (繰越明許費).

    ``session`` is the last 定例会 of ``budget_year`` (on or before its last day) where the
    補正予算 setting the 繰越明許費 must be voted; ``None`` when the calendar has none.
    """

    initiative: str
    title: str
    line: str | None
    item: str
    budget_year: int
    paid_in: int
    amount: int
    finish: dt.date
    session: dt.date | None


@dataclass(frozen=True)
class LineBudget:
    """One cost line over the horizon: yen per 年度 (``years``: ``(year, one_off, running,
    replaced)``), its contract, and its 予算額/執行額 per 年度."""

    initiative: str
    index: int
    name: str | None
    item: str
    amount: int
    annual: int
    annual_before: int
    booking: str
    billing: str
    contract: str
    signed: dt.date
    contract_first: dt.date
    contract_last: dt.date | None
    running_from: dt.date | None
    years: tuple[tuple[int, int, int, int], ...]
    actuals: tuple[tuple[int, int | None, int | None, bool], ...]
    outside: int

    def planned(self, fiscal_year: int) -> int:
        """The yen this line is planned to cost in ``fiscal_year``."""
        return sum(one + run for year, one, run, _ in self.years if year == fiscal_year)


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
    #: Cost minus 特定財源 paid outside the horizon.
    outside: int
    lines: tuple[LineBudget, ...] = ()
    #: ``(year, source, name, yen)`` of every 特定財源 booked in the horizon.
    financing: tuple[tuple[int, str, str | None, int], ...] = ()
    #: ``(year, kind, name, yen)`` of the expected 交付税措置 in the horizon.
    tax_allocations: tuple[tuple[int, str, str | None, int], ...] = ()
    #: 特定財源 declared beyond the cost they cover (cut off), in yen.
    excess_financing: int = 0

    @property
    def initial(self) -> int:
        return sum(year.initial for year in self.years)

    @property
    def subsidy(self) -> int:
        return sum(year.subsidy for year in self.years)

    @property
    def running(self) -> int:
        return sum(year.running for year in self.years)

    @property
    def total(self) -> int:
        return self.initial + self.running


@dataclass(frozen=True)
class FiscalYearBudget:
    """The plan's money in one fiscal year, in yen.

    ``subsidy`` is every 特定財源; ``net_total`` (= ``general``) the 一般財源; ``by_item`` the
    cost by 節 (``""`` for lines without one) and ``by_source`` the 特定財源 by 財源区分, both in
    a fixed order. ``budgeted``/``spent`` sum the declared actuals of the year (``None``: none
    declared); ``planned_with_actuals`` is the plan's cost of the lines that declare them.
    """

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
    cap_basis: str = "general"
    by_item: tuple[tuple[str, int], ...] = ()
    by_source: tuple[tuple[str, int], ...] = ()
    tax_allocation: int = 0
    budgeted: int | None = None
    spent: int | None = None
    planned_with_actuals: int = 0

    @property
    def net_initial(self) -> int:
        return self.initial - self.subsidy

    @property
    def general(self) -> int:
        return self.net_total

    @property
    def running_change(self) -> int:
        return self.running - self.running_replaced

    @property
    def capped(self) -> int:
        """The amount the cap limits: 一般財源, or the gross total with ``cap_basis="gross"``."""
        return self.total if self.cap_basis == "gross" else self.net_total

    @property
    def headroom(self) -> int | None:
        """``cap - capped``; negative when the year is over its cap; ``None`` without a cap."""
        return None if self.cap is None else self.cap - self.capped

    @property
    def over_cap(self) -> bool:
        return self.cap is not None and self.capped > self.cap

    @property
    def execution_rate(self) -> Fraction | None:
        """執行率: ``spent / budgeted`` (``None`` without both)."""
        if self.budgeted is None or self.spent is None or self.budgeted == 0:
            return None
        return Fraction(self.spent, self.budgeted)


@dataclass(frozen=True)
class BudgetReport:
    """The result of :func:`budget_report`."""

    first_year: int
    last_year: int
    start_month: int
    years: tuple[FiscalYearBudget, ...]
    initiatives: tuple[InitiativeBudget, ...]
    debts: tuple[DebtBurden, ...] = ()
    carryovers: tuple[Carryover, ...] = ()
    cap_basis: str = "general"
    rounding: str = "up"
    outside: int = 0
    sources: tuple[str, ...] = field(default=FUNDING_SOURCES)

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


def capped_part(part: InitiativeYearCost, cap_basis: str) -> int:
    """What one initiative's year counts against a cap: its 一般財源, or its gross cost."""
    return part.total if cap_basis == "gross" else part.general


def to_thousands(yen: int, rule: str = "up") -> int:
    """``yen`` in 千円 by ``rule``: ``up`` (切上げ), ``half-up`` (四捨五入) or ``down`` (切捨て).

    Negative amounts round by their size (▲1,500円 is ▲2千円 rounded up).

    >>> to_thousands(1_000), to_thousands(1_001), to_thousands(-1_500, "half-up")
    (1, 2, -2)
    """
    if yen < 0:
        return -to_thousands(-yen, rule)
    if rule == "down":
        return yen // 1000
    if rule == "half-up":
        return (yen + 500) // 1000
    return -(-yen // 1000)


def legacy_lines(cost: Cost) -> tuple[list[CostLine], list[Financing]]:
    """The cost lines and 特定財源 an older ``cost`` table stands for.

    >>> lines, money = legacy_lines(Cost(initial=100, subsidy=50, annual=12, funding="補助金"))
    >>> [(line.amount, line.booking, line.annual) for line in lines], money[0].amount
    ([(100, 'start', 0), (0, 'finish', 12)], 50)
    """
    lines: list[CostLine] = []
    financing: list[Financing] = []
    if cost.initial > 0:
        lines.append(CostLine(amount=cost.initial, booking=cost.booking))
    if cost.annual > 0 or cost.annual_before > 0:
        lines.append(CostLine(annual=cost.annual, annual_before=cost.annual_before))
    if cost.subsidy > 0:
        financing.append(
            Financing(
                source=LEGACY_SUBSIDY_SOURCE, name=cost.funding, amount=cost.subsidy, part="initial"
            )
        )
    return lines, financing


def initiative_lines(initiative: Initiative) -> tuple[list[CostLine], list[Financing]]:
    """Every cost line and 特定財源 of an initiative: the older ``cost`` table's first."""
    lines: list[CostLine] = []
    financing: list[Financing] = []
    if initiative.cost is not None:
        lines, financing = legacy_lines(initiative.cost)
    return [*lines, *initiative.costs], [*financing, *initiative.financing]


def _covered(
    names: Sequence[str], part: str, lines: Sequence[CostLine], booked: Sequence[LineBooking]
) -> dict[int, int]:
    """Yen per 年度 of the lines (by name; all when empty) and part a 財源 covers."""
    covered: dict[int, int] = {}
    for line, book in zip(lines, booked, strict=True):
        if names and line.name not in names:
            continue
        if part in ("initial", "all"):
            for year, yen in book.one_off.items():
                covered[year] = covered.get(year, 0) + yen
        if part in ("running", "all"):
            for year, yen in book.running.items():
                covered[year] = covered.get(year, 0) + yen
    return covered


@cache
def _rate_of(rate: float) -> Fraction:
    """A rate as written (0.5, 0.6667) as an exact fraction of its decimal digits."""
    return Fraction(repr(rate))


def _by_rate(covered: Mapping[int, int], rate: float, cap: int | None) -> dict[int, int]:
    exact = _rate_of(rate)
    paid: dict[int, int] = {}
    left = cap
    for year in sorted(covered):
        yen = int(covered[year] * exact)  # floor: both are non-negative
        if left is not None:
            yen = min(yen, left)
            left -= yen
        if yen:
            paid[year] = yen
    return paid


def _by_amount(covered: Mapping[int, int], amount: int, cap: int | None) -> dict[int, int]:
    years = sorted(covered)
    total = sum(covered[year] for year in years)
    amount = min(amount, total, cap if cap is not None else amount)
    parts = spread_yen(amount, [covered[year] for year in years])
    return {year: yen for year, yen in zip(years, parts, strict=True) if yen}


@dataclass
class _Money:
    """One initiative's money per 年度 while it is being booked (not cut to the horizon)."""

    one_off: dict[int, int] = field(default_factory=dict)
    running: dict[int, int] = field(default_factory=dict)
    replaced: dict[int, int] = field(default_factory=dict)
    sources: list[tuple[int, str, str | None, int]] = field(default_factory=list)
    taxes: list[tuple[int, str, str | None, int]] = field(default_factory=list)
    excess: int = 0

    def cost(self, year: int) -> int:
        return self.one_off.get(year, 0) + self.running.get(year, 0)

    def years(self) -> set[int]:
        return set(self.one_off) | set(self.running) | set(self.replaced)


def _financing(
    money: _Money,
    entries: Sequence[Financing],
    lines: Sequence[CostLine],
    booked: Sequence[LineBooking],
) -> None:
    paid_so_far: dict[int, int] = {}
    for entry in entries:
        covered = _covered(entry.lines, entry.part, lines, booked)
        if entry.rate is not None:
            wanted = _by_rate(covered, entry.rate, entry.cap)
        else:
            wanted = _by_amount(covered, entry.amount or 0, entry.cap)
            money.excess += max(0, (entry.amount or 0) - sum(wanted.values()))
        for year in sorted(wanted):
            room = money.cost(year) - paid_so_far.get(year, 0)
            yen = min(wanted[year], room)
            money.excess += wanted[year] - yen
            if yen > 0:
                paid_so_far[year] = paid_so_far.get(year, 0) + yen
                money.sources.append((year, entry.source, entry.name, yen))


def _tax_allocations(
    money: _Money, initiative: Initiative, lines: Sequence[CostLine], booked: Sequence[LineBooking]
) -> None:
    financed: dict[int, int] = {}
    for year, _source, _name, yen in money.sources:
        financed[year] = financed.get(year, 0) + yen
    for entry in initiative.tax_allocation:
        covered = _covered(entry.lines, entry.part, lines, booked)
        base: dict[int, int] = {}
        for year, yen in covered.items():
            cost = money.cost(year)
            if cost > 0:
                base[year] = (cost - financed.get(year, 0)) * yen // cost
        for year, yen in sorted(_by_rate(base, entry.rate, entry.cap).items()):
            money.taxes.append((year, entry.kind, entry.name, yen))


@cache
def _sessions_between(
    calendar: CouncilCalendar, first: dt.date, last: dt.date
) -> tuple[dt.date, ...]:
    return tuple(session_dates(calendar, first, last))


def _last_session_of(plan: Plan, fiscal_year: int) -> dt.date | None:
    """The last 定例会 of ``fiscal_year`` (on or before its last day)."""
    month = plan.plan.fiscal_year_start_month
    first, last = fiscal_year_bounds(fiscal_year, month)
    found = _sessions_between(plan.council.calendar(month), first, last)
    return found[-1] if found else None


def _vote_session(plan: Plan, fiscal_year: int) -> dt.date | None:
    """The 定例会 that votes the 当初予算 of ``fiscal_year`` (in the months before it)."""
    month = plan.plan.fiscal_year_start_month
    first = fiscal_year_bounds(fiscal_year - 1, month)[0]
    last = fiscal_year_bounds(fiscal_year, month)[0] - dt.timedelta(days=1)
    calendar = plan.council.calendar(month)
    found = [
        day
        for day in _sessions_between(calendar, first, last)
        if day.month == calendar.budget_vote_month
    ]
    return found[-1] if found else None


def _latest_session(plan: Plan, day: dt.date) -> dt.date | None:
    """The last 定例会 on or before ``day`` (within the year before it)."""
    month = plan.plan.fiscal_year_start_month
    first = fiscal_year_bounds(fiscal_year_of(day, month) - 1, month)[0]
    found = _sessions_between(plan.council.calendar(month), first, day)
    return found[-1] if found else None


def _contract_notes(
    plan: Plan,
    initiative: Initiative,
    line: CostLine,
    item: str,
    book: LineBooking,
    finish: dt.date,
) -> tuple[DebtBurden | None, Carryover | None]:
    month = plan.plan.fiscal_year_start_month
    signed_year = fiscal_year_of(book.signed, month)
    if book.contract == "debt":
        later = {year: yen for year, yen in book.payments.items() if year > signed_year}
        if not later:
            return None, None
        return (
            DebtBurden(
                initiative=initiative.id,
                title=initiative.title,
                line=line.name,
                item=item,
                signed=book.signed,
                set_in=signed_year,
                first_year=min(later),
                last_year=max(later),
                limit=sum(later.values()),
                vote_session=_vote_session(plan, signed_year),
                latest_session=_latest_session(plan, book.signed),
            ),
            None,
        )
    if book.contract == "single":
        later = {year: yen for year, yen in book.one_off.items() if year > book.budget_year}
        if later:
            return None, Carryover(
                initiative=initiative.id,
                title=initiative.title,
                line=line.name,
                item=item,
                budget_year=book.budget_year,
                paid_in=min(later),
                amount=sum(later.values()),
                finish=finish,
                session=_last_session_of(plan, book.budget_year),
            )
    return None, None


def _year_rows(
    report_years: tuple[int, int],
    initiatives: Iterable[InitiativeBudget],
    caps: Mapping[int, int],
    cap_basis: str,
) -> tuple[FiscalYearBudget, ...]:
    """Sum initiatives into one row per fiscal year, with 節, 財源, caps and actuals."""
    first_year, last_year = report_years
    count = last_year - first_year + 1
    sums = [[0, 0, 0, 0, 0] for _ in range(count)]
    items: list[dict[str, int]] = [{} for _ in range(count)]
    sources: list[dict[str, int]] = [{} for _ in range(count)]
    budgeted: list[int | None] = [None] * count
    spent: list[int | None] = [None] * count
    planned_actual = [0] * count
    for initiative in initiatives:
        for part in initiative.years:
            row = sums[part.fiscal_year - first_year]
            row[0] += part.initial
            row[1] += part.subsidy
            row[2] += part.running
            row[3] += part.running_replaced
            row[4] += part.tax_allocation
        for line in initiative.lines:
            for year, one, run, _ in line.years:
                bucket = items[year - first_year]
                bucket[line.item] = bucket.get(line.item, 0) + one + run
            for year, budget, used, _settled in line.actuals:
                if not first_year <= year <= last_year:
                    continue
                index = year - first_year
                if budget is not None:
                    budgeted[index] = (budgeted[index] or 0) + budget
                if used is not None:
                    spent[index] = (spent[index] or 0) + used
                planned_actual[index] += line.planned(year)
        for year, source, _name, yen in initiative.financing:
            bucket = sources[year - first_year]
            bucket[source] = bucket.get(source, 0) + yen
    rows: list[FiscalYearBudget] = []
    cumulative = cumulative_net = 0
    item_order = {name: index for index, name in enumerate(ITEM_ORDER)}
    for offset, (initial, subsidy, running, replaced, tax) in enumerate(sums):
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
                cap_basis=cap_basis,
                by_item=tuple(
                    sorted(
                        ((name, yen) for name, yen in items[offset].items() if yen),
                        key=lambda pair: item_order.get(pair[0], len(item_order)),
                    )
                ),
                by_source=tuple(
                    (name, sources[offset][name])
                    for name in FUNDING_SOURCES
                    if sources[offset].get(name)
                ),
                tax_allocation=tax,
                budgeted=budgeted[offset],
                spent=spent[offset],
                planned_with_actuals=planned_actual[offset],
            )
        )
    return tuple(rows)


#: 節 in the order of 別記, lines without a 節 last.
ITEM_ORDER: tuple[str, ...] = (*BUDGET_ITEMS, UNASSIGNED_ITEM)


def _initiative_budget(
    plan: Plan,
    initiative: Initiative,
    start: dt.date,
    finish: dt.date,
    report_years: tuple[int, int],
    debts: list[DebtBurden],
    carryovers: list[Carryover],
) -> InitiativeBudget | None:
    """Book one initiative's money into the fiscal years of the horizon."""
    lines, financing = initiative_lines(initiative)
    if not lines:
        return None
    first_year, last_year = report_years
    month = plan.plan.fiscal_year_start_month
    booked = [book_line(line, start, finish, last_year, month) for line in lines]
    money = _Money()
    line_budgets: list[LineBudget] = []
    for index, (line, book) in enumerate(zip(lines, booked, strict=True)):
        item = canonical_item(line.item) if line.item else None
        item = item or (line.item or UNASSIGNED_ITEM)
        for target, parts in (
            (money.one_off, book.one_off),
            (money.running, book.running),
            (money.replaced, book.replaced),
        ):
            for year, yen in parts.items():
                target[year] = target.get(year, 0) + yen
        years = sorted(set(book.one_off) | set(book.running) | set(book.replaced))
        rows = tuple(
            (year, book.one_off.get(year, 0), book.running.get(year, 0), book.replaced.get(year, 0))
            for year in years
            if first_year <= year <= last_year
        )
        outside = sum(
            book.one_off.get(year, 0) + book.running.get(year, 0)
            for year in years
            if not first_year <= year <= last_year
        )
        line_budgets.append(
            LineBudget(
                initiative=initiative.id,
                index=index,
                name=line.name,
                item=item,
                amount=line.amount,
                annual=line.annual,
                annual_before=line.annual_before,
                booking=line.booking,
                billing=line.billing,
                contract=book.contract,
                signed=book.signed,
                contract_first=book.contract_first,
                contract_last=book.contract_last,
                running_from=book.running_from,
                years=rows,
                actuals=tuple(
                    (year, actual.budget, actual.spent, actual.settled)
                    for year, actual in sorted(line.actuals.items())
                ),
                outside=outside,
            )
        )
        debt, carry = _contract_notes(plan, initiative, line, item, book, finish)
        if debt is not None:
            debts.append(debt)
        if carry is not None:
            carryovers.append(carry)
    _financing(money, financing, lines, booked)
    _tax_allocations(money, initiative, lines, booked)
    financed: dict[int, int] = {}
    for year, _source, _name, yen in money.sources:
        financed[year] = financed.get(year, 0) + yen
    taxes: dict[int, int] = {}
    for year, _kind, _name, yen in money.taxes:
        taxes[year] = taxes.get(year, 0) + yen
    inside = sorted(year for year in money.years() if first_year <= year <= last_year)
    outside = sum(
        money.cost(year) - financed.get(year, 0)
        for year in money.years()
        if not first_year <= year <= last_year
    )
    running_from = next(
        (book.running_from for book in booked if book.running_from is not None),
        finish + dt.timedelta(days=1),
    )
    legacy = initiative.cost
    return InitiativeBudget(
        id=initiative.id,
        title=initiative.title,
        funding=legacy.funding if legacy is not None else None,
        booking=lines[0].booking,
        start=start,
        finish=finish,
        running_from=running_from,
        years=tuple(
            InitiativeYearCost(
                year,
                money.one_off.get(year, 0),
                financed.get(year, 0),
                money.running.get(year, 0),
                money.replaced.get(year, 0),
                taxes.get(year, 0),
            )
            for year in inside
        ),
        outside=outside,
        lines=tuple(line_budgets),
        financing=tuple(entry for entry in money.sources if first_year <= entry[0] <= last_year),
        tax_allocations=tuple(
            entry for entry in money.taxes if first_year <= entry[0] <= last_year
        ),
        excess_financing=money.excess,
    )


def budget_report(
    plan: Plan, schedule: Schedule, years: tuple[int, int] | None = None
) -> BudgetReport:
    """Cost per fiscal year of a scheduled plan.

    Parameters
    ----------
    plan : Plan
        The plan; initiatives without ``cost`` or ``costs`` cost nothing.
    schedule : Schedule
        Its schedule (:func:`roadmap.core.analysis.schedule.schedule_plan`); unscheduled
        (cancelled) initiatives cost nothing.
    years : (int, int), optional
        First and last fiscal year to report instead of the horizon (:func:`roadmap.core.analysis.period.period_years`).

    Returns
    -------
    BudgetReport
        One row per fiscal year and one entry per initiative with a cost, in file order, with
        the 債務負担行為 and 繰越明許費 the schedule implies. All amounts are ``int`` yen.
    """
    month = plan.plan.fiscal_year_start_month
    report_years = years or period_years(plan, schedule)
    items: list[InitiativeBudget] = []
    debts: list[DebtBurden] = []
    carryovers: list[Carryover] = []
    for initiative_id, initiative in plan.initiatives.items():
        scheduled = schedule.initiatives.get(initiative_id)
        if scheduled is None or (initiative.cost is None and not initiative.costs):
            continue
        budget = _initiative_budget(
            plan,
            initiative,
            scheduled.early_start,
            scheduled.early_finish,
            report_years,
            debts,
            carryovers,
        )
        if budget is not None:
            items.append(budget)
    return BudgetReport(
        first_year=report_years[0],
        last_year=report_years[1],
        start_month=month,
        years=_year_rows(report_years, items, plan.budget.caps, plan.budget.cap_basis),
        initiatives=tuple(items),
        debts=tuple(debts),
        carryovers=tuple(carryovers),
        cap_basis=plan.budget.cap_basis,
        rounding=plan.budget.rounding,
        outside=sum(item.outside for item in items),
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
