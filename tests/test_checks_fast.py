"""The checks' shortcuts change no problem: on random plans (hypothesis) every problem, its
fields, arguments and hints, in order, is that of a plain reading of every entry.

:func:`~roadmap.core.analysis.checks.check_dependencies` and
:func:`~roadmap.core.analysis.checks.check_step_order` pass over most initiatives with the plan
graph's links, other checks skip initiatives with nothing to read, and the graph's waves come
in one pass when prerequisites come first in the file. The references below are the plain
readings; the waves are compared with NetworkX's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.analysis import checks
from roadmap.core.analysis.graph import (
    acyclic_dependency_graph,
    dependency_graph,
    plan_graph,
    topological_waves,
)
from roadmap.core.calendar.workdays import LAST_YEAR
from roadmap.core.i18n import step_word
from roadmap.core.model.plan import STEP_ORDER, DependencyType, Plan, Status, Step
from roadmap.core.model.problems import Problem, Severity, did_you_mean
from roadmap.core.planfile.loader import parse_plan

STEPS = [step.value for step in STEP_ORDER]
STATUSES = [status.value for status in Status]
DATES = ["2026-04-01", "2026-05-15", "2027-01-10", "1900-04-01", "2101-01-01"]
SYSTEMS = ["住民基本台帳", "住民記録", "固定資産税", "住民記禄", "まったく別"]
ITEMS = ["委託料", "使用料", "報酬", "委託費", "なにか"]


# -- random plans ---------------------------------------------------------------------------


@st.composite
def plan_texts(draw: st.DrawFn) -> str:
    """A plan of up to 9 initiatives that names unknown, repeated, cancelled, later and own
    ids, mixes steps, statuses, dates, systems and costs, and may break an initiative."""
    size = draw(st.integers(1, 9))
    lines = ["[plan]", 'title = "random"', "start = 2026-04-01"]
    for number in range(size):
        lines += [f"[initiatives.n{number}]", f'title = "n{number}"']
        broken = draw(st.integers(0, 9)) == 0  # salvaged: its links are still checked
        lines.append(f'duration = "{"x" if broken else draw(st.sampled_from(["0d", "5d"]))}"')
        step = draw(st.sampled_from([None, *STEPS]))
        if step is not None:
            lines.append(f'step = "{step}"')
        if draw(st.integers(0, 3)) == 0:
            lines.append("measures_baseline = true")
        lines.append(f'status = "{draw(st.sampled_from(STATUSES))}"')
        entries = []
        for _ in range(draw(st.integers(0, 4))):
            target = draw(st.sampled_from([*(f"n{other}" for other in range(size)), "n", "zz"]))
            kind = draw(st.sampled_from(["FS", "FS", "SS", "FF"]))
            lag = draw(st.sampled_from(["0d", "2d"]))
            entries.append(f'{{ id = "{target}", type = "{kind}", lag = "{lag}" }}')
        if entries:
            lines.append(f"depends_on = [{', '.join(entries)}]")
        for name in ("not_before", "deadline", "actual_start", "actual_finish"):
            if draw(st.integers(0, 2)) == 0:
                lines.append(f"{name} = {draw(st.sampled_from(DATES))}")
        if draw(st.integers(0, 3)) == 0:
            lines.append('on = "council"')
        systems = draw(st.lists(st.sampled_from(SYSTEMS), max_size=2))
        if systems:
            lines.append("systems = [" + ", ".join(f'"{name}"' for name in systems) + "]")
        if draw(st.integers(0, 3)) == 0:
            item = draw(st.sampled_from(ITEMS))
            lines += [f"[[initiatives.n{number}.costs]]", 'name = "a"', f'item = "{item}"']
            lines += ["amount = 100", 'contract = "long-term"']
        if draw(st.integers(0, 4)) == 0:
            lines += [f"[[initiatives.n{number}.financing]]", 'source = "国庫支出金"']
            lines += ["rate = 0.5", 'lines = ["a", "b"]']
    return "\n".join(lines) + "\n"


def _plan(text: str) -> Plan:
    plan = parse_plan(text).plan
    assert plan is not None
    return plan


def _whole(problems: list[Problem]) -> list[dict[str, Any]]:
    """Every field, ``args`` and ``hint_args`` too (equality of problems leaves them out)."""
    return [dataclasses.asdict(problem) for problem in problems]


# -- the plain readings ---------------------------------------------------------------------


def _dependency(code: str, initiative: str, position: int, target: str, **more: Any) -> Problem:
    severity = more.pop("severity", Severity.ERROR)
    return Problem(
        code,
        severity,
        initiative=initiative,
        field=f"depends_on.{position}",
        args={"dependency": target},
        **more,
    )


def plain_dependencies(plan: Plan) -> Iterator[Problem]:
    initiatives, invalid_ids = plan.initiatives, plan.invalid_ids
    for initiative_id, initiative in initiatives.items():
        seen: set[tuple[str, DependencyType]] = set()
        for position, dependency in enumerate(initiative.depends_on):
            target = dependency.id
            other = initiatives.get(target)
            if target == initiative_id:
                yield _dependency("self-dependency", initiative_id, position, target)
            elif other is None:
                if target in invalid_ids:
                    continue
                suggestion = did_you_mean(target, [*initiatives, *sorted(invalid_ids)])
                yield _dependency(
                    "unknown-dependency",
                    initiative_id,
                    position,
                    target,
                    hint_key=None if suggestion else "none",
                    hint_args={"suggestion": suggestion} if suggestion else {},
                )
            elif other.status is Status.CANCELLED and initiative.status is not Status.CANCELLED:
                yield _dependency(
                    "cancelled-dependency",
                    initiative_id,
                    position,
                    target,
                    severity=Severity.WARNING,
                )
            if (target, dependency.type) in seen:
                yield _dependency(
                    "duplicate-dependency",
                    initiative_id,
                    position,
                    target,
                    severity=Severity.WARNING,
                )
            seen.add((target, dependency.type))


def plain_step_order(plan: Plan) -> Iterator[Problem]:
    initiatives = plan.initiatives
    place: dict[Step | None, int] = {None: -1, **{step: step.order for step in STEP_ORDER}}
    for initiative_id, initiative in initiatives.items():
        if initiative.step is None:
            continue
        for position, dependency in enumerate(initiative.depends_on):
            other = initiatives.get(dependency.id)
            if other is None or place[other.step] <= place[initiative.step]:
                continue
            if other.measures_baseline or other.step is None:
                continue
            yield Problem(
                "step-order",
                Severity.WARNING,
                initiative=initiative_id,
                field=f"depends_on.{position}",
                args={
                    "step": step_word(initiative.step.value),
                    "dependency": dependency.id,
                    "dependency_step": step_word(other.step.value),
                },
            )


def plain_actuals(plan: Plan) -> Iterator[Problem]:
    for initiative_id, initiative in plan.initiatives.items():
        start, finish = initiative.actual_start, initiative.actual_finish
        if finish is not None and start is None:
            yield Problem(
                "actual-finish-without-start", initiative=initiative_id, field="actual_finish"
            )
        elif start is not None and finish is not None and finish < start:
            yield Problem(
                "actual-finish-before-start",
                initiative=initiative_id,
                field="actual_finish",
                args={"start": start.isoformat(), "finish": finish.isoformat()},
            )
        elif initiative.status is Status.DONE and (start is None or finish is None):
            yield Problem(
                "done-without-actuals", Severity.WARNING, initiative=initiative_id, field="status"
            )


def plain_date_range(plan: Plan) -> Iterator[Problem]:
    dated: list[tuple[str | None, str, dt.date | None]] = [
        (None, name, getattr(plan.plan, name)) for name in ("start", "status_date", "deadline")
    ]
    for initiative_id, initiative in plan.initiatives.items():
        for name in ("not_before", "deadline", "actual_start", "actual_finish"):
            dated.append((initiative_id, name, getattr(initiative, name)))
    for initiative_id, name, value in dated:
        if value is not None and not checks.FIRST_PLAN_YEAR <= value.year <= LAST_YEAR:
            yield Problem(
                "date-out-of-range",
                initiative=initiative_id,
                field=name,
                args={
                    "key": name,
                    "value": value.isoformat(),
                    "first": checks.FIRST_PLAN_YEAR,
                    "last": LAST_YEAR,
                },
            )


def plain_done_before_predecessor(plan: Plan) -> Iterator[Problem]:
    initiatives = plan.initiatives
    for initiative_id, initiative in initiatives.items():
        for position, dependency in enumerate(initiative.depends_on):
            other = initiatives.get(dependency.id)
            if initiative.status is not Status.DONE or other is None:
                continue
            if other.status not in (Status.DONE, Status.CANCELLED):
                yield _dependency(
                    "done-before-predecessor",
                    initiative_id,
                    position,
                    dependency.id,
                    severity=Severity.WARNING,
                )


PLAIN: dict[Callable[..., Iterator[Problem]], Callable[[Plan], Iterator[Problem]]] = {
    checks.check_dependencies: plain_dependencies,
    checks.check_step_order: plain_step_order,
    checks.check_actuals: plain_actuals,
    checks.check_date_range: plain_date_range,
    checks.check_done_before_predecessor: plain_done_before_predecessor,
}


def plain_check_plan(plan: Plan) -> list[Problem]:
    """:func:`~roadmap.core.analysis.checks.check_plan` with the plain readings."""
    linked = checks._with_salvaged(plan)
    problems: list[Problem] = []
    for check in checks.CHECKS:
        source = linked if check in (*checks._LINK_CHECKS, checks.check_cycles) else plan
        problems.extend(PLAIN.get(check, check)(source))
    return problems


# -- the tests ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(plan_texts())
def test_check_plan_gives_the_problems_of_the_plain_readings(text: str) -> None:
    plan = _plan(text)
    expected = _whole(plain_check_plan(plan))
    assert _whole(checks.check_plan(plan)) == expected
    assert _whole(checks.check_plan(plan, plan_graph(plan))) == expected


@settings(max_examples=200, deadline=None)
@given(plan_texts())
def test_each_check_alone_gives_the_problems_of_its_plain_reading(text: str) -> None:
    """As the editor runs them: one by one, the link checks on the plan with its salvaged
    initiatives, with the graph or without."""
    plan = _plan(text)
    linked = checks._with_salvaged(plan)
    graph = plan_graph(linked)
    for check, plain in PLAIN.items():
        source = linked if check in checks._LINK_CHECKS else plan
        expected = _whole(list(plain(source)))
        assert _whole(list(check(source))) == expected, check.__name__
        if check in checks._LINK_CHECKS:
            assert _whole(list(check(source, graph))) == expected, check.__name__


@settings(max_examples=300, deadline=None)
@given(plan_texts())
def test_waves_are_those_of_networkx(text: str) -> None:
    import networkx as nx

    plan = _plan(text)
    graph = plan_graph(plan)
    whole = dependency_graph(plan, include_cancelled=True)
    if nx.is_directed_acyclic_graph(whole):
        assert graph.waves_of_all == topological_waves(whole, graph.rank)
    else:
        assert graph.waves_of_all is None
    assert graph.acyclic().waves == acyclic_dependency_graph(plan)[1]


def test_a_prerequisite_further_down_still_gives_waves_in_file_order() -> None:
    text = """\
[plan]
title = "t"
start = 2026-04-01
[initiatives.c]
title = "C"
duration = "1d"
depends_on = ["b"]
[initiatives.a]
title = "A"
duration = "1d"
[initiatives.b]
title = "B"
duration = "1d"
[initiatives.d]
title = "D"
duration = "1d"
depends_on = ["a"]
"""
    assert plan_graph(_plan(text)).waves_of_all == [["a", "b"], ["c", "d"]]
