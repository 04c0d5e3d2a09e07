"""Terminal tables (Rich) of a schedule, for ``roadmap schedule``.

Rich measures Japanese text in terminal cells, so columns line up whatever the script.
"""

from __future__ import annotations

import shutil
import sys
from typing import TextIO

from rich.console import Console, JustifyMethod
from rich.table import Table

from roadmap.analysis import Analysis
from roadmap.fiscal import fiscal_year_label, fiscal_year_of
from roadmap.i18n import Lang, field_label, status_label, step_label, text

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
    )


def print_schedule(analysis: Analysis, lang: Lang, console: Console | None = None) -> None:
    plan, schedule = analysis.plan, analysis.schedule
    assert plan is not None and schedule is not None
    console = console or console_for()
    settings = plan.plan
    month = settings.fiscal_year_start_month
    first_fy = fiscal_year_of(schedule.start, month)
    last_fy = fiscal_year_of(schedule.finish, month)
    console.print(
        f"[bold]{settings.title}[/bold]"
        + (f"  ({settings.organization})" if settings.organization else "")
    )
    console.print(
        f"{field_label('start', lang)}: {schedule.start}  "
        f"{text('schedule.finish', lang)}: {schedule.finish}  "
        f"[{fiscal_year_label(first_fy, lang)} - {fiscal_year_label(last_fy, lang)}]"
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
            item.id,
            item.title + late,
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
        f"[bold]{text('schedule.critical_path', lang)}:[/bold] "
        + " → ".join(schedule.critical_path)
    )
    console.print(f"[bold]{text('schedule.waves', lang)}:[/bold]")
    for number, wave in enumerate(schedule.waves, start=1):
        console.print(f"  {number}: " + ", ".join(wave))
    console.print(f"[bold]{text('schedule.steps', lang)}:[/bold]")
    for window in schedule.steps:
        label = step_label(window.step.value if window.step else None, lang)
        span = f"{window.start} - {window.finish}" if window.start else "-"
        console.print(f"  {label}: {span} ({window.count})")
