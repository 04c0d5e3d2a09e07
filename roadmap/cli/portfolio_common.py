"""What ``roadmap budget|staffing|kpi|level`` share: a scheduled plan or an exit code, JSON."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PLAN_ERRORS,
    analyze_or_exit,
    dump_json,
    print_problems,
)
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from roadmap.core.analysis.pipeline import Analysis


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


def write_json(document: dict[str, Any]) -> None:
    dump_json(document)


def finish(analysis: Analysis, codes: Sequence[str], lang: Lang) -> int:
    """Print the warnings of ``codes`` to stderr; the exit code of a plan without errors."""
    print_problems([problem for problem in analysis.problems if problem.code in codes], lang)
    return EXIT_OK
