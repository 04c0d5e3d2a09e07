"""The 基準比較 sheet of the xlsx export (``--baseline REV``).

The plan-level line (完了見込み before → after), then only the initiatives that changed, largest
finish slip first, with 区分, both spans, the slip in 開庁日 and what changed; later finishes shaded.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill

from exporters.base import ExportOptions
from exporters.baseline_rows import baseline_header, baseline_table, baseline_title, plan_line
from exporters.xlsx_cells import BOLD, HEADER_FILL, put_cell
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import text

__all__ = ["add_baseline_sheet"]

_LATE = PatternFill("solid", fgColor="FFF4CCCC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_WIDTHS = (48, 10, 24, 24, 12, 60)


def add_baseline_sheet(workbook: Any, analysis: Analysis, options: ExportOptions) -> None:
    """Add the sheet when a baseline was given."""
    table = baseline_table(analysis, options)
    if table is None:
        return
    lang = options.lang
    sheet = workbook.create_sheet(text("export.sheet.baseline", lang))
    put_cell(sheet, 1, 1, baseline_title(options)).font = Font(bold=True, size=12)
    line = plan_line(analysis, options)
    put_cell(sheet, 2, 1, line or "").font = BOLD
    if table.rows:
        note = (
            text("baseline.note_changed", lang, n=table.unchanged)
            if table.unchanged
            else text("baseline.note_changed_all", lang)
        )
        put_cell(sheet, 3, 1, note)
    else:
        put_cell(sheet, 3, 1, text("baseline.none_changed", lang))
    for column, name in enumerate(baseline_header(options), start=1):
        cell = put_cell(sheet, 4, column, name)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for offset, (row, cells) in enumerate(table.rows):
        target = offset + 5
        for column, value in enumerate(cells, start=1):
            if column == 5 and row.finish_slip is not None:
                cell = put_cell(sheet, target, column, row.finish_slip)
                if row.finish_slip > 0:
                    cell.fill = _LATE
                continue
            put_cell(sheet, target, column, " ".join(value.split())).alignment = _WRAP
    sheet.freeze_panes = "B5"
    for letter, width in zip("ABCDEF", _WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
