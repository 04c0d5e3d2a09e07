"""``roadmap fmt PLAN... [--check]``: rewrite plans in the canonical layout, keeping comments.

A portfolio is formatted whole: the plan and every file it includes. A file already in the
canonical layout is not touched. With ``--check`` nothing is written; the exit code is 1 when
any file is not formatted, and each such file is named (for CI and pre-commit).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from roadmap.commands.common import EXIT_OK, EXIT_PLAN_ERRORS, fail_usage, lang_of, print_problems
from roadmap.i18n import Lang, text

NAME = "fmt"
HELP = (
    "計画ファイルを正規の書式に整形します (コメントは保持)",
    "rewrite plan files in the canonical layout (comments are kept)",
)


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    ja = lang == "ja"
    parser.add_argument(
        "plans",
        metavar="PLAN",
        nargs="+",
        help="計画ファイル (include したファイルも整形します)"
        if ja
        else "plan files (included files are formatted too)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="書き換えずに検査だけ行い、未整形なら終了コード 1"
        if ja
        else "write nothing; exit 1 when a file is not formatted",
    )


def _format_file(path: Path, check: bool, lang: Lang) -> bool | None:
    """Format one file; ``True`` when it is (now) formatted, ``False`` when ``--check`` fails,
    ``None`` when it cannot be formatted."""
    from roadmap.fileio import atomic_write
    from roadmap.formatting import FormatError, format_plan_text
    from roadmap.loader import read_plan_bytes
    from roadmap.source import decode_plan_bytes

    raw = read_plan_bytes(path)
    content, problems = decode_plan_bytes(raw, str(path))
    if content is None:
        print_problems(problems, lang)
        return None
    try:
        formatted = format_plan_text(content)
    except FormatError as error:
        print(text("fmt.cannot-parse", lang, path=path, detail=error.detail), file=sys.stderr)
        return None
    new_bytes = formatted.encode("utf-8")
    if new_bytes == raw:
        return True
    if check:
        print(text("fmt.would-reformat", lang, path=path))
        return False
    atomic_write(path, new_bytes)
    print(text("fmt.reformatted", lang, path=path))
    return True


def run(args: argparse.Namespace) -> int:
    from roadmap.loader import PlanIOError
    from roadmap.portfolio import portfolio_files

    lang = lang_of(args)
    code = EXIT_OK
    seen: set[Path] = set()
    try:
        for plan in args.plans:
            for path in portfolio_files(plan):
                if path.resolve() in seen:
                    continue
                seen.add(path.resolve())
                if _format_file(path, args.check, lang) is not True:
                    code = EXIT_PLAN_ERRORS
    except PlanIOError as error:
        return fail_usage(error.message(lang))
    return code
