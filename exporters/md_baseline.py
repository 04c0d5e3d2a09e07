"""The planned-vs-baseline section of the Markdown report (``--baseline REV``).

The plan-level line first (完了見込み before → after, in 開庁日 and about how many months), then
only the initiatives that changed, largest slip first (:mod:`exporters.baseline_rows`).
"""

from __future__ import annotations

from exporters.base import ExportOptions
from exporters.baseline_rows import baseline_header, baseline_table, baseline_title, plan_line
from exporters.md_sections import md_table, md_text
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import text

__all__ = ["baseline_lines"]


def baseline_lines(analysis: Analysis, options: ExportOptions) -> list[str]:
    """``## 基準計画との比較 (REV、date時点)``; nothing without a baseline."""
    table = baseline_table(analysis, options)
    if table is None:
        return []
    lang = options.lang
    lines = [f"## {md_text(baseline_title(options))}", ""]
    line = plan_line(analysis, options)
    if line is not None:
        lines.extend([f"**{md_text(line)}**", ""])
    if not table.rows:
        lines.append(md_text(text("baseline.none_changed", lang)))
        return lines
    note = (
        text("baseline.note_changed", lang, n=table.unchanged)
        if table.unchanged
        else text("baseline.note_changed_all", lang)
    )
    lines.extend([md_text(note), ""])
    header = [md_text(cell) for cell in baseline_header(options)]
    # the slips are numbers we wrote (``+3``, ``-2``): no markup to escape
    rows = [
        [*(md_text(cell) for cell in cells[:4]), cells[4], md_text(cells[5]) or "-"]
        for _row, cells in table.rows
    ]
    lines.extend(md_table(header, rows, ["left", "left", "left", "left", "right", "left"]))
    return lines
