"""``roadmap diff PLAN [REV_A [REV_B]]``: what changed in a plan between two versions.

Defaults compare ``HEAD`` with the working tree. With two file paths (``roadmap diff old.toml
new.toml``) the files are compared directly and git is not needed.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from roadmap.cli.common import EXIT_OK, add_plan_argument, dump_json, fail_usage, lang_of
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from roadmap.core.analysis.pipeline import Analysis

NAME = "diff"
HELP = "help.diff"


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    add_plan_argument(parser, lang)
    parser.add_argument(
        "rev_a",
        metavar="REV_A",
        nargs="?",
        help=text("help.diff.rev_a", lang),
    )
    parser.add_argument(
        "rev_b",
        metavar="REV_B",
        nargs="?",
        help=text("help.diff.rev_b", lang),
    )
    parser.add_argument(
        "--format",
        choices=("text", "md", "json"),
        default="text",
        help=text("help.diff.format", lang),
    )
    parser.add_argument(
        "--json",
        action="store_const",
        const="json",
        dest="format",
        help=text("help.diff.json", lang),
    )


def _two_files(args: argparse.Namespace) -> bool:
    """``roadmap diff OLD.toml NEW.toml``: both arguments are files on disk."""
    return (
        args.rev_a is not None
        and args.rev_b is None
        and os.path.isfile(args.plan)
        and os.path.isfile(args.rev_a)
    )


def _analyses(args: argparse.Namespace, lang: Lang) -> tuple[Analysis, Analysis, str, str]:
    from roadmap.core.analysis.pipeline import analyze_path
    from roadmap.core.compare.git import WORKTREE, load_revision_analysis

    if _two_files(args):
        return analyze_path(args.plan), analyze_path(args.rev_a), args.plan, args.rev_a
    old_rev = args.rev_a or "HEAD"
    new_rev = args.rev_b or WORKTREE
    old = load_revision_analysis(args.plan, old_rev)
    new = load_revision_analysis(args.plan, new_rev)

    def label(revision: str) -> str:
        return text("diff.worktree", lang) if revision == WORKTREE else revision

    return old, new, label(old_rev), label(new_rev)


def run(args: argparse.Namespace) -> int:
    from exporters.diff_report import diff_document, diff_markdown, print_diff
    from roadmap.core.compare.diff import diff_plans
    from roadmap.core.compare.git import GitError
    from roadmap.core.planfile.loader import PlanIOError

    lang = lang_of(args)
    try:
        old, new, old_label, new_label = _analyses(args, lang)
    except GitError as error:
        return fail_usage(error.message(lang))
    except PlanIOError as error:
        return fail_usage(error.message(lang))
    diff = diff_plans(old, new, old_label, new_label)
    if args.format == "json":
        dump_json(diff_document(diff))
    elif args.format == "md":
        sys.stdout.write(diff_markdown(diff, lang))
    else:
        print_diff(diff, lang)
    return EXIT_OK
