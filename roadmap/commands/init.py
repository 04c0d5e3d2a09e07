"""``roadmap init [DIR] [--template NAME] [--force]``: start a plan from a template.

Writes ``DIR/plan.toml`` from one of the templates in :mod:`roadmap.templates` and, beside it,
``plan.schema.json`` for editors (the template's first line is ``#:schema ./plan.schema.json``).
An existing ``plan.toml`` is never overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from roadmap.commands.common import EXIT_OK, fail_usage, lang_of
from roadmap.i18n import Lang, text

NAME = "init"
HELP = (
    "テンプレートから計画ファイル plan.toml を作成します",
    "write a new plan.toml from a template",
)

TEMPLATES = ("small-town", "minimal")
PLAN_NAME = "plan.toml"
SCHEMA_NAME = "plan.schema.json"


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    ja = lang == "ja"
    parser.add_argument(
        "directory",
        metavar="DIR",
        nargs="?",
        default=".",
        help="作成先のフォルダ (既定: 現在のフォルダ)"
        if ja
        else "folder to write into (default: .)",
    )
    parser.add_argument(
        "--template",
        choices=TEMPLATES,
        default="small-town",
        help="テンプレート (既定: small-town)" if ja else "template (default: small-town)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="既存の plan.toml を上書きする" if ja else "overwrite an existing plan.toml",
    )


def template_text(name: str) -> str:
    """The text of the template ``name`` (package data)."""
    from importlib.resources import files

    return files("roadmap.templates").joinpath(f"{name}.toml").read_text(encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    from roadmap.commands.schema import schema_text
    from roadmap.fileio import atomic_write

    lang = lang_of(args)
    folder = Path(args.directory)
    if folder.exists() and not folder.is_dir():
        return fail_usage(text("init.not-a-folder", lang, path=folder))
    target = folder / PLAN_NAME
    if target.exists() and not args.force:
        return fail_usage(text("init.exists", lang, path=target))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(target, template_text(args.template).encode("utf-8"))
        schema = folder / SCHEMA_NAME
        if args.force or not schema.exists():
            atomic_write(schema, schema_text().encode("utf-8"))
    except OSError as error:
        return fail_usage(f"{target}: {error.strerror or error}")
    print(text("init.written", lang, path=target, template=args.template))
    return EXIT_OK
