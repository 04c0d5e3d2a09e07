"""``roadmap check PLAN``: report every problem of a plan; exit 1 when any is an error."""

from __future__ import annotations

import argparse
import sys

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PLAN_ERRORS,
    add_plan_argument,
    analyze_or_exit,
    dump_json,
    lang_of,
    print_problems,
    summary_line,
)
from roadmap.core.i18n import Lang, text

NAME = "check"
HELP = "help.check"


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=text("help.check.format", lang),
    )


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    analysis = analyze_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    if args.format == "json":
        document = {
            "file": args.plan,
            "ok": not analysis.has_errors,
            "errors": len(analysis.errors),
            "warnings": len(analysis.warnings),
            "problems": [problem.to_json(lang) for problem in analysis.problems],
        }
        dump_json(document)
    else:
        print_problems(analysis.problems, lang, sys.stdout)
        print(summary_line(analysis.problems, lang))
    return EXIT_PLAN_ERRORS if analysis.has_errors else EXIT_OK
