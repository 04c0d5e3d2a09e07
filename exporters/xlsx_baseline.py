"""The 基準比較 sheet of the xlsx export (``--baseline REV``): baseline span, current span, slips."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Font, PatternFill

from exporters.base import ExportOptions
from exporters.baseline_rows import baseline_header, baseline_table
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import text

__all__ = ["add_baseline_sheet"]

_LATE = PatternFill("solid", fgColor="FFF4CCCC")


def add_baseline_sheet(workbook: Any, analysis: Analysis, options: ExportOptions) -> None:
    """Add the sheet when a baseline was given; slipped finishes are shaded."""
    table = baseline_table(analysis, options)
    if not table:
        return
    sheet = workbook.create_sheet(text("export.sheet.baseline", options.lang))
    label = options.baseline_label or "baseline"
    sheet.cell(row=1, column=1, value=text("export.baseline.title", options.lang, label=label))
    sheet.cell(row=1, column=1).font = Font(bold=True)
    for column, name in enumerate(baseline_header(options), start=1):
        sheet.cell(row=2, column=column, value=name).font = Font(bold=True)
    for offset, (row, cells) in enumerate(table):
        line = offset + 3
        for column, value in enumerate(cells[:4], start=1):
            sheet.cell(row=line, column=column, value=" ".join(value.split()))
        for column, slip in ((5, row.start_slip), (6, row.finish_slip)):
            cell = sheet.cell(
                row=line, column=column, value=slip if slip is not None else cells[column - 1]
            )
            if column == 6 and slip is not None and slip > 0:
                cell.fill = _LATE
    sheet.freeze_panes = "C3"
    for letter, width in zip("ABCDEF", (22, 48, 26, 26, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
