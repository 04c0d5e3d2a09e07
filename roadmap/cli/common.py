"""What every subcommand needs: loading a plan with the right exit codes, printing problems.

Everything printed here passes through :func:`exporters.terminal.safe.terminal_safe`: a plan (or a
file name) cannot send control characters to the terminal through a message.
"""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING, Any, TextIO

from exporters.json_text import write_json
from exporters.terminal.safe import json_safe, terminal_safe
from roadmap.core.i18n import Lang, as_lang, text

if TYPE_CHECKING:
    from roadmap.core.analysis.pipeline import Analysis
    from roadmap.core.model.problems import Problem

#: The exit codes of every subcommand: success, problems in the plan, a usage or I/O error.
EXIT_OK, EXIT_PLAN_ERRORS, EXIT_USAGE = 0, 1, 2


def lang_of(args: argparse.Namespace) -> Lang:
    """The language of the parsed command line (``--lang``), ``"ja"`` unless it says ``en``."""
    return as_lang(getattr(args, "lang", "ja"))


def add_plan_argument(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument("plan", metavar="PLAN", help=text("help.plan", lang))


def fail_usage(message: str) -> int:
    """Print ``roadmap: message`` (one line, control characters escaped) and return 2."""
    print(f"roadmap: {terminal_safe(message)}", file=sys.stderr)
    return EXIT_USAGE


def dump_json(document: Any, stream: TextIO | None = None) -> None:
    """Print ``document`` as indented JSON (UTF-8 text; the characters a terminal would obey are
    ``\\uXXXX`` escapes, which decode to the same data)."""
    out = stream or sys.stdout
    # the text of json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False), written
    # as it is made; json_safe escapes single characters, so it may take the text in pieces
    write_json(document, lambda piece: out.write(json_safe(piece)))
    out.write("\n")


def analyze_or_exit(path: str, lang: Lang = "ja") -> Analysis | int:
    """The analysis of the plan at ``path``, or exit code 2 after printing why it can't be read.

    A command analyses one plan and then only reads the analysis: the cyclic garbage collector
    is paused while the plan is read and analysed (millions of objects at 100,000 initiatives,
    none of them garbage cycles; its passes over them were a fifth of ``schedule --json``). What
    the analysis of a large plan holds is then frozen (:func:`gc.freeze`): left out of the
    collections that the command's output may still set off. Small plans (the tests run the CLI
    in one process hundreds of times) are not frozen.
    """
    from roadmap.core.analysis.pipeline import analyze_path
    from roadmap.core.planfile.loader import PlanIOError

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        analysis = analyze_path(path)
        if analysis.plan is not None and len(analysis.plan.initiatives) >= FREEZE_INITIATIVES:
            gc.freeze()
        return analysis
    except PlanIOError as error:
        return fail_usage(error.message(lang))
    finally:
        if was_enabled:
            gc.enable()


#: Plans with at least this many initiatives have their analysis frozen out of the cyclic
#: garbage collector (see :func:`analyze_or_exit`).
FREEZE_INITIATIVES = 1_500


def format_problem(problem: Problem, lang: Lang) -> str:
    """``file:line: severity [code] id.field: message`` and, when there is one, an indented hint
    line; every part a plan can fill (file name, id, message, hint) is one line, escaped."""
    severity = text(f"severity.{problem.severity}", lang)
    where = terminal_safe(problem.location())
    subject = terminal_safe(".".join(part for part in (problem.initiative, problem.field) if part))
    head = f"{where}: " if where else ""
    subject_text = f" {subject}:" if subject else ""
    message = terminal_safe(problem.message(lang))
    line = f"{head}{severity} [{terminal_safe(problem.code)}]{subject_text} {message}"
    hint = problem.hint(lang)
    if hint:
        line += f"\n    {text('hint', lang)}: {terminal_safe(hint)}"
    return line


def print_problems(problems: list[Problem], lang: Lang, stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for problem in problems:
        print(format_problem(problem, lang), file=out)


def summary_line(problems: list[Problem], lang: Lang) -> str:
    errors = sum(1 for problem in problems if problem.is_error)
    warnings = len(problems) - errors
    if not problems:
        return text("check.ok", lang)
    return text("check.summary", lang, errors=errors, warnings=warnings)
