"""Mermaid ``gantt`` charts of a schedule: escaping, chart text, and splitting large plans.

This module owns what a Mermaid chart of a plan looks like and every rule that keeps Mermaid
from misreading it (the facts are in the project's Mermaid reference,
``shared/reference/mermaid-gantt.md``). The target is Mermaid 10.7 and later (GitHub, GitLab):

- ``dateFormat YYYY-MM-DD``, ``todayMarker off`` and, on the business calendar, one
  ``excludes weekends, <closed weekdays>`` line listing the holidays and closure days in the
  chart's span (from :meth:`roadmap.core.calendar.workdays.WorkCalendar.closed_days`).
- Every task has explicit dates from our scheduler: its first day and an *exclusive* end (the
  day after its last day). A milestone is ``milestone, tN, DAY, 0d``: Mermaid then stores start
  and end on DAY and draws the diamond on it. No ``after``, ``until``, ``vert`` or ``weekend``.
- Task ids are ``t1``, ``t2``, ... by the initiative's position in the plan file, since plan
  ids may be Japanese and Mermaid only takes ASCII ids.
- ``crit`` marks critical work, ``done`` / ``active`` come from the status.
- One ``section`` per step in the canonical order, 共通 (no step) last.
- Names are escaped with decimal entity codes (:func:`escape_text`), so ``: ; # % < > &``,
  newlines, leading keywords and leading dates neither break nor silently change a chart.
- A plan with more than :data:`MAX_ROWS` initiatives is split into several charts, per step
  and then per fiscal year (and in parts when a fiscal year is still too long), each under
  :data:`MAX_CHART_CHARS` characters (Mermaid refuses 50,000 and more).

:func:`export` is the ``mermaid`` format: one raw chart when the plan fits in one (the row
limit does not apply to a file made for a renderer), otherwise each chart in its own
```` ```mermaid ```` block under a heading, as in the Markdown report.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from exporters.base import ExportOptions
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.schedule import Schedule, ScheduledInitiative
from roadmap.core.calendar.fiscal import fiscal_year_label, fiscal_year_of
from roadmap.core.calendar.workdays import WorkCalendar
from roadmap.core.i18n import Lang, step_label, text
from roadmap.core.model.plan import STEP_ORDER, Status, Step

__all__ = [
    "MAX_CHART_CHARS",
    "MAX_NAME_CHARS",
    "MAX_ROWS",
    "Chart",
    "build_charts",
    "escape_text",
    "export",
    "plain_name",
    "render_chart",
    "task_ids",
]

#: Rows per chart in the Markdown report: a chart row is 24 px and pages scale charts to width.
MAX_ROWS = 60
#: Characters per chart, safely under Mermaid's ``maxTextSize`` of 50,000.
MAX_CHART_CHARS = 45_000
#: Longer names are cut (with an ellipsis) so that one name cannot outgrow a chart.
MAX_NAME_CHARS = 300

INDENT = "    "  # four spaces: no line inside a ``` fence can close it

#: Words that start a Mermaid gantt statement (lowercase); a name starting with one is misread.
KEYWORDS: tuple[str, ...] = (
    "title",
    "section",
    "gantt",
    "dateformat",
    "axisformat",
    "tickinterval",
    "excludes",
    "includes",
    "todaymarker",
    "weekday",
    "weekend",
    "inclusiveenddates",
    "topaxis",
    "acctitle",
    "accdescr",
    "click",
    "call",
    "href",
)

#: Characters that end or change a statement, as Mermaid's decimal entity codes.
_ENTITIES: dict[str, str] = {
    "#": "#35;",
    ":": "#58;",
    ";": "#59;",
    "%": "#37;",
    "`": "#96;",
    # raw in task names, but a title shows them as entities or drops them as a tag
    "<": "#60;",
    ">": "#62;",
    "&": "#38;",
}
_LEADING_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SETTINGS = ("dateFormat YYYY-MM-DD", "axisFormat %Y-%m", "todayMarker off")
_EMPTY_NAME = "#8203;"  # a zero-width space: Mermaid needs some text


_ENTITY_TABLE = str.maketrans(_ENTITIES)
_ENTITY_FOUND = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")


def _without_controls(value: str) -> str:
    """``value`` with control characters and line/paragraph separators as spaces."""
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in value
    )


def plain_name(value: str) -> str:
    """``value`` on one line, as a chart shows it: runs of whitespace and control characters
    become one space, the ends are trimmed, and names over :data:`MAX_NAME_CHARS` are cut.

    >>> plain_name("  Phase 1\\n  design ")
    'Phase 1 design'
    """
    name = " ".join(value.split())
    if not name.isprintable():
        name = " ".join(_without_controls(name).split())
    if len(name) > MAX_NAME_CHARS:
        name = name[: MAX_NAME_CHARS - 1].rstrip() + "…"
    return name


def escape_text(value: str) -> str:
    """``value`` as Mermaid task, section or title text that Mermaid reads back unchanged.

    >>> escape_text("Phase 1: design; 50% #2")
    'Phase 1#58; design#59; 50#37; #35;2'
    >>> escape_text("title page")
    '#116;itle page'
    >>> escape_text("2026-05-01 cut-over")
    '#50;026-05-01 cut-over'
    >>> escape_text(" \\n ")
    '#8203;'
    """
    name = plain_name(value)
    if not name:
        return _EMPTY_NAME
    escaped = name.translate(_ENTITY_TABLE) if _ENTITY_FOUND.search(name) else name
    if name.lower().startswith(KEYWORDS) or _LEADING_DATE.match(name):
        escaped = f"#{ord(name[0])};{escaped[1:]}"
    return escaped


def task_ids(analysis: Analysis) -> dict[str, str]:
    """Initiative id -> Mermaid id (``t1``, ``t2``, ... by position in the plan file)."""
    assert analysis.plan is not None
    return {
        initiative_id: f"t{position}"
        for position, initiative_id in enumerate(analysis.plan.initiatives, start=1)
    }


def _tags(item: ScheduledInitiative) -> list[str]:
    tags: list[str] = []
    if item.status is Status.DONE:
        tags.append("done")
    elif item.status is Status.IN_PROGRESS:
        tags.append("active")
    if item.critical:
        tags.append("crit")
    if item.milestone:
        tags.append("milestone")
    return tags


def task_line(item: ScheduledInitiative, mermaid_id: str) -> str:
    """One task statement with explicit dates (exclusive end; ``0d`` for a milestone)."""
    data = [*_tags(item), mermaid_id, item.early_start.isoformat()]
    if item.milestone:
        data.append("0d")
    else:
        data.append((item.early_finish + dt.timedelta(days=1)).isoformat())
    return f"{INDENT}{escape_text(item.title)} :{', '.join(data)}"


@dataclass(frozen=True)
class Chart:
    """One Mermaid chart: what part of the plan it shows, its text, and its initiatives."""

    label: str | None  # ``None`` when the chart shows the whole plan
    text: str
    ids: tuple[str, ...]


Section = tuple[str, list[ScheduledInitiative]]


def _sections(schedule: Schedule, lang: Lang) -> list[Section]:
    """Scheduled work per step in the canonical order, 共通 last; file order inside."""
    by_step: dict[Step | None, list[ScheduledInitiative]] = {
        step: [] for step in (*STEP_ORDER, None)
    }
    for item in schedule.initiatives.values():
        by_step[item.step].append(item)
    return [
        (step_label(step.value if step is not None else None, lang), items)
        for step, items in by_step.items()
        if items
    ]


class _ClosedDays:
    """The calendar's closed weekdays over the whole schedule, sliced per chart."""

    def __init__(self, calendar: WorkCalendar, schedule: Schedule) -> None:
        self.business = calendar.kind == "business"
        days = list(calendar.closed_days(schedule.start, schedule.finish)) if self.business else []
        self.days = days

    def excludes_line(self, first: dt.date, last: dt.date) -> str | None:
        if not self.business:
            return None
        low = bisect.bisect_left(self.days, first)
        high = bisect.bisect_right(self.days, last)
        return ", ".join(["weekends", *(day.isoformat() for day in self.days[low:high])])


def render_chart(
    title: str,
    sections: Sequence[Section],
    ids: dict[str, str],
    closed: _ClosedDays,
) -> str:
    """The text of one chart (ending with a newline)."""
    items = [item for _label, members in sections for item in members]
    first = min(item.early_start for item in items)
    last = max(item.early_finish for item in items)
    lines = [
        "gantt",
        f"{INDENT}title {escape_text(title)}",
        *(f"{INDENT}{line}" for line in _SETTINGS),
    ]
    excludes = closed.excludes_line(first, last)
    if excludes is not None:
        lines.append(f"{INDENT}excludes {excludes}")
    for label, members in sections:
        lines.append(f"{INDENT}section {escape_text(label)}")
        lines.extend(task_line(item, ids[item.id]) for item in members)
    return "\n".join(lines) + "\n"


def _chunks(items: list[ScheduledInitiative], max_rows: int) -> list[list[ScheduledInitiative]]:
    """``items`` in consecutive parts of even size, none longer than ``max_rows``."""
    parts = max(1, math.ceil(len(items) / max_rows))
    size = math.ceil(len(items) / parts)
    return [items[start : start + size] for start in range(0, len(items), size)]


def _groups(
    sections: list[Section], max_rows: int | None, start_month: int, lang: Lang
) -> list[tuple[str | None, list[Section]]]:
    """The charts' contents: the whole plan, or per step, per fiscal year, in parts."""
    total = sum(len(members) for _label, members in sections)
    if max_rows is None or total <= max_rows:
        return [(None, sections)]
    groups: list[tuple[str | None, list[Section]]] = []
    for label, members in sections:
        if len(members) <= max_rows:
            groups.append((label, [(label, members)]))
            continue
        by_year: dict[int, list[ScheduledInitiative]] = {}
        for item in members:
            by_year.setdefault(fiscal_year_of(item.early_start, start_month), []).append(item)
        for year in sorted(by_year):
            year_label = f"{label} {fiscal_year_label(year, lang)}"
            chunks = _chunks(by_year[year], max_rows)
            for number, chunk in enumerate(chunks, start=1):
                chart_label = year_label
                if len(chunks) > 1:
                    chart_label = text("export.chart_part", lang, label=year_label, n=number)
                groups.append((chart_label, [(label, chunk)]))
    return groups


def _halves(sections: list[Section]) -> tuple[list[Section], list[Section]]:
    """Split a chart's rows in two, keeping their sections."""
    rows = [(label, item) for label, members in sections for item in members]
    middle = len(rows) // 2
    result: tuple[list[Section], list[Section]] = ([], [])
    for half, part in zip(result, (rows[:middle], rows[middle:]), strict=True):
        for label, item in part:
            if not half or half[-1][0] != label:
                half.append((label, []))
            half[-1][1].append(item)
    return result


def build_charts(
    analysis: Analysis,
    options: ExportOptions,
    *,
    max_rows: int | None = MAX_ROWS,
    max_chars: int = MAX_CHART_CHARS,
) -> list[Chart]:
    """The plan's Mermaid charts: one, or several when the plan is large.

    Parameters
    ----------
    analysis : Analysis
        A plan without errors, with its schedule.
    options : ExportOptions
        ``lang`` names the sections.
    max_rows : int or None
        Split when the plan has more initiatives than this (``None``: only ``max_chars``).
    max_chars : int
        Split any chart whose text would be longer than this.
    """
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None:
        raise ValueError("the plan cannot be scheduled")
    if not schedule.initiatives:
        lines = ["gantt", f"title {escape_text(plan.plan.title)}", *_SETTINGS]
        return [Chart(None, f"\n{INDENT}".join(lines) + "\n", ())]
    lang = options.lang
    ids = task_ids(analysis)
    closed = _ClosedDays(schedule.calendar, schedule)
    sections = _sections(schedule, lang)
    start_month = plan.plan.fiscal_year_start_month
    pending = list(reversed(_groups(sections, max_rows, start_month, lang)))
    charts: list[Chart] = []
    while pending:
        label, members = pending.pop()
        title = plan.plan.title if label is None else f"{plan.plan.title} - {label}"
        chart_text = render_chart(title, members, ids, closed)
        rows = sum(len(items) for _label, items in members)
        if len(chart_text) > max_chars and rows > 1:
            first, second = _halves(members)
            base = label if label is not None else text("export.plan_wide", lang)
            pending.append((text("export.chart_part", lang, label=base, n=2), second))
            pending.append((text("export.chart_part", lang, label=base, n=1), first))
            continue
        item_ids = tuple(item.id for _label, items in members for item in items)
        charts.append(Chart(label, chart_text, item_ids))
    return charts


def fenced(chart: Chart) -> str:
    """``chart`` in a ```` ```mermaid ```` block."""
    return f"```mermaid\n{chart.text}```\n"


def export(analysis: Analysis, options: ExportOptions) -> bytes:
    """The ``mermaid`` format: one raw chart, or headed fenced charts for a very large plan."""
    charts = build_charts(analysis, options, max_rows=None, max_chars=MAX_CHART_CHARS)
    if len(charts) == 1:
        return charts[0].text.encode("utf-8")
    from exporters.md_sections import md_text

    parts = [f"## {md_text(chart.label or '')}\n\n{fenced(chart)}" for chart in charts]
    return "\n".join(parts).encode("utf-8")
