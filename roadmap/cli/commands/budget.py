"""``roadmap budget PLAN``: cost per fiscal year (年度) against the caps, net of subsidies."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from roadmap.cli.common import add_plan_argument
from roadmap.cli.portfolio_common import add_json_argument, run_report
from roadmap.core.i18n import Lang

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap.core.analysis.budget import BudgetReport
    from roadmap.core.analysis.pipeline import Analysis

NAME = "budget"
HELP = "help.budget"

#: The problem codes this command shows under its table.
CODES = ("budget-over-cap", "subsidy-above-initial")


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    add_json_argument(parser, lang)


def _report(analysis: Analysis) -> BudgetReport:
    report = analysis.budget
    assert report is not None  # run_report: a plan with a schedule
    return report


def _document(report: BudgetReport, lang: Lang) -> dict[str, Any]:
    from exporters.json_portfolio import budget_json

    return {"budget": budget_json(report, lang)}


def _render(report: BudgetReport, lang: Lang, console: Console) -> None:
    from exporters.terminal.portfolio import print_budget

    print_budget(report, lang, console)


def run(args: argparse.Namespace) -> int:
    return run_report(args, CODES, _report, _document, _render)
