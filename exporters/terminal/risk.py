"""The ``roadmap risk`` report on a terminal: Rich tables of the simulation, and the progress bar.

:func:`print_risk` lays out a :class:`~roadmap.core.analysis.risk.RiskResult` (percentiles,
deadlines, drivers); :func:`progress_bar` returns the callback that shows a transient bar on
stderr when the simulation looks longer than a second, and :func:`close_progress` removes it.
:func:`risk_report_document` is the ``--json`` document. Plan text is printed with control
characters escaped (:func:`exporters.terminal.safe.terminal_safe`).
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from exporters.terminal.safe import terminal_safe
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap.core.analysis.pipeline import Analysis
    from roadmap.core.analysis.risk_result import Progress, RiskResult

__all__ = [
    "DOCUMENT_VERSION",
    "TOP_DRIVERS",
    "close_progress",
    "print_risk",
    "progress_bar",
    "risk_report_document",
]

#: How many risk drivers the table shows.
TOP_DRIVERS = 10
DOCUMENT_VERSION = 1


def risk_report_document(
    path: str, analysis: Analysis, result: RiskResult | None, lang: Lang
) -> dict[str, Any]:
    """``{version, file, plan, risk, problems}``; ``risk`` is ``null`` when the plan has errors."""
    from roadmap.core.analysis.risk_result import risk_document

    plan = analysis.plan
    return {
        "version": DOCUMENT_VERSION,
        "file": path,
        "plan": (
            {
                "title": plan.plan.title,
                "start": plan.plan.start.isoformat(),
                "status_date": plan.plan.status_date.isoformat() if plan.plan.status_date else None,
                "deadline": plan.plan.deadline.isoformat() if plan.plan.deadline else None,
                "risk_seed": plan.plan.risk_seed,
            }
            if plan is not None
            else None
        ),
        "risk": risk_document(result) if result is not None else None,
        "problems": [problem.to_json(lang) for problem in analysis.problems],
    }


# -- progress on stderr ---------------------------------------------------------------------------

_ACTIVE: list[Any] = []


def progress_bar(lang: Lang) -> Progress | None:
    """A callback that shows a bar on stderr once the run looks longer than a second (``None``
    when stderr is not a terminal)."""
    if not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty()):
        return None
    began = time.perf_counter()

    def report(done: int, total: int) -> None:
        elapsed = time.perf_counter() - began
        if not _ACTIVE:
            if done >= total or elapsed / done * total <= 1.0:
                return
            bar = _new_progress()
            task = bar.add_task(text("risk.progress", lang), total=total)
            bar.start()
            _ACTIVE.append((bar, task))
        bar, task = _ACTIVE[0]
        bar.update(task, completed=done)

    return report


def _new_progress() -> Any:
    """A transient Rich progress display on stderr whose bar is coloured spaces (block
    characters have an ambiguous width in East Asian terminals)."""
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, Task, TaskProgressColumn, TextColumn
    from rich.text import Text

    class SpaceBar(ProgressColumn):
        width = 30

        def render(self, task: Task) -> Text:
            done = round(self.width * (task.percentage or 0) / 100)
            bar = Text(" " * done, style="on green")
            bar.append(" " * (self.width - done), style="on grey23")
            return bar

    return Progress(
        TextColumn("{task.description}"),
        SpaceBar(),
        TaskProgressColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )


def close_progress() -> None:
    while _ACTIVE:
        bar, _task = _ACTIVE.pop()
        bar.stop()


# -- the terminal report --------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def print_risk(analysis: Analysis, result: RiskResult, lang: Lang, console: Console) -> None:
    """The risk report as Rich tables: percentiles, deadlines and drivers."""
    from rich.table import Table
    from rich.text import Text

    from roadmap.core.i18n import field_label

    plan = analysis.plan
    assert plan is not None
    settings = plan.plan
    distribution = text(f"risk.distribution.{result.distribution}", lang)
    console.print(
        Text.assemble((terminal_safe(settings.title), "bold"), "  " + text("risk.title", lang))
    )
    console.print(
        text(
            "risk.summary",
            lang,
            runs=f"{result.runs:,}",
            distribution=distribution,
            seed=result.seed,
            estimated=result.estimated_count,
        )
    )
    if not result.estimated_count:
        console.print(text("risk.no_estimates", lang))
        console.print(f"  {text('hint', lang)}: {text('risk.no_estimates.hint', lang)}")
    table = Table(title=text("risk.percentiles", lang), header_style="bold")
    table.add_column(text("risk.measure", lang))
    table.add_column(field_label("finish", lang))
    table.add_row(text("risk.cpm_finish", lang), result.cpm_finish.isoformat())
    for percentile, day in result.finish_percentiles.items():
        table.add_row(text("risk.percentile", lang, p=percentile), day.isoformat())
    console.print(table)
    console.print(
        text(
            "risk.range",
            lang,
            earliest=result.earliest_finish.isoformat(),
            latest=result.latest_finish.isoformat(),
        )
    )
    console.print(
        text(
            "risk.cpm_probability",
            lang,
            finish=result.cpm_finish.isoformat(),
            probability=_percent(result.cpm_finish_probability),
        )
    )
    if result.deadline is not None:
        console.print(
            text(
                "risk.deadline",
                lang,
                deadline=result.deadline.isoformat(),
                probability=_percent(result.deadline_probability),
            )
        )
    _print_deadlines(result, lang, console)
    _print_drivers(result, lang, console)


def _print_deadlines(result: RiskResult, lang: Lang, console: Console) -> None:
    from rich.table import Table

    from roadmap.core.i18n import field_label

    items = [item for item in result.initiatives if item.deadline is not None]
    if not items:
        return
    table = Table(title=text("risk.deadlines", lang), header_style="bold")
    for name in ("id", "title", "deadline"):
        table.add_column(field_label(name, lang))
    table.add_column(text("risk.cpm", lang))
    table.add_column(text("risk.finish_p", lang, p=80))
    table.add_column(text("risk.probability", lang), justify="right")
    for item in items:
        assert item.deadline is not None
        table.add_row(
            terminal_safe(item.id),
            terminal_safe(item.title),
            item.deadline.isoformat(),
            item.cpm_finish.isoformat(),
            item.finish_percentiles[80].isoformat(),
            _percent(item.deadline_probability),
        )
    console.print(table)


def _print_drivers(result: RiskResult, lang: Lang, console: Console) -> None:
    from rich.table import Table

    from roadmap.core.i18n import field_label

    drivers = result.top_drivers(TOP_DRIVERS)
    if not drivers:
        return
    table = Table(title=text("risk.drivers", lang), header_style="bold")
    for name in ("id", "title"):
        table.add_column(field_label(name, lang))
    table.add_column(text("risk.estimate", lang), justify="right")
    table.add_column(text("risk.sensitivity", lang), justify="right")
    table.add_column(text("risk.criticality", lang), justify="right")
    for item in drivers:
        low, likely, high = item.estimate_days or (0, 0, 0)
        table.add_row(
            terminal_safe(item.id),
            terminal_safe(item.title),
            f"{low} / {likely} / {high}",
            f"{item.sensitivity or 0.0:+.2f}",
            _percent(item.criticality),
        )
    console.print(table)
