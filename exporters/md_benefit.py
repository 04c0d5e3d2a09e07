"""The 費用対効果 section of the Markdown report: per 年度 and cumulative, then the sources."""

from __future__ import annotations

from exporters.base import ExportOptions
from exporters.benefit_rows import (
    YEAR_FIELDS,
    benefit_notes,
    hours_text,
    report_of,
    source_cells,
    source_header,
    year_header,
)
from exporters.md_sections import md_table, md_text
from exporters.summary_text import yen_text
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import text

__all__ = ["benefit_lines"]


def benefit_lines(analysis: Analysis, options: ExportOptions) -> list[str]:
    """``## 費用対効果``; nothing when no KPI declares the hours it saves."""
    report = report_of(analysis)
    if report is None:
        return []
    lang = options.lang
    lines = [f"## {md_text(text('benefit.title', lang))}", ""]
    for note in benefit_notes(report, options):
        lines.extend([md_text(note), ""])
    rows: list[list[str]] = []
    for year in report.years:
        cells = [md_text(fiscal_year_label(year.fiscal_year, lang, short=True))]
        for name in YEAR_FIELDS:
            value = getattr(year, name)
            cells.append(hours_text(value) if name == "hours" else yen_text(value, lang))
        rows.append(cells)
    if report.years:
        last = report.years[-1]
        rows.append(
            [
                md_text(text("benefit.total", lang)),
                yen_text(last.cumulative_investment, lang),
                hours_text(sum(year.hours for year in report.years)),
                yen_text(sum(year.labor for year in report.years), lang),
                yen_text(sum(year.running_saved for year in report.years), lang),
                yen_text(last.cumulative_effect, lang),
                yen_text(last.cumulative_net, lang),
                yen_text(last.cumulative_net, lang),
            ]
        )
    header = [md_text(cell) for cell in year_header(lang)]
    lines.extend(md_table(header, rows, ["left", *["right"] * len(YEAR_FIELDS)]))
    lines.extend(["", f"### {md_text(text('benefit.sources', lang))}", ""])
    source_rows = [[md_text(cell) for cell in cells] for cells in source_cells(report, options)]
    lines.extend(
        md_table(
            [md_text(cell) for cell in source_header(lang)],
            source_rows,
            ["left", "left", "right", "right", "left"],
        )
    )
    return lines
