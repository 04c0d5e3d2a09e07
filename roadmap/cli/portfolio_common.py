"""What ``roadmap budget|staffing|kpi|systems|level`` share: a scheduled plan or an exit code,
``--json``, and :func:`run_report`, the whole run of a command that shows one report."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PLAN_ERRORS,
    analyze_or_exit,
    dump_json,
    lang_of,
    print_problems,
)
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap.core.analysis.pipeline import Analysis

Report = TypeVar("Report")


def add_json_argument(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument(
        "--json",
        action="store_true",
        help=text("help.portfolio.json", lang),
    )


def scheduled_or_exit(path: str, lang: Lang) -> Analysis | int:
    """The analysis of a plan without errors, or the exit code after printing its problems."""
    analysis = analyze_or_exit(path, lang)
    if isinstance(analysis, int):
        return analysis
    if analysis.has_errors or analysis.plan is None or analysis.schedule is None:
        print_problems(analysis.errors or analysis.problems, lang)
        return EXIT_PLAN_ERRORS
    return analysis


def finish(analysis: Analysis, codes: Sequence[str], lang: Lang) -> int:
    """Print the warnings of ``codes`` to stderr; the exit code of a plan without errors."""
    print_problems([problem for problem in analysis.problems if problem.code in codes], lang)
    return EXIT_OK


def run_report(
    args: argparse.Namespace,
    codes: Sequence[str],
    report: Callable[[Analysis], Report],
    document: Callable[[Report, Lang], dict[str, Any]],
    render: Callable[[Report, Lang, Console], None],
) -> int:
    """Run a command that shows one report of a plan without errors: ``report`` takes it from
    the analysis, ``--json`` prints ``document`` of it, else ``render`` draws it on the
    terminal, followed by the warnings of ``codes``. The callables import their exporters
    when called, so ``roadmap --help`` stays fast."""
    lang = lang_of(args)
    analysis = scheduled_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    value = report(analysis)
    if args.json:
        dump_json(document(value, lang))
        return EXIT_OK
    from exporters.terminal.schedule import console_for

    render(value, lang, console_for())
    return finish(analysis, codes, lang)
