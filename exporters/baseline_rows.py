"""Planned-vs-baseline rows shared by the Markdown and xlsx exports (labels and cells)."""

from __future__ import annotations

import datetime as dt

from exporters.base import ExportOptions
from exporters.dates import shown_date
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.compare.baseline import BaselineRow, baseline_rows
from roadmap.core.i18n import field_label, text

__all__ = ["baseline_header", "baseline_table"]


def baseline_header(options: ExportOptions) -> list[str]:
    lang = options.lang
    return [
        field_label("id", lang),
        field_label("title", lang),
        text("export.baseline.span", lang),
        text("export.baseline.current", lang),
        text("export.baseline.start_slip", lang),
        text("export.baseline.finish_slip", lang),
    ]


def _slip(row: BaselineRow, days: int | None, options: ExportOptions) -> str:
    if days is None:
        # new, deleted (削除) or cancelled (中止)
        return text(f"export.baseline.{row.change or 'new'}", options.lang)
    return f"{days:+d}" if days else "0"


def _span(start: dt.date | None, finish: dt.date | None, options: ExportOptions) -> str:
    if start is None or finish is None:
        return "—"
    return (
        f"{shown_date(start, options, compact=True)} - {shown_date(finish, options, compact=True)}"
    )


def baseline_table(
    analysis: Analysis, options: ExportOptions
) -> list[tuple[BaselineRow, list[str]]]:
    """Each row with its plain-text cells; empty without a baseline."""
    if options.baseline is None:
        return []
    table: list[tuple[BaselineRow, list[str]]] = []
    for row in baseline_rows(analysis, options.baseline):
        table.append(
            (
                row,
                [
                    row.id,
                    row.title,
                    _span(row.baseline_start, row.baseline_finish, options),
                    _span(row.start, row.finish, options),
                    _slip(row, row.start_slip, options),
                    _slip(row, row.finish_slip, options),
                ],
            )
        )
    return table
