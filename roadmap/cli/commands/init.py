"""``roadmap init [DIR] [--template NAME] [--force]``: start a plan from a template.

Writes ``DIR/plan.toml`` from one of the templates in :mod:`roadmap.core.planfile.templates` and, beside it,
``plan.schema.json`` for editors (the template's first line is ``#:schema ./plan.schema.json``).
An existing ``plan.toml`` is never overwritten without ``--force``; with it, the file keeps
its byte-order mark, line endings and permissions (a symbolic link stays a link).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from roadmap.cli.common import EXIT_OK, fail_usage, lang_of
from roadmap.core.i18n import Lang, text

NAME = "init"
HELP = "help.init"

TEMPLATES = ("small-town", "minimal")
PLAN_NAME = "plan.toml"
SCHEMA_NAME = "plan.schema.json"


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument(
        "directory",
        metavar="DIR",
        nargs="?",
        default=".",
        help=text("help.init.dir", lang),
    )
    parser.add_argument(
        "--template",
        choices=TEMPLATES,
        default="small-town",
        help=text("help.init.template", lang),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=text("help.init.force", lang),
    )


def template_text(name: str) -> str:
    """The text of the template ``name`` (package data)."""
    from importlib.resources import files

    return (
        files("roadmap.core.planfile.templates")
        .joinpath(f"{name}.toml")
        .read_text(encoding="utf-8")
    )


def _write_over(path: Path, content: str) -> None:
    """Write ``content`` to ``path``; an existing file keeps its byte-order mark, line endings
    and permissions, and is replaced only if it is still the one that was there a moment ago."""
    from roadmap.core.planfile.fileio import FileState, TextForm, WriteError, atomic_write

    try:
        state = FileState.of(path) if not path.is_dir() else None
    except OSError as error:  # there, but unreadable: no way to know what would be lost
        raise WriteError.of(path, error) from error
    form = state.form if state is not None else TextForm()
    atomic_write(path, form.encode(content), unchanged_since=state, must_not_exist=state is None)


def run(args: argparse.Namespace) -> int:
    from roadmap.cli.commands.schema import schema_text
    from roadmap.core.planfile.fileio import WriteError

    lang = lang_of(args)
    folder = Path(args.directory)
    target = folder / PLAN_NAME
    try:
        try:  # a name too long, a folder that cannot be looked into, ...
            if folder.exists() and not folder.is_dir():
                return fail_usage(text("init.not-a-folder", lang, path=folder))
            if target.exists() and not args.force:
                return fail_usage(text("init.exists", lang, path=target))
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WriteError.of(folder, error) from error
        _write_over(target, template_text(args.template))
        schema = folder / SCHEMA_NAME
        if args.force or not schema.exists():
            _write_over(schema, schema_text())
    except WriteError as error:
        return fail_usage(error.message(lang))
    print(text("init.written", lang, path=target, template=args.template))
    return EXIT_OK
