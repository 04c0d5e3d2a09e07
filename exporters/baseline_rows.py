"""Planned-vs-baseline rows shared by the Markdown and xlsx exports (labels and cells)."""

from __future__ import annotations

from exporters.base import ExportOptions
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


def _slip(days: int | None, options: ExportOptions) -> str:
    if days is None:
        return text("export.baseline.new", options.lang)
    return f"{days:+d}" if days else "0"


def baseline_table(
    analysis: Analysis, options: ExportOptions
) -> list[tuple[BaselineRow, list[str]]]:
    """Each row with its plain-text cells; empty without a baseline."""
    if options.baseline is None:
        return []
    table: list[tuple[BaselineRow, list[str]]] = []
    for row in baseline_rows(analysis, options.baseline):
        span = (
            f"{row.baseline_start} - {row.baseline_finish}"
            if row.baseline_start is not None
            else "—"
        )
        table.append(
            (
                row,
                [
                    row.id,
                    row.title,
                    span,
                    f"{row.start} - {row.finish}",
                    _slip(row.start_slip, options),
                    _slip(row.finish_slip, options),
                ],
            )
        )
    return table
