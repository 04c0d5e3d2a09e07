"""``roadmap budget PLAN``: cost per fiscal year (年度) against the caps, net of subsidies."""

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

NAME = "budget"
HELP = "help.budget"

#: The problem codes this command shows under its table.
CODES = ("budget-over-cap", "subsidy-above-initial")


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    add_json_argument(parser, lang)


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    analysis = scheduled_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    report = analysis.budget
    assert report is not None  # scheduled_or_exit: a plan with a schedule
    if args.json:
        from exporters.json_portfolio import budget_json

        write_json({"budget": budget_json(report, lang)})
        return EXIT_OK
    from exporters.terminal.portfolio import print_budget
    from exporters.terminal.schedule import console_for

    print_budget(report, lang, console_for())
    return finish(analysis, CODES, lang)
