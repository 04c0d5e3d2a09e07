"""Core subcommands of ``roadmap``; one module each (see :mod:`roadmap.cli.main`)."""
