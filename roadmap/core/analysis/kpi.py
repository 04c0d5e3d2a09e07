"""KPI progress (数値化): how far each indicator has moved from its baseline to its target.

This module owns the progress arithmetic of ``[[initiatives.<id>.kpis]]``.

Achievement
    ``(actual - baseline) / (target - baseline)``: 0 at the baseline, 1 at the target, above
    1 beyond it, negative when the indicator moved the wrong way. The formula respects
    ``direction`` by itself (a "lower" KPI with target below baseline improves as the actual
    falls); a target on the wrong side of the baseline for its direction is reported as
    ``"inconsistent"``. It is ``None`` when baseline, target or actual is missing, or target
    equals baseline. A target equal to its baseline means "hold the line": the KPI is
    ``"achieved"`` while the actual is at the target or on its better side, else ``"behind"``
    (``"missed"`` after the due date).

Status at the plan's ``status_date``
    ``"achieved"`` when achievement >= 1; ``"missed"`` when the due date has passed without
    it; otherwise ``"on_track"`` or ``"behind"`` against a straight line from the baseline at
    the initiative's scheduled start (the plan start when unscheduled) to the target on the
    due date: expected = elapsed days / days from start to due. Without a due date or a
    status date the status is ``"unknown"``, as it is without a measurement.

Examples
--------
>>> achievement_rate(30, 10, 18)
0.6
>>> achievement_rate(0, 100, 64)
0.64
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.model.plan import Kpi, Plan

__all__ = ["KpiProgress", "KpiStatus", "achievement_rate", "kpi_progress", "kpi_report"]

KpiStatus = Literal["achieved", "on_track", "behind", "missed", "unknown", "inconsistent"]


@dataclass(frozen=True)
class KpiProgress:
    """One KPI of one initiative, with its achievement and status."""

    initiative: str
    index: int
    name: str
    unit: str
    kind: str
    direction: str
    baseline: float | None
    target: float | None
    actual: float | None
    due: dt.date | None
    #: Fiscal-year-end targets (``{2026: 20}``), as in the plan.
    targets: dict[int, float]
    #: 0 at baseline, 1 at target (see the module docstring); ``None`` when unmeasurable.
    achievement: float | None
    #: The achievement the straight line expects at the status date, if known.
    expected: float | None
    status: KpiStatus

    @property
    def achievement_percent(self) -> float | None:
        return None if self.achievement is None else round(self.achievement * 100, 1)


def achievement_rate(
    baseline: float | None, target: float | None, actual: float | None
) -> float | None:
    """``(actual - baseline) / (target - baseline)``, or ``None`` when it cannot be measured
    (a value missing, target equal to baseline, or a quotient too large to be a number, such
    as a move of 1e15 towards a target 1e-300 away).

    >>> achievement_rate(0, 1e-300, 1e15) is None
    True
    """
    if baseline is None or target is None or actual is None or target == baseline:
        return None
    rate = (actual - baseline) / (target - baseline)
    return rate if math.isfinite(rate) else None


def _consistent(kpi: Kpi) -> bool:
    """Whether the target lies on the better side of the baseline for the KPI's direction."""
    if kpi.baseline is None or kpi.target is None:
        return True
    if kpi.direction == "lower":
        return kpi.target <= kpi.baseline
    return kpi.target >= kpi.baseline


def _expected(origin: dt.date, due: dt.date, as_of: dt.date) -> float:
    """The straight-line share of the way from ``origin`` to ``due`` at ``as_of`` (0..1)."""
    if as_of >= due:
        return 1.0
    if as_of <= origin:
        return 0.0
    return (as_of - origin).days / (due - origin).days


def _held(kpi: Kpi) -> bool | None:
    """For a target equal to its baseline: whether the actual is at it or on its better side
    (``None`` for other KPIs and without a measurement)."""
    if kpi.target is None or kpi.actual is None or kpi.target != kpi.baseline:
        return None
    return kpi.actual <= kpi.target if kpi.direction == "lower" else kpi.actual >= kpi.target


def _status(
    kpi: Kpi, achievement: float | None, expected: float | None, as_of: dt.date | None
) -> KpiStatus:
    if not _consistent(kpi):
        return "inconsistent"
    held = _held(kpi)
    if held or (achievement is not None and achievement >= 1):
        return "achieved"
    if as_of is not None and kpi.due is not None and as_of > kpi.due:
        return "missed"
    if held is False and as_of is not None:
        return "behind"
    if achievement is None or expected is None:
        return "unknown"
    return "on_track" if achievement >= expected else "behind"


def kpi_progress(
    initiative: str, index: int, kpi: Kpi, origin: dt.date, as_of: dt.date | None
) -> KpiProgress:
    """The progress of one KPI measured from ``origin`` at ``as_of``."""
    achievement = achievement_rate(kpi.baseline, kpi.target, kpi.actual)
    expected = (
        _expected(origin, kpi.due, as_of) if as_of is not None and kpi.due is not None else None
    )
    return KpiProgress(
        initiative=initiative,
        index=index,
        name=kpi.name,
        unit=kpi.unit,
        kind=kpi.kind,
        direction=kpi.direction,
        baseline=kpi.baseline,
        target=kpi.target,
        actual=kpi.actual,
        due=kpi.due,
        targets=dict(sorted(kpi.targets.items())),
        achievement=achievement,
        expected=expected,
        status=_status(kpi, achievement, expected, as_of),
    )


def kpi_report(
    plan: Plan, schedule: Schedule | None = None, as_of: dt.date | None = None
) -> list[KpiProgress]:
    """Every KPI of the plan in file order, judged at ``as_of`` (default: ``status_date``)."""
    when = as_of or plan.plan.status_date
    found: list[KpiProgress] = []
    for initiative_id, initiative in plan.initiatives.items():
        scheduled = schedule.initiatives.get(initiative_id) if schedule else None
        origin = scheduled.early_start if scheduled else plan.plan.start
        for index, kpi in enumerate(initiative.kpis):
            found.append(kpi_progress(initiative_id, index, kpi, origin, when))
    return found
