"""Renderings of a plan diff: a Rich table for the terminal, a Markdown section for the council
report (「前回報告からの変更点」) and a JSON document for tools.

Plan text (titles, ids, values) and version names (branches, tags, file names) are escaped for
where they go: :func:`exporters.terminal.safe.terminal_safe` on the terminal,
:func:`exporters.markdown_text.md_text` (the Markdown report's own escaping) in Markdown.
Money is compared as each fiscal year's total before subsidies, and every rendering says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from exporters.markdown_text import md_code, md_table, md_text
from exporters.terminal.safe import terminal_safe
from roadmap.core.calendar.months import iso_date
from roadmap.core.compare.diff import BUDGET_BASIS, FieldChange, PlanDiff
from roadmap.core.i18n import Lang, field_label, text

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["DIFF_DOCUMENT_VERSION", "diff_document", "diff_markdown", "print_diff"]

#: The version of the JSON document of ``roadmap diff --json`` (docs/json.md).
DIFF_DOCUMENT_VERSION = 1

# -- rendering helpers ---------------------------------------------------------------------------


def _value(value: Any, lang: Lang) -> str:
    """A changed value as one short line of text."""
    if value is None or value == [] or value == {}:
        return text("diff.value.none", lang)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _field_name(change: FieldChange, lang: Lang) -> str:
    if change.section == "plan" and change.field == "title":
        return field_label("title_plan", lang)
    label = field_label(change.field, lang)
    return label if label == change.field else f"{label} ({change.field})"


def _subject(change: FieldChange, lang: Lang) -> str:
    if change.section == "initiatives":
        return change.subject or ""
    if change.section == "teams":
        return f"{text('diff.section.teams', lang)}: {change.subject}"
    return text(f"diff.section.{change.section}", lang)


def _days(count: int, lang: Lang) -> str:
    """``+5開庁日`` / ``-3 working days`` / ``±0``."""
    if count == 0:
        return "±0"
    sign = "+" if count > 0 else "-"
    return sign + text("working_days", lang, n=abs(count))


def _path(ids: list[str], lang: Lang, escape: Callable[[str], str]) -> str:
    """A critical path as ``a → b → c``, each id escaped for where it goes."""
    return " → ".join(escape(item) for item in ids) if ids else text("diff.value.none", lang)


def _yen(amount: int) -> str:
    return f"{amount:,}"


def _finish_line(diff: PlanDiff, lang: Lang) -> str | None:
    if diff.old_finish is None or diff.new_finish is None:
        return None
    if diff.old_finish == diff.new_finish:
        return text("diff.finish.same", lang, date=diff.new_finish.isoformat())
    return text(
        "diff.finish.moved",
        lang,
        old=diff.old_finish.isoformat(),
        new=diff.new_finish.isoformat(),
        days=_days(diff.finish_days or 0, lang),
    )


def _horizon_line(diff: PlanDiff, lang: Lang) -> str | None:
    """``計画期間 令和7〜11年度 → 令和7〜12年度`` when the budget horizon moved."""
    if not diff.horizon_changed or diff.old_horizon is None or diff.new_horizon is None:
        return None
    from exporters.budget_rows import span_label

    return text(
        "diff.horizon",
        lang,
        old=span_label(*diff.old_horizon, lang),
        new=span_label(*diff.new_horizon, lang),
    )


def _error_lines(diff: PlanDiff, lang: Lang, escape: Callable[[str], str]) -> list[str]:
    lines = []
    for label, count in ((diff.old_label, diff.old_errors), (diff.new_label, diff.new_errors)):
        if count:
            lines.append(text("diff.has-errors", lang, label=escape(label), errors=count))
    return lines


# -- JSON ----------------------------------------------------------------------------------------


def diff_document(diff: PlanDiff) -> dict[str, Any]:
    """The diff as plain data for ``roadmap diff --json`` (keys are stable)."""
    return {
        "version": DIFF_DOCUMENT_VERSION,
        "old": diff.old_label,
        "new": diff.new_label,
        "changed": not diff.is_empty,
        "errors": {"old": diff.old_errors, "new": diff.new_errors},
        "finish": {
            "old": iso_date(diff.old_finish),
            "new": iso_date(diff.new_finish),
            "working_days": diff.finish_days,
        },
        "added": [{"id": item.id, "title": item.title} for item in diff.added],
        "removed": [{"id": item.id, "title": item.title} for item in diff.removed],
        "renamed": [
            {"id": item.id, "old_title": item.old_title, "new_title": item.new_title}
            for item in diff.renamed
        ],
        "changes": [
            {
                "section": item.section,
                "id": item.subject,
                "field": item.field,
                "old": item.old,
                "new": item.new,
            }
            for item in diff.changes
        ],
        "slips": [
            {
                "id": item.id,
                "title": item.title,
                "old_start": iso_date(item.old_start),
                "new_start": iso_date(item.new_start),
                "start_days": item.start_days,
                "old_finish": iso_date(item.old_finish),
                "new_finish": iso_date(item.new_finish),
                "finish_days": item.finish_days,
            }
            for item in diff.slips
        ],
        "critical_path": {
            "old": diff.old_critical_path,
            "new": diff.new_critical_path,
            "joined": diff.critical_joined,
            "left": diff.critical_left,
        },
        "budget_horizon": {
            "old": None if diff.old_horizon is None else list(diff.old_horizon),
            "new": None if diff.new_horizon is None else list(diff.new_horizon),
            "changed": diff.horizon_changed,
        },
        "budget_basis": BUDGET_BASIS,
        "budget": None
        if diff.budget is None
        else [
            {
                "fiscal_year": item.fiscal_year,
                "old": item.old,
                "new": item.new,
                "change": item.change,
            }
            for item in diff.budget
        ],
    }


# -- Markdown ------------------------------------------------------------------------------------


def _md_titled(item_id: str, title: str | None) -> str:
    """``Title (`id`)`` in Markdown, or the id alone."""
    return f"{md_text(title)} ({md_code(item_id)})" if title else md_code(item_id)


def diff_markdown(diff: PlanDiff, lang: Lang = "ja", heading_level: int = 2) -> str:
    """The diff as a Markdown section (「前回報告からの変更点」) for the council report.

    Every piece of plan text, and the names of the two versions, go through
    :func:`exporters.markdown_text.md_text` (ids through :func:`exporters.markdown_text.md_code`), like the
    Markdown report: a title cannot add a heading, break a table or insert HTML.
    """
    mark = "#" * heading_level
    sub = mark + "#"
    lines = [f"{mark} {md_text(text('diff.title', lang))}", ""]
    compared = text("diff.compared", lang, old=md_text(diff.old_label), new=md_text(diff.new_label))
    lines += [compared, ""]
    lines.extend(f"> {line}" for line in _error_lines(diff, lang, md_text))
    if diff.old_errors or diff.new_errors:
        lines.append("")
    finish = _finish_line(diff, lang)
    if finish:
        lines += [f"- {md_text(finish)}", ""]
    horizon = _horizon_line(diff, lang)
    if horizon:
        lines += [f"- {md_text(horizon)}", ""]
    if diff.is_empty:
        lines += [md_text(text("diff.none", lang)), ""]
        return "\n".join(lines)
    titles = {item.id: item.title for item in diff.removed}
    titles.update({item.id: item.title for item in diff.slips})
    titles.update({item.id: item.title for item in diff.added})
    if diff.added:
        lines += [f"{sub} {md_text(text('diff.added', lang))}", ""]
        lines += [f"- {_md_titled(item.id, item.title)}" for item in diff.added] + [""]
    if diff.removed:
        lines += [f"{sub} {md_text(text('diff.removed', lang))}", ""]
        lines += [f"- {_md_titled(item.id, item.title)}" for item in diff.removed] + [""]
    if diff.renamed:
        lines += [f"{sub} {md_text(text('diff.renamed', lang))}", ""]
        lines += [
            f"- {md_code(item.id)}: {md_text(item.old_title)} → {md_text(item.new_title)}"
            for item in diff.renamed
        ] + [""]
    if diff.slips:
        lines += [f"{sub} {md_text(text('diff.slips', lang))}", ""]
        headers = [
            text("diff.column.initiative", lang),
            field_label("start", lang),
            field_label("finish", lang),
            text("diff.column.slip", lang),
        ]
        rows = [
            [
                _md_titled(item.id, item.title),
                f"{item.old_start} → {item.new_start}",
                f"{item.old_finish} → {item.new_finish}",
                md_text(_days(item.finish_days, lang)),
            ]
            for item in diff.slips
        ]
        align = ["left", "left", "left", "right"]
        lines += [*md_table([md_text(cell) for cell in headers], rows, align), ""]
    if diff.old_critical_path != diff.new_critical_path:
        lines += [f"{sub} {md_text(text('diff.critical', lang))}", ""]
        for key, path in (
            ("diff.before", diff.old_critical_path),
            ("diff.after", diff.new_critical_path),
        ):
            lines.append(f"- {md_text(text(key, lang))}: {_path(path, lang, md_code)}")
        for key, ids in (
            ("diff.critical.joined", diff.critical_joined),
            ("diff.critical.left", diff.critical_left),
        ):
            if ids:
                named = ", ".join(_md_titled(item, titles.get(item)) for item in ids)
                lines.append(f"- {md_text(text(key, lang))}: {named}")
        lines.append("")
    if diff.changes:
        lines += [f"{sub} {md_text(text('diff.changed', lang))}", ""]
        headers = [
            text("diff.column.initiative", lang),
            text("diff.column.field", lang),
            text("diff.before", lang),
            text("diff.after", lang),
        ]
        rows = [
            [
                md_text(_subject(item, lang)),
                md_text(_field_name(item, lang)),
                md_text(_value(item.old, lang)),
                md_text(_value(item.new, lang)),
            ]
            for item in diff.changes
        ]
        lines += [*md_table([md_text(cell) for cell in headers], rows), ""]
    if diff.budget_changes:
        lines += [f"{sub} {md_text(text('diff.budget', lang))}", ""]
        lines += [md_text(text("diff.budget.basis", lang)), ""]
        headers = [
            text("diff.column.fiscal_year", lang),
            text("diff.before", lang),
            text("diff.after", lang),
            text("diff.column.change", lang),
        ]
        rows = [
            [
                md_text(_fiscal_year(item.fiscal_year, lang)),
                _yen(item.old),
                _yen(item.new),
                f"{item.change:+,}",
            ]
            for item in diff.budget_changes
        ]
        align = ["left", "right", "right", "right"]
        lines += [*md_table([md_text(cell) for cell in headers], rows, align), ""]
    return "\n".join(lines)


def _fiscal_year(year: int, lang: Lang) -> str:
    from roadmap.core.calendar.fiscal import fiscal_year_label

    return fiscal_year_label(year, lang)


# -- terminal ------------------------------------------------------------------------------------


def print_diff(diff: PlanDiff, lang: Lang = "ja", console: Console | None = None) -> None:
    """The diff as Rich tables on the terminal."""
    from rich.table import Table
    from rich.text import Text

    from exporters.terminal.schedule import console_for

    console = console or console_for()
    console.print(text("diff.title", lang), style="bold")
    old_label, new_label = terminal_safe(diff.old_label), terminal_safe(diff.new_label)
    console.print(text("diff.compared", lang, old=old_label, new=new_label))
    for line in _error_lines(diff, lang, terminal_safe):
        console.print(line, style="yellow")
    finish = _finish_line(diff, lang)
    if finish:
        console.print(finish)
    horizon = _horizon_line(diff, lang)
    if horizon:
        console.print(horizon, markup=False, highlight=False)
    if diff.is_empty:
        console.print(text("diff.none", lang))
        return
    for key, items in (("diff.added", diff.added), ("diff.removed", diff.removed)):
        if items:
            console.print(text(key, lang), style="bold")
            for item in items:
                line = f"  {terminal_safe(item.id)}  {terminal_safe(item.title)}"
                console.print(line, markup=False)
    if diff.renamed:
        console.print(text("diff.renamed", lang), style="bold")
        for rename in diff.renamed:
            old_title, new_title = terminal_safe(rename.old_title), terminal_safe(rename.new_title)
            console.print(f"  {terminal_safe(rename.id)}  {old_title} → {new_title}", markup=False)
    if diff.slips:
        table = Table(title=text("diff.slips", lang), title_justify="left", header_style="bold")
        for header in ("id", "title"):
            table.add_column(field_label(header, lang), no_wrap=header == "id")
        table.add_column(field_label("start", lang), no_wrap=True)
        table.add_column(field_label("finish", lang), no_wrap=True)
        table.add_column(text("diff.column.slip", lang), justify="right", no_wrap=True)
        for slip in diff.slips:
            table.add_row(
                Text(terminal_safe(slip.id)),
                Text(terminal_safe(slip.title)),
                f"{slip.old_start} → {slip.new_start}",
                f"{slip.old_finish} → {slip.new_finish}",
                _days(slip.finish_days, lang),
                style="red" if slip.finish_days > 0 else None,
            )
        console.print(table)
    if diff.old_critical_path != diff.new_critical_path:
        console.print(text("diff.critical", lang), style="bold")
        for key, path in (
            ("diff.before", diff.old_critical_path),
            ("diff.after", diff.new_critical_path),
        ):
            console.print(f"  {text(key, lang)}: {_path(path, lang, terminal_safe)}", markup=False)
    if diff.changes:
        table = Table(title=text("diff.changed", lang), title_justify="left", header_style="bold")
        table.add_column(text("diff.column.initiative", lang), no_wrap=True)
        table.add_column(text("diff.column.field", lang), no_wrap=True)
        table.add_column(text("diff.before", lang))
        table.add_column(text("diff.after", lang))
        for change in diff.changes:
            table.add_row(
                Text(terminal_safe(_subject(change, lang))),
                Text(terminal_safe(_field_name(change, lang))),
                Text(terminal_safe(_value(change.old, lang))),
                Text(terminal_safe(_value(change.new, lang))),
            )
        console.print(table)
    if diff.budget_changes:
        table = Table(
            title=text("diff.budget", lang),
            title_justify="left",
            header_style="bold",
            caption=text("diff.budget.basis", lang),
            caption_justify="left",
        )
        table.add_column(text("diff.column.fiscal_year", lang), no_wrap=True)
        for key in ("diff.before", "diff.after", "diff.column.change"):
            table.add_column(text(key, lang), justify="right", no_wrap=True)
        for year in diff.budget_changes:
            table.add_row(
                _fiscal_year(year.fiscal_year, lang),
                _yen(year.old),
                _yen(year.new),
                f"{year.change:+,}",
            )
        console.print(table)
