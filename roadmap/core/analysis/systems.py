"""Coverage of the 20 標準化対象事務 by a plan: who migrates each, when, and by which deadline.

An initiative names the 業務 it migrates in ``systems``; its early finish is the cut-over. A 業務
no initiative names is uncovered; one whose cut-over is after its deadline is late (cancelled
initiatives count for nothing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.model.plan import Plan, Status
from roadmap.core.model.systems import SYSTEMS, canonical_system, system_deadline

__all__ = ["SystemRow", "system_rows"]


@dataclass(frozen=True)
class SystemRow:
    """One of the 20 業務 in a plan."""

    system: str
    initiative: str | None
    title: str | None
    cutover: dt.date | None
    deadline: dt.date
    specific: bool
    done: bool
    late_by_days: int | None

    @property
    def covered(self) -> bool:
        return self.initiative is not None

    @property
    def late(self) -> bool:
        return bool(self.late_by_days)


def system_rows(plan: Plan, schedule: Schedule) -> list[SystemRow]:
    """The 20 業務 in their usual order, each with the first initiative that migrates it."""
    owner: dict[str, str] = {}
    for initiative_id, initiative in plan.initiatives.items():
        if initiative.status is Status.CANCELLED:
            continue
        for name in initiative.systems:
            canonical = canonical_system(name)
            if canonical is not None:
                owner.setdefault(canonical, initiative_id)
    rows: list[SystemRow] = []
    for system in SYSTEMS:
        migrated_by = owner.get(system)
        if migrated_by is None:
            rows.append(
                SystemRow(
                    system, None, None, None, system_deadline(specific=False), False, False, None
                )
            )
            continue
        initiative = plan.initiatives[migrated_by]
        specific = initiative.specific_migration
        deadline = system_deadline(specific=specific)
        scheduled = schedule.initiatives.get(migrated_by)
        cutover = scheduled.early_finish if scheduled is not None else None
        late = (cutover - deadline).days if cutover is not None and cutover > deadline else 0
        rows.append(
            SystemRow(
                system,
                migrated_by,
                initiative.title,
                cutover,
                deadline,
                specific,
                initiative.status is Status.DONE,
                late,
            )
        )
    return rows
