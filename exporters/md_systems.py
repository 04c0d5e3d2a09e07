"""The 標準化対象事務 section of the Markdown report (``## 標準化対象事務 (20業務)``).

One row per 業務 of the 20 (:func:`roadmap.core.analysis.systems.system_rows`): the initiative
that migrates it, the vendor, 共同利用 or 単独, the cut-over (和暦 in Japanese reports), whether
it is a 特定移行支援システム, the deadline that applies and its state; then the 業務 no initiative
covers and those cut over after their deadline. Plans in which no initiative names a 業務
(``systems``) get no section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exporters.dates import shown_date
from exporters.md_sections import md_table, md_text
from exporters.terminal.systems import state_text, summary_sentences, usage_text
from roadmap.core.analysis.systems import SystemRow, system_rows
from roadmap.core.i18n import text

if TYPE_CHECKING:
    from exporters.base import ExportOptions
    from roadmap.core.analysis.pipeline import Analysis

__all__ = ["report_system_rows", "systems_section"]


def report_system_rows(analysis: Analysis) -> list[SystemRow] | None:
    """The rows a report shows, or ``None`` when the plan names no 業務."""
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None:
        return None
    if not any(initiative.systems for initiative in plan.initiatives.values()):
        return None
    return system_rows(plan, schedule)


def systems_section(analysis: Analysis, options: ExportOptions) -> list[str]:
    """The Markdown lines of the section (empty when the plan names no 業務)."""
    rows = report_system_rows(analysis)
    if rows is None:
        return []
    lang = options.lang
    columns = ("system", "initiative", "vendor", "usage", "cutover", "specific", "deadline")
    header = [md_text(text(f"systems.column.{name}", lang)) for name in (*columns, "state")]
    cells: list[list[str]] = []
    for row in rows:
        initiative = "-"
        if row.initiative is not None:
            initiative = f"{md_text(row.title or row.initiative)} (`{row.initiative}`)"
        state = md_text(state_text(row, lang))
        if row.late or not row.covered:
            state = f"**{state}**"
        cells.append(
            [
                md_text(row.system),
                initiative,
                md_text(row.vendor) if row.vendor else "-",
                md_text(usage_text(row, lang)) if row.usage else "-",
                shown_date(row.cutover, options, compact=True) if row.cutover else "-",
                md_text(text("systems.yes", lang)) if row.specific else "-",
                shown_date(row.deadline, options, compact=True),
                state,
            ]
        )
    lines = [
        f"## {md_text(text('systems.report.heading', lang))}",
        "",
        md_text(text("systems.report.intro", lang)),
        "",
        *md_table(header, cells),
        "",
        *(f"- {md_text(sentence)}" for sentence in summary_sentences(rows, lang)),
    ]
    separator = text("list.separator", options.lang)
    uncovered = [row.system for row in rows if not row.covered]
    if uncovered:
        names = separator.join(uncovered)
        lines.append(f"- {md_text(text('systems.report.uncovered', lang, names=names))}")
    late = [row.system for row in rows if row.late]
    if late:
        names = separator.join(late)
        lines.append(f"- **{md_text(text('systems.report.late', lang, names=names))}**")
    return lines
