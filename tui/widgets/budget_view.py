"""The budget view: one bar per fiscal year (年度) against its cap, and the running-cost change.

Every yen comes from the analysis (``analysis.budget``, computed once); this module only draws it. A year's
bar is its total before subsidies (the basis the caps are written in, as the core compares
them), split into the town's own burden (実負担, net of subsidies) and the subsidised part, over
a dim track that runs to the cap; whatever lies beyond the cap is red. Bars are coloured spaces,
never block characters, and the label column is an even number of cells, so Japanese labels and
bars line up in any terminal.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from exporters.colors import CRITICAL
from exporters.terminal.portfolio import format_yen
from roadmap.core.analysis.budget import BudgetReport, FiscalYearBudget
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import Lang, text
from tui.safety import SafeHandlers

__all__ = ["LABEL_CELLS", "MIN_BAR_CELLS", "BudgetChart", "BudgetView", "bar_cells"]

#: Width of the fiscal-year label column (even, so a wide character is never cut in half).
LABEL_CELLS = 10
#: The bar never gets narrower than this, however narrow the terminal.
MIN_BAR_CELLS = 10

NET = Style(bgcolor="#0072B2")
SUBSIDY = Style(bgcolor="#56B4E9")
ROOM = Style(bgcolor="#3C3C3C")
OVER = Style(bgcolor=CRITICAL)
OVER_TEXT = Style(color=CRITICAL, bold=True)

#: The money columns right of the bar: (message key, width in cells).
_COLUMNS: tuple[tuple[str, int], ...] = (
    ("budget.total", 15),
    ("budget.net_total", 17),
    ("budget.cap", 15),
    ("budget.headroom", 15),
)


def _scaled(amount: int, width: int, scale: int) -> int:
    """``amount`` in bar cells (rounded half up, integer arithmetic)."""
    if scale <= 0 or amount <= 0:
        return 0
    return min(width, (2 * amount * width + scale) // (2 * scale))


def bar_cells(year: FiscalYearBudget, width: int, scale: int) -> list[Style | None]:
    """The style of each of ``width`` bar cells for ``year`` (``None``: plain background).

    ``scale`` yen fill the whole width. An overrun year always shows at least one red cell.
    """
    total_cells = _scaled(year.total, width, scale)
    net_cells = _scaled(max(0, min(year.net_total, year.total)), width, scale)
    cap_cells = _scaled(year.cap, width, scale) if year.cap is not None else None
    if cap_cells is not None and year.over_cap and cap_cells >= total_cells:
        if total_cells == width:
            cap_cells = width - 1
        else:
            total_cells = cap_cells + 1
    cells: list[Style | None] = []
    for index in range(width):
        if index < total_cells:
            if cap_cells is not None and index >= cap_cells:
                cells.append(OVER)
            else:
                cells.append(NET if index < net_cells else SUBSIDY)
        elif cap_cells is not None and index < cap_cells:
            cells.append(ROOM)
        else:
            cells.append(None)
    return cells


def _cell(value: str, width: int) -> str:
    """``value`` right-aligned in ``width`` cells (left whole when longer: never cut digits)."""
    return " " * max(0, width - cell_len(value)) + value


class BudgetChart(SafeHandlers, Widget):
    """The bars and tables of one budget report, drawn to the widget's width."""

    DEFAULT_CSS = """
    BudgetChart { height: auto; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report: BudgetReport | None = None
        self.message: str | None = None
        self.lang: Lang = "ja"

    def set_report(self, report: BudgetReport | None, message: str | None, lang: Lang) -> None:
        """Show ``report``, or ``message`` when there is nothing to draw."""
        self.report, self.message, self.lang = report, message, lang
        self.refresh(layout=True)

    def bar_width(self) -> int:
        """Cells left for the bar after the label and money columns."""
        fixed = LABEL_CELLS + 1 + sum(width + 1 for _, width in _COLUMNS)
        return max(MIN_BAR_CELLS, self.size.width - fixed)

    def render(self) -> Text:
        if self.report is None:
            return Text(self.message or "", no_wrap=True)
        return self.chart_text(self.report, self.bar_width(), self.lang)

    @staticmethod
    def chart_text(report: BudgetReport, width: int, lang: Lang) -> Text:
        """The whole view for ``report`` with bars ``width`` cells wide."""
        lines = Text(no_wrap=True, end="")
        lines.append(text("budget.title", lang) + "\n", style="bold")
        lines.append(_header(width, lang) + "\n", style="bold")
        scale = max(max(year.total, year.cap or 0) for year in report.years) if report.years else 0
        for year in report.years:
            lines.append_text(_year_line(year, width, scale, lang))
            lines.append("\n")
        lines.append_text(_legend(lang))
        over = report.over_cap_years
        if over:
            lines.append("\n")
            lines.append(text("tui.budget.over_count", lang, count=len(over)), style=OVER_TEXT)
        if any(year.running or year.running_replaced for year in report.years):
            lines.append("\n\n")
            lines.append_text(_running_change(report, lang))
        return lines


def _header(width: int, lang: Lang) -> str:
    label = set_cell_size(text("budget.fiscal_year", lang), LABEL_CELLS)
    bar = set_cell_size(text("tui.budget.bar", lang), width)
    money = " ".join(_cell(text(key, lang), cells) for key, cells in _COLUMNS)
    return f"{label} {bar} {money}"


def _year_line(year: FiscalYearBudget, width: int, scale: int, lang: Lang) -> Text:
    """``R8年度 <bar> total net cap headroom``; overrun years in red."""
    line = Text()
    row_style = OVER_TEXT if year.over_cap else None
    line.append(
        set_cell_size(fiscal_year_label(year.fiscal_year, lang, short=True), LABEL_CELLS),
        style=row_style,
    )
    line.append(" ")
    for style in bar_cells(year, width, scale):
        line.append(" ", style=style)
    cap = format_yen(year.cap, lang) if year.cap is not None else text("tui.budget.no_cap", lang)
    values = (format_yen(year.total, lang), format_yen(year.net_total, lang), cap)
    for value, (_, cells) in zip(values, _COLUMNS, strict=False):
        line.append(" " + _cell(value, cells), style=row_style)
    headroom = format_yen(year.headroom, lang) if year.cap is not None else ""
    if year.over_cap:
        headroom = f"{text('budget.over', lang)} {headroom}"
    line.append(" " + _cell(headroom, _COLUMNS[-1][1]), style=row_style)
    return line


def _legend(lang: Lang) -> Text:
    legend = Text()
    for style, key in (
        (NET, "tui.budget.legend.net"),
        (SUBSIDY, "tui.budget.legend.subsidy"),
        (ROOM, "tui.budget.legend.room"),
        (OVER, "tui.budget.legend.over"),
    ):
        legend.append("  ", style=style)
        legend.append(f" {text(key, lang)}  ")
    return legend


def _running_change(report: BudgetReport, lang: Lang) -> Text:
    """The 運用経費の増減 table: running, replaced running, change (increase red, saving green)."""
    table = Text()
    table.append(text("budget.running_title", lang) + "\n", style="bold")
    keys = ("budget.running", "budget.running_replaced", "budget.running_change")
    header = " ".join(_cell(text(key, lang), 20) for key in keys)
    table.append(f"{set_cell_size(text('budget.fiscal_year', lang), LABEL_CELLS)} {header}\n")
    for year in report.years:
        change = year.running_change
        table.append(
            set_cell_size(fiscal_year_label(year.fiscal_year, lang, short=True), LABEL_CELLS)
        )
        table.append(" " + _cell(format_yen(year.running, lang), 20))
        table.append(" " + _cell(format_yen(year.running_replaced, lang), 20))
        signed = ("+" if change > 0 else "") + format_yen(change, lang)
        table.append(
            " " + _cell(signed, 20), style="red" if change > 0 else ("green" if change else None)
        )
        table.append("\n")
    table.rstrip()
    return table


class BudgetView(SafeHandlers, Widget):
    """The budget tab: :meth:`show` an analysis to draw its fiscal years against their caps."""

    DEFAULT_CSS = """
    BudgetView { height: 1fr; }
    BudgetView > VerticalScroll { height: 1fr; }
    BudgetView .rules { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report: BudgetReport | None = None
        self._shown: tuple[Analysis, Lang] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield BudgetChart()
            yield Static("", classes="rules")

    def show(self, analysis: Analysis, lang: Lang) -> None:
        """Draw the budget of ``analysis`` (skipped when the same analysis is shown)."""
        if self._shown is not None and self._shown[0] is analysis and self._shown[1] == lang:
            return
        self._shown = (analysis, lang)
        message: str | None = None
        self.report = analysis.budget
        if self.report is None:
            message = text("tui.no_schedule", lang)
        else:
            if not self.report.initiatives:
                self.report, message = None, text("budget.none", lang)
        self.query_one(BudgetChart).set_report(self.report, message, lang)
        rules = Text(text("budget.rules", lang) if self.report else "")
        self.query_one(".rules", Static).update(rules)
