"""The 予算, 体制 and KPI sheets of the xlsx export.

予算: the tables of ``roadmap budget`` (:mod:`exporters.budget_rows`: 年度別, 節別, 財源別,
債務負担行為, 繰越明許費, 執行状況, 運用経費の増減, 取組別) one below the other, amounts as
numbers in 千円 (``#,##0``) with the rounding rule under each table. 予算要求(節・財源): 節 and
財源 down, 年度 across, in 千円, as a 財政課 lays out a request. 体制: months down, teams across, loads as numbers,
cells over capacity filled red. KPI: one row per indicator, achievement as a percent cell.
Every number comes from :mod:`roadmap.core.analysis.budget`, :mod:`roadmap.core.analysis.staffing` and :mod:`roadmap.core.analysis.kpi`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from exporters.budget_rows import BudgetTable, Rate, budget_tables, unit_note
from exporters.xlsx_cells import BOLD, header_row, put_cell, title_cell
from roadmap.core.analysis.budget import BudgetReport
from roadmap.core.analysis.kpi import KpiProgress, target_years
from roadmap.core.analysis.staffing import StaffingReport
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from openpyxl import Workbook

    from exporters.base import ExportOptions
    from roadmap.core.analysis.pipeline import Analysis

__all__ = ["add_budget_sheets"]

_YEN = "#,##0;[Red]-#,##0"
_FTE = "0.00"
_PERCENT = "0.0%"
_DATE = "yyyy-mm-dd"
_OVER_FILL = PatternFill(fill_type="solid", start_color="FFF4C7C3", end_color="FFF4C7C3")


def _widths(sheet: Any, widths: list[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _write_table(sheet: Any, row: int, table: BudgetTable, lang: Lang) -> int:
    """Write one budget table from ``row`` (title, header, rows, notes); the next free row.

    Amounts are numbers in 千円 (``#,##0``), 執行率 a percent cell; 計 rows are bold and a year
    over its cap is filled red."""
    title_cell(sheet, row, table.title)
    row += 1
    if not table.rows:
        for words in table.extra or (text("budget_report.none", lang),):
            put_cell(sheet, row, 1, words)
            row += 1
        return row + 1
    header_row(sheet, row, list(table.header))
    row += 1
    for line in table.rows:
        for column, cell in enumerate(line.cells, start=1):
            if isinstance(cell, Rate):
                written = put_cell(sheet, row, column, float(cell.value), _PERCENT)
            elif isinstance(cell, int):
                written = put_cell(sheet, row, column, cell, _YEN)
            else:
                written = put_cell(sheet, row, column, cell)
            if line.total:
                written.font = BOLD
            if line.alert:
                written.fill = _OVER_FILL
        row += 1
    for note in (*table.notes, *table.extra):
        put_cell(sheet, row, 1, note)
        row += 1
    return row + 1


def _budget_sheet(sheet: Any, report: BudgetReport, lang: Lang, dates: str) -> None:
    """The tables of ``roadmap budget`` one below the other, in 千円."""
    row = 1
    for table in budget_tables(report, lang, dates=dates):
        row = _write_table(sheet, row, table, lang)
    _widths(sheet, [30.0, 22.0, 18.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0])
    # the first column (年度, 節, 事項) stays; several tables, so no title rows to repeat
    sheet.freeze_panes = "B1"


def _request_sheet(sheet: Any, report: BudgetReport, lang: Lang) -> None:
    """予算要求(節・財源): the layout a 財政課 expects. Rows are the 節 (歳出) and, below, the 財源
    (特定財源, then 一般財源); columns the 年度 of the 計画期間 and their 計; 千円 with the
    rounding rule under the title. The 計 of both blocks is the same figure."""
    tables = {table.key: table for table in budget_tables(report, lang)}
    title_cell(sheet, 1, text("budget_report.sheet.title", lang))
    put_cell(sheet, 2, 1, unit_note(report.rounding, lang))
    row = 4
    for key, block in (("by_item", "items"), ("by_source", "sources")):
        table = tables[key]
        header_row(sheet, row, [text(f"budget_report.sheet.{block}", lang), *table.header[1:]])
        row += 1
        for line in table.rows:
            for column, cell in enumerate(line.cells, start=1):
                written = put_cell(sheet, row, column, cell, None if column == 1 else _YEN)
                if line.total:
                    written.font = BOLD
            row += 1
        row += 1
    for note in (
        text("budget_report.sums_note", lang),
        text(f"budget_report.cap_basis.{report.cap_basis}", lang),
        text("budget_report.tax_note", lang),
    ):
        put_cell(sheet, row, 1, note)
        row += 1
    _widths(sheet, [30.0, *([14.0] * (len(report.years) + 1))])
    sheet.freeze_panes = "B5"


def _staffing_sheet(sheet: Any, report: StaffingReport, lang: Lang) -> None:
    title_cell(sheet, 1, text("staffing.title", lang))
    header = [text("staffing.month", lang)]
    for team in report.teams:
        capacity = report.capacities[team]
        limit = f"{capacity:g}" if capacity is not None else text("staffing.undeclared", lang)
        header.append(f"{team} ({text('staffing.capacity', lang)} {limit})")
    header_row(sheet, 2, header)
    for row, month in enumerate(report.months, start=3):
        put_cell(sheet, row, 1, f"{month:%Y-%m}")
        for column, team in enumerate(report.teams, start=2):
            cell = report.cell(team, month)
            if cell is None:
                continue
            written = put_cell(sheet, row, column, round(cell.load, 3), _FTE)
            if cell.over:
                written.fill = _OVER_FILL
    put_cell(sheet, len(report.months) + 4, 1, text("staffing.rule", lang))
    _widths(sheet, [10.0] + [18.0] * len(report.teams))
    sheet.freeze_panes = "B3"


def _kpi_sheet(sheet: Any, progress: list[KpiProgress], as_of: str | None, lang: Lang) -> None:
    """As the Markdown KPI table: 目標設定時, one column per 年度末 target, final target, actual."""
    title = text("kpi.title", lang, date=as_of) if as_of else text("kpi.title_no_date", lang)
    title_cell(sheet, 1, title)
    years = target_years(progress)
    header = [text(f"kpi.{name}", lang) for name in ("initiative", "name", "kind", "unit")]
    header.append(text("kpi.baseline", lang))
    header += [
        text("kpi.year_end", lang, year=fiscal_year_label(year, lang, short=True)) for year in years
    ]
    header += [text(f"kpi.{name}", lang) for name in ("target", "due", "actual")]
    header += [text(f"kpi.{name}", lang) for name in ("achievement", "status")]
    header_row(sheet, 2, header)
    for row, item in enumerate(progress, start=3):
        values: list[object] = [
            item.initiative_title,
            item.name,
            text(f"kpi.kind.{item.kind}", lang),
            item.unit,
            item.baseline,
            *(item.targets.get(year) for year in years),
            item.target,
        ]
        for column, value in enumerate(values, start=1):
            put_cell(sheet, row, column, value)
        column = len(values) + 1
        put_cell(sheet, row, column, item.due, _DATE)
        put_cell(sheet, row, column + 1, item.actual)
        percent = item.achievement_percent
        put_cell(sheet, row, column + 2, None if percent is None else percent / 100, _PERCENT)
        status = put_cell(sheet, row, column + 3, text(f"kpi.status.{item.status}", lang))
        if item.status in ("behind", "missed", "worsened"):
            status.fill = _OVER_FILL
    if any(item.status == "worsened" for item in progress):
        put_cell(sheet, len(progress) + 4, 1, text("kpi.worsened_note", lang))
    widths = [28.0, 44.0, 10.0, 10.0, 12.0, *([12.0] * len(years)), 12.0, 12.0, 12.0, 10.0, 16.0]
    _widths(sheet, widths)
    sheet.freeze_panes = "C3"


def add_budget_sheets(workbook: Workbook, analysis: Analysis, options: ExportOptions) -> None:
    """Append the 予算, 予算要求(節・財源), 体制 and KPI sheets (each only when the plan has such data)."""
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None or analysis.has_errors or not schedule.initiatives:
        return
    lang = options.lang
    budget_name, staffing_name, kpi_name = (
        text(f"export.sheet.{name}", lang) for name in ("budget", "staffing", "kpi")
    )
    report = analysis.budget
    if report is not None and report.initiatives:
        _budget_sheet(workbook.create_sheet(budget_name), report, lang, options.dates)
        _request_sheet(
            workbook.create_sheet(text("budget_report.sheet.request", lang)), report, lang
        )
    staffing = analysis.staffing
    if staffing is not None and staffing.cells:
        _staffing_sheet(workbook.create_sheet(staffing_name), staffing, lang)
    as_of = options.as_of or plan.plan.status_date
    progress = analysis.kpis_at(as_of)
    if progress:
        _kpi_sheet(
            workbook.create_sheet(kpi_name), progress, as_of.isoformat() if as_of else None, lang
        )
