"""``roadmap staffing PLAN``: load per team per month against capacity, and who causes it."""

from __future__ import annotations

import argparse

from roadmap.cli.common import EXIT_OK, add_plan_argument, lang_of
from roadmap.cli.portfolio_common import (
    add_json_argument,
    finish,
    scheduled_or_exit,
    write_json,
)
from roadmap.core.i18n import Lang

NAME = "staffing"
HELP = "help.staffing"

CODES = ("team-overloaded", "undeclared-team")


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    add_json_argument(parser, lang)


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    analysis = scheduled_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    report = analysis.staffing
    assert report is not None  # scheduled_or_exit: a plan with a schedule
    if args.json:
        from exporters.json_portfolio import staffing_json

        write_json({"staffing": staffing_json(report)})
        return EXIT_OK
    from exporters.terminal.portfolio import print_staffing
    from exporters.terminal.schedule import console_for

    print_staffing(report, lang, console_for())
    return finish(analysis, CODES, lang)
