"""The budget tables a town reads, in 千円, built once and drawn by every face.

:func:`budget_tables` (``roadmap budget``, the Markdown report, the xlsx 予算 sheet) and
:func:`request_tables` (``roadmap budget --request YEAR``) turn the exact yen of
:mod:`roadmap.core.analysis.budget` and :mod:`roadmap.core.analysis.budget_request` into
:class:`BudgetTable` values: a title, a header, rows of cells and the notes printed under the
table. :mod:`exporters.terminal.portfolio`, :mod:`exporters.md_budget` and
:mod:`exporters.xlsx_budget` only lay them out.

千円
    Every amount is rounded by :func:`roadmap.core.analysis.budget.to_thousands` with the plan's
    ``[budget] rounding`` rule, and the rule is stated under each table
    (:func:`unit_note`). In a table with a 計, the 計 adds the rounded cells and 一般財源 is
    事業費 minus 特定財源 in 千円, so the 節 block and the 財源 block add up to the same 計, as
    a 財政課 checks them. The JSON keeps the exact yen.

Cells
    ``str`` is text, ``int`` an amount in 千円, ``Rate`` a ratio (執行率), ``None`` an empty
    amount (``-``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from roadmap.core.analysis.budget import (
    GENERAL,
    ITEM_ORDER,
    UNASSIGNED_ITEM,
    BudgetReport,
    Carryover,
    DebtBurden,
    format_yen,
    to_thousands,
)
from roadmap.core.analysis.budget_request import BudgetRequest, RequestLine
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.calendar.wareki import wareki_date, wareki_year
from roadmap.core.i18n import Lang, text
from roadmap.core.model.money import FUNDING_SOURCES

__all__ = [
    "BudgetTable",
    "Rate",
    "Row",
    "budget_tables",
    "cell_text",
    "date_cell",
    "era_label",
    "item_label",
    "period_label",
    "request_tables",
    "session_label",
    "unit_note",
    "year_label",
]


class Rate(NamedTuple):
    """A ratio shown as a percent (執行率)."""

    value: Fraction


Cell = str | int | Rate | None


@dataclass(frozen=True)
class Row:
    """One row: ``total`` for a 計 row, ``alert`` for a year over its cap."""

    cells: tuple[Cell, ...]
    total: bool = False
    alert: bool = False


@dataclass(frozen=True)
class BudgetTable:
    """A table of the budget: ``key`` names it (``summary``, ``by_item``, ``debts`` ...)."""

    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    #: Columns of text (from the left); the rest hold amounts.
    text_columns: int = 1
    #: A plain line instead of a table (a table with no rows and one note, e.g. 交付税).
    extra: tuple[str, ...] = field(default=())


def cell_text(cell: Cell, lang: Lang) -> str:
    """A cell as text: 千円 with ``,`` (▲ for a negative in Japanese), a percent, ``-``."""
    if cell is None:
        return "-"
    if isinstance(cell, Rate):
        return f"{float(cell.value):.1%}"
    if isinstance(cell, int):
        return format_yen(cell, lang)
    return cell


def unit_note(rule: str, lang: Lang) -> str:
    """``単位: 千円 (千円未満切上げ)`` for the plan's rounding rule."""
    return text(f"budget_report.unit.{rule}", lang)


def year_label(year: int, lang: Lang, short: bool) -> str:
    """``R9年度`` (short) or ``令和9年度 (2027年度)``; ``FY2027`` / ``FY2027 (Reiwa 9)``."""
    return fiscal_year_label(year, lang, short=short)


def era_label(year: int, lang: Lang) -> str:
    """``令和9年度`` (as a budget names its year); ``FY2027`` in English."""
    return fiscal_year_label(year, lang, short=lang == "en", western=False)


def item_label(item: str, lang: Lang) -> str:
    """A 節 as printed: ``節未設定`` for a line without one."""
    return item if item != UNASSIGNED_ITEM else text("budget_report.item.none", lang)


def period_label(first: int, last: int, lang: Lang) -> str:
    """``令和9年度〜令和13年度`` (``令和9年度`` for one year); ``FY2027-FY2031`` in English."""
    if first == last:
        return era_label(first, lang)
    return text(
        "budget_report.range", lang, first=era_label(first, lang), last=era_label(last, lang)
    )


def span_label(first: int, last: int, lang: Lang) -> str:
    """A 計画期間: ``令和7年度〜令和11年度``, ``FY2025-FY2029`` (one year or several)."""
    return text(
        "budget_report.range", lang, first=era_label(first, lang), last=era_label(last, lang)
    )


def session_label(day: dt.date | None, lang: Lang) -> str:
    """``令和9年3月定例会`` (``session of 3/2027``); ``定例会の設定なし`` without one."""
    if day is None:
        return text("budget_report.session.none", lang)
    year = wareki_year(day) if lang == "ja" else str(day.year)
    return text("budget_report.session.value", lang, year=year, month=day.month)


def date_cell(day: dt.date, lang: Lang, dates: str) -> str:
    """A date in a table: ``R8.1.5`` in Japanese (``--dates wareki``, the default), else ISO."""
    if lang == "ja" and dates == "wareki":
        return wareki_date(day, compact=True)
    return day.isoformat()


def _k(yen: int | None, rule: str) -> int | None:
    return None if yen is None else to_thousands(yen, rule)


def _line_subject(title: str, line: str | None) -> str:
    """事項: the initiative's title and the cost line's name."""
    return f"{title} {line}" if line else title


def _debt_row(debt: DebtBurden, rule: str, lang: Lang) -> Row:
    vote = session_label(debt.vote_session, lang)
    if debt.latest_session is not None and debt.latest_session != debt.vote_session:
        latest = session_label(debt.latest_session, lang)
        vote += f" ({text('budget_report.session.latest', lang, session=latest)})"
    return Row(
        (
            _line_subject(debt.title, debt.line),
            period_label(debt.first_year, debt.last_year, lang),
            text("budget_report.set_in.value", lang, year=era_label(debt.set_in, lang)),
            vote,
            to_thousands(debt.limit, rule),
        )
    )


def _debts_table(
    key: str, title: str, debts: Sequence[DebtBurden], rule: str, lang: Lang
) -> BudgetTable:
    header = tuple(
        text(f"budget_report.{name}", lang)
        for name in ("subject", "period", "set_in", "session", "limit")
    )
    rows = tuple(_debt_row(debt, rule, lang) for debt in debts)
    return BudgetTable(key, title, header, rows, (unit_note(rule, lang),), text_columns=4)


def _carry_row(carry: Carryover, rule: str, lang: Lang, dates: str) -> Row:
    return Row(
        (
            _line_subject(carry.title, carry.line),
            era_label(carry.budget_year, lang),
            era_label(carry.paid_in, lang),
            date_cell(carry.finish, lang, dates),
            session_label(carry.session, lang),
            to_thousands(carry.amount, rule),
        )
    )


def _carry_table(
    key: str,
    title: str,
    carries: Sequence[Carryover],
    rule: str,
    lang: Lang,
    dates: str = "wareki",
) -> BudgetTable:
    header = tuple(
        text(f"budget_report.{name}", lang)
        for name in ("subject", "budget_year", "paid_in", "finish", "session", "amount")
    )
    rows = tuple(_carry_row(carry, rule, lang, dates) for carry in carries)
    return BudgetTable(key, title, header, rows, (unit_note(rule, lang),), text_columns=5)


class _YearK(NamedTuple):
    """One 年度 in 千円, consistent: total = Σ 節, general = total - Σ 特定財源."""

    items: dict[str, int]
    sources: dict[str, int]
    total: int
    specific: int
    general: int


def _year_k(
    by_item: Iterable[tuple[str, int]], by_source: Iterable[tuple[str, int]], rule: str
) -> _YearK:
    items = {name: to_thousands(yen, rule) for name, yen in by_item}
    sources = {name: to_thousands(yen, rule) for name, yen in by_source if name != GENERAL}
    total = sum(items.values())
    specific = sum(sources.values())
    return _YearK(items, sources, total, specific, total - specific)


def _matrix(
    corner: str,
    names: Sequence[tuple[str, str]],
    columns: Sequence[dict[str, int]],
    labels: Sequence[str],
    lang: Lang,
) -> tuple[tuple[str, ...], list[Row]]:
    """Rows ``names`` (key, label) by the ``columns`` (one mapping per 年度) with their 計."""
    header = (corner, *labels, text("budget.sum", lang))
    rows = []
    for name, label in names:
        cells = [column.get(name, 0) for column in columns]
        rows.append(Row((label, *cells, sum(cells))))
    return header, rows


def budget_tables(
    report: BudgetReport, lang: Lang, *, short: bool = False, dates: str = "wareki"
) -> list[BudgetTable]:
    """Every table of ``roadmap budget`` in order: 年度別, 節別, 財源別, 債務負担行為,
    繰越明許費, 執行状況, 運用経費の増減, 取組別. ``short`` labels the 年度 ``R9年度`` (the
    terminal, to stay within 100 cells); ``dates`` is the report's ``--dates`` style. Initiatives
    are named by their titles, as their readers know them."""
    rule = report.rounding
    unit = unit_note(rule, lang)
    years = [_year_k(year.by_item, year.by_source, rule) for year in report.years]
    labels = [year_label(year.fiscal_year, lang, short) for year in report.years]
    tables: list[BudgetTable] = []
    # 年度別: 事業費, 特定財源, 一般財源, cap and headroom on the basis, 交付税 beside
    basis = report.cap_basis if report.cap_basis in ("general", "gross") else "general"
    header: tuple[str, ...] = (
        text("budget.fiscal_year", lang),
        text("budget_report.total", lang),
        text("budget_report.specific", lang),
        text("budget_report.general", lang),
        text(f"budget_report.cap.{basis}", lang),
        text("budget_report.headroom", lang),
        text("budget_report.tax", lang),
    )
    rows: list[Row] = []
    taxes = [to_thousands(year.tax_allocation, rule) for year in report.years]
    for year, money, label, tax in zip(report.years, years, labels, taxes, strict=True):
        cap = _k(year.cap, rule)
        capped = money.total if basis == "gross" else money.general
        rows.append(
            Row(
                (
                    label,
                    money.total,
                    money.specific,
                    money.general,
                    cap,
                    None if cap is None else cap - capped,
                    tax,
                ),
                alert=year.over_cap,
            )
        )
    rows.append(
        Row(
            (
                text("budget.sum", lang),
                sum(money.total for money in years),
                sum(money.specific for money in years),
                sum(money.general for money in years),
                None,
                None,
                sum(taxes),
            ),
            total=True,
        )
    )
    notes = [
        unit,
        text("budget_report.sums_note", lang),
        text(f"budget_report.cap_basis.{basis}", lang),
        text("budget_report.tax_note", lang),
        text("budget_report.rules", lang),
    ]
    if report.outside:
        notes.append(
            text("budget_report.outside", lang, amount=f"{to_thousands(report.outside, rule):,}")
        )
    tables.append(
        BudgetTable("summary", text("budget_report.title", lang), header, tuple(rows), tuple(notes))
    )
    # 節別
    rank = {name: index for index, name in enumerate(ITEM_ORDER)}
    items = sorted(
        {name for money in years for name in money.items},
        key=lambda name: (rank.get(name, len(rank)), name),
    )
    title = text("budget_report.by_item_title", lang)
    header, item_rows = _matrix(
        text("budget_report.item", lang),
        [(name, item_label(name, lang)) for name in items],
        [money.items for money in years],
        labels,
        lang,
    )
    totals = [money.total for money in years]
    item_rows.append(Row((text("budget.sum", lang), *totals, sum(totals)), total=True))
    tables.append(
        BudgetTable(
            "by_item",
            title,
            header,
            tuple(item_rows),
            (unit, text("budget_report.sums_note", lang)),
        )
    )
    # 財源別: the 特定財源 in order, 一般財源 last, 計, then 交付税算入見込み apart
    sources = [name for name in FUNDING_SOURCES if any(money.sources.get(name) for money in years)]
    columns = [{**money.sources, GENERAL: money.general} for money in years]
    title = text("budget_report.by_source_title", lang)
    header, source_rows = _matrix(
        text("budget_report.source", lang),
        [(name, name) for name in sources] + [(GENERAL, text("budget_report.general_row", lang))],
        columns,
        labels,
        lang,
    )
    source_rows.append(Row((text("budget.sum", lang), *totals, sum(totals)), total=True))
    if any(taxes):
        source_rows.append(Row((text("budget_report.tax_row", lang), *taxes, sum(taxes))))
    tables.append(
        BudgetTable(
            "by_source",
            title,
            header,
            tuple(source_rows),
            (unit, text("budget_report.tax_note", lang)),
        )
    )
    if report.debts:
        tables.append(
            _debts_table("debts", text("budget_report.debts_title", lang), report.debts, rule, lang)
        )
    if report.carryovers:
        tables.append(
            _carry_table(
                "carryovers",
                text("budget_report.carryovers_title", lang),
                report.carryovers,
                rule,
                lang,
                dates,
            )
        )
    actuals = _actuals_table(report, lang)
    if actuals is not None:
        tables.append(actuals)
    if any(year.running_replaced for year in report.years):
        header = (
            text("budget.fiscal_year", lang),
            text("budget.running", lang),
            text("budget.running_replaced", lang),
            text("budget.running_change", lang),
        )
        running_rows = []
        for year, label in zip(report.years, labels, strict=True):
            running, replaced = (
                to_thousands(year.running, rule),
                to_thousands(year.running_replaced, rule),
            )
            running_rows.append(Row((label, running, replaced, running - replaced)))
        tables.append(
            BudgetTable(
                "running",
                text("budget_report.running_title", lang),
                header,
                tuple(running_rows),
                (unit,),
            )
        )
    tables.append(_initiatives_table(report, lang, dates))
    financing = _financing_table(report, lang)
    if financing is not None:
        tables.append(financing)
    return tables


def _initiatives_table(report: BudgetReport, lang: Lang, dates: str) -> BudgetTable:
    """取組別: booking, running from, the funding text of older plans, and the money."""
    rule = report.rounding
    funding = any(item.funding for item in report.initiatives)
    header = (
        text("budget_report.initiative", lang),
        text("budget.booking", lang),
        text("budget.running_from", lang),
        *((text("budget.funding", lang),) if funding else ()),
        text("budget_report.total", lang),
        text("budget_report.specific", lang),
        text("budget_report.general", lang),
        text("budget_report.tax", lang),
    )
    rows = []
    for item in report.initiatives:
        total, specific = to_thousands(item.total, rule), to_thousands(item.subsidy, rule)
        tax = sum(yen for *_, yen in item.tax_allocations)
        rows.append(
            Row(
                (
                    item.title,
                    text(f"budget.booking.{item.booking}", lang),
                    date_cell(item.running_from, lang, dates),
                    *((item.funding or "",) if funding else ()),
                    total,
                    specific,
                    total - specific,
                    to_thousands(tax, rule),
                )
            )
        )
    return BudgetTable(
        "initiatives",
        text("budget_report.initiatives_title", lang),
        header,
        tuple(rows),
        (unit_note(rule, lang),),
        text_columns=4 if funding else 3,
    )


def _financing_table(report: BudgetReport, lang: Lang) -> BudgetTable | None:
    """特定財源の内訳: each 財源 of each initiative by 年度 (its name as declared)."""
    rule = report.rounding
    found: dict[tuple[str, str, str], dict[int, int]] = {}
    for item in report.initiatives:
        for year, source, name, yen in item.financing:
            key = (item.title, source, name or "")
            found.setdefault(key, {})
            found[key][year] = found[key].get(year, 0) + yen
    if not found:
        return None
    header = (
        text("budget_report.initiative", lang),
        text("budget_report.source", lang),
        text("budget_report.name", lang),
        text("budget_report.amount", lang),
    )
    rows = tuple(
        Row((subject, source, name, sum(to_thousands(yen, rule) for yen in years.values())))
        for (subject, source, name), years in found.items()
    )
    return BudgetTable(
        "financing",
        text("budget_report.financing_title", lang),
        header,
        rows,
        (unit_note(rule, lang),),
        text_columns=3,
    )


def _rate(spent: int | None, budget: int | None) -> Rate | None:
    if spent is None or not budget:
        return None
    return Rate(Fraction(spent, budget))


def _actuals_table(report: BudgetReport, lang: Lang) -> BudgetTable | None:
    """予算額, 執行額/決算額, 執行率 and the difference from plan, per line and 年度 (a 計 row
    per 年度 with more than one line)."""
    rule = report.rounding
    found: dict[int, list[tuple[str, str, int, int | None, int | None, Rate | None]]] = {}
    for item in report.initiatives:
        for line in item.lines:
            for year, budget, spent, settled in line.actuals:
                state = ""
                if spent is not None:
                    state = text(f"budget_report.{'settled' if settled else 'to_date'}", lang)
                found.setdefault(year, []).append(
                    (
                        _line_subject(item.title, line.name),
                        state,
                        to_thousands(line.planned(year), rule),
                        _k(budget, rule),
                        _k(spent, rule),
                        _rate(spent, budget),
                    )
                )
    if not found:
        return None
    rows: list[Row] = []
    for year in sorted(found):
        label = era_label(year, lang)
        for subject, state, planned, budget_k, spent_k, rate in found[year]:
            difference = None if spent_k is None else spent_k - planned
            rows.append(Row((label, subject, state, planned, budget_k, spent_k, rate, difference)))
        if len(found[year]) > 1:
            planned_sum = sum(entry[2] for entry in found[year])
            budgets = [entry[3] for entry in found[year] if entry[3] is not None]
            spents = [entry[4] for entry in found[year] if entry[4] is not None]
            spent_sum = sum(spents) if spents else None
            summary = report.year(year)
            rows.append(
                Row(
                    (
                        label,
                        text("budget.sum", lang),
                        "",
                        planned_sum,
                        sum(budgets) if budgets else None,
                        spent_sum,
                        None if summary is None else _rate(summary.spent, summary.budgeted),
                        None if spent_sum is None else spent_sum - planned_sum,
                    ),
                    total=True,
                )
            )
    header = (
        text("budget.fiscal_year", lang),
        text("budget_report.subject", lang),
        text("budget_report.state", lang),
        text("budget_report.planned", lang),
        text("budget_report.budgeted", lang),
        text("budget_report.spent", lang),
        text("budget_report.rate", lang),
        text("budget_report.vs_plan", lang),
    )
    notes = (unit_note(rule, lang), text("budget_report.actuals_note", lang))
    return BudgetTable(
        "actuals",
        text("budget_report.actuals_title", lang),
        header,
        tuple(rows),
        notes,
        text_columns=3,
    )


# -- the 予算要求 ---------------------------------------------------------------------------


def _request_block(
    key: str,
    title: str,
    corner: str,
    names: Sequence[tuple[str, str]],
    amounts: dict[str, int],
    previous: dict[str, int],
    lang: Lang,
    unit: str,
) -> BudgetTable:
    header = (
        corner,
        text("budget_report.request.amount", lang),
        text("budget_report.request.previous", lang),
        text("budget_report.request.change", lang),
    )
    rows = [
        Row(
            (
                label,
                amounts.get(name, 0),
                previous.get(name, 0),
                amounts.get(name, 0) - previous.get(name, 0),
            )
        )
        for name, label in names
    ]
    now, before = sum(amounts.values()), sum(previous.values())
    rows.append(Row((text("budget.sum", lang), now, before, now - before), total=True))
    return BudgetTable(
        key, title, header, tuple(rows), (unit, text("budget_report.sums_note", lang))
    )


def _supplementary_rows(request: BudgetRequest, rule: str, lang: Lang) -> list[Row]:
    lines: list[tuple[RequestLine, str]] = []
    for line in request.supplementary or ():
        kind = "increase" if line.supplementary > 0 else "decrease"
        lines.append((line, text(f"budget_report.request.{kind}", lang)))
    lines.extend((line, text("budget_report.request.removed", lang)) for line in request.removed)
    rows = []
    for line, kind in lines:
        before = to_thousands(line.baseline or 0, rule)
        now = to_thousands(line.amount, rule)
        rows.append(
            Row(
                (
                    _line_subject(line.title, line.line),
                    item_label(line.item, lang),
                    kind,
                    before,
                    now,
                    now - before,
                )
            )
        )
    return rows


def request_tables(
    request: BudgetRequest, rule: str, lang: Lang, baseline: str | None = None
) -> list[BudgetTable]:
    """The tables of ``roadmap budget --request YEAR``: 節別 and 財源別 with 前年度 and 増減,
    new and continuing 債務負担行為, 繰越 in and out, 交付税算入見込み, and with a baseline the
    lines needing a 補正予算."""
    unit = unit_note(rule, lang)
    item_now = {row.key: to_thousands(row.amount, rule) for row in request.by_item}
    item_before = {row.key: to_thousands(row.previous, rule) for row in request.by_item}
    source_now = {
        row.key: to_thousands(row.amount, rule) for row in request.by_source if row.key != GENERAL
    }
    source_before = {
        row.key: to_thousands(row.previous, rule) for row in request.by_source if row.key != GENERAL
    }
    source_now[GENERAL] = sum(item_now.values()) - sum(source_now.values())
    source_before[GENERAL] = sum(item_before.values()) - sum(source_before.values())
    tables = [
        _request_block(
            "by_item",
            text("budget_report.by_item_title", lang),
            text("budget_report.item", lang),
            [(row.key, item_label(row.key, lang)) for row in request.by_item],
            item_now,
            item_before,
            lang,
            unit,
        ),
        _request_block(
            "by_source",
            text("budget_report.by_source_title", lang),
            text("budget_report.source", lang),
            [(row.key, row.key) for row in request.by_source if row.key != GENERAL]
            + [(GENERAL, text("budget_report.general_row", lang))],
            source_now,
            source_before,
            lang,
            unit,
        ),
        _debts_table(
            "new_debts",
            text("budget_report.request.new_debts", lang),
            request.new_debts,
            rule,
            lang,
        ),
    ]
    header = tuple(
        text(f"budget_report.{name}", lang)
        for name in ("subject", "period", "set_in", "limit", "request.this_year")
    )
    continuing = tuple(
        Row(
            (
                _line_subject(debt.title, debt.line),
                period_label(debt.first_year, debt.last_year, lang),
                text("budget_report.set_in.value", lang, year=era_label(debt.set_in, lang)),
                to_thousands(debt.limit, rule),
                to_thousands(paid, rule),
            )
        )
        for debt, paid in request.continuing_debts
    )
    tables.append(
        BudgetTable(
            "continuing_debts",
            text("budget_report.request.continuing_debts", lang),
            header,
            continuing,
            (unit,),
            text_columns=3,
        )
    )
    tables.append(
        _carry_table(
            "carried_in",
            text("budget_report.request.carried_in", lang),
            request.carried_in,
            rule,
            lang,
        )
    )
    tables.append(
        _carry_table(
            "carried_out",
            text("budget_report.request.carried_out", lang),
            request.carried_out,
            rule,
            lang,
        )
    )
    tax = to_thousands(request.tax_allocation, rule)
    tables.append(
        BudgetTable(
            "tax_allocation",
            text("budget_report.tax_title", lang),
            (),
            (),
            (),
            extra=(
                text("budget_report.request.tax", lang, amount=f"{tax:,}"),
                text("budget_report.tax_note", lang),
            ),
        )
    )
    if request.supplementary is not None:
        header = (
            text("budget_report.subject", lang),
            text("budget_report.item", lang),
            text("budget_report.state", lang),
            text("budget_report.request.initial", lang),
            text("budget_report.request.current", lang),
            text("budget_report.request.change", lang),
        )
        rows = _supplementary_rows(request, rule, lang)
        extra = () if rows else (text("budget_report.request.no_supplementary", lang),)
        tables.append(
            BudgetTable(
                "supplementary",
                text("budget_report.request.supplementary", lang, baseline=baseline or ""),
                header,
                tuple(rows),
                (unit,) if rows else (),
                text_columns=3,
                extra=extra,
            )
        )
    return tables
