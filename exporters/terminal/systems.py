"""``roadmap systems``: the 20 標準化対象事務 as a table, and as JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from exporters.terminal.safe import terminal_safe
from roadmap.core.analysis.systems import SystemRow, systems_summary
from roadmap.core.i18n import Lang, text

__all__ = ["print_systems", "state_text", "summary_sentences", "systems_json", "usage_text"]


def state_text(row: SystemRow, lang: Lang) -> str:
    """未計画, 期限超過 (N日) or 期限内."""
    if not row.covered:
        return text("systems.state.uncovered", lang)
    if row.late:
        return text("systems.state.late", lang, days=row.late_by_days)
    return text("systems.state.ok", lang)


def usage_text(row: SystemRow, lang: Lang) -> str:
    """共同利用, 単独 or ``-``."""
    return text(f"systems.usage.{row.usage or 'unknown'}", lang)


def summary_sentences(rows: list[SystemRow], lang: Lang) -> list[str]:
    """How many 業務 are covered, uncovered and late; then 共同利用/単独 when any is given.
    Every face of the 20 業務 (terminal, Markdown, xlsx) ends with these."""
    summary = systems_summary(rows)
    sentences = [
        text(
            "systems.summary",
            lang,
            covered=summary.covered,
            uncovered=summary.uncovered,
            late=summary.late,
        )
    ]
    if summary.shared or summary.single:
        sentences.append(
            text("systems.summary.usage", lang, shared=summary.shared, single=summary.single)
        )
    return sentences


def print_systems(rows: list[SystemRow], lang: Lang, console: Console) -> None:
    """One row per 業務: initiative, vendor, use, cut-over, deadline, state; then a summary."""
    console.print(text("systems.title", lang), style="bold")
    table = Table(header_style="bold")
    for name in ("system", "initiative", "vendor", "usage", "cutover", "deadline", "state"):
        table.add_column(
            text(f"systems.column.{name}", lang), no_wrap=name not in ("initiative", "vendor")
        )
    for row in rows:
        deadline = row.deadline.isoformat()
        if row.specific:
            deadline += f" ({text('systems.state.specific', lang)})"
        initiative = "-" if row.initiative is None else f"{row.initiative} {row.title or ''}"
        table.add_row(
            row.system,
            terminal_safe(initiative.strip()),
            terminal_safe(row.vendor) if row.vendor else "-",
            usage_text(row, lang),
            row.cutover.isoformat() if row.cutover else "-",
            deadline,
            state_text(row, lang),
            style="bold red" if row.late else ("yellow" if not row.covered else None),
        )
    console.print(table)
    line = text("list.separator", lang).join(summary_sentences(rows, lang))
    console.print(line)


def systems_json(rows: list[SystemRow]) -> list[dict[str, Any]]:
    """The rows as JSON objects (keys do not change with ``--lang``)."""
    return [
        {
            "system": row.system,
            "initiative": row.initiative,
            "vendor": row.vendor,
            "usage": row.usage,
            "cutover": row.cutover.isoformat() if row.cutover else None,
            "deadline": row.deadline.isoformat(),
            "specific_migration": row.specific,
            "covered": row.covered,
            "late": row.late,
            "late_by_days": row.late_by_days if row.covered else None,
        }
        for row in rows
    ]
