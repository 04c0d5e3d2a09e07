"""``roadmap fmt PLAN... [--check]``: rewrite plans in the canonical layout, keeping comments.

A portfolio is formatted whole: the plan and every file it includes. A file already in the
canonical layout is not touched. With ``--check`` nothing is written; the exit code is 1 when
any file is not formatted, and each such file is named (for CI and pre-commit).

A file keeps its UTF-8 byte-order mark and its line endings (a CRLF file in the canonical
layout is formatted), its permissions, and a symbolic link stays a link. A file that another
program changed while ``fmt`` ran is not overwritten: exit code 2, as for a failed write.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PLAN_ERRORS,
    EXIT_USAGE,
    fail_usage,
    lang_of,
    print_problems,
)
from roadmap.core.i18n import Lang, text

NAME = "fmt"
HELP = "help.fmt"


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument(
        "plans",
        metavar="PLAN",
        nargs="+",
        help=text("help.fmt.plans", lang),
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=text("help.fmt.check", lang),
    )


def _format_file(path: Path, check: bool, lang: Lang) -> int:
    """Format one file; the exit code for it: 0 when it is (now) formatted, 1 when ``--check``
    fails or it cannot be formatted, 2 when it cannot be written (or changed while formatting).

    The file keeps its byte-order mark and line endings; it is replaced only if it still holds
    what was read (checked right before the replacement).
    """
    from roadmap.core.planfile.fileio import FileState, WriteError, atomic_write
    from roadmap.core.planfile.layout import FormatError, format_plan_text
    from roadmap.core.planfile.loader import read_plan_bytes
    from roadmap.core.planfile.source import decode_plan_bytes

    raw = read_plan_bytes(path)
    state = FileState.of_bytes(path, raw)
    content, problems = decode_plan_bytes(raw, str(path))
    if content is None:
        print_problems(problems, lang)
        return EXIT_PLAN_ERRORS
    try:
        formatted = format_plan_text(content)
    except FormatError as error:
        print(text("fmt.cannot-parse", lang, path=path, detail=error.detail), file=sys.stderr)
        return EXIT_PLAN_ERRORS
    new_bytes = state.form.encode(formatted)
    if new_bytes == raw:
        return EXIT_OK
    if check:
        print(text("fmt.would-reformat", lang, path=path))
        return EXIT_PLAN_ERRORS
    try:
        atomic_write(path, new_bytes, unchanged_since=state)
    except WriteError as error:
        fail_usage(error.message(lang))
        return EXIT_USAGE
    print(text("fmt.reformatted", lang, path=path))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from roadmap.core.planfile.includes import included_files
    from roadmap.core.planfile.loader import PlanIOError

    lang = lang_of(args)
    code = EXIT_OK
    seen: set[Path] = set()
    try:
        for plan in args.plans:
            for path in included_files(plan):
                if path.resolve() in seen:
                    continue
                seen.add(path.resolve())
                code = max(code, _format_file(path, args.check, lang))
    except PlanIOError as error:
        return fail_usage(error.message(lang))
    return code
