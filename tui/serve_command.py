"""``roadmap serve PLAN``: the same editor in a web browser, through textual-serve.

Listens on localhost only unless ``--host`` says otherwise (anyone who can reach the port can
edit the plan). Each browser tab runs ``roadmap edit PLAN`` in its own process.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from roadmap.i18n import Lang

NAME = "serve"
HELP = (
    "編集画面をブラウザで開けるようにします (textual-serve、既定は localhost のみ)",
    "serve the editor to a web browser (textual-serve; localhost only by default)",
)


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    ja = lang == "ja"
    parser.add_argument("plan", metavar="PLAN", help="計画ファイル (TOML)" if ja else "plan file")
    parser.add_argument(
        "--host", default="localhost", help="待ち受けるホスト" if ja else "host to listen on"
    )
    parser.add_argument("--port", type=int, default=8000, help="ポート番号" if ja else "port")


def serve_command(plan: str, lang: Lang) -> str:
    """The shell command each browser session runs."""
    return shlex.join([sys.executable, "-m", "roadmap.cli", "edit", plan, "--lang", lang])


def run(args: argparse.Namespace) -> int:
    from roadmap.i18n import text

    lang: Lang = "en" if getattr(args, "lang", "ja") == "en" else "ja"
    plan = str(Path(args.plan).resolve())
    try:
        from textual_serve.server import Server
    except ImportError:
        print("roadmap: textual-serve is not installed", file=sys.stderr)
        return 2
    if args.host not in ("localhost", "127.0.0.1", "::1"):
        print(text("tui.serve.public", lang, host=args.host), file=sys.stderr)
    print(text("tui.serve.listening", lang, host=args.host, port=args.port), file=sys.stderr)
    server = Server(serve_command(plan, lang), host=args.host, port=args.port, title="dx-roadmap")
    server.serve()
    return 0
