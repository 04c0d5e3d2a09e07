"""The SVG export: a self-contained Gantt chart sized for a slide.

The canvas is 16:9 (:data:`SIZES` ``slide``, 1600 x 900 units) unless ``--svg-size wide`` asks
for 21:9 (2100 x 900); a slide program scales it to the slide, so sizes are chosen for a
projected slide: a 32-unit title, 16- to 22-unit row labels (a 1600-unit slide of 13.33 in makes
16 units about 10 pt). When the rows do not fit at the smallest legible row height
(:data:`MIN_ROW`), the canvas grows and keeps its ratio.

The time axis spans the whole fiscal years of the scheduled work: a deadline beyond it is an
arrow at the right edge with its date, not a chart stretched out to it. The 計画期間 it names is
:func:`roadmap.core.analysis.period.plan_period`, the same label as the Markdown report's. From the top: the
title, the 計画期間 and 基準日, a band per fiscal year labelled ``令和8年度 (2026年度)``, quarter
ticks (and month numbers when a month is wide enough to read), then one row per initiative in
file order (its title on the left, its bar on the right), and a legend.

- A bar spans its first to its last working day inclusive, filled in its step's colour
  (:mod:`exporters.colors`), lighter when done; critical work is outlined in red. Work in
  progress shows its progress inside the bar: the done part darker, and ``40%``.
- With ``--baseline REV``, a thin grey bar under each bar shows the baseline's dates.
- A milestone is a diamond centred on its day; a deadline is a small downward triangle over
  the middle of its day.
- A dashed 基準日 line is drawn at ``options.as_of``, else at the plan's ``status_date``; a
  dashed red line marks the plan's own deadline.
- ``--audience public``: only the resident-facing work (:mod:`roadmap.core.analysis.public`),
  no ids (not even in attributes or tooltips), no critical-path marks.

The file is plain SVG 1.1 with presentation attributes (no CSS, scripts, fonts or links), so it
opens the same in browsers, PowerPoint, Keynote, LibreOffice and Inkscape. Text uses a
Japanese-capable font stack. Every text is XML-escaped, line breaks become spaces, characters
XML forbids are dropped, and labels too long for the label column are cut with ``…`` (the full
title is kept in a ``<title>`` tooltip). Shapes carry ``class`` and (internal reports)
``data-initiative`` attributes so tools and tests can find them. Numbers are written with at most
two decimals, so the same plan and options give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

from exporters import colors
from exporters.base import ExportOptions
from exporters.dates import shown_date
from roadmap.core.analysis.period import plan_period
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.public import public_view
from roadmap.core.analysis.schedule import ScheduledInitiative
from roadmap.core.calendar.fiscal import (
    fiscal_quarter_of,
    fiscal_span_label,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
)
from roadmap.core.calendar.months import add_months, month_after, months_from
from roadmap.core.i18n import Lang, field_label, status_label, step_label, text
from roadmap.core.model.plan import STEP_ORDER, Status

__all__ = [
    "FONT_FAMILY",
    "MIN_ROW",
    "SIZES",
    "Layout",
    "chart_span",
    "drawn_span",
    "export",
    "layout",
    "render",
    "xml_text",
]

#: Canvas (width, height) in SVG units: 16:9 for a slide, 21:9 for a wide screen or printout.
SIZES: dict[str, tuple[int, int]] = {"slide": (1600, 900), "wide": (2100, 900)}
#: The smallest row height: its label is 14 units, about 9 pt on a 13.33-inch slide.
MIN_ROW = 22.0
#: The largest row height (few initiatives): the label is then 22 units.
MAX_ROW = 36.0
MARGIN = 24.0
TITLE_FONT = 32
SUBTITLE_FONT = 20
YEAR_FONT = 20
QUARTER_FONT = 16
MONTH_FONT = 13
LEGEND_FONT = 16
YEAR_BAND = 32.0
QUARTER_BAND = 24.0
MONTH_BAND = 20.0
LEGEND_LINE = 28.0
#: Room at the right edge for the arrow of a deadline beyond the plan period.
EDGE_ROOM = 28.0
FONT_FAMILY = (
    '"Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, sans-serif'
)

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")


def xml_text(value: str) -> str:
    """``value`` as one line of XML-safe text: breaks become spaces, forbidden characters go."""
    return _XML_FORBIDDEN.sub("", _LINE_BREAKS.sub(" ", value))


def escape(value: str) -> str:
    """``value`` as XML character data: ``&``, ``<`` and ``>`` escaped.

    What ``xml.sax.saxutils.escape`` does; importing that module imports ``urllib.request``
    and ``ssl`` (30 ms of every export, the xlsx one included, which imports this module).
    """
    return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _attr(value: str) -> str:
    """A quoted, escaped attribute value, as ``xml.sax.saxutils.quoteattr`` writes it: double
    quotes, or single ones around a value with a double quote and no single one."""
    text = escape(xml_text(value)).replace("\t", "&#9;")
    if '"' not in text:
        return '"' + text + '"'
    if "'" not in text:
        return "'" + text + "'"
    return '"' + text.replace('"', "&quot;") + '"'


def _number(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0")


def _em_width(label: str) -> float:
    """Estimated width of ``label`` in ems: wide (CJK, emoji) characters 1, others about 0.55."""
    width = 0.0
    for character in label:
        if unicodedata.combining(character):
            continue
        wide = unicodedata.east_asian_width(character) in ("W", "F")
        width += 1.0 if wide else 0.55
    return width


def _fit(label: str, ems: float) -> str:
    """``label`` cut with ``…`` so that it fits in ``ems``."""
    if _em_width(label) <= ems:
        return label
    kept = ""
    for character in label:
        if _em_width(kept + character) > ems - 1:
            break
        kept += character
    return kept + "…"


def _shade(color: str, amount: float = 0.35) -> str:
    """``color`` mixed with black by ``amount``: the done part of a bar in progress."""
    channels = (int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{round(channel * (1 - amount)):02X}" for channel in channels)


def _fill(item: ScheduledInitiative) -> str:
    """The step's colour; a lighter tint of it for finished work."""
    color = colors.step_color(item.step)
    return colors.tint(color) if item.status is Status.DONE else color


def chart_span(analysis: Analysis) -> tuple[dt.date, dt.date]:
    """First and last day of the whole fiscal years from the first start to the last finish or
    initiative deadline (the workbook's 工程表 range)."""
    plan, schedule = analysis.plan, analysis.schedule
    month = plan.plan.fiscal_year_start_month if plan is not None else 4
    if schedule is None:
        start = plan.plan.start if plan is not None else dt.date(2000, month, 1)
        return fiscal_year_bounds(fiscal_year_of(start, month), month)
    last = max(
        [schedule.finish]
        + [item.deadline for item in schedule.initiatives.values() if item.deadline is not None]
    )
    first_fy, last_fy = fiscal_year_of(schedule.start, month), fiscal_year_of(last, month)
    return fiscal_year_bounds(first_fy, month)[0], fiscal_year_bounds(last_fy, month)[1]


def drawn_span(analysis: Analysis) -> tuple[dt.date, dt.date]:
    """First and last day the SVG draws: the whole fiscal years of the scheduled work (a
    deadline beyond them is an edge marker, not a stretch of empty axis)."""
    plan, schedule = analysis.plan, analysis.schedule
    month = plan.plan.fiscal_year_start_month if plan is not None else 4
    if schedule is None:
        return chart_span(analysis)
    return (
        fiscal_year_bounds(fiscal_year_of(schedule.start, month), month)[0],
        fiscal_year_bounds(fiscal_year_of(schedule.finish, month), month)[1],
    )


@dataclass(frozen=True)
class Layout:
    """Where everything goes: canvas, time scale and rows (tests read it too)."""

    width: float
    height: float
    first: dt.date
    last: dt.date
    left: float
    timeline_width: float
    day_width: float
    header_top: float
    rows_top: float
    row_height: float
    row_font: float
    rows: int
    legend_top: float
    show_months: bool

    @property
    def rows_bottom(self) -> float:
        return self.rows_top + self.rows * self.row_height

    def x(self, day: dt.date) -> float:
        """The left edge of ``day``."""
        return self.left + (day - self.first).days * self.day_width


def _items(analysis: Analysis, options: ExportOptions) -> list[ScheduledInitiative]:
    """The rows: every scheduled initiative, or the resident-facing ones in a public chart."""
    schedule = analysis.schedule
    if schedule is None:
        return []
    if options.audience == "public":
        keys = {item.key for item in public_view(analysis, options.as_of).items}
        return [item for key, item in schedule.initiatives.items() if key in keys]
    return list(schedule.initiatives.values())


def _label_of(item: ScheduledInitiative) -> str:
    return " ".join(xml_text(item.title).split()) or item.id


def layout(analysis: Analysis, options: ExportOptions) -> Layout:
    """The layout of the chart of ``analysis`` with ``options`` (as drawn)."""
    return _Chart(analysis, options).at


def _layout(analysis: Analysis, options: ExportOptions, legend_lines: int) -> Layout:
    """The layout with room for ``legend_lines`` lines of legend."""
    base_width, base_height = SIZES.get(options.svg_size, SIZES["slide"])
    items = _items(analysis, options)
    first, last = drawn_span(analysis)
    header_top = MARGIN + TITLE_FONT + 12 + SUBTITLE_FONT + 14
    # months are labelled when a month is at least two month numbers wide (decided on the
    # base canvas; a grown canvas only widens them)
    months = max(1, round((last - first).days / 30.44))
    show_months = (base_width * 0.7) / months >= 2.2 * MONTH_FONT
    header = YEAR_BAND + QUARTER_BAND + (MONTH_BAND if show_months else 0.0)
    rows_top = header_top + header
    below = 22.0 + legend_lines * LEGEND_LINE + MARGIN  # the plan deadline's label, the legend
    rows = max(1, len(items))
    row = min(MAX_ROW, (base_height - rows_top - below) / rows)
    width, height = float(base_width), float(base_height)
    if row < MIN_ROW:
        # grow in steps of 5 %, so that the canvas keeps its exact ratio in whole units
        row = MIN_ROW
        scale = math.ceil((rows_top + rows * row + below) / base_height * 20) / 20
        width, height = base_width * scale, base_height * scale
    row_font = max(14.0, min(22.0, round(row * 0.62)))
    longest = max((_em_width(_label_of(item)) for item in items), default=4.0)
    label_width = min(width * 0.3, max(width * 0.16, longest * row_font + 16))
    left = MARGIN + label_width
    timeline_width = width - left - MARGIN - EDGE_ROOM
    day_width = timeline_width / ((last - first).days + 1)
    legend_top = rows_top + rows * row + 22.0
    return Layout(
        width=width,
        height=height,
        first=first,
        last=last,
        left=left,
        timeline_width=timeline_width,
        day_width=day_width,
        header_top=header_top,
        rows_top=rows_top,
        row_height=row,
        row_font=row_font,
        rows=len(items),
        legend_top=legend_top,
        show_months=show_months,
    )


class _Chart:
    """The element list of one chart."""

    def __init__(self, analysis: Analysis, options: ExportOptions) -> None:
        self.analysis = analysis
        self.options = options
        self.lang: Lang = options.lang
        self.public = options.audience == "public"
        plan = analysis.plan
        # the 基準日: ``--as-of``, else the plan's own status_date (drawn without asking)
        self.as_of = options.as_of or (plan.plan.status_date if plan is not None else None)
        self.start_month = plan.plan.fiscal_year_start_month if plan is not None else 4
        self.items = _items(analysis, options)
        self.baseline = (
            options.baseline.schedule if options.baseline is not None and not self.public else None
        )
        self.plan_deadline_day = plan.plan.deadline if plan is not None else None
        probe = _layout(analysis, options, 1)
        self.legend_entries = self._legend_entries()
        self.legend_rows = self._wrap_legend(probe.width)
        self.at = _layout(analysis, options, len(self.legend_rows))
        self.legend_rows = self._wrap_legend(self.at.width)
        self.out: list[str] = []

    def x(self, day: dt.date) -> float:
        return self.at.x(day)

    def emit(self, element: str) -> None:
        self.out.append(element)

    def label(self, x: float, y: float, content: str, **attributes: str) -> None:
        """A ``<text>`` element; attribute names use ``_`` for ``-`` (``class_`` for ``class``)."""
        extra = "".join(
            f" {name.rstrip('_').replace('_', '-')}={_attr(value)}"
            for name, value in attributes.items()
        )
        self.emit(
            f'<text x="{_number(x)}" y="{_number(y)}"{extra}>{escape(xml_text(content))}</text>'
        )

    # -- parts -----------------------------------------------------------------------------

    def title(self) -> None:
        plan = self.analysis.plan
        if plan is None:
            return
        settings = plan.plan
        heading = settings.title
        if settings.organization and settings.organization not in heading:
            heading = f"{settings.organization} {heading}"
        if self.public:
            heading += " " + text("public_report.heading_suffix", self.lang)
        top = MARGIN + TITLE_FONT
        room = self.at.width - 2 * MARGIN
        self.label(
            MARGIN,
            top,
            _fit(heading, room / TITLE_FONT),
            class_="title",
            font_size=str(TITLE_FONT),
            font_weight="bold",
        )
        # the plan's 計画期間 (the same as the Markdown report's)
        period = f"{text('export.period', self.lang)} {self.period_label()}"
        if self.as_of is not None:
            as_of = shown_date(self.as_of, self.options)
            period += "  " + text("export.chart.as_of", self.lang, date=as_of)
        self.label(
            MARGIN, top + 12 + SUBTITLE_FONT, period, class_="period", font_size=str(SUBTITLE_FONT)
        )

    def period_label(self) -> str:
        plan, schedule = self.analysis.plan, self.analysis.schedule
        if plan is None or schedule is None:
            return fiscal_span_label(self.at.first, self.at.last, self.lang, self.start_month)
        return plan_period(plan, schedule).label(self.lang)

    def fiscal_years(self) -> None:
        """Alternating fiscal-year bands from the header to the last row, with their labels."""
        at = self.at
        first_fy = fiscal_year_of(at.first, self.start_month)
        last_fy = fiscal_year_of(at.last, self.start_month)
        top, height = at.header_top, at.rows_bottom - at.header_top
        for number, fiscal_year in enumerate(range(first_fy, last_fy + 1)):
            start, finish = fiscal_year_bounds(fiscal_year, self.start_month)
            x, end = self.x(start), self.x(finish + dt.timedelta(days=1))
            fill = colors.FISCAL_YEAR_BANDS[number % 2]
            self.emit(
                f'<rect class="fiscal-year" x="{_number(x)}" y="{_number(top)}" '
                f'width="{_number(end - x)}" height="{_number(height)}" fill="{fill}" '
                f'stroke="{colors.GRID}" stroke-width="1"/>'
            )
            name = fiscal_year_label(fiscal_year, self.lang)
            if _em_width(name) * YEAR_FONT > end - x - 8:
                name = fiscal_year_label(fiscal_year, self.lang, short=True)
            self.label(
                (x + end) / 2,
                top + YEAR_BAND - 9,
                name,
                class_="fiscal-year-label",
                text_anchor="middle",
                font_size=str(YEAR_FONT),
                font_weight="bold",
            )

    def ticks(self) -> None:
        """Quarter labels and lines; month numbers and thin month lines when they fit."""
        at = self.at
        quarter_top = at.header_top + YEAR_BAND
        month_top = quarter_top + QUARTER_BAND
        bottom = at.rows_bottom
        names = text("export.chart.months", self.lang).split(",")
        # one style for every quarter, decided on the narrowest (90 days)
        widest = max(_em_width(text("export.chart.quarter", self.lang, n=n)) for n in range(1, 5))
        short = widest * QUARTER_FONT > 90 * at.day_width - 4
        for month_start in months_from(at.first, at.last):
            x = self.x(month_start)
            _fiscal_year, quarter = fiscal_quarter_of(month_start, self.start_month)
            if (month_start.month - self.start_month) % 3 == 0:
                self.emit(
                    f'<line class="quarter-tick" x1="{_number(x)}" y1="{_number(quarter_top)}" '
                    f'x2="{_number(x)}" y2="{_number(bottom)}" stroke="#B0B0B0" '
                    f'stroke-width="1"/>'
                )
                quarter_end = self.x(add_months(month_start, 3))
                name = text("export.chart.quarter", self.lang, n=quarter)
                if short:
                    last_month = add_months(month_start, 2).month
                    name = text(
                        "public_report.quarter_short",
                        self.lang,
                        first=month_start.month,
                        last=last_month,
                    )
                self.label(
                    (x + quarter_end) / 2,
                    quarter_top + QUARTER_BAND - 7,
                    name,
                    text_anchor="middle",
                    font_size=str(QUARTER_FONT),
                )
            elif at.show_months:
                self.emit(
                    f'<line class="month-tick" x1="{_number(x)}" y1="{_number(month_top)}" '
                    f'x2="{_number(x)}" y2="{_number(bottom)}" stroke="{colors.GRID}" '
                    f'stroke-width="0.6"/>'
                )
            if at.show_months:
                middle = (x + self.x(month_after(month_start))) / 2
                self.label(
                    middle,
                    month_top + MONTH_BAND - 6,
                    names[month_start.month - 1].removesuffix("月"),
                    text_anchor="middle",
                    font_size=str(MONTH_FONT),
                    fill="#555555",
                )

    def rows(self) -> None:
        """One row per initiative: its label, and its bar or diamond, and its deadline mark."""
        at = self.at
        label_ems = (at.left - MARGIN - 12) / at.row_font
        for index, item in enumerate(self.items):
            top = at.rows_top + index * at.row_height
            if index % 2:
                self.emit(
                    f'<rect class="row-band" x="{_number(MARGIN)}" y="{_number(top)}" '
                    f'width="{_number(at.left - MARGIN)}" height="{_number(at.row_height)}" '
                    f'fill="#F7F7F7"/>'
                )
            name = _label_of(item)
            if self.public:
                self.emit(f'<g class="row" data-row="{index + 1}">')
                self.emit(f"<title>{escape(xml_text(item.title))}</title>")
            else:
                self.emit(f'<g class="row" data-initiative={_attr(item.id)}>')
                self.emit(f"<title>{escape(xml_text(f'{item.id}: {item.title}'))}</title>")
            self.label(
                MARGIN + 6,
                top + at.row_height / 2 + at.row_font * 0.36,
                _fit(name, label_ems),
                class_="label",
                font_size=_number(at.row_font),
                font_weight="bold" if item.critical and not self.public else "normal",
            )
            self.baseline_bar(item, top)
            if item.milestone:
                self.diamond(item, top)
            else:
                self.bar(item, top)
            if item.deadline is not None:
                self.deadline(item, top)
            self.emit("</g>")

    def _bar_box(self, top: float) -> tuple[float, float]:
        """The bar's top and height in a row (higher up when a baseline bar goes under it)."""
        row = self.at.row_height
        if self.baseline is not None:
            return top + row * 0.14, row * 0.5
        return top + row * 0.2, row * 0.6

    def _data(self, item: ScheduledInitiative) -> str:
        return "" if self.public else f" data-initiative={_attr(item.id)}"

    def _classes(self, kind: str, item: ScheduledInitiative) -> str:
        """``bar``, ``bar critical``, ``milestone done`` ...: what tools and tests select on."""
        parts = [kind]
        if item.critical and not self.public:
            parts.append("critical")
        if item.status is Status.DONE:
            parts.append("done")
        elif item.status is Status.IN_PROGRESS:
            parts.append("in-progress")
        return " ".join(parts)

    def bar(self, item: ScheduledInitiative, top: float) -> None:
        at = self.at
        x = self.x(item.early_start)
        width = ((item.early_finish - item.early_start).days + 1) * at.day_width
        y, height = self._bar_box(top)
        critical = item.critical and not self.public
        outline = (
            f' stroke="{colors.CRITICAL}" stroke-width="2.5"'
            if critical
            else ' stroke="#555555" stroke-width="0.6"'
        )
        self.emit(
            f'<rect class="{self._classes("bar", item)}"{self._data(item)} '
            f'x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" '
            f'height="{_number(height)}" rx="3" fill="{_fill(item)}"{outline}/>'
        )
        if item.status is Status.IN_PROGRESS:
            self.progress(item, x, y, width, height)

    def progress(
        self, item: ScheduledInitiative, x: float, y: float, width: float, height: float
    ) -> None:
        """The done part of a bar in progress, darker, and its percentage inside (or beside)."""
        plan = self.analysis.plan
        initiative = plan.initiatives.get(item.id) if plan is not None else None
        if initiative is None:
            return
        percent = initiative.progress
        done = width * percent / 100
        fill = colors.step_color(item.step)
        if done > 0:
            self.emit(
                f'<rect class="progress"{self._data(item)} x="{_number(x)}" '
                f'y="{_number(y)}" width="{_number(done)}" height="{_number(height)}" rx="3" '
                f'fill="{_shade(fill)}"/>'
            )
        caption = f"{percent:g}%"
        size = max(12.0, round(self.at.row_font * 0.8))
        needed = _em_width(caption) * size + 8
        if needed <= width:
            background = _shade(fill) if done >= width / 2 else fill
            self.label(
                x + width / 2,
                y + height / 2 + size * 0.36,
                caption,
                class_="progress-label",
                text_anchor="middle",
                font_size=_number(size),
                font_weight="bold",
                fill=colors.text_color_on(background),
            )
        else:
            self.label(
                x + width + 4,
                y + height / 2 + size * 0.36,
                caption,
                class_="progress-label",
                font_size=_number(size),
                font_weight="bold",
            )

    def baseline_bar(self, item: ScheduledInitiative, top: float) -> None:
        """The baseline's dates of ``item``, a thin grey bar under its bar."""
        if self.baseline is None:
            return
        old = self.baseline.initiatives.get(item.id)
        if old is None:
            return
        row = self.at.row_height
        if old.milestone:
            if not self.at.first <= old.early_start <= self.at.last:
                return
            centre = self.x(old.early_start) + self.at.day_width / 2
            middle, half = top + row * 0.78, row * 0.14
            points = (
                f"{_number(centre)},{_number(middle - half)} {_number(centre + half)},"
                f"{_number(middle)} {_number(centre)},{_number(middle + half)} "
                f"{_number(centre - half)},{_number(middle)}"
            )
            self.emit(
                f'<polygon class="baseline-milestone" data-initiative={_attr(item.id)} '
                f'points="{points}" fill="#9A9A9A"/>'
            )
            return
        first = max(old.early_start, self.at.first)
        last = min(old.early_finish, self.at.last)
        if last < first:
            return
        x = self.x(first)
        width = max(((last - first).days + 1) * self.at.day_width, 3.0)
        self.emit(
            f'<rect class="baseline-bar" data-initiative={_attr(item.id)} x="{_number(x)}" '
            f'y="{_number(top + row * 0.7)}" width="{_number(width)}" '
            f'height="{_number(row * 0.16)}" fill="#9A9A9A"/>'
        )

    def diamond(self, item: ScheduledInitiative, top: float) -> None:
        at = self.at
        centre = self.x(item.early_start) + at.day_width / 2
        y, height = self._bar_box(top)
        middle, half = y + height / 2, height / 2 + 2
        points = " ".join(
            f"{_number(px)},{_number(py)}"
            for px, py in (
                (centre, middle - half),
                (centre + half, middle),
                (centre, middle + half),
                (centre - half, middle),
            )
        )
        critical = item.critical and not self.public
        fill = colors.CRITICAL if critical else _fill(item)
        self.emit(
            f'<polygon class="{self._classes("milestone", item)}"{self._data(item)} '
            f'points="{points}" fill="{fill}" stroke="#333333" stroke-width="1"/>'
        )

    def deadline(self, item: ScheduledInitiative, top: float) -> None:
        """A triangle over the deadline's day, or an arrow at the right edge when beyond."""
        assert item.deadline is not None
        at = self.at
        data = f'{self._data(item)} data-date="{item.deadline.isoformat()}"'
        if item.deadline < at.first:
            return
        if item.deadline > at.last:
            edge = at.left + at.timeline_width + 4
            middle = top + at.row_height / 2
            points = (
                f"{_number(edge)},{_number(middle - 6)} {_number(edge + 10)},{_number(middle)} "
                f"{_number(edge)},{_number(middle + 6)}"
            )
            self.emit(
                f'<polygon class="deadline beyond"{data} points="{points}" '
                f'fill="{colors.DEADLINE}"/>'
            )
            return
        centre = self.x(item.deadline) + at.day_width / 2
        points = (
            f"{_number(centre - 6)},{_number(top + 1)} {_number(centre + 6)},{_number(top + 1)} "
            f"{_number(centre)},{_number(top + 10)}"
        )
        self.emit(f'<polygon class="deadline"{data} points="{points}" fill="{colors.DEADLINE}"/>')

    def today(self) -> None:
        """The 基準日 line (``--as-of`` or the plan's status_date), when inside the chart."""
        at = self.at
        if self.as_of is None or not at.first <= self.as_of <= at.last:
            return
        x = self.x(self.as_of) + at.day_width / 2
        self.emit(
            f'<line class="today" x1="{_number(x)}" y1="{_number(at.header_top + YEAR_BAND)}" '
            f'x2="{_number(x)}" y2="{_number(at.rows_bottom)}" stroke="{colors.TODAY}" '
            f'stroke-width="2.5" stroke-dasharray="6 4"/>'
        )

    def plan_deadline(self) -> None:
        """A dashed line on the plan's deadline, labelled with its date; an edge arrow when the
        deadline lies beyond the 計画期間."""
        at = self.at
        deadline = self.plan_deadline_day
        if deadline is None or deadline < at.first:
            return
        name = f"{field_label('deadline', self.lang)} {shown_date(deadline, self.options)}"
        if deadline > at.last:
            edge = at.left + at.timeline_width + 4
            top = at.rows_bottom + 4
            self.emit(
                f'<polygon class="plan-deadline-beyond" data-date="{deadline.isoformat()}" '
                f'points="{_number(edge)},{_number(top)} {_number(edge + 12)},{_number(top + 7)} '
                f'{_number(edge)},{_number(top + 14)}" fill="{colors.CRITICAL}"/>'
            )
            self.label(
                edge - 4,
                top + 12,
                f"{name} →",
                class_="plan-deadline-label",
                text_anchor="end",
                font_size="15",
                fill=colors.CRITICAL,
            )
            return
        x = self.x(deadline) + at.day_width / 2
        self.emit(
            f'<line class="plan-deadline" x1="{_number(x)}" y1="{_number(at.rows_top)}" '
            f'x2="{_number(x)}" y2="{_number(at.rows_bottom)}" stroke="{colors.CRITICAL}" '
            f'stroke-width="2" stroke-dasharray="8 4"/>'
        )
        self.label(
            x - 4,
            at.rows_bottom + 16,
            name,
            class_="plan-deadline-label",
            text_anchor="end",
            font_size="15",
            fill=colors.CRITICAL,
        )

    # -- legend ------------------------------------------------------------------------------

    def _legend_entries(self) -> list[tuple[str, str]]:
        """(kind, name) of every legend entry, in order."""
        entries: list[tuple[str, str]] = []
        has_common = any(item.step is None for item in self.items)
        steps = (*STEP_ORDER, None) if has_common else STEP_ORDER
        if self.public:  # only the areas shown, in plain words
            present = {item.step for item in self.items}
            for step in (step for step in steps if step in present):
                key = step.value if step is not None else None
                name = text(f"public_report.step.{key or 'common'}", self.lang)
                entries.append((f"step:{key or ''}", name))
        else:
            for step in steps:
                key = step.value if step is not None else None
                entries.append((f"step:{key or ''}", step_label(key, self.lang)))
        entries.append(("done", status_label("done", self.lang)))
        entries.append(("progress", text("public_report.legend.progress", self.lang)))
        if not self.public:
            entries.append(("critical", field_label("critical", self.lang)))
        entries.append(("milestone", field_label("milestone", self.lang)))
        entries.append(("deadline", field_label("deadline", self.lang)))
        if self.as_of is not None:
            as_of = f"{text('export.as_of', self.lang)} {shown_date(self.as_of, self.options)}"
            entries.append(("today", as_of))
        if self.baseline is not None:
            label = self.options.baseline_label or ""
            entries.append(
                ("baseline", text("public_report.legend.baseline", self.lang, rev=label))
            )
        return entries

    @staticmethod
    def _entry_width(name: str) -> float:
        return 26 + _em_width(name) * LEGEND_FONT + 20

    def _wrap_legend(self, width: float) -> list[list[tuple[str, str]]]:
        """The legend entries in lines that fit ``width``."""
        heading = _em_width(text("export.chart.legend", self.lang)) * LEGEND_FONT + 16
        room = width - 2 * MARGIN - heading
        lines: list[list[tuple[str, str]]] = [[]]
        used = 0.0
        for entry in self.legend_entries:
            size = self._entry_width(entry[1])
            if lines[-1] and used + size > room:
                lines.append([])
                used = 0.0
            lines[-1].append(entry)
            used += size
        return lines

    def legend(self) -> None:
        """Step colours, then the marks for progress, critical work, milestones, deadlines,
        the 基準日 and the baseline, in as many lines as the width needs."""
        at = self.at
        heading = text("export.chart.legend", self.lang)
        start = MARGIN + _em_width(heading) * LEGEND_FONT + 16
        for number, line in enumerate(self.legend_rows):
            middle = at.legend_top + number * LEGEND_LINE + LEGEND_LINE / 2
            if number == 0:
                self.label(
                    MARGIN,
                    middle + 6,
                    heading,
                    font_size=str(LEGEND_FONT),
                    font_weight="bold",
                )
            x = start
            for kind, name in line:
                self._legend_mark(kind, x, middle)
                self.label(x + 26, middle + 6, name, font_size=str(LEGEND_FONT))
                x += self._entry_width(name)

    def _legend_mark(self, kind: str, x: float, middle: float) -> None:
        box = f'x="{_number(x)}" y="{_number(middle - 7)}" width="20" height="14"'
        if kind.startswith("step:"):
            key = kind.removeprefix("step:") or None
            self.emit(f'<rect class="legend-step" {box} fill="{colors.step_color(key)}"/>')
        elif kind == "done":
            done = colors.tint(colors.step_color(None))
            self.emit(f'<rect class="legend-done" {box} fill="{done}"/>')
        elif kind == "progress":
            color = colors.step_color(None)
            self.emit(f'<rect class="legend-progress" {box} fill="{color}"/>')
            self.emit(
                f'<rect x="{_number(x)}" y="{_number(middle - 7)}" width="10" height="14" '
                f'fill="{_shade(color)}"/>'
            )
        elif kind == "critical":
            self.emit(
                f'<rect class="legend-critical" {box} fill="#FFFFFF" '
                f'stroke="{colors.CRITICAL}" stroke-width="2.5"/>'
            )
        elif kind == "milestone":
            self.emit(
                f'<polygon class="legend-milestone" points="{_number(x + 10)},'
                f"{_number(middle - 9)} {_number(x + 19)},{_number(middle)} "
                f'{_number(x + 10)},{_number(middle + 9)} {_number(x + 1)},{_number(middle)}" '
                f'fill="#555555"/>'
            )
        elif kind == "deadline":
            self.emit(
                f'<polygon class="legend-deadline" points="{_number(x + 4)},'
                f"{_number(middle - 6)} {_number(x + 16)},{_number(middle - 6)} "
                f'{_number(x + 10)},{_number(middle + 3)}" fill="{colors.DEADLINE}"/>'
            )
        elif kind == "today":
            self.emit(
                f'<line class="legend-today" x1="{_number(x + 10)}" y1="{_number(middle - 9)}" '
                f'x2="{_number(x + 10)}" y2="{_number(middle + 9)}" stroke="{colors.TODAY}" '
                f'stroke-width="2.5" stroke-dasharray="6 4"/>'
            )
        else:  # baseline
            self.emit(
                f'<rect class="legend-baseline" x="{_number(x)}" y="{_number(middle - 2)}" '
                f'width="20" height="5" fill="#9A9A9A"/>'
            )

    def document(self) -> str:
        self.title()
        self.fiscal_years()
        self.ticks()
        self.rows()
        self.today()
        self.plan_deadline()
        self.legend()
        title = self.analysis.plan.plan.title if self.analysis.plan is not None else "roadmap"
        width, height = _number(self.at.width), _number(self.at.height)
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family={_attr(FONT_FAMILY)} font-size="16" fill="{colors.TEXT}">\n'
            f"<title>{escape(xml_text(title))}</title>\n"
            f'<rect class="background" width="{width}" height="{height}" fill="#FFFFFF"/>\n'
        )
        return head + "\n".join(self.out) + "\n</svg>\n"


def render(analysis: Analysis, options: ExportOptions) -> str:
    """The SVG document of ``analysis`` as text."""
    return _Chart(analysis, options).document()


def export(analysis: Analysis, options: ExportOptions) -> bytes:
    """The Gantt chart of ``analysis`` as UTF-8 SVG."""
    return render(analysis, options).encode("utf-8")
