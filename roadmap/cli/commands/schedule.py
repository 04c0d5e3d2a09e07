"""``roadmap schedule PLAN``: when each initiative starts and finishes, its float, its wave."""

from __future__ import annotations

import argparse

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

NAME = "schedule"
HELP = "help.schedule"


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    parser.add_argument(
        "--json",
        action="store_true",
        help=text("help.json", lang),
    )


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    analysis = analyze_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    if args.json:
        from exporters.json_doc import schedule_document

        dump_json(schedule_document(analysis, lang, streamed=True))
    elif analysis.has_errors or analysis.schedule is None:
        print_problems(analysis.problems, lang)
    else:
        from exporters.terminal.schedule import print_schedule

        print_schedule(analysis, lang)
        if analysis.problems:
            print_problems(analysis.problems, lang)
    return EXIT_PLAN_ERRORS if analysis.has_errors else EXIT_OK
