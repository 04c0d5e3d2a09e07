"""Terminal tables (Rich) of a schedule, for ``roadmap schedule``.

Rich measures Japanese text in terminal cells, so columns line up whatever the script. Plan text
is printed literally (the console reads no markup) and with control characters escaped
(:func:`exporters.terminal.safe.terminal_safe`), so a title cannot retitle the terminal.
"""

from __future__ import annotations

import shutil
import sys
from typing import TextIO

from rich.console import Console, JustifyMethod
from rich.table import Table
from rich.text import Text

from exporters.terminal.safe import terminal_safe
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.calendar.fiscal import fiscal_span_label
from roadmap.core.i18n import Lang, field_label, status_label, step_label, text

__all__ = ["console_for", "print_schedule"]


def console_for(stream: TextIO | None = None) -> Console:
    """A console on stdout; files and pipes get a wide, plain one so rows are never wrapped."""
    out = stream or sys.stdout
    is_tty = hasattr(out, "isatty") and out.isatty()
    width = shutil.get_terminal_size((160, 40)).columns if is_tty else 200
    return Console(
        file=out,
        width=width,
        highlight=False,
        soft_wrap=False,
        no_color=not is_tty,
        markup=False,  # plan text such as "[/]" must print as written, never as markup
    )


def print_schedule(analysis: Analysis, lang: Lang, console: Console | None = None) -> None:
    plan, schedule = analysis.plan, analysis.schedule
    assert plan is not None and schedule is not None
    console = console or console_for()
    settings = plan.plan
    month = settings.fiscal_year_start_month
    heading = Text(terminal_safe(settings.title), style="bold")
    if settings.organization:
        heading.append(f"  ({terminal_safe(settings.organization)})", style="")
    console.print(heading)
    console.print(
        f"{field_label('start', lang)}: {schedule.start}  "
        f"{text('schedule.finish', lang)}: {schedule.finish}  "
        f"[{fiscal_span_label(schedule.start, schedule.finish, lang, month)}]"
    )
    table = Table(show_lines=False, header_style="bold")
    for name in (
        "id",
        "title",
        "step",
        "status",
        "start",
        "finish",
        "total_float",
        "critical",
        "wave",
    ):
        justify: JustifyMethod = "right" if name in ("total_float", "wave") else "left"
        table.add_column(field_label(name, lang), justify=justify, no_wrap=name != "title")
    for item in schedule.initiatives.values():
        style = "bold red" if item.critical else None
        late = "  ⚠" if item.late_by else ""
        table.add_row(
            terminal_safe(item.id),
            terminal_safe(item.title) + late,
            step_label(item.step.value if item.step else None, lang),
            status_label(item.status.value, lang),
            item.early_start.isoformat(),
            "◆ " + item.early_finish.isoformat()
            if item.milestone
            else item.early_finish.isoformat(),
            str(item.total_float),
            "●" if item.critical else "",
            str(item.wave),
            style=style,
        )
    console.print(table)
    console.print(
        Text.assemble(
            (text("schedule.critical_path", lang) + ": ", "bold"),
            " → ".join(terminal_safe(node) for node in schedule.critical_path),
        )
    )
    console.print(text("schedule.waves", lang) + ":", style="bold")
    for number, wave in enumerate(schedule.waves, start=1):
        console.print(f"  {number}: " + ", ".join(terminal_safe(node) for node in wave))
    console.print(text("schedule.steps", lang) + ":", style="bold")
    for window in schedule.steps:
        label = step_label(window.step.value if window.step else None, lang)
        span = f"{window.start} - {window.finish}" if window.start else "-"
        console.print(f"  {label}: {span} ({window.count})")
