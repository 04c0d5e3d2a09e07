"""The staffing view: a team x month heat map of load against capacity, with its overloads.

Loads come from :func:`roadmap.core.analysis.staffing.staffing_report` (exact sums; "over" is the core's own
test). Each month is three cells of coloured spaces, shaded by load / capacity and red when the
team is over capacity; months are labelled by number (`` 9 10 11 12``: three cells, so two-digit
months stay apart) under a row of fiscal-year labels (``R8年度``). The team column is padded with :func:`rich.cells.set_cell_size` to an even width.
Below the map, every over-capacity month is listed with the initiatives that cause it.
"""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import ScrollableContainer
from textual.widget import Widget
from textual.widgets import Static

from exporters.colors import CRITICAL
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.staffing import StaffingReport, TeamMonthLoad
from roadmap.core.calendar.fiscal import fiscal_year_label, fiscal_year_of
from roadmap.core.i18n import Lang, text
from tui.safety import SafeHandlers

__all__ = ["CAPACITY_CELLS", "MONTH_CELLS", "StaffingView", "load_style", "team_label"]

#: Cells per month in the map: a month's number and a space between it and the next.
MONTH_CELLS = 3
#: Cells of the capacity figure after the team name.
CAPACITY_CELLS = 6
#: The team name is cut at this many cells (even).
MAX_TEAM_CELLS = 20

LOW = Style(bgcolor="#B7E4C7")
MID = Style(bgcolor="#52B788")
HIGH = Style(bgcolor="#E69F00")
OVER = Style(bgcolor=CRITICAL)
UNDECLARED = Style(bgcolor="#8C8C8C")
OVER_TEXT = Style(color=CRITICAL, bold=True)

#: (style, message key) of the legend, in the order of the shading.
LEGEND: tuple[tuple[Style, str], ...] = (
    (LOW, "tui.staffing.level.low"),
    (MID, "tui.staffing.level.mid"),
    (HIGH, "tui.staffing.level.high"),
    (OVER, "tui.staffing.level.over"),
    (UNDECLARED, "tui.staffing.level.undeclared"),
)


def load_style(cell: TeamMonthLoad | None) -> Style | None:
    """The shade of one team-month: by load / capacity, red over capacity, none when idle."""
    if cell is None or cell.load_units <= 0:
        return None
    if cell.over:
        return OVER
    if cell.capacity is None:
        return UNDECLARED
    ratio = cell.load / cell.capacity if cell.capacity else 0.0
    if ratio <= 0.5:
        return LOW
    return MID if ratio <= 0.8 else HIGH


def _even(cells: int) -> int:
    return cells + cells % 2


def team_label(team: str, capacity: float | None, name_cells: int) -> str:
    """``情報政策係    2`` : the name in ``name_cells`` cells, the capacity right-aligned."""
    figure = "-" if capacity is None else f"{capacity:g}"
    figure = set_cell_size(" " * max(0, CAPACITY_CELLS - cell_len(figure)) + figure, CAPACITY_CELLS)
    return set_cell_size(team, name_cells) + figure


def _year_row(months: tuple[dt.date, ...], start_month: int, indent: int, lang: Lang) -> Text:
    """Fiscal-year labels over the month where each year begins (and over the first month)."""
    row = Text(" " * indent)
    cursor = 0
    for index, month in enumerate(months):
        if index and month.month != start_month:
            continue
        column = index * MONTH_CELLS
        if column < cursor:
            continue
        label = fiscal_year_label(fiscal_year_of(month, start_month), lang, short=True)
        room = len(months) * MONTH_CELLS - column
        label = set_cell_size(label, min(room, cell_len(label)))
        row.append(" " * (column - cursor) + label, style="bold")
        cursor = column + cell_len(label) + 1
        row.append(" ")
    return row


def map_text(report: StaffingReport, start_month: int, lang: Lang) -> Text:
    """The heat map, its legend and the list of overloads, as one no-wrap text."""
    name_cells = _even(min(MAX_TEAM_CELLS, max(cell_len(team) for team in report.teams)))
    indent = name_cells + CAPACITY_CELLS + 1
    lines = Text(no_wrap=True, end="")
    lines.append(text("staffing.title", lang) + "\n", style="bold")
    lines.append_text(_year_row(report.months, start_month, indent, lang))
    lines.append("\n")
    header = set_cell_size(text("staffing.team", lang), name_cells)
    header += set_cell_size(" " + text("staffing.capacity", lang), CAPACITY_CELLS)
    lines.append(header + " ", style="bold")
    for month in report.months:
        lines.append(f"{month.month:>{MONTH_CELLS}}")
    lines.append("\n")
    for team in report.teams:
        cells = [report.cell(team, month) for month in report.months]
        overloaded = any(cell is not None and cell.over for cell in cells)
        label = team_label(team, report.capacities[team], name_cells)
        lines.append(label + " ", style=OVER_TEXT if overloaded else None)
        for cell in cells:
            lines.append(" " * MONTH_CELLS, style=load_style(cell))
        lines.append("\n")
    lines.append(text("tui.staffing.legend", lang) + " ")
    for style, key in LEGEND:
        lines.append(" " * MONTH_CELLS, style=style)
        lines.append(f" {text(key, lang)}  ")
    lines.append("\n")
    lines.append_text(_overloads(report, lang))
    return lines


def _overloads(report: StaffingReport, lang: Lang) -> Text:
    overloads = report.overloads
    if not overloads:
        return Text(text("staffing.no_overloads", lang))
    listing = Text()
    listing.append(text("staffing.overloads", lang), style="bold")
    for cell in overloads:
        causes = ", ".join(f"{part.initiative} {part.load:.2f}" for part in cell.contributions)
        listing.append("\n")
        listing.append(
            text(
                "tui.staffing.overload",
                lang,
                month=f"{cell.month:%Y-%m}",
                team=cell.team,
                load=f"{cell.load:.2f}",
                capacity=f"{cell.capacity:g}",
                causes=causes,
            ),
            style=OVER_TEXT,
        )
    return listing


class StaffingView(SafeHandlers, Widget):
    """The staffing tab: :meth:`show` an analysis to draw its team x month load."""

    DEFAULT_CSS = """
    StaffingView { height: 1fr; }
    StaffingView > ScrollableContainer { height: 1fr; }
    StaffingView .map { width: auto; height: auto; }
    StaffingView .rule { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report: StaffingReport | None = None
        self._shown: tuple[Analysis, Lang] | None = None

    def compose(self) -> ComposeResult:
        with ScrollableContainer():
            yield Static("", classes="map")
            yield Static("", classes="rule")

    def show(self, analysis: Analysis, lang: Lang) -> None:
        """Draw the load of ``analysis`` (skipped when the same analysis is shown)."""
        if self._shown is not None and self._shown[0] is analysis and self._shown[1] == lang:
            return
        self._shown = (analysis, lang)
        plan, report = analysis.plan, analysis.staffing
        body = Text()
        self.report = None
        if plan is None or report is None:
            body = Text(text("tui.no_schedule", lang))
        else:
            if not report.cells or not report.teams:
                body = Text(text("staffing.none", lang))
            else:
                self.report = report
                body = map_text(report, plan.plan.fiscal_year_start_month, lang)
        self.query_one(".map", Static).update(body)
        rule = Text(text("tui.staffing.rule", lang) if self.report else "")
        self.query_one(".rule", Static).update(rule)
