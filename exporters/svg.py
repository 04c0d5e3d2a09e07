"""The SVG export: a self-contained Gantt chart for slides and printouts.

The chart spans whole fiscal years, from the 年度 of the first start to the 年度 of the last
finish or deadline. From the top: the plan's title and period, a band per fiscal year labelled
``令和8年度 (2026年度)``, quarter and month ticks, then one fixed-height row per scheduled
initiative in file order (its title on the left, its bar on the right), and a legend.

- A bar spans its first to its last working day inclusive: ``x = x(early_start)``,
  ``width = (early_finish - early_start + 1 day) * DAY_WIDTH``, filled in its step's colour
  (:mod:`exporters.colors`), lighter when done; critical work is outlined in red.
- A milestone is a diamond centred on its day; a deadline is a small downward triangle over
  the middle of its day.
- A dashed 基準日 line is drawn at ``options.as_of``, else at the plan's ``status_date``; a dashed red line marks
  the plan's own deadline.

The file is plain SVG 1.1 with presentation attributes (no CSS, scripts, fonts or links), so it
opens the same in browsers, PowerPoint, Keynote, LibreOffice and Inkscape. Text uses a
Japanese-capable font stack. Every text is XML-escaped, line breaks become spaces, characters
XML forbids are dropped, and labels too long for the label column are cut with ``…`` (the full
title is kept in a ``<title>`` tooltip). Shapes carry ``class`` and ``data-initiative``
attributes so tools and tests can find them. Numbers are written with at most two decimals, so
the same plan and options give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from xml.sax.saxutils import escape, quoteattr

from exporters import colors
from exporters.base import ExportOptions
from exporters.dates import shown_date
from roadmap.core.analysis.period import plan_period
from roadmap.core.analysis.pipeline import Analysis
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
    "DAY_WIDTH",
    "FONT_FAMILY",
    "ROW_HEIGHT",
    "chart_span",
    "export",
    "render",
    "xml_text",
]

#: Horizontal scale: pixels per calendar day (a fiscal year is about 438 px wide).
DAY_WIDTH = 1.2
#: Height of one initiative row.
ROW_HEIGHT = 20
BAR_HEIGHT = 12
LABEL_WIDTH = 320
MARGIN = 16
TITLE_HEIGHT = 48
HEADER_HEIGHT = 60  # fiscal-year band (24) + quarters (18) + months (18)
FONT_SIZE = 11
FONT_FAMILY = (
    '"Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, sans-serif'
)

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")


def xml_text(value: str) -> str:
    """``value`` as one line of XML-safe text: breaks become spaces, forbidden characters go."""
    return _XML_FORBIDDEN.sub("", _LINE_BREAKS.sub(" ", value))


def _attr(value: str) -> str:
    """A quoted, escaped attribute value (``quoteattr`` picks the quotes)."""
    return quoteattr(xml_text(value), {"\t": "&#9;"})


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


def _fill(item: ScheduledInitiative) -> str:
    """The step's colour; a lighter tint of it for finished work."""
    color = colors.step_color(item.step)
    return colors.tint(color) if item.status is Status.DONE else color


def _classes(kind: str, item: ScheduledInitiative) -> str:
    """``bar``, ``bar critical``, ``milestone done`` ...: what tools and tests select on."""
    extra = " critical" if item.critical else " done" if item.status is Status.DONE else ""
    return kind + extra


def chart_span(analysis: Analysis) -> tuple[dt.date, dt.date]:
    """First and last day of the whole fiscal years a chart of ``analysis`` covers.

    From the 年度 of the first start to the 年度 of the last finish or initiative deadline.
    """
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


class _Chart:
    """Coordinates and the element list of one chart."""

    def __init__(self, analysis: Analysis, options: ExportOptions) -> None:
        self.analysis = analysis
        self.options = options
        self.lang: Lang = options.lang
        plan = analysis.plan
        # the 基準日: ``--as-of``, else the plan's own status_date (drawn without asking)
        self.as_of = options.as_of or (plan.plan.status_date if plan is not None else None)
        self.start_month = plan.plan.fiscal_year_start_month if plan is not None else 4
        self.first, self.last = chart_span(analysis)
        schedule = analysis.schedule
        self.items: list[ScheduledInitiative] = (
            list(schedule.initiatives.values()) if schedule is not None else []
        )
        self.left = MARGIN + LABEL_WIDTH
        self.timeline_width = ((self.last - self.first).days + 1) * DAY_WIDTH
        self.width = self.left + self.timeline_width + MARGIN
        self.header_top = MARGIN + TITLE_HEIGHT
        self.rows_top = self.header_top + HEADER_HEIGHT
        self.rows_bottom = self.rows_top + len(self.items) * ROW_HEIGHT
        self.legend_top = self.rows_bottom + 20
        self.height = self.legend_top + 2 * ROW_HEIGHT + MARGIN
        self.out: list[str] = []

    def x(self, day: dt.date) -> float:
        """The left edge of ``day``."""
        return self.left + (day - self.first).days * DAY_WIDTH

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
        self.label(MARGIN, MARGIN + 18, heading, font_size="18", font_weight="bold")
        # the plan's 計画期間 (the same as the Markdown report's), not the drawn range, which
        # may stretch out to a deadline
        period = f"{text('export.period', self.lang)} {self.period_label()}"
        if self.as_of is not None:
            as_of = shown_date(self.as_of, self.options)
            period += "  " + text("export.chart.as_of", self.lang, date=as_of)
        self.label(MARGIN, MARGIN + 38, period, font_size="12")

    def period_label(self) -> str:
        schedule = self.analysis.schedule
        if schedule is None:
            return fiscal_span_label(self.first, self.last, self.lang, self.start_month)
        return plan_period(schedule, self.start_month).label(self.lang)

    def fiscal_years(self) -> None:
        """Alternating fiscal-year bands from the header to the last row, with their labels."""
        first_fy = fiscal_year_of(self.first, self.start_month)
        last_fy = fiscal_year_of(self.last, self.start_month)
        top, height = self.header_top, self.rows_bottom - self.header_top
        for number, fiscal_year in enumerate(range(first_fy, last_fy + 1)):
            start, finish = fiscal_year_bounds(fiscal_year, self.start_month)
            x, end = self.x(start), self.x(finish + dt.timedelta(days=1))
            fill = colors.FISCAL_YEAR_BANDS[number % 2]
            self.emit(
                f'<rect class="fiscal-year" x="{_number(x)}" y="{_number(top)}" '
                f'width="{_number(end - x)}" height="{_number(height)}" fill="{fill}" '
                f'stroke="{colors.GRID}" stroke-width="1"/>'
            )
            self.label(
                (x + end) / 2,
                top + 17,
                fiscal_year_label(fiscal_year, self.lang),
                class_="fiscal-year-label",
                text_anchor="middle",
                font_size="12",
                font_weight="bold",
            )

    def ticks(self) -> None:
        """Quarter labels and lines, month numbers and thin month lines."""
        quarter_top, month_top = self.header_top + 24, self.header_top + 42
        bottom = self.rows_bottom
        names = text("export.chart.months", self.lang).split(",")
        for month_start in months_from(self.first, self.last):
            x = self.x(month_start)
            next_month = month_after(month_start)
            middle = (x + self.x(next_month)) / 2
            _fiscal_year, quarter = fiscal_quarter_of(month_start, self.start_month)
            quarter_first = (month_start.month - self.start_month) % 3 == 0
            if quarter_first:
                self.emit(
                    f'<line class="quarter-tick" x1="{_number(x)}" y1="{_number(quarter_top)}" '
                    f'x2="{_number(x)}" y2="{_number(bottom)}" stroke="#B0B0B0" '
                    f'stroke-width="0.8"/>'
                )
                quarter_end = self.x(add_months(month_start, 3))
                self.label(
                    (x + quarter_end) / 2,
                    quarter_top + 13,
                    text("export.chart.quarter", self.lang, n=quarter),
                    text_anchor="middle",
                    font_size="10",
                )
            else:
                self.emit(
                    f'<line class="month-tick" x1="{_number(x)}" y1="{_number(month_top)}" '
                    f'x2="{_number(x)}" y2="{_number(bottom)}" stroke="{colors.GRID}" '
                    f'stroke-width="0.5"/>'
                )
            self.label(
                middle,
                month_top + 13,
                names[month_start.month - 1].removesuffix("月"),
                text_anchor="middle",
                font_size="9",
                fill="#555555",
            )

    def rows(self) -> None:
        """One row per initiative: its label, and its bar or diamond, and its deadline mark."""
        label_ems = (LABEL_WIDTH - 8) / FONT_SIZE
        for index, item in enumerate(self.items):
            top = self.rows_top + index * ROW_HEIGHT
            middle = top + ROW_HEIGHT / 2
            if index % 2:
                self.emit(
                    f'<rect class="row-band" x="{MARGIN}" y="{_number(top)}" '
                    f'width="{_number(LABEL_WIDTH)}" height="{ROW_HEIGHT}" fill="#F7F7F7"/>'
                )
            name = " ".join(xml_text(item.title).split()) or item.id
            self.emit(f'<g class="row" data-initiative={_attr(item.id)}>')
            self.emit(f"<title>{escape(xml_text(f'{item.id}: {item.title}'))}</title>")
            self.label(
                MARGIN + 4,
                middle + 4,
                _fit(name, label_ems),
                class_="label",
                font_weight="bold" if item.critical else "normal",
            )
            if item.milestone:
                self.diamond(item, middle)
            else:
                self.bar(item, middle)
            if item.deadline is not None and self.first <= item.deadline <= self.last:
                self.deadline(item, top)
            self.emit("</g>")

    def bar(self, item: ScheduledInitiative, middle: float) -> None:
        x = self.x(item.early_start)
        width = ((item.early_finish - item.early_start).days + 1) * DAY_WIDTH
        outline = (
            f' stroke="{colors.CRITICAL}" stroke-width="2"'
            if item.critical
            else ' stroke="#555555" stroke-width="0.5"'
        )
        self.emit(
            f'<rect class="{_classes("bar", item)}" data-initiative={_attr(item.id)} '
            f'x="{_number(x)}" y="{_number(middle - BAR_HEIGHT / 2)}" '
            f'width="{_number(width)}" height="{BAR_HEIGHT}" rx="2" fill="{_fill(item)}"{outline}/>'
        )

    def diamond(self, item: ScheduledInitiative, middle: float) -> None:
        centre = self.x(item.early_start) + DAY_WIDTH / 2
        half = BAR_HEIGHT / 2 + 1
        points = " ".join(
            f"{_number(px)},{_number(py)}"
            for px, py in (
                (centre, middle - half),
                (centre + half, middle),
                (centre, middle + half),
                (centre - half, middle),
            )
        )
        fill = colors.CRITICAL if item.critical else _fill(item)
        self.emit(
            f'<polygon class="{_classes("milestone", item)}" data-initiative={_attr(item.id)} '
            f'points="{points}" fill="{fill}" stroke="#333333" stroke-width="0.8"/>'
        )

    def deadline(self, item: ScheduledInitiative, top: float) -> None:
        assert item.deadline is not None
        centre = self.x(item.deadline) + DAY_WIDTH / 2
        points = f"{_number(centre - 4)},{_number(top + 1)} {_number(centre + 4)},{_number(top + 1)} {_number(centre)},{_number(top + 7)}"
        self.emit(
            f'<polygon class="deadline" data-initiative={_attr(item.id)} '
            f'data-date="{item.deadline.isoformat()}" points="{points}" '
            f'fill="{colors.DEADLINE}"/>'
        )

    def today(self) -> None:
        """The 基準日 line (``--as-of`` or the plan's status_date), when inside the chart."""
        if self.as_of is None or not self.first <= self.as_of <= self.last:
            return
        x = self.x(self.as_of) + DAY_WIDTH / 2
        self.emit(
            f'<line class="today" x1="{_number(x)}" y1="{_number(self.header_top + 24)}" '
            f'x2="{_number(x)}" y2="{_number(self.rows_bottom)}" stroke="{colors.TODAY}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )

    def plan_deadline(self) -> None:
        """A dashed line on the plan's deadline, labelled with its date."""
        plan = self.analysis.plan
        deadline = plan.plan.deadline if plan is not None else None
        if deadline is None or not self.first <= deadline <= self.last:
            return
        x = self.x(deadline) + DAY_WIDTH / 2
        self.emit(
            f'<line class="plan-deadline" x1="{_number(x)}" y1="{_number(self.rows_top)}" '
            f'x2="{_number(x)}" y2="{_number(self.rows_bottom)}" stroke="{colors.CRITICAL}" '
            f'stroke-width="1.2" stroke-dasharray="6 3"/>'
        )
        self.label(
            x - 3,
            self.rows_bottom + 12,
            f"{field_label('deadline', self.lang)} {shown_date(deadline, self.options)}",
            text_anchor="end",
            font_size="10",
            fill=colors.CRITICAL,
        )

    def legend(self) -> None:
        """Step colours, then the marks for critical work, milestones and deadlines."""
        x, middle = float(MARGIN), self.legend_top + ROW_HEIGHT / 2
        self.label(x, middle + 4, text("export.chart.legend", self.lang), font_weight="bold")
        x += 56
        has_common = any(item.step is None for item in self.items)
        for step in (*STEP_ORDER, None) if has_common else STEP_ORDER:
            key = step.value if step is not None else None
            self.emit(
                f'<rect class="legend-step" x="{_number(x)}" y="{_number(middle - 6)}" '
                f'width="18" height="12" fill="{colors.step_color(key)}"/>'
            )
            name = step_label(key, self.lang)
            self.label(x + 24, middle + 4, name)
            x += 24 + _em_width(name) * FONT_SIZE + 16
        done = colors.tint(colors.step_color(None))
        self.emit(
            f'<rect class="legend-done" x="{_number(x)}" y="{_number(middle - 6)}" '
            f'width="18" height="12" fill="{done}"/>'
        )
        name = status_label("done", self.lang)
        self.label(x + 24, middle + 4, name)
        x += 24 + _em_width(name) * FONT_SIZE + 16
        self.emit(
            f'<rect class="legend-critical" x="{_number(x)}" y="{_number(middle - 6)}" '
            f'width="18" height="12" fill="#FFFFFF" stroke="{colors.CRITICAL}" stroke-width="2"/>'
        )
        name = field_label("critical", self.lang)
        self.label(x + 24, middle + 4, name)
        x += 24 + _em_width(name) * FONT_SIZE + 16
        self.emit(
            f'<polygon class="legend-milestone" points="{_number(x + 7)},{_number(middle - 7)} '
            f"{_number(x + 14)},{_number(middle)} {_number(x + 7)},{_number(middle + 7)} "
            f'{_number(x)},{_number(middle)}" fill="#555555"/>'
        )
        name = field_label("milestone", self.lang)
        self.label(x + 20, middle + 4, name)
        x += 20 + _em_width(name) * FONT_SIZE + 16
        self.emit(
            f'<polygon class="legend-deadline" points="{_number(x)},{_number(middle - 5)} '
            f'{_number(x + 8)},{_number(middle - 5)} {_number(x + 4)},{_number(middle + 1)}" '
            f'fill="{colors.DEADLINE}"/>'
        )
        name = field_label("deadline", self.lang)
        self.label(x + 14, middle + 4, name)
        end = x + 14 + _em_width(name) * FONT_SIZE
        if self.as_of is not None:
            x = end + 16
            self.emit(
                f'<line class="legend-today" x1="{_number(x + 6)}" y1="{_number(middle - 7)}" '
                f'x2="{_number(x + 6)}" y2="{_number(middle + 7)}" stroke="{colors.TODAY}" '
                f'stroke-width="1.5" stroke-dasharray="4 3"/>'
            )
            name = f"{text('export.as_of', self.lang)} {shown_date(self.as_of, self.options)}"
            self.label(x + 16, middle + 4, name)
            end = x + 16 + _em_width(name) * FONT_SIZE
        self.width = max(self.width, end + MARGIN)

    def document(self) -> str:
        self.title()
        self.fiscal_years()
        self.ticks()
        self.rows()
        self.today()
        self.plan_deadline()
        self.legend()
        title = self.analysis.plan.plan.title if self.analysis.plan is not None else "roadmap"
        width, height = _number(self.width), _number(self.height)
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family={_attr(FONT_FAMILY)} font-size="{FONT_SIZE}" fill="{colors.TEXT}">\n'
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
