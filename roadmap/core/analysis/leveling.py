"""Leveling (平準化): delay non-critical work to remove staffing overloads and budget overruns.

:func:`level_plan` proposes ``not_before`` changes, one move at a time, and explains each. It
never schedules by itself: every trial is a copy of the plan (or of the work that moves) with
one ``not_before`` changed, rescheduled by :func:`roadmap.core.analysis.schedule.schedule_plan`, so
dependencies, calendars, actuals and deadlines are honoured exactly as in the plan's own
schedule. :func:`rewrite_not_before` writes the changes into the plan's text as the editor
writes a field (:class:`roadmap.core.planfile.document.PlanDocument`).

The algorithm (greedy and deterministic)
    1. List the conflicts: team-months over capacity (:mod:`roadmap.core.analysis.staffing`) and fiscal years
       over their cap (:mod:`roadmap.core.analysis.budget`), in order of time (staffing before budget in the
       same period, teams in file order).
    2. For the first conflict, try the initiatives behind it, largest share first (file order on
       ties). Only planned or on-hold work that is not a milestone may move; without
       ``allow_slip`` it must also be non-critical with positive total float.
    3. For each candidate try ``not_before`` on the first day of each later month: without
       ``allow_slip`` up to the candidate's late start (its float), with it up to
       :data:`SLIP_MONTHS` months beyond. A trial is acceptable when the conflict shrinks, no
       team-month's excess and no year's overrun grows, and - without ``allow_slip`` - the
       plan finish, every critical initiative's dates and every deadline's lateness stay as
       they were. The earliest month that removes the conflict is taken, else the month
       that leaves least of it. Within float the first candidate with an acceptable month
       moves; with ``allow_slip`` the candidate that delays the plan finish least.
    4. Repeat from step 1 until no conflict can be reduced (or :data:`MAX_MOVES` moves); a
       conflict no candidate could reduce is not tried again.

Measuring a trial
    A later ``not_before`` moves only the candidate and the work after it; everything else
    keeps its dates, loads and money. So a trial month is first measured on that moved work
    alone: it is scheduled with its predecessors held at their dates, and only the team-months
    and fiscal years it leaves or enters are recounted. A run therefore costs about the work
    it tries to move, not the plan's size times the number of trials. The month chosen for a
    candidate is then measured on the whole plan, and that measure decides (should it
    disagree, every month of that candidate is measured on the whole plan).

Months and fiscal years that ended before the plan's ``status_date`` are history and are not
conflicts to resolve. A move that would run past the end of the calendar (December 2099)
is never made; the result names the initiatives it was refused for.

So leveling never breaks a dependency, never moves critical work without ``allow_slip``, and
never increases any overload or overrun.

Why one module of this size: the move search (conflicts, candidate days, trial schedules,
limits) is one algorithm over one state; its explanation texts are the catalogue's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from roadmap.core.analysis.budget import BudgetReport, budget_report, capped_part
from roadmap.core.analysis.schedule import Schedule, ScheduledInitiative, schedule_plan
from roadmap.core.analysis.staffing import StaffingReport, milli_fte, staffing_report
from roadmap.core.calendar.fiscal import fiscal_year_bounds, fiscal_year_label, fiscal_year_of
from roadmap.core.calendar.months import add_months, month_after, month_start, months_from
from roadmap.core.calendar.workdays import LAST_YEAR, CalendarRangeError, WorkCalendar
from roadmap.core.i18n import Lang, text
from roadmap.core.model.plan import Initiative, Plan, Status
from roadmap.core.model.problems import Problem, Severity

__all__ = [
    "MAX_MOVES",
    "SLIP_MONTHS",
    "Conflict",
    "LevelingMove",
    "LevelingResult",
    "level_plan",
    "rewrite_not_before",
]

#: How many months past a candidate's float ``allow_slip`` may push it.
SLIP_MONTHS = 12
#: An upper bound on the number of moves of one run.
MAX_MOVES = 200
#: An upper bound on trial schedules of the whole plan in one run, so a huge plan cannot run
#: for ever.
MAX_TRIALS = 5000
#: An upper bound on trial moves measured on the moved work only (each costs about as much as
#: the work it moves).
MAX_CHECKS = 200_000


@dataclass(frozen=True)
class Conflict:
    """A team-month over capacity (``team``, ``month``) or a fiscal year over its cap."""

    kind: str  # "staffing" or "budget"
    when: dt.date  # first day of the month or fiscal year
    team: str | None = None
    fiscal_year: int | None = None

    def key(self) -> tuple[str, dt.date, str]:
        return (self.kind, self.when, self.team or "")


@dataclass(frozen=True)
class _State:
    """A schedule with its measured conflicts."""

    plan: Plan
    schedule: Schedule
    staffing: StaffingReport
    budget: BudgetReport
    #: team-month -> excess FTE over capacity (only those over).
    excess: dict[tuple[str, dt.date], Fraction]
    #: fiscal year -> yen over the cap (only those over).
    overrun: dict[int, int]

    def amount(self, conflict: Conflict) -> Fraction:
        if conflict.kind == "staffing":
            assert conflict.team is not None
            return self.excess.get((conflict.team, conflict.when), Fraction(0))
        assert conflict.fiscal_year is not None
        return Fraction(self.overrun.get(conflict.fiscal_year, 0))

    @cached_property
    def units_of(self) -> dict[str, dict[tuple[str, dt.date], int]]:
        """initiative -> team-month -> its load there (milli-FTE working days)."""
        found: dict[str, dict[tuple[str, dt.date], int]] = {}
        for key, cell in self.staffing.cells.items():
            for part in cell.contributions:
                cells = found.setdefault(part.initiative, {})
                cells[key] = cells.get(key, 0) + milli_fte(part.fte) * part.working_days
        return found

    @cached_property
    def money_of(self) -> dict[str, dict[int, int]]:
        """initiative -> fiscal year -> what it counts against the cap there (yen)."""
        found: dict[str, dict[int, int]] = {}
        for item in self.budget.initiatives:
            years = found.setdefault(item.id, {})
            for part in item.years:
                years[part.fiscal_year] = years.get(part.fiscal_year, 0) + capped_part(
                    part, self.budget.cap_basis
                )
        return found


@dataclass(frozen=True)
class LevelingMove:
    """One proposed change: ``initiative`` gets ``not_before``, and why."""

    initiative: str
    title: str
    old_not_before: dt.date | None
    not_before: dt.date
    old_start: dt.date
    new_start: dt.date
    old_finish: dt.date
    new_finish: dt.date
    conflict: Conflict
    #: The conflict's size before and after the move (FTE over capacity, or yen over cap).
    before: Fraction
    after: Fraction
    was_critical: bool
    plan_finish_before: dt.date
    plan_finish_after: dt.date
    #: Working days the plan finish moved (0 within float).
    slip_days: int

    def explain(self, lang: Lang = "ja") -> str:
        """One sentence saying what moves and what it fixes."""
        common = {
            "id": self.initiative,
            "date": self.not_before.isoformat(),
            "start": self.old_start.isoformat(),
            "new_start": self.new_start.isoformat(),
        }
        if self.conflict.kind == "staffing":
            sentence = text(
                "budget.level.move_staffing",
                lang,
                **common,
                team=self.conflict.team,
                month=f"{self.conflict.when:%Y-%m}",
                before=f"{float(self.before):.2f}",
                after=f"{float(self.after):.2f}",
            )
        else:
            assert self.conflict.fiscal_year is not None
            sentence = text(
                "budget.level.move_budget",
                lang,
                **common,
                year=fiscal_year_label(self.conflict.fiscal_year, lang),
                before=f"{int(self.before):,}",
                after=f"{int(self.after):,}",
            )
        if self.slip_days > 0:
            sentence += text(
                "budget.level.slip",
                lang,
                old=self.plan_finish_before.isoformat(),
                new=self.plan_finish_after.isoformat(),
                days=self.slip_days,
            )
        return sentence


@dataclass(frozen=True)
class LevelingResult:
    """The adjusted plan and schedule, the moves in order, and what is left unresolved."""

    plan: Plan
    schedule: Schedule
    moves: tuple[LevelingMove, ...]
    original_finish: dt.date
    finish: dt.date
    remaining: tuple[Conflict, ...]
    #: Why leveling stopped short: the plan's work runs past the end of the calendar
    #: (``out-of-range``, nothing was tried), or moves that would have done so were not made
    #: (``level-beyond-calendar``, a warning naming the initiatives).
    problems: tuple[Problem, ...] = ()

    @property
    def changes(self) -> dict[str, dt.date]:
        """The final ``not_before`` of each moved initiative, in file order."""
        moved = {move.initiative for move in self.moves}
        found: dict[str, dt.date] = {}
        for initiative_id, initiative in self.plan.initiatives.items():
            if initiative_id in moved and initiative.not_before is not None:
                found[initiative_id] = initiative.not_before
        return found


def _measure(plan: Plan) -> _State | None:
    """``plan`` scheduled, with its loads and money; ``None`` when its work runs past the end
    of the calendar (December 2099), where no date can be computed."""
    try:
        schedule = schedule_plan(plan)
        if _out_of_range(schedule):
            return None
        if not schedule.initiatives:
            return _empty_state(plan, schedule)
        staffing = staffing_report(plan, schedule)
        budget = budget_report(plan, schedule)
    except CalendarRangeError:
        return None
    excess = {(cell.team, cell.month): cell.excess for cell in staffing.overloads}
    overrun = {year.fiscal_year: year.capped - (year.cap or 0) for year in budget.over_cap_years}
    return _State(plan, schedule, staffing, budget, excess, overrun)


def _empty_state(plan: Plan, schedule: Schedule) -> _State:
    empty_staffing = StaffingReport((), (), {}, {})
    empty_budget = BudgetReport(0, -1, plan.plan.fiscal_year_start_month, (), ())
    return _State(plan, schedule, empty_staffing, empty_budget, {}, {})


def _out_of_range(schedule: Schedule) -> bool:
    return any(problem.code == "out-of-range" for problem in schedule.problems)


def _conflicts(state: _State) -> list[Conflict]:
    """The conflicts of ``state`` in time order (staffing first, teams in file order)."""
    rank = {team: position for position, team in enumerate(state.staffing.teams)}
    month = state.plan.plan.fiscal_year_start_month
    since = state.plan.plan.status_date or dt.date.min
    found = [
        (when, 0, rank[team], Conflict("staffing", when, team=team))
        for team, when in state.excess
        if month_after(when) > since
    ]
    found.extend(
        (
            fiscal_year_bounds(year, month)[0],
            1,
            0,
            Conflict("budget", fiscal_year_bounds(year, month)[0], fiscal_year=year),
        )
        for year in state.overrun
        if fiscal_year_bounds(year, month)[1] >= since
    )
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


def _shares(state: _State, conflict: Conflict) -> dict[str, int]:
    """How much of ``conflict`` each initiative causes (milli-FTE days, or yen)."""
    shares: dict[str, int] = {}
    if conflict.kind == "staffing":
        assert conflict.team is not None
        cell = state.staffing.cell(conflict.team, conflict.when)
        for part in cell.contributions if cell is not None else ():
            units = milli_fte(part.fte) * part.working_days
            shares[part.initiative] = shares.get(part.initiative, 0) + units
        return shares
    for item in state.budget.initiatives:
        yen = sum(
            capped_part(year, state.budget.cap_basis)
            for year in item.years
            if year.fiscal_year == conflict.fiscal_year
        )
        if yen:
            shares[item.id] = yen
    return shares


def _candidates(
    state: _State, conflict: Conflict, allow_slip: bool, rank: dict[str, int]
) -> list[str]:
    """Initiatives that may move to ease ``conflict``, largest share first (file order on
    ties; ``rank`` is the file order)."""
    found: list[tuple[int, int, str]] = []
    for initiative_id, share in _shares(state, conflict).items():
        initiative = state.plan.initiatives.get(initiative_id)
        scheduled = state.schedule.initiatives.get(initiative_id)
        if initiative is None or scheduled is None or scheduled.milestone:
            continue
        if initiative.status not in (Status.PLANNED, Status.ON_HOLD):
            continue
        if not allow_slip and (scheduled.critical or scheduled.total_float <= 0):
            continue
        if share > 0:
            found.append((-share, rank[initiative_id], initiative_id))
    found.sort()
    return [initiative_id for _share, _rank, initiative_id in found]


def _with_not_before(plan: Plan, initiative_id: str, day: dt.date) -> Plan:
    initiative = plan.initiatives[initiative_id]
    moved = initiative.model_copy(update={"not_before": day})
    return plan.model_copy(update={"initiatives": {**plan.initiatives, initiative_id: moved}})


def _keeps_float(before: Schedule, after: Schedule) -> bool:
    """Whether ``after`` keeps the finish, the critical work and every deadline of ``before``."""
    if after.finish > before.finish:
        return False
    for initiative_id, item in before.initiatives.items():
        new = after.initiatives.get(initiative_id)
        if new is None:
            return False
        if item.critical and (new.es, new.ef) != (item.es, item.ef):
            return False
        if (new.late_by or 0) > (item.late_by or 0):
            return False
    return True


def _no_worse(before: _State, after: _State) -> bool:
    """Whether no team-month excess and no fiscal-year overrun grew."""
    for key, amount in after.excess.items():
        if amount > before.excess.get(key, Fraction(0)):
            return False
    return all(amount <= before.overrun.get(year, 0) for year, amount in after.overrun.items())


# -- a trial move measured on the moved work only ---------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    """What moving one initiative does, measured on the work that moves.

    Moving an initiative later moves only it and the work after it (its descendants); every
    other initiative keeps its dates, its loads and its money. So the trial's team-month
    excesses and fiscal-year overruns differ from the current ones only where the moved work
    was or goes, and those are all that is kept here.
    """

    #: ``False`` when the moved work would run past the end of the calendar.
    valid: bool
    #: Excess FTE of every team-month the moved work loads, before or after the move.
    excess: dict[tuple[str, dt.date], Fraction]
    #: Overrun (yen) of every capped fiscal year the moved work pays in, before or after.
    overrun: dict[int, int]
    finish: dt.date
    #: Whether the finish, the critical work's dates and every deadline's lateness stay.
    keeps_float: bool

    def amount(self, state: _State, conflict: Conflict) -> Fraction:
        if conflict.kind == "staffing":
            assert conflict.team is not None
            key = (conflict.team, conflict.when)
            return self.excess[key] if key in self.excess else state.amount(conflict)
        assert conflict.fiscal_year is not None
        if conflict.fiscal_year in self.overrun:
            return Fraction(self.overrun[conflict.fiscal_year])
        return state.amount(conflict)

    def no_worse(self, state: _State) -> bool:
        """Whether no team-month excess and no fiscal-year overrun grows."""
        if any(amount > state.excess.get(key, 0) for key, amount in self.excess.items()):
            return False
        return all(amount <= state.overrun.get(year, 0) for year, amount in self.overrun.items())


_OUT_OF_CALENDAR = _Outcome(False, {}, {}, dt.date.max, False)


def _successors(plan: Plan) -> dict[str, list[str]]:
    """The initiatives that name each initiative in ``depends_on``."""
    found: dict[str, list[str]] = {}
    for initiative_id, initiative in plan.initiatives.items():
        for link in initiative.depends_on:
            found.setdefault(link.id, []).append(initiative_id)
    return found


def _descendants(successors: dict[str, list[str]], initiative_id: str) -> set[str]:
    """``initiative_id`` and every initiative after it through dependencies."""
    found = {initiative_id}
    waiting = [initiative_id]
    while waiting:
        for successor in successors.get(waiting.pop(), ()):
            if successor not in found:
                found.add(successor)
                waiting.append(successor)
    return found


def _pinned(
    initiative: Initiative, scheduled: ScheduledInitiative | None, calendar: WorkCalendar
) -> Initiative | None:
    """``initiative`` held at its scheduled dates (as done work with those actual dates), with
    no dependencies, staffing or cost: a fixed predecessor of the moved work. Unscheduled
    (cancelled) work stays unscheduled. ``None`` when the dates cannot be written so."""
    bare: dict[str, object] = {"depends_on": [], "staffing": {}, "cost": None, "deadline": None}
    if scheduled is None:
        return initiative.model_copy(update=bare)
    es, ef = scheduled.es, scheduled.ef
    if not initiative.is_milestone and ef > es:
        first, last = calendar.date_at(es), calendar.date_at(ef - 1)
    elif initiative.is_milestone and ef == es and es >= 1:
        first = last = calendar.date_at(es - 1)
    else:
        return None
    return initiative.model_copy(
        update={**bare, "status": Status.DONE, "actual_start": first, "actual_finish": last}
    )


def _screen_move(
    state: _State,
    successors: dict[str, list[str]],
    rank: dict[str, int],
    initiative_id: str,
    day: dt.date,
) -> _Outcome | None:
    """Moving ``initiative_id`` to ``not_before = day``, measured on the moved work only: the
    moved initiative and its descendants are scheduled with their predecessors held at their
    dates. ``None`` when that cannot stand for the whole plan (the move would change the
    budget horizon): then the whole plan is measured."""
    plan, schedule = state.plan, state.schedule
    moved = _descendants(successors, initiative_id)
    held = {
        link.id
        for node in moved
        for link in plan.initiatives[node].depends_on
        if link.id not in moved and link.id in plan.initiatives
    }
    part: dict[str, Initiative] = {}
    for node in sorted(moved | held, key=rank.__getitem__):
        initiative = plan.initiatives[node]
        if node == initiative_id:
            part[node] = initiative.model_copy(update={"not_before": day})
        elif node in moved:
            part[node] = initiative
        else:
            pinned = _pinned(initiative, schedule.initiatives.get(node), schedule.calendar)
            if pinned is None:
                return None
            part[node] = pinned
    scheduled = [node for node in moved if node in schedule.initiatives]
    money = bool(plan.budget.caps) and any(plan.initiatives[n].cost for n in scheduled)
    month = plan.plan.fiscal_year_start_month
    budget = plan.budget
    if money:
        starts = (schedule.initiatives[node].early_start for node in scheduled)
        if schedule.start < plan.plan.start and min(starts) <= schedule.start:
            return None  # the budget horizon, from the earliest work, may move
        last_day = fiscal_year_bounds(state.budget.last_year, month)[1]
        budget = plan.budget.model_copy(update={"horizon_end": last_day})
    teams = {
        team: plan.teams[team]
        for node in moved
        for team in plan.initiatives[node].staffing
        if team in plan.teams
    }
    part_plan = plan.model_copy(update={"initiatives": part, "budget": budget, "teams": teams})
    try:
        trial = schedule_plan(part_plan)
        if _out_of_range(trial) or any(node not in trial.initiatives for node in scheduled):
            return _OUT_OF_CALENDAR
        loads = staffing_report(part_plan, trial)
        costs = budget_report(part_plan, trial) if money else None
    except CalendarRangeError:
        return _OUT_OF_CALENDAR
    finish = max([schedule.finish, *(trial.initiatives[n].early_finish for n in scheduled)])
    excess = _moved_excess(state, moved, loads)
    overrun: dict[int, int] = {}
    if costs is not None:
        horizon_end = plan.budget.horizon_end or max(finish, plan.plan.start)
        if (
            costs.first_year != state.budget.first_year
            or fiscal_year_of(horizon_end, month) != state.budget.last_year
        ):
            return None  # the budget horizon changes: every running cost may change
        overrun = _moved_overrun(state, moved, costs)
    keeps_float = finish <= schedule.finish
    for node in scheduled:
        old, new = schedule.initiatives[node], trial.initiatives[node]
        if old.critical and (new.early_start, new.early_finish) != (
            old.early_start,
            old.early_finish,
        ):
            keeps_float = False
        if (new.late_by or 0) > (old.late_by or 0):
            keeps_float = False
    return _Outcome(True, excess, overrun, finish, keeps_float)


def _moved_excess(
    state: _State, moved: set[str], loads: StaffingReport
) -> dict[tuple[str, dt.date], Fraction]:
    """The excess of every team-month the moved work loads before or after the move."""
    units: dict[tuple[str, dt.date], int] = {}
    days: dict[tuple[str, dt.date], int] = {}
    for node in moved:
        for key, amount in state.units_of.get(node, {}).items():
            units[key] = units.get(key, 0) - amount
    for key, cell in loads.cells.items():
        units[key] = units.get(key, 0) + cell.load_units
        days[key] = cell.working_days
    teams = state.plan.teams
    excess: dict[tuple[str, dt.date], Fraction] = {}
    for key, change in units.items():
        team = key[0]
        current = state.staffing.cells.get(key)
        load = (current.load_units if current else 0) + change
        working_days = current.working_days if current else days[key]
        capacity = teams[team].capacity if team in teams else None
        over = load - milli_fte(capacity) * working_days if capacity is not None else 0
        excess[key] = Fraction(over, working_days * 1000) if over > 0 else Fraction(0)
    return excess


def _moved_overrun(state: _State, moved: set[str], costs: BudgetReport) -> dict[int, int]:
    """The overrun of every capped fiscal year the moved work pays in before or after."""
    change: dict[int, int] = {}
    for node in moved:
        for year, yen in state.money_of.get(node, {}).items():
            change[year] = change.get(year, 0) - yen
    for item in costs.initiatives:
        for part in item.years:
            change[part.fiscal_year] = change.get(part.fiscal_year, 0) + capped_part(
                part, costs.cap_basis
            )
    caps = state.plan.budget.caps
    overrun: dict[int, int] = {}
    for year, yen in change.items():
        if year not in caps:
            continue
        row = state.budget.year(year)
        total = (row.capped if row else 0) + yen
        overrun[year] = max(0, total - caps[year])
    return overrun


class _Search:
    """One leveling run: the current state, the moves so far, and the trial budget.

    A trial move is first measured on the work it moves (:func:`_screen_move`), which costs
    about as much as that work, not the whole plan; only the month chosen for a candidate is
    measured on the whole plan, and that measure decides.
    """

    def __init__(self, plan: Plan, allow_slip: bool) -> None:
        self.allow_slip = allow_slip
        measured = _measure(plan)
        #: ``False`` when the plan itself runs past the end of the calendar.
        self.valid = measured is not None
        self.state = measured or _empty_state(plan, schedule_plan(plan))
        self.original_finish = self.state.schedule.finish
        self.moves: list[LevelingMove] = []
        self.trials = 0
        self.checks = 0
        #: Candidates whose later months were refused for running past the calendar's end.
        self.out_of_calendar: set[str] = set()
        self.rank = {initiative_id: index for index, initiative_id in enumerate(plan.initiatives)}
        self.successors = _successors(plan)
        self._screened: dict[tuple[str, dt.date], _Outcome | None] = {}
        self._measured: dict[tuple[str, dt.date], _State | None] = {}

    def _limit(self, scheduled: ScheduledInitiative, conflict: Conflict) -> dt.date:
        """The latest ``not_before`` to try for a candidate."""
        if not self.allow_slip:
            return scheduled.late_start
        return add_months(month_start(max(scheduled.late_start, conflict.when)), SLIP_MONTHS)

    def try_conflict(self, conflict: Conflict) -> bool:
        """Make the best acceptable move that shrinks ``conflict``; whether one was made.

        Within float, the first candidate (largest share first) with an acceptable month wins.
        With ``allow_slip``, every candidate's earliest acceptable month is found and the one
        that delays the plan finish least wins (ties: the earlier candidate).
        """
        state = self.state
        size = state.amount(conflict)
        best: tuple[int, _State, str, dt.date] | None = None
        for initiative_id in _candidates(state, conflict, self.allow_slip, self.rank):
            found = self._first_acceptable(conflict, size, initiative_id)
            if found is None:
                continue
            trial, day = found
            if not self.allow_slip:
                best = (0, trial, initiative_id, day)
                break
            slip = trial.schedule.finish.toordinal() - state.schedule.finish.toordinal()
            if best is None or slip < best[0]:
                best = (slip, trial, initiative_id, day)
            if slip <= 0:
                break
        if best is None:
            return False
        _slip, trial, initiative_id, day = best
        self._accept(trial, initiative_id, day, conflict, size)
        return True

    def _days(self, conflict: Conflict, initiative_id: str) -> list[dt.date]:
        """The month starts to try for a candidate, earliest first."""
        scheduled = self.state.schedule.initiatives[initiative_id]
        not_before = self.state.plan.initiatives[initiative_id].not_before
        return [
            day
            for day in months_from(
                month_after(scheduled.early_start), self._limit(scheduled, conflict)
            )
            if not_before is None or day > not_before
        ]

    def _first_acceptable(
        self, conflict: Conflict, size: Fraction, initiative_id: str
    ) -> tuple[_State, dt.date] | None:
        """The month start that moves ``initiative_id`` acceptably and shrinks ``conflict`` most.

        The earliest month that removes the conflict wins at once; otherwise the month that
        leaves the least of it (the earliest on ties).
        """
        best: tuple[Fraction, dt.date] | None = None
        for day in self._days(conflict, initiative_id):
            if self.checks >= MAX_CHECKS or self.trials >= MAX_TRIALS:
                break
            left = self._judge(conflict, size, initiative_id, day)
            if left is None:
                continue
            if best is None or left < best[0]:
                best = (left, day)
            if left == 0:
                break
        if best is None:
            return None
        left, day = best
        trial = self._trial(initiative_id, day)
        if trial is None or self._left(trial, conflict, size) != left:
            # the measure of the moved work did not stand for the whole plan: measure all
            return self._first_acceptable_measured(conflict, size, initiative_id)
        return trial, day

    def _judge(
        self, conflict: Conflict, size: Fraction, initiative_id: str, day: dt.date
    ) -> Fraction | None:
        """What is left of ``conflict`` after an acceptable move; ``None`` when the move is
        not acceptable (it does not shrink the conflict, makes another overload or overrun
        worse, or - without ``allow_slip`` - costs float it may not)."""
        key = (initiative_id, day)
        if key not in self._screened:
            self.checks += 1
            self._screened[key] = _screen_move(
                self.state, self.successors, self.rank, initiative_id, day
            )
        outcome = self._screened[key]
        if outcome is None:
            trial = self._trial(initiative_id, day)
            return None if trial is None else self._left(trial, conflict, size)
        if not outcome.valid:
            self.out_of_calendar.add(initiative_id)
            return None
        left = outcome.amount(self.state, conflict)
        if left >= size or not outcome.no_worse(self.state):
            return None
        if not self.allow_slip and not outcome.keeps_float:
            return None
        return left

    def _trial(self, initiative_id: str, day: dt.date) -> _State | None:
        """The whole plan measured with the move (``None`` past the calendar's end)."""
        key = (initiative_id, day)
        if key not in self._measured:
            self.trials += 1
            trial = _measure(_with_not_before(self.state.plan, initiative_id, day))
            if trial is None:
                self.out_of_calendar.add(initiative_id)
            self._measured[key] = trial
        return self._measured[key]

    def _left(self, trial: _State, conflict: Conflict, size: Fraction) -> Fraction | None:
        """:meth:`_judge` on the whole plan's measure."""
        left = trial.amount(conflict)
        if left >= size or not _no_worse(self.state, trial):
            return None
        if not self.allow_slip and not _keeps_float(self.state.schedule, trial.schedule):
            return None
        return left

    def _first_acceptable_measured(
        self, conflict: Conflict, size: Fraction, initiative_id: str
    ) -> tuple[_State, dt.date] | None:
        """:meth:`_first_acceptable` measuring the whole plan for every month."""
        best: tuple[Fraction, _State, dt.date] | None = None
        for day in self._days(conflict, initiative_id):
            if self.trials >= MAX_TRIALS:
                break
            trial = self._trial(initiative_id, day)
            left = None if trial is None else self._left(trial, conflict, size)
            if trial is None or left is None:
                continue
            if best is None or left < best[0]:
                best = (left, trial, day)
            if left == 0:
                break
        return None if best is None else (best[1], best[2])

    def _accept(
        self,
        trial: _State,
        initiative_id: str,
        day: dt.date,
        conflict: Conflict,
        size: Fraction,
    ) -> None:
        state = self.state
        scheduled = state.schedule.initiatives[initiative_id]
        new = trial.schedule.initiatives[initiative_id]
        finish_before, finish_after = state.schedule.finish, trial.schedule.finish
        calendar = trial.schedule.calendar
        slip = max(0, calendar.working_days(finish_before, finish_after) - 1)
        self.moves.append(
            LevelingMove(
                initiative=initiative_id,
                title=state.plan.initiatives[initiative_id].title,
                old_not_before=state.plan.initiatives[initiative_id].not_before,
                not_before=day,
                old_start=scheduled.early_start,
                new_start=new.early_start,
                old_finish=scheduled.early_finish,
                new_finish=new.early_finish,
                conflict=conflict,
                before=size,
                after=trial.amount(conflict),
                was_critical=scheduled.critical,
                plan_finish_before=finish_before,
                plan_finish_after=finish_after,
                slip_days=slip,
            )
        )
        self.state = trial
        self._screened.clear()
        self._measured.clear()

    def run(self) -> None:
        if not self.valid:
            return
        stuck: set[tuple[str, dt.date, str]] = set()
        while len(self.moves) < MAX_MOVES and self.trials < MAX_TRIALS and self.checks < MAX_CHECKS:
            for conflict in _conflicts(self.state):
                if conflict.key() in stuck:
                    continue
                if self.try_conflict(conflict):
                    break
                stuck.add(conflict.key())
            else:
                return


def level_plan(plan: Plan, allow_slip: bool = False) -> LevelingResult:
    """Propose ``not_before`` changes that remove staffing overloads and budget overruns.

    Parameters
    ----------
    plan : Plan
        The plan as loaded; it is not modified.
    allow_slip : bool
        Also move critical work and work beyond its float, delaying the plan finish; each
        move then reports how far the finish moved.

    Returns
    -------
    LevelingResult
        The adjusted plan (a copy) and its schedule, the moves with explanations, the
        conflicts that could not be removed, and the problems that stopped it short (work
        past the end of the calendar, December 2099). The same plan always gives the same
        moves.
    """
    search = _Search(plan, allow_slip)
    search.run()
    state = search.state
    remaining = tuple(_conflicts(state))
    problems: list[Problem] = []
    if not search.valid:
        problems.append(Problem("out-of-range", args={"limit": LAST_YEAR}))
    elif search.out_of_calendar and remaining:
        ids = sorted(search.out_of_calendar, key=search.rank.__getitem__)
        problems.append(
            Problem(
                "level-beyond-calendar",
                Severity.WARNING,
                initiative=ids[0],
                field="not_before",
                args={"ids": ", ".join(ids), "limit": LAST_YEAR},
            )
        )
    return LevelingResult(
        plan=state.plan,
        schedule=state.schedule,
        moves=tuple(search.moves),
        original_finish=search.original_finish,
        finish=state.schedule.finish,
        remaining=remaining,
        problems=tuple(problems),
    )


def rewrite_not_before(source: str, changes: dict[str, dt.date]) -> tuple[str, list[str]]:
    """The plan text ``source`` with ``not_before`` set for each initiative in ``changes``.

    Written by :meth:`roadmap.core.planfile.document.PlanDocument.set_fields`, as the editor writes a
    field: an existing ``not_before`` is replaced in place (keeping its comment), a new one goes
    after the key that precedes it in the plan format's order; comments, order and every other
    byte stay as they were. Returns the new text and the ids whose table is not in this file
    (defined in an included file), which are left unchanged.

    >>> text, missing = rewrite_not_before('[initiatives.a]\\ntitle = "A"\\n',
    ...                                    {"a": dt.date(2026, 5, 1), "b": dt.date(2026, 6, 1)})
    >>> print(text, end="")
    [initiatives.a]
    title = "A"
    not_before = 2026-05-01
    >>> missing
    ['b']
    """
    from roadmap.core.planfile.document import PlanDocument

    document = PlanDocument.from_text(source)
    present = set(document.initiative_ids())
    missing = [key for key in changes if key not in present]
    document.set_fields(
        {key: {"not_before": day} for key, day in changes.items() if key not in missing}
    )
    return document.to_text(), missing
