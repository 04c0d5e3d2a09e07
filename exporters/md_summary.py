"""The one-page summary for the 首長 at the top of the Markdown report."""

from __future__ import annotations

from exporters.base import ExportOptions
from exporters.md_sections import md_table, md_text
from exporters.summary_text import build_summary, is_business, summary_text
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import text

__all__ = ["summary_page_lines"]


def summary_page_lines(analysis: Analysis, options: ExportOptions) -> list[str]:
    """``## 首長報告用の要約``: a facts table, the deadlines at risk, the decisions (numbered)."""
    summary = build_summary(analysis, options)
    if summary is None:
        return []
    words = summary_text(summary, options, is_business(analysis))
    lang = options.lang
    header = [md_text(text("export.item", lang)), md_text(text("export.value", lang))]
    rows = [[md_text(label), md_text(value)] for label, value in words.facts]
    lines = [f"## {md_text(words.title)}", "", *md_table(header, rows), ""]
    lines.extend([f"### {md_text(words.risks_title)}", ""])
    lines.extend(f"- {md_text(line)}" for line in words.risks)
    lines.extend(["", f"### {md_text(words.decisions_title)}", ""])
    if summary.decisions:
        lines.extend(f"{n}. {md_text(line)}" for n, line in enumerate(words.decisions, start=1))
    else:
        lines.extend(md_text(line) for line in words.decisions)
    if words.more is not None:
        lines.extend(["", md_text(words.more)])
    return lines
