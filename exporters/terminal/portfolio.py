"""Terminal tables (Rich) of money, staffing and KPIs, for ``roadmap budget|staffing|kpi|level``.

Rich measures Japanese text in terminal cells, so columns line up whatever the script. Every
number comes from :mod:`roadmap.core.analysis.budget`, :mod:`roadmap.core.analysis.staffing`, :mod:`roadmap.core.analysis.kpi` and
:mod:`roadmap.core.analysis.leveling`; this module only lays them out. Plan text (ids, team names, KPI names,
funding) is printed literally and with control characters escaped
(:func:`exporters.terminal.safe.terminal_safe`).
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from exporters.budget_rows import BudgetTable, budget_tables, cell_text, request_tables
from exporters.terminal.safe import terminal_safe
from roadmap.core.analysis.budget import BudgetReport, format_number, format_yen
from roadmap.core.analysis.budget_request import BudgetRequest
from roadmap.core.analysis.kpi import KpiProgress
from roadmap.core.analysis.leveling import LevelingResult
from roadmap.core.analysis.staffing import StaffingReport
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import Lang, text

__all__ = [
    "budget_table",
    "cell_text",
    "format_number",
    "format_yen",
    "print_budget",
    "print_kpis",
    "print_leveling",
    "print_request",
    "print_staffing",
    "print_table",
]


#: The widest a budget table is drawn, in terminal cells (text columns wrap to fit).
MAX_CELLS = 100
#: A text column whose cells are all this narrow (a 年度, a 節) never wraps.
SHORT_TEXT = 20


def budget_table(table: BudgetTable, lang: Lang) -> Group:
    """One budget table as a Rich renderable: its title, the rows (計 in bold, a year over its
    cap in red), the notes dim below. The 節 and subject columns may wrap; amounts never do.
    ``roadmap budget`` prints it and the editor's budget tab shows it."""
    parts: list[RenderableType] = [Text(terminal_safe(table.title), style="bold")]
    if not table.rows:
        for line in table.extra or (text("budget_report.none", lang),):
            parts.append(Text(f"  {terminal_safe(line)}"))
        return Group(*parts)
    grid = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for index, name in enumerate(table.header):
        is_text = index < table.text_columns
        widest = max(cell_len(cell_text(row.cells[index], lang)) for row in table.rows)
        grid.add_column(
            name,
            justify="left" if is_text else "right",
            no_wrap=not is_text or widest <= SHORT_TEXT,
            overflow="fold" if is_text else "ellipsis",
        )
    for row in table.rows:
        style = "bold red" if row.alert else "bold" if row.total else None
        grid.add_row(
            *(Text(terminal_safe(cell_text(cell, lang))) for cell in row.cells), style=style
        )
    parts.append(grid)
    parts.extend(Text(terminal_safe(note), style="dim") for note in (*table.notes, *table.extra))
    return Group(*parts)


def print_table(table: BudgetTable, lang: Lang, console: Console) -> None:
    """One budget table (:func:`budget_table`), at most :data:`MAX_CELLS` wide."""
    console.print(budget_table(table, lang), width=min(console.width, MAX_CELLS))


def print_budget(report: BudgetReport, lang: Lang, console: Console) -> None:
    """年度別 (事業費, 特定財源, 一般財源 against the cap, 交付税 beside), 節別, 財源別,
    債務負担行為, 繰越明許費, 執行状況, 運用経費の増減 and 取組別, in 千円."""
    if not report.initiatives:
        console.print(text("budget.none", lang))
        return
    for index, table in enumerate(budget_tables(report, lang, short=True)):
        if index:
            console.print()
        print_table(table, lang, console)


def print_request(
    request: BudgetRequest,
    rule: str,
    lang: Lang,
    console: Console,
    baseline: str | None = None,
) -> None:
    """The 予算要求 of one 年度 (``roadmap budget --request YEAR``), in 千円."""
    title = text(
        "budget_report.request.title", lang, year=fiscal_year_label(request.fiscal_year, lang)
    )
    console.print(title, style="bold", markup=False, highlight=False)
    for table in request_tables(request, rule, lang, baseline):
        console.print()
        print_table(table, lang, console)


def print_staffing(report: StaffingReport, lang: Lang, console: Console) -> None:
    """Months down, teams across (load / capacity), then every overload with its causes."""
    if not report.cells:
        console.print(text("staffing.none", lang))
        return
    console.print(text("staffing.title", lang), style="bold")
    table = Table(header_style="bold")
    table.add_column(text("staffing.month", lang), no_wrap=True)
    for team in report.teams:
        capacity = report.capacities[team]
        limit = f"{capacity:g}" if capacity is not None else text("staffing.undeclared", lang)
        heading = f"{terminal_safe(team)}\n({text('staffing.capacity', lang)} {limit})"
        table.add_column(heading, justify="right")
    for month in report.months:
        row: list[str | Text] = [f"{month:%Y-%m}"]
        for team in report.teams:
            cell = report.cell(team, month)
            if cell is None:
                row.append("")
            elif cell.over:
                row.append(Text(f"▲{cell.load:.2f}", style="bold red"))
            else:
                row.append(f"{cell.load:.2f}")
        table.add_row(*row)
    console.print(table)
    console.print(text("staffing.rule", lang), style="dim")
    overloads = report.overloads
    if not overloads:
        console.print(text("staffing.no_overloads", lang))
        return
    console.print(text("staffing.overloads", lang), style="bold")
    listing = Table(header_style="bold")
    listing.add_column(text("staffing.month", lang), no_wrap=True)
    listing.add_column(text("staffing.team", lang), no_wrap=True)
    listing.add_column(text("staffing.load", lang), justify="right", no_wrap=True)
    listing.add_column(text("staffing.capacity", lang), justify="right", no_wrap=True)
    listing.add_column(text("staffing.causes", lang))
    for cell in overloads:
        causes = ", ".join(
            f"{terminal_safe(part.initiative)} ({part.load:.2f})" for part in cell.contributions
        )
        listing.add_row(
            f"{cell.month:%Y-%m}",
            terminal_safe(cell.team),
            f"{cell.load:.2f}",
            f"{cell.capacity:g}",
            causes,
        )
    console.print(listing)


def kpi_status_text(item: KpiProgress, lang: Lang) -> str:
    return text(f"kpi.status.{item.status}", lang)


def print_kpis(
    progress: list[KpiProgress], as_of: str | None, lang: Lang, console: Console
) -> None:
    """One row per KPI: baseline, target, actual, achievement, due date, status."""
    if not progress:
        console.print(text("kpi.none", lang))
        return
    title = text("kpi.title", lang, date=as_of) if as_of else text("kpi.title_no_date", lang)
    console.print(title, style="bold")
    table = Table(header_style="bold")
    for name in ("initiative", "name", "kind", "unit"):
        table.add_column(text(f"kpi.{name}", lang), no_wrap=name != "name")
    for name in ("baseline", "target", "actual", "achievement"):
        table.add_column(text(f"kpi.{name}", lang), justify="right", no_wrap=True)
    table.add_column(text("kpi.due", lang), no_wrap=True)
    table.add_column(text("kpi.status", lang), no_wrap=True)
    styles = {"behind": "yellow", "missed": "bold red", "achieved": "green"}
    for item in progress:
        percent = item.achievement_percent
        table.add_row(
            terminal_safe(item.initiative),
            terminal_safe(item.name),
            text(f"kpi.kind.{item.kind}", lang),
            terminal_safe(item.unit),
            format_number(item.baseline),
            format_number(item.target),
            format_number(item.actual),
            "-" if percent is None else f"{percent:.1f}%",
            item.due.isoformat() if item.due else "-",
            kpi_status_text(item, lang),
            style=styles.get(item.status),
        )
    console.print(table)


def print_leveling(result: LevelingResult, lang: Lang, console: Console) -> None:
    """The moves with their explanations, then what could not be resolved."""
    for problem in result.problems:  # work past the calendar's end stopped leveling short
        console.print(terminal_safe(problem.message(lang)), style="yellow", markup=False)
    if not result.moves and not result.remaining:
        if not result.problems:
            console.print(text("budget.level.none", lang))
        return
    console.print(text("budget.level.moves", lang, count=len(result.moves)), style="bold")
    for number, move in enumerate(result.moves, start=1):
        explanation = terminal_safe(move.explain(lang))
        console.print(f"{number}. {explanation}", markup=False, highlight=False)
    if result.remaining:
        items = ", ".join(
            f"{terminal_safe(conflict.team)} {conflict.when:%Y-%m}"
            if conflict.kind == "staffing"
            else fiscal_year_label(conflict.fiscal_year or 0, lang, short=True)
            for conflict in result.remaining
        )
        console.print(
            text("budget.level.unresolved", lang, count=len(result.remaining), items=items),
            style="yellow",
            markup=False,
        )
        console.print(text("budget.level.unresolved.hint", lang), style="dim")
