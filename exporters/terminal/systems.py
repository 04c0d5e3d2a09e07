"""``roadmap systems``: the 20 標準化対象事務 as a table, and as JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from exporters.terminal.safe import terminal_safe
from roadmap.core.analysis.systems import SystemRow
from roadmap.core.i18n import Lang, text

__all__ = ["print_systems", "systems_json"]


def _state(row: SystemRow, lang: Lang) -> str:
    if not row.covered:
        return text("systems.state.uncovered", lang)
    if row.late:
        return text("systems.state.late", lang, days=row.late_by_days)
    return text("systems.state.ok", lang)


def print_systems(rows: list[SystemRow], lang: Lang, console: Console) -> None:
    """One row per 業務: initiative, cut-over, deadline, state; then a one-line summary."""
    console.print(text("systems.title", lang), style="bold")
    table = Table(header_style="bold")
    for name in ("system", "initiative", "cutover", "deadline", "state"):
        table.add_column(text(f"systems.column.{name}", lang), no_wrap=name != "initiative")
    for row in rows:
        deadline = row.deadline.isoformat()
        if row.specific:
            deadline += f" ({text('systems.state.specific', lang)})"
        initiative = "-" if row.initiative is None else f"{row.initiative} {row.title or ''}"
        table.add_row(
            row.system,
            terminal_safe(initiative.strip()),
            row.cutover.isoformat() if row.cutover else "-",
            deadline,
            _state(row, lang),
            style="bold red" if row.late else ("yellow" if not row.covered else None),
        )
    console.print(table)
    console.print(
        text(
            "systems.summary",
            lang,
            covered=sum(row.covered for row in rows),
            uncovered=sum(not row.covered for row in rows),
            late=sum(row.late for row in rows),
        )
    )


def systems_json(rows: list[SystemRow]) -> list[dict[str, Any]]:
    """The rows as JSON objects (keys do not change with ``--lang``)."""
    return [
        {
            "system": row.system,
            "initiative": row.initiative,
            "cutover": row.cutover.isoformat() if row.cutover else None,
            "deadline": row.deadline.isoformat(),
            "specific_migration": row.specific,
            "covered": row.covered,
            "late": row.late,
            "late_by_days": row.late_by_days if row.covered else None,
        }
        for row in rows
    ]
