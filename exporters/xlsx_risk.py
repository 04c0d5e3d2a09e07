"""The リスク (Risk) sheet of the xlsx export: the schedule-risk simulation as tables.

From the top: the plan title and how the numbers were made; the CPM finish and the P50/P80/P95
finish dates (date cells); the chance of finishing by the CPM finish and by the plan deadline;
when the runs finish, by month or fiscal quarter; and one row per initiative with its estimate,
CPM finish, finish percentiles, deadline odds, criticality and sensitivity (percent cells, so
Excel can sort and chart them). The simulation is the Markdown report's
(:func:`exporters.md_risk.report_risk`): same seed, same runs, same numbers. Plans without a
three-point estimate get no sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from exporters.dates import shown_date
from exporters.md_risk import report_risk, spread_buckets
from exporters.risk_words import risk_plain_lines
from exporters.xlsx_cells import BOLD, header_row, put_cell
from roadmap.core.i18n import Lang, field_label, text

if TYPE_CHECKING:
    from openpyxl import Workbook

    from exporters.base import ExportOptions
    from roadmap.core.analysis.pipeline import Analysis
    from roadmap.core.analysis.risk_result import RiskResult

__all__ = ["add_risk_sheet"]

_DATE_FORMAT = "yyyy-mm-dd"
_PERCENT_FORMAT = "0.0%"
_WIDTHS = (22.0, 44.0, 16.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0)


def add_risk_sheet(workbook: Workbook, analysis: Analysis, options: ExportOptions) -> None:
    """Append the リスク sheet to ``workbook`` (nothing when there is nothing to simulate)."""
    result = report_risk(analysis)
    if result is None or analysis.plan is None:
        return
    lang = options.lang
    sheet = workbook.create_sheet(text("risk.sheet", lang))
    title = put_cell(sheet, 1, 1, f"{analysis.plan.plan.title}  {text('risk.title', lang)}")
    title.font = Font(bold=True, size=13)
    distribution = text(f"risk.distribution.{result.distribution}", lang)
    put_cell(
        sheet,
        2,
        1,
        text(
            "risk.method",
            lang,
            distribution=distribution,
            runs=f"{result.runs:,}",
            seed=result.seed,
        ),
    )
    row = 4
    for line in risk_plain_lines(result, lang, options.dates):
        put_cell(sheet, row, 1, line).font = BOLD
        row += 1
    row = _summary(sheet, row + 1, result, options)
    row = _spread(sheet, row + 1, result, lang, analysis.plan.plan.fiscal_year_start_month)
    _initiatives(sheet, row + 1, result, lang)
    for column, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _summary(sheet: Any, row: int, result: RiskResult, options: ExportOptions) -> int:
    """Finish dates and plan-level probabilities; returns the next free row."""
    lang = options.lang
    header_row(sheet, row, [text("risk.measure", lang), field_label("finish", lang)])
    row += 1
    put_cell(sheet, row, 1, text("risk.cpm_finish", lang))
    put_cell(sheet, row, 2, result.cpm_finish, _DATE_FORMAT)
    for percentile, day in result.finish_percentiles.items():
        row += 1
        put_cell(sheet, row, 1, text("risk.percentile", lang, p=percentile))
        put_cell(sheet, row, 2, day, _DATE_FORMAT)
    row += 2
    header_row(sheet, row, [text("risk.measure", lang), text("risk.probability", lang)])
    row += 1
    put_cell(sheet, row, 1, f"{text('risk.cpm', lang)} {shown_date(result.cpm_finish, options)}")
    put_cell(sheet, row, 2, result.cpm_finish_probability, _PERCENT_FORMAT)
    if result.deadline is not None:
        row += 1
        put_cell(
            sheet, row, 1, f"{field_label('deadline', lang)} {shown_date(result.deadline, options)}"
        )
        put_cell(sheet, row, 2, result.deadline_probability, _PERCENT_FORMAT)
    return row + 1


def _spread(sheet: Any, row: int, result: RiskResult, lang: Lang, fiscal_start_month: int) -> int:
    """When the runs finish; returns the next free row."""
    put_cell(sheet, row, 1, text("risk.finish_spread", lang)).font = BOLD
    row += 1
    labels = [text(key, lang) for key in ("risk.period", "risk.runs", "risk.share")]
    header_row(sheet, row, [*labels, text("risk.cumulative", lang)])
    for period, runs, share, cumulative in spread_buckets(result, lang, fiscal_start_month):
        row += 1
        put_cell(sheet, row, 1, period)
        put_cell(sheet, row, 2, runs)
        put_cell(sheet, row, 3, share, _PERCENT_FORMAT)
        put_cell(sheet, row, 4, cumulative, _PERCENT_FORMAT)
    return row + 1


def _initiatives(sheet: Any, row: int, result: RiskResult, lang: Lang) -> None:
    """One row per initiative: estimate, CPM finish, percentiles, deadline odds, criticality."""
    put_cell(sheet, row, 1, text("risk.initiatives", lang)).font = BOLD
    row += 1
    labels = [field_label("id", lang), field_label("title", lang), text("risk.estimate", lang)]
    labels.append(text("risk.cpm", lang))
    labels.extend(text("risk.finish_p", lang, p=p) for p in result.finish_percentiles)
    labels += [field_label("deadline", lang), text("risk.probability", lang)]
    labels += [text("risk.criticality", lang), text("risk.sensitivity", lang)]
    header_row(sheet, row, labels)
    table_top = row
    for item in result.initiatives:
        row += 1
        estimate = (
            " / ".join(str(days) for days in item.estimate_days) if item.estimate_days else ""
        )
        values: list[tuple[object, str | None]] = [
            (item.id, None),
            (item.title, None),
            (estimate or None, None),
            (item.cpm_finish, _DATE_FORMAT),
            *((day, _DATE_FORMAT) for day in item.finish_percentiles.values()),
            (item.deadline, _DATE_FORMAT),
            (item.deadline_probability, _PERCENT_FORMAT),
            (item.criticality, _PERCENT_FORMAT),
            (item.sensitivity, "0.00"),
        ]
        for column, (value, number_format) in enumerate(values, start=1):
            if value is not None:
                put_cell(sheet, row, column, value, number_format)
    sheet.auto_filter.ref = f"A{table_top}:{get_column_letter(len(labels))}{row}"
