"""The dependency graph of a plan (NetworkX), and the questions asked of its shape.

Edges run from a prerequisite to the initiative that depends on it, so a topological order is
an order in which the work can run. Each edge carries the list of its links (type and lag):
one pair of initiatives may be tied by both a start-to-start and a finish-to-finish link.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import networkx as nx

from roadmap.model import Dependency, Plan, Status

__all__ = ["acyclic_dependency_graph", "dependency_graph", "find_cycles", "topological_waves"]


def dependency_graph(plan: Plan, *, include_cancelled: bool = False) -> nx.DiGraph:
    """The graph of ``plan``: nodes in file order, an edge per (prerequisite, dependent).

    Dependencies on unknown ids, on the initiative itself, and (unless ``include_cancelled``)
    on or of cancelled initiatives are left out; :mod:`roadmap.checks` reports them.
    """
    graph = nx.DiGraph()
    keep = {
        initiative_id
        for initiative_id, initiative in plan.initiatives.items()
        if include_cancelled or initiative.status is not Status.CANCELLED
    }
    graph.add_nodes_from(
        initiative_id for initiative_id in plan.initiatives if initiative_id in keep
    )
    for initiative_id, initiative in plan.initiatives.items():
        if initiative_id not in keep:
            continue
        for dependency in initiative.depends_on:
            if dependency.id == initiative_id or dependency.id not in keep:
                continue
            if graph.has_edge(dependency.id, initiative_id):
                links: list[Dependency] = graph.edges[dependency.id, initiative_id]["links"]
                if dependency not in links:
                    links.append(dependency)
            else:
                graph.add_edge(dependency.id, initiative_id, links=[dependency])
    return graph


def find_cycles(graph: nx.DiGraph, order: dict[str, int]) -> list[list[str]]:
    """One cycle per strongly connected tangle, each as ids in running order, closed.

    ``order`` ranks nodes (file order) so that the result does not depend on hashing. Works
    without recursion, so a 5,000-long cycle is fine.

    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> find_cycles(g, {"a": 0, "b": 1, "c": 2, "d": 3})
    [['a', 'b', 'c', 'a']]
    """
    cycles: list[list[str]] = []
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        first = min(component, key=order.__getitem__)
        sub = graph.subgraph(component)
        edges = nx.find_cycle(sub, source=first)
        cycle = [edges[0][0], *(edge[1] for edge in edges)]
        cycles.append(cycle)
    cycles.sort(key=lambda cycle: order[cycle[0]])
    return cycles


def acyclic_dependency_graph(plan: Plan) -> tuple[nx.DiGraph, list[list[str]]]:
    """The dependency graph with every cycle broken, and its waves.

    The links of each cycle found are dropped (the checks report the cycles), repeatedly until
    the graph is acyclic, so scheduling and simulation always have an order to run in.
    """
    rank = {initiative_id: position for position, initiative_id in enumerate(plan.initiatives)}
    graph = dependency_graph(plan)
    while not nx.is_directed_acyclic_graph(graph):
        for cycle in find_cycles(graph, rank):
            graph.remove_edges_from(itertools.pairwise(cycle))
    return graph, topological_waves(graph, rank)


def topological_waves(graph: nx.DiGraph, order: dict[str, int]) -> list[list[str]]:
    """The topological generations of an acyclic ``graph``, each in file order.

    Initiatives in one wave do not depend on each other; wave ``k + 1`` needs something from
    wave ``k``.

    >>> g = nx.DiGraph([("a", "c"), ("b", "c")]); g.add_node("d")
    >>> topological_waves(g, {"a": 0, "b": 1, "c": 2, "d": 3})
    [['a', 'b', 'd'], ['c']]
    """
    return [
        sorted(generation, key=order.__getitem__)
        for generation in nx.topological_generations(graph)
    ]


def ordered(ids: Iterable[str], order: dict[str, int]) -> list[str]:
    return sorted(ids, key=order.__getitem__)
