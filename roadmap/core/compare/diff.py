"""What changed between two versions of a plan: the content of ``roadmap diff``.

:func:`diff_plans` is pure: two :class:`~roadmap.core.analysis.pipeline.Analysis` values in (the older and
the newer version, each checked and scheduled), one :class:`PlanDiff` out. It reports

- initiatives added, removed, and renamed (same id, new title);
- every other changed field, compared on the models' dumps field by field (``[plan]``
  settings, teams and budget caps too);
- schedule slips: start and finish moved, in working days of the newer plan's calendar,
  largest first;
- the critical path before and after, and the plan's projected finish;
- money per fiscal year, when :mod:`roadmap.core.analysis.budget` is available, for the
  years both versions' 計画期間 cover; a change of the 計画期間 itself (first or last 年度) is
  reported once as ``horizon``, never as a year "0 → 57,790,000" that only one side has.

:mod:`exporters.diff_report` renders a diff for the terminal, the council report and tools.

Money is compared as each fiscal year's total *before* subsidies (initial + running costs,
:attr:`roadmap.core.analysis.budget.FiscalYearBudget.total`), and every rendering says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.calendar.workdays import CalendarRangeError, WorkCalendar

if TYPE_CHECKING:
    from roadmap.core.model.plan import Plan

__all__ = [
    "BUDGET_BASIS",
    "BudgetChange",
    "FieldChange",
    "InitiativeRef",
    "PlanDiff",
    "Rename",
    "Slip",
    "comparison_calendar",
    "diff_plans",
    "working_day_shift",
]


#: What the money of a fiscal year means in a diff: the total before subsidies are deducted.
BUDGET_BASIS = "total-before-subsidies"


@dataclass(frozen=True)
class InitiativeRef:
    """An initiative named by id and title (added or removed)."""

    id: str
    title: str


@dataclass(frozen=True)
class Rename:
    """The same id with a new title."""

    id: str
    old_title: str
    new_title: str


@dataclass(frozen=True)
class FieldChange:
    """One changed value; ``section`` is ``"plan"``, ``"initiatives"``, ``"teams"`` or
    ``"budget"``, ``subject`` the initiative id or team name (``None`` for plan and budget)."""

    section: str
    subject: str | None
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Slip:
    """How far an initiative's start and finish moved, in working days (later is positive)."""

    id: str
    title: str
    old_start: dt.date
    new_start: dt.date
    old_finish: dt.date
    new_finish: dt.date
    start_days: int
    finish_days: int

    @property
    def size(self) -> int:
        return max(abs(self.start_days), abs(self.finish_days))


@dataclass(frozen=True)
class BudgetChange:
    """Money of one fiscal year before and after, in yen."""

    fiscal_year: int
    old: int
    new: int

    @property
    def change(self) -> int:
        return self.new - self.old


@dataclass(frozen=True)
class PlanDiff:
    """Everything that changed from ``old`` to ``new``; labels name the two versions."""

    old_label: str
    new_label: str
    added: list[InitiativeRef] = field(default_factory=list)
    removed: list[InitiativeRef] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)
    old_critical_path: list[str] = field(default_factory=list)
    new_critical_path: list[str] = field(default_factory=list)
    old_finish: dt.date | None = None
    new_finish: dt.date | None = None
    finish_days: int | None = None
    budget: list[BudgetChange] | None = None
    old_errors: int = 0
    new_errors: int = 0
    #: The budget horizon (計画期間: first and last 年度) of each version, when it has a budget.
    old_horizon: tuple[int, int] | None = None
    new_horizon: tuple[int, int] | None = None

    @property
    def horizon_changed(self) -> bool:
        """Whether both versions have a budget and their 計画期間 differ."""
        return (
            self.old_horizon is not None
            and self.new_horizon is not None
            and self.old_horizon != self.new_horizon
        )

    @property
    def critical_joined(self) -> list[str]:
        """Ids on the new critical path that were not on the old one."""
        before = set(self.old_critical_path)
        return [item for item in self.new_critical_path if item not in before]

    @property
    def critical_left(self) -> list[str]:
        """Ids that left the critical path."""
        after = set(self.new_critical_path)
        return [item for item in self.old_critical_path if item not in after]

    @property
    def budget_changes(self) -> list[BudgetChange]:
        return [item for item in self.budget or [] if item.change]

    @property
    def is_empty(self) -> bool:
        """Whether nothing a reader would notice changed."""
        return not (
            self.added
            or self.removed
            or self.renamed
            or self.changes
            or self.slips
            or self.old_critical_path != self.new_critical_path
            or self.old_finish != self.new_finish
            or self.budget_changes
            or self.horizon_changed
        )


# -- computing -----------------------------------------------------------------------------------


def diff_plans(
    old: Analysis, new: Analysis, old_label: str = "old", new_label: str = "new"
) -> PlanDiff:
    """Compare two analysed versions of a plan.

    Parameters
    ----------
    old, new : Analysis
        The earlier and the later version, each loaded, checked and scheduled. A version
        whose model could not be built contributes no initiatives; one that could not be
        scheduled contributes no dates.
    old_label, new_label : str
        How the versions are named in the output (a revision, a file name).

    Returns
    -------
    PlanDiff
        Lists in a stable order: added, changed and slipped initiatives follow the newer
        file; removed ones the older file; slips are sorted largest first.
    """
    old_plan, new_plan = old.plan, new.plan
    old_items = dict(old_plan.initiatives) if old_plan else {}
    new_items = dict(new_plan.initiatives) if new_plan else {}
    added = [
        InitiativeRef(key, item.title) for key, item in new_items.items() if key not in old_items
    ]
    removed = [
        InitiativeRef(key, item.title) for key, item in old_items.items() if key not in new_items
    ]
    renamed: list[Rename] = []
    changes: list[FieldChange] = []
    if old_plan is not None and new_plan is not None:
        changes.extend(_section_changes("plan", None, _dump(old_plan.plan), _dump(new_plan.plan)))
    for key, item in new_items.items():
        before = old_items.get(key)
        if before is None:
            continue
        if before.title != item.title:
            renamed.append(Rename(key, before.title, item.title))
        old_dump, new_dump = _dump(before), _dump(item)
        old_dump.pop("title", None)
        new_dump.pop("title", None)
        changes.extend(_section_changes("initiatives", key, old_dump, new_dump))
    if old_plan is not None and new_plan is not None:
        changes.extend(_team_changes(old_plan, new_plan))
        changes.extend(
            _section_changes("budget", None, _dump(old_plan.budget), _dump(new_plan.budget))
        )
    slips, finish_days = _slips(old, new)
    return PlanDiff(
        old_label=old_label,
        new_label=new_label,
        added=added,
        removed=removed,
        renamed=renamed,
        changes=changes,
        slips=slips,
        old_critical_path=list(old.schedule.critical_path) if old.schedule else [],
        new_critical_path=list(new.schedule.critical_path) if new.schedule else [],
        old_finish=old.schedule.finish if old.schedule else None,
        new_finish=new.schedule.finish if new.schedule else None,
        finish_days=finish_days,
        budget=_budget_changes(old, new),
        old_errors=len(old.errors),
        new_errors=len(new.errors),
        old_horizon=_horizon(old),
        new_horizon=_horizon(new),
    )


def _dump(model: Any) -> dict[str, Any]:
    """A model as JSON-like data, keys in the model's field order."""
    dumped: dict[str, Any] = model.model_dump(mode="json")
    return dumped


def _section_changes(
    section: str, subject: str | None, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[FieldChange]:
    """The fields whose values differ, in the model's field order."""
    names = list(new) + [name for name in old if name not in new]
    return [
        FieldChange(section, subject, name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    ]


def _team_changes(old: Plan, new: Plan) -> list[FieldChange]:
    changes: list[FieldChange] = []
    names = list(new.teams) + [name for name in old.teams if name not in new.teams]
    for name in names:
        before = _dump(old.teams[name]) if name in old.teams else {}
        after = _dump(new.teams[name]) if name in new.teams else {}
        changes.extend(_section_changes("teams", name, before, after))
    return changes


def comparison_calendar(new: Analysis, days: Iterable[dt.date]) -> WorkCalendar | None:
    """The newer plan's working calendar, reaching back to the earliest date compared."""
    if new.plan is None:
        return None
    settings = new.plan.plan
    first_year = max(1951, min(2099, min((day.year for day in days), default=2000) - 1))
    try:
        return WorkCalendar(
            kind=settings.calendar,
            extra_holidays=settings.holidays,
            year_end_closure=settings.year_end_closure,
            first_year=first_year,
        )
    except CalendarRangeError:
        return None


def working_day_shift(calendar: WorkCalendar | None, old: dt.date, new: dt.date) -> int:
    """Working days from ``old`` to ``new`` (negative when earlier); calendar days as fallback."""
    if old == new:
        return 0
    if calendar is not None:
        try:
            return calendar.index_on_or_after(new) - calendar.index_on_or_after(old)
        except CalendarRangeError:
            pass
    return (new - old).days


def _slips(old: Analysis, new: Analysis) -> tuple[list[Slip], int | None]:
    if old.schedule is None or new.schedule is None:
        return [], None
    before, after = old.schedule.initiatives, new.schedule.initiatives
    common = [key for key in after if key in before]
    days = [old.schedule.start, new.schedule.start, old.schedule.finish, new.schedule.finish]
    for key in common:
        days.extend((before[key].early_start, after[key].early_start))
    calendar = comparison_calendar(new, days)
    slips: list[Slip] = []
    for key in common:
        was, now = before[key], after[key]
        slip = Slip(
            id=key,
            title=now.title,
            old_start=was.early_start,
            new_start=now.early_start,
            old_finish=was.early_finish,
            new_finish=now.early_finish,
            start_days=working_day_shift(calendar, was.early_start, now.early_start),
            finish_days=working_day_shift(calendar, was.early_finish, now.early_finish),
        )
        if slip.start_days or slip.finish_days:
            slips.append(slip)
    order = {key: position for position, key in enumerate(after)}
    slips.sort(key=lambda item: (-item.size, -item.finish_days, order[item.id]))
    finish_days = working_day_shift(calendar, old.schedule.finish, new.schedule.finish)
    return slips, finish_days


def _budget_totals(analysis: Analysis) -> dict[int, int] | None:
    """Yen per fiscal year (``total``: initial + running, before subsidies) from the analysis's
    budget report, or ``None`` when it has none."""
    report = analysis.budget
    if report is None:
        return None
    return {int(year.fiscal_year): int(year.total) for year in report.years}


def _horizon(analysis: Analysis) -> tuple[int, int] | None:
    """First and last 年度 of the analysis's budget report (its 計画期間), if it has one."""
    report = analysis.budget
    return None if report is None else (int(report.first_year), int(report.last_year))


def _budget_changes(old: Analysis, new: Analysis) -> list[BudgetChange] | None:
    """Money per 年度 for the years both 計画期間 cover (a year only one side reports is a
    change of the horizon, reported apart)."""
    before, after = _budget_totals(old), _budget_totals(new)
    if before is None or after is None:
        return None
    years = sorted(set(before) & set(after))
    return [BudgetChange(year, before[year], after[year]) for year in years]
