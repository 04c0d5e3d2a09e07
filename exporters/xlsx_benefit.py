"""The 費用対効果 sheet: per 年度 spending against the staff hours and running costs saved."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Font

from exporters.base import ExportOptions
from exporters.benefit_rows import (
    YEAR_FIELDS,
    benefit_notes,
    report_of,
    source_header,
    year_header,
)
from exporters.xlsx_cells import BOLD, HEADER_FILL, put_cell
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import text

__all__ = ["add_benefit_sheet"]

_YEN = "#,##0"
_HOURS = "#,##0.0"


def _header(sheet: Any, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = put_cell(sheet, row, column, label)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center")


def add_benefit_sheet(workbook: Any, analysis: Analysis, options: ExportOptions) -> None:
    """Add the sheet when a KPI declares the hours it saves."""
    report = report_of(analysis)
    if report is None:
        return
    lang = options.lang
    sheet = workbook.create_sheet(text("export.sheet.benefit", lang))
    put_cell(sheet, 1, 1, text("benefit.title", lang)).font = Font(bold=True, size=12)
    _header(sheet, 2, year_header(lang))
    row = 3
    for year in report.years:
        put_cell(sheet, row, 1, fiscal_year_label(year.fiscal_year, lang, short=True))
        for column, name in enumerate(YEAR_FIELDS, start=2):
            value = getattr(year, name)
            put_cell(sheet, row, column, value, _HOURS if name == "hours" else _YEN)
        row += 1
    row += 1
    for note in benefit_notes(report, options):
        put_cell(sheet, row, 1, note)
        row += 1
    row += 1
    put_cell(sheet, row, 1, text("benefit.sources", lang)).font = BOLD
    row += 1
    _header(sheet, row, source_header(lang))
    row += 1
    for saving in report.savings:
        values: tuple[object, ...] = (
            saving.initiative_title,
            saving.kpi_name,
            saving.hours_per_year,
            saving.yen_per_year,
            saving.effective_from,
        )
        for column, value in enumerate(values, start=1):
            cell = put_cell(sheet, row, column, value)
            if column in (3, 4):
                cell.number_format = _HOURS if column == 3 else _YEN
            elif column == 5:
                cell.number_format = "yyyy-mm-dd"
        row += 1
    sheet.freeze_panes = "B3"
    for letter, width in zip("ABCDEFGH", (40, 16, 12, 14, 14, 14, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
