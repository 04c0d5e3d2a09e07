"""Schedule risk: Monte Carlo simulation of a plan with three-point duration estimates.

Contract
--------
:func:`simulate` samples every three-point ``duration`` (``{ optimistic, likely, pessimistic }``)
many times and schedules each run with the *same* rules as the critical path method of
:mod:`roadmap.core.analysis.schedule` -- finish-to-start, start-to-start and finish-to-finish links with lags,
``not_before``, the plan start, the status date and actuals (done work fixed at its actual
dates, in-progress work keeping its actual start with its remaining share scheduled from the
status date, planned work not starting before the status date, cancelled work left out), and
the town's calendar (``needs`` budget, 補正 and council, ``on = "council"`` milestones, cut-overs
avoiding ``avoid = true`` blackouts: the scheduler's own :class:`TownBounds`, applied to each
run's start, a sampled cut-over measured with its sampled length) -- on
the working-day indices of :class:`roadmap.core.calendar.workdays.WorkCalendar`. Runs are vectorised with
numpy: each initiative holds a ``(runs,)`` array of time points, and the topological order is
walked once forward and once backward per chunk of runs.

Sampling and its approximations
-------------------------------
- PERT-beta (default): ``alpha = 1 + 4 (m - a) / (b - a)``, ``beta = 1 + 4 (b - m) / (b - a)``,
  scaled to ``[a, b]`` (mean ``(a + 4m + b) / 6``); or triangular on ``[a, m, b]``.
- Estimates are sampled in *working days* and rounded to whole days with ``np.rint`` (half to
  even). ``d`` counts working days (calendar days on the calendar calendar), ``w`` is 5 working
  days (7 on the calendar calendar). ``mo`` and ``y`` estimates are converted to working days
  once, at the initiative's CPM start (``end_of(start, X) - start`` for each of the three
  points); a run that starts the work elsewhere keeps those lengths. This is the one
  approximation: a month starting in December holds fewer working days than one starting in
  May, and the simulation does not re-measure estimated months at each run's start.
- Plain durations are not sampled and are measured exactly at each run's start (a ``3mo``
  task is three calendar months from wherever it starts), as are month lags: both are looked
  up in tables of :meth:`WorkCalendar.end_of`, :meth:`WorkCalendar.shift` and
  :meth:`WorkCalendar.shift_back` over the working-day indices.
- Done initiatives are never sampled.
- With every estimate degenerate (``optimistic = likely = pessimistic``) each run equals the CPM
  schedule exactly.

What is reported
----------------
- Finish-date percentiles P50, P80, P95: the earliest date by which at least that share of the
  runs has finished, and the same per initiative. This is the *nearest-rank* definition, with no
  interpolation: with the ``n`` run finishes sorted, percentile ``p`` is the
  ``ceil(p * n / 100)``-th (``np.quantile(..., method="inverted_cdf")``). With 1 run every
  percentile is that run; with 2 runs P50 is the earlier and P80, P95 the later; with 5 runs
  P50 is the 3rd, P80 the 4th (exactly 80 % have finished by then) and P95 the 5th.
- The probability of meeting the plan deadline and each initiative's deadline (finishing on or
  before it).
- The criticality index: the share of runs in which an initiative is critical by the CPM's own
  rule (total float <= 0 in that run's backward pass, deadlines included; done work never).
- The sensitivity: Spearman's rank correlation (average ranks for ties) between an estimated
  initiative's sampled duration and the plan finish across runs; the risk drivers are the
  estimated initiatives ranked by it.

Runs are processed in chunks of :data:`CHUNK_RUNS` drawn one after another from
``numpy.random.default_rng(seed)``, so a seed and a run count give the same result on any
machine, with or without a progress bar.

The result (:class:`RiskResult`), the run parameters and the views every face shares
(:func:`finish_buckets`, :func:`risk_document`) live in :mod:`roadmap.core.analysis.risk_result`,
which needs no numpy. This module is the simulation: index tables, sampling and the vectorised
passes over the same arrays.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from roadmap.core.analysis.graph import plan_graph
from roadmap.core.analysis.risk_result import (
    DEFAULT_RUNS,
    DISTRIBUTIONS,
    PERCENTILES,
    Distribution,
    InitiativeRisk,
    Progress,
    RiskResult,
)
from roadmap.core.analysis.schedule import TownBounds, plan_calendar
from roadmap.core.calendar.workdays import LAST_YEAR, CalendarRangeError, WorkCalendar
from roadmap.core.model.durations import Duration
from roadmap.core.model.plan import DependencyType, Initiative, Plan, Status, ThreePointDuration

__all__ = ["CHUNK_RUNS", "simulate"]

#: Runs per vectorised batch; fixed so that results never depend on how they are shown.
CHUNK_RUNS = 1_000

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


# -- calendar lookups over working-day indices --------------------------------------------------


class _IndexTable:
    """``function(point)`` over a window of working-day indices, grown on demand, looked up in
    bulk.

    Month durations and month lags depend on where they start; a table makes them exact in every
    run at the cost of one calendar call per index ever reached.
    """

    MARGIN = 256

    def __init__(self, function: Callable[[int], int]) -> None:
        self.function = function
        self.low = 0
        self.values: IntArray = np.zeros(0, dtype=np.int64)

    def _compute(self, first: int, last: int, needed: tuple[int, int]) -> tuple[int, IntArray]:
        """The first index computed and the values from it up to ``last - 1``; points outside
        ``needed`` may fail (they are then left out: only at the calendar's ends)."""
        fresh: list[int] = []
        for point in range(first, last):
            try:
                fresh.append(self.function(point))
            except CalendarRangeError:
                if needed[0] <= point <= needed[1]:
                    raise
                if point < needed[0]:
                    fresh.clear()
                    first = point + 1
                    continue
                break
        return first, np.asarray(fresh, dtype=np.int64)

    def _cover(self, lowest: int, highest: int) -> None:
        if not len(self.values):
            self.low, self.values = self._compute(lowest, highest + self.MARGIN, (lowest, highest))
            return
        if lowest < self.low:
            self.low, before = self._compute(
                max(0, lowest - self.MARGIN), self.low, (lowest, self.low - 1)
            )
            self.values = np.concatenate([before, self.values])
        top = self.low + len(self.values)
        if highest >= top:
            _, after = self._compute(top, highest + self.MARGIN, (top, highest))
            self.values = np.concatenate([self.values, after])

    def __call__(self, points: IntArray) -> IntArray:
        clipped = np.maximum(points, 0)
        lowest, highest = int(clipped.min()), int(clipped.max())
        if lowest < self.low or highest >= self.low + len(self.values):
            self._cover(lowest, highest)
        found: IntArray = self.values[clipped - self.low]
        return found


@dataclass
class _Shift:
    """A lag as a function of time points: a fixed offset (days, weeks) or a table (months)."""

    offset: int = 0
    table: _IndexTable | None = None

    def __call__(self, points: IntArray) -> IntArray:
        if self.table is not None:
            return self.table(points)
        return points + self.offset if self.offset else points


def _shifts(calendar: WorkCalendar, lag: Duration) -> tuple[_Shift, _Shift]:
    """Forward (:meth:`WorkCalendar.shift`) and backward (``shift_back``) forms of ``lag``."""
    if lag.count == 0:
        return _Shift(), _Shift()
    if lag.unit in ("d", "w"):
        offset = calendar.shift(0, lag)
        return _Shift(offset), _Shift(-offset)
    forward = _IndexTable(lambda point: calendar.shift(point, lag))
    backward = _IndexTable(lambda point: calendar.shift_back(point, lag))
    return _Shift(table=forward), _Shift(table=backward)


class _TownRule:
    """:class:`TownBounds` of one initiative over arrays of starts, each distinct start (and
    sampled length) asked once."""

    def __init__(self, bounds: TownBounds, initiative: Initiative) -> None:
        self.bounds = bounds
        self.initiative = initiative
        self.known: dict[tuple[int, bool, int], tuple[int, bool]] = {}

    def _one(self, start: int, day_end: bool, length: int) -> tuple[int, bool]:
        key = (start, day_end, length)
        found = self.known.get(key)
        if found is None:
            initiative = self.initiative
            if length >= 0:  # a sampled length: the cut-over's span in this run
                initiative = initiative.model_copy(update={"duration": Duration(length, "d")})
            found = self.known[key] = self.bounds(initiative, start, day_end)
        return found

    def __call__(
        self, start: IntArray, day_end: npt.NDArray[np.bool_], sampled: IntArray | None
    ) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        lengths = np.full_like(start, -1) if sampled is None else sampled
        keys = np.stack([start, day_end.astype(np.int64), lengths])
        distinct, inverse = np.unique(keys, axis=1, return_inverse=True)
        moved = np.array(
            [self._one(int(s), bool(e), int(n)) for s, e, n in distinct.T], dtype=np.int64
        ).reshape(-1, 2)
        where = inverse.reshape(-1)
        return moved[where, 0], moved[where, 1].astype(np.bool_)


def _has_town_bounds(plan: Plan, initiative: Initiative) -> bool:
    """Whether any of the town's calendar constraints can move ``initiative``."""
    if initiative.status is Status.DONE or (
        initiative.status is Status.IN_PROGRESS and initiative.actual_start is not None
    ):
        return False
    return bool(
        initiative.needs
        or (initiative.on == "council" and initiative.is_milestone)
        or (initiative.is_cutover and any(window.avoid for window in plan.blackouts))
    )


# -- the network, compiled once -----------------------------------------------------------------


@dataclass
class _Link:
    other: int
    type: DependencyType
    shift: _Shift


@dataclass
class _Node:
    """One schedulable initiative with everything a run needs, as constants and lookups."""

    id: str
    initiative: Initiative
    #: Done with both actual dates: ``(start, end, at_day_end)`` fixed.
    fixed: tuple[int, int, bool] | None
    #: The latest of plan start, ``not_before`` and (for unstarted work) the status date.
    base_start: int
    #: In progress with an actual start: its index.
    actual_start: int | None
    #: Plain lengths in working days (``d``, ``w``) or ``None`` when ``end_table`` applies.
    days: int | None
    end_table: _IndexTable | None
    #: Row of the sample matrix, for sampled estimates.
    sample_row: int | None = None
    #: The town's calendar constraints, for unstarted work that has any.
    town: _TownRule | None = None
    incoming: list[_Link] = field(default_factory=list)
    outgoing: list[_Link] = field(default_factory=list)
    deadline_point: int | None = None


@dataclass
class _Network:
    calendar: WorkCalendar
    nodes: list[_Node]
    plan_start: int
    status_point: int | None
    #: Nodes whose three-point estimate is sampled, in topological order.
    sampled: list[int] = field(default_factory=list)
    #: ``(a, m, b)`` working days per sampled node, same order as ``sampled``.
    estimates: list[tuple[int, int, int]] = field(default_factory=list)


#: Years the simulation's calendar starts before the plan's, so that late dates pulled back by
#: missed deadlines stay on the calendar (index arithmetic is the same from any first year).
_YEARS_BEFORE = 2


def _roomy_calendar(calendar: WorkCalendar) -> WorkCalendar:
    """``calendar`` starting :data:`_YEARS_BEFORE` years earlier."""
    return WorkCalendar(
        kind=calendar.kind,
        extra_holidays=calendar.extra_holidays,
        year_end_closure=calendar.year_end_closure,
        first_year=max(1951, calendar.first_year - _YEARS_BEFORE),
    )


def _length_rule(
    calendar: WorkCalendar, duration: Duration, tables: dict[Duration, _IndexTable]
) -> tuple[int | None, _IndexTable | None]:
    """Working days of a ``d``/``w`` duration, or the end table of a ``mo``/``y`` one."""
    if duration.count <= 0 or duration.unit in ("d", "w"):
        return calendar.end_of(0, duration), None
    table = tables.get(duration)
    if table is None:
        table = tables[duration] = _IndexTable(lambda start: calendar.end_of(start, duration))
    return None, table


def _compile(plan: Plan) -> _Network:
    """Turn ``plan`` into index constants, links and lookup tables, in topological order."""
    calendar = _roomy_calendar(plan_calendar(plan))
    settings = plan.plan
    plan_start = calendar.index_on_or_after(settings.start)
    status_point = (
        calendar.index_on_or_after(settings.status_date) if settings.status_date else None
    )
    links = plan_graph(plan).acyclic()  # the scheduler's own links and order
    order = [node for wave in links.waves for node in wave]
    position = {node: number for number, node in enumerate(order)}
    tables: dict[Duration, _IndexTable] = {}
    lag_shifts: dict[Duration, tuple[_Shift, _Shift]] = {}
    nodes: list[_Node] = []
    bounds: TownBounds | None = None
    for node_id in order:
        initiative = plan.initiatives[node_id]
        days, end_table = _length_rule(calendar, initiative.planned_duration, tables)
        started = initiative.status is Status.IN_PROGRESS and initiative.actual_start is not None
        base = plan_start
        if initiative.not_before is not None:
            base = max(base, calendar.index_on_or_after(initiative.not_before))
        if status_point is not None and not started and initiative.status is not Status.DONE:
            base = max(base, status_point)
        town: _TownRule | None = None
        if _has_town_bounds(plan, initiative):
            bounds = bounds or TownBounds(plan, calendar)
            town = _TownRule(bounds, initiative)
        nodes.append(
            _Node(
                id=node_id,
                initiative=initiative,
                fixed=_fixed_by_actuals(calendar, initiative),
                base_start=base,
                actual_start=(
                    calendar.index_on_or_after(initiative.actual_start)
                    if started and initiative.actual_start is not None
                    else None
                ),
                days=days,
                end_table=end_table,
                deadline_point=(
                    _last_index_on_or_before(calendar, initiative.deadline)
                    if initiative.deadline is not None
                    else None
                ),
                town=town,
            )
        )
    for node in nodes:
        target = position[node.id]
        for predecessor, pair in links.predecessors[node.id].items():
            for link in pair:
                if link.lag not in lag_shifts:
                    lag_shifts[link.lag] = _shifts(calendar, link.lag)
                forward, backward = lag_shifts[link.lag]
                node.incoming.append(_Link(position[predecessor], link.type, forward))
                nodes[position[predecessor]].outgoing.append(_Link(target, link.type, backward))
    return _Network(calendar, nodes, plan_start, status_point)


def _fixed_by_actuals(
    calendar: WorkCalendar, initiative: Initiative
) -> tuple[int, int, bool] | None:
    """Done work with both actual dates sits at them, as in the CPM."""
    if initiative.status is not Status.DONE:
        return None
    if initiative.actual_start is None or initiative.actual_finish is None:
        return None
    if initiative.is_milestone:
        point = calendar.index_on_or_before(initiative.actual_finish) + 1
        return point, point, True
    start = calendar.index_on_or_after(initiative.actual_start)
    end = max(start + 1, calendar.index_on_or_before(initiative.actual_finish) + 1)
    return start, end, False


def _last_index_on_or_before(calendar: WorkCalendar, day: dt.date) -> int:
    """The index of the last working day on or before ``day``; -1 before the calendar begins,
    a very large index after its end (such a deadline is always met)."""
    if day.year < calendar.first_year:
        return -1
    if day.year > LAST_YEAR:
        return np.iinfo(np.int64).max // 4
    return calendar.index_on_or_before(day)


# -- estimates ----------------------------------------------------------------------------------


def _estimate_days(
    calendar: WorkCalendar, estimate: ThreePointDuration, start: int
) -> tuple[int, int, int]:
    """The three points in working days; ``mo``/``y`` measured from ``start`` (the CPM start)."""
    points = (estimate.optimistic, estimate.likely, estimate.pessimistic)
    days = [max(0, calendar.end_of(start, point) - start) for point in points]
    return days[0], days[1], days[2]


def _sample(
    rng: np.random.Generator,
    estimate: tuple[int, int, int],
    runs: int,
    distribution: Distribution,
) -> IntArray:
    """``runs`` durations in whole working days drawn from ``estimate`` = ``(a, m, b)``."""
    low, mode, high = (float(value) for value in estimate)
    if high <= low:
        return np.full(runs, int(low), dtype=np.int64)
    if distribution == "triangular":
        values = rng.triangular(low, mode, high, size=runs)
    else:
        alpha = 1 + 4 * (mode - low) / (high - low)
        beta = 1 + 4 * (high - mode) / (high - low)
        values = low + rng.beta(alpha, beta, size=runs) * (high - low)
    return np.rint(values).astype(np.int64)


# -- the passes ---------------------------------------------------------------------------------


@dataclass
class _Runs:
    """Time points of every node in every run of one chunk: rows are nodes, columns runs."""

    early_start: IntArray
    early_end: IntArray
    late_start: IntArray
    late_end: IntArray
    at_day_end: npt.NDArray[np.bool_]
    #: The start before finish-to-finish links pushed it (where month estimates are measured).
    first_start: IntArray


def _forward(network: _Network, lengths: dict[int, IntArray], runs: int) -> _Runs:
    """Early dates of every node, run by run at once; ``lengths`` holds sampled working days."""
    count = len(network.nodes)
    es = np.empty((count, runs), dtype=np.int64)
    ef = np.empty((count, runs), dtype=np.int64)
    day_end = np.zeros((count, runs), dtype=np.bool_)
    first_start = np.empty((count, runs), dtype=np.int64)
    status_point = network.status_point
    for index, node in enumerate(network.nodes):
        if node.fixed is not None:
            es[index], ef[index], day_end[index] = node.fixed
            first_start[index] = node.fixed[0]
            continue
        start = np.full(runs, node.base_start, dtype=np.int64)
        at_end = np.zeros(runs, dtype=np.bool_)
        finish_points: list[IntArray] = []
        for link in node.incoming:
            if link.type is DependencyType.FF:
                finish_points.append(link.shift(ef[link.other]))
                continue
            source = ef[link.other] if link.type is DependencyType.FS else es[link.other]
            candidate = link.shift(source)
            later = candidate > start
            at_end = np.where(later, link.type is DependencyType.FS, at_end)
            start = np.where(later, candidate, start)
        if node.town is not None:
            start, at_end = node.town(start, at_end, lengths.get(index))
        if node.actual_start is not None:
            start = np.full(runs, node.actual_start, dtype=np.int64)
            at_end = np.zeros(runs, dtype=np.bool_)
        first_start[index] = start
        end = _end(node, start, lengths.get(index))
        if finish_points:
            pushed = np.maximum(np.max(finish_points, axis=0) - end, 0)
            start = start + pushed
            end = end + pushed
            at_end = at_end | (pushed > 0)
        if node.actual_start is not None and status_point is not None:
            end = _remaining(node, start, end, status_point)
        es[index], ef[index], day_end[index] = start, end, at_end
    return _Runs(es, ef, np.empty_like(es), np.empty_like(ef), day_end, first_start)


def _end(node: _Node, start: IntArray, sampled: IntArray | None) -> IntArray:
    """The exclusive end of the work starting at ``start``."""
    if sampled is not None:
        return start + sampled
    if node.end_table is not None:
        return node.end_table(start)
    assert node.days is not None
    return start + node.days


def _remaining(node: _Node, start: IntArray, end: IntArray, status_point: int) -> IntArray:
    """Work in progress: its remaining share runs from the status date, as in the CPM."""
    length = end - start
    remaining = np.ceil(length.astype(np.float64) * (100 - node.initiative.progress) / 100)
    remaining_days = remaining.astype(np.int64)
    from_status = np.maximum(start + 1, status_point + remaining_days)
    finished = np.maximum(start + 1, np.minimum(end, status_point))
    moved = np.where(remaining_days > 0, from_status, finished)
    return np.where(length > 0, moved, end)


def _backward(network: _Network, runs: _Runs, project_end: IntArray) -> None:
    """Late dates of every node against each run's own project end and the deadlines."""
    es, ef, ls, lf = runs.early_start, runs.early_end, runs.late_start, runs.late_end
    for index in range(len(network.nodes) - 1, -1, -1):
        node = network.nodes[index]
        if node.fixed is not None:
            ls[index], lf[index] = es[index], ef[index]
            continue
        length = ef[index] - es[index]
        late_finish = project_end
        if node.deadline_point is not None:
            late_finish = np.minimum(late_finish, node.deadline_point + 1)
        for link in node.outgoing:
            if link.type is DependencyType.FS:
                bound = link.shift(ls[link.other])
            elif link.type is DependencyType.SS:
                bound = link.shift(ls[link.other]) + length
            else:
                bound = link.shift(lf[link.other])
            late_finish = np.minimum(late_finish, bound)
        lf[index] = late_finish
        ls[index] = late_finish - length


def _shown_finish(runs: _Runs) -> IntArray:
    """The index of each node's last day as a Gantt chart shows it (a milestone's own day)."""
    es, ef = runs.early_start, runs.early_end
    milestone_day = np.where(runs.at_day_end & (es > 0), es - 1, es)
    return np.where(ef > es, ef - 1, milestone_day)


# -- the simulation -----------------------------------------------------------------------------


def _cpm_starts(network: _Network) -> IntArray:
    """The starts (before finish-to-finish pushes) of the deterministic CPM run."""
    runs = _forward(network, {}, 1)
    return runs.first_start[:, 0]


def _prepare_estimates(network: _Network) -> None:
    """Find the sampled nodes and their working-day estimates, measured at the CPM starts."""
    starts: IntArray | None = None
    for index, node in enumerate(network.nodes):
        duration = node.initiative.duration
        if node.fixed is not None or node.initiative.status is Status.DONE:
            continue
        if not isinstance(duration, ThreePointDuration):
            continue
        if starts is None:
            starts = _cpm_starts(network)
        estimate = _estimate_days(network.calendar, duration, int(starts[index]))
        if estimate[0] == estimate[2]:  # degenerate: scheduled exactly like a plain duration
            continue
        node.sample_row = len(network.sampled)
        network.sampled.append(index)
        network.estimates.append(estimate)


def simulate(
    plan: Plan,
    runs: int = DEFAULT_RUNS,
    seed: int | None = None,
    distribution: Distribution = "pert",
    progress: Progress | None = None,
) -> RiskResult:
    """Simulate ``plan`` ``runs`` times and summarise the finish dates.

    Parameters
    ----------
    plan : Plan
        A loaded plan; like :func:`roadmap.core.analysis.schedule.schedule_plan` it schedules whatever is
        valid (unknown dependencies ignored, cycles broken).
    runs : int
        Number of runs, at least 1.
    seed : int, optional
        Seed of ``numpy.random.default_rng``; ``[plan] risk_seed`` when omitted.
    distribution : "pert" or "triangular"
        How three-point estimates are sampled.
    progress : callable, optional
        Called as ``progress(done_runs, runs)`` after each chunk of :data:`CHUNK_RUNS` runs.

    Returns
    -------
    RiskResult

    Raises
    ------
    ValueError
        For ``runs < 1`` or an unknown distribution.
    roadmap.core.calendar.workdays.CalendarRangeError
        When a run goes past the calendar's last year (2099).

    Examples
    --------
    >>> from roadmap.core.planfile.loader import parse_plan
    >>> plan = parse_plan(
    ...     '[plan]\\ntitle = "例"\\nstart = 2026-04-01\\ncalendar = "calendar"\\n'
    ...     '[initiatives.a]\\ntitle = "A"\\n'
    ...     'duration = { optimistic = "5d", likely = "10d", pessimistic = "30d" }\\n'
    ... ).plan
    >>> result = simulate(plan, runs=1_000, seed=1)
    >>> result.cpm_finish
    datetime.date(2026, 4, 10)
    >>> result.finish_percentiles[50] > result.cpm_finish  # a long pessimistic tail
    True
    >>> result.initiative("a").criticality
    1.0
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"unknown distribution {distribution!r}")
    seed = plan.plan.risk_seed if seed is None else seed
    network = _compile(plan)
    _prepare_estimates(network)
    collector = _Collector(network, runs)
    rng = np.random.default_rng(seed)
    for first in range(0, runs, CHUNK_RUNS):
        size = min(CHUNK_RUNS, runs - first)
        samples = {
            index: _sample(rng, estimate, size, distribution)
            for index, estimate in zip(network.sampled, network.estimates, strict=True)
        }
        chunk = _forward(network, samples, size)
        if network.nodes:
            project_end = chunk.early_end.max(axis=0)
        else:
            project_end = np.full(size, network.plan_start, dtype=np.int64)
        _backward(network, chunk, project_end)
        collector.add(chunk, samples, first)
        if progress is not None:
            progress(first + size, runs)
    cpm = _forward(network, {}, 1)
    _backward(network, cpm, cpm.early_end.max(axis=0) if network.nodes else np.zeros(1, np.int64))
    return collector.result(plan, cpm, seed, distribution)


class _Collector:
    """Accumulates what the chunks tell and turns it into a :class:`RiskResult`."""

    def __init__(self, network: _Network, runs: int) -> None:
        self.network = network
        self.runs = runs
        count = len(network.nodes)
        self.shown = np.empty((count, runs), dtype=np.int32)
        self.critical = np.zeros(count, dtype=np.int64)
        self.samples = np.empty((len(network.sampled), runs), dtype=np.int32)
        self.finish = np.empty(runs, dtype=np.int64)
        self.not_done = np.array(
            [node.initiative.status is not Status.DONE for node in network.nodes], dtype=np.bool_
        )

    def add(self, chunk: _Runs, samples: dict[int, IntArray], first: int) -> None:
        network = self.network
        size = chunk.early_start.shape[1]
        shown = _shown_finish(chunk)
        self.shown[:, first : first + size] = shown
        self.finish[first : first + size] = (
            shown.max(axis=0) if network.nodes else network.plan_start
        )
        critical = (chunk.late_end - chunk.early_end <= 0) & self.not_done[:, None]
        self.critical += critical.sum(axis=1)
        for row, index in enumerate(network.sampled):
            self.samples[row, first : first + size] = samples[index]

    def result(self, plan: Plan, cpm: _Runs, seed: int, distribution: Distribution) -> RiskResult:
        network = self.network
        calendar = network.calendar
        dates = _DateCache(calendar)
        cpm_shown = _shown_finish(cpm)[:, 0]
        cpm_critical = (cpm.late_end - cpm.early_end)[:, 0] <= 0
        cpm_finish_point = int(cpm_shown.max()) if network.nodes else network.plan_start
        finish = self.finish
        values, counts = np.unique(finish, return_counts=True)
        sensitivity = {
            network.sampled[row]: _spearman(self.samples[row], finish)
            for row in range(len(network.sampled))
        }
        deadline = plan.plan.deadline
        items: list[InitiativeRisk] = []
        by_id = {node.id: index for index, node in enumerate(network.nodes)}
        for initiative_id in plan.initiatives:
            index = by_id.get(initiative_id)
            if index is None:
                continue
            node = network.nodes[index]
            shown = self.shown[index]
            deadline_probability = (
                float(np.mean(shown <= node.deadline_point))
                if node.deadline_point is not None
                else None
            )
            row = node.sample_row
            items.append(
                InitiativeRisk(
                    id=node.id,
                    title=node.initiative.title,
                    estimated=row is not None,
                    estimate_days=network.estimates[row] if row is not None else None,
                    cpm_finish=dates(int(cpm_shown[index])),
                    cpm_critical=bool(cpm_critical[index])
                    and node.initiative.status is not Status.DONE,
                    criticality=float(self.critical[index] / self.runs),
                    finish_percentiles=_percentiles(shown, dates),
                    deadline=node.initiative.deadline,
                    deadline_probability=deadline_probability,
                    sensitivity=sensitivity.get(index),
                )
            )
        drivers = sorted(
            (item for item in items if item.sensitivity is not None),
            key=lambda item: -(item.sensitivity or 0.0),
        )
        return RiskResult(
            runs=self.runs,
            seed=seed,
            distribution=distribution,
            cpm_finish=dates(cpm_finish_point),
            finish_percentiles=_percentiles(finish, dates),
            earliest_finish=dates(int(values[0])),
            latest_finish=dates(int(values[-1])),
            cpm_finish_probability=float(np.mean(finish <= cpm_finish_point)),
            deadline=deadline,
            deadline_probability=(
                float(np.mean(finish <= _last_index_on_or_before(calendar, deadline)))
                if deadline is not None
                else None
            ),
            finish_counts=tuple(
                (dates(int(value)), int(count)) for value, count in zip(values, counts, strict=True)
            ),
            initiatives=tuple(items),
            drivers=tuple(item.id for item in drivers),
        )


class _DateCache:
    """``calendar.date_at`` with memory (the same few hundred indices recur in every run)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.known: dict[int, dt.date] = {}

    def __call__(self, point: int) -> dt.date:
        day = self.known.get(point)
        if day is None:
            day = self.known[point] = self.calendar.date_at(max(point, 0))
        return day


def _percentiles(points: npt.NDArray[np.integer], dates: _DateCache) -> dict[int, dt.date]:
    """The earliest date by which at least p % of the runs have finished, per percentile."""
    quantiles = np.quantile(points, [p / 100 for p in PERCENTILES], method="inverted_cdf")
    return {p: dates(int(value)) for p, value in zip(PERCENTILES, quantiles, strict=True)}


def _average_ranks(values: npt.NDArray[np.integer]) -> FloatArray:
    """Ranks 1..n with ties sharing their average rank."""
    sorter = np.argsort(values, kind="stable")
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[sorter] = np.arange(len(values))
    ordered = values[sorter]
    new_value = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    dense = np.cumsum(new_value)[inverse]
    bounds = np.concatenate((np.nonzero(new_value)[0], [len(new_value)]))
    ranks: FloatArray = 0.5 * (bounds[dense] + bounds[dense - 1] + 1).astype(np.float64)
    return ranks


def _spearman(first: npt.NDArray[np.integer], second: npt.NDArray[np.integer]) -> float:
    """Spearman's rank correlation; 0.0 when either side never varies."""
    x = _average_ranks(first)
    y = _average_ranks(second)
    x -= x.mean()
    y -= y.mean()
    scale = math.sqrt(float(np.dot(x, x)) * float(np.dot(y, y)))
    if scale == 0.0:
        return 0.0
    return round(float(np.dot(x, y)) / scale, 6)
