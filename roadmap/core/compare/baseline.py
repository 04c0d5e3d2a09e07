"""Planned against baseline: each initiative's current span beside its span in a baseline.

A baseline is the plan as it was at a git revision or tag (``roadmap export --baseline v1``),
analysed by :func:`roadmap.core.compare.git.load_revision_analysis`. Slips are counted in working
days of the current plan's calendar, exactly as ``roadmap diff`` counts them.

What a council reads is what changed: :func:`changed_rows` keeps only the initiatives that
moved, changed, were added or were dropped, sorted by slip (latest first), each with the
:class:`Change` list that says what changed (期間 7か月 → 9か月, 担当, 状態, 先行取組);
:func:`plan_change` is the plan-level line (完了見込み before → after, in working days and
about how many months).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.compare.diff import comparison_calendar, working_day_shift
from roadmap.core.model.plan import Initiative, Status

__all__ = [
    "BaselineRow",
    "Change",
    "PlanChange",
    "approx_months",
    "baseline_rows",
    "changed_rows",
    "plan_change",
]

#: Mean days per month (365.25 / 12), for "about N months".
_DAYS_PER_MONTH = 30.4375


def approx_months(days: int) -> int:
    """``days`` calendar days as whole months, rounded half away from zero (56 -> 2)."""
    months = abs(days) / _DAYS_PER_MONTH
    whole = int(months + 0.5)
    return whole if days >= 0 else -whole


@dataclass(frozen=True)
class Change:
    """One thing that changed on an initiative since the baseline.

    ``field`` is ``"duration"`` (values: :class:`~roadmap.core.model.durations.Duration`),
    ``"owner"`` (``str | None``), ``"status"`` (:class:`~roadmap.core.model.plan.Status`) or
    ``"depends_on"`` (tuples of predecessor titles).
    """

    field: str
    before: object
    after: object


@dataclass(frozen=True)
class BaselineRow:
    """One initiative of the current plan or of the baseline.

    ``change`` is ``"new"`` (absent from the baseline: baseline fields ``None``), ``"deleted"``
    (in the baseline, gone from the plan) or ``"cancelled"`` (in the baseline, now cancelled): for
    these two the current fields are ``None``; ``""`` for an initiative in both.
    """

    id: str
    title: str
    start: dt.date | None
    finish: dt.date | None
    baseline_start: dt.date | None
    baseline_finish: dt.date | None
    start_slip: int | None
    finish_slip: int | None
    change: str = ""
    changes: tuple[Change, ...] = ()

    @property
    def is_changed(self) -> bool:
        """Added, dropped, moved, or with a changed field."""
        return bool(self.change or self.start_slip or self.finish_slip or self.changes)


@dataclass(frozen=True)
class PlanChange:
    """The plan's finish now and in the baseline; ``working_days`` > 0 is later."""

    finish: dt.date
    baseline_finish: dt.date
    working_days: int

    @property
    def months(self) -> int:
        """About how many months later (negative: earlier)."""
        return approx_months((self.finish - self.baseline_finish).days)


def plan_change(current: Analysis, baseline: Analysis) -> PlanChange | None:
    """The plan-level line; ``None`` when either plan is not scheduled."""
    now, was = current.schedule, baseline.schedule
    if now is None or was is None:
        return None
    calendar = comparison_calendar(current, [now.start, was.start, now.finish, was.finish])
    return PlanChange(
        finish=now.finish,
        baseline_finish=was.finish,
        working_days=working_day_shift(calendar, was.finish, now.finish),
    )


def _titles(analysis: Analysis, keys: list[str]) -> tuple[str, ...]:
    listed = analysis.plan.initiatives if analysis.plan is not None else {}
    return tuple(listed[key].title if key in listed else key for key in keys)


def _field_changes(
    old: Initiative | None, new: Initiative | None, current: Analysis, baseline: Analysis
) -> tuple[Change, ...]:
    if old is None or new is None:
        return ()
    changes: list[Change] = []
    if old.planned_duration != new.planned_duration:
        changes.append(Change("duration", old.planned_duration, new.planned_duration))
    if old.owner != new.owner:
        changes.append(Change("owner", old.owner, new.owner))
    if old.status is not new.status:
        changes.append(Change("status", old.status, new.status))
    before = sorted(dependency.id for dependency in old.depends_on)
    after = sorted(dependency.id for dependency in new.depends_on)
    if before != after:
        changes.append(Change("depends_on", _titles(baseline, before), _titles(current, after)))
    return tuple(changes)


def baseline_rows(current: Analysis, baseline: Analysis) -> list[BaselineRow]:
    """Every scheduled initiative of ``current``, in file order, against ``baseline``.

    Initiatives scheduled in the baseline but no longer in ``current`` follow, in the baseline's
    order, as ``"cancelled"`` when the current plan still lists them (as cancelled) and
    ``"deleted"`` otherwise: a council sees what was dropped, not only what was added.
    """
    if current.schedule is None:
        return []
    now = current.schedule.initiatives
    was = baseline.schedule.initiatives if baseline.schedule is not None else {}
    listed = current.plan.initiatives if current.plan is not None else {}
    listed_before = baseline.plan.initiatives if baseline.plan is not None else {}
    days = [item.early_start for item in now.values()]
    days.extend(item.early_start for item in was.values())
    calendar = comparison_calendar(current, days)
    rows: list[BaselineRow] = []
    for key, item in now.items():
        old = was.get(key)
        rows.append(
            BaselineRow(
                id=key,
                title=item.title,
                start=item.early_start,
                finish=item.early_finish,
                baseline_start=old.early_start if old else None,
                baseline_finish=old.early_finish if old else None,
                start_slip=(
                    working_day_shift(calendar, old.early_start, item.early_start) if old else None
                ),
                finish_slip=(
                    working_day_shift(calendar, old.early_finish, item.early_finish)
                    if old
                    else None
                ),
                change="" if old else "new",
                changes=(
                    _field_changes(listed_before.get(key), listed.get(key), current, baseline)
                    if old
                    else ()
                ),
            )
        )
    for key, old in was.items():
        mine = listed.get(key)
        if key in now or (mine is not None and mine.status is not Status.CANCELLED):
            continue
        rows.append(
            BaselineRow(
                id=key,
                title=mine.title if mine is not None else old.title,
                start=None,
                finish=None,
                baseline_start=old.early_start,
                baseline_finish=old.early_finish,
                start_slip=None,
                finish_slip=None,
                change="deleted" if mine is None else "cancelled",
            )
        )
    return rows


_GROUP = {"": 0, "new": 1, "cancelled": 2, "deleted": 3}


def changed_rows(rows: list[BaselineRow]) -> list[BaselineRow]:
    """Only the changed rows: moved or changed ones by finish slip (latest first), then the new,
    the cancelled and the deleted ones, each group in the order given."""
    kept = [(index, row) for index, row in enumerate(rows) if row.is_changed]
    kept.sort(key=lambda pair: (_GROUP[pair[1].change], -(pair[1].finish_slip or 0), pair[0]))
    return [row for _index, row in kept]
