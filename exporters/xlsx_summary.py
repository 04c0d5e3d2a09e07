"""The 要約 sheet, the first of the workbook: the one-page summary for the 首長.

The facts (基準日, 完了見込み and its change since the baseline, 計画期限, this 年度's spending
against its cap), the deadlines at risk and the decisions, worded by
:mod:`exporters.summary_text`, with the result of the plan check at the bottom (so no sheet prints
only 「問題はありません」). Printed on one A4 landscape page.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Font

from exporters.base import ExportOptions
from exporters.summary_text import build_summary, is_business, summary_text
from exporters.xlsx_cells import BOLD, HEADER_FILL, put_cell, title_cell
from roadmap.core.analysis.period import plan_period
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import text

__all__ = ["fill_summary_sheet"]

_WRAP = Alignment(wrap_text=True, vertical="top")
_LABEL_WIDTH = 24.0
_TEXT_WIDTH = 110.0


def fill_summary_sheet(sheet: Any, analysis: Analysis, options: ExportOptions) -> None:
    """Write the summary on ``sheet`` (the caller sets its print setup)."""
    lang = options.lang
    plan = analysis.plan
    summary = build_summary(analysis, options)
    title = plan.plan.title if plan is not None else ""
    words = summary_text(summary, options, is_business(analysis)) if summary is not None else None
    heading = f"{title}  {words.title}" if words is not None else title
    title_cell(sheet, 1, " ".join(heading.split()))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    schedule = analysis.schedule
    if plan is not None and schedule is not None:
        period = plan_period(plan, schedule).label(lang)
        put_cell(sheet, 2, 1, f"{text('export.period', lang)} {period}")
    row = 4
    if words is not None and summary is not None:
        for label, value in words.facts:
            put_cell(sheet, row, 1, label).font = BOLD
            sheet.cell(row=row, column=1).fill = HEADER_FILL
            put_cell(sheet, row, 2, value).alignment = _WRAP
            row += 1
        row += 1
        put_cell(sheet, row, 1, words.risks_title).font = Font(bold=True, size=12)
        row += 1
        for line in words.risks:
            put_cell(sheet, row, 2, line).alignment = _WRAP
            row += 1
        row += 1
        put_cell(sheet, row, 1, words.decisions_title).font = Font(bold=True, size=12)
        row += 1
        for number, line in enumerate(words.decisions, start=1):
            if summary.decisions:
                put_cell(sheet, row, 1, str(number)).alignment = Alignment(horizontal="right")
            put_cell(sheet, row, 2, line).alignment = _WRAP
            row += 1
        if words.more is not None:
            put_cell(sheet, row, 2, words.more)
            row += 1
        row += 1
    if not analysis.problems:
        put_cell(sheet, row, 1, text("summary.checks_ok", lang))
    sheet.column_dimensions["A"].width = _LABEL_WIDTH
    sheet.column_dimensions["B"].width = _TEXT_WIDTH
