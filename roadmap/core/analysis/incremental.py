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
  predecessors (the whole backward pass when the project finish moved; with lags in days
  and weeks, each late finish is kept as ``min(finish - a, b)`` of the project finish
  instead, so that a moved finish costs one subtraction a row: :func:`_late_terms`, made
  once by :meth:`IncrementalAnalyzer.warm` or the first edit that moves the finish);
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

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from roadmap.core.analysis import checks as _checks
from roadmap.core.analysis.budget_checks import check_budget_names
from roadmap.core.analysis.graph import AcyclicLinks, PlanGraph, plan_graph
from roadmap.core.analysis.pipeline import Analysis, Reports, analyze_plan
from roadmap.core.analysis.resource_checks import (
    INITIATIVE_CHECKS,
    scheduled_portfolio_problems,
)
from roadmap.core.analysis.schedule import (
    Schedule,
    ScheduledInitiative,
    _assemble_items,
    _free_float,
    _Pass,
    _schedule_of,
    _scheduled,
    keep_calendar,
    plan_calendar,
    replaced_row,
)
from roadmap.core.calendar.workdays import CalendarRangeError
from roadmap.core.model.plan import DependencyType, Initiative, Plan, Status
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
        check_budget_names,
    }
)
#: Checks whose problems cannot change while the ids and the links stay the same.
_KEPT_CHECKS = frozenset({_checks.check_empty, _checks.check_cycles})

#: The fields of an initiative that place the working calendar (:func:`plan_calendar`).
_CALENDAR_DATES = ("actual_start", "actual_finish", "not_before", "deadline")

#: Each initiative's late finish as a function of the project finish ``end``:
#: ``min(end - a, b)``, with ``a`` and ``b`` by id (see :func:`_late_terms`).
Terms = tuple[dict[str, float], dict[str, float]]


@dataclass(frozen=True)
class _Portfolio:
    """The problems of the portfolio checks that read one initiative alone
    (:data:`~roadmap.core.analysis.resource_checks.INITIATIVE_CHECKS`), check by check, and
    which initiatives have costs or staffing (the other portfolio checks run only then)."""

    parts: list[Grouped]
    costed: frozenset[str]
    staffed: frozenset[str]

    @classmethod
    def of(cls, plan: Plan) -> _Portfolio:
        initiatives = plan.initiatives
        return cls(
            parts=[_grouped(check(plan)) for check in INITIATIVE_CHECKS],
            costed=frozenset(
                key for key, item in initiatives.items() if item.cost is not None or item.costs
            ),
            staffed=frozenset(key for key, item in initiatives.items() if item.staffing),
        )

    def again(self, plan: Plan, changed: list[str]) -> _Portfolio:
        """These problems after an edit of the ``changed`` initiatives of ``plan``."""
        if not changed:
            return self
        initiatives = plan.initiatives
        edited = {key: initiatives[key] for key in changed if key in initiatives}
        small = plan.model_copy(update={"initiatives": edited})
        parts: list[Grouped] = []
        for check, old_part in zip(INITIATIVE_CHECKS, self.parts, strict=True):
            part = dict(old_part)
            for key in changed:
                part.pop(key, None)
            part.update(_grouped(check(small)))
            parts.append(part)
        costed = {key for key, item in edited.items() if item.cost is not None or item.costs}
        staffed = {key for key, item in edited.items() if item.staffing}
        return _Portfolio(
            parts=parts,
            costed=(self.costed - set(changed)) | costed,
            staffed=(self.staffed - set(changed)) | staffed,
        )


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
    portfolio: _Portfolio
    #: ``base_run``'s late finishes as functions of the project finish (lags in days and
    #: weeks only), made by :meth:`IncrementalAnalyzer.warm` or the first edit that moves the
    #: project finish; kept up to date by every edit from then on.
    terms: Terms | None = None


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

    def warm(self) -> None:
        """Make ready what a later edit would otherwise make first (the late-date terms of
        :func:`_late_terms`, one pass over the plan), e.g. while the user reads the screen.
        Cheap when they are ready or not used."""
        kept = self._kept
        if kept is None or not kept.working_lags or kept.terms is not None:
            return
        try:
            kept.terms = _all_terms(kept.base_run)
        except CalendarRangeError:  # pragma: no cover - the same dates as its backward pass
            return


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
    # ``graph`` is the graph of ``plan``: the link checks read ``linked``
    return list(_checks.run_check(check, plan, linked, graph if linked is plan else None))


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
    portfolio = _Portfolio.of(plan)
    analysis = _finish(plan, schedule, base_problems, check_parts, portfolio)
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
        portfolio=portfolio,
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
    portfolio: _Portfolio,
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
    # :func:`~roadmap.core.analysis.resource_checks.portfolio_problems`, from the kept parts
    for part in portfolio.parts:
        for found in part.values():
            problems.extend(found)
    reports = Reports(plan, schedule)
    problems.extend(
        scheduled_portfolio_problems(
            plan,
            schedule,
            reports,
            costed=bool(portfolio.costed),
            staffed=bool(portfolio.staffed),
        )
    )
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
    schedule, (base_run, base_end, run, project_end), schedule_parts, slack, terms = scheduled
    portfolio = kept.portfolio.again(plan, changed)
    analysis = _finish(plan, schedule, base_problems, check_parts, portfolio)
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
        portfolio=portfolio,
        terms=terms,
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
    tuple[
        Schedule,
        tuple[_Pass, int, _Pass, int],
        dict[str, list[Problem]],
        dict[str, int | None],
        Terms | None,
    ]
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
    terms: Terms | None = None
    if kept.working_lags and (kept.terms is not None or base_end != kept.base_end):
        terms, late = _late_again(kept, run, changed, forwarded, base_end)
    elif base_end != kept.base_end:
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
                _queue_predecessors(node, predecessors, position, queue, queued)
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
    # the calendars kept from the last analysis stay the ones a full analysis would take
    keep_calendar(run.calendar)
    if final.calendar is not run.calendar:
        keep_calendar(final.calendar)
    return schedule, (run, base_end, final, project_end), schedule_parts, slack, terms


def _late_terms(
    run: _Pass, node: str, a_of: dict[str, float], b_of: dict[str, float]
) -> tuple[float, float]:
    """``(a, b)`` such that the backward pass gives ``node`` the late finish
    ``min(end - a, b)`` for any project finish ``end``, from its successors' terms.

    Only for lags in days and weeks: :meth:`~roadmap.core.calendar.workdays.WorkCalendar.
    shift_back` then subtracts a fixed count of working days, so each bound of
    :meth:`~roadmap.core.analysis.schedule._Pass.backward` is a successor's late date minus a
    constant ``c``: ``min(end - a_s, b_s) - c = min(end - (a_s + c), b_s - c)``, and the least
    of such bounds, the project finish (``a = 0``) and the deadline (a ``b``) is again of
    that form. ``a`` is ``-inf`` for work fixed by its actual dates (its late dates are its
    early ones, ``b``), ``b`` is ``inf`` when no deadline bounds the work.
    """
    initiative = run.plan.initiatives[node]
    es_of, ef_of = run.es, run.ef
    if run.driver[node] == "actual" and initiative.status is Status.DONE:
        return -math.inf, ef_of[node]
    length = ef_of[node] - es_of[node]
    a: float = 0
    b: float = math.inf
    calendar = run.calendar
    if initiative.deadline is not None:
        b = calendar.index_on_or_before(initiative.deadline) + 1
    for successor, links in run.successors[node].items():
        a_successor, b_successor = a_of[successor], b_of[successor]
        length_successor = ef_of[successor] - es_of[successor]
        for link in links:
            lag = link.lag
            shift = -calendar.shift_back(0, lag) if lag.count else 0
            if link.type is DependencyType.FF:
                shift_of = shift  # from the successor's late finish
            else:
                shift_of = shift + length_successor  # from its late start
                if link.type is DependencyType.SS:
                    shift_of -= length
            if a_successor + shift_of > a:
                a = a_successor + shift_of
            if b_successor - shift_of < b:
                b = b_successor - shift_of
    return a, b


def _all_terms(run: _Pass) -> Terms:
    """:func:`_late_terms` of every initiative of ``run``, successors first."""
    a_of: dict[str, float] = {}
    b_of: dict[str, float] = {}
    for node in reversed(run.order):
        a_of[node], b_of[node] = _late_terms(run, node, a_of, b_of)
    return a_of, b_of


def _late_again(
    kept: _Kept, run: _Pass, changed: list[str], forwarded: list[str], end: int
) -> tuple[Terms, Iterable[str]]:
    """The backward pass of ``run`` (lags in days and weeks) from the kept terms: the terms
    of the changed work, of what changed length and, while terms keep changing, of their
    predecessors are made again, then the late dates of every row (the project finish moved)
    or of those whose terms or length changed. Returns the terms and the initiatives whose
    late dates may differ from the kept run's (``run.order`` itself: all of them)."""
    old_run, order, position = kept.base_run, kept.order, kept.position
    old_es, old_ef, es_of, ef_of = old_run.es, old_run.ef, run.es, run.ef
    # not made yet (see :meth:`IncrementalAnalyzer.warm`): every initiative's terms, from the
    # kept run's passes
    old_terms = _all_terms(old_run) if kept.terms is None else kept.terms
    a_of, b_of = dict(old_terms[0]), dict(old_terms[1])
    seeds = set(changed)
    seeds.update(
        node for node in forwarded if ef_of[node] - es_of[node] != old_ef[node] - old_es[node]
    )
    seeds.intersection_update(position)
    queue = [-position[node] for node in seeds]
    heapq.heapify(queue)
    queued = set(queue)
    predecessors = run.predecessors
    touched: list[str] = []
    while queue:
        node = order[-heapq.heappop(queue)]
        terms = _late_terms(run, node, a_of, b_of)
        resized = ef_of[node] - es_of[node] != old_ef[node] - old_es[node]
        if resized or terms != (a_of[node], b_of[node]):
            a_of[node], b_of[node] = terms
            touched.append(node)
            _queue_predecessors(node, predecessors, position, queue, queued)
    ls_of, lf_of = run.ls, run.lf
    if end != kept.base_end:
        # every late date reads the project finish
        for node in order:
            lf_of[node] = late_finish = int(min(end - a_of[node], b_of[node]))
            ls_of[node] = late_finish - (ef_of[node] - es_of[node])
        return (a_of, b_of), order
    late: set[str] = set()
    old_ls, old_lf = old_run.ls, old_run.lf
    for node in touched:
        lf_of[node] = late_finish = int(min(end - a_of[node], b_of[node]))
        ls_of[node] = late_finish - (ef_of[node] - es_of[node])
        if ls_of[node] != old_ls[node] or lf_of[node] != old_lf[node]:
            late.add(node)
    return (a_of, b_of), late


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
    edits, since neither end of those links moved. A row whose values all stay is kept as the
    same object (the editor redraws only rows that are new objects). When the finish moves,
    this runs for every row.
    """
    ls_of, lf_of = run.ls, run.lf
    same_end = project_end == old_end
    for node in late:
        if node in done_rows:
            continue
        item = items[node]
        ls, lf = ls_of[node], lf_of[node]
        moved = ls != item.ls or lf != item.lf
        if not moved and same_end:
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
                least = slack[node] = run.least_slack(node)
            free_float = _free_float(least, project_end - ef, total_float)
        if not moved:
            if free_float == item.free_float:
                continue  # a missed deadline or actual dates hold it: nothing changed
            late_start, late_finish = item.late_start, item.late_finish
        else:
            late_start, late_finish = run.display(node, ls, lf, item.milestone)
        items[node] = replaced_row(
            item,
            late_start=late_start,
            late_finish=late_finish,
            total_float=0 if done else total_float,
            free_float=free_float,
            critical=not done and total_float <= 0,
            ls=ls,
            lf=lf,
        )


def _queue_predecessors(
    node: str,
    predecessors: Mapping[str, Mapping[str, object]],
    position: Mapping[str, int],
    queue: list[int],
    queued: set[int],
) -> None:
    """Put the predecessors of ``node`` not queued yet on ``queue``, a heap of negated file
    positions (so the latest in running order comes out first: a backward walk)."""
    for predecessor in predecessors[node]:
        number = -position[predecessor]
        if number not in queued:
            queued.add(number)
            heapq.heappush(queue, number)
