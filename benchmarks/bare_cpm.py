"""A bare pure-Python critical-path method: the reference the CLI's speed is compared with.

It reads the same dependency graph as a plan, already reduced to JSON (``run_all.py`` writes it
with :func:`graph_json`), and does only the arithmetic: a forward pass for early dates and a
backward pass for late dates and float, in workdays. No validation, no calendar, no problems,
no output beyond one summary line. A CLI command that is "3x the bare CPM" does three times the
work of this script, measured as a whole process in the same benchmark run.

JSON format::

    {"tasks": [{"id": "i00001", "duration": 5, "deps": [["i00000", "FS", 0], ...]}, ...]}

Usage::

    python benchmarks/bare_cpm.py graph.json
"""

from __future__ import annotations

import json
import sys
from collections import deque
from typing import Any

__all__ = ["cpm", "graph_json"]

_UNIT_DAYS = {"d": 1, "w": 5, "mo": 20, "y": 240}


def _days(text: str) -> int:
    """``"3w"`` -> 15 workdays (``mo`` counted as 20 workdays)."""
    for unit in ("mo", "d", "w", "y"):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * _UNIT_DAYS[unit])
    return int(float(text))


def graph_json(plan: dict[str, Any]) -> dict[str, Any]:
    """The graph of a parsed plan (``tomllib`` data) in the JSON format above."""
    tasks = []
    for key, raw in plan.get("initiatives", {}).items():
        duration = raw.get("duration", "0d")
        if isinstance(duration, dict):  # three-point: the most likely value
            duration = duration.get("likely", "0d")
        deps = []
        for item in raw.get("depends_on", []):
            if isinstance(item, str):
                deps.append([item, "FS", 0])
            else:
                deps.append([item["id"], item.get("type", "FS"), _days(item.get("lag", "0d"))])
        tasks.append({"id": key, "duration": _days(str(duration)), "deps": deps})
    return {"tasks": tasks}


def cpm(tasks: list[dict[str, Any]]) -> tuple[int, int]:
    """Forward and backward pass; returns (project finish, number of critical tasks)."""
    duration = {task["id"]: task["duration"] for task in tasks}
    successors: dict[str, list[tuple[str, str, int]]] = {key: [] for key in duration}
    indegree = dict.fromkeys(duration, 0)
    for task in tasks:
        for before, kind, lag in task["deps"]:
            successors[before].append((task["id"], kind, lag))
            indegree[task["id"]] += 1
    order: list[str] = []
    ready = deque(key for key, count in indegree.items() if count == 0)
    while ready:
        key = ready.popleft()
        order.append(key)
        for after, _, _ in successors[key]:
            indegree[after] -= 1
            if indegree[after] == 0:
                ready.append(after)
    early_start = dict.fromkeys(duration, 0)
    for key in order:
        finish = early_start[key] + duration[key]
        for after, kind, lag in successors[key]:
            if kind == "FS":
                start = finish + lag
            elif kind == "SS":
                start = early_start[key] + lag
            else:  # FF
                start = finish + lag - duration[after]
            if start > early_start[after]:
                early_start[after] = start
    end = max((early_start[key] + duration[key] for key in order), default=0)
    late_finish = dict.fromkeys(duration, end)
    for key in reversed(order):
        for after, kind, lag in successors[key]:
            if kind == "FS":
                bound = late_finish[after] - duration[after] - lag
            elif kind == "SS":
                bound = late_finish[after] - duration[after] - lag + duration[key]
            else:  # FF
                bound = late_finish[after] - lag
            if bound < late_finish[key]:
                late_finish[key] = bound
    critical = sum(1 for key in order if late_finish[key] - duration[key] - early_start[key] <= 0)
    return end, critical


def main(argv: list[str]) -> int:
    # no argparse: the reference's start-up is part of what it measures
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print("usage: python benchmarks/bare_cpm.py GRAPH.json  (written by run_all.py)")
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    try:
        with open(argv[0], encoding="utf-8") as stream:
            graph = json.load(stream)
        tasks = graph["tasks"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"bare_cpm.py: cannot read {argv[0]}: {error}", file=sys.stderr)
        return 2
    end, critical = cpm(tasks)
    print(f"tasks {len(tasks)}, finish day {end}, critical {critical}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
