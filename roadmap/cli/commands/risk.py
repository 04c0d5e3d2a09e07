"""``roadmap risk PLAN``: Monte Carlo finish-date confidence from three-point estimates.

Prints the finish-date percentiles (P50, P80, P95), the chance of meeting the plan's and each
initiative's deadline, and the risk drivers; ``--json`` prints the same as data. The numbers
come from :func:`roadmap.core.analysis.risk.simulate`; the seed defaults to ``[plan] risk_seed`` so the output
is the same every time. A progress bar appears on stderr only when stderr is a terminal and the
simulation will take more than a second.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from exporters.terminal.safe import terminal_safe
from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PLAN_ERRORS,
    add_plan_argument,
    analyze_or_exit,
    dump_json,
    lang_of,
    print_problems,
)
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap.core.analysis.pipeline import Analysis
    from roadmap.core.analysis.risk import Progress, RiskResult

NAME = "risk"
HELP = (
    "三点見積りから完了日の確率 (P50/P80/P95)・期限達成率・リスク要因を計算します",
    "finish-date confidence (P50/P80/P95), deadline odds and risk drivers from three-point "
    "estimates",
)

#: The most runs one command may ask for (memory grows with runs x initiatives).
MAX_RUNS = 1_000_000
#: How many risk drivers the table shows.
TOP_DRIVERS = 10
DOCUMENT_VERSION = 1


def _runs_type(lang: Lang) -> Any:
    def parse(value: str) -> int:
        try:
            runs = int(value)
        except ValueError:
            runs = 0
        if not 1 <= runs <= MAX_RUNS:
            raise argparse.ArgumentTypeError(text("risk.bad_runs", lang, limit=MAX_RUNS))
        return runs

    return parse


def _seed_type(lang: Lang) -> Any:
    """``--seed``: like ``[plan] risk_seed``, an integer from 0 to 2**63 - 1."""
    from roadmap.core.model.plan import MAX_RISK_SEED

    def parse(value: str) -> int:
        try:
            seed = int(value)
        except ValueError:
            seed = -1
        if not 0 <= seed <= MAX_RISK_SEED:
            raise argparse.ArgumentTypeError(text("risk.bad_seed", lang, limit=MAX_RISK_SEED))
        return seed

    return parse


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    ja = lang == "ja"
    add_plan_argument(parser, lang)
    parser.add_argument(
        "--runs",
        type=_runs_type(lang),
        default=10_000,
        metavar="N",
        help="試行回数 (既定 10000)" if ja else "number of runs (default 10000)",
    )
    parser.add_argument(
        "--seed",
        type=_seed_type(lang),
        default=None,
        metavar="S",
        help=(
            "乱数シード (既定は [plan] risk_seed)"
            if ja
            else "random seed (default [plan] risk_seed)"
        ),
    )
    parser.add_argument(
        "--distribution",
        choices=("pert", "triangular"),
        default="pert",
        help="三点見積りの分布 (既定 pert)" if ja else "how estimates are sampled (default pert)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="JSON で出力" if ja else "print the JSON document",
    )


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    analysis = analyze_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    if analysis.has_errors or analysis.plan is None:
        if args.json:
            _dump(_document(args.plan, analysis, None, lang))
        else:
            print_problems(analysis.problems, lang)
        return EXIT_PLAN_ERRORS
    from roadmap.core.analysis.risk import simulate
    from roadmap.core.calendar.workdays import CalendarRangeError

    try:
        result = simulate(
            analysis.plan,
            runs=args.runs,
            seed=args.seed,
            distribution=args.distribution,
            progress=_progress_bar(lang),
        )
    except CalendarRangeError:
        print(f"roadmap: {text('risk.out_of_range', lang, limit=2099)}", file=sys.stderr)
        return EXIT_PLAN_ERRORS
    finally:
        _close_progress()
    if args.json:
        _dump(_document(args.plan, analysis, result, lang))
    else:
        from exporters.terminal.schedule import console_for

        print_risk(analysis, result, lang, console_for())
        if analysis.problems:
            print_problems(analysis.problems, lang)
    return EXIT_OK


def _dump(document: dict[str, Any]) -> None:
    dump_json(document)


def _document(
    path: str, analysis: Analysis, result: RiskResult | None, lang: Lang
) -> dict[str, Any]:
    """``{version, file, plan, risk, problems}``; ``risk`` is ``null`` when the plan has errors."""
    from roadmap.core.analysis.risk import risk_document

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


def _progress_bar(lang: Lang) -> Progress | None:
    """A callback that shows a bar on stderr once the run looks longer than a second."""
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


def _close_progress() -> None:
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
