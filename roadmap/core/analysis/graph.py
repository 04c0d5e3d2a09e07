"""The dependency graph of a plan (NetworkX), and the questions asked of its shape.

Edges run from a prerequisite to the initiative that depends on it, so a topological order is
an order in which the work can run. Each edge carries the list of its links (type and lag):
one pair of initiatives may be tied by both a start-to-start and a finish-to-finish link.

:class:`PlanGraph` holds the same links as plain dictionaries, built once per analysis and
shared by the cycle check and the scheduler; it answers the common case (no cycle) without
NetworkX and falls back to the NetworkX functions below when there is a cycle, so both paths
give the same answers.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from roadmap.core.model.plan import Dependency, Plan, Status

if TYPE_CHECKING:  # NetworkX is imported where it is used: acyclic plans never need it
    import networkx as nx

__all__ = [
    "AcyclicLinks",
    "PlanGraph",
    "acyclic_dependency_graph",
    "dependency_graph",
    "find_cycles",
    "plan_graph",
    "topological_waves",
    "transitive_predecessors",
    "transitive_successors",
    "would_create_cycle",
]

#: ``links[node][other]``: the links between ``node`` and a neighbour ``other``.
Adjacency = dict[str, dict[str, list[Dependency]]]


def dependency_graph(plan: Plan, *, include_cancelled: bool = False) -> nx.DiGraph:
    """The graph of ``plan``: nodes in file order, an edge per (prerequisite, dependent).

    Dependencies on unknown ids, on the initiative itself, and (unless ``include_cancelled``)
    on or of cancelled initiatives are left out; :mod:`roadmap.core.analysis.checks` reports them.
    """
    import networkx as nx

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

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> find_cycles(g, {"a": 0, "b": 1, "c": 2, "d": 3})
    [['a', 'b', 'c', 'a']]
    """
    import networkx as nx

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
    import networkx as nx

    graph = dependency_graph(plan)
    while not nx.is_directed_acyclic_graph(graph):
        for cycle in find_cycles(graph, rank):
            graph.remove_edges_from(itertools.pairwise(cycle))
    return graph, topological_waves(graph, rank)


def topological_waves(graph: nx.DiGraph, order: dict[str, int]) -> list[list[str]]:
    """The topological generations of an acyclic ``graph``, each in file order.

    Initiatives in one wave do not depend on each other; wave ``k + 1`` needs something from
    wave ``k``.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "c"), ("b", "c")]); g.add_node("d")
    >>> topological_waves(g, {"a": 0, "b": 1, "c": 2, "d": 3})
    [['a', 'b', 'd'], ['c']]
    """
    import networkx as nx

    return [
        sorted(generation, key=order.__getitem__)
        for generation in nx.topological_generations(graph)
    ]


@dataclass(frozen=True)
class AcyclicLinks:
    """The scheduling graph: links between work that is not cancelled, every cycle broken.

    ``predecessors[node]`` maps each prerequisite to its links, in the order ``node`` lists
    them; ``successors[node]`` maps each dependent (in file order) to the same lists. These are
    the orders of :func:`acyclic_dependency_graph`'s ``pred`` and ``succ``.
    """

    predecessors: Adjacency
    successors: Adjacency
    waves: list[list[str]]


@dataclass(frozen=True)
class PlanGraph:
    """Every dependency link of one plan (cancelled work included), as plain dictionaries.

    Build it with :func:`plan_graph`; it must not outlive an edit of the plan.
    """

    plan: Plan
    rank: dict[str, int]
    predecessors: Adjacency
    successors: Adjacency

    @cached_property
    def waves_of_all(self) -> list[list[str]] | None:
        """The waves of the whole graph (cancelled work included), ``None`` if it has a cycle."""
        return _waves(self.rank, self.predecessors, self.successors, self.rank)

    def cycles(self) -> list[list[str]]:
        """:func:`find_cycles` of the whole graph (cancelled work included)."""
        if self.waves_of_all is not None:
            return []
        return find_cycles(dependency_graph(self.plan, include_cancelled=True), self.rank)

    def acyclic(self) -> AcyclicLinks:
        """The links and waves of :func:`acyclic_dependency_graph`, without NetworkX when
        nothing needs breaking."""
        initiatives = self.plan.initiatives
        kept = {
            node: position
            for node, position in self.rank.items()
            if initiatives[node].status is not Status.CANCELLED
        }
        predecessors, successors = self.predecessors, self.successors
        if len(kept) < len(self.rank):
            predecessors = _restricted(predecessors, kept)
            successors = _restricted(successors, kept)
            waves = _waves(kept, predecessors, successors, self.rank)
        else:
            waves = self.waves_of_all
        if waves is not None:
            return AcyclicLinks(predecessors, successors, waves)
        graph, waves = acyclic_dependency_graph(self.plan)
        return AcyclicLinks(
            {
                node: {other: data["links"] for other, data in graph.pred[node].items()}
                for node in graph
            },
            {
                node: {other: data["links"] for other, data in graph.succ[node].items()}
                for node in graph
            },
            waves,
        )


def plan_graph(plan: Plan) -> PlanGraph:
    """The links of ``plan`` as :func:`dependency_graph` with ``include_cancelled`` has them.

    Dependencies on unknown ids and on the initiative itself are left out; repeated links
    between one pair are kept once.

    >>> from roadmap.core.planfile.loader import parse_plan
    >>> text = '''[plan]
    ... title = "t"
    ... start = 2026-04-01
    ... [initiatives.a]
    ... title = "A"
    ... duration = "1w"
    ... [initiatives.b]
    ... title = "B"
    ... duration = "1w"
    ... depends_on = ["a"]
    ... '''
    >>> graph = plan_graph(parse_plan(text).plan)
    >>> list(graph.successors["a"]), graph.acyclic().waves
    (['b'], [['a'], ['b']])
    """
    rank = {initiative_id: position for position, initiative_id in enumerate(plan.initiatives)}
    predecessors: Adjacency = {initiative_id: {} for initiative_id in rank}
    successors: Adjacency = {initiative_id: {} for initiative_id in rank}
    for initiative_id, initiative in plan.initiatives.items():
        incoming = predecessors[initiative_id]
        for dependency in initiative.depends_on:
            source = dependency.id
            if source == initiative_id or source not in rank:
                continue
            links = incoming.get(source)
            if links is None:
                incoming[source] = successors[source][initiative_id] = [dependency]
            elif dependency not in links:
                links.append(dependency)
    return PlanGraph(plan, rank, predecessors, successors)


def _restricted(links: Adjacency, kept: Mapping[str, int]) -> Adjacency:
    """``links`` between the nodes of ``kept`` only."""
    return {
        node: {other: pair for other, pair in links[node].items() if other in kept} for node in kept
    }


def _waves(
    nodes: Mapping[str, int], predecessors: Adjacency, successors: Adjacency, rank: dict[str, int]
) -> list[list[str]] | None:
    """:func:`topological_waves` of ``nodes`` (in file order), or ``None`` if they hold a cycle.

    ``predecessors`` and ``successors`` are taken as restricted to ``nodes``, with the nodes
    as keys in the order of ``nodes`` (as :func:`plan_graph` and :func:`_restricted` build
    them).
    """
    waves = _waves_in_file_order(nodes, predecessors)
    if waves is not None:
        return waves
    waiting = {node: len(predecessors[node]) for node in nodes}
    wave = [node for node, count in waiting.items() if count == 0]
    waves = []
    placed = 0
    while wave:
        waves.append(wave)
        placed += len(wave)
        ready: list[str] = []
        for node in wave:
            for successor in successors[node]:
                waiting[successor] -= 1
                if not waiting[successor]:
                    ready.append(successor)
        wave = sorted(ready, key=rank.__getitem__)
    return waves if placed == len(waiting) else None


def _waves_in_file_order(
    nodes: Mapping[str, int], predecessors: Adjacency
) -> list[list[str]] | None:
    """The waves of :func:`_waves` in one pass over the file, or ``None`` if some node
    depends on one further down (then it may hold a cycle; :func:`_waves` counts instead).

    Plans are mostly written prerequisites first. Then each node's wave is one past the
    latest wave of its predecessors, all known by the time it is reached, and appending the
    nodes in file order leaves every wave in file order with no sorting.
    """
    if len(predecessors) != len(nodes):
        return None
    wave_of: dict[str, int] = {}
    waves: list[list[str]] = []
    # the keys of predecessors are the nodes in file order: its items spare a lookup a node
    for node, incoming in predecessors.items():
        wave = 0
        for other in incoming:
            other_wave = wave_of.get(other)
            if other_wave is None:  # further down the file (as in every cycle)
                return None
            if other_wave >= wave:
                wave = other_wave + 1
        wave_of[node] = wave
        if wave < len(waves):
            waves[wave].append(node)
        else:
            waves.append([node])
    return waves


def _links(plan_or_links: Plan | PlanGraph) -> PlanGraph:
    return plan_or_links if isinstance(plan_or_links, PlanGraph) else plan_graph(plan_or_links)


def _reachable(links: PlanGraph, start: str, step: Adjacency, include_cancelled: bool) -> set[str]:
    """Every node reached from ``start`` along ``step`` (``start`` itself only via a cycle)."""
    initiatives = links.plan.initiatives

    def kept(node: str) -> bool:
        return include_cancelled or initiatives[node].status is not Status.CANCELLED

    if start not in step or not kept(start):
        return set()
    seen: set[str] = set()
    queue = deque([start])
    while queue:
        for other in step[queue.popleft()]:
            if other not in seen and kept(other):
                seen.add(other)
                queue.append(other)
    return seen


def transitive_predecessors(
    plan_or_links: Plan | PlanGraph, initiative_id: str, *, include_cancelled: bool = False
) -> set[str]:
    """Every initiative ``initiative_id`` waits for, directly or through others.

    As in :func:`dependency_graph`, cancelled work is left out unless ``include_cancelled``
    (an unknown or cancelled ``initiative_id`` has none).

    >>> from roadmap.core.planfile.loader import parse_plan
    >>> text = '''[plan]
    ... title = "t"
    ... start = 2026-04-01
    ... [initiatives.a]
    ... title = "A"
    ... duration = "1w"
    ... [initiatives.b]
    ... title = "B"
    ... duration = "1w"
    ... depends_on = ["a"]
    ... [initiatives.c]
    ... title = "C"
    ... duration = "1w"
    ... depends_on = ["b"]
    ... '''
    >>> plan = parse_plan(text).plan
    >>> sorted(transitive_predecessors(plan, "c")), sorted(transitive_successors(plan, "a"))
    (['a', 'b'], ['b', 'c'])
    """
    links = _links(plan_or_links)
    return _reachable(links, initiative_id, links.predecessors, include_cancelled)


def transitive_successors(
    plan_or_links: Plan | PlanGraph, initiative_id: str, *, include_cancelled: bool = False
) -> set[str]:
    """Every initiative that waits for ``initiative_id``, directly or through others
    (see :func:`transitive_predecessors`)."""
    links = _links(plan_or_links)
    return _reachable(links, initiative_id, links.successors, include_cancelled)


def would_create_cycle(
    plan_or_links: Plan | PlanGraph, initiative_id: str, new_dependencies: Iterable[str]
) -> list[str] | None:
    """The cycle that ``initiative_id`` depending on ``new_dependencies`` would close, if any.

    The cycle is a shortest path of existing links from ``initiative_id`` to the first new
    dependency that closes one, closed by ``initiative_id`` again; depending on itself is
    ``[initiative_id, initiative_id]``. Cancelled work counts (its links are still in the
    file); unknown ids close nothing.

    >>> from roadmap.core.planfile.loader import parse_plan
    >>> text = '''[plan]
    ... title = "t"
    ... start = 2026-04-01
    ... [initiatives.a]
    ... title = "A"
    ... duration = "1w"
    ... [initiatives.b]
    ... title = "B"
    ... duration = "1w"
    ... depends_on = ["a"]
    ... '''
    >>> plan = parse_plan(text).plan
    >>> would_create_cycle(plan, "a", ["b"]), would_create_cycle(plan, "b", ["a"])
    (['a', 'b', 'a'], None)
    """
    links = _links(plan_or_links)
    for dependency_id in new_dependencies:
        if dependency_id == initiative_id:
            return [initiative_id, initiative_id]
        path = _shortest_path(links.successors, initiative_id, dependency_id)
        if path is not None:
            return [*path, initiative_id]
    return None


def _shortest_path(successors: Adjacency, start: str, goal: str) -> list[str] | None:
    """A shortest path from ``start`` to ``goal`` (neighbours taken in file order)."""
    if start not in successors or goal not in successors:
        return None
    came_from: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (previous := came_from[path[-1]]) is not None:
                path.append(previous)
            return path[::-1]
        for other in successors[node]:
            if other not in came_from:
                came_from[other] = node
                queue.append(other)
    return None
