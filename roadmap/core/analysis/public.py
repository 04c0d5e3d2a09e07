"""What the version for residents shows (``roadmap export --audience public``).

A plan is an internal document: it names vendors, costs, staff and internal ids. The version for
residents keeps only what changes for them and when:

- the resident-facing work: every initiative of the 住民サービス step, every milestone (a
  system switched over, a report to the council), and any initiative whose plan gives a
  ``residents`` text (what changes for residents, in plain words);
- never cancelled work, never work on hold without dates a resident can rely on (on hold is
  kept, but marked as such by its status);
- for each: its title, step, first and last day (a month is what a resident needs), its status
  and progress, the ``residents`` text, and the owner only when it names a unit of the
  organisation (``総務課 情報政策係``), never a person;
- no ids, costs, staffing, KPI values, risks or critical-path words: they are left out here,
  so no renderer can show them by mistake.

The selection is pure: the same analysis gives the same view; renderers live in ``exporters``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmap.core.analysis.period import PlanPeriod, plan_period
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.model.plan import Initiative, Status, Step

__all__ = [
    "ORGANISATION_SUFFIXES",
    "PublicItem",
    "PublicView",
    "is_public",
    "public_owner",
    "public_view",
]

#: Endings of a unit of a municipality's organisation: an owner ending so is shown to residents
#: (it is whom to ask); any other owner may be a person's name and is left out.
ORGANISATION_SUFFIXES: tuple[str, ...] = (
    "課",
    "係",
    "室",
    "局",
    "部",
    "班",
    "所",
    "館",
    "園",
    "センター",
    "本部",
    "委員会",
    "組合",
    "グループ",
    "チーム",
    "役場",
    "町",
    "市",
    "村",
    "区",
)


@dataclass(frozen=True)
class PublicItem:
    """One piece of resident-facing work, without anything internal.

    ``key`` is the plan's id, for renderers that must match an item to its schedule; it is
    never printed.
    """

    key: str
    title: str
    step: Step | None
    start: dt.date
    finish: dt.date
    milestone: bool
    status: Status
    progress: float
    changes: str | None
    owner: str | None


@dataclass(frozen=True)
class PublicView:
    """The version for residents of one plan."""

    title: str
    organization: str | None
    period: PlanPeriod
    as_of: dt.date | None
    finish: dt.date
    items: tuple[PublicItem, ...]
    #: All work of the plan that is not cancelled, and how much of it is done.
    total: int
    done: int


def public_owner(owner: str | None) -> str | None:
    """``owner`` when it names a unit of the organisation, else ``None`` (it may be a person).

    >>> public_owner("総務課 情報政策係")
    '総務課 情報政策係'
    >>> public_owner("山田 太郎") is None
    True
    """
    if owner is None:
        return None
    name = " ".join(owner.split())
    if name and name.endswith(ORGANISATION_SUFFIXES):
        return name
    return None


def is_public(initiative: Initiative) -> bool:
    """Whether residents see ``initiative``: 住民サービス work, milestones, or a ``residents``
    text; never cancelled work."""
    if initiative.status is Status.CANCELLED:
        return False
    return (
        initiative.step is Step.RESIDENT_SERVICES
        or initiative.is_milestone
        or bool(initiative.residents and initiative.residents.strip())
    )


def public_view(analysis: Analysis, as_of: dt.date | None = None) -> PublicView:
    """The version for residents of a scheduled plan, items by start day then plan order.

    Raises ``ValueError`` for a plan that cannot be scheduled.
    """
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None:
        raise ValueError("the plan cannot be scheduled")
    settings = plan.plan
    items: list[PublicItem] = []
    for key, item in schedule.initiatives.items():
        initiative = plan.initiatives.get(key)
        if initiative is None or not is_public(initiative):
            continue
        changes = " ".join(initiative.residents.split()) if initiative.residents else None
        items.append(
            PublicItem(
                key=key,
                title=" ".join(initiative.title.split()),
                step=initiative.step,
                start=item.early_start,
                finish=item.early_finish,
                milestone=item.milestone,
                status=initiative.status,
                progress=initiative.progress,
                changes=changes or None,
                owner=public_owner(initiative.owner),
            )
        )
    items.sort(key=lambda entry: entry.start)  # stable: plan order within a day
    counted = [i for i in plan.initiatives.values() if i.status is not Status.CANCELLED]
    return PublicView(
        title=settings.title,
        organization=settings.organization,
        period=plan_period(plan, schedule),
        as_of=as_of or settings.status_date,
        finish=schedule.finish,
        items=tuple(items),
        total=len(counted),
        done=sum(1 for i in counted if i.status is Status.DONE),
    )
