"""What a schedule-risk simulation gives back, and the views of it that every face shares.

:func:`roadmap.core.analysis.risk.simulate` (numpy) makes a :class:`RiskResult`; the reports,
the editor and ``roadmap risk --json`` read it through this module, which needs no numpy. So a
report or an editor session of a plan without three-point estimates never imports numpy (about
0.07 s), and neither does a face until a simulation actually runs.

The parameters of a run live here too (:data:`DEFAULT_RUNS`, :data:`DISTRIBUTIONS`), so a face
can offer them without importing the simulation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from roadmap.core.calendar.months import add_months, iso_date, month_start

__all__ = [
    "DEFAULT_RUNS",
    "DISTRIBUTIONS",
    "MIN_DRIVER_SENSITIVITY",
    "PERCENTILES",
    "Distribution",
    "InitiativeRisk",
    "Progress",
    "RiskResult",
    "finish_buckets",
    "risk_document",
]

Distribution = Literal["pert", "triangular"]
DISTRIBUTIONS: tuple[Distribution, ...] = ("pert", "triangular")
DEFAULT_RUNS = 10_000
#: Drivers below this rank correlation with the finish are not shown as risk drivers.
MIN_DRIVER_SENSITIVITY = 0.05
#: The reported finish-date percentiles.
PERCENTILES: tuple[int, ...] = (50, 80, 95)
#: ``progress(done, total)``: called by the simulation after each chunk of runs.
Progress = Callable[[int, int], None]


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeRisk:
    """What the simulation says about one initiative."""

    id: str
    title: str
    #: Whether its duration is a (non-degenerate) three-point estimate that was sampled.
    estimated: bool
    #: ``(optimistic, likely, pessimistic)`` in working days, for estimated initiatives.
    estimate_days: tuple[int, int, int] | None
    cpm_finish: dt.date
    cpm_critical: bool
    #: Share of runs in which the initiative is critical (0.0 .. 1.0).
    criticality: float
    #: Finish-date percentiles, keyed by :data:`PERCENTILES`.
    finish_percentiles: dict[int, dt.date]
    deadline: dt.date | None
    #: Share of runs finishing on or before ``deadline`` (``None`` without a deadline).
    deadline_probability: float | None
    #: Spearman rank correlation of the sampled duration with the plan finish.
    sensitivity: float | None


@dataclass(frozen=True)
class RiskResult:
    """The outcome of :func:`~roadmap.core.analysis.risk.simulate`; ``initiatives`` keeps file order (cancelled left out)."""

    runs: int
    seed: int
    distribution: Distribution
    cpm_finish: dt.date
    #: Plan finish-date percentiles, keyed by :data:`PERCENTILES`.
    finish_percentiles: dict[int, dt.date]
    earliest_finish: dt.date
    latest_finish: dt.date
    #: Share of runs finishing on or before the CPM finish.
    cpm_finish_probability: float
    deadline: dt.date | None
    deadline_probability: float | None
    #: ``(date, runs)`` for each date some run finishes on, in date order.
    finish_counts: tuple[tuple[dt.date, int], ...]
    initiatives: tuple[InitiativeRisk, ...]
    #: Estimated initiatives by descending sensitivity (ties in file order).
    drivers: tuple[str, ...] = field(default=())

    @property
    def estimated_count(self) -> int:
        return sum(1 for item in self.initiatives if item.estimated)

    def top_drivers(self, count: int | None = None) -> list[InitiativeRisk]:
        """The strongest drivers, leaving out those whose sensitivity is below
        :data:`MIN_DRIVER_SENSITIVITY` (their effect on the finish is noise)."""
        strong = [
            self.initiative(initiative_id)
            for initiative_id in self.drivers
            if (self.initiative(initiative_id).sensitivity or 0.0) >= MIN_DRIVER_SENSITIVITY
        ]
        return strong if count is None else strong[:count]

    def initiative(self, initiative_id: str) -> InitiativeRisk:
        for item in self.initiatives:
            if item.id == initiative_id:
                return item
        raise KeyError(initiative_id)


# -- views shared by the faces -----------------------------------------------------------------


def finish_buckets(
    result: RiskResult, by: Literal["month", "quarter"] = "month", fiscal_start_month: int = 4
) -> list[tuple[dt.date, dt.date, int, float]]:
    """Runs finishing per month (or fiscal quarter): ``(first day, last day, runs, cumulative
    share)``, from the earliest to the latest finish, empty periods included."""
    if not result.finish_counts:
        return []
    months = 3 if by == "quarter" else 1
    first = result.finish_counts[0][0]
    if by == "quarter":
        offset = (first.month - fiscal_start_month) % 3
        first = add_months(month_start(first), -offset)
    else:
        first = first.replace(day=1)
    buckets: list[tuple[dt.date, dt.date, int, float]] = []
    counts = iter(result.finish_counts)
    pending = next(counts, None)
    done = 0
    while pending is not None:
        after = add_months(first, months)
        inside = 0
        while pending is not None and pending[0] < after:
            inside += pending[1]
            pending = next(counts, None)
        done += inside
        buckets.append((first, after - dt.timedelta(days=1), inside, done / result.runs))
        first = after
    return buckets


def _share(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def risk_document(result: RiskResult, top: int | None = None) -> dict[str, object]:
    """The result as plain data (``roadmap risk --json``): ISO dates, shares rounded to 4
    places, initiatives in file order."""
    drivers: Iterable[str] = result.drivers if top is None else result.drivers[:top]
    by_id = {item.id: item for item in result.initiatives}
    return {
        "runs": result.runs,
        "seed": result.seed,
        "distribution": result.distribution,
        "cpm_finish": result.cpm_finish.isoformat(),
        "cpm_finish_probability": _share(result.cpm_finish_probability),
        "finish_percentiles": {
            f"p{p}": day.isoformat() for p, day in result.finish_percentiles.items()
        },
        "earliest_finish": result.earliest_finish.isoformat(),
        "latest_finish": result.latest_finish.isoformat(),
        "deadline": iso_date(result.deadline),
        "deadline_probability": _share(result.deadline_probability),
        "finish_counts": [
            {"date": day.isoformat(), "runs": runs} for day, runs in result.finish_counts
        ],
        "drivers": [
            {
                "id": initiative_id,
                "sensitivity": by_id[initiative_id].sensitivity,
                "criticality": _share(by_id[initiative_id].criticality),
            }
            for initiative_id in drivers
        ],
        "initiatives": [
            {
                "id": item.id,
                "title": item.title,
                "estimated": item.estimated,
                "estimate_days": list(item.estimate_days) if item.estimate_days else None,
                "cpm_finish": item.cpm_finish.isoformat(),
                "cpm_critical": item.cpm_critical,
                "criticality": _share(item.criticality),
                "finish_percentiles": {
                    f"p{p}": day.isoformat() for p, day in item.finish_percentiles.items()
                },
                "deadline": iso_date(item.deadline),
                "deadline_probability": _share(item.deadline_probability),
                "sensitivity": item.sensitivity,
            }
            for item in result.initiatives
        ],
    }
