"""Coverage of the 20 標準化対象事務 by a plan: who migrates each, when, and by which deadline.

An initiative names the 業務 it migrates in ``systems``, and may say who supplies them
(``vendor``) and how they are run (``system_usage``: ``shared`` 共同利用 or ``single`` 単独); its
early finish is the cut-over. A 業務 no initiative names is uncovered; one whose cut-over is
after its deadline is late (cancelled initiatives count for nothing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap.core.analysis.schedule import Schedule
from roadmap.core.model.plan import Plan, Status
from roadmap.core.model.systems import SYSTEMS, canonical_system, system_deadline

__all__ = ["SystemRow", "SystemsSummary", "system_rows", "systems_summary"]


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
    #: The vendor (ベンダー) named by the migrating initiative.
    vendor: str | None = None
    #: ``"shared"`` (共同利用), ``"single"`` (単独) or ``None`` when not declared.
    usage: str | None = None

    @property
    def covered(self) -> bool:
        return self.initiative is not None

    @property
    def late(self) -> bool:
        return bool(self.late_by_days)


@dataclass(frozen=True)
class SystemsSummary:
    """How many of the 20 are covered, uncovered, late, and run 共同利用 or 単独."""

    covered: int
    uncovered: int
    late: int
    shared: int
    single: int


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
                vendor=initiative.vendor,
                usage=initiative.system_usage,
            )
        )
    return rows


def systems_summary(rows: list[SystemRow]) -> SystemsSummary:
    """The counts every face shows under its table."""
    return SystemsSummary(
        covered=sum(row.covered for row in rows),
        uncovered=sum(not row.covered for row in rows),
        late=sum(row.late for row in rows),
        shared=sum(row.usage == "shared" for row in rows),
        single=sum(row.usage == "single" for row in rows),
    )
