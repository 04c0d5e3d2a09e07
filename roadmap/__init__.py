"""dx-roadmap core: the plan model, plan files, calendars, scheduling, budgets and diffs.

The core never imports the faces (``tui``, ``exporters``). Everything here is plain data in,
plain data out, so the TUI, the exporters and the CLI share one implementation.
"""

__version__ = "0.1.0"
