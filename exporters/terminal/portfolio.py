"""Terminal tables (Rich) of money, staffing and KPIs, for ``roadmap budget|staffing|kpi|level``.

Rich measures Japanese text in terminal cells, so columns line up whatever the script. Every
number comes from :mod:`roadmap.core.analysis.budget`, :mod:`roadmap.core.analysis.staffing`, :mod:`roadmap.core.analysis.kpi` and
:mod:`roadmap.core.analysis.leveling`; this module only lays them out. Plan text (ids, team names, KPI names,
funding) is printed literally and with control characters escaped
(:func:`exporters.terminal.safe.terminal_safe`).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from exporters.terminal.safe import terminal_safe
from roadmap.core.analysis.budget import BudgetReport, format_number, format_yen
from roadmap.core.analysis.kpi import KpiProgress
from roadmap.core.analysis.leveling import LevelingResult
from roadmap.core.analysis.staffing import StaffingReport
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import Lang, text

__all__ = [
    "format_number",
    "format_yen",
    "print_budget",
    "print_kpis",
    "print_leveling",
    "print_staffing",
]


def _money_table(lang: Lang, *names: str) -> Table:
    table = Table(header_style="bold")
    table.add_column(text("budget.fiscal_year", lang), no_wrap=True)
    for name in names:
        table.add_column(text(f"budget.{name}", lang), justify="right", no_wrap=True)
    return table


def print_budget(report: BudgetReport, lang: Lang, console: Console) -> None:
    """Years with caps and headroom, the running-cost change, and money by initiative."""
    if not report.initiatives:
        console.print(text("budget.none", lang))
        return
    console.print(text("budget.title", lang), style="bold")
    names = ("initial", "subsidy", "running", "total", "net_total", "cumulative_total")
    table = _money_table(lang, *names, "cap", "headroom")
    for year in report.years:
        values = [getattr(year, name) for name in names]
        table.add_row(
            fiscal_year_label(year.fiscal_year, lang),
            *(format_yen(value, lang) for value in values),
            format_yen(year.cap, lang),
            format_yen(year.headroom, lang),
            style="bold red" if year.over_cap else None,
        )
    table.add_row(
        text("budget.sum", lang),
        format_yen(sum(year.initial for year in report.years), lang),
        format_yen(sum(year.subsidy for year in report.years), lang),
        format_yen(sum(year.running for year in report.years), lang),
        format_yen(report.total, lang),
        format_yen(report.net_total, lang),
        "",
        "",
        "",
        style="bold",
    )
    console.print(table)
    if any(
        item.years and any(p.running_replaced for p in item.years) for item in report.initiatives
    ):
        console.print(text("budget.running_title", lang), style="bold")
        change = _money_table(lang, "running", "running_replaced", "running_change")
        for year in report.years:
            change.add_row(
                fiscal_year_label(year.fiscal_year, lang),
                format_yen(year.running, lang),
                format_yen(year.running_replaced, lang),
                format_yen(year.running_change, lang),
            )
        console.print(change)
    console.print(text("budget.initiatives_title", lang), style="bold")
    items = Table(header_style="bold")
    items.add_column("ID", no_wrap=True)
    items.add_column(text("budget.booking", lang), no_wrap=True)
    for name in ("initial", "subsidy", "running"):
        items.add_column(text(f"budget.{name}", lang), justify="right", no_wrap=True)
    items.add_column(text("budget.running_from", lang), no_wrap=True)
    items.add_column(text("budget.funding", lang))
    for item in report.initiatives:
        items.add_row(
            terminal_safe(item.id),
            text(f"budget.booking.{item.booking}", lang),
            format_yen(item.initial, lang),
            format_yen(item.subsidy, lang),
            format_yen(item.running, lang),
            item.running_from.isoformat(),
            terminal_safe(item.funding or ""),
        )
    console.print(items)
    console.print(text("budget.rules", lang), style="dim")


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
