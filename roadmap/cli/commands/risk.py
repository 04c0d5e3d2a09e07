"""``roadmap risk PLAN``: Monte Carlo finish-date confidence from three-point estimates.

Prints the finish-date percentiles (P50, P80, P95), the chance of meeting the plan's and each
initiative's deadline, and the risk drivers; ``--json`` prints the same as data. The numbers
come from the analysis (:meth:`roadmap.core.analysis.pipeline.Analysis.risk`); the seed defaults
to ``[plan] risk_seed`` so the output is the same every time. A progress bar appears on stderr
only when stderr is a terminal and the simulation will take more than a second. The tables, the
bar and the JSON document are drawn by :mod:`exporters.terminal.risk`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

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

NAME = "risk"
HELP = "help.risk"

#: The most runs one command may ask for (memory grows with runs x initiatives).
MAX_RUNS = 1_000_000


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
    """``--seed``: like ``[plan] risk_seed``, an integer from 0 to 2**63 - 1.

    The limit is read when a seed is given: importing the plan model (pydantic) while the
    parser is built would cost every ``roadmap --help`` 0.15 s.
    """

    def parse(value: str) -> int:
        from roadmap.core.model.plan import MAX_RISK_SEED

        try:
            seed = int(value)
        except ValueError:
            seed = -1
        if not 0 <= seed <= MAX_RISK_SEED:
            raise argparse.ArgumentTypeError(text("risk.bad_seed", lang, limit=MAX_RISK_SEED))
        return seed

    return parse


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    parser.add_argument(
        "--runs",
        type=_runs_type(lang),
        default=10_000,
        metavar="N",
        help=text("help.risk.runs", lang),
    )
    parser.add_argument(
        "--seed",
        type=_seed_type(lang),
        default=None,
        metavar="S",
        help=text("help.risk.seed", lang),
    )
    parser.add_argument(
        "--distribution",
        choices=("pert", "triangular"),
        default="pert",
        help=text("help.risk.distribution", lang),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=text("help.json", lang),
    )


def run(args: argparse.Namespace) -> int:
    from exporters.terminal.risk import risk_report_document

    lang = lang_of(args)
    analysis = analyze_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    if analysis.has_errors or analysis.plan is None:
        if args.json:
            dump_json(risk_report_document(args.plan, analysis, None, lang))
        else:
            print_problems(analysis.problems, lang)
        return EXIT_PLAN_ERRORS
    from exporters.terminal.risk import close_progress, progress_bar
    from roadmap.core.calendar.workdays import CalendarRangeError

    try:
        result = analysis.risk(
            runs=args.runs,
            seed=args.seed,
            distribution=args.distribution,
            progress=progress_bar(lang),
        )
    except CalendarRangeError:
        print(f"roadmap: {text('risk.out_of_range', lang, limit=2099)}", file=sys.stderr)
        return EXIT_PLAN_ERRORS
    finally:
        close_progress()
    if args.json:
        dump_json(risk_report_document(args.plan, analysis, result, lang))
    else:
        from exporters.terminal.risk import print_risk
        from exporters.terminal.schedule import console_for

        print_risk(analysis, result, lang, console_for())
        if analysis.problems:
            print_problems(analysis.problems, lang)
    return EXIT_OK
