"""``roadmap export PLAN``: write a management report (Markdown, Mermaid, CSV, JSON, xlsx, SVG).

The format follows ``--format``, else the extension of ``-o``, else Markdown. An ``-o`` file
whose extension names no format (``out.pdf``, ``report``) is a usage error that lists the
formats, never a Markdown file under a misleading name. Text formats go to stdout without
``-o``; xlsx needs ``-o``. A plan with errors is not exported: its problems go to stderr and the
exit code is 1. An output path whose folder is missing or that cannot be written is a usage
error (exit 2), checked before any work; a write that fails anyway (full disk, read-only file
system, name too long) is exit 2 with one line, and leaves the old file and no temporary file.
Files are written atomically (:func:`roadmap.core.planfile.fileio.atomic_write`); a device such as
``/dev/null`` is written into.

Large plans (a plan file of :data:`LARGE_PLAN_BYTES` or more, about 500 initiatives) show a
progress bar on stderr when stderr is a terminal; files and pipes never get one.

Nothing heavy is imported at module level: the exporters are loaded when a report is built.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from roadmap.cli.common import (
    EXIT_OK,
    EXIT_PLAN_ERRORS,
    EXIT_USAGE,
    FREEZE_INITIATIVES,
    lang_of,
)
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from roadmap.core.analysis.pipeline import Analysis

NAME = "export"
HELP = "help.export"

#: Plans from this size up get a progress bar on a terminal (about 500 initiatives).
LARGE_PLAN_BYTES = 64 * 1024

_FORMAT_CHOICES = ("md", "mermaid", "csv", "json", "xlsx", "svg")
#: Formats with a version for residents (``--audience public``); the others are refused: a
#: workbook, CSV or JSON carries costs and ids by design.
PUBLIC_FORMATS = frozenset({"md", "svg", "mermaid"})


def _date_parser(lang: Lang) -> Callable[[str], dt.date]:
    """An argparse ``type`` reading ``YYYY-MM-DD`` with a message in ``lang``."""

    def parse(value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(text("export.bad_date", lang, value=value)) from None

    return parse


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    """``PLAN [-o FILE] [--format F] [--as-of DATE] [--by B] [--excel] [--dates D]
    [--baseline REV] [--svg-size S] [--audience A]`` (``--lang`` is common)."""
    parser.add_argument("plan", metavar="PLAN", help=text("help.plan", lang))
    parser.add_argument(
        "-o", "--output", metavar="FILE", default=None, help=text("export.help.output", lang)
    )
    parser.add_argument(
        "--format", choices=_FORMAT_CHOICES, default=None, help=text("export.help.format", lang)
    )
    parser.add_argument(
        "--as-of",
        dest="as_of",
        type=_date_parser(lang),
        default=None,
        metavar="DATE",
        help=text("export.help.as_of", lang),
    )
    parser.add_argument(
        "--by",
        choices=("auto", "quarter", "month", "fiscal-year"),
        default="auto",
        help=text("export.help.by", lang),
    )
    parser.add_argument("--excel", action="store_true", help=text("export.help.excel", lang))
    parser.add_argument(
        "--dates",
        choices=("wareki", "iso"),
        default="wareki",
        help=text("export.help.dates", lang),
    )
    parser.add_argument(
        "--baseline", metavar="REV", default=None, help=text("export.help.baseline", lang)
    )
    parser.add_argument(
        "--svg-size",
        dest="svg_size",
        choices=("slide", "wide"),
        default="slide",
        help=text("public_report.help.svg_size", lang),
    )
    parser.add_argument(
        "--audience",
        choices=("internal", "public"),
        default="internal",
        help=text("public_report.help.audience", lang),
    )


def _fail(message: str) -> int:
    from exporters.terminal.safe import terminal_safe

    print(f"roadmap: {terminal_safe(message)}", file=sys.stderr)
    return EXIT_USAGE


def choose_format(requested: str | None, output: str | None) -> str | None:
    """``--format``, else the format of ``output``'s extension, else ``md``.

    ``None`` when ``output`` is given without ``--format`` and its extension names no format.
    """
    if requested:
        return requested
    if output:
        from exporters.base import format_for_path

        return format_for_path(output)
    return "md"


def format_list() -> str:
    """The formats and the extensions that select them: ``md (.md, .markdown), ...``."""
    from exporters.base import FORMATS

    return ", ".join(
        f"{name} ({', '.join(extensions)})" for name, (_module, extensions) in FORMATS.items()
    )


def output_problem(output: str, lang: Lang) -> str | None:
    """Why ``output`` cannot be written, checked before any work (``None`` when it looks fine)."""
    if os.path.isdir(output):
        return text("export.is_directory", lang, path=output)
    if os.path.exists(output) and not os.path.isfile(output):
        # a device or a pipe (/dev/null, a FIFO) is written into: its folder does not matter
        if os.access(output, os.W_OK):
            return None
        return text("export.not_writable", lang, path=output, detail=os.strerror(13))
    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        return text("export.no_folder", lang, path=output, folder=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        return text("export.not_writable", lang, path=output, detail=os.strerror(13))
    return None


def _progress(show: bool) -> Any:
    """A rich progress bar on stderr, or ``None``."""
    if not show:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _wants_progress(plan_path: str) -> bool:
    try:
        large = os.path.getsize(plan_path) >= LARGE_PLAN_BYTES
    except OSError:
        return False
    return large and sys.stderr.isatty()


def run(args: argparse.Namespace) -> int:
    """Export the plan; exit 0, 1 (the plan has errors) or 2 (usage or I/O error)."""
    from exporters.base import TEXT_FORMATS, exporter
    from roadmap.cli.common import analyze_or_exit, print_problems

    lang = lang_of(args)
    if args.output is not None:
        problem = output_problem(args.output, lang)
        if problem is not None:
            return _fail(problem)
    format_name = choose_format(args.format, args.output)
    if format_name is None:
        return _fail(
            text("export.unknown_extension", lang, path=args.output, formats=format_list())
        )
    if args.output is None and format_name not in TEXT_FORMATS:
        return _fail(text("export.needs_output", lang, format=format_name))
    if args.audience == "public" and format_name not in PUBLIC_FORMATS:
        return _fail(
            text(
                "public_report.unsupported_format",
                lang,
                format=format_name,
                formats=", ".join(sorted(PUBLIC_FORMATS)),
            )
        )
    try:
        exporter(format_name)  # a format whose library is missing is a usage error, up front
    except ImportError as error:
        return _fail(text("export.format_unavailable", lang, format=format_name, detail=error))
    baseline = None
    baseline_date = None
    if args.baseline is not None:
        from roadmap.core.compare.git import GitError, load_revision_analysis, revision_date
        from roadmap.core.planfile.loader import PlanIOError

        try:
            baseline = load_revision_analysis(args.plan, args.baseline)
            baseline_date = revision_date(args.plan, args.baseline)
        except GitError as error:
            return _fail(error.message(lang))
        except PlanIOError as error:
            return _fail(error.message(lang))
    options: dict[str, Any] = {
        "as_of": args.as_of,
        "by": args.by,
        "excel": args.excel,
        "dates": args.dates,
        "baseline": baseline,
        "baseline_label": args.baseline,
        "baseline_date": baseline_date,
        "svg_size": args.svg_size,
        "audience": args.audience,
    }

    progress = _progress(_wants_progress(args.plan))
    context: AbstractContextManager[Any] = progress if progress is not None else nullcontext()
    with context:
        task = progress.add_task(text("export.progress.analyze", lang), total=2) if progress else 0
        analysis = analyze_or_exit(args.plan, lang)
        if isinstance(analysis, int):
            return analysis
        if analysis.has_errors or analysis.schedule is None:
            if progress is not None:
                progress.stop()
            print_problems(analysis.problems, lang)
            print(text("export.not_exported", lang), file=sys.stderr)
            return EXIT_PLAN_ERRORS
        if progress is not None:
            label = text("export.progress.render", lang, format=format_name)
            progress.update(task, advance=1, description=label)
        code = _export(analysis, format_name, args.output, lang, options)
        if progress is not None:
            progress.update(task, advance=1)
    if code == EXIT_OK and analysis.problems:
        print_problems(analysis.problems, lang)
    return code


def _export(
    analysis: Analysis, format_name: str, output: str | None, lang: Lang, options: dict[str, Any]
) -> int:
    """Render with :func:`exporters.base.export` and write to ``output`` (atomically) or stdout."""
    from exporters.base import export
    from roadmap.core.planfile import fileio

    # an export builds many objects and little garbage (an xlsx of 10,000 rows is some 300,000
    # cells, each referring to its sheet): the cyclic collector's passes over them while they
    # were made took 0.7 s of its 4.2 s; it runs again, on what is left, once the export is done
    collecting = gc.isenabled()
    plan = analysis.plan
    large = plan is not None and len(plan.initiatives) >= FREEZE_INITIATIVES
    gc.disable()
    try:
        data = export(analysis, format_name, output, lang, **options)
    except fileio.WriteError as error:
        return _fail(error.message(lang))
    except OSError as error:
        return _fail(
            text("export.not_writable", lang, path=output, detail=error.strerror or str(error))
        )
    finally:
        if collecting:
            if large:  # what the export made is left for the process's end: freeing the
                gc.freeze()  # workbook of 10,000 rows (700,000 objects) took 0.25 s
            gc.enable()
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return EXIT_OK
