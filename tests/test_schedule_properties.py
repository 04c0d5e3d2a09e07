"""Invariants of the critical path method on random acyclic plans (hypothesis).

Durations and lags are in ``d`` and ``w`` only, so every link is plain index arithmetic on
working days and the constraints can be checked exactly on the ``es``/``ef``/``ls``/``lf``
indices of :class:`~roadmap.core.analysis.schedule.ScheduledInitiative`. Both calendar kinds are drawn.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.analysis.schedule import Schedule, ScheduledInitiative, schedule_plan
from roadmap.core.model.durations import parse_duration
from roadmap.core.planfile.loader import parse_plan


@dataclass(frozen=True)
class Link:
    source: int
    kind: str
    lag: int
    unit: str


@dataclass(frozen=True)
class Node:
    count: int
    unit: str
    links: tuple[Link, ...]
    #: extra TOML lines: not_before, status, progress
    extra: str = ""


@dataclass(frozen=True)
class RandomPlan:
    calendar: str
    start: str
    nodes: tuple[Node, ...]
    status_date: str | None = None

    def days(self, count: int, unit: str) -> int:
        """Working days of ``count`` ``unit``: what the scheduler must use for d and w."""
        return count * (1 if unit == "d" else 7 if self.calendar == "calendar" else 5)

    def toml(self) -> str:
        lines = [
            "[plan]",
            'title = "random"',
            f"start = {self.start}",
            f'calendar = "{self.calendar}"',
        ]
        if self.status_date:
            lines.append(f"status_date = {self.status_date}")
        for number, node in enumerate(self.nodes):
            lines += [
                f"[initiatives.n{number}]",
                f'title = "n{number}"',
                f'duration = "{node.count}{node.unit}"',
            ]
            if node.links:
                links = ", ".join(
                    f'{{ id = "n{link.source}", type = "{link.kind}", lag = "{link.lag}{link.unit}" }}'
                    for link in node.links
                )
                lines.append(f"depends_on = [{links}]")
            if node.extra:
                lines.append(node.extra)
        return "\n".join(lines) + "\n"


@st.composite
def random_plans(draw: st.DrawFn) -> RandomPlan:
    size = draw(st.integers(1, 12))
    nodes: list[Node] = []
    for number in range(size):
        unit = draw(st.sampled_from(["d", "w"]))
        count = draw(st.integers(0, 12 if unit == "d" else 3))
        sources = draw(st.sets(st.integers(0, number - 1), max_size=3)) if number else set()
        links = []
        for source in sorted(sources):
            lag_unit = draw(st.sampled_from(["d", "w"]))
            lag = draw(st.integers(-8, 8) if lag_unit == "d" else st.integers(-2, 2))
            kind = draw(st.sampled_from(["FS", "FS", "SS", "FF"]))
            links.append(Link(source, kind, lag, lag_unit))
        nodes.append(Node(count, unit, tuple(links)))
    calendar = draw(st.sampled_from(["business", "calendar"]))
    start = draw(st.sampled_from(["2026-04-01", "2026-04-28", "2026-12-25", "2031-09-19"]))
    return RandomPlan(calendar, start, tuple(nodes))


@st.composite
def constrained_plans(draw: st.DrawFn) -> RandomPlan:
    """Random plans with ``not_before``, a status date and work in progress (no actual dates)."""
    plan = draw(random_plans())
    nodes = []
    for node in plan.nodes:
        extra = []
        if draw(st.booleans()):
            extra.append(
                f"not_before = 2026-{draw(st.integers(4, 9)):02d}-{draw(st.integers(1, 28)):02d}"
            )
        if draw(st.booleans()):
            extra.append(f'status = "in_progress"\nprogress = {draw(st.integers(0, 100))}')
        nodes.append(Node(node.count, node.unit, node.links, "\n".join(extra)))
    status_date = draw(st.sampled_from([None, "2026-05-07", "2026-08-31"]))
    return RandomPlan(plan.calendar, "2026-04-01", tuple(nodes), status_date)


@st.composite
def deadline_plans(draw: st.DrawFn) -> RandomPlan:
    """:func:`constrained_plans` where some initiatives have a deadline, met or missed."""
    plan = draw(constrained_plans())
    nodes = []
    for node in plan.nodes:
        extra = [node.extra] if node.extra else []
        if draw(st.booleans()):
            extra.append(
                f"deadline = 2026-{draw(st.integers(4, 12)):02d}-{draw(st.integers(1, 28)):02d}"
            )
        nodes.append(Node(node.count, node.unit, node.links, "\n".join(extra)))
    return RandomPlan(plan.calendar, plan.start, tuple(nodes), plan.status_date)


def schedule_of(plan: RandomPlan) -> Schedule:
    loaded = parse_plan(plan.toml())
    assert loaded.plan is not None and loaded.problems == [], loaded.problems
    schedule = schedule_plan(loaded.plan)
    assert schedule.problems == []
    return schedule


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


def link_gaps(
    plan: RandomPlan, items: Mapping[str, ScheduledInitiative], *, late: bool = False
) -> Iterator[tuple[str, int]]:
    """Each link's predecessor and how many working days the successor's date lies after
    the predecessor's date plus the lag, on the early dates (or the late ones): the link
    holds when that is never negative."""
    for number, node in enumerate(plan.nodes):
        successor = items[f"n{number}"]
        for link in node.links:
            own = items[f"n{link.source}"]
            lag = plan.days(link.lag, link.unit)
            if late:
                start, finish, own_start, own_finish = successor.ls, successor.lf, own.ls, own.lf
            else:
                start, finish, own_start, own_finish = successor.es, successor.ef, own.es, own.ef
            if link.kind == "FS":
                gap = start - (own_finish + lag)
            elif link.kind == "SS":
                gap = start - (own_start + lag)
            else:
                gap = finish - (own_finish + lag)
            yield f"n{link.source}", gap


@PROPERTY_SETTINGS
@given(random_plans())
def test_every_dependency_holds_on_the_early_dates(plan: RandomPlan) -> None:
    for predecessor, gap in link_gaps(plan, schedule_of(plan).initiatives):
        assert gap >= 0, predecessor


@PROPERTY_SETTINGS
@given(constrained_plans())
def test_dependencies_and_float_hold_with_constraints_and_progress(plan: RandomPlan) -> None:
    schedule = schedule_of(plan)
    items = schedule.initiatives
    for predecessor, gap in link_gaps(plan, items):
        assert gap >= 0, predecessor
    for item in items.values():
        assert item.total_float >= 0
        assert item.ls >= item.es and item.lf >= item.ef
        if plan.status_date:
            assert item.early_start >= schedule.calendar.next_working_day(
                dt.date.fromisoformat(plan.status_date)
            )


@PROPERTY_SETTINGS
@given(random_plans())
def test_every_dependency_holds_on_the_late_dates(plan: RandomPlan) -> None:
    for predecessor, gap in link_gaps(plan, schedule_of(plan).initiatives, late=True):
        assert gap >= 0, predecessor


@PROPERTY_SETTINGS
@given(random_plans())
def test_work_takes_its_duration_and_never_starts_before_the_plan(plan: RandomPlan) -> None:
    schedule = schedule_of(plan)
    plan_start = min(item.es for item in schedule.initiatives.values())
    for number, node in enumerate(plan.nodes):
        item = schedule.initiatives[f"n{number}"]
        assert item.ef - item.es == plan.days(node.count, node.unit)
        assert item.ls - item.es == item.lf - item.ef
        assert item.milestone is (node.count == 0)
        assert item.es >= plan_start
    assert schedule.start == schedule.calendar.next_working_day(schedule.start)


@PROPERTY_SETTINGS
@given(random_plans())
def test_float_is_never_negative_without_deadlines(plan: RandomPlan) -> None:
    for item in schedule_of(plan).initiatives.values():
        assert item.total_float >= 0
        assert 0 <= item.free_float <= item.total_float
        assert item.critical is (item.total_float == 0)


@PROPERTY_SETTINGS
@given(deadline_plans())
def test_free_float_never_exceeds_total_float(plan: RandomPlan) -> None:
    """With not_before, progress, a status date and deadlines (met or missed): free float is
    never negative, never more than total float, and none is left where total float is gone."""
    loaded = parse_plan(plan.toml())
    assert loaded.plan is not None and loaded.problems == [], loaded.problems
    for item in schedule_plan(loaded.plan).initiatives.values():
        assert 0 <= item.free_float <= max(item.total_float, 0)
        if item.total_float <= 0:
            assert item.free_float == 0 and item.critical


@PROPERTY_SETTINGS
@given(random_plans())
def test_free_float_is_the_least_gap_to_a_successor_or_the_finish(plan: RandomPlan) -> None:
    """Free float as the textbook defines it, worked out here from the early dates and the
    links: how far the work may slip before a successor's early date or the project finish
    moves (at most the total float, never negative)."""
    items = schedule_of(plan).initiatives
    project_end = max(item.ef for item in items.values())
    gaps: dict[str, list[int]] = {name: [] for name in items}
    for predecessor, gap in link_gaps(plan, items):
        gaps[predecessor].append(gap)
    for name, item in items.items():
        free = min([project_end - item.ef, *gaps[name]])
        assert item.free_float == max(0, min(free, item.total_float)), name


@PROPERTY_SETTINGS
@given(random_plans())
def test_late_dates_are_never_before_early_dates(plan: RandomPlan) -> None:
    for item in schedule_of(plan).initiatives.values():
        assert item.ls >= item.es and item.lf >= item.ef
        assert item.late_start >= item.early_start
        assert item.late_finish >= item.early_finish


@PROPERTY_SETTINGS
@given(random_plans())
def test_project_finish_is_the_latest_early_finish(plan: RandomPlan) -> None:
    schedule = schedule_of(plan)
    items = schedule.initiatives.values()
    assert schedule.finish == max(item.early_finish for item in items)
    assert schedule.start == min(item.early_start for item in items)
    project_end = max(item.ef for item in items)
    assert max(item.lf for item in items) == project_end


@PROPERTY_SETTINGS
@given(random_plans())
def test_critical_path_is_a_tight_chain_from_a_start_to_the_finish(plan: RandomPlan) -> None:
    schedule = schedule_of(plan)
    items = schedule.initiatives
    path = schedule.critical_path
    assert path, "a plan always has a critical path"
    project_end = max(item.ef for item in items.values())
    plan_start = min(item.es for item in items.values())
    assert items[path[-1]].ef == project_end
    assert items[path[0]].es == plan_start
    assert len(set(path)) == len(path)
    for name in path:
        assert items[name].critical and items[name].total_float == 0
    links = {
        (f"n{link.source}", f"n{number}")
        for number, node in enumerate(plan.nodes)
        for link in node.links
    }
    for earlier, later in itertools.pairwise(path):
        assert (earlier, later) in links


@PROPERTY_SETTINGS
@given(random_plans())
def test_dates_shown_are_working_days(plan: RandomPlan) -> None:
    schedule = schedule_of(plan)
    calendar = schedule.calendar
    for item in schedule.initiatives.values():
        for day in (item.early_start, item.early_finish, item.late_start, item.late_finish):
            assert calendar.is_working(day)
        if not item.milestone:
            assert calendar.date_at(item.es) == item.early_start
            assert calendar.date_at(item.ef - 1) == item.early_finish


@PROPERTY_SETTINGS
@given(random_plans())
def test_waves_never_hold_a_dependent_pair(plan: RandomPlan) -> None:
    items = schedule_of(plan).initiatives
    for number, node in enumerate(plan.nodes):
        for link in node.links:
            assert items[f"n{link.source}"].wave < items[f"n{number}"].wave


@settings(max_examples=40, deadline=None)
@given(random_plans())
def test_same_plan_same_schedule(plan: RandomPlan) -> None:
    first, second = schedule_of(plan), schedule_of(plan)
    assert first.initiatives == second.initiatives
    assert first.critical_path == second.critical_path


@st.composite
def month_plans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Plans mixing ``mo`` and ``y`` with ``d`` and ``w``: text and links (source, target,
    type, lag)."""
    size = draw(st.integers(1, 8))
    calendar = draw(st.sampled_from(["business", "calendar"]))
    lines = ["[plan]", 'title = "r"', "start = 2026-04-01", f'calendar = "{calendar}"']
    links: list[tuple[int, int, str, str]] = []
    limits = {"d": 12, "w": 3, "mo": 4, "y": 1}
    for number in range(size):
        unit = draw(st.sampled_from(["d", "w", "mo", "y"]))
        count = draw(st.integers(0, limits[unit]))
        lines += [f"[initiatives.n{number}]", f'title = "n{number}"', f'duration = "{count}{unit}"']
        entries = []
        sources = draw(st.sets(st.integers(0, number - 1), max_size=3)) if number else set()
        for source in sorted(sources):
            lag = f"{draw(st.integers(-3, 3))}{draw(st.sampled_from(['d', 'w', 'mo', 'y']))}"
            kind = draw(st.sampled_from(["FS", "SS", "FF"]))
            entries.append(f'{{ id = "n{source}", type = "{kind}", lag = "{lag}" }}')
            links.append((source, number, kind, lag))
        if entries:
            lines.append(f"depends_on = [{', '.join(entries)}]")
    return "\n".join(lines) + "\n", links


@settings(max_examples=100, deadline=None)
@given(month_plans())
def test_month_and_year_links_hold_on_early_and_late_dates(
    case: tuple[str, list[tuple[int, int, str, str]]],
) -> None:
    text, links = case
    loaded = parse_plan(text)
    assert loaded.plan is not None and loaded.problems == []
    schedule = schedule_plan(loaded.plan)
    calendar, items = schedule.calendar, schedule.initiatives
    for source, target, kind, lag_text in links:
        lag = parse_duration(lag_text, allow_negative=True)
        before, after = items[f"n{source}"], items[f"n{target}"]
        if kind == "FS":
            assert after.es >= calendar.shift(before.ef, lag)
            assert after.ls >= calendar.shift(before.lf, lag)
        elif kind == "SS":
            assert after.es >= calendar.shift(before.es, lag)
            assert after.ls >= calendar.shift(before.ls, lag)
        else:
            assert after.ef >= calendar.shift(before.ef, lag)
            assert after.lf >= calendar.shift(before.lf, lag)
    for item in items.values():
        assert item.total_float >= 0
    path = schedule.critical_path
    assert items[path[-1]].ef == max(item.ef for item in items.values())
