"""``roadmap edit PLAN [--baseline REV]``: open a plan in the terminal editor.

A plan with errors still opens, showing its problems; a file that does not exist is offered to
be created. The editor needs a terminal: without one (stdin or stdout is not a TTY, as in a
pipe or a CI job) it says so in one line and exits 2, unless Textual is told to draw elsewhere
(``TEXTUAL_DRIVER``, as ``roadmap serve`` does). When the editor stops on an error, the unsaved
edits are kept in a recovery file (:mod:`tui.recovery`), the path is printed, and the exit code
is 2. With ``--baseline REV`` the plan as it was at that git revision is read first (an
unknown revision is a clear error, exit 2) and drawn in the Gantt chart beside the current
bars. Textual is imported only when the command runs, so ``roadmap --help`` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from roadmap.cli.common import EXIT_OK, EXIT_USAGE, lang_of
from roadmap.core.i18n import Lang

NAME = "edit"
HELP = "help.edit"


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    from roadmap.core.i18n import text

    parser.add_argument("plan", metavar="PLAN", help=text("help.plan", lang))
    parser.add_argument("--baseline", metavar="REV", help=text("tui.baseline.help", lang))


def run(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    path = Path(args.plan)
    if path.is_dir():
        from roadmap.core.i18n import text

        print(f"roadmap: {text('io.directory', lang, path=path)}", file=sys.stderr)
        return EXIT_USAGE
    if not path.parent.exists() and str(path.parent) not in ("", "."):
        from roadmap.core.i18n import text

        print(f"roadmap: {text('io.missing', lang, path=path.parent)}", file=sys.stderr)
        return EXIT_USAGE
    baseline = None
    revision = getattr(args, "baseline", None)
    if revision:
        from roadmap.core.compare.git import GitError, load_revision_analysis
        from roadmap.core.planfile.loader import PlanIOError

        try:
            baseline = load_revision_analysis(path, revision)
        except GitError as error:
            print(f"roadmap: {error.message(lang)}", file=sys.stderr)
            return EXIT_USAGE
        except PlanIOError as error:
            print(f"roadmap: {error.message(lang)}", file=sys.stderr)
            return EXIT_USAGE
    if not has_terminal():
        from roadmap.core.i18n import text

        print(f"roadmap: {text('tui.no_tty', lang)}", file=sys.stderr)
        return EXIT_USAGE
    from tui.app import RoadmapApp

    baseline_date = None
    if revision:
        from roadmap.core.compare.git import revision_date

        baseline_date = revision_date(path, revision)
    app = RoadmapApp(
        path, lang, baseline=baseline, baseline_label=revision, baseline_date=baseline_date
    )
    try:
        app.run()
    except BaseException:  # interrupted: keep the unsaved edits all the same
        if not app.recovered_to and app.write_recovery():
            _report_stop(app, lang)
        raise
    if app.return_code not in (None, 0):
        _report_stop(app, lang)
        return EXIT_USAGE
    return EXIT_OK


def has_terminal() -> bool:
    """Whether the editor can draw: stdin and stdout are a terminal, or a Textual driver that
    draws elsewhere is chosen (``TEXTUAL_DRIVER``, as textual-serve sets for a browser)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def _report_stop(app: object, lang: Lang) -> None:
    """Say, in one line, where the unsaved edits of an editor that stopped were kept."""
    from roadmap.core.i18n import text

    written = getattr(app, "recovered_to", [])
    if written:
        paths = ", ".join(str(path) for path in written)
        print(f"roadmap: {text('tui.recover.written', lang, paths=paths)}", file=sys.stderr)
    else:
        print(f"roadmap: {text('tui.crashed', lang)}", file=sys.stderr)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="roadmap edit")
    parser.add_argument("--lang", choices=("ja", "en"), default="ja")
    add_arguments(parser, "ja")
    return run(parser.parse_args(list(argv)))
