"""The Gantt chart widget: one row per initiative, bars placed by the dates the core computed.

:class:`GanttView` is a Line API widget (a :class:`~textual.scroll_view.ScrollView` that draws
only the lines on screen with :meth:`GanttView.render_line`), so scrolling a plan of thousands of
initiatives costs the same as scrolling forty. It owns the drawing only: every date comes from
the :class:`~roadmap.core.analysis.schedule.Schedule` (early start and finish, deadlines), the plan's status
date and :mod:`roadmap.core.calendar.fiscal` (fiscal-year and quarter boundaries). :class:`TimeAxis` turns
those dates into columns for one zoom level; nothing here schedules.

Layout of a line::

    > ■ 住民記録システム移行      |      [bar of coloured spaces]   ]
    ^ ^ ^ title (TITLE_CELLS)       ^ timeline, scrolls sideways
    | step colour swatch
    marker: ">" selected, "^" upstream (predecessors), "v" downstream (successors)

Two header lines stay on top: the fiscal years (令和 and western) and below them months,
quarters or weeks depending on :attr:`GanttView.zoom`. Bars are coloured spaces (block
characters have an ambiguous width in East Asian terminals); critical bars are red; a
milestone is a ``*`` cell; a deadline is ``]`` (``!`` on red when it is missed); the status
date is a ``|`` line across every row. The selected row is tinted across the timeline; its
predecessors and successors (the whole chain) get their own label colours and markers.

A baseline (the schedule of an earlier revision, see :meth:`GanttView.show`) is a second, thin
mark in the same line: the cells of the baseline span are underlined, on top of whatever the
row already draws there, so the current bar and the baseline stay visible together (underline
on a bar takes the bar's text colour, elsewhere the ``gantt--baseline`` colour). A baseline
milestone is an underlined ``*``. Rows new since the baseline get no mark; the tooltip gives
the baseline dates and the finish slip in working days (counted by :mod:`roadmap.core.compare.diff`).

Row strips are cached in an LRU cache keyed by ``(generation, initiative id, role, baseline
shown)``.
:meth:`GanttView.show` only stores the data and bumps the generation; a new selection changes
the role of a few rows, so the other rows come from the cache.

Why one module of this size: a Line API widget whose time axis, bar painting, scrolling and hit
testing share the axis and the row cache; the axis alone (:class:`TimeAxis`) could move out once
no other change is in flight here.
"""

from __future__ import annotations

import bisect
import datetime as dt
from calendar import monthrange
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from exporters.colors import CRITICAL, TODAY, step_color, text_color_on
from roadmap.core.analysis.graph import (
    PlanGraph,
    plan_graph,
    transitive_predecessors,
    transitive_successors,
)
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.schedule import Schedule, ScheduledInitiative
from roadmap.core.calendar.fiscal import (
    era_year,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    quarter_bounds,
)
from roadmap.core.calendar.months import add_months, month_after, month_start
from roadmap.core.calendar.workdays import WorkCalendar
from roadmap.core.compare.diff import comparison_calendar, working_day_shift
from roadmap.core.i18n import Lang, field_label, text
from roadmap.core.model.plan import Plan, Step
from tui.safety import SafeHandlers, guarded

__all__ = [
    "HEADER_ROWS",
    "LABEL_WIDTH",
    "TITLE_CELLS",
    "ZOOMS",
    "GanttLegend",
    "GanttView",
    "Span",
    "TimeAxis",
    "Zoom",
    "legend_entries",
]

Zoom = Literal["week", "month", "quarter", "fiscal-year"]
#: Zoom levels from the finest to the coarsest.
ZOOMS: tuple[Zoom, ...] = ("week", "month", "quarter", "fiscal-year")
#: Timeline columns per month at the month-based zooms (the week zoom has a column per day).
COLUMNS_PER_MONTH: dict[Zoom, int] = {"month": 4, "quarter": 2, "fiscal-year": 1}

HEADER_ROWS = 2
#: Cells of the title in the label column; even, so a wide character is never cut in half.
TITLE_CELLS = 20
#: The fixed label column: marker, step swatch, title, two cells of gap.
LABEL_WIDTH = 1 + 1 + TITLE_CELLS + 2

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MARKERS = {"selected": ">", "upstream": "^", "downstream": "v", "": " "}
_MILESTONE = "◆"
#: The glyphs filling a bar, so the chart reads without colour (monochrome terminals, captures).
#: Both are East Asian width "neutral" (one cell everywhere), unlike the block and box-drawing
#: characters STYLE.md warns about; a test checks Rich measures every mark as one cell.
_BAR = "▬"
_BAR_CRITICAL = "▰"
_DEADLINE = "]"
_DEADLINE_MISSED = "!"
_STATUS_LINE = "|"

Role = Literal["selected", "upstream", "downstream", ""]
#: A run of timeline cells: first column, end column (exclusive), style, one-cell text or None.
_Run = tuple[int, int, Style, str | None]


@dataclass(frozen=True)
class Span:
    """A header cell: columns ``[start, end)`` and its label, longest form first."""

    start: int
    end: int
    labels: tuple[str, ...]
    #: Cells kept free after the label, so neighbouring labels do not run together.
    gap: int = 0

    def label(self) -> str:
        """The longest label that fits, padded or cut to the span's width in cells."""
        width = self.end - self.start
        for choice in self.labels:
            if cell_len(choice) + self.gap <= width:
                return set_cell_size(choice, width)
        return set_cell_size(self.labels[-1] if self.labels else "", width)


@dataclass(frozen=True)
class TimeAxis:
    """Maps dates to timeline columns for one zoom, from a first to a last fiscal year."""

    zoom: Zoom
    first_fiscal_year: int
    last_fiscal_year: int
    start_month: int = 4

    @property
    def origin(self) -> dt.date:
        """The first day of the timeline: the start of the first fiscal year."""
        return fiscal_year_bounds(self.first_fiscal_year, self.start_month)[0]

    @property
    def end(self) -> dt.date:
        """The last day of the timeline: the end of the last fiscal year."""
        return fiscal_year_bounds(self.last_fiscal_year, self.start_month)[1]

    @property
    def width(self) -> int:
        """Number of timeline columns."""
        return self.column(self.end) + 1

    def column(self, day: dt.date) -> int:
        """The column that shows ``day``."""
        origin = self.origin
        if self.zoom == "week":
            return (day - origin).days
        per_month = COLUMNS_PER_MONTH[self.zoom]
        months = (day.year - origin.year) * 12 + day.month - origin.month
        days_in_month = monthrange(day.year, day.month)[1]
        return months * per_month + (day.day - 1) * per_month // days_in_month

    def date_at(self, column: int) -> dt.date:
        """The first day shown in ``column`` (to keep the view in place across zooms)."""
        column = max(0, column)
        if self.zoom == "week":
            return self.origin + dt.timedelta(days=column)
        months, part = divmod(column, COLUMNS_PER_MONTH[self.zoom])
        first = add_months(month_start(self.origin), months)
        days_in_month = monthrange(first.year, first.month)[1]
        offset = -(-part * days_in_month // COLUMNS_PER_MONTH[self.zoom])
        return first + dt.timedelta(days=offset)

    def fiscal_year_spans(self, lang: Lang) -> list[Span]:
        """One header span per fiscal year, labelled 令和 and western (e.g. R8年度 2026)."""
        spans: list[Span] = []
        for year in range(self.first_fiscal_year, self.last_fiscal_year + 1):
            first, last = fiscal_year_bounds(year, self.start_month)
            if lang == "en":
                labels: tuple[str, ...] = (
                    fiscal_year_label(year, "en"),
                    fiscal_year_label(year, "en", short=True),
                    f"'{year % 100:02d}",
                )
            else:
                short = fiscal_year_label(year, short=True)
                labels = (
                    fiscal_year_label(year),
                    f"{short} {year}",
                    short,
                    era_year(year, short=True),
                )
            spans.append(Span(self.column(first), self.column(last) + 1, labels, gap=1))
        return spans

    def unit_spans(self, lang: Lang) -> list[Span]:
        """The second header line: weeks, months or quarters, by zoom."""
        if self.zoom == "week":
            return self._week_spans()
        if self.zoom == "month":
            return self._month_spans(lang)
        return self._quarter_spans(lang)

    def _week_spans(self) -> list[Span]:
        spans: list[Span] = []
        day = self.origin
        while day <= self.end:
            next_monday = day + dt.timedelta(days=7 - day.weekday())
            last = min(next_monday - dt.timedelta(days=1), self.end)
            label = f"{day.month}/{day.day}"
            spans.append(Span(self.column(day), self.column(last) + 1, (label, str(day.day))))
            day = next_monday
        return spans

    def _month_spans(self, lang: Lang) -> list[Span]:
        spans: list[Span] = []
        first = self.origin
        while first <= self.end:
            following = month_after(first)
            name = text("tui.gantt.month", lang, n=first.month, abbr=_MONTH_ABBR[first.month - 1])
            labels = (name, str(first.month))
            spans.append(Span(self.column(first), self.column(following), labels))
            first = following
        return spans

    def _quarter_spans(self, lang: Lang) -> list[Span]:
        spans: list[Span] = []
        for year in range(self.first_fiscal_year, self.last_fiscal_year + 1):
            for quarter in range(1, 5):
                first, last = quarter_bounds(year, quarter, self.start_month)
                label = text("tui.gantt.quarter", lang, n=quarter)
                spans.append(Span(self.column(first), self.column(last) + 1, (label, "")))
        return spans


def axis_for(
    plan: Plan, schedule: Schedule, zoom: Zoom, baseline: Schedule | None = None
) -> TimeAxis:
    """The axis covering the plan start, every scheduled date, deadline and the status date.

    With a ``baseline`` it also covers the baseline's first start and last finish, so a
    baseline span is never cut off at the edge of the timeline.
    """
    settings = plan.plan
    days = [settings.start, schedule.start, schedule.finish]
    if baseline is not None:
        days.extend((baseline.start, baseline.finish))
    if settings.status_date is not None:
        days.append(settings.status_date)
    if settings.deadline is not None:
        days.append(settings.deadline)
    days.extend(item.deadline for item in schedule.initiatives.values() if item.deadline)
    start_month = settings.fiscal_year_start_month
    return TimeAxis(
        zoom,
        fiscal_year_of(min(days), start_month),
        fiscal_year_of(max(days), start_month),
        start_month,
    )


def _overlay(runs: list[_Run], start: int, end: int, style: Style, mark: str | None) -> list[_Run]:
    """Paint ``style`` (and a one-cell ``mark``) over columns ``[start, end)`` of ``runs``."""
    painted: list[_Run] = []
    for run_start, run_end, run_style, run_mark in runs:
        if run_end <= start or run_start >= end:
            painted.append((run_start, run_end, run_style, run_mark))
            continue
        if run_start < start:
            painted.append((run_start, start, run_style, run_mark))
        painted.append(
            (
                max(run_start, start),
                min(run_end, end),
                run_style + style,
                mark if mark is not None else run_mark,
            )
        )
        if run_end > end:
            painted.append((end, run_end, run_style, run_mark))
    return painted


def _strip(runs: list[_Run]) -> Strip:
    """The strip of ``runs``: spaces, or the run's one-cell mark repeated over the run."""
    segments = [
        Segment(mark * (end - start) if mark is not None else " " * (end - start), style)
        for start, end, style, mark in runs
        if end > start
    ]
    return Strip(segments, runs[-1][1] - runs[0][0] if runs else 0)


class GanttView(SafeHandlers, ScrollView, can_focus=True):
    """A virtualised Gantt chart of a schedule, with a fixed label column and zoom levels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "zoom_in", "Zoom in", key_display="+", id="zoom_in"),
        Binding("minus", "zoom_out", "Zoom out", key_display="-", id="zoom_out"),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("l", "toggle_legend", "Legend", id="gantt_legend"),
        Binding("f", "fit", "Fit", id="gantt_fit"),
        Binding("x", "next_critical", "Next critical", id="gantt_next_critical"),
        Binding("t", "today", "Today", id="gantt_today"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "gantt--header",
        "gantt--header-alt",
        "gantt--header-label",
        "gantt--band",
        "gantt--band-alt",
        "gantt--label",
        "gantt--label-critical",
        "gantt--label-selected",
        "gantt--label-upstream",
        "gantt--label-downstream",
        "gantt--row-selected",
        "gantt--deadline",
        "gantt--baseline",
    }

    DEFAULT_CSS = """
    GanttView {
        background: $surface;
        height: 1fr;
    }
    GanttView > .gantt--header { background: $panel; color: $text; text-style: bold; }
    GanttView > .gantt--header-label { background: $panel; color: $text-muted; }
    GanttView > .gantt--header-alt { background: $panel-lighten-2; color: $text; text-style: bold; }
    GanttView > .gantt--band { background: $surface; }
    GanttView > .gantt--band-alt { background: $surface-lighten-1; }
    GanttView > .gantt--label { background: $panel; color: $text; }
    GanttView > .gantt--label-critical { background: $panel; color: $text-error; }
    GanttView > .gantt--label-selected { background: $accent; color: $text; text-style: bold; }
    GanttView > .gantt--label-upstream { background: $primary; color: $text; }
    GanttView > .gantt--label-downstream { background: $success-darken-1; color: $text; }
    GanttView > .gantt--row-selected { background: $accent-muted; }
    GanttView > .gantt--deadline { color: $text-warning; text-style: bold; }
    GanttView > .gantt--baseline { color: $text-warning; text-style: underline; }
    """

    zoom: reactive[Zoom] = reactive[Zoom]("month")

    class Selected(Message):
        """Posted when the user picks a row (mouse click or cursor keys)."""

        def __init__(self, initiative_id: str) -> None:
            super().__init__()
            self.initiative_id = initiative_id

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._plan: Plan | None = None
        self._schedule: Schedule | None = None
        self._lang: Lang = "ja"
        self._rows: list[str] = []
        self._row_of: dict[str, int] = {}
        self._selected: str | None = None
        self._axis: TimeAxis | None = None
        self._generation = 0
        self._baseline: Schedule | None = None
        #: The working calendar that counts slips, built on the first tooltip after a show().
        self._slip_calendar: tuple[WorkCalendar | None] | None = None
        self._row_cache: LRUCache[tuple[int, str, str, bool], tuple[Strip, Strip]] = LRUCache(1024)
        self._header_cache: tuple[int, list[tuple[Strip, Strip, list[Span]]]] | None = None
        self._band_cache: tuple[int, list[_Run]] | None = None
        self._background: Style | None = None
        self._graph: tuple[int, PlanGraph | None] | None = None
        self._relatives: tuple[int, str, set[str], set[str]] | None = None
        #: Whether the zoom was fitted to the plan (done once, when the chart first has a size).
        self._fitted = False
        #: Whether the zoom was chosen with + or -: a new width then keeps it (else it refits).
        self._zoomed_by_hand = False
        self._cycles: tuple[int, set[str]] | None = None
        #: Whether new data came while the chart was hidden (it is repainted when shown).
        self._repaint_on_show = False

    # -- data ------------------------------------------------------------------------------

    def show(
        self,
        plan: Plan,
        schedule: Schedule,
        selected: str | None,
        lang: Lang,
        visible_ids: list[str] | None = None,
        *,
        baseline: Schedule | None = None,
    ) -> None:
        """Show ``schedule``: store the data and start a new generation; rows draw lazily.

        ``visible_ids`` are the rows in drawing order (e.g. the table's filter and sort);
        ``None`` draws every scheduled initiative in schedule (file) order. Ids the plan does
        not know are skipped; initiatives without dates (cancelled) get an empty timeline.
        ``baseline`` is the schedule of an earlier revision (a git revision or tag): each row
        it knows also shows its baseline span, underlined; ``None`` shows no baseline.
        """
        self._plan, self._schedule, self._lang = plan, schedule, lang
        self._baseline = baseline
        self._slip_calendar = None
        ids = list(schedule.initiatives) if visible_ids is None else visible_ids
        self._rows = [
            initiative_id
            for initiative_id in ids
            if initiative_id in schedule.initiatives or initiative_id in plan.initiatives
        ]
        self._row_of = {initiative_id: row for row, initiative_id in enumerate(self._rows)}
        self._selected = selected
        self._axis = axis_for(plan, schedule, self.zoom, baseline)
        self._new_generation()
        if not self._fitted and self.is_mounted and self.size.width > LABEL_WIDTH:
            self.action_fit()
        if selected is not None and self.is_mounted:
            self.call_after_refresh(
                guarded(self, "tui.tab.gantt", self._scroll_into_view), selected
            )

    def select(self, initiative_id: str | None) -> None:
        """Move the highlight to ``initiative_id`` and scroll its row and bar into view."""
        if initiative_id != self._selected:
            self._selected = initiative_id
            self._repaint()
        if initiative_id is not None and self.is_mounted:
            self.call_after_refresh(
                guarded(self, "tui.tab.gantt", self._scroll_into_view), initiative_id
            )

    @property
    def selected(self) -> str | None:
        """The highlighted initiative."""
        return self._selected

    @property
    def row_ids(self) -> list[str]:
        """The initiatives drawn, in row order."""
        return list(self._rows)

    @property
    def baseline(self) -> Schedule | None:
        """The baseline schedule drawn under the bars (``None``: no baseline shown)."""
        return self._baseline

    @property
    def axis(self) -> TimeAxis | None:
        """The time axis of the current data and zoom (``None`` before :meth:`show`)."""
        return self._axis

    @property
    def cached_rows(self) -> int:
        """How many row strips the cache holds (rows drawn since the last :meth:`show`)."""
        return len(self._row_cache)

    def _new_generation(self) -> None:
        """Forget every cached strip and re-measure; called on new data and on zoom."""
        self._generation += 1
        self._row_cache.clear()
        self._header_cache = None
        self._band_cache = None
        self._background = None
        width = LABEL_WIDTH + (self._axis.width if self._axis else 0)
        self.virtual_size = Size(width, len(self._rows) + HEADER_ROWS)
        self._repaint()

    def _repaint(self) -> None:
        """Repaint the chart, or on a hidden tab when it is shown again (:meth:`on_show`):
        a repaint of a hidden widget makes Textual map the whole screen again, on every edit
        and every move of the table's cursor."""
        if self.is_mounted and not self.is_on_screen:
            self._repaint_on_show = True
        else:
            self.refresh()

    def on_show(self, event: events.Show) -> None:
        """Shown again (its tab, or the tabs beside the form): paint what changed while hidden."""
        if self._repaint_on_show:
            self._repaint_on_show = False
            self.refresh()

    def on_mount(self) -> None:
        """Scroll to a selection that :meth:`show` set before the widget had a size."""
        if self._selected is not None:
            self.call_after_refresh(
                guarded(self, "tui.tab.gantt", self._scroll_into_view), self._selected
            )

    def notify_style_update(self) -> None:
        """A theme or CSS change: the cached strips carry old colours."""
        super().notify_style_update()
        self._row_cache.clear()
        self._header_cache = None
        self._band_cache = None
        self._background = None

    # -- zoom ------------------------------------------------------------------------------

    def validate_zoom(self, zoom: str) -> Zoom:
        """Unknown zoom names fall back to ``month``."""
        for known in ZOOMS:
            if zoom == known:
                return known
        return "month"

    def watch_zoom(self, old: Zoom, new: Zoom) -> None:
        """Rebuild the axis, keeping the date at the left edge of the timeline in view."""
        if self._plan is None or self._schedule is None or self._axis is None:
            return
        left_date = self._axis.date_at(round(self.scroll_x))
        self._axis = axis_for(self._plan, self._schedule, new, self._baseline)
        self._new_generation()
        self.scroll_to(x=self._axis.column(left_date), animate=False, immediate=True)

    def action_zoom_in(self) -> None:
        """Finer time scale: fiscal year -> quarter -> month -> week."""
        self._zoomed_by_hand = True
        self.zoom = ZOOMS[max(0, ZOOMS.index(self.zoom) - 1)]

    def action_zoom_out(self) -> None:
        """Coarser time scale: week -> month -> quarter -> fiscal year."""
        self._zoomed_by_hand = True
        self.zoom = ZOOMS[min(len(ZOOMS) - 1, ZOOMS.index(self.zoom) + 1)]

    def fitting_zoom(self, width: int) -> Zoom:
        """The finest zoom whose timeline fits ``width`` cells (else the coarsest)."""
        if self._plan is None or self._schedule is None:
            return self.zoom
        for zoom in ZOOMS:
            if axis_for(self._plan, self._schedule, zoom, self._baseline).width <= width:
                return zoom
        return ZOOMS[-1]

    def action_fit(self) -> None:
        """Zoom so the whole plan fits the chart's width, and scroll to its start."""
        if self._plan is None or self._schedule is None:
            return
        self._fitted = True
        self._zoomed_by_hand = False
        self.zoom = self.fitting_zoom(self._timeline_width())
        self.scroll_to(x=0, animate=False, immediate=True)

    def _timeline_width(self) -> int:
        return self.scrollable_content_region.width - LABEL_WIDTH

    def on_resize(self, event: events.Resize) -> None:
        """The chart opens at the zoom that fits the plan, once it first has a size; a new
        width (the detail form hidden or shown, the terminal resized) fits it again unless
        the zoom was chosen by hand."""
        if event.size.width <= LABEL_WIDTH or self._plan is None:
            return
        refit = not self._zoomed_by_hand and self.fitting_zoom(self._timeline_width()) != self.zoom
        if not self._fitted or refit:
            self.action_fit()

    def action_next_critical(self) -> None:
        """Select the next critical initiative below the selection (wrapping round)."""
        if self._schedule is None or not self._rows:
            return
        start = self._row_of.get(self._selected, -1) if self._selected else -1
        count = len(self._rows)
        for step in range(1, count + 1):
            row = (start + step) % count
            item = self._item(self._rows[row])
            if item is not None and item.critical:
                self._pick_row(row)
                return

    def action_today(self) -> None:
        """Scroll the timeline to the status date (today when the plan has none)."""
        if self._plan is None or self._axis is None:
            return
        day = self._plan.plan.status_date or dt.date.today()
        timeline_width = max(1, self.scrollable_content_region.width - LABEL_WIDTH)
        column = self._axis.column(day)
        self.scroll_to(x=max(0, column - timeline_width // 3), animate=False, immediate=True)

    def action_toggle_legend(self) -> None:
        """Show or hide the legend line under the chart."""
        for legend in self.screen.query(GanttLegend):
            legend.display = not legend.display

    # -- selection -------------------------------------------------------------------------

    def _pick_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            initiative_id = self._rows[row]
            self.select(initiative_id)
            self.post_message(self.Selected(initiative_id))

    def action_cursor_up(self) -> None:
        """Select the row above."""
        row = self._row_of.get(self._selected, 1) if self._selected else 1
        self._pick_row(row - 1)

    def action_cursor_down(self) -> None:
        """Select the row below."""
        row = self._row_of.get(self._selected, -1) if self._selected else -1
        self._pick_row(row + 1)

    def on_click(self, event: events.Click) -> None:
        """A click on a row selects it and posts :class:`GanttView.Selected`."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_ROWS:
            return
        self._pick_row(round(self.scroll_y) + offset.y - HEADER_ROWS)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Hovering a row shows its dates, float and deadline as a tooltip."""
        offset = event.get_content_offset(self)
        row = -1 if offset is None else round(self.scroll_y) + offset.y - HEADER_ROWS
        if offset is None or offset.y < HEADER_ROWS or not 0 <= row < len(self._rows):
            self.tooltip = None
            return
        self.tooltip = Content(self.describe(self._rows[row]))  # plan text is not markup

    def describe(self, initiative_id: str) -> str:
        """A few lines about one row: title and id, dates, float, deadline, baseline and slip."""
        lang = self._lang
        item = self._item(initiative_id)
        if item is None:
            initiative = self._plan.initiatives.get(initiative_id) if self._plan else None
            title = f"{initiative.title if initiative else ''} ({initiative_id})"
            cycle = (
                [text("editor.cycle.unscheduled", lang)]
                if initiative_id in self.cycle_members()
                else []
            )
            return "\n".join([title, *cycle, *self._baseline_lines(initiative_id, None)])
        lines = [
            f"{item.title} ({item.id})",
            f"{field_label('start', lang)} {item.early_start.isoformat()}  "
            f"{field_label('finish', lang)} {item.early_finish.isoformat()}",
            f"{field_label('total_float', lang)} {text('working_days', lang, n=item.total_float)}"
            + (f"  {field_label('critical', lang)}" if item.critical else ""),
        ]
        if item.deadline is not None:
            late = f" ({field_label('late_by', lang)} {item.late_by})" if item.late_by else ""
            lines.append(f"{field_label('deadline', lang)} {item.deadline.isoformat()}{late}")
        lines.extend(self._baseline_lines(initiative_id, item))
        return "\n".join(lines)

    def _baseline_lines(self, initiative_id: str, item: ScheduledInitiative | None) -> list[str]:
        """The baseline dates of a row and its finish slip; nothing without a baseline."""
        if self._baseline is None:
            return []
        lang = self._lang
        was = self._baseline.initiatives.get(initiative_id)
        if was is None:
            return [text("tui.gantt.baseline.new", lang)]
        lines = [
            text(
                "tui.gantt.baseline.span",
                lang,
                start=was.early_start.isoformat(),
                finish=was.early_finish.isoformat(),
            )
        ]
        if item is not None:
            slip = working_day_shift(self._calendar(), was.early_finish, item.early_finish)
            days = "±0" if slip == 0 else ("+" if slip > 0 else "-")
            if slip:
                days += text("working_days", lang, n=abs(slip))
            lines.append(text("tui.gantt.baseline.slip", lang, days=days))
        return lines

    def _calendar(self) -> WorkCalendar | None:
        """The current plan's calendar reaching back to the earliest date compared."""
        if self._slip_calendar is None:
            calendar = None
            if self._schedule is not None and self._baseline is not None:
                days = [item.early_start for item in self._schedule.initiatives.values()]
                days.extend(item.early_start for item in self._baseline.initiatives.values())
                days.extend((self._schedule.start, self._baseline.start))
                current = Analysis(self._plan, self._schedule, [])
                calendar = comparison_calendar(current, days)
            self._slip_calendar = (calendar,)
        return self._slip_calendar[0]

    def _scroll_into_view(self, initiative_id: str) -> None:
        row = self._row_of.get(initiative_id)
        if row is None:
            return
        region = self.scrollable_content_region
        rows_on_screen = max(1, region.height - HEADER_ROWS)
        y = self.scroll_y
        if row < y:
            y = row
        elif row >= y + rows_on_screen:
            y = row - rows_on_screen + 1
        x = self.scroll_x
        item = self._schedule.initiatives.get(initiative_id) if self._schedule else None
        if item is not None and self._axis is not None:
            timeline_width = max(1, region.width - LABEL_WIDTH)
            first = self._axis.column(item.early_start)
            last = self._axis.column(item.early_finish)
            if last < x or first >= x + timeline_width:
                x = max(0, first - 2)
        self.scroll_to(x=x, y=y, animate=False, immediate=True)

    def _role(self, initiative_id: str) -> Role:
        """How ``initiative_id`` relates to the selection."""
        selected = self._selected
        if selected is None:
            return ""
        if initiative_id == selected:
            return "selected"
        upstream, downstream = self._chain(selected)
        if initiative_id in upstream:
            return "upstream"
        if initiative_id in downstream:
            return "downstream"
        return ""

    def _chain(self, selected: str) -> tuple[set[str], set[str]]:
        """All predecessors and successors of ``selected``, computed once per selection."""
        cached = self._relatives
        if cached is not None and cached[0] == self._generation and cached[1] == selected:
            return cached[2], cached[3]
        links = self._links()
        if links is not None:
            upstream = transitive_predecessors(links, selected)
            downstream = transitive_successors(links, selected)
        else:
            upstream, downstream = set(), set()
        self._relatives = (self._generation, selected, upstream, downstream)
        return upstream, downstream

    def _links(self) -> PlanGraph | None:
        if self._graph is None or self._graph[0] != self._generation:
            links = plan_graph(self._plan) if self._plan is not None else None
            self._graph = (self._generation, links)
        return self._graph[1]

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """One line of the viewport: a header line or the row at ``scroll_y + y``."""
        region = self.scrollable_content_region
        scroll_x, scroll_y = self.scroll_offset
        if self._background is None:
            self._background = self.rich_style
        background = self._background
        if self._axis is None:
            return Strip.blank(region.width, background)
        timeline_width = max(0, region.width - LABEL_WIDTH)
        if y < HEADER_ROWS:
            label, timeline, spans = self._header_lines()[y]
            visible = self._header_view(timeline, spans, scroll_x, timeline_width, sticky=y == 0)
        else:
            row = scroll_y + y - HEADER_ROWS
            if row >= len(self._rows):
                return Strip.blank(region.width, background)
            label, timeline = self.row_strips(self._rows[row])
            visible = timeline.crop_extend(scroll_x, scroll_x + timeline_width, background)
        return Strip.join([label, visible]).crop(0, region.width)

    def _header_view(
        self, timeline: Strip, spans: list[Span], scroll_x: int, timeline_width: int, sticky: bool
    ) -> Strip:
        """The visible part of a header line.

        A span cut at the left edge keeps its label when ``sticky`` (the fiscal years, so the
        year stays named), and is left blank otherwise (a half label would read as another).
        """
        background = self._background
        index = bisect.bisect_right([span.start for span in spans], scroll_x) - 1
        if index < 0 or spans[index].start == scroll_x or spans[index].end <= scroll_x:
            return timeline.crop_extend(scroll_x, scroll_x + timeline_width, background)
        span = spans[index]
        first_style = next(iter(timeline.crop(span.start, span.start + 1)), None)
        style = first_style.style if first_style is not None else background
        labels = span.labels if sticky else ()
        head = Strip([Segment(Span(scroll_x, span.end, labels, span.gap).label(), style)])
        rest = timeline.crop_extend(span.end, scroll_x + timeline_width, background)
        return Strip.join([head, rest]).crop(0, timeline_width)

    def row_strips(self, initiative_id: str) -> tuple[Strip, Strip]:
        """The label strip and the whole (unscrolled) timeline strip of one row, cached."""
        key = (
            self._generation,
            initiative_id,
            self._role(initiative_id),
            self._baseline is not None,
        )
        cached = self._row_cache.get(key)
        if cached is None:
            cached = self._build_row(initiative_id, key[2])
            self._row_cache[key] = cached
        return cached

    def cycle_members(self) -> set[str]:
        """The ids in a dependency cycle: not schedulable, drawn without a bar."""
        cached = self._cycles
        if cached is None or cached[0] != self._generation:
            links = self._links()
            members = {member for cycle in links.cycles() for member in cycle} if links else set()
            cached = self._cycles = (self._generation, members)
        return cached[1]

    def _item(self, initiative_id: str) -> ScheduledInitiative | None:
        """The computed dates of a row (``None``: none, or a member of a cycle)."""
        if self._schedule is None or initiative_id in self.cycle_members():
            return None
        return self._schedule.initiatives.get(initiative_id)

    def _build_row(self, initiative_id: str, role: Role) -> tuple[Strip, Strip]:
        assert self._plan is not None and self._schedule is not None and self._axis is not None
        item = self._item(initiative_id)
        initiative = self._plan.initiatives.get(initiative_id)
        title = item.title if item else initiative.title if initiative else initiative_id
        step = item.step if item else initiative.step if initiative else None
        critical = bool(item and item.critical)
        return (
            self._label_strip(title, step, critical, role),
            self._timeline_strip(item, role, self._baseline_item(initiative_id)),
        )

    def _baseline_item(self, initiative_id: str) -> ScheduledInitiative | None:
        """The row's initiative in the baseline (``None``: no baseline, or new work)."""
        return self._baseline.initiatives.get(initiative_id) if self._baseline else None

    def _label_strip(self, title: str, step: Step | None, critical: bool, role: Role) -> Strip:
        """Marker, step swatch, title cut or padded to :data:`TITLE_CELLS`, gap."""
        name = f"gantt--label-{role}" if role else "gantt--label"
        style = self.get_component_rich_style(name)
        if not role and critical:
            style = self.get_component_rich_style("gantt--label-critical")
        swatch = Style(bgcolor=step_color(step))
        return Strip(
            [
                Segment(_MARKERS[role], style),
                Segment(" ", swatch),
                Segment(set_cell_size(title, TITLE_CELLS) + "  ", style),
            ],
            LABEL_WIDTH,
        )

    def _timeline_strip(
        self,
        item: ScheduledInitiative | None,
        role: Role,
        baseline_item: ScheduledInitiative | None = None,
    ) -> Strip:
        """Fiscal-year bands, the baseline underline, the bar or milestone, the deadline mark,
        the status-date line.

        The baseline goes under the bar: the bar keeps the underline and sets its own text
        colour, so the underline stays visible on any bar colour. A milestone keeps its cell
        from the status-date line, and a deadline met in the bar's last column (at a coarse
        zoom) is marked in the next one, so the milestone or the bar's end stays in sight.
        """
        assert self._axis is not None and self._plan is not None
        axis = self._axis
        runs = self._band_runs()
        if role == "selected":
            row_style = self.get_component_rich_style("gantt--row-selected")
            runs = _overlay(runs, 0, axis.width, row_style, None)
        if baseline_item is not None:
            underline = self.get_component_rich_style("gantt--baseline", partial=True)
            first = axis.column(baseline_item.early_start)
            if baseline_item.milestone:
                runs = _overlay(runs, first, first + 1, underline, _MILESTONE)
            else:
                last = max(first, axis.column(baseline_item.early_finish))
                runs = _overlay(runs, first, last + 1, underline, None)
        last = -1
        if item is not None:
            first = axis.column(item.early_start)
            last = max(first, axis.column(item.early_finish))
            color = CRITICAL if item.critical else step_color(item.step)
            bar = Style(bgcolor=color, color=text_color_on(color))
            if item.milestone:
                runs = _overlay(runs, first, first + 1, bar + Style(bold=True), _MILESTONE)
            else:
                glyph = _BAR_CRITICAL if item.critical else _BAR
                runs = _overlay(runs, first, last + 1, bar, glyph)
        status_date = self._plan.plan.status_date
        if status_date is not None:
            column = axis.column(status_date)
            if not (item is not None and item.milestone and column == last):
                line = Style(color=TODAY, bold=True)
                runs = _overlay(runs, column, column + 1, line, _STATUS_LINE)
        if item is not None and item.deadline is not None:
            column = axis.column(item.deadline)
            if item.late_by:
                mark = Style(color="#FFFFFF", bgcolor=CRITICAL, bold=True)
                runs = _overlay(runs, column, column + 1, mark, _DEADLINE_MISSED)
            else:
                if column == last and column + 1 < axis.width:
                    column += 1
                mark = self.get_component_rich_style("gantt--deadline", partial=True)
                runs = _overlay(runs, column, column + 1, mark, _DEADLINE)
        return _strip(runs)

    def _band_runs(self) -> list[_Run]:
        """The background of a timeline row: alternating shades per fiscal year."""
        if self._band_cache is not None and self._band_cache[0] == self._generation:
            return self._band_cache[1]
        assert self._axis is not None
        styles = (
            self.get_component_rich_style("gantt--band"),
            self.get_component_rich_style("gantt--band-alt"),
        )
        runs: list[_Run] = [
            (span.start, span.end, styles[index % 2], None)
            for index, span in enumerate(self._axis.fiscal_year_spans(self._lang))
        ]
        self._band_cache = (self._generation, runs)
        return runs

    def _header_lines(self) -> list[tuple[Strip, Strip, list[Span]]]:
        """The two header lines (fiscal years; units of the zoom), built once per generation."""
        if self._header_cache is not None and self._header_cache[0] == self._generation:
            return self._header_cache[1]
        assert self._axis is not None and self._plan is not None
        styles = (
            self.get_component_rich_style("gantt--header"),
            self.get_component_rich_style("gantt--header-alt"),
        )
        label_titles = (self._plan.plan.title, field_label("title", self._lang))
        legend = text("tui.gantt.baseline", self._lang) if self._baseline is not None else ""
        lines: list[tuple[Strip, Strip, list[Span]]] = []
        for label_title, line_legend, spans in zip(
            label_titles,
            ("", legend),
            (self._axis.fiscal_year_spans(self._lang), self._axis.unit_spans(self._lang)),
            strict=True,
        ):
            label = self._header_label(label_title, line_legend)
            timeline = Strip(
                [
                    Segment(span.label(), styles[index % 2])
                    for index, span in enumerate(spans)
                    if span.end > span.start
                ],
                self._axis.width,
            )
            lines.append((label, timeline, spans))
        self._header_cache = (self._generation, lines)
        return lines

    def _header_label(self, title: str, legend: str) -> Strip:
        """A header line's label column: ``title``, and right-aligned a ``legend`` word drawn
        in the baseline's own underline, so it reads as the key to that mark."""
        label_style = self.get_component_rich_style("gantt--header-label")
        if not legend:
            label_text = set_cell_size(" " + title, LABEL_WIDTH - 2) + "  "
            return Strip([Segment(label_text, label_style)], LABEL_WIDTH)
        legend = set_cell_size(legend, min(cell_len(legend), LABEL_WIDTH - 4))
        title_cells = LABEL_WIDTH - 3 - cell_len(legend)
        legend_style = label_style + self.get_component_rich_style("gantt--baseline", partial=True)
        return Strip(
            [
                Segment(set_cell_size(" " + title, title_cells) + " ", label_style),
                Segment(legend, legend_style),
                Segment("  ", label_style),
            ],
            LABEL_WIDTH,
        )


def legend_entries(lang: Lang) -> list[tuple[str, Style, str]]:
    """(mark, style, meaning) of every mark and colour of the chart, for its legend."""
    plain = Style()
    return [
        (_MARKERS["selected"], plain, text("editor.legend.selected", lang)),
        (_MARKERS["upstream"], plain, text("editor.legend.upstream", lang)),
        (_MARKERS["downstream"], plain, text("editor.legend.downstream", lang)),
        (_BAR * 2, Style(bgcolor="#1F77B4", color="#FFFFFF"), text("editor.legend.bar", lang)),
        (
            _BAR_CRITICAL * 2,
            Style(bgcolor=CRITICAL, color="#FFFFFF"),
            text("editor.legend.critical", lang),
        ),
        (_MILESTONE, Style(bold=True), text("editor.legend.milestone", lang)),
        (_DEADLINE, Style(bold=True), text("editor.legend.deadline", lang)),
        (
            _DEADLINE_MISSED,
            Style(bgcolor=CRITICAL, color="#FFFFFF", bold=True),
            text("editor.legend.deadline_missed", lang),
        ),
        (_STATUS_LINE, Style(color=TODAY, bold=True), text("editor.legend.status_date", lang)),
        ("  ", Style(underline=True), text("editor.legend.baseline", lang)),
    ]


class GanttLegend(SafeHandlers, Static):
    """One line naming every mark and colour of the Gantt chart (hidden until asked for)."""

    DEFAULT_CSS = """
    GanttLegend {
        height: auto;
        display: none;
        background: $panel;
        padding: 0 1;
    }
    """

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(legend_text(lang), id=id)
        self.lang = lang


def legend_text(lang: Lang) -> Text:
    """The legend as one wrapping line of ``mark meaning`` pairs."""
    parts: list[tuple[str, Style] | str] = [text("editor.legend.title", lang) + "  "]
    for mark, style, meaning in legend_entries(lang):
        parts.append((mark, style))
        parts.append(f" {meaning}   ")
    return Text.assemble(*parts, end="")
