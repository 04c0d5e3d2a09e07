"""The money, staffing and KPI sections of the Markdown report.

:func:`budget_sections` returns, for a plan that has them: 予算 by 年度 in 千円 (事業費,
特定財源, 一般財源 against the cap, 交付税算入見込み beside), 節別, 財源別, 債務負担行為,
繰越明許費, 執行状況, 運用経費の増減 (the tables of :mod:`exporters.budget_rows`), a staffing heatmap table (months down, teams across) and a KPI table with
achievement. Every number comes from :mod:`roadmap.core.analysis.budget`, :mod:`roadmap.core.analysis.staffing` and
:mod:`roadmap.core.analysis.kpi`; fiscal-year labels from :func:`roadmap.core.calendar.fiscal.fiscal_year_label`; every
text cell is escaped with :func:`exporters.md_sections.md_text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from exporters.budget_rows import (
    BudgetTable,
    Cell,
    budget_tables,
    cell_text,
    date_cell,
    unit_note,
)
from exporters.dates import shown_date
from exporters.md_sections import md_table, md_text
from roadmap.core.analysis.budget import BudgetReport, format_number, format_yen, to_thousands
from roadmap.core.analysis.kpi import KpiProgress, target_years
from roadmap.core.analysis.staffing import StaffingReport
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from exporters.base import ExportOptions
    from roadmap.core.analysis.pipeline import Analysis

__all__ = ["budget_lines", "budget_sections", "kpi_lines", "staffing_lines", "table_lines"]


def _escaped(labels: Sequence[str]) -> list[str]:
    return [md_text(label) for label in labels]


def _md_cell(cell: Cell, lang: Lang) -> str:
    """Plan text escaped; amounts and rates (digits, ``,``, ``▲``, ``%``, ``-``) as they are."""
    return md_text(cell) if isinstance(cell, str) else cell_text(cell, lang)


def table_lines(table: BudgetTable, lang: Lang, level: int = 3) -> list[str]:
    """One budget table as Markdown: a heading, the table (計 rows in bold, a year over its cap
    in bold with 超過), and its notes (the 千円 rounding rule first) as a paragraph."""
    lines = [f"{'#' * level} {md_text(table.title)}", ""]
    if not table.rows:
        lines.append(md_text(" ".join(table.extra) or text("budget_report.none", lang)))
        return lines
    rows: list[list[str]] = []
    for row in table.rows:
        cells = [_md_cell(cell, lang) for cell in row.cells]
        if row.total or row.alert:
            cells = [f"**{cell}**" if cell not in ("", "-") else cell for cell in cells]
        if row.alert:
            cells[0] += f" ({md_text(text('budget.over', lang))})"
        rows.append(cells)
    align = ["left"] * table.text_columns
    align += ["right"] * (len(table.header) - table.text_columns)
    lines += md_table(_escaped(table.header), rows, align)
    notes = [*table.notes, *table.extra]
    if notes:  # the unit (千円 and its rounding rule) on its own line, then the rest
        lines += ["", md_text(notes[0])]
    if len(notes) > 1:
        lines += ["", md_text(" ".join(notes[1:]))]
    return lines


def budget_lines(report: BudgetReport, lang: Lang, dates: str = "wareki") -> list[str]:
    """``## 年度別予算 (単位: 千円)`` and its tables: 節別, 財源別, 債務負担行為, 繰越明許費,
    執行状況, 運用経費の増減 (with each replacing line, like for like) and 取組別."""
    if not report.initiatives:
        return []
    lines: list[str] = []
    for index, table in enumerate(budget_tables(report, lang, dates=dates)):
        if index:
            lines.append("")
        lines += table_lines(table, lang, 2 if index == 0 else 3)
        if table.key == "running":
            lines += _replacement_lines(report, lang, dates)
    return lines


def _replacement_lines(report: BudgetReport, lang: Lang, dates: str) -> list[str]:
    """Per line replacing a system: running from, yearly cost after and before, the change."""
    rule = report.rounding
    found = [
        (f"{item.title} {line.name}" if line.name else item.title, line)
        for item in report.initiatives
        for line in item.lines
        if line.annual_before > 0
    ]
    if not found:
        return []
    header = [
        text("kpi.initiative", lang),
        text("budget.running_from", lang),
        text("budget.annual", lang),
        text("budget.annual_before", lang),
        text("budget.running_change", lang),
    ]
    rows = []
    for subject, line in found:
        after, before = to_thousands(line.annual, rule), to_thousands(line.annual_before, rule)
        rows.append(
            [
                md_text(subject),
                date_cell(line.running_from, lang, dates) if line.running_from else "-",
                format_yen(after, lang),
                format_yen(before, lang),
                format_yen(after - before, lang),
            ]
        )
    table = md_table(_escaped(header), rows, ["left", "left", "right", "right", "right"])
    return ["", *table, "", md_text(unit_note(rule, lang))]


def staffing_lines(report: StaffingReport, lang: Lang) -> list[str]:
    """``## 体制の負荷``: months down, teams across; over capacity in bold with ``▲``."""
    if not report.cells:
        return []
    header = [text("staffing.month", lang)]
    for team in report.teams:
        capacity = report.capacities[team]
        limit = f"{capacity:g}" if capacity is not None else text("staffing.undeclared", lang)
        header.append(f"{md_text(team)} ({md_text(text('staffing.capacity', lang))} {limit})")
    rows: list[list[str]] = []
    for month in report.months:
        row = [f"{month:%Y-%m}"]
        for team in report.teams:
            cell = report.cell(team, month)
            if cell is None:
                row.append("")
            elif cell.over:
                row.append(f"**▲{cell.load:.2f}**")
            else:
                row.append(f"{cell.load:.2f}")
        rows.append(row)
    lines = [f"## {md_text(text('staffing.title', lang))}", ""]
    lines += md_table(header, rows, ["left"] + ["right"] * len(report.teams))
    lines += ["", md_text(text("staffing.rule", lang))]
    overloads = report.overloads
    if overloads:
        lines += ["", f"### {md_text(text('staffing.overloads', lang))}", ""]
        for cell in overloads:
            causes = ", ".join(
                f"{md_text(part.initiative)} ({part.load:.2f})" for part in cell.contributions
            )
            lines.append(
                f"- {cell.month:%Y-%m} {md_text(cell.team)}: {cell.load:.2f} / "
                f"{cell.capacity:g} ({md_text(text('staffing.causes', lang))}: {causes})"
            )
    return lines


def kpi_lines(
    progress: list[KpiProgress], as_of: str | None, lang: Lang, dates: str = "wareki"
) -> list[str]:
    """``## KPI``: one row per indicator: 目標設定時, each 年度末 target, the final target,
    actual, achievement and status (悪化 rather than a negative achievement)."""
    if not progress:
        return []
    years = target_years(progress)
    header = [text(f"kpi.{name}", lang) for name in ("initiative", "name", "kind", "unit")]
    header.append(text("kpi.baseline", lang))
    header += [
        text("kpi.year_end", lang, year=fiscal_year_label(year, lang, short=True)) for year in years
    ]
    header += [text(f"kpi.{name}", lang) for name in ("target", "due", "actual")]
    header += [text(f"kpi.{name}", lang) for name in ("achievement", "status")]
    rows: list[list[str]] = []
    for item in progress:
        percent = item.achievement_percent
        status = md_text(text(f"kpi.status.{item.status}", lang))
        if item.status in ("behind", "missed", "worsened"):
            status = f"**{status}**"
        rows.append(
            [
                md_text(item.initiative_title),
                md_text(item.name),
                md_text(text(f"kpi.kind.{item.kind}", lang)),
                md_text(item.unit),
                format_number(item.baseline),
                *(format_number(item.targets.get(year)) for year in years),
                format_number(item.target),
                date_cell(item.due, lang, dates) if item.due else "-",
                format_number(item.actual),
                "-" if percent is None else f"{percent:.1f}%",
                status,
            ]
        )
    title = text("kpi.title", lang, date=as_of) if as_of else text("kpi.title_no_date", lang)
    align = ["left"] * 4 + ["right"] * (len(years) + 2) + ["left"] + ["right"] * 2 + ["left"]
    lines = [f"## {md_text(title)}", "", *md_table(_escaped(header), rows, align)]
    if any(item.status == "worsened" for item in progress):
        lines += ["", md_text(text("kpi.worsened_note", lang))]
    return lines


def budget_sections(analysis: Analysis, options: ExportOptions) -> list[str]:
    """The report's 予算, 運用経費の増減, 体制 and KPI sections (empty when the plan has none)."""
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None or analysis.has_errors or not schedule.initiatives:
        return []
    lang = options.lang
    report = analysis.budget
    assert report is not None
    sections = [
        budget_lines(report, lang, options.dates),
        staffing_lines(analysis.staffing, lang) if analysis.staffing is not None else [],
    ]
    as_of = options.as_of or plan.plan.status_date
    progress = analysis.kpis_at(as_of)
    shown_as_of = shown_date(as_of, options) if as_of else None
    sections.append(kpi_lines(progress, shown_as_of, lang, options.dates))
    lines: list[str] = []
    for section in sections:
        if section:
            if lines:
                lines.append("")
            lines.extend(section)
    return lines
