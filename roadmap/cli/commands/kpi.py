"""``roadmap kpi PLAN``: each KPI's achievement from baseline to target, on track or behind."""

from __future__ import annotations

import argparse
import datetime as dt

from roadmap.cli.common import EXIT_OK, add_plan_argument, dump_json, fail_usage, lang_of
from roadmap.cli.portfolio_common import (
    add_json_argument,
    finish,
    scheduled_or_exit,
)
from roadmap.core.i18n import Lang, text

NAME = "kpi"
HELP = "help.kpi"

CODES = ("kpi-missing-baseline", "kpi-missing-target")


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    add_json_argument(parser, lang)
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help=text("help.kpi.as_of", lang),
    )


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    as_of: dt.date | None = None
    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            return fail_usage(f"--as-of: {args.as_of}")
    analysis = scheduled_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    assert analysis.plan is not None
    progress = analysis.kpis_at(as_of)
    if args.json:
        from exporters.json_portfolio import kpis_json

        dump_json({"kpis": kpis_json(progress)})
        return EXIT_OK
    from exporters.terminal.portfolio import print_kpis
    from exporters.terminal.schedule import console_for

    when = as_of or analysis.plan.plan.status_date
    print_kpis(progress, when.isoformat() if when else None, lang, console_for())
    return finish(analysis, CODES, lang)
