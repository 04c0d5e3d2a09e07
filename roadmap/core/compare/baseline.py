"""Planned against baseline: each initiative's current span beside its span in a baseline.

A baseline is the plan as it was at a git revision or tag (``roadmap export --baseline v1``),
analysed by :func:`roadmap.core.compare.git.load_revision_analysis`. Slips are counted in working days of
the current plan's calendar, exactly as ``roadmap diff`` counts them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.compare.diff import comparison_calendar, working_day_shift
from roadmap.core.model.plan import Status

__all__ = ["BaselineRow", "baseline_rows"]


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
            )
        )
    listed = current.plan.initiatives if current.plan is not None else {}
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
