"""Walks of the dependency graph the editor asks for: transitive predecessors and successors
(the Gantt chart's highlighted chain) and the cycle a new dependency would close."""

from __future__ import annotations

from roadmap.core.analysis.graph import (
    plan_graph,
    transitive_predecessors,
    transitive_successors,
    would_create_cycle,
)
from roadmap.core.model.plan import Plan
from roadmap.core.planfile.loader import parse_plan

#: a -> b -> c, a -> d, and e cancelled after d; f stands alone.
PLAN = """\
[plan]
title = "t"
start = 2026-04-01

[initiatives.a]
title = "A"
duration = "1w"

[initiatives.b]
title = "B"
duration = "1w"
depends_on = ["a"]

[initiatives.c]
title = "C"
duration = "1w"
depends_on = ["b"]

[initiatives.d]
title = "D"
duration = "1w"
depends_on = ["a"]

[initiatives.e]
title = "E"
duration = "1w"
status = "cancelled"
depends_on = ["d"]

[initiatives.f]
title = "F"
duration = "1w"
"""


def plan() -> Plan:
    loaded = parse_plan(PLAN)
    assert loaded.plan is not None
    return loaded.plan


def test_predecessors_are_the_whole_upstream_chain() -> None:
    assert transitive_predecessors(plan(), "c") == {"a", "b"}
    assert transitive_predecessors(plan(), "a") == set()


def test_successors_are_the_whole_downstream_chain_without_cancelled_work() -> None:
    assert transitive_successors(plan(), "a") == {"b", "c", "d"}
    assert transitive_successors(plan(), "a", include_cancelled=True) == {"b", "c", "d", "e"}


def test_a_cancelled_or_unknown_initiative_has_no_chain() -> None:
    assert transitive_predecessors(plan(), "e") == set()
    assert transitive_predecessors(plan(), "e", include_cancelled=True) == {"a", "d"}
    assert transitive_successors(plan(), "nope") == set()


def test_walks_accept_links_built_once() -> None:
    links = plan_graph(plan())
    assert transitive_successors(links, "b") == {"c"}
    assert would_create_cycle(links, "a", ["c"]) == ["a", "b", "c", "a"]


def test_a_dependency_closing_a_loop_returns_the_loop() -> None:
    assert would_create_cycle(plan(), "a", ["c"]) == ["a", "b", "c", "a"]
    assert would_create_cycle(plan(), "a", ["e"]) == ["a", "d", "e", "a"]  # cancelled counts


def test_dependencies_that_close_no_loop_return_none() -> None:
    assert would_create_cycle(plan(), "c", ["a", "d", "f"]) is None
    assert would_create_cycle(plan(), "a", ["unknown"]) is None
    assert would_create_cycle(plan(), "a", []) is None


def test_depending_on_itself_is_a_loop_of_one() -> None:
    assert would_create_cycle(plan(), "f", ["f"]) == ["f", "f"]


def test_the_first_new_dependency_that_closes_a_loop_is_reported() -> None:
    assert would_create_cycle(plan(), "a", ["f", "d", "c"]) == ["a", "d", "a"]
