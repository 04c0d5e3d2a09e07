"""Checks of the budget keys: 節 and 財源 names, lines named by 財源, 繰越, cut 特定財源.

Each check is a small function yielding :class:`~roadmap.core.model.problems.Problem` values.
:func:`check_budget_names` needs only the plan (the names a person typed, with did-you-mean);
:func:`check_budget_report` reads the plan's budget once scheduled.

Codes: ``unknown-budget-item``, ``unknown-funding-source``, ``unknown-cost-line`` (errors);
``long-term-contract-item``, ``carryover-needed``, ``financing-above-cost`` (warnings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from roadmap.core.calendar.fiscal import fiscal_year_bounds, fiscal_year_label
from roadmap.core.i18n import Label
from roadmap.core.model.money import (
    BUDGET_ITEM_ALIASES,
    BUDGET_ITEMS,
    FUNDING_SOURCES,
    LONG_TERM_ITEMS,
    canonical_item,
)
from roadmap.core.model.plan import Initiative, Plan
from roadmap.core.model.problems import Problem, Severity, did_you_mean

if TYPE_CHECKING:
    from roadmap.core.analysis.budget import BudgetReport

__all__ = ["check_budget_names", "check_budget_report"]


def _year(fiscal_year: int) -> Label:
    return Label(fiscal_year_label(fiscal_year), fiscal_year_label(fiscal_year, "en"))


def _yen(amount: int) -> str:
    return f"{amount:,}"


def _unknown_name(
    code: str, value: str, choices: Sequence[str], initiative: str, field: str
) -> Problem:
    suggestion = did_you_mean(value, list(choices))
    if suggestion is not None:
        suggestion = canonical_item(suggestion) or suggestion
        return Problem(
            code,
            initiative=initiative,
            field=field,
            args={"value": value},
            hint_args={"suggestion": suggestion},
        )
    return Problem(
        code,
        initiative=initiative,
        field=field,
        args={"value": value},
        hint_key=f"{code}.hint-list",
        hint_args={"choices": "、".join(choices)},
    )


def _line_names(
    initiative_id: str, initiative: Initiative, names: Sequence[str], field: str
) -> Iterator[Problem]:
    known = [line.name for line in initiative.costs if line.name]
    for position, name in enumerate(names):
        if name not in known:
            yield _unknown_name(
                "unknown-cost-line", name, known, initiative_id, f"{field}.lines.{position}"
            )


def check_budget_names(plan: Plan) -> Iterator[Problem]:
    """節 and 財源区分 that are not in the lists, and 財源 naming lines that do not exist."""
    for initiative_id, initiative in plan.initiatives.items():
        if not (initiative.costs or initiative.financing or initiative.tax_allocation):
            continue  # most initiatives: no budget names to read
        for index, line in enumerate(initiative.costs):
            item = canonical_item(line.item) if line.item is not None else None
            if line.item is not None and item is None:
                yield _unknown_name(
                    "unknown-budget-item",
                    line.item,
                    [*BUDGET_ITEMS, *BUDGET_ITEM_ALIASES],
                    initiative_id,
                    f"costs.{index}.item",
                )
            if line.contract == "long-term" and item is not None and item not in LONG_TERM_ITEMS:
                yield Problem(
                    "long-term-contract-item",
                    Severity.WARNING,
                    initiative=initiative_id,
                    field=f"costs.{index}.contract",
                    args={"item": item, "items": "、".join(sorted(LONG_TERM_ITEMS))},
                )
        for index, entry in enumerate(initiative.financing):
            if entry.source not in FUNDING_SOURCES:
                yield _unknown_name(
                    "unknown-funding-source",
                    entry.source,
                    FUNDING_SOURCES,
                    initiative_id,
                    f"financing.{index}.source",
                )
            yield from _line_names(initiative_id, initiative, entry.lines, f"financing.{index}")
        for index, tax in enumerate(initiative.tax_allocation):
            yield from _line_names(initiative_id, initiative, tax.lines, f"tax_allocation.{index}")


def _is_past(plan: Plan, last_day: dt.date) -> bool:
    status_date = plan.plan.status_date
    return status_date is not None and last_day < status_date


def check_budget_report(plan: Plan, report: BudgetReport) -> Iterator[Problem]:
    """繰越明許費 the schedule needs, and 特定財源 declared beyond the cost they pay for.

    A 繰越 of a 年度 that ended before the status date is history and raises nothing.
    """
    month = plan.plan.fiscal_year_start_month
    for carry in report.carryovers:
        if _is_past(plan, fiscal_year_bounds(carry.budget_year, month)[1]):
            continue
        initiative = plan.initiatives[carry.initiative]
        index = _line_index(initiative, carry.line, carry.item)
        session = carry.session.isoformat() if carry.session is not None else "-"
        yield Problem(
            "carryover-needed",
            Severity.WARNING,
            initiative=carry.initiative,
            field=f"costs.{index}" if index is not None else "cost",
            args={
                "amount": _yen(carry.amount),
                "year": _year(carry.budget_year),
                "paid": _year(carry.paid_in),
                "finish": carry.finish.isoformat(),
                "session": session,
            },
        )
    for item in report.initiatives:
        if item.excess_financing > 0:
            yield Problem(
                "financing-above-cost",
                Severity.WARNING,
                initiative=item.id,
                field="financing",
                args={"excess": _yen(item.excess_financing)},
            )


def _line_index(initiative: Initiative, name: str | None, item: str) -> int | None:
    """The position of a line in ``costs`` (``None``: a line of the older ``cost`` table)."""
    for index, line in enumerate(initiative.costs):
        if line.name == name and (canonical_item(line.item or "") or line.item or "") == item:
            return index
    return None
