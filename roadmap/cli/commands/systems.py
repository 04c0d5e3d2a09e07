"""``roadmap systems PLAN``: the 20 標準化対象事務, who migrates each, cut-over and deadline."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from roadmap.cli.common import add_plan_argument
from roadmap.cli.portfolio_common import add_json_argument, run_report
from roadmap.core.i18n import Lang

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap.core.analysis.pipeline import Analysis
    from roadmap.core.analysis.systems import SystemRow

NAME = "systems"
HELP = "help.systems"

CODES = ("unknown-system", "duplicate-system")


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    add_json_argument(parser, lang)


def _report(analysis: Analysis) -> list[SystemRow]:
    from roadmap.core.analysis.systems import system_rows

    assert analysis.plan is not None and analysis.schedule is not None  # run_report
    return system_rows(analysis.plan, analysis.schedule)


def _document(rows: list[SystemRow], lang: Lang) -> dict[str, Any]:
    from exporters.terminal.systems import systems_json

    return {"systems": systems_json(rows)}


def _render(rows: list[SystemRow], lang: Lang, console: Console) -> None:
    from exporters.terminal.systems import print_systems

    print_systems(rows, lang, console)


def run(args: argparse.Namespace) -> int:
    return run_report(args, CODES, _report, _document, _render)
