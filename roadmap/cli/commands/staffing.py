"""``roadmap staffing PLAN``: load per team per month against capacity, and who causes it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from roadmap.cli.common import add_plan_argument
from roadmap.cli.portfolio_common import add_json_argument, run_report
from roadmap.core.i18n import Lang

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap.core.analysis.pipeline import Analysis
    from roadmap.core.analysis.staffing import StaffingReport

NAME = "staffing"
HELP = "help.staffing"

CODES = ("team-overloaded", "undeclared-team")


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    add_json_argument(parser, lang)


def _report(analysis: Analysis) -> StaffingReport:
    report = analysis.staffing
    assert report is not None  # run_report: a plan with a schedule
    return report


def _document(report: StaffingReport, lang: Lang) -> dict[str, Any]:
    from exporters.json_portfolio import staffing_json

    return {"staffing": staffing_json(report)}


def _render(report: StaffingReport, lang: Lang, console: Console) -> None:
    from exporters.terminal.portfolio import print_staffing

    print_staffing(report, lang, console)


def run(args: argparse.Namespace) -> int:
    return run_report(args, CODES, _report, _document, _render)
