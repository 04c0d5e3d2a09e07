"""Checks of a plan's meaning, each a small function returning problems.

The loader reports what is malformed (types, keys, dates); these checks report what is
inconsistent: dependencies on unknown or cancelled work, self-dependencies, cycles, impossible
actuals and constraints, and dependencies that run against the five-step order. Checks that
need the schedule (missed deadlines) live with the scheduler. :func:`check_plan` runs them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import Any

from roadmap.core.analysis.budget_checks import check_budget_names
from roadmap.core.analysis.graph import PlanGraph, plan_graph
from roadmap.core.calendar.workdays import LAST_YEAR
from roadmap.core.i18n import step_word
from roadmap.core.model.plan import (
    STEP_ORDER,
    Dependency,
    DependencyType,
    Initiative,
    Plan,
    Status,
    Step,
)
from roadmap.core.model.problems import Problem, Severity, did_you_mean
from roadmap.core.model.systems import SYSTEM_ALIASES, SYSTEMS, canonical_system

__all__ = ["CHECKS", "check_plan"]

Check = Callable[[Plan], Iterator[Problem]]

#: The first year a plan's dates may name (the scheduler's calendar starts a year earlier).
FIRST_PLAN_YEAR = 1951


def check_empty(plan: Plan) -> Iterator[Problem]:
    if not plan.initiatives and not plan.invalid_ids:
        yield Problem("empty-plan")


def check_dependencies(plan: Plan, graph: PlanGraph | None = None) -> Iterator[Problem]:
    """Unknown, self, duplicate and cancelled dependencies.

    ``graph`` is the plan's :func:`~roadmap.core.analysis.graph.plan_graph`, when the caller has
    built it. It has looked every entry up already: an initiative with as many links there as
    entries names only known initiatives, each once and none itself, so unless one of them is
    cancelled its entries need not be read again.
    """
    initiatives = plan.initiatives
    links = graph.predecessors if graph is not None else None
    cancelled = _cancelled_ids(plan) if links is not None else set()
    cancelled_status = Status.CANCELLED  # see _cancelled_ids
    for initiative_id, initiative in initiatives.items():
        depends_on = initiative.depends_on
        if not depends_on:
            continue
        if links is not None:
            linked = links[initiative_id]
            if len(linked) == len(depends_on) and (
                not cancelled
                or initiative.status is cancelled_status
                or cancelled.isdisjoint(linked)
            ):
                continue
        yield from _depends_on_problems(plan, initiative_id, depends_on, initiative.status)


def _cancelled_ids(plan: Plan) -> set[str]:
    # The member read once: in CPython 3.11 each ``Status.CANCELLED`` goes through the enum's
    # metaclass, which defines ``__getattr__`` (about 0.1 µs a read, measured; 100,000 reads).
    cancelled = Status.CANCELLED
    return {
        initiative_id
        for initiative_id, initiative in plan.initiatives.items()
        if initiative.status is cancelled
    }


def _depends_on_problems(
    plan: Plan, initiative_id: str, depends_on: list[Dependency], status: Status
) -> Iterator[Problem]:
    """The problems of :func:`check_dependencies` in one initiative's ``depends_on``."""
    initiatives, invalid_ids = plan.initiatives, plan.invalid_ids
    seen: set[tuple[str, DependencyType]] = set()
    for position, dependency in enumerate(depends_on):
        target = dependency.id
        other = initiatives.get(target)
        if target == initiative_id:
            yield _dependency_problem("self-dependency", initiative_id, position, target)
        elif other is None:
            if target in invalid_ids:
                continue  # reported where it is defined
            known = [*initiatives, *sorted(invalid_ids)]
            suggestion = did_you_mean(target, known)
            yield _dependency_problem(
                "unknown-dependency",
                initiative_id,
                position,
                target,
                hint_key=None if suggestion else "none",
                hint_args={"suggestion": suggestion} if suggestion else {},
            )
        elif other.status is Status.CANCELLED and status is not Status.CANCELLED:
            yield _dependency_problem(
                "cancelled-dependency", initiative_id, position, target, Severity.WARNING
            )
        key = (target, dependency.type)  # the member, not its ``.value``: a property call
        if key in seen:
            yield _dependency_problem(
                "duplicate-dependency", initiative_id, position, target, Severity.WARNING
            )
        seen.add(key)


def _dependency_problem(
    code: str,
    initiative_id: str,
    position: int,
    dependency_id: str,
    severity: Severity = Severity.ERROR,
    **hint: Any,
) -> Problem:
    """A problem about the ``position``-th entry of an initiative's ``depends_on``."""
    return Problem(
        code,
        severity,
        initiative=initiative_id,
        field=f"depends_on.{position}",
        args={"dependency": dependency_id},
        **hint,
    )


def check_cycles(plan: Plan, graph: PlanGraph | None = None) -> Iterator[Problem]:
    """Every dependency cycle, printed whole and in running order.

    ``graph`` is the plan's :func:`~roadmap.core.analysis.graph.plan_graph`, when the caller has built it.
    """
    for cycle in (graph or plan_graph(plan)).cycles():
        yield Problem(
            "dependency-cycle",
            initiative=cycle[1],
            field="depends_on",
            args={"cycle": " → ".join(cycle), "ids": cycle},
        )


def check_actuals(plan: Plan) -> Iterator[Problem]:
    done = Status.DONE  # read once (see _cancelled_ids)
    for initiative_id, initiative in plan.initiatives.items():
        finish = initiative.actual_finish
        if finish is None and initiative.status is not done:
            continue  # most initiatives: nothing below can apply, and one read fewer
        start = initiative.actual_start
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
        elif initiative.status is done and (start is None or finish is None):
            yield Problem(
                "done-without-actuals", Severity.WARNING, initiative=initiative_id, field="status"
            )


def check_constraints(plan: Plan) -> Iterator[Problem]:
    """Impossible windows: ``not_before`` after ``deadline``, a plan due before it starts."""
    settings = plan.plan
    if settings.deadline is not None and settings.deadline < settings.start:
        yield Problem(
            "deadline-before-start",
            field="deadline",
            args={"deadline": settings.deadline.isoformat(), "start": settings.start.isoformat()},
        )
    for initiative_id, initiative in plan.initiatives.items():
        if (
            initiative.not_before is not None
            and initiative.deadline is not None
            and initiative.not_before > initiative.deadline
        ):
            yield Problem(
                "not-before-after-deadline",
                initiative=initiative_id,
                field="not_before",
                args={
                    "not_before": initiative.not_before.isoformat(),
                    "deadline": initiative.deadline.isoformat(),
                },
            )


#: The dates of an initiative, read together (most initiatives have none of them).
_INITIATIVE_DATES = ("not_before", "deadline", "actual_start", "actual_finish")
_dates_of = attrgetter(*_INITIATIVE_DATES)
_NO_DATES = (None,) * len(_INITIATIVE_DATES)


def _dated_fields(plan: Plan) -> Iterator[tuple[str | None, str, dt.date]]:
    """Every date a plan names, as ``(initiative or None, field, date)``."""
    settings = plan.plan
    yield None, "start", settings.start
    for name in ("status_date", "deadline"):
        value = getattr(settings, name)
        if value is not None:
            yield None, name, value
    for initiative_id, initiative in plan.initiatives.items():
        values = _dates_of(initiative)
        if values == _NO_DATES:
            continue
        for name, value in zip(_INITIATIVE_DATES, values, strict=True):
            if value is not None:
                yield initiative_id, name, value


def check_date_range(plan: Plan) -> Iterator[Problem]:
    """Dates the working calendar cannot reach: national holidays are known to 2099."""
    for initiative_id, name, value in _dated_fields(plan):
        if not FIRST_PLAN_YEAR <= value.year <= LAST_YEAR:
            yield Problem(
                "date-out-of-range",
                initiative=initiative_id,
                field=name,
                args={
                    "key": name,
                    "value": value.isoformat(),
                    "first": FIRST_PLAN_YEAR,
                    "last": LAST_YEAR,
                },
            )


#: Each step's place in :data:`STEP_ORDER`; no step (``None``) is never later than anything.
_STEP_PLACE: dict[Step | None, int] = {None: -1, **{step: step.order for step in STEP_ORDER}}


def check_step_order(plan: Plan, graph: PlanGraph | None = None) -> Iterator[Problem]:
    """Warn when an initiative of an earlier step waits for one of a later step.

    ``graph`` is the plan's :func:`~roadmap.core.analysis.graph.plan_graph`, when the caller has
    built it: then only the entries of the initiatives it shows waiting are read.
    """
    initiatives = plan.initiatives
    waiting: Iterable[str] = initiatives if graph is None else _waiting_for_later(plan, graph)
    for initiative_id in waiting:
        initiative = initiatives[initiative_id]
        if initiative.step is not None:
            yield from _step_order_problems(initiatives, initiative_id, initiative)


def _waiting_for_later(plan: Plan, graph: PlanGraph) -> list[str]:
    """The initiatives (in file order) that wait for one of a later step (which may measure
    the baseline: :func:`_step_order_problems` reads that).

    The links are walked from what is waited for to what waits, so that initiatives of no
    step or of the first step, which nothing can wait for too early, are passed over whole.
    """
    initiatives = plan.initiatives
    place = {key: _STEP_PLACE[initiative.step] for key, initiative in initiatives.items()}
    waiting: set[str] = set()
    for initiative_id, dependents in graph.successors.items():
        later = place[initiative_id]
        if later <= 0:
            continue  # no step or the first: nothing waits for a later one here
        for dependent in dependents:
            if 0 <= place[dependent] < later:
                waiting.add(dependent)
    return sorted(waiting, key=graph.rank.__getitem__)


def _step_order_problems(
    initiatives: dict[str, Initiative], initiative_id: str, initiative: Initiative
) -> Iterator[Problem]:
    """The problems of :func:`check_step_order` in one initiative's ``depends_on``."""
    assert initiative.step is not None
    step_place = _STEP_PLACE[initiative.step]
    for position, dependency in enumerate(initiative.depends_on):
        other = initiatives.get(dependency.id)
        if other is None or _STEP_PLACE[other.step] <= step_place:
            continue
        if other.measures_baseline:  # measuring before changing is ordinary PDCA
            continue
        assert other.step is not None  # later than a step
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


def check_systems(plan: Plan) -> Iterator[Problem]:
    """``systems`` names one of the 20 標準化対象事務 (did-you-mean), each migrated once."""
    owners: dict[str, list[str]] = {}
    for initiative_id, initiative in plan.initiatives.items():
        systems = initiative.systems
        if not systems:
            continue
        for position, name in enumerate(systems):
            system = canonical_system(name)
            if system is None:
                suggestion = did_you_mean(name, [*SYSTEMS, *SYSTEM_ALIASES])
                yield Problem(
                    "unknown-system",
                    initiative=initiative_id,
                    field=f"systems.{position}",
                    args={"value": name},
                    hint_key=None if suggestion else "unknown-system.hint-list",
                    hint_args=(
                        {"suggestion": canonical_system(suggestion) or suggestion}
                        if suggestion
                        else {"choices": "、".join(SYSTEMS)}
                    ),
                )
            elif initiative.status is not Status.CANCELLED:
                owners.setdefault(system, []).append(initiative_id)
    for system, ids in owners.items():
        if len(ids) > 1:
            yield Problem(
                "duplicate-system",
                Severity.WARNING,
                initiative=ids[1],
                field="systems",
                args={"value": system, "others": ", ".join(ids)},
            )


def check_council_milestones(plan: Plan) -> Iterator[Problem]:
    """``on = "council"`` places a milestone; on work with a duration it does nothing."""
    for initiative_id, initiative in plan.initiatives.items():
        if initiative.on == "council" and not initiative.is_milestone:
            yield Problem("council-on-work", Severity.WARNING, initiative=initiative_id, field="on")


def check_done_before_predecessor(plan: Plan) -> Iterator[Problem]:
    """Work marked done that depends on unfinished (not done, not cancelled) work.

    The scheduler still places the successor after its predecessor, so its float goes negative
    (hundreds of days) and it is drawn critical; this warning says why.
    """
    initiatives = plan.initiatives
    done = Status.DONE  # read once (see _cancelled_ids)
    finished = (done, Status.CANCELLED)
    for initiative_id, initiative in initiatives.items():
        if initiative.status is not done:
            continue
        for position, dependency in enumerate(initiative.depends_on):
            other = initiatives.get(dependency.id)
            if other is None or other.status in finished:
                continue
            yield _dependency_problem(
                "done-before-predecessor",
                initiative_id,
                position,
                dependency.id,
                Severity.WARNING,
            )


CHECKS: tuple[Check, ...] = (
    check_empty,
    check_dependencies,
    check_cycles,
    check_actuals,
    check_constraints,
    check_date_range,
    check_step_order,
    check_systems,
    check_council_milestones,
    check_done_before_predecessor,
    check_budget_names,
)


def check_plan(plan: Plan, graph: PlanGraph | None = None) -> list[Problem]:
    """Run every check in :data:`CHECKS` and return all problems found.

    ``graph`` is the plan's :func:`~roadmap.core.analysis.graph.plan_graph`, shared with the scheduler by
    :func:`roadmap.core.analysis.pipeline.analyze_plan`; it is built here when not given.
    The checks of the links (:data:`_LINK_CHECKS` and :func:`check_cycles`) get the graph of
    the plan they read: ``plan`` with its salvaged initiatives, when it has any.
    """
    problems: list[Problem] = []
    linked = _with_salvaged(plan)
    if graph is None or graph.plan is not linked:
        graph = plan_graph(linked)
    for check in CHECKS:
        problems.extend(run_check(check, plan, linked, graph))
    return problems


def run_check(check: Check, plan: Plan, linked: Plan, graph: PlanGraph | None) -> Iterator[Problem]:
    """One check of :data:`CHECKS` as :func:`check_plan` runs it: the checks of the links read
    ``linked`` (``plan`` with its salvaged initiatives) and its ``graph`` (``None``: they
    build or do without it), the others ``plan``."""
    if check is check_cycles:
        return check_cycles(linked, graph)
    if check is check_dependencies:
        return check_dependencies(linked, graph)
    if check is check_step_order:
        return check_step_order(linked, graph)
    if check in _LINK_CHECKS:
        return check(linked)
    return check(plan)


#: Checks of the links between initiatives: they also see initiatives that failed validation
#: (rebuilt without their bad fields), so every problem is reported in one run.
_LINK_CHECKS: tuple[Check, ...] = (check_dependencies, check_step_order)


def _with_salvaged(plan: Plan) -> Plan:
    """``plan`` with its salvaged initiatives among the others (for the link checks only)."""
    if not plan.salvaged:
        return plan
    merged = {**plan.initiatives, **plan.salvaged}
    return plan.model_copy(
        update={
            "initiatives": merged,
            "invalid_ids": plan.invalid_ids - plan.salvaged.keys(),
            "salvaged": {},
        }
    )
