"""The 予算要求 of one fiscal year: by 節 and 財源, 債務負担行為, 繰越, and the change.

This module owns what ``roadmap budget PLAN --request 2027`` reports for 令和9年度, read from
the plan's budget (:func:`roadmap.core.analysis.budget.budget_report`): the cost of the year by
節 and by 財源 (一般財源 last) beside the year before; the 債務負担行為 to set in that year's
budget (new) and those still paying (continuing); the 繰越明許費 carried into it and those it
will need; the expected 交付税措置. Given the plan as of the 当初予算 (a baseline), it lists the
lines whose amount in that year changed since: what now needs a 補正予算.

繰越明許費
    A 繰越 is paid from the budget of the year before: the request of a year leaves out what
    is carried into it and counts what it carries out (budgeted now, paid next year), by 節 and,
    in proportion to the initiative's cost of the paying year, by 財源. The year's payments as
    scheduled stay in :func:`roadmap.core.analysis.budget.budget_report`.

All amounts are exact yen; reports round them to 千円 (:func:`roadmap.core.analysis.budget.
to_thousands`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from roadmap.core.analysis.budget import (
    GENERAL,
    ITEM_ORDER,
    BudgetReport,
    Carryover,
    DebtBurden,
    LineBudget,
    budget_report,
)
from roadmap.core.analysis.schedule import Schedule
from roadmap.core.model.plan import Plan

__all__ = [
    "BudgetRequest",
    "RequestLine",
    "RequestRow",
    "budget_request",
]


@dataclass(frozen=True)
class RequestRow:
    """One 節 or 財源 of the request: this year's amount and the year before's."""

    key: str
    amount: int
    previous: int

    @property
    def change(self) -> int:
        return self.amount - self.previous


@dataclass(frozen=True)
class RequestLine:
    """One cost line in the requested year (``baseline``: its amount in the baseline plan,
    ``None`` when the baseline has no such line)."""

    initiative: str
    title: str
    line: str | None
    item: str
    amount: int
    previous: int
    baseline: int | None = None

    @property
    def supplementary(self) -> int:
        """What a 補正予算 must add (negative: 減額) against the baseline."""
        return self.amount - (self.baseline or 0)


@dataclass(frozen=True)
class BudgetRequest:
    """The result of :func:`budget_request`."""

    fiscal_year: int
    by_item: tuple[RequestRow, ...]
    by_source: tuple[RequestRow, ...]
    lines: tuple[RequestLine, ...]
    new_debts: tuple[DebtBurden, ...]
    #: 債務負担行為 set in an earlier year that pay in this one, with the amount of this year.
    continuing_debts: tuple[tuple[DebtBurden, int], ...]
    carried_in: tuple[Carryover, ...]
    carried_out: tuple[Carryover, ...]
    tax_allocation: int
    #: Lines whose amount differs from the baseline (``None``: no baseline given).
    supplementary: tuple[RequestLine, ...] | None = None
    #: Lines of the baseline that are gone from the plan (their whole amount is to reduce).
    removed: tuple[RequestLine, ...] = ()

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.by_item)

    @property
    def previous_total(self) -> int:
        return sum(row.previous for row in self.by_item)

    @property
    def general(self) -> int:
        return next((row.amount for row in self.by_source if row.key == GENERAL), 0)


def _rows(
    current: dict[str, int], previous: dict[str, int], order: list[str]
) -> tuple[RequestRow, ...]:
    keys = [key for key in order if current.get(key) or previous.get(key)]
    return tuple(RequestRow(key, current.get(key, 0), previous.get(key, 0)) for key in keys)


def _year_maps(report: BudgetReport, fiscal_year: int) -> tuple[dict[str, int], dict[str, int]]:
    """The budget of ``fiscal_year`` by 節 and by 財源: its payments, less what is carried into
    it from the year before, plus what it carries out to the next."""
    row = report.year(fiscal_year)
    items: dict[str, int] = dict(row.by_item) if row is not None else {}
    sources: dict[str, int] = dict(row.by_source) if row is not None else {}
    sources[GENERAL] = row.net_total if row is not None else 0
    for carry in report.carryovers:
        sign = _carry_sign(carry, fiscal_year)
        if not sign:
            continue
        items[carry.item] = items.get(carry.item, 0) + sign * carry.amount
        for source, yen in _carried_sources(report, carry).items():
            sources[source] = sources.get(source, 0) + sign * yen
    return (
        {key: yen for key, yen in items.items() if yen},
        {key: yen for key, yen in sources.items() if yen or key == GENERAL},
    )


def _carry_sign(carry: Carryover, year: int) -> int:
    """How a 繰越 moves the budget of ``year``: -1 in the year it is paid (the budget before
    holds it), +1 in the year whose budget holds it, 0 otherwise."""
    if carry.paid_in == year:
        return -1
    return 1 if carry.budget_year == year else 0


def _carried_sources(report: BudgetReport, carry: Carryover) -> dict[str, int]:
    """The 財源 of a carried amount: the initiative's 特定財源 of the paying year in proportion
    to its cost that year (rounded down to a yen), the rest 一般財源."""
    initiative = next((item for item in report.initiatives if item.id == carry.initiative), None)
    cost = 0
    if initiative is not None:
        cost = sum(year.total for year in initiative.years if year.fiscal_year == carry.paid_in)
    shares: dict[str, int] = {}
    if initiative is not None and cost > 0:
        for year, source, _name, yen in initiative.financing:
            if year == carry.paid_in:
                share = yen * min(carry.amount, cost) // cost
                shares[source] = shares.get(source, 0) + share
    shares[GENERAL] = carry.amount - sum(shares.values())
    return shares


def _budgeted(report: BudgetReport, initiative: str, line: LineBudget, year: int) -> int:
    """A cost line's budget in ``year``: its payments, less what is carried into the year,
    plus what the year carries out (matched by initiative, line name and 節)."""
    yen = line.planned(year)
    for carry in report.carryovers:
        if (carry.initiative, carry.line, carry.item) == (initiative, line.name, line.item):
            yen += _carry_sign(carry, year) * carry.amount
    return yen


def _lines(report: BudgetReport, fiscal_year: int) -> dict[tuple[str, int], RequestLine]:
    """Each cost line's budget in ``fiscal_year`` and the year before (:func:`_budgeted`)."""
    found: dict[tuple[str, int], RequestLine] = {}
    for item in report.initiatives:
        for line in item.lines:
            found[(item.id, line.index)] = RequestLine(
                initiative=item.id,
                title=item.title,
                line=line.name,
                item=line.item,
                amount=_budgeted(report, item.id, line, fiscal_year),
                previous=_budgeted(report, item.id, line, fiscal_year - 1),
            )
    return found


def budget_request(
    plan: Plan,
    schedule: Schedule,
    fiscal_year: int,
    baseline: tuple[Plan, Schedule] | None = None,
) -> BudgetRequest:
    """The 予算要求 of ``fiscal_year`` for a scheduled plan (see the module docstring).

    ``baseline`` is the plan and schedule as of the 当初予算: lines are matched by initiative
    id and position in its cost lines.
    """
    years = (fiscal_year - 1, fiscal_year)
    report = budget_report(plan, schedule, years)
    items, sources = _year_maps(report, fiscal_year)
    old_items, old_sources = _year_maps(report, fiscal_year - 1)
    rank = {name: index for index, name in enumerate(ITEM_ORDER)}
    item_order = sorted(
        set(items) | set(old_items), key=lambda key: (rank.get(key, len(rank)), key)
    )
    source_order = [*report.sources, GENERAL]
    lines = _lines(report, fiscal_year)
    supplementary: tuple[RequestLine, ...] | None = None
    removed: tuple[RequestLine, ...] = ()
    if baseline is not None:
        old_report = budget_report(baseline[0], baseline[1], years)
        old_lines = _lines(old_report, fiscal_year)
        lines = {
            key: replace(line, baseline=old_lines[key].amount) if key in old_lines else line
            for key, line in lines.items()
        }
        supplementary = tuple(line for line in lines.values() if line.supplementary != 0)
        removed = tuple(
            replace(line, amount=0, baseline=line.amount)
            for key, line in old_lines.items()
            if key not in lines and line.amount
        )
    debts = report.debts
    return BudgetRequest(
        fiscal_year=fiscal_year,
        by_item=_rows(items, old_items, item_order),
        by_source=_rows(sources, old_sources, source_order),
        lines=tuple(line for line in lines.values() if line.amount or line.previous),
        new_debts=tuple(debt for debt in debts if debt.set_in == fiscal_year),
        continuing_debts=tuple(
            (debt, _paid_in(report, debt, fiscal_year))
            for debt in debts
            if debt.set_in < fiscal_year <= debt.last_year
        ),
        carried_in=tuple(c for c in report.carryovers if c.budget_year == fiscal_year - 1),
        carried_out=tuple(c for c in report.carryovers if c.budget_year == fiscal_year),
        tax_allocation=(row.tax_allocation if (row := report.year(fiscal_year)) else 0),
        supplementary=supplementary,
        removed=removed,
    )


def _paid_in(report: BudgetReport, debt: DebtBurden, fiscal_year: int) -> int:
    for item in report.initiatives:
        if item.id != debt.initiative:
            continue
        for line in item.lines:
            if line.name == debt.line and line.item == debt.item:
                return line.planned(fiscal_year)
    return 0
