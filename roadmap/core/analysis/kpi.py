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
    ``"achieved"`` when achievement >= 1; ``"worsened"`` (悪化) when the actual moved the wrong
    way from the baseline (a negative achievement, which reports never print as a percentage);
    ``"missed"`` when the due date has passed without it; otherwise ``"on_track"`` or
    ``"behind"`` against the value expected at the status date. That value follows the plan's
    own 年度別目標 (``targets``, each reached at its fiscal year's end): a line from the baseline
    at the initiative's scheduled start (the plan start when unscheduled; no later than the
    start of the first 年度 with a target) through each
    fiscal-year-end target to the target on the due date. At the end of a 年度 with a target,
    the KPI is therefore judged against exactly that 年度's target. Without a due date or a
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
import itertools
import math
from dataclasses import dataclass
from typing import Literal

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.calendar.fiscal import fiscal_year_bounds
from roadmap.core.model.plan import Kpi, Plan

__all__ = [
    "KpiProgress",
    "KpiStatus",
    "achievement_rate",
    "kpi_progress",
    "kpi_report",
    "target_years",
]

KpiStatus = Literal[
    "achieved", "on_track", "behind", "worsened", "missed", "unknown", "inconsistent"
]


@dataclass(frozen=True)
class KpiProgress:
    """One KPI of one initiative, with its achievement and status."""

    initiative: str
    index: int
    #: The initiative's title (reports show it rather than the id).
    initiative_title: str
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
        """The achievement in percent; ``None`` when unmeasurable or negative (悪化)."""
        if self.achievement is None or self.achievement < 0:
            return None
        return round(self.achievement * 100, 1)


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


def _expected_on_targets(
    kpi: Kpi, origin: dt.date, as_of: dt.date, start_month: int
) -> float | None:
    """The achievement expected at ``as_of`` on the line through the 年度別目標 (see the module
    docstring); ``None`` unless the KPI has a baseline, a target and a due date."""
    if kpi.baseline is None or kpi.target is None or kpi.due is None:
        return None
    if kpi.target == kpi.baseline:
        return None
    # The 年度別目標 are fixed dates: they count even when the work was rescheduled to start
    # later, so the line starts no later than the first 年度 with a target.
    if kpi.targets:
        origin = min(origin, fiscal_year_bounds(min(kpi.targets), start_month)[0])
    points = [(origin, float(kpi.baseline))]
    for fiscal_year, value in sorted(kpi.targets.items()):
        year_end = fiscal_year_bounds(fiscal_year, start_month)[1]
        if origin < year_end < kpi.due:
            points.append((year_end, float(value)))
    points.append((max(kpi.due, origin), float(kpi.target)))
    value = points[-1][1]
    for (left, low), (right, high) in itertools.pairwise(points):
        if as_of <= left:
            value = low
            break
        if as_of < right:
            value = low + (high - low) * _expected(left, right, as_of)
            break
    rate = achievement_rate(kpi.baseline, kpi.target, value)
    return None if rate is None else rate + 0.0  # no -0.0


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
    if achievement is not None and achievement < 0:
        return "worsened"
    if as_of is not None and kpi.due is not None and as_of > kpi.due:
        return "missed"
    if held is False and as_of is not None:
        return "behind"
    if achievement is None or expected is None:
        return "unknown"
    return "on_track" if achievement >= expected else "behind"


def kpi_progress(
    initiative: str,
    index: int,
    kpi: Kpi,
    origin: dt.date,
    as_of: dt.date | None,
    *,
    title: str = "",
    start_month: int = 4,
) -> KpiProgress:
    """The progress of one KPI measured from ``origin`` at ``as_of``."""
    achievement = achievement_rate(kpi.baseline, kpi.target, kpi.actual)
    expected = None
    if as_of is not None and kpi.due is not None:
        expected = _expected_on_targets(kpi, origin, as_of, start_month)
        if expected is None:
            expected = _expected(origin, kpi.due, as_of)
    return KpiProgress(
        initiative=initiative,
        index=index,
        initiative_title=title or initiative,
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
            found.append(
                kpi_progress(
                    initiative_id,
                    index,
                    kpi,
                    origin,
                    when,
                    title=initiative.title,
                    start_month=plan.plan.fiscal_year_start_month,
                )
            )
    return found


def target_years(progress: list[KpiProgress]) -> list[int]:
    """The fiscal years any KPI sets a 年度別目標 for, in order: the report's 年度末 columns."""
    return sorted({year for item in progress for year in item.targets})
