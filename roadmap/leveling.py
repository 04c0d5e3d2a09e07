"""Leveling (平準化): delay non-critical work to remove staffing overloads and budget overruns.

:func:`level_plan` proposes ``not_before`` changes, one move at a time, and explains each. It
never schedules by itself: every trial is a copy of the plan with one ``not_before`` changed,
rescheduled by :func:`roadmap.schedule.schedule_plan`, so dependencies, calendars, actuals and
deadlines are honoured exactly as in the plan's own schedule.

The algorithm (greedy and deterministic)
    1. List the conflicts: team-months over capacity (:mod:`roadmap.staffing`) and fiscal years
       over their cap (:mod:`roadmap.budget`), in order of time (staffing before budget in the
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

Months and fiscal years that ended before the plan's ``status_date`` are history and are not
conflicts to resolve.

So leveling never breaks a dependency, never moves critical work without ``allow_slip``, and
never increases any overload or overrun.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from roadmap.budget import BudgetReport, budget_report
from roadmap.fiscal import fiscal_year_bounds, fiscal_year_label
from roadmap.i18n import Lang, text
from roadmap.model import Plan, Status
from roadmap.schedule import Schedule, ScheduledInitiative, schedule_plan
from roadmap.staffing import StaffingReport, milli_fte, month_after, staffing_report

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
#: An upper bound on trial schedules of one run, so a huge plan cannot run for ever.
MAX_TRIALS = 5000


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

    @property
    def changes(self) -> dict[str, dt.date]:
        """The final ``not_before`` of each moved initiative, in file order."""
        moved = {move.initiative for move in self.moves}
        found: dict[str, dt.date] = {}
        for initiative_id, initiative in self.plan.initiatives.items():
            if initiative_id in moved and initiative.not_before is not None:
                found[initiative_id] = initiative.not_before
        return found


def _measure(plan: Plan) -> _State:
    schedule = schedule_plan(plan)
    if not schedule.initiatives:
        empty_staffing = StaffingReport((), (), {}, {})
        empty_budget = BudgetReport(0, -1, plan.plan.fiscal_year_start_month, (), ())
        return _State(plan, schedule, empty_staffing, empty_budget, {}, {})
    staffing = staffing_report(plan, schedule)
    budget = budget_report(plan, schedule)
    excess = {(cell.team, cell.month): cell.excess for cell in staffing.overloads}
    overrun = {year.fiscal_year: year.total - (year.cap or 0) for year in budget.over_cap_years}
    return _State(plan, schedule, staffing, budget, excess, overrun)


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


def _share(state: _State, conflict: Conflict, initiative_id: str) -> int:
    """How much of ``conflict`` an initiative causes (milli-FTE days, or yen)."""
    if conflict.kind == "staffing":
        assert conflict.team is not None
        cell = state.staffing.cell(conflict.team, conflict.when)
        if cell is None:
            return 0
        return sum(
            milli_fte(part.fte) * part.working_days
            for part in cell.contributions
            if part.initiative == initiative_id
        )
    for item in state.budget.initiatives:
        if item.id == initiative_id:
            return sum(
                year.initial + year.running
                for year in item.years
                if year.fiscal_year == conflict.fiscal_year
            )
    return 0


def _candidates(state: _State, conflict: Conflict, allow_slip: bool) -> list[str]:
    """Initiatives that may move to ease ``conflict``, largest share first."""
    rank = {
        initiative_id: position for position, initiative_id in enumerate(state.plan.initiatives)
    }
    shares: list[tuple[int, int, str]] = []
    for initiative_id, initiative in state.plan.initiatives.items():
        scheduled = state.schedule.initiatives.get(initiative_id)
        if scheduled is None or scheduled.milestone:
            continue
        if initiative.status not in (Status.PLANNED, Status.ON_HOLD):
            continue
        if not allow_slip and (scheduled.critical or scheduled.total_float <= 0):
            continue
        share = _share(state, conflict, initiative_id)
        if share > 0:
            shares.append((-share, rank[initiative_id], initiative_id))
    shares.sort()
    return [initiative_id for _share_, _rank, initiative_id in shares]


def _month_starts(after: dt.date, until: dt.date) -> list[dt.date]:
    """First days of the months after ``after``'s month, up to ``until`` (inclusive)."""
    days: list[dt.date] = []
    day = month_after(after.replace(day=1))
    while day <= until:
        days.append(day)
        day = month_after(day)
    return days


def _add_months(day: dt.date, months: int) -> dt.date:
    for _ in range(months):
        day = month_after(day.replace(day=1))
    return day


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


class _Search:
    """One leveling run: the current state, the moves so far, and the trial budget."""

    def __init__(self, plan: Plan, allow_slip: bool) -> None:
        self.allow_slip = allow_slip
        self.state = _measure(plan)
        self.original_finish = self.state.schedule.finish
        self.moves: list[LevelingMove] = []
        self.trials = 0

    def _limit(self, scheduled: ScheduledInitiative, conflict: Conflict) -> dt.date:
        """The latest ``not_before`` to try for a candidate."""
        if not self.allow_slip:
            return scheduled.late_start
        return _add_months(max(scheduled.late_start, conflict.when), SLIP_MONTHS)

    def try_conflict(self, conflict: Conflict) -> bool:
        """Make the best acceptable move that shrinks ``conflict``; whether one was made.

        Within float, the first candidate (largest share first) with an acceptable month wins.
        With ``allow_slip``, every candidate's earliest acceptable month is found and the one
        that delays the plan finish least wins (ties: the earlier candidate).
        """
        state = self.state
        size = state.amount(conflict)
        best: tuple[int, _State, str, dt.date] | None = None
        for initiative_id in _candidates(state, conflict, self.allow_slip):
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

    def _first_acceptable(
        self, conflict: Conflict, size: Fraction, initiative_id: str
    ) -> tuple[_State, dt.date] | None:
        """The month start that moves ``initiative_id`` acceptably and shrinks ``conflict`` most.

        The earliest month that removes the conflict wins at once; otherwise the month that
        leaves the least of it (the earliest on ties).
        """
        state = self.state
        scheduled = state.schedule.initiatives[initiative_id]
        initiative = state.plan.initiatives[initiative_id]
        best: tuple[Fraction, _State, dt.date] | None = None
        for day in _month_starts(scheduled.early_start, self._limit(scheduled, conflict)):
            if initiative.not_before is not None and day <= initiative.not_before:
                continue
            if self.trials >= MAX_TRIALS:
                break
            self.trials += 1
            trial = _measure(_with_not_before(state.plan, initiative_id, day))
            left = trial.amount(conflict)
            if left >= size or not _no_worse(state, trial):
                continue
            if not self.allow_slip and not _keeps_float(state.schedule, trial.schedule):
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

    def run(self) -> None:
        stuck: set[tuple[str, dt.date, str]] = set()
        while len(self.moves) < MAX_MOVES and self.trials < MAX_TRIALS:
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
        The adjusted plan (a copy) and its schedule, the moves with explanations, and the
        conflicts that could not be removed. The same plan always gives the same moves.
    """
    search = _Search(plan, allow_slip)
    search.run()
    state = search.state
    return LevelingResult(
        plan=state.plan,
        schedule=state.schedule,
        moves=tuple(search.moves),
        original_finish=search.original_finish,
        finish=state.schedule.finish,
        remaining=tuple(_conflicts(state)),
    )


def rewrite_not_before(source: str, changes: dict[str, dt.date]) -> tuple[str, list[str]]:
    """The plan text ``source`` with ``not_before`` set for each initiative in ``changes``.

    Only the ``not_before`` key of each ``[initiatives.<id>]`` table is written (replaced in
    place, or added after the table's last key); comments, order and every other byte stay as
    they were. Returns the new text and the ids whose table is not in this file (defined in an
    included file), which are left unchanged.

    >>> text, missing = rewrite_not_before('[initiatives.a]\\ntitle = "A"\\n',
    ...                                    {"a": dt.date(2026, 5, 1), "b": dt.date(2026, 6, 1)})
    >>> print(text, end="")
    [initiatives.a]
    title = "A"
    not_before = 2026-05-01
    >>> missing
    ['b']
    """
    import tomlkit
    from tomlkit.container import Container
    from tomlkit.items import InlineTable, Table

    document = tomlkit.parse(source)
    initiatives = document.get("initiatives")
    missing: list[str] = []
    for initiative_id, day in changes.items():
        table = (
            initiatives.get(initiative_id)
            if isinstance(initiatives, Table | InlineTable | Container)
            else None
        )
        if not isinstance(table, Table | InlineTable):
            missing.append(initiative_id)
            continue
        _set_key(table, "not_before", day)
    return tomlkit.dumps(document), missing


def _set_key(table: Any, key: str, value: dt.date) -> None:
    """Set ``key`` in a tomlkit table: in place when present, else right after the table's last
    plain key (before its sub-tables), adding no blank line."""
    import tomlkit
    from tomlkit.items import AoT, Table

    if key in table or not isinstance(table, Table):
        table[key] = value
        return
    last: str | None = None
    for item_key, item in table.value.body:
        if item_key is not None and not isinstance(item, Table | AoT):
            last = item_key.key
    if last is None:
        table[key] = value
        return
    table.value._insert_after(last, key, tomlkit.item(value))
