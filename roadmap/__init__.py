"""dx-roadmap: a plan-as-code DX roadmap planner for Japanese municipalities (自治体DX).

:mod:`roadmap.core` is the plan in, values out (model, plan files, calendars, analysis,
comparison, messages); :mod:`roadmap.cli` is the command line on top of everything.
"""

__version__ = "0.1.0"
