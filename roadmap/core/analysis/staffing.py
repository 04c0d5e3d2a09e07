"""Staffing load (体制): how many people (FTE) each team needs per month, against capacity.

This module owns the load arithmetic. An initiative asks ``staffing[team]`` FTE of a team
while it is active. **Active in a month** is measured pro rata by working days: an initiative
that works ``w`` of the ``W`` working days of a calendar month (plan calendar, the scheduled
days from early start to early finish) loads the team with ``fte * w / W`` in that month. A
month it fully covers gets its whole FTE; a milestone (zero working days) loads nobody.

Sums are exact: FTE are read to a thousandth (``0.3`` -> 300 milli-FTE) and a month's load is
the integer ``sum(milli_fte * w)`` over ``W * 1000``, so "over capacity" never depends on
floating-point rounding. A team over capacity is one whose load is strictly greater than its
``[teams.<name>] capacity``; a team nobody declared has no capacity and is never over it
(:mod:`roadmap.core.analysis.resource_checks` reports it as ``undeclared-team``).

Examples
--------
>>> milli_fte(0.3)
300
>>> month_after(dt.date(2026, 12, 1))
datetime.date(2027, 1, 1)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.calendar.months import month_after, month_start, months_from
from roadmap.core.calendar.workdays import LAST_YEAR, WorkCalendar
from roadmap.core.model.plan import Plan

__all__ = [
    "Contribution",
    "StaffingReport",
    "TeamMonthLoad",
    "milli_fte",
    "month_after",
    "staffing_report",
]


def milli_fte(fte: float) -> int:
    """FTE in whole thousandths (nearest): the unit of exact load sums."""
    return round(fte * 1000)


@dataclass(frozen=True)
class Contribution:
    """What one initiative adds to a team's load in one month."""

    initiative: str
    fte: float
    working_days: int
    #: ``fte * working_days / month working days``.
    load: float


@dataclass(frozen=True)
class TeamMonthLoad:
    """One team in one month: its load, capacity and the initiatives behind the load."""

    team: str
    month: dt.date
    load: float
    capacity: float | None
    contributions: tuple[Contribution, ...]
    #: Exact load: ``load_units / (working_days * 1000)`` FTE.
    load_units: int
    working_days: int

    @property
    def over(self) -> bool:
        """Strictly over capacity (never for a team without a declared capacity)."""
        if self.capacity is None:
            return False
        return self.load_units > milli_fte(self.capacity) * self.working_days

    @property
    def excess(self) -> Fraction:
        """How far over capacity, exactly, in FTE (0 when within it)."""
        if not self.over or self.capacity is None or self.working_days == 0:
            return Fraction(0)
        over_units = self.load_units - milli_fte(self.capacity) * self.working_days
        return Fraction(over_units, self.working_days * 1000)


@dataclass(frozen=True)
class StaffingReport:
    """The result of :func:`staffing_report`: a team x month grid of loads."""

    months: tuple[dt.date, ...]
    teams: tuple[str, ...]
    capacities: dict[str, float | None]
    cells: dict[tuple[str, dt.date], TeamMonthLoad]

    def cell(self, team: str, month: dt.date) -> TeamMonthLoad | None:
        """The load of ``team`` in ``month`` (first day of the month); ``None`` when idle."""
        return self.cells.get((team, month))

    def load(self, team: str, month: dt.date) -> float:
        found = self.cells.get((team, month))
        return found.load if found else 0.0

    @property
    def overloads(self) -> list[TeamMonthLoad]:
        """Every team and month over capacity, by month, then team order."""
        rank = {team: position for position, team in enumerate(self.teams)}
        found = [cell for cell in self.cells.values() if cell.over]
        return sorted(found, key=lambda cell: (cell.month, rank[cell.team]))

    @property
    def peak(self) -> dict[str, float]:
        """The highest monthly load of each team."""
        peaks = {team: 0.0 for team in self.teams}
        for cell in self.cells.values():
            peaks[cell.team] = max(peaks[cell.team], cell.load)
        return peaks


def _month_points(
    calendar: WorkCalendar, first: dt.date, last: dt.date
) -> tuple[list[dt.date], list[int]]:
    """The months from ``first``'s to ``last``'s and the working-day index each begins at.

    ``points[k]`` is the index of the first working day on or after month ``k``'s first day;
    the list has one more entry than the months, so month ``k`` is ``points[k]:points[k+1]``.
    """
    months = list(months_from(first, last))
    month = month_after(months[-1]) if months else month_start(first)
    points = [calendar.index_on_or_after(day) for day in months]
    # the month after the last: past the calendar's end (work in December 2099), the end of
    # the calendar is where that last month ends
    if month.year > LAST_YEAR:
        points.append(calendar.index_on_or_before(dt.date(LAST_YEAR, 12, 31)) + 1)
    else:
        points.append(calendar.index_on_or_after(month))
    return months, points


def staffing_report(plan: Plan, schedule: Schedule) -> StaffingReport:
    """Load per team per month of a scheduled plan.

    Parameters
    ----------
    plan : Plan
        The plan; ``[teams]`` give the capacities, ``staffing`` of each initiative the FTE.
    schedule : Schedule
        Its schedule; unscheduled (cancelled) initiatives load nobody.

    Returns
    -------
    StaffingReport
        Months from the schedule start to its finish, declared teams in file order followed
        by undeclared ones in order of first use, and a cell per team and month with load.
    """
    calendar = schedule.calendar
    months, points = _month_points(calendar, schedule.start, schedule.finish)
    teams = list(plan.teams)
    known = set(teams)
    units: dict[tuple[str, int], int] = {}
    contributions: dict[tuple[str, int], list[tuple[str, float, int]]] = {}
    for initiative_id, initiative in plan.initiatives.items():
        scheduled = schedule.initiatives.get(initiative_id)
        if not initiative.staffing or scheduled is None or scheduled.ef <= scheduled.es:
            continue
        es, ef = scheduled.es, scheduled.ef
        asks = [(team, fte, milli_fte(fte)) for team, fte in initiative.staffing.items()]
        for team in initiative.staffing:
            if team not in known:
                known.add(team)
                teams.append(team)
        first = _month_index(months, scheduled.early_start)
        last = _month_index(months, scheduled.early_finish)
        for index in range(first, last + 1):
            overlap = min(ef, points[index + 1]) - max(es, points[index])
            if overlap <= 0:
                continue
            for team, fte, milli in asks:
                key = (team, index)
                units[key] = units.get(key, 0) + milli * overlap
                contributions.setdefault(key, []).append((initiative_id, fte, overlap))
    capacities: dict[str, float | None] = {
        team: (plan.teams[team].capacity if team in plan.teams else None) for team in teams
    }
    cells: dict[tuple[str, dt.date], TeamMonthLoad] = {}
    for (team, index), load_units in units.items():
        days = points[index + 1] - points[index]
        parts = tuple(
            sorted(
                (
                    Contribution(initiative, fte, overlap, fte * overlap / days)
                    for initiative, fte, overlap in contributions[(team, index)]
                ),
                key=lambda part: (-part.fte * part.working_days, part.initiative),
            )
        )
        cells[(team, months[index])] = TeamMonthLoad(
            team=team,
            month=months[index],
            load=load_units / (days * 1000),
            capacity=capacities[team],
            contributions=parts,
            load_units=load_units,
            working_days=days,
        )
    return StaffingReport(
        months=tuple(months), teams=tuple(teams), capacities=capacities, cells=cells
    )


def _month_index(months: list[dt.date], day: dt.date) -> int:
    """The position of ``day``'s month in ``months`` (which are consecutive)."""
    first = months[0]
    return (day.year - first.year) * 12 + day.month - first.month
