"""The ``roadmap`` command line: argparse and the commands; the top layer, may import everything.

:mod:`roadmap.cli.main` builds the parser and runs a command; :mod:`roadmap.cli.commands` holds
one module per subcommand. Exit codes: 0 ok, 1 the plan has errors, 2 usage or I/O error.
"""

from roadmap.cli.main import main

__all__ = ["main"]
