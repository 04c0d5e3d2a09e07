"""One initiative field checked on its own, with the loader's rules and messages.

An editor's form checks a value before writing it into the plan file. It asks
:func:`field_problems`, which builds a one-initiative plan holding the value and returns the
problems :func:`roadmap.core.planfile.loader.plan_from_data` reports for that field: the model's
rules (ranges, three-point order, durations) and the loader's messages, never a copy of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from roadmap.core.model.problems import Problem
from roadmap.core.planfile.loader import plan_from_data

__all__ = ["field_problems"]

#: What the placeholder initiative holds besides the field being checked.
_PLACEHOLDER: dict[str, Any] = {"title": "?", "duration": "0d"}
_SETTINGS: dict[str, Any] = {"title": "?", "start": dt.date(2000, 1, 1)}


def field_problems(field: str, value: object) -> list[Problem]:
    """The problems the loader reports for an initiative whose ``field`` holds ``value``.

    ``field`` is a key of an initiative, dotted for a sub-table (``cost.initial``); the
    problems are those of that key and of the keys inside it (``staffing.<team>``). The
    problems name no file, line or initiative.

    >>> [p.code for p in field_problems("progress", 120)], field_problems("progress", 50)
    (['progress-range'], [])
    >>> [p.field for p in field_problems("staffing", {"係": -1})]
    ['staffing.係']
    """
    raw: dict[str, Any] = dict(_PLACEHOLDER)
    *tables, key = field.split(".")
    target = raw
    for table in tables:
        target = target.setdefault(table, {})
    target[key] = value
    _plan, problems = plan_from_data({"plan": _SETTINGS, "initiatives": {"_": raw}})
    return [
        _detached(problem)
        for problem in problems
        if problem.field is not None
        and (problem.field == field or problem.field.startswith((f"{field}.", f"{field}[")))
    ]


def _detached(problem: Problem) -> Problem:
    import dataclasses

    return dataclasses.replace(problem, initiative=None, file=None, line=None)
