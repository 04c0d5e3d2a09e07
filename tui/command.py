"""``roadmap edit PLAN``: open a plan in the terminal editor.

A plan with errors still opens, showing its problems; a file that does not exist is offered to
be created. Textual is imported only when the command runs, so ``roadmap --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from roadmap.i18n import Lang

NAME = "edit"
HELP = (
    "計画を端末の画面で編集します (クリティカルパスを即時に再計算)",
    "edit a plan in the terminal with live critical-path updates",
)

EXIT_OK, EXIT_USAGE = 0, 2


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument(
        "plan", metavar="PLAN", help="計画ファイル (TOML)" if lang == "ja" else "plan file (TOML)"
    )


def run(args: argparse.Namespace) -> int:
    lang: Lang = "en" if getattr(args, "lang", "ja") == "en" else "ja"
    path = Path(args.plan)
    if path.is_dir():
        from roadmap.i18n import text

        print(f"roadmap: {text('io.directory', lang, path=path)}", file=sys.stderr)
        return EXIT_USAGE
    if not path.parent.exists() and str(path.parent) not in ("", "."):
        from roadmap.i18n import text

        print(f"roadmap: {text('io.missing', lang, path=path.parent)}", file=sys.stderr)
        return EXIT_USAGE
    from tui.app import RoadmapApp

    RoadmapApp(path, lang).run()
    return EXIT_OK


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="roadmap edit")
    parser.add_argument("--lang", choices=("ja", "en"), default="ja")
    add_arguments(parser, "ja")
    return run(parser.parse_args(list(argv)))
