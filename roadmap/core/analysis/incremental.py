"""Incremental re-analysis for the editor: an edit re-schedules only what it can reach.

:class:`IncrementalAnalyzer` gives exactly what :func:`~roadmap.core.analysis.pipeline.
analyze_plan` gives (``locate`` left out: the editor's problems carry their own lines), but
keeps what it computed last time. Called again with a plan whose initiatives differ from the
last one's in a few models (found by identity: the editor rebuilds only the edited
initiative's model), it

- re-runs the per-initiative checks for the changed initiatives and the initiatives that
  depend on them, and keeps every other check's problems;
- redoes the forward pass for the changed initiatives and, while dates keep moving, their
  successors; the backward pass for what moved and, while late dates keep moving, its
  predecessors (the whole backward pass when the project finish moved);
- rebuilds the scheduled rows of what changed (and of the predecessors of what moved, whose
  free float reads it), then the plan's finish, critical path and step windows.

Whatever it cannot do exactly falls back to the full analysis: the first call, a change of
the settings, teams, budget or the set of initiatives, a changed ``depends_on`` (the graph and
its cycles), work cancelled or un-cancelled, a date that moves the working calendar, late
dates before the calendar's first day, dates past 2099. A property test
(``tests/test_incremental_analysis.py``) checks that the result always equals a full
re-analysis on random plans and random edits.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from roadmap.core.analysis import checks as _checks
from roadmap.core.analysis.graph import AcyclicLinks, PlanGraph, plan_graph
from roadmap.core.analysis.pipeline import Analysis, Reports, analyze_plan
from roadmap.core.analysis.resource_checks import portfolio_problems
from roadmap.core.analysis.schedule import (
    Schedule,
    ScheduledInitiative,
    _assemble_items,
    _Pass,
    _schedule_of,
    _scheduled,
    plan_calendar,
)
from roadmap.core.calendar.workdays import CalendarRangeError
from roadmap.core.model.plan import Initiative, Plan, Status
from roadmap.core.model.problems import Problem, sort_problems

__all__ = ["IncrementalAnalyzer"]

#: Problems of one check, by the initiative they are about (``None``: the plan's own).
Grouped = dict[str | None, list[Problem]]

#: Checks whose problems about an initiative depend only on that initiative, the settings and
#: the initiatives it depends on: they are re-run for the changed initiatives and their
#: dependents. (Any check not named here or in ``_KEPT_CHECKS`` is re-run whole.)
_LOCAL_CHECKS = frozenset(
    {
        _checks.check_dependencies,
        _checks.check_actuals,
        _checks.check_constraints,
        _checks.check_date_range,
        _checks.check_step_order,
        _checks.check_council_milestones,
        _checks.check_done_before_predecessor,
    }
)
#: Checks whose problems cannot change while the ids and the links stay the same.
_KEPT_CHECKS = frozenset({_checks.check_empty, _checks.check_cycles})

#: The fields of an initiative that place the working calendar (:func:`plan_calendar`).
_CALENDAR_DATES = ("actual_start", "actual_finish", "not_before", "deadline")


@dataclass
class _Kept:
    """What the last analysis computed, for the next one to start from."""

    plan: Plan
    analysis: Analysis
    #: Every link of the plan (cancelled work included): who depends on whom.
    successors: Mapping[str, Mapping[str, object]]
    links: AcyclicLinks
    order: list[str]
    position: dict[str, int]
    #: File order of every initiative.
    rank: dict[str, int]
    wave_of: dict[str, int]
    #: The passes on the plan's calendar, and their project finish point.
    base_run: _Pass
    base_end: int
    #: The passes the schedule was assembled from: ``base_run``, or it moved to a calendar
    #: that starts earlier (negative float), and their project finish point.
    run: _Pass
    project_end: int
    #: How many years earlier ``run``'s calendar starts than the plan's (0: not moved).
    years_before: int
    #: Whether every lag is in days or weeks (moving the calendar then shifts late dates).
    working_lags: bool
    #: The least slack of each initiative to its successors on ``run`` (``None``: it has
    #: none), filled as rows need it.
    slack: dict[str, int | None]
    check_parts: list[Grouped]
    #: The schedule's own problems of every scheduled initiative, in file order.
    schedule_parts: dict[str, list[Problem]]


class IncrementalAnalyzer:
    """:func:`~roadmap.core.analysis.pipeline.analyze_plan` that redoes only what an edit
    reaches (see the module's docstring). Not thread-safe: one editor, one analyzer."""

    def __init__(self) -> None:
        self._kept: _Kept | None = None
        #: How the last call was answered: ``"full"`` or ``"incremental"`` (for tests).
        self.last = "full"

    def analyze(self, plan: Plan | None, base_problems: Sequence[Problem] = ()) -> Analysis:
        """The analysis of ``plan`` with ``base_problems`` (the loader's) among its problems."""
        kept, self._kept = self._kept, None
        if plan is None:
            self.last = "full"
            return analyze_plan(None, base_problems)
        result: tuple[Analysis, _Kept | None] | None = None
        if kept is not None:
            changed = _changed_ids(kept.plan, plan)
            if changed is not None:
                try:
                    result = _incremental(kept, plan, changed, base_problems)
                except CalendarRangeError:
                    result = None
        self.last = "full" if result is None else "incremental"
        if result is None:
            result = _full(plan, base_problems)
        analysis, self._kept = result
        return analysis


def _changed_ids(old: Plan, new: Plan) -> list[str] | None:
    """The ids whose model differs between ``old`` and ``new`` (by identity), or ``None``
    when anything else differs: a setting, the teams, the budget, the ids or their order."""
    for name in type(new).model_fields:
        if name == "initiatives":
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before is not after and before != after:
            return None
    before_items, after_items = old.initiatives, new.initiatives
    if len(before_items) != len(after_items) or list(before_items) != list(after_items):
        return None
    return [key for key, model in after_items.items() if before_items[key] is not model]


def _grouped(problems: Iterable[Problem]) -> Grouped:
    grouped: Grouped = {}
    for problem in problems:
        grouped.setdefault(problem.initiative, []).append(problem)
    return grouped


def _run_check(
    check: _checks.Check, plan: Plan, linked: Plan, graph: PlanGraph | None
) -> list[Problem]:
    """One check as :func:`~roadmap.core.analysis.checks.check_plan` runs it."""
    if check is _checks.check_cycles:
        return list(_checks.check_cycles(linked, graph if linked is plan else None))
    if check in _checks._LINK_CHECKS:
        return list(check(linked))
    return list(check(plan))


def _full(plan: Plan, base_problems: Sequence[Problem]) -> tuple[Analysis, _Kept | None]:
    """:func:`~roadmap.core.analysis.pipeline.analyze_plan`, keeping its parts."""
    graph = plan_graph(plan)
    linked = _checks._with_salvaged(plan)
    check_parts = [_grouped(_run_check(check, plan, linked, graph)) for check in _checks.CHECKS]
    schedule, runs = _scheduled(plan, graph)
    schedule_parts: dict[str, list[Problem]] = {node: [] for node in schedule.initiatives}
    for problem in schedule.problems:
        if problem.initiative in schedule_parts:
            schedule_parts[problem.initiative].append(problem)
    analysis = _finish(plan, schedule, base_problems, check_parts)
    if runs is None:
        return analysis, None  # out of range: the next analysis starts from scratch
    base_run, base_end, run, project_end = runs
    order = run.order
    kept = _Kept(
        plan=plan,
        analysis=analysis,
        successors=graph.successors,
        links=run.links,
        order=order,
        position={node: number for number, node in enumerate(order)},
        rank=graph.rank,
        wave_of={node: number for number, wave in enumerate(schedule.waves, 1) for node in wave},
        base_run=base_run,
        base_end=base_end,
        run=run,
        project_end=project_end,
        years_before=_years_before(base_run),
        working_lags=base_run._lags_in_working_days(),
        slack={},
        check_parts=check_parts,
        schedule_parts=schedule_parts,
    )
    return analysis, kept


def _years_before(run: _Pass) -> int:
    """How many years earlier :func:`schedule_plan` starts the calendar for ``run``'s late
    dates (0: not moved)."""
    earliest = min(run.ls.values(), default=0)
    return 1 + -earliest // 200 if earliest < 0 else 0


def _finish(
    plan: Plan,
    schedule: Schedule,
    base_problems: Sequence[Problem],
    check_parts: list[Grouped],
) -> Analysis:
    """The analysis of the checked and scheduled plan, in :func:`analyze_plan`'s order.

    Problems about different initiatives never tie in :func:`sort_problems`, so only the order
    within one initiative (check by check) and of the plan's own problems must be kept.
    """
    problems = list(base_problems)
    for part in check_parts:
        for found in part.values():
            problems.extend(found)
    problems.extend(schedule.problems)
    reports = Reports(plan, schedule)
    problems.extend(portfolio_problems(plan, schedule, reports))
    return Analysis(plan, schedule, sort_problems(problems), reports)


def _incremental(
    kept: _Kept, plan: Plan, changed: list[str], base_problems: Sequence[Problem]
) -> tuple[Analysis, _Kept | None] | None:
    """The analysis of ``plan`` from ``kept``, or ``None`` when only a full one is exact."""
    before = kept.plan.initiatives
    for key in changed:
        old, new = before[key], plan.initiatives[key]
        if old.depends_on != new.depends_on:
            return None  # other links, maybe other cycles and waves
        if (old.status is Status.CANCELLED) != (new.status is Status.CANCELLED):
            return None  # cancelled work leaves the schedule and its links
        if (
            any(getattr(old, name) != getattr(new, name) for name in _CALENDAR_DATES)
            and plan_calendar(plan) is not kept.base_run.calendar
        ):
            return None  # the working calendar starts in another year
    check_parts = _checks_again(kept, plan, changed)
    if check_parts is None:
        return None
    scheduled = _schedule_again(kept, plan, changed)
    if scheduled is None:
        return None
    schedule, (base_run, base_end, run, project_end), schedule_parts, slack = scheduled
    analysis = _finish(plan, schedule, base_problems, check_parts)
    return analysis, _Kept(
        plan=plan,
        analysis=analysis,
        successors=kept.successors,
        links=kept.links,
        order=kept.order,
        position=kept.position,
        rank=kept.rank,
        wave_of=kept.wave_of,
        base_run=base_run,
        base_end=base_end,
        run=run,
        project_end=project_end,
        years_before=_years_before(base_run),
        working_lags=kept.working_lags,
        slack=slack,
        check_parts=check_parts,
        schedule_parts=schedule_parts,
    )


def _checks_again(kept: _Kept, plan: Plan, changed: list[str]) -> list[Grouped] | None:
    """Every check's problems for ``plan``: the local checks re-run for the changed
    initiatives and their dependents, the others kept or re-run whole."""
    if not changed:
        return kept.check_parts
    linked = _checks._with_salvaged(plan)
    reached = set(changed)
    for key in changed:
        reached.update(kept.successors.get(key, ()))
    for key, salvaged in plan.salvaged.items():
        if any(dependency.id in changed for dependency in salvaged.depends_on):
            reached.add(key)
    before = kept.plan.initiatives
    systems_changed = any(
        before[key].systems != plan.initiatives[key].systems
        or before[key].status != plan.initiatives[key].status
        for key in changed
    )
    parts: list[Grouped] = []
    small_source: Plan | None = None
    small: Plan | None = None
    for check, old_part in zip(_checks.CHECKS, kept.check_parts, strict=True):
        if check in _KEPT_CHECKS or (check is _checks.check_systems and not systems_changed):
            parts.append(old_part)
            continue
        if check not in _LOCAL_CHECKS:
            parts.append(_grouped(_run_check(check, plan, linked, None)))
            continue
        source = linked if check in _checks._LINK_CHECKS else plan
        if source is not small_source:
            small_source, small = source, _small_plan(source, reached)
        if small is None:  # an unknown dependency: its hint names every id, run it whole
            parts.append(_grouped(check(source)))
            continue
        merged = {key: found for key, found in old_part.items() if key not in reached}
        merged.update(_grouped(p for p in check(small) if p.initiative in reached))
        parts.append(merged)
    return parts


def _small_plan(source: Plan, reached: set[str]) -> Plan | None:
    """``source`` with only the ``reached`` initiatives and what they depend on; every other
    id counts as invalid, so what they depend on is looked up but never reported. ``None`` if
    a reached initiative names an unknown id (its hint lists every id)."""
    initiatives = source.initiatives
    subset: dict[str, Initiative] = {}
    for key in reached:
        model = initiatives.get(key)
        if model is None:
            continue
        subset[key] = model
        for dependency in model.depends_on:
            target = initiatives.get(dependency.id)
            if target is not None:
                subset.setdefault(dependency.id, target)
            elif dependency.id not in source.invalid_ids:
                return None
    others = frozenset(initiatives.keys() - subset.keys())
    return source.model_copy(
        update={"initiatives": subset, "invalid_ids": source.invalid_ids | others}
    )


def _schedule_again(
    kept: _Kept, plan: Plan, changed: list[str]
) -> (
    tuple[Schedule, tuple[_Pass, int, _Pass, int], dict[str, list[Problem]], dict[str, int | None]]
    | None
):
    """The schedule of ``plan`` from the kept runs: passes and rows redone where things moved,
    on the plan's calendar, then moved as :func:`~roadmap.core.analysis.schedule.
    schedule_plan` moves them."""
    old_run = kept.base_run
    order, position = kept.order, kept.position
    run = _Pass(plan, old_run.calendar, kept.links, order)
    run.es, run.ef = dict(old_run.es), dict(old_run.ef)
    run.ls, run.lf = dict(old_run.ls), dict(old_run.lf)
    run.driver, run.at_day_end = dict(old_run.driver), dict(old_run.at_day_end)
    seeds = [position[key] for key in changed if key in position]
    #: rows assembled anew: changed, moved, or reading what moved
    rows: set[str] = {order[number] for number in seeds}

    # forward: the changed work, then successors of whatever moved, in running order
    moved: set[str] = set()
    queue = list(seeds)
    heapq.heapify(queue)
    queued = set(queue)
    successors = run.successors
    forwarded: list[str] = []
    while queue:
        node = order[heapq.heappop(queue)]
        forwarded.append(node)
        run.order = [node]
        run.forward()
        if run.es[node] != old_run.es[node] or run.ef[node] != old_run.ef[node]:
            moved.add(node)
            for successor in successors[node]:
                number = position[successor]
                if number not in queued:
                    queued.add(number)
                    heapq.heappush(queue, number)
        if (
            run.driver[node] != old_run.driver[node]
            or run.at_day_end[node] != old_run.at_day_end[node]
        ):
            rows.add(node)
    rows |= moved
    base_end = max(run.ef.values(), default=run.plan_start)

    # backward: the whole pass when the project finish moved (every late date reads it)
    late: Iterable[str]
    if base_end != kept.base_end:
        run.order = order
        run.backward(base_end)
        late = order
    else:
        late = set()
        queue = [-position[node] for node in moved] + [-number for number in seeds]
        heapq.heapify(queue)
        queued = set(queue)
        predecessors = run.predecessors
        while queue:
            node = order[-heapq.heappop(queue)]
            run.order = [node]
            run.backward(base_end)
            if run.ls[node] != old_run.ls[node] or run.lf[node] != old_run.lf[node]:
                late.add(node)
                for predecessor in predecessors[node]:
                    number = -position[predecessor]
                    if number not in queued:
                        queued.add(number)
                        heapq.heappush(queue, number)
    for node in moved:  # their free float reads the moved dates
        rows.update(run.predecessors[node])
    run.order = order

    # negative float before the calendar's first day: move as schedule_plan moves
    final, project_end = run, base_end
    earliest = min(run.ls.values(), default=0)
    years_before = 1 + -earliest // 200 if earliest < 0 else 0
    if years_before and years_before == kept.years_before and kept.working_lags:
        # the same earlier calendar: every index moves by the same offset, as ``moved_to``
        # moves it; only what was recomputed needs moving again
        final = _moved_again(kept, run, forwarded, late)
        project_end = base_end + (final.plan_start - run.plan_start)
    elif years_before:
        calendar = plan_calendar(plan, years_before=years_before)
        final, project_end = run.moved_to(calendar, base_end)
    scheduled = kept.analysis.schedule
    assert scheduled is not None
    slack = kept.slack
    if final.calendar is not kept.run.calendar:
        rows = set(scheduled.initiatives)  # every index counts from another first day
        slack = {}
    else:
        slack = dict(slack)
        for node in rows:  # their own dates or a successor's moved
            slack.pop(node, None)
        if final is not run and not kept.working_lags:
            late = order  # late dates redone on the moved calendar

    ranked = sorted(rows, key=kept.rank.__getitem__)  # file order, as the full assembly
    items, problems = _assemble_items(plan, final, kept.wave_of, project_end, ranked)
    schedule_parts = dict(kept.schedule_parts)
    for node in ranked:
        schedule_parts[node] = []
    for problem in problems:
        schedule_parts[problem.initiative or ""].append(problem)
    all_items = dict(scheduled.initiatives)
    all_items.update(items)
    _late_rows(final, project_end, kept.project_end, late, rows, all_items, slack)
    flat = [problem for found in schedule_parts.values() for problem in found]
    schedule = _schedule_of(plan, final, kept.links.waves, project_end, all_items, flat)
    return schedule, (run, base_end, final, project_end), schedule_parts, slack


def _moved_again(kept: _Kept, run: _Pass, forwarded: list[str], late: Iterable[str]) -> _Pass:
    """``run`` moved to the calendar the kept schedule was moved to: the kept moved run with
    the early dates of ``forwarded`` and the late dates of ``late`` moved anew."""
    old = kept.run
    offset = old.plan_start - kept.base_run.plan_start
    moved = _Pass(run.plan, old.calendar, run.links, run.order)
    moved.es, moved.ef = dict(old.es), dict(old.ef)
    for node in forwarded:
        moved.es[node] = run.es[node] + offset
        moved.ef[node] = run.ef[node] + offset
    if late is run.order:
        moved.ls = {node: point + offset for node, point in run.ls.items()}
        moved.lf = {node: point + offset for node, point in run.lf.items()}
    else:
        moved.ls, moved.lf = dict(old.ls), dict(old.lf)
        for node in late:
            moved.ls[node] = run.ls[node] + offset
            moved.lf[node] = run.lf[node] + offset
    moved.driver, moved.at_day_end = run.driver, run.at_day_end
    return moved


def _late_rows(
    run: _Pass,
    project_end: int,
    old_end: int,
    late: Iterable[str],
    done_rows: set[str],
    items: dict[str, ScheduledInitiative],
    slack: dict[str, int | None],
) -> None:
    """Rows whose early dates, driver and initiative are as before but whose late dates (or
    the project finish) moved: their late dates, floats and criticality, in place in ``items``.

    The same values as :func:`~roadmap.core.analysis.schedule._assemble_items` gives, for the
    price of the late dates alone: the least slack to a successor (``slack``) is kept between
    edits, since neither end of those links moved.
    """
    ls_of, lf_of = run.ls, run.lf
    for node in late:
        if node in done_rows:
            continue
        item = items[node]
        ls, lf = ls_of[node], lf_of[node]
        if ls == item.ls and lf == item.lf and project_end == old_end:
            continue
        ef = item.ef
        total_float = lf - ef
        done = item.status is Status.DONE
        if done:
            free_float = 0
        else:
            if node in slack:
                least = slack[node]
            else:
                least = slack[node] = min(
                    (run.link_slack(node, successor) for successor in run.successors[node]),
                    default=None,
                )
            free = project_end - ef if least is None else min(project_end - ef, least)
            free_float = max(0, min(free, total_float))
        late_start, late_finish = run.display(node, ls, lf, item.milestone)
        items[node] = _replaced(
            item,
            late_start=late_start,
            late_finish=late_finish,
            total_float=0 if done else total_float,
            free_float=free_float,
            critical=not done and total_float <= 0,
            ls=ls,
            lf=lf,
        )


def _replaced(item: ScheduledInitiative, **changes: object) -> ScheduledInitiative:
    """:func:`dataclasses.replace` for a row whose other fields are already checked: its
    fields copied as they are (a few times faster; thousands of rows move with the finish)."""
    if not hasattr(item, "__dict__"):  # pragma: no cover - a row with slots
        return dataclasses.replace(item, **changes)  # type: ignore[arg-type]
    row: ScheduledInitiative = object.__new__(ScheduledInitiative)
    row.__dict__.update(item.__dict__, **changes)
    return row
