"""``roadmap level PLAN``: propose ``not_before`` changes that remove overloads and overruns.

Without ``-o`` the adjusted plan text goes to stdout (so ``roadmap level plan.toml > new.toml``
works) and the explanation of each move to stderr; with ``-o OUT`` the adjusted plan is
written atomically to ``OUT`` (which may be the plan itself) and the explanation goes to
stdout. Only ``not_before`` keys change; comments and everything else stay as written.
The file written keeps the plan's byte-order mark and line endings; written over the plan
itself, it is refused (exit code 2) when the plan changed on disk while ``level`` ran.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PLAN_ERRORS,
    add_plan_argument,
    dump_json,
    fail_usage,
    lang_of,
    print_problems,
)
from roadmap.cli.portfolio_common import add_json_argument, scheduled_or_exit
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from roadmap.core.analysis.leveling import Conflict, LevelingResult

NAME = "level"
HELP = "help.level"


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    parser.add_argument(
        "--allow-slip",
        action="store_true",
        help=text("help.level.allow_slip", lang),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=text("help.level.output", lang),
    )
    add_json_argument(parser, lang)


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {
        "kind": conflict.kind,
        "team": conflict.team,
        "month": f"{conflict.when:%Y-%m}" if conflict.kind == "staffing" else None,
        "fiscal_year": conflict.fiscal_year,
    }


def result_json(result: LevelingResult, lang: Lang) -> dict[str, Any]:
    """Moves, final ``not_before`` changes and remaining conflicts as plain data."""
    return {
        "original_finish": result.original_finish.isoformat(),
        "finish": result.finish.isoformat(),
        "changes": {key: day.isoformat() for key, day in result.changes.items()},
        "moves": [
            {
                "initiative": move.initiative,
                "old_not_before": move.old_not_before.isoformat() if move.old_not_before else None,
                "not_before": move.not_before.isoformat(),
                "old_start": move.old_start.isoformat(),
                "new_start": move.new_start.isoformat(),
                "old_finish": move.old_finish.isoformat(),
                "new_finish": move.new_finish.isoformat(),
                "conflict": _conflict_json(move.conflict),
                "before": float(move.before)
                if move.conflict.kind == "staffing"
                else int(move.before),
                "after": float(move.after) if move.conflict.kind == "staffing" else int(move.after),
                "was_critical": move.was_critical,
                "slip_days": move.slip_days,
                "explanation": move.explain(lang),
            }
            for move in result.moves
        ],
        "remaining": [_conflict_json(conflict) for conflict in result.remaining],
    }


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def run(args: argparse.Namespace) -> int:
    from roadmap.core.planfile.fileio import FileState, WriteError, atomic_write
    from roadmap.core.planfile.loader import PlanIOError, read_plan_bytes
    from roadmap.core.planfile.source import decode_plan_bytes

    lang = lang_of(args)
    try:
        raw = read_plan_bytes(args.plan)  # before the analysis: a later change is caught at -o
    except PlanIOError as error:
        return fail_usage(error.message(lang))
    state = FileState.of_bytes(args.plan, raw)
    analysis = scheduled_or_exit(args.plan, lang)
    if isinstance(analysis, int):
        return analysis
    assert analysis.plan is not None
    from roadmap.core.analysis.leveling import level_plan, rewrite_not_before

    result = level_plan(analysis.plan, allow_slip=args.allow_slip)
    if args.json:
        dump_json({"leveling": result_json(result, lang)})
        return EXIT_OK
    source, problems = decode_plan_bytes(raw, args.plan)
    if source is None:
        print_problems(problems, lang)
        return EXIT_PLAN_ERRORS
    adjusted, missing = rewrite_not_before(source, result.changes)
    from exporters.terminal.portfolio import print_leveling
    from exporters.terminal.schedule import console_for

    report = console_for(sys.stdout if args.output else sys.stderr)
    print_leveling(result, lang, report)
    for initiative_id in missing:
        report.print(text("budget.level.not_in_file", lang, id=initiative_id), markup=False)
    if not args.output:
        sys.stdout.write(adjusted)  # text to a terminal or pipe: no byte-order mark
        sys.stdout.flush()
        return EXIT_OK
    # the adjusted plan keeps the plan's byte-order mark and line endings; written over the
    # plan itself, it replaces the plan only if the plan still holds what was read
    same = _same_file(args.output, args.plan)
    try:
        atomic_write(
            args.output, state.form.encode(adjusted), unchanged_since=state if same else None
        )
    except WriteError as error:
        return fail_usage(error.message(lang))
    count = len(result.changes) - len(missing)
    report.print(text("budget.level.wrote", lang, path=args.output, count=count), markup=False)
    return EXIT_OK
