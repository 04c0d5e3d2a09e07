"""The 標準化20業務 sheet of the xlsx export: the 20 標準化対象事務 as one filterable table.

Columns: 業務, the initiative (id and title), vendor, 共同利用/単独, cut-over and deadline (date
cells), 特定移行支援システム, and the state (未計画 and 期限超過 rows highlighted). The rows are the
Markdown report's (:func:`exporters.md_systems.report_system_rows`); plans that name no 業務 get
no sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from exporters.md_systems import report_system_rows
from exporters.terminal.systems import state_text, summary_sentences, usage_text
from exporters.xlsx_cells import header_row, put_cell
from roadmap.core.i18n import field_label, text

if TYPE_CHECKING:
    from openpyxl import Workbook

    from exporters.base import ExportOptions
    from roadmap.core.analysis.pipeline import Analysis

__all__ = ["add_systems_sheet"]

_DATE_FORMAT = "yyyy-mm-dd"
_WIDTHS = (16.0, 22.0, 36.0, 18.0, 10.0, 12.0, 12.0, 12.0, 16.0)
_LATE_FILL = PatternFill(fill_type="solid", start_color="FFF8D7DA", end_color="FFF8D7DA")
_UNCOVERED_FILL = PatternFill(fill_type="solid", start_color="FFFFF3CD", end_color="FFFFF3CD")


def add_systems_sheet(workbook: Workbook, analysis: Analysis, options: ExportOptions) -> None:
    """Append the 標準化20業務 sheet to ``workbook`` (nothing when the plan names no 業務)."""
    rows = report_system_rows(analysis)
    if rows is None or analysis.plan is None:
        return
    lang = options.lang
    sheet = workbook.create_sheet(text("systems.sheet", lang))
    title = f"{analysis.plan.plan.title}  {text('systems.report.heading', lang)}"
    put_cell(sheet, 1, 1, title).font = Font(bold=True, size=13)
    names = ("system", "initiative", "vendor", "usage", "cutover", "deadline", "specific")
    labels = [text(f"systems.column.{name}", lang) for name in names]
    labels.insert(2, field_label("title", lang))
    labels.append(text("systems.column.state", lang))
    header_row(sheet, 3, labels)
    row = 3
    for item in rows:
        row += 1
        values: list[tuple[object, str | None]] = [
            (item.system, None),
            (item.initiative, None),
            (item.title, None),
            (item.vendor, None),
            (usage_text(item, lang) if item.usage else None, None),
            (item.cutover, _DATE_FORMAT),
            (item.deadline, _DATE_FORMAT),
            (text("systems.yes" if item.specific else "systems.no", lang), None),
            (state_text(item, lang), None),
        ]
        fill = _LATE_FILL if item.late else (_UNCOVERED_FILL if not item.covered else None)
        for column, (value, number_format) in enumerate(values, start=1):
            cell = put_cell(sheet, row, column, value, number_format) if value is not None else None
            if fill is not None:
                (cell or sheet.cell(row=row, column=column)).fill = fill
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(labels))}{row}"
    for offset, sentence in enumerate(summary_sentences(rows, lang), start=2):
        put_cell(sheet, row + offset, 1, sentence)
    for column, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
