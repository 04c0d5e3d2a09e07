"""The core: plan in, values out. No Rich, no Markdown, no argparse.

:mod:`~roadmap.core.model` (the plan, durations, problems), :mod:`~roadmap.core.planfile`
(reading, editing, saving and formatting plan files), :mod:`~roadmap.core.calendar` (working
days, months, 年度, 和暦), :mod:`~roadmap.core.analysis` (schedule, risk, money, people, KPIs,
leveling, and the :class:`~roadmap.core.analysis.pipeline.Analysis` every face reads),
:mod:`~roadmap.core.compare` (diffs, baselines, git) and :mod:`~roadmap.core.i18n` (the
catalogue). The exporters, the TUI and the CLI stand above it; docs/architecture.md draws it.
"""
