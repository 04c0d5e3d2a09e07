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
- A readable axis (:func:`choose_axis`): ``axisFormat`` and ``tickInterval`` chosen from the
  span so that the tick labels fit a chart of :data:`CHART_WIDTH_PX` without touching: weeks
  (``%m/%d``) for a plan of weeks, ``%y/%m`` every 1, 2, 3 or 6 months, then years (``%Y``).
- Names are cut to :data:`MAX_LABEL_EMS` (a name wider than its bar is drawn beside it and
  would run out of the chart); work in progress shows its progress: ``設計 (60%)``.
- ``crit`` marks critical work, ``done`` / ``active`` come from the status.
- One ``section`` per step in the canonical order, 共通 (no step) last. In the version for
  residents (``audience="public"``) only their work, without ``crit``, named in plain words.
- Names are escaped with decimal entity codes (:func:`escape_text`), so ``: ; # % < > &``,
  newlines, leading keywords and leading dates neither break nor silently change a chart.
- A plan with more than :data:`MAX_ROWS` initiatives is split into several charts, per step
  and then per fiscal year (and in parts when a fiscal year is still too long), each under
  :data:`MAX_CHART_CHARS` characters (Mermaid refuses 50,000 and more). The parts then share
  one time axis: each starts with a row over the whole plan (:data:`SPAN_ID`), since Mermaid
  has no setting for an axis range.

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
from roadmap.core.analysis.public import public_view
from roadmap.core.analysis.schedule import Schedule, ScheduledInitiative
from roadmap.core.calendar.fiscal import fiscal_year_label, fiscal_year_of
from roadmap.core.calendar.workdays import WorkCalendar
from roadmap.core.i18n import Lang, step_label, text
from roadmap.core.model.plan import STEP_ORDER, Status, Step

__all__ = [
    "AXES",
    "CHART_WIDTH_PX",
    "MAX_CHART_CHARS",
    "MAX_LABEL_EMS",
    "MAX_NAME_CHARS",
    "MAX_ROWS",
    "PLOT_WIDTH_PX",
    "SPAN_ID",
    "TICK_GAP_PX",
    "Axis",
    "Chart",
    "build_charts",
    "chart_legend",
    "choose_axis",
    "escape_text",
    "export",
    "plain_name",
    "render_chart",
    "shown_name",
    "task_ids",
    "tick_count",
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
_SETTINGS = ("dateFormat YYYY-MM-DD", "todayMarker off")
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


#: The width GitHub and GitLab give a chart in an issue or a README, in px (a chart is scaled
#: to its column: about 800 px on a laptop); Mermaid keeps 75 px left and right of the plot.
CHART_WIDTH_PX = 800
PLOT_WIDTH_PX = CHART_WIDTH_PX - 2 * 75
#: Mermaid's gantt font (11 px): an ASCII digit or slash is about 6.5 px, a CJK character 11 px.
AXIS_CHAR_PX = 6.5
NAME_EM_PX = 11
#: Space between two tick labels, so that they never touch.
TICK_GAP_PX = 12
#: Longest name drawn, in ems (a CJK character is one, ASCII about half): Mermaid draws a name
#: that does not fit in its bar beside it, so a longer one runs out of the chart. The whole name
#: is in the table Gantt under the chart.
MAX_LABEL_EMS = 24
#: The row that gives every part of a split plan the same time axis has this id.
SPAN_ID = "plan_span"


@dataclass(frozen=True)
class Axis:
    """Mermaid's ``tickInterval`` and ``axisFormat``: ``n`` ``unit`` (``week`` or ``month``)."""

    n: int
    unit: str
    format: str

    @property
    def interval(self) -> str:
        return f"{self.n}{self.unit}"

    @property
    def label_px(self) -> float:
        """The width of one tick label (``%y/%m`` is five characters, ``%Y`` four)."""
        sample = {"%Y": "2026", "%y/%m": "26/04", "%m/%d": "04/01"}[self.format]
        return len(sample) * AXIS_CHAR_PX

    def fits(self) -> int:
        """How many tick labels fit side by side in the plot."""
        return int(PLOT_WIDTH_PX // (self.label_px + TICK_GAP_PX)) + 1


#: From fine to coarse: weeks for a plan of a few weeks, ``%y/%m`` months, then years.
AXES: tuple[Axis, ...] = (
    Axis(1, "week", "%m/%d"),
    Axis(2, "week", "%m/%d"),
    Axis(1, "month", "%y/%m"),
    Axis(2, "month", "%y/%m"),
    Axis(3, "month", "%y/%m"),
    Axis(6, "month", "%y/%m"),
    Axis(12, "month", "%Y"),
)

_WEEK_ZERO = dt.date(1969, 12, 28)  # the Sunday d3's week count starts from


def tick_count(first: dt.date, end: dt.date, axis: Axis) -> int:
    """How many ticks Mermaid (d3) draws from ``first`` to ``end`` (both included).

    d3's ``timeMonth.every(n)`` keeps the first days of months whose number (0-11) is a multiple
    of ``n`` (``12month``: every 1 January); ``timeWeek.every(n)`` keeps the Sundays whose week
    count since 1970 is a multiple of ``n``.
    """
    count = 0
    if axis.unit == "month":
        month = dt.date(first.year, first.month, 1)
        if month < first:
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        while month <= end:
            count += (month.month - 1) % axis.n == 0
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return count
    sunday = first + dt.timedelta(days=(6 - first.weekday()) % 7)
    while sunday <= end:
        count += ((sunday - _WEEK_ZERO).days // 7) % axis.n == 0
        sunday += dt.timedelta(days=7)
    return count


def choose_axis(first: dt.date, end: dt.date) -> Axis:
    """The finest axis whose tick labels fit the chart's width without touching."""
    for axis in AXES:
        if tick_count(first, end, axis) <= axis.fits():
            return axis
    return AXES[-1]


def axis_words(axis: Axis, lang: Lang) -> str:
    """The ticks in words, for the legend: ``3か月ごと (年/月 ...)``, ``年``."""
    if axis.format == "%Y":
        return text("public_report.ticks.year", lang)
    if axis.n == 1:
        return text(f"public_report.ticks.{axis.unit}", lang)
    return text(f"public_report.ticks.{axis.unit}s", lang, n=axis.n)


def _em_width(label: str) -> float:
    return sum(
        1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.55
        for char in label
        if not unicodedata.combining(char)
    )


def shown_name(title: str, progress: float | None = None) -> str:
    """The name a chart draws: one line, cut to :data:`MAX_LABEL_EMS` with ``…``, and the
    progress of work under way: ``オンライン申請の拡大 (40%)``."""
    name = plain_name(title)
    suffix = f" ({progress:g}%)" if progress is not None else ""
    room = MAX_LABEL_EMS - _em_width(suffix)
    if _em_width(name) > room:
        kept = ""
        for char in name:
            if _em_width(kept + char) > room - 1:
                break
            kept += char
        name = kept.rstrip() + "…"
    return name + suffix


def task_ids(analysis: Analysis) -> dict[str, str]:
    """Initiative id -> Mermaid id (``t1``, ``t2``, ... by position in the plan file)."""
    assert analysis.plan is not None
    return {
        initiative_id: f"t{position}"
        for position, initiative_id in enumerate(analysis.plan.initiatives, start=1)
    }


def _tags(item: ScheduledInitiative, critical: bool = True) -> list[str]:
    tags: list[str] = []
    if item.status is Status.DONE:
        tags.append("done")
    elif item.status is Status.IN_PROGRESS:
        tags.append("active")
    if item.critical and critical:
        tags.append("crit")
    if item.milestone:
        tags.append("milestone")
    return tags


def task_line(
    item: ScheduledInitiative,
    mermaid_id: str,
    progress: float | None = None,
    *,
    critical: bool = True,
) -> str:
    """One task statement with explicit dates (exclusive end; ``0d`` for a milestone).

    ``critical`` ``False`` leaves out the ``crit`` tag (the version for residents).
    """
    data = [*_tags(item, critical), mermaid_id, item.early_start.isoformat()]
    if item.milestone:
        data.append("0d")
    else:
        data.append((item.early_finish + dt.timedelta(days=1)).isoformat())
    shown = progress if item.status is Status.IN_PROGRESS and not item.milestone else None
    name = escape_text(shown_name(item.title, shown))
    return f"{INDENT}{name} :{', '.join(data)}"


def _domain(items: Sequence[ScheduledInitiative]) -> tuple[dt.date, dt.date]:
    """Mermaid's time domain for ``items``: the first start to the last (exclusive) end."""
    first = min(item.early_start for item in items)
    end = max(
        item.early_start if item.milestone else item.early_finish + dt.timedelta(days=1)
        for item in items
    )
    return first, end


@dataclass(frozen=True)
class Chart:
    """One Mermaid chart: what part of the plan it shows, its text, and its initiatives."""

    label: str | None  # ``None`` when the chart shows the whole plan
    text: str
    ids: tuple[str, ...]


Section = tuple[str, list[ScheduledInitiative]]


def _section_label(step: Step | None, lang: Lang, public: bool) -> str:
    """The step's label; in the version for residents its plain words (住民サービスの向上)."""
    if public:
        return text(f"public_report.step.{step.value if step is not None else 'common'}", lang)
    return step_label(step.value if step is not None else None, lang)


def _sections(schedule: Schedule, lang: Lang, keys: set[str] | None = None) -> list[Section]:
    """Scheduled work per step in the canonical order, 共通 last; file order inside (only
    ``keys`` when given: the version for residents, named in plain words)."""
    by_step: dict[Step | None, list[ScheduledInitiative]] = {
        step: [] for step in (*STEP_ORDER, None)
    }
    for key, item in schedule.initiatives.items():
        if keys is None or key in keys:
            by_step[item.step].append(item)
    return [
        (_section_label(step, lang, keys is not None), items)
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
    progress: dict[str, float] | None = None,
    shared: tuple[tuple[dt.date, dt.date], str] | None = None,
    *,
    critical: bool = True,
) -> str:
    """The text of one chart (ending with a newline).

    ``shared`` is a time domain and a name: every part of a split plan starts with a row of
    that name over the whole domain, so that all parts share one time axis.
    """
    items = [item for _label, members in sections for item in members]
    first, end = _domain(items) if shared is None else shared[0]
    axis = choose_axis(first, end)
    lines = [
        "gantt",
        f"{INDENT}title {escape_text(title)}",
        *(f"{INDENT}{line}" for line in _SETTINGS),
        f"{INDENT}axisFormat {axis.format}",
        f"{INDENT}tickInterval {axis.interval}",
    ]
    excludes = closed.excludes_line(first, end - dt.timedelta(days=1))
    if excludes is not None:
        lines.append(f"{INDENT}excludes {excludes}")
    if shared is not None:
        (span_first, span_end), name = shared
        lines.append(
            f"{INDENT}{escape_text(name)} :{SPAN_ID}, {span_first.isoformat()}, "
            f"{max(span_end, span_first + dt.timedelta(days=1)).isoformat()}"
        )
    progress = progress or {}
    for label, members in sections:
        lines.append(f"{INDENT}section {escape_text(label)}")
        lines.extend(
            task_line(item, ids[item.id], progress.get(item.id), critical=critical)
            for item in members
        )
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
    public = options.audience == "public"
    keys = {entry.key for entry in public_view(analysis).items} if public else None
    sections = _sections(schedule, lang, keys)
    if not sections:
        lines = ["gantt", f"title {escape_text(plan.plan.title)}", *_SETTINGS]
        return [Chart(None, f"\n{INDENT}".join(lines) + "\n", ())]
    start_month = plan.plan.fiscal_year_start_month
    progress = {key: initiative.progress for key, initiative in plan.initiatives.items()}
    groups = _groups(sections, max_rows, start_month, lang)
    whole = _domain([item for _label, members in sections for item in members])
    pending = list(reversed(groups))
    shared = None if len(groups) == 1 else (whole, text("public_report.mermaid.span", lang))
    charts: list[Chart] = []
    while pending:
        label, members = pending.pop()
        title = plan.plan.title if label is None else f"{plan.plan.title} - {label}"
        chart_text = render_chart(
            title, members, ids, closed, progress, shared, critical=not public
        )
        rows = sum(len(items) for _label, items in members)
        if len(chart_text) > max_chars and rows > 1:
            first, second = _halves(members)
            shared = (whole, text("public_report.mermaid.span", lang))
            base = label if label is not None else text("export.plan_wide", lang)
            pending.append((text("export.chart_part", lang, label=base, n=2), second))
            pending.append((text("export.chart_part", lang, label=base, n=1), first))
            continue
        item_ids = tuple(item.id for _label, items in members for item in items)
        charts.append(Chart(label, chart_text, item_ids))
    return charts


def chart_legend(analysis: Analysis, options: ExportOptions) -> str:
    """The line under the chart(s): what the bars, tags and ticks mean."""
    schedule = analysis.schedule
    if schedule is None or not schedule.initiatives:
        return ""
    public = options.audience == "public"
    keys = {entry.key for entry in public_view(analysis).items} if public else None
    items = [item for key, item in schedule.initiatives.items() if keys is None or key in keys]
    if not items:
        return ""
    axis = choose_axis(*_domain(items))
    key = "public_report.chart_legend_public" if public else "public_report.chart_legend"
    return text(key, options.lang, ticks=axis_words(axis, options.lang))


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
