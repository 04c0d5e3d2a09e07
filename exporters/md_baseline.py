"""The planned-vs-baseline section of the Markdown report (``--baseline REV``)."""

from __future__ import annotations

from exporters.base import ExportOptions
from exporters.baseline_rows import baseline_header, baseline_table
from exporters.md_sections import md_table, md_text
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import text

__all__ = ["baseline_lines"]


def baseline_lines(analysis: Analysis, options: ExportOptions) -> list[str]:
    """``## 基準計画との比較 (REV)`` with one row per initiative; nothing without a baseline."""
    table = baseline_table(analysis, options)
    if not table:
        return []
    label = options.baseline_label or "baseline"
    lines = [
        f"## {md_text(text('export.baseline.title', options.lang, label=label))}",
        "",
        md_text(text("export.baseline.note", options.lang)),
        "",
    ]
    header = [md_text(cell) for cell in baseline_header(options)]
    # the slips are numbers we wrote (``+3``, ``-2``): no markup to escape
    rows = [[*(md_text(cell) for cell in cells[:4]), *cells[4:]] for _row, cells in table]
    lines.extend(md_table(header, rows, ["left", "left", "left", "left", "right", "right"]))
    return lines
