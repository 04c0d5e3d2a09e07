"""Critical path scheduling: a plan in, a schedule out.

The forward pass gives each initiative its early start and finish, honouring finish-to-start,
start-to-start and finish-to-finish links with lags, ``not_before``, the plan start, the status
date and actuals; the backward pass from the project finish (and from each initiative's
deadline, so that a missed deadline shows as negative float) gives the late dates. Total and
free float are counted in working days of the plan calendar; an initiative is critical when its
total float is zero or less. Free float (how far the work may slip without moving a successor's
early dates or the project finish) is never negative and never more than the total float, so
critical work has none.

Conventions, as a person reads a Gantt chart:

- ``early_start`` is the first working day of the work, ``early_finish`` its last (inclusive);
  a finish-to-start successor starts on the next working day.
- A milestone (duration ``0d``) falls on the day its predecessors finish; a milestone held by
  ``not_before`` or the plan start falls on that day.
- Work that is ``done`` with actual dates is fixed at them and is never critical. Work
  ``in_progress`` keeps its actual start; with a ``status_date`` its remaining share
  (``1 - progress``) is scheduled from the status date. Planned work does not start before the
  status date: what has not started by then has slipped.
- ``mo`` and ``y`` durations are resolved to working days at the early start; the backward
  pass keeps that length.
- Cancelled initiatives are not scheduled; dependencies on them are ignored.

Calendar constraints of the town (:mod:`roadmap.core.calendar.council`), for work not yet
started:

- ``needs = ["budget"]``: the work is paid by a 当初予算, so it starts no earlier than April 1 of
  the first fiscal year whose 予算要求 is still open on the status date (the plan start without
  one). ``needs = ["supplementary"]``: a 補正予算 at the next 定例会 on or after the status date
  is enough; it starts the working day after that session. Both listed: the earlier wins.
- ``needs = ["council"]``: a 議決 is needed; the work starts the working day after the first
  定例会 on or after the day it could otherwise start (after its predecessors).
- ``on = "council"`` (a milestone): it falls on the first 定例会 on or after its own date.
- A cut-over (``kind = "cutover"`` or tag ``cutover``) that touches a ``[[blackouts]]`` window
  with ``avoid = true`` starts on the first working day after the window.

``driver`` then names the constraint: ``budget``, ``supplementary``, ``council`` or
``blackout``.

Why one module of this size: the forward and backward passes, constraints, status dates and
waves share one index table of the plan and one working calendar; they are read together when a
date is questioned.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, make_dataclass
from itertools import chain
from operator import attrgetter

from roadmap.core.analysis.graph import AcyclicLinks, PlanGraph, plan_graph
from roadmap.core.calendar.council import (
    budget_request_deadline,
    budget_start,
    first_budget_year,
    next_session,
    session_dates,
)
from roadmap.core.calendar.workdays import CalendarRangeError, WorkCalendar
from roadmap.core.model.plan import (
    STEP_ORDER,
    Blackout,
    Dependency,
    DependencyType,
    Initiative,
    Plan,
    Status,
    Step,
)
from roadmap.core.model.problems import Problem, Severity

__all__ = [
    "Schedule",
    "ScheduledInitiative",
    "StepWindow",
    "TownBounds",
    "blackout_hit",
    "keep_calendar",
    "plan_calendar",
    "schedule_plan",
]


@dataclass(frozen=True, slots=True)
class ScheduledInitiative:
    """The computed dates of one initiative; indices are working-day time points.

    Slotted: at 100,000 initiatives the rows took 52 MB with a ``__dict__`` each, 19 MB in
    slots. The scheduler makes them with :func:`scheduled_row`.
    """

    id: str
    title: str
    step: Step | None
    status: Status
    wave: int
    early_start: dt.date
    early_finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    total_float: int
    free_float: int
    critical: bool
    milestone: bool
    deadline: dt.date | None
    late_by: int | None
    #: What held the early start: ``"start"``, ``"not_before"``, ``"status_date"``,
    #: ``"actual"``, ``"budget"``, ``"supplementary"``, ``"council"``, ``"blackout"``, or the
    #: id of the predecessor that drove it.
    driver: str
    es: int = field(repr=False)
    ef: int = field(repr=False)
    ls: int = field(repr=False)
    lf: int = field(repr=False)

    @property
    def start(self) -> dt.date:
        return self.early_start

    @property
    def finish(self) -> dt.date:
        return self.early_finish


#: The fields of a row, in field order.
_ROW_NAMES = tuple(field.name for field in fields(ScheduledInitiative))

#: A :class:`ScheduledInitiative` under construction: the same fields, hence the same slots in
#: the same order, but not frozen, so its ``__init__`` fills them without the frozen class's
#: ``object.__setattr__`` per field. :func:`scheduled_row` then gives it its class.
_RowBuilder = make_dataclass(
    "_RowBuilder", [(field.name, field.type) for field in fields(ScheduledInitiative)], slots=True
)
assert _RowBuilder.__slots__ == ScheduledInitiative.__slots__  # type: ignore[attr-defined]


def scheduled_row(*values: object) -> ScheduledInitiative:
    """The row holding ``values``, one per field in field order: equal to
    ``ScheduledInitiative(*values)``, but made as a ``_RowBuilder`` and then given its class
    (Python allows assigning ``__class__`` between classes of the same layout). 0.9 µs a row
    instead of 6 for the frozen class's ``__init__``: 0.5 s less at 100,000 initiatives."""
    row = _RowBuilder(*values)
    row.__class__ = ScheduledInitiative
    return row  # type: ignore[no-any-return]


def replaced_row(row: ScheduledInitiative, **changes: object) -> ScheduledInitiative:
    """``dataclasses.replace(row, **changes)``, made as :func:`scheduled_row` makes rows."""
    return scheduled_row(
        *[changes[name] if name in changes else getattr(row, name) for name in _ROW_NAMES]
    )


@dataclass(frozen=True)
class StepWindow:
    """The span of one step's work: first start and last finish (``None`` when empty)."""

    step: Step | None
    start: dt.date | None
    finish: dt.date | None
    count: int


@dataclass(frozen=True)
class Schedule:
    """The result of :func:`schedule_plan`; ``initiatives`` keeps file order."""

    start: dt.date
    finish: dt.date
    calendar: WorkCalendar
    initiatives: dict[str, ScheduledInitiative]
    critical_path: list[str]
    waves: list[list[str]]
    steps: list[StepWindow]
    problems: list[Problem]

    @property
    def critical_ids(self) -> list[str]:
        return [item.id for item in self.initiatives.values() if item.critical]


def blackout_hit(
    windows: list[Blackout], first: dt.date, last: dt.date
) -> tuple[str, dt.date, dt.date] | None:
    """The first window (name, first day, last day) that ``first``..``last`` touches."""
    hits = [
        (window_first, window_last, window.name)
        for window in windows
        for window_first, window_last in window.windows(first.year, last.year + 1)
        if window_first <= last and first <= window_last
    ]
    if not hits:
        return None
    window_first, window_last, name = min(hits)
    return name, window_first, window_last


#: The dates an initiative names, which the calendar must reach back to.
_DATES_NAMED = attrgetter("actual_start", "actual_finish", "not_before", "deadline")


def plan_calendar(plan: Plan, years_before: int = 0) -> WorkCalendar:
    """The working calendar of ``plan``, starting early enough for every date it names.

    ``years_before`` starts it that many more years earlier, for late dates that a missed
    deadline pulls back before the plan's first date. In one thread, equal settings give the
    same calendar object (its answers do not depend on who asked before).
    """
    settings = plan.plan
    named = chain.from_iterable(map(_DATES_NAMED, plan.initiatives.values()))
    earliest = min(filter(None, named), default=settings.start)
    earliest = min(earliest, settings.start, settings.status_date or settings.start)
    first_year = max(1951, min(2099, earliest.year - 1 - years_before))
    closure = settings.year_end_closure
    key = (
        settings.calendar,
        tuple(settings.holidays),
        None if closure is None else tuple(closure),
        first_year,
    )
    calendars = _kept_calendars()
    calendar = calendars.get(key)
    if calendar is None:
        if len(calendars) >= _CALENDARS_KEPT:
            del calendars[next(iter(calendars))]
        calendar = calendars[key] = WorkCalendar(
            kind=settings.calendar,
            extra_holidays=settings.holidays,
            year_end_closure=closure,
            first_year=first_year,
        )
        _CALENDARS.keys[calendar] = key
    return calendar


def keep_calendar(calendar: WorkCalendar) -> None:
    """Make ``calendar`` the newest in this thread's calendars again, under the settings it
    was made for by :func:`plan_calendar` (which then gives this same object for them).

    For an analysis that keeps using a calendar without asking for it again (the editor's
    incremental one): a schedule compares its calendar by identity, so equal settings must go
    on giving the same object, even after other calendars pushed it out of the kept ones.
    """
    _kept_calendars()
    key = _CALENDARS.keys.get(calendar)
    if key is None:
        return  # not made by plan_calendar in this thread
    calendars: dict[tuple[object, ...], WorkCalendar] = _CALENDARS.kept
    if calendars.pop(key, None) is None and len(calendars) >= _CALENDARS_KEPT:
        del calendars[next(iter(calendars))]
    calendars[key] = calendar


def _kept_calendars() -> dict[tuple[object, ...], WorkCalendar]:
    """This thread's calendars by their settings (made on first use, with the settings of
    each calendar made, for :func:`keep_calendar`)."""
    calendars: dict[tuple[object, ...], WorkCalendar] | None = getattr(_CALENDARS, "kept", None)
    if calendars is None:
        calendars = _CALENDARS.kept = {}
        _CALENDARS.keys = weakref.WeakKeyDictionary()
    return calendars


#: Calendars already built in this thread, by what defines them: a plan analysed again after
#: each edit keeps its calendar, whose years are slow to lay out. One cache per thread, since
#: a calendar lays out its years lazily and is not safe to share between threads.
_CALENDARS = threading.local()
_CALENDARS_KEPT = 8


class _Pass:
    """Forward and backward passes over one plan; the mutable state of a single run."""

    def __init__(self, plan: Plan, calendar: WorkCalendar, links: AcyclicLinks, order: list[str]):
        self.plan = plan
        self.calendar = calendar
        self.links = links
        self.predecessors = links.predecessors
        self.successors = links.successors
        self.order = order
        self.es: dict[str, int] = {}
        self.ef: dict[str, int] = {}
        self.ls: dict[str, int] = {}
        self.lf: dict[str, int] = {}
        self.driver: dict[str, str] = {}
        self.at_day_end: dict[str, bool] = {}
        #: :meth:`least_slack` of each node, as the backward pass found it on the early dates
        #: of the time (a node missing is worked out on demand)
        self.least: dict[str, int | None] = {}
        settings = plan.plan
        self.plan_start = calendar.index_on_or_after(settings.start)
        self.status_point = (
            calendar.index_on_or_after(settings.status_date) if settings.status_date else None
        )
        self.council = plan.council.calendar(settings.fiscal_year_start_month)

    # -- forward ---------------------------------------------------------------------------

    def forward(self) -> None:
        calendar = self.calendar
        initiatives = self.plan.initiatives
        early_start, early_finish = self.es, self.ef
        shift = calendar.shift
        fs, ss = DependencyType.FS, DependencyType.SS
        predecessors_of, drivers, at_day_end = self.predecessors, self.driver, self.at_day_end
        status_point = self.status_point
        done, in_progress = Status.DONE, Status.IN_PROGRESS
        for node in self.order:
            initiative = initiatives[node]
            status = initiative.status
            if status is done and self._fixed_by_actuals(node, initiative):
                continue
            started = status is in_progress and initiative.actual_start is not None
            # the latest bound on the start wins; of equal bounds, the first one listed here
            start, driver, day_end = self.plan_start, "start", False
            if initiative.not_before is not None:
                point = calendar.index_on_or_after(initiative.not_before)
                if point > start:
                    start, driver, day_end = point, "not_before", False
            if (
                status_point is not None
                and not started
                and status is not done
                and status_point > start
            ):
                start, driver, day_end = status_point, "status_date", False
            finish_links: list[tuple[int, str]] = []
            for predecessor, links in predecessors_of[node].items():
                for link in links:
                    kind, lag = link.type, link.lag
                    point = early_start[predecessor] if kind is ss else early_finish[predecessor]
                    if lag.count:
                        point = shift(point, lag)
                    if kind is fs:
                        if point > start:
                            start, driver, day_end = point, predecessor, True
                    elif kind is ss:
                        if point > start:
                            start, driver, day_end = point, predecessor, False
                    else:
                        finish_links.append((point, predecessor))
            if not started and status is not done:
                start, driver, day_end = self._town_bounds(initiative, start, driver, day_end)
            if started:
                assert initiative.actual_start is not None
                start, driver, day_end = (
                    calendar.index_on_or_after(initiative.actual_start),
                    "actual",
                    False,
                )
            end = calendar.end_of(start, initiative.planned_duration)
            if status is in_progress and end > start:
                end = self._remaining_end(initiative, start, end, started)
            for point, predecessor in finish_links:
                if point > end:
                    if not started:  # work under way keeps its actual start and runs longer
                        start, driver, day_end = start + (point - end), predecessor, True
                    end = point
            early_start[node], early_finish[node] = start, end
            drivers[node] = driver
            at_day_end[node] = day_end

    def _day_of(self, point: int, day_end: bool) -> dt.date:
        """The calendar day a start point stands for (a milestone at a day's end: that day)."""
        return self.calendar.date_at(point - 1 if day_end and point > 0 else point)

    def _town_bounds(
        self, initiative: Initiative, start: int, driver: str, day_end: bool
    ) -> tuple[int, str, bool]:
        """The start after the town's calendar: budget, council and blackout constraints."""
        if not initiative.needs and initiative.on is None and not initiative.is_cutover:
            return start, driver, day_end  # most work: nothing of the town's calendar applies
        calendar, council = self.calendar, self.council
        settings = self.plan.plan
        known = settings.status_date or settings.start
        money: list[tuple[dt.date, str]] = []
        if "budget" in initiative.needs:
            money.append((budget_start(council, known), "budget"))
        if "supplementary" in initiative.needs:
            session = next_session(council, known)
            if session is not None:
                money.append((session + dt.timedelta(days=1), "supplementary"))
        if money:
            day, name = min(money)
            point = calendar.index_on_or_after(day)
            if point > start:
                start, driver, day_end = point, name, False
        if "council" in initiative.needs:
            session = next_session(council, self._day_of(start, day_end))
            if session is not None:
                point = calendar.index_on_or_before(session) + 1
                if point > start:
                    start, driver, day_end = point, "council", False
        if initiative.on == "council" and initiative.is_milestone:
            day = self._day_of(start, day_end)
            session = next_session(council, day)
            if session is not None and session > day:
                start, driver, day_end = calendar.index_on_or_after(session), "council", False
        if initiative.is_cutover:
            start, driver, day_end = self._avoid_blackouts(initiative, start, driver, day_end)
        return start, driver, day_end

    def _avoid_blackouts(
        self, initiative: Initiative, start: int, driver: str, day_end: bool
    ) -> tuple[int, str, bool]:
        """A cut-over moved past every ``avoid = true`` window it touches."""
        calendar = self.calendar
        avoided = [window for window in self.plan.blackouts if window.avoid]
        for _ in range(4 * len(avoided) + 1):  # each move passes one window
            first, last = self._span(initiative, start, day_end)
            hit = blackout_hit(avoided, first, last)
            if hit is None:
                break
            start, driver, day_end = calendar.index_on_or_before(hit[2]) + 1, "blackout", False
        return start, driver, day_end

    def _span(self, initiative: Initiative, start: int, day_end: bool) -> tuple[dt.date, dt.date]:
        if initiative.is_milestone:
            day = self._day_of(start, day_end)
            return day, day
        end = self.calendar.end_of(start, initiative.planned_duration)
        return self.calendar.date_at(start), self.calendar.date_at(max(start, end - 1))

    def _remaining_end(self, initiative: Initiative, start: int, end: int, started: bool) -> int:
        """The end of work in progress: only its remaining share is left after the status date.

        Without a status date nothing is known about when the progress was reported, so the
        planned end stands.
        """
        if self.status_point is None:
            return end
        remaining = math.ceil((end - start) * (100 - initiative.progress) / 100)
        if not started:  # under way without an actual start: it starts at the status date
            return start + max(1, remaining)
        if remaining:
            return max(start + 1, self.status_point + remaining)
        return max(start + 1, min(end, self.status_point))  # all done but not marked done

    def _fixed_by_actuals(self, node: str, initiative: Initiative) -> bool:
        if initiative.status is not Status.DONE:
            return False
        if initiative.actual_start is None or initiative.actual_finish is None:
            return False
        calendar = self.calendar
        if initiative.is_milestone:
            point = calendar.index_on_or_before(initiative.actual_finish) + 1
            self.es[node] = self.ef[node] = point
            self.at_day_end[node] = True
        else:
            start = calendar.index_on_or_after(initiative.actual_start)
            end = max(start + 1, calendar.index_on_or_before(initiative.actual_finish) + 1)
            self.es[node], self.ef[node] = start, end
            self.at_day_end[node] = False
        self.driver[node] = "actual"
        return True

    def moved_to(
        self, calendar: WorkCalendar, project_end: int, *, in_place: bool = False
    ) -> tuple[_Pass, int]:
        """This forward pass on ``calendar``, which starts earlier, with its backward pass redone.

        Indices count working days from the calendar's first day, so moving to an earlier
        first day adds one offset to every early date: the forward pass need not run again.
        Returns the new run and the project finish on ``calendar``. With ``in_place`` the new
        run takes over this run's dates, moved where they are (this run is then spent): at
        100,000 initiatives two runs at once were 27 MB more at the command's peak.
        """
        moved = _Pass(self.plan, calendar, self.links, self.order)
        offset = moved.plan_start - self.plan_start
        moved.es = _moved_points(self.es, offset, in_place)
        moved.ef = _moved_points(self.ef, offset, in_place)
        moved.driver, moved.at_day_end = self.driver, self.at_day_end
        if self._lags_in_working_days():
            # every bound of the backward pass is an index plus or minus whole working days,
            # and each index moved by ``offset``: so did every late date, and no slack changed
            moved.ls = _moved_points(self.ls, offset, in_place)
            moved.lf = _moved_points(self.lf, offset, in_place)
            moved.least = self.least if in_place else dict(self.least)
        else:  # a month lag snaps to working days near the calendar's start: redo the pass
            moved.backward(project_end + offset)
        return moved, project_end + offset

    def _lags_in_working_days(self) -> bool:
        """Whether every link's lag is counted in days or weeks (no months or years)."""
        for links_of_node in self.predecessors.values():
            for links in links_of_node.values():
                for link in links:
                    lag = link.lag
                    if lag.count and lag.unit not in ("d", "w"):
                        return False
        return True

    # -- backward --------------------------------------------------------------------------

    def backward(self, project_end: int) -> None:
        """The late dates of :attr:`order`'s work, last first, and each one's least slack to
        its successors (:attr:`least`): the pass reads every link anyway, so the free float
        costs no second walk over the links."""
        calendar = self.calendar
        initiatives = self.plan.initiatives
        late_start, late_finish_of = self.ls, self.lf
        early_start, early_finish, least_of = self.es, self.ef, self.least
        shift, shift_back = calendar.shift, calendar.shift_back
        ss, ff, done = DependencyType.SS, DependencyType.FF, Status.DONE
        drivers, successors_of = self.driver, self.successors
        for node in reversed(self.order):
            initiative = initiatives[node]
            own_start, own_finish = early_start[node], early_finish[node]
            length = own_finish - own_start
            if initiative.status is done and drivers[node] == "actual":
                late_start[node], late_finish_of[node] = own_start, own_finish
                continue
            late_finish = project_end
            if initiative.deadline is not None:
                late_finish = min(late_finish, calendar.index_on_or_before(initiative.deadline) + 1)
            least: int | None = None
            for successor, links in successors_of[node].items():
                for link in links:
                    kind, lag = link.type, link.lag
                    if kind is ff:
                        bound, own = late_finish_of[successor], own_finish
                        theirs = early_finish[successor]
                    else:
                        bound, theirs = late_start[successor], early_start[successor]
                        own = own_start if kind is ss else own_finish
                    if lag.count:
                        bound = shift_back(bound, lag)
                        own = shift(own, lag)
                    if kind is ss:
                        bound += length
                    if bound < late_finish:
                        late_finish = bound
                    if least is None or theirs - own < least:
                        least = theirs - own
            late_finish_of[node] = late_finish
            late_start[node] = late_finish - length
            least_of[node] = least

    def link_slack(self, predecessor: str, successor: str) -> int:
        """How far ``predecessor`` may slip before it moves ``successor``'s early dates."""
        return self._slack(predecessor, successor, self.successors[predecessor][successor])

    def _slack(self, predecessor: str, successor: str, links: list[Dependency]) -> int:
        """:meth:`link_slack` over ``links``, the links between the two."""
        early_start, early_finish, shift = self.es, self.ef, self.calendar.shift
        slack: int | None = None
        for link in links:
            kind, lag = link.type, link.lag
            if kind is DependencyType.FS:
                own, theirs = early_finish[predecessor], early_start[successor]
            elif kind is DependencyType.SS:
                own, theirs = early_start[predecessor], early_start[successor]
            else:
                own, theirs = early_finish[predecessor], early_finish[successor]
            gap = theirs - (shift(own, lag) if lag.count else own)
            if slack is None or gap < slack:
                slack = gap
        assert slack is not None
        return slack

    def least_slack(self, node: str) -> int | None:
        """The least :meth:`link_slack` of ``node`` to its successors (``None`` without any)."""
        least: int | None = None
        early_start, finish = self.es, self.ef[node]
        for successor, links in self.successors[node].items():
            link = links[0]
            if link.type is DependencyType.FS and not link.lag.count and len(links) == 1:
                slack = early_start[successor] - finish  # the common link, worked out here
            else:
                slack = self._slack(node, successor, links)
            if least is None or slack < least:
                least = slack
        return least

    def display(self, node: str, start: int, end: int, milestone: bool) -> tuple[dt.date, dt.date]:
        """First and last day of an interval; a milestone's single day."""
        date_at = self.calendar.date_at
        if milestone:
            day = date_at(start - 1 if start > 0 and self.at_day_end.get(node) else start)
            return day, day
        return date_at(start), date_at(end - 1 if end - 1 > start else start)


def _free_float(least_slack: int | None, to_end: int, total_float: int) -> int:
    """Free float: how far work may slip before it moves a successor (``least_slack``, ``None``
    without one) or the project finish (``to_end`` away); never negative, never more than the
    total float."""
    free = to_end if least_slack is None or least_slack > to_end else least_slack
    return max(0, min(free, total_float))


def _moved_points(points: dict[str, int], offset: int, in_place: bool) -> dict[str, int]:
    """``points`` each moved by ``offset``: a new dictionary, or ``points`` itself changed."""
    if not in_place:
        return {node: point + offset for node, point in points.items()}
    for node, point in points.items():
        points[node] = point + offset
    return points


class TownBounds:
    """The town's calendar constraints of :func:`schedule_plan` (budget, council, blackouts) as
    one function of a start, for the risk simulation: the same code moves both schedules."""

    def __init__(self, plan: Plan, calendar: WorkCalendar) -> None:
        self._run = _Pass(plan, calendar, plan_graph(plan).acyclic(), [])

    def __call__(self, initiative: Initiative, start: int, day_end: bool) -> tuple[int, bool]:
        """The start (and whether it stands for a day's end) of not-yet-started work that
        its links and its own bounds would start at ``start``."""
        moved, _, moved_day_end = self._run._town_bounds(initiative, start, "", day_end)
        return moved, moved_day_end


def schedule_plan(plan: Plan, graph: PlanGraph | None = None) -> Schedule:
    """Schedule ``plan`` by the critical path method.

    Parameters
    ----------
    plan : Plan
        A plan as loaded; initiatives that failed validation are simply absent, unknown
        dependencies are ignored, and dependencies inside a cycle are dropped (the checks
        report them), so a schedule is always produced.
    graph : PlanGraph, optional
        The plan's :func:`~roadmap.core.analysis.graph.plan_graph`, when the caller has already built it
        (:func:`roadmap.core.analysis.pipeline.analyze_plan` shares one with the checks).

    Returns
    -------
    Schedule
        Dates and floats per initiative, the critical path, waves, step windows, and the
        schedule's own warnings (missed deadlines, plan finishing after its deadline, or
        ``out-of-range`` when dates run past 2099).
    """
    return _scheduled(plan, graph, keep_runs=False)[0]


def _scheduled(
    plan: Plan, graph: PlanGraph | None = None, *, keep_runs: bool = True
) -> tuple[Schedule, tuple[_Pass, int, _Pass, int] | None]:
    """:func:`schedule_plan`, with the runs behind it for
    :mod:`roadmap.core.analysis.incremental` (``None`` when out of range): the run on the
    plan's calendar and its project finish point, and the same on the calendar moved earlier
    for negative float (the same run when it was not moved). Without ``keep_runs`` the runs
    are ``None`` and the first is let go before the schedule is assembled (at 100,000
    initiatives its dates are some 30 MB)."""
    calendar = plan_calendar(plan)
    links = (graph or plan_graph(plan)).acyclic()
    waves = links.waves
    order = [node for wave in waves for node in wave]
    try:
        base, base_end = run, project_end = _passes(plan, calendar, links, order)
        earliest = min(run.ls.values(), default=0)
        if earliest < 0:  # negative float reaches back before the calendar: start it earlier
            calendar = plan_calendar(plan, years_before=1 + -earliest // 200)
            run, project_end = run.moved_to(calendar, project_end, in_place=not keep_runs)
        runs = (base, base_end, run, project_end) if keep_runs else None
        del base
        return _assemble(plan, run, waves, project_end), runs
    except CalendarRangeError:
        problem = Problem("out-of-range", args={"limit": 2099})
        start = plan.plan.start
        return Schedule(start, start, calendar, {}, [], waves, [], [problem]), None


def _passes(
    plan: Plan, calendar: WorkCalendar, links: AcyclicLinks, order: list[str]
) -> tuple[_Pass, int]:
    """The forward and backward passes on ``calendar``, and the project finish point."""
    run = _Pass(plan, calendar, links, order)
    run.forward()
    project_end = max((run.ef[node] for node in order), default=run.plan_start)
    run.backward(project_end)
    return run, project_end


def _assemble(plan: Plan, run: _Pass, waves: list[list[str]], project_end: int) -> Schedule:
    wave_of = {node: number for number, wave in enumerate(waves, start=1) for node in wave}
    items, problems = _assemble_items(plan, run, wave_of, project_end, plan.initiatives)
    return _schedule_of(plan, run, waves, project_end, items, problems)


def _assemble_items(
    plan: Plan,
    run: _Pass,
    wave_of: dict[str, int],
    project_end: int,
    nodes: Iterable[str],
) -> tuple[dict[str, ScheduledInitiative], list[Problem]]:
    """The scheduled initiatives of ``nodes`` (in that order) and their own warnings."""
    calendar = run.calendar
    initiatives, display, drivers = plan.initiatives, run.display, run.driver
    early_starts, early_finishes, late_starts, late_finishes = run.es, run.ef, run.ls, run.lf
    date_at, least_of, least_slack = calendar.date_at, run.least, run.least_slack
    items: dict[str, ScheduledInitiative] = {}
    problems: list[Problem] = []
    for node in nodes:
        wave = wave_of.get(node)
        if wave is None:
            continue
        initiative = initiatives[node]
        milestone = initiative.is_milestone
        es, ef = early_starts[node], early_finishes[node]
        ls, lf = late_starts[node], late_finishes[node]
        if milestone:
            early_start, early_finish = display(node, es, ef, milestone)
            late_start, late_finish = display(node, ls, lf, milestone)
        else:  # most work: :meth:`_Pass.display` of an interval, without the two calls
            early_start, early_finish = date_at(es), date_at(ef - 1 if ef - 1 > es else es)
            late_start, late_finish = date_at(ls), date_at(lf - 1 if lf - 1 > ls else ls)
        total_float = lf - ef
        done = initiative.status is Status.DONE
        if done:
            free_float = 0
        else:
            least = least_of[node] if node in least_of else least_slack(node)
            free_float = _free_float(least, project_end - ef, total_float)
        driver = drivers[node]
        late_by: int | None = None
        if initiative.deadline is not None:
            deadline_point = calendar.index_on_or_before(initiative.deadline) + 1
            finish_point = calendar.index_on_or_before(early_finish) + 1
            late_by = max(0, finish_point - deadline_point)
            if late_by > 0 and not done:
                problems.append(
                    Problem(
                        "deadline-missed",
                        Severity.WARNING,
                        initiative=node,
                        field="deadline",
                        args={
                            "deadline": initiative.deadline.isoformat(),
                            "finish": early_finish.isoformat(),
                            "late_by": late_by,
                        },
                    )
                )
        if driver == "budget" or (initiative.tags and milestone):  # else neither can apply
            problems.extend(_council_problems(plan, run, node, initiative, early_start))
        if initiative.is_cutover and not done:
            hit = blackout_hit(plan.blackouts, early_start, early_finish)
            if hit is not None:
                problems.append(
                    Problem(
                        "blackout-cutover",
                        Severity.WARNING,
                        initiative=node,
                        args={
                            "name": hit[0],
                            "first": hit[1].isoformat(),
                            "last": hit[2].isoformat(),
                            "start": early_start.isoformat(),
                            "finish": early_finish.isoformat(),
                        },
                    )
                )
        items[node] = scheduled_row(
            node,
            initiative.title,
            initiative.step,
            initiative.status,
            wave,
            early_start,
            early_finish,
            late_start,
            late_finish,
            0 if done else total_float,  # total_float
            free_float,
            not done and total_float <= 0,  # critical
            milestone,
            initiative.deadline,
            late_by,
            driver,
            es,
            ef,
            ls,
            lf,
        )
    return items, problems


def _schedule_of(
    plan: Plan,
    run: _Pass,
    waves: list[list[str]],
    project_end: int,
    items: dict[str, ScheduledInitiative],
    problems: list[Problem],
) -> Schedule:
    """The schedule of ``items`` (every scheduled initiative, in file order) and their
    ``problems``, with the plan's own: its finish, critical path and step windows."""
    calendar = run.calendar
    problems = list(problems)
    start = min((item.early_start for item in items.values()), default=plan.plan.start)
    finish = max((item.early_finish for item in items.values()), default=plan.plan.start)
    deadline = plan.plan.deadline
    if deadline is not None and items and finish > deadline:
        problems.append(
            Problem(
                "plan-deadline-missed",
                Severity.WARNING,
                field="deadline",
                args={"finish": finish.isoformat(), "deadline": deadline.isoformat()},
            )
        )
    return Schedule(
        start=start,
        finish=finish,
        calendar=calendar,
        initiatives=items,
        critical_path=_critical_path(plan, run, items, project_end),
        waves=waves,
        steps=_step_windows(items),
        problems=problems,
    )


#: Tags that mark a milestone as a report to the council.
COUNCIL_TAGS = frozenset({"council", "議会", "議会報告"})


def _council_problems(
    plan: Plan, run: _Pass, node: str, initiative: Initiative, day: dt.date
) -> list[Problem]:
    """A budget that missed this year's 予算要求; a council report between sessions (only work
    started by ``budget`` or a tagged milestone can have either)."""
    driver = run.driver[node]
    if initiative.status in (Status.DONE, Status.CANCELLED):
        return []
    problems: list[Problem] = []
    settings = plan.plan
    known = settings.status_date or settings.start
    if driver == "budget":
        start_month = settings.fiscal_year_start_month
        current = known.year if known.month >= start_month else known.year - 1
        year = first_budget_year(run.council, known)
        if year > current + 1:
            problems.append(
                Problem(
                    "budget-request-missed",
                    Severity.WARNING,
                    initiative=node,
                    field="needs",
                    args={
                        "fiscal_year": current + 1,
                        "deadline": budget_request_deadline(run.council, current + 1).isoformat(),
                        "start": day.isoformat(),
                    },
                )
            )
    if (
        initiative.is_milestone
        and plan.council.model_fields_set  # only when the plan declares its sessions
        and initiative.on is None
        and COUNCIL_TAGS.intersection(initiative.tags)
        and not session_dates(run.council, day, day)
    ):
        after = next_session(run.council, day)
        problems.append(
            Problem(
                "council-between-sessions",
                Severity.WARNING,
                initiative=node,
                args={"date": day.isoformat(), "next": after.isoformat() if after else "-"},
            )
        )
    return problems


def _critical_path(
    plan: Plan, run: _Pass, items: dict[str, ScheduledInitiative], project_end: int
) -> list[str]:
    """One chain of critical work from a start to the project finish, in running order."""
    ends = [node for node, item in items.items() if item.critical and run.ef[node] == project_end]
    if not ends:
        return []
    last = max(ends, key=lambda node: items[node].wave)  # the end the others lead to
    chain = [last]
    seen = {last}
    rank: dict[str, int] = {}  # file order, made when two predecessors tie
    while True:
        node = chain[-1]
        driver = run.driver[node]
        if driver in items and items[driver].critical and driver not in seen:
            chain.append(driver)
            seen.add(driver)
            continue
        # the driving link may tie with others: take any critical predecessor with no slack
        tight = [
            predecessor
            for predecessor in run.predecessors[node]
            if items[predecessor].critical
            and predecessor not in seen
            and run.link_slack(predecessor, node) <= 0
        ]
        if not tight:
            break
        if len(tight) > 1 and not rank:
            rank = {node: position for position, node in enumerate(plan.initiatives)}
        chosen = tight[0] if len(tight) == 1 else min(tight, key=rank.__getitem__)
        chain.append(chosen)
        seen.add(chosen)
    chain.reverse()
    return chain


def _step_windows(items: dict[str, ScheduledInitiative]) -> list[StepWindow]:
    """Each step's window (and that of work without a step, when there is any), in one pass."""
    first: dict[Step | None, dt.date] = {}
    last: dict[Step | None, dt.date] = {}
    count: dict[Step | None, int] = {}
    for item in items.values():
        step = item.step
        known = count.get(step)
        if known is None:
            first[step], last[step], count[step] = item.early_start, item.early_finish, 1
            continue
        count[step] = known + 1
        if item.early_start < first[step]:
            first[step] = item.early_start
        if item.early_finish > last[step]:
            last[step] = item.early_finish
    windows: list[StepWindow] = []
    for step in (*STEP_ORDER, None):
        if step is None and step not in count:
            continue
        windows.append(
            StepWindow(
                step=step, start=first.get(step), finish=last.get(step), count=count.get(step, 0)
            )
        )
    return windows
