"""The shared plan graph gives the same links, waves, cycles and schedule as the NetworkX path."""

from __future__ import annotations

import dataclasses

import pytest

from roadmap.core.analysis.checks import check_plan
from roadmap.core.analysis.graph import (
    acyclic_dependency_graph,
    dependency_graph,
    find_cycles,
    plan_graph,
)
from roadmap.core.analysis.pipeline import analyze_plan
from roadmap.core.analysis.schedule import Schedule, _Pass, schedule_plan
from roadmap.core.model.plan import Plan
from roadmap.core.planfile.loader import parse_plan

HEADER = """\
[plan]
title = "テスト町"
start = 2026-04-01
"""

TANGLED = (
    HEADER
    + """
[initiatives.a]
title = "A"
duration = "1w"

[initiatives.b]
title = "B"
duration = "2w"
depends_on = ["a", "a", { id = "a", type = "SS", lag = "2d" }, "b", "nobody"]

[initiatives.c]
title = "C"
duration = "1w"
depends_on = ["b", "e"]

[initiatives.d]
title = "D"
duration = "3d"
status = "cancelled"
depends_on = ["c"]

[initiatives.e]
title = "E"
duration = "1w"
depends_on = ["d", { id = "a", type = "FF", lag = "1w" }]

[initiatives.f]
title = "F"
duration = "1w"
depends_on = ["g"]

[initiatives.g]
title = "G"
duration = "1w"
depends_on = ["f", "a"]
"""
)

CHAIN = (
    HEADER
    + """
[initiatives.survey]
title = "現行調査"
duration = "4w"

[initiatives.fit]
title = "Fit&Gap"
duration = "80w"
depends_on = [{ id = "survey", type = "SS", lag = "1w" }]
deadline = 2026-04-20

[initiatives.move]
title = "本番移行"
duration = "2w"
depends_on = ["fit", { id = "survey", type = "FF", lag = "-2d" }]
"""
)


def _plan(text: str) -> Plan:
    plan = parse_plan(text).plan
    assert plan is not None
    return plan


def _links_of(graph: object, node: str, direction: str) -> dict[str, list[object]]:
    adjacency = getattr(graph, direction)[node]
    return {other: data["links"] for other, data in adjacency.items()}


def _same_schedule(left: Schedule, right: Schedule) -> bool:
    fields = [field.name for field in dataclasses.fields(Schedule) if field.name != "calendar"]
    return all(getattr(left, name) == getattr(right, name) for name in fields)


@pytest.mark.parametrize("text", [TANGLED, CHAIN])
def test_links_are_those_of_the_networkx_graph_in_the_same_order(text: str) -> None:
    plan = _plan(text)
    graph = plan_graph(plan)
    reference = dependency_graph(plan, include_cancelled=True)
    for node in plan.initiatives:
        assert graph.predecessors[node] == _links_of(reference, node, "pred")
        assert list(graph.predecessors[node]) == list(reference.pred[node])
        assert graph.successors[node] == _links_of(reference, node, "succ")
        assert list(graph.successors[node]) == list(reference.succ[node])


@pytest.mark.parametrize("text", [TANGLED, CHAIN])
def test_cycles_and_waves_are_those_of_the_networkx_functions(text: str) -> None:
    plan = _plan(text)
    graph = plan_graph(plan)
    rank = {node: position for position, node in enumerate(plan.initiatives)}
    assert graph.cycles() == find_cycles(dependency_graph(plan, include_cancelled=True), rank)
    reference, waves = acyclic_dependency_graph(plan)
    acyclic = graph.acyclic()
    assert acyclic.waves == waves
    for node in reference:
        assert acyclic.predecessors[node] == _links_of(reference, node, "pred")
        assert acyclic.successors[node] == _links_of(reference, node, "succ")


def test_a_cycle_through_cancelled_work_is_reported_but_not_scheduled_around() -> None:
    plan = _plan(TANGLED)
    cycles = [
        problem.args["ids"] for problem in check_plan(plan) if problem.code == "dependency-cycle"
    ]
    assert ["c", "d", "e", "c"] in cycles
    assert ["f", "g", "f"] in cycles
    assert "d" not in schedule_plan(plan).initiatives


@pytest.mark.parametrize("text", [TANGLED, CHAIN])
def test_checks_and_schedule_are_the_same_with_a_shared_graph_or_without(text: str) -> None:
    plan = _plan(text)
    graph = plan_graph(plan)
    assert check_plan(plan, graph) == check_plan(plan)
    assert _same_schedule(schedule_plan(plan, graph), schedule_plan(plan))
    shared = analyze_plan(plan)
    assert [problem.code for problem in shared.problems if problem.code == "dependency-cycle"] == [
        problem.code for problem in check_plan(plan) if problem.code == "dependency-cycle"
    ]


def test_a_missed_deadline_gives_the_same_late_dates_as_redoing_the_backward_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = _plan(CHAIN)
    shortcut = schedule_plan(plan)
    assert shortcut.initiatives["fit"].total_float < -300
    assert shortcut.calendar.first_year < 2025  # late dates reach back: the calendar moved
    monkeypatch.setattr(_Pass, "_lags_in_working_days", lambda self: False)
    redone = schedule_plan(plan)
    assert _same_schedule(shortcut, redone)
    assert [item.ls for item in shortcut.initiatives.values()] == [
        item.ls for item in redone.initiatives.values()
    ]
