"""What changed between two versions of a plan: the content of ``roadmap diff``.

:func:`diff_plans` is pure: two :class:`~roadmap.analysis.Analysis` values in (the older and
the newer version, each checked and scheduled), one :class:`PlanDiff` out. It reports

- initiatives added, removed, and renamed (same id, new title);
- every other changed field, compared on the models' dumps field by field (``[plan]``
  settings, teams and budget caps too);
- schedule slips: start and finish moved, in working days of the newer plan's calendar,
  largest first;
- the critical path before and after, and the plan's projected finish;
- money per fiscal year, when :mod:`roadmap.budget` is available.

The renderers turn a diff into a Rich table for the terminal, a Markdown section for the
council report (「前回報告からの変更点」) and a JSON document for tools. Plan text (titles, ids,
values) and version names (branches, tags, file names) are escaped for where they go: with
:func:`roadmap.termsafe.terminal_safe` on the terminal, with :func:`roadmap.mdtext.md_text`
(the Markdown report's own escaping) in Markdown.

Money is compared as each fiscal year's total *before* subsidies (initial + running costs,
:attr:`roadmap.budget.FiscalYearBudget.total`), and every rendering says so.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from roadmap.analysis import Analysis
from roadmap.calendars import CalendarRangeError, WorkCalendar
from roadmap.i18n import Lang, field_label, text
from roadmap.mdtext import md_code, md_table, md_text
from roadmap.termsafe import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console

    from roadmap.model import Plan

__all__ = [
    "BUDGET_BASIS",
    "DIFF_DOCUMENT_VERSION",
    "BudgetChange",
    "FieldChange",
    "InitiativeRef",
    "PlanDiff",
    "Rename",
    "Slip",
    "comparison_calendar",
    "diff_document",
    "diff_markdown",
    "diff_plans",
    "print_diff",
    "working_day_shift",
]

DIFF_DOCUMENT_VERSION = 1

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
    """Yen per fiscal year (``total``: initial + running, before subsidies) from
    :mod:`roadmap.budget`, or ``None`` when it is not available."""
    if analysis.plan is None or analysis.schedule is None:
        return None
    try:
        budget = importlib.import_module("roadmap.budget")
    except ImportError:
        return None
    compute = getattr(budget, "budget_report", None)
    if compute is None:
        return None
    try:
        report = compute(analysis.plan, analysis.schedule)
        return {int(year.fiscal_year): int(year.total) for year in report.years}
    except Exception:  # money is an extra: a failure there must not stop the diff
        return None


def _budget_changes(old: Analysis, new: Analysis) -> list[BudgetChange] | None:
    before, after = _budget_totals(old), _budget_totals(new)
    if before is None or after is None:
        return None
    years = sorted(set(before) | set(after))
    return [BudgetChange(year, before.get(year, 0), after.get(year, 0)) for year in years]


# -- rendering helpers ---------------------------------------------------------------------------


def _value(value: Any, lang: Lang) -> str:
    """A changed value as one short line of text."""
    if value is None or value == [] or value == {}:
        return text("diff.value.none", lang)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _field_name(change: FieldChange, lang: Lang) -> str:
    if change.section == "plan" and change.field == "title":
        return field_label("title_plan", lang)
    label = field_label(change.field, lang)
    return label if label == change.field else f"{label} ({change.field})"


def _subject(change: FieldChange, lang: Lang) -> str:
    if change.section == "initiatives":
        return change.subject or ""
    if change.section == "teams":
        return f"{text('diff.section.teams', lang)}: {change.subject}"
    return text(f"diff.section.{change.section}", lang)


def _days(count: int, lang: Lang) -> str:
    """``+5営業日`` / ``-3 working days`` / ``±0``."""
    if count == 0:
        return "±0"
    sign = "+" if count > 0 else "-"
    return sign + text("working_days", lang, n=abs(count))


def _path(ids: list[str], lang: Lang, escape: Callable[[str], str]) -> str:
    """A critical path as ``a → b → c``, each id escaped for where it goes."""
    return " → ".join(escape(item) for item in ids) if ids else text("diff.value.none", lang)


def _yen(amount: int) -> str:
    return f"{amount:,}"


def _finish_line(diff: PlanDiff, lang: Lang) -> str | None:
    if diff.old_finish is None or diff.new_finish is None:
        return None
    if diff.old_finish == diff.new_finish:
        return text("diff.finish.same", lang, date=diff.new_finish.isoformat())
    return text(
        "diff.finish.moved",
        lang,
        old=diff.old_finish.isoformat(),
        new=diff.new_finish.isoformat(),
        days=_days(diff.finish_days or 0, lang),
    )


def _error_lines(diff: PlanDiff, lang: Lang, escape: Callable[[str], str]) -> list[str]:
    lines = []
    for label, count in ((diff.old_label, diff.old_errors), (diff.new_label, diff.new_errors)):
        if count:
            lines.append(text("diff.has-errors", lang, label=escape(label), errors=count))
    return lines


# -- JSON ----------------------------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def diff_document(diff: PlanDiff) -> dict[str, Any]:
    """The diff as plain data for ``roadmap diff --json`` (keys are stable)."""
    return {
        "version": DIFF_DOCUMENT_VERSION,
        "old": diff.old_label,
        "new": diff.new_label,
        "changed": not diff.is_empty,
        "errors": {"old": diff.old_errors, "new": diff.new_errors},
        "finish": {
            "old": _iso(diff.old_finish),
            "new": _iso(diff.new_finish),
            "working_days": diff.finish_days,
        },
        "added": [{"id": item.id, "title": item.title} for item in diff.added],
        "removed": [{"id": item.id, "title": item.title} for item in diff.removed],
        "renamed": [
            {"id": item.id, "old_title": item.old_title, "new_title": item.new_title}
            for item in diff.renamed
        ],
        "changes": [
            {
                "section": item.section,
                "id": item.subject,
                "field": item.field,
                "old": item.old,
                "new": item.new,
            }
            for item in diff.changes
        ],
        "slips": [
            {
                "id": item.id,
                "title": item.title,
                "old_start": _iso(item.old_start),
                "new_start": _iso(item.new_start),
                "start_days": item.start_days,
                "old_finish": _iso(item.old_finish),
                "new_finish": _iso(item.new_finish),
                "finish_days": item.finish_days,
            }
            for item in diff.slips
        ],
        "critical_path": {
            "old": diff.old_critical_path,
            "new": diff.new_critical_path,
            "joined": diff.critical_joined,
            "left": diff.critical_left,
        },
        "budget_basis": BUDGET_BASIS,
        "budget": None
        if diff.budget is None
        else [
            {
                "fiscal_year": item.fiscal_year,
                "old": item.old,
                "new": item.new,
                "change": item.change,
            }
            for item in diff.budget
        ],
    }


# -- Markdown ------------------------------------------------------------------------------------


def _md_titled(item_id: str, title: str | None) -> str:
    """``Title (`id`)`` in Markdown, or the id alone."""
    return f"{md_text(title)} ({md_code(item_id)})" if title else md_code(item_id)


def diff_markdown(diff: PlanDiff, lang: Lang = "ja", heading_level: int = 2) -> str:
    """The diff as a Markdown section (「前回報告からの変更点」) for the council report.

    Every piece of plan text, and the names of the two versions, go through
    :func:`roadmap.mdtext.md_text` (ids through :func:`roadmap.mdtext.md_code`), like the
    Markdown report: a title cannot add a heading, break a table or insert HTML.
    """
    mark = "#" * heading_level
    sub = mark + "#"
    lines = [f"{mark} {md_text(text('diff.title', lang))}", ""]
    compared = text("diff.compared", lang, old=md_text(diff.old_label), new=md_text(diff.new_label))
    lines += [compared, ""]
    lines.extend(f"> {line}" for line in _error_lines(diff, lang, md_text))
    if diff.old_errors or diff.new_errors:
        lines.append("")
    finish = _finish_line(diff, lang)
    if finish:
        lines += [f"- {md_text(finish)}", ""]
    if diff.is_empty:
        lines += [md_text(text("diff.none", lang)), ""]
        return "\n".join(lines)
    titles = {item.id: item.title for item in diff.removed}
    titles.update({item.id: item.title for item in diff.slips})
    titles.update({item.id: item.title for item in diff.added})
    if diff.added:
        lines += [f"{sub} {md_text(text('diff.added', lang))}", ""]
        lines += [f"- {_md_titled(item.id, item.title)}" for item in diff.added] + [""]
    if diff.removed:
        lines += [f"{sub} {md_text(text('diff.removed', lang))}", ""]
        lines += [f"- {_md_titled(item.id, item.title)}" for item in diff.removed] + [""]
    if diff.renamed:
        lines += [f"{sub} {md_text(text('diff.renamed', lang))}", ""]
        lines += [
            f"- {md_code(item.id)}: {md_text(item.old_title)} → {md_text(item.new_title)}"
            for item in diff.renamed
        ] + [""]
    if diff.slips:
        lines += [f"{sub} {md_text(text('diff.slips', lang))}", ""]
        headers = [
            text("diff.column.initiative", lang),
            field_label("start", lang),
            field_label("finish", lang),
            text("diff.column.slip", lang),
        ]
        rows = [
            [
                _md_titled(item.id, item.title),
                f"{item.old_start} → {item.new_start}",
                f"{item.old_finish} → {item.new_finish}",
                md_text(_days(item.finish_days, lang)),
            ]
            for item in diff.slips
        ]
        align = ["left", "left", "left", "right"]
        lines += [*md_table([md_text(cell) for cell in headers], rows, align), ""]
    if diff.old_critical_path != diff.new_critical_path:
        lines += [f"{sub} {md_text(text('diff.critical', lang))}", ""]
        for key, path in (
            ("diff.before", diff.old_critical_path),
            ("diff.after", diff.new_critical_path),
        ):
            lines.append(f"- {md_text(text(key, lang))}: {_path(path, lang, md_code)}")
        for key, ids in (
            ("diff.critical.joined", diff.critical_joined),
            ("diff.critical.left", diff.critical_left),
        ):
            if ids:
                named = ", ".join(_md_titled(item, titles.get(item)) for item in ids)
                lines.append(f"- {md_text(text(key, lang))}: {named}")
        lines.append("")
    if diff.changes:
        lines += [f"{sub} {md_text(text('diff.changed', lang))}", ""]
        headers = [
            text("diff.column.initiative", lang),
            text("diff.column.field", lang),
            text("diff.before", lang),
            text("diff.after", lang),
        ]
        rows = [
            [
                md_text(_subject(item, lang)),
                md_text(_field_name(item, lang)),
                md_text(_value(item.old, lang)),
                md_text(_value(item.new, lang)),
            ]
            for item in diff.changes
        ]
        lines += [*md_table([md_text(cell) for cell in headers], rows), ""]
    if diff.budget_changes:
        lines += [f"{sub} {md_text(text('diff.budget', lang))}", ""]
        lines += [md_text(text("diff.budget.basis", lang)), ""]
        headers = [
            text("diff.column.fiscal_year", lang),
            text("diff.before", lang),
            text("diff.after", lang),
            text("diff.column.change", lang),
        ]
        rows = [
            [
                md_text(_fiscal_year(item.fiscal_year, lang)),
                _yen(item.old),
                _yen(item.new),
                f"{item.change:+,}",
            ]
            for item in diff.budget_changes
        ]
        align = ["left", "right", "right", "right"]
        lines += [*md_table([md_text(cell) for cell in headers], rows, align), ""]
    return "\n".join(lines)


def _fiscal_year(year: int, lang: Lang) -> str:
    from roadmap.fiscal import fiscal_year_label

    return fiscal_year_label(year, lang)


# -- terminal ------------------------------------------------------------------------------------


def print_diff(diff: PlanDiff, lang: Lang = "ja", console: Console | None = None) -> None:
    """The diff as Rich tables on the terminal."""
    from rich.table import Table
    from rich.text import Text

    from roadmap.textreport import console_for

    console = console or console_for()
    console.print(text("diff.title", lang), style="bold")
    old_label, new_label = terminal_safe(diff.old_label), terminal_safe(diff.new_label)
    console.print(text("diff.compared", lang, old=old_label, new=new_label))
    for line in _error_lines(diff, lang, terminal_safe):
        console.print(line, style="yellow")
    finish = _finish_line(diff, lang)
    if finish:
        console.print(finish)
    if diff.is_empty:
        console.print(text("diff.none", lang))
        return
    for key, items in (("diff.added", diff.added), ("diff.removed", diff.removed)):
        if items:
            console.print(text(key, lang), style="bold")
            for item in items:
                line = f"  {terminal_safe(item.id)}  {terminal_safe(item.title)}"
                console.print(line, markup=False)
    if diff.renamed:
        console.print(text("diff.renamed", lang), style="bold")
        for rename in diff.renamed:
            old_title, new_title = terminal_safe(rename.old_title), terminal_safe(rename.new_title)
            console.print(f"  {terminal_safe(rename.id)}  {old_title} → {new_title}", markup=False)
    if diff.slips:
        table = Table(title=text("diff.slips", lang), title_justify="left", header_style="bold")
        for header in ("id", "title"):
            table.add_column(field_label(header, lang), no_wrap=header == "id")
        table.add_column(field_label("start", lang), no_wrap=True)
        table.add_column(field_label("finish", lang), no_wrap=True)
        table.add_column(text("diff.column.slip", lang), justify="right", no_wrap=True)
        for slip in diff.slips:
            table.add_row(
                Text(terminal_safe(slip.id)),
                Text(terminal_safe(slip.title)),
                f"{slip.old_start} → {slip.new_start}",
                f"{slip.old_finish} → {slip.new_finish}",
                _days(slip.finish_days, lang),
                style="red" if slip.finish_days > 0 else None,
            )
        console.print(table)
    if diff.old_critical_path != diff.new_critical_path:
        console.print(text("diff.critical", lang), style="bold")
        for key, path in (
            ("diff.before", diff.old_critical_path),
            ("diff.after", diff.new_critical_path),
        ):
            console.print(f"  {text(key, lang)}: {_path(path, lang, terminal_safe)}", markup=False)
    if diff.changes:
        table = Table(title=text("diff.changed", lang), title_justify="left", header_style="bold")
        table.add_column(text("diff.column.initiative", lang), no_wrap=True)
        table.add_column(text("diff.column.field", lang), no_wrap=True)
        table.add_column(text("diff.before", lang))
        table.add_column(text("diff.after", lang))
        for change in diff.changes:
            table.add_row(
                Text(terminal_safe(_subject(change, lang))),
                Text(terminal_safe(_field_name(change, lang))),
                Text(terminal_safe(_value(change.old, lang))),
                Text(terminal_safe(_value(change.new, lang))),
            )
        console.print(table)
    if diff.budget_changes:
        table = Table(
            title=text("diff.budget", lang),
            title_justify="left",
            header_style="bold",
            caption=text("diff.budget.basis", lang),
            caption_justify="left",
        )
        table.add_column(text("diff.column.fiscal_year", lang), no_wrap=True)
        for key in ("diff.before", "diff.after", "diff.column.change"):
            table.add_column(text(key, lang), justify="right", no_wrap=True)
        for year in diff.budget_changes:
            table.add_row(
                _fiscal_year(year.fiscal_year, lang),
                _yen(year.old),
                _yen(year.new),
                f"{year.change:+,}",
            )
        console.print(table)
