"""The ``roadmap`` command line: one subcommand per module, loaded lazily.

Every subcommand, ``export``, ``edit`` and ``serve`` included, is a module of
:mod:`roadmap.cli.commands`, listed in :data:`COMMANDS`: the CLI is the top layer and imports
the exporters and the TUI directly. A command module has ``NAME``, ``HELP`` (Japanese and
English), ``add_arguments(parser, lang)`` and ``run(args) -> int``, and imports nothing heavy at
module level: ``roadmap --help`` must stay fast.

Exit codes (:data:`roadmap.cli.common.EXIT_OK` and its neighbours): 0 ok, 1 the plan has errors,
2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from roadmap import __version__
from roadmap.cli.common import EXIT_OK
from roadmap.core.i18n import Lang, as_lang, text

__all__ = ["main"]

COMMANDS = (
    "check",
    "schedule",
    "budget",
    "staffing",
    "kpi",
    "systems",
    "level",
    "risk",
    "diff",
    "fmt",
    "schema",
    "init",
    "export",
    "edit",
    "serve",
)

#: The order subcommands are listed in ``--help``.
COMMAND_ORDER = ("init", "check", "schedule", "edit", "export", "serve")


def _language(argv: Sequence[str]) -> Lang:
    """The language asked for before the parser is built (its help is in that language)."""
    for position, word in enumerate(argv):
        if word == "--lang" and position + 1 < len(argv):
            return as_lang(argv[position + 1])
        if word.startswith("--lang="):
            return as_lang(word.split("=", 1)[1])
    return as_lang(os.environ.get("ROADMAP_LANG", "ja"))


def _command_modules() -> list[ModuleType]:
    modules: list[ModuleType] = []
    for name in COMMANDS:
        modules.append(importlib.import_module(f"roadmap.cli.commands.{name}"))
    rank = {name: position for position, name in enumerate(COMMAND_ORDER)}
    modules.sort(key=lambda module: rank.get(module.NAME, len(rank)))
    return modules


def _command_named(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` runs, when it is plain to see: the first word that is not an
    option (nor the value of ``--lang``) and names a command; ``None`` when help is asked for
    first or no command is named."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--lang":
            skip = True
        elif word.startswith("-"):
            if not word.startswith("--lang="):
                return None  # -h, --help, --version or a mistake: the whole parser answers
        else:
            return word if word in COMMANDS else None
    return None


def build_parser(language: str = "ja", only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``only``, the arguments of that command alone (the
    others are listed by name and help, which is all a run of ``only`` can show of them:
    adding every command's arguments cost each run some 5 ms)."""
    lang = as_lang(language)
    parser = argparse.ArgumentParser(
        prog="roadmap",
        description=text("help.main", lang),
    )
    parser.add_argument("--version", action="version", version=f"dx-roadmap {__version__}")
    lang_help = text("help.lang", lang)
    # --lang is read before parsing (the help text depends on it) and may stand before or after
    # the subcommand; both places default to what was found, so neither overrides the other.
    parser.add_argument("--lang", choices=("ja", "en"), default=lang, help=lang_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("ja", "en"), default=lang, help=lang_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in _command_modules():
        help_text = text(module.HELP, lang)
        command = sub.add_parser(
            module.NAME, help=help_text, description=help_text, parents=[common]
        )
        if only is None or only == module.NAME:
            module.add_arguments(command, lang)
        command.set_defaults(handler=module.run)
    return parser


#: Commands that print or write and are done: a process that ran one ends without tearing
#: the interpreter down (see :func:`_end_process`). The editor and the server are not.
ONE_SHOT_COMMANDS = frozenset(COMMANDS) - {"edit", "serve"}


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _language(args_list)
    parser = build_parser(lang, only=_command_named(args_list))
    args = parser.parse_args(args_list)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `roadmap schedule ... | head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    if argv is None and args.command in ONE_SHOT_COMMANDS:
        _end_process(code)
    return code


def _end_process(code: int) -> None:
    """End the process now with ``code``, when it is the ``roadmap`` command itself (``argv``
    not given) and the command is done.

    Tearing the interpreter down (every module, pydantic's validators, the plan's objects) took
    35-40 ms of the 0.2 s a ``check`` of the example plan may take: the output is flushed and
    the process ends with :func:`os._exit`. Left to the ordinary exit when another thread still
    runs or the output cannot be flushed.
    """
    import threading

    if threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
