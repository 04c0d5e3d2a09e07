"""Exporters: every rendering of the core's values. Terminal tables (:mod:`exporters.terminal`,
Rich) and management reports (Markdown with Mermaid and table Gantt, CSV, JSON, xlsx, SVG), all
through one :func:`exporters.base.export` used by the CLI and the TUI. They read the core's
:class:`~roadmap.core.analysis.pipeline.Analysis` for every date and number; none is computed
here."""
