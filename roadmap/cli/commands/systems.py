"""``roadmap systems PLAN``: the 20 標準化対象事務, who migrates each, cut-over and deadline."""

from __future__ import annotations

import argparse

from roadmap.cli.common import EXIT_OK, add_plan_argument, lang_of
from roadmap.cli.portfolio_common import add_json_argument, finish, scheduled_or_exit, write_json
from roadmap.core.i18n import Lang

NAME = "systems"
HELP = "help.systems"

CODES = ("unknown-system", "duplicate-system")


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    add_json_argument(parser, lang)


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    analysis = scheduled_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    assert analysis.plan is not None and analysis.schedule is not None
    from roadmap.core.analysis.systems import system_rows

    rows = system_rows(analysis.plan, analysis.schedule)
    if args.json:
        from exporters.terminal.systems import systems_json

        write_json({"systems": systems_json(rows)})
        return EXIT_OK
    from exporters.terminal.schedule import console_for
    from exporters.terminal.systems import print_systems

    print_systems(rows, lang, console_for())
    return finish(analysis, CODES, lang)
