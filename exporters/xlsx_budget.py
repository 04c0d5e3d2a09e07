"""The 予算, 体制 and KPI sheets of the xlsx export.

予算: one row per fiscal year (initial, subsidy, running, total, net, cumulative, cap,
headroom; integer yen cells with a ``#,##0`` format so Excel sums them), then the running-cost
change and the money of each initiative. 体制: months down, teams across, loads as numbers,
cells over capacity filled red. KPI: one row per indicator, achievement as a percent cell.
Every number comes from :mod:`roadmap.core.analysis.budget`, :mod:`roadmap.core.analysis.staffing` and :mod:`roadmap.core.analysis.kpi`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from exporters.xlsx_cells import header_row, put_cell, title_cell
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


def _budget_sheet(sheet: Any, report: BudgetReport, lang: Lang) -> None:
    names = ("initial", "subsidy", "running", "total", "net_total", "cumulative_total")
    title_cell(sheet, 1, text("budget.title", lang))
    header_row(
        sheet,
        2,
        [text("budget.fiscal_year", lang)]
        + [text(f"budget.{name}", lang) for name in (*names, "cap", "headroom")],
    )
    row = 3
    for year in report.years:
        put_cell(sheet, row, 1, fiscal_year_label(year.fiscal_year, lang))
        for column, name in enumerate(names, start=2):
            put_cell(sheet, row, column, getattr(year, name), _YEN)
        put_cell(sheet, row, len(names) + 2, year.cap, _YEN)
        headroom = put_cell(sheet, row, len(names) + 3, year.headroom, _YEN)
        if year.over_cap:
            headroom.fill = _OVER_FILL
        row += 1
    row += 1
    title_cell(sheet, row, text("budget.running_title", lang))
    labels = ("running", "running_replaced", "running_change")
    header_row(
        sheet,
        row + 1,
        [text("budget.fiscal_year", lang)] + [text(f"budget.{name}", lang) for name in labels],
    )
    row += 2
    for year in report.years:
        put_cell(sheet, row, 1, fiscal_year_label(year.fiscal_year, lang))
        for column, name in enumerate(labels, start=2):
            put_cell(sheet, row, column, getattr(year, name), _YEN)
        row += 1
    row += 1
    title_cell(sheet, row, text("budget.initiatives_title", lang))
    header_row(
        sheet,
        row + 1,
        [
            text("kpi.initiative", lang),
            text("budget.booking", lang),
            text("budget.initial", lang),
            text("budget.subsidy", lang),
            text("budget.running", lang),
            text("budget.running_from", lang),
            text("budget.funding", lang),
        ],
    )
    row += 2
    for item in report.initiatives:
        put_cell(sheet, row, 1, item.title)
        put_cell(sheet, row, 2, text(f"budget.booking.{item.booking}", lang))
        put_cell(sheet, row, 3, item.initial, _YEN)
        put_cell(sheet, row, 4, item.subsidy, _YEN)
        put_cell(sheet, row, 5, item.running, _YEN)
        put_cell(sheet, row, 6, item.running_from, _DATE)
        put_cell(sheet, row, 7, item.funding or "")
        row += 1
    put_cell(sheet, row + 1, 1, text("budget.rules", lang))
    _widths(sheet, [24.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0])
    sheet.freeze_panes = "B3"


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
    """Append the 予算, 体制 and KPI sheets (each only when the plan has such data)."""
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None or analysis.has_errors or not schedule.initiatives:
        return
    lang = options.lang
    budget_name, staffing_name, kpi_name = (
        text(f"export.sheet.{name}", lang) for name in ("budget", "staffing", "kpi")
    )
    report = analysis.budget
    if report is not None and report.initiatives:
        _budget_sheet(workbook.create_sheet(budget_name), report, lang)
    staffing = analysis.staffing
    if staffing is not None and staffing.cells:
        _staffing_sheet(workbook.create_sheet(staffing_name), staffing, lang)
    as_of = options.as_of or plan.plan.status_date
    progress = analysis.kpis_at(as_of)
    if progress:
        _kpi_sheet(
            workbook.create_sheet(kpi_name), progress, as_of.isoformat() if as_of else None, lang
        )
