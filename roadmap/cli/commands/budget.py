"""``roadmap budget PLAN [--request YEAR [--baseline REV]]``: the budget as a town reads it.

Without ``--request``: per 年度 the 節 and 財源 (一般財源 last) in 千円, the caps against
一般財源 (or the gross cost), 交付税算入見込み beside, 債務負担行為, 繰越明許費 and the actuals.
With ``--request 2027`` (or ``R9``, ``令和9``, ``令和9年度``): the 予算要求 of that 年度, and with
``--baseline REV`` (the plan as of the 当初予算, a git revision) the lines that now need a
補正予算. ``--json`` prints the exact yen (docs/json.md).
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from roadmap.cli.common import EXIT_OK, add_plan_argument, dump_json, fail_usage, lang_of
from roadmap.cli.portfolio_common import add_json_argument, finish, run_report, scheduled_or_exit
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap.core.analysis.budget import BudgetReport
    from roadmap.core.analysis.pipeline import Analysis

NAME = "budget"
HELP = "help.budget"

#: The problem codes this command shows under its table.
CODES = (
    "budget-over-cap",
    "subsidy-above-initial",
    "carryover-needed",
    "financing-above-cost",
)

#: 令和 year 1 is 2019.
_REIWA = 2018
_ERA_YEAR = re.compile(r"^(?:R|令和)(元|\d{1,3})(?:年度?)?$")
_WESTERN_YEAR = re.compile(r"^(\d{4})(?:年度?)?$")


def parse_fiscal_year(value: str) -> int | None:
    """A 年度 as written: ``2027``, ``2027年度``, ``R9``, ``令和9``, ``令和9年度``, ``令和元年度``;
    ``None`` when it is none of them.

    >>> [parse_fiscal_year(v) for v in ("2027", "R9", "令和9年度", "r1", "９", "FY")]
    [2027, 2027, 2027, 2019, None, None]
    """
    written = unicodedata.normalize("NFKC", value).strip().upper()
    if match := _WESTERN_YEAR.match(written):
        year = int(match.group(1))
        return year if 1900 <= year <= 9998 else None
    if match := _ERA_YEAR.match(written):
        number = match.group(1)  # 元 is the first year
        return _REIWA + (int(number) if number.isdigit() else 1)
    return None


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    add_json_argument(parser, lang)
    parser.add_argument(
        "--request", metavar="YEAR", default=None, help=text("budget_report.help.request", lang)
    )
    parser.add_argument(
        "--baseline", metavar="REV", default=None, help=text("budget_report.help.baseline", lang)
    )


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


def _baseline(args: argparse.Namespace, lang: Lang) -> Analysis | int:
    """The plan at ``--baseline REV``, analysed, or the exit code after one line on stderr."""
    from roadmap.core.compare.git import GitError, load_revision_analysis
    from roadmap.core.planfile.loader import PlanIOError

    try:
        baseline = load_revision_analysis(args.plan, args.baseline)
    except (GitError, PlanIOError) as error:
        return fail_usage(error.message(lang))
    if baseline.has_errors or baseline.plan is None or baseline.schedule is None:
        return fail_usage(text("budget_report.baseline_errors", lang, revision=args.baseline))
    return baseline


def _run_request(args: argparse.Namespace, lang: Lang) -> int:
    from roadmap.core.analysis.budget_request import budget_request
    from roadmap.core.calendar.fiscal import fiscal_year_label

    year = parse_fiscal_year(args.request)
    if year is None:
        return fail_usage(text("budget_report.bad_year", lang, value=args.request))
    analysis = scheduled_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    plan, schedule, report = analysis.plan, analysis.schedule, analysis.budget
    assert plan is not None and schedule is not None and report is not None
    if not report.first_year <= year <= report.last_year:
        from exporters.budget_rows import span_label

        return fail_usage(
            text(
                "budget_report.outside_period",
                lang,
                year=fiscal_year_label(year, lang),
                period=span_label(report.first_year, report.last_year, lang),
            )
        )
    against = None
    if args.baseline is not None:
        baseline = _baseline(args, lang)
        if isinstance(baseline, int):
            return baseline
        assert baseline.plan is not None and baseline.schedule is not None
        against = (baseline.plan, baseline.schedule)
    request = budget_request(plan, schedule, year, against)
    if args.json:
        from exporters.json_portfolio import request_json

        dump_json({"request": request_json(request, lang, args.baseline)})
        return EXIT_OK
    from exporters.terminal.portfolio import print_request
    from exporters.terminal.schedule import console_for

    print_request(request, report.rounding, lang, console_for(), args.baseline)
    return finish(analysis, CODES, lang)


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    if args.request is not None:
        return _run_request(args, lang)
    if args.baseline is not None:
        return fail_usage(text("budget_report.baseline_needs_request", lang))
    return run_report(args, CODES, _report, _document, _render)
