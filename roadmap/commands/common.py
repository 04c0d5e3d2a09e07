"""What every subcommand needs: loading a plan with the right exit codes, printing problems."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from roadmap.i18n import Lang, text

if TYPE_CHECKING:
    from roadmap.analysis import Analysis
    from roadmap.problems import Problem

EXIT_OK, EXIT_PLAN_ERRORS, EXIT_USAGE = 0, 1, 2


def lang_of(args: argparse.Namespace) -> Lang:
    return "en" if getattr(args, "lang", "ja") == "en" else "ja"


def add_plan_argument(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument(
        "plan", metavar="PLAN", help="計画ファイル (TOML)" if lang == "ja" else "plan file (TOML)"
    )


def fail_usage(message: str) -> int:
    print(f"roadmap: {message}", file=sys.stderr)
    return EXIT_USAGE


def analyze_or_exit(path: str, lang: Lang = "ja") -> Analysis | int:
    """The analysis of the plan at ``path``, or exit code 2 after printing why it can't be read."""
    from roadmap.analysis import analyze_path
    from roadmap.loader import PlanIOError

    try:
        return analyze_path(path)
    except PlanIOError as error:
        return fail_usage(error.message(lang))


def format_problem(problem: Problem, lang: Lang) -> str:
    severity = text(f"severity.{problem.severity}", lang)
    where = problem.location()
    subject = ".".join(part for part in (problem.initiative, problem.field) if part)
    head = f"{where}: " if where else ""
    subject_text = f" {subject}:" if subject else ""
    line = f"{head}{severity} [{problem.code}]{subject_text} {problem.message(lang)}"
    hint = problem.hint(lang)
    if hint:
        line += f"\n    {text('hint', lang)}: {hint}"
    return line


def print_problems(problems: list[Problem], lang: Lang, stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for problem in problems:
        print(format_problem(problem, lang), file=out)


def summary_line(problems: list[Problem], lang: Lang) -> str:
    errors = sum(1 for problem in problems if problem.is_error)
    warnings = len(problems) - errors
    if not problems:
        return text("check.ok", lang)
    return text("check.summary", lang, errors=errors, warnings=warnings)
