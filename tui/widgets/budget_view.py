"""The budget tab: one bar per fiscal year (年度) against its cap, then the tables a 財政課 reads.

Every figure comes from the analysis (``analysis.budget``, computed once) through
:func:`exporters.budget_rows.budget_tables`, the same tables ``roadmap budget``, the Markdown
report and the xlsx print, in 千円 under the plan's rounding rule; this module only draws them.

The chart (:class:`BudgetChart`) is the 年度別 table with a bar beside each year: the amount the
cap limits (一般財源 by default, 事業費 with ``[budget] cap_basis = "gross"``) over a dim track that
runs to the cap, red beyond it; with the gross basis the bar splits 一般財源 and 特定財源. Bars are
coloured spaces, never block characters, and the label column is an even number of cells, so
Japanese labels and bars line up in any terminal. The money columns are as wide as their header
or widest figure, so the chart fits an 80-column terminal; the bar takes what is left (at least
:data:`MIN_BAR_CELLS`), and when even that is too wide the chart scrolls sideways, never wraps.

Under the chart come the 節別, 財源別, 債務負担行為, 繰越明許費, 執行状況 (予算額, 執行額, 執行率),
運用経費の増減 and 取組別 tables (:func:`exporters.terminal.portfolio.budget_table`).
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import ScrollableContainer
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from exporters.budget_rows import BudgetTable, Row, budget_tables, cell_text
from exporters.colors import CRITICAL
from exporters.terminal.portfolio import budget_table
from roadmap.core.analysis.budget import BudgetReport, FiscalYearBudget
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import Lang, text
from tui.safety import SafeHandlers

__all__ = ["LABEL_CELLS", "MIN_BAR_CELLS", "BudgetChart", "BudgetView", "bar_cells"]

#: Width of the fiscal-year label column (even, so a wide character is never cut in half).
LABEL_CELLS = 10
#: The bar never gets narrower than this, however narrow the terminal.
MIN_BAR_CELLS = 10

GENERAL = Style(bgcolor="#0072B2")
SPECIFIC = Style(bgcolor="#56B4E9")
ROOM = Style(bgcolor="#3C3C3C")
OVER = Style(bgcolor=CRITICAL)
OVER_TEXT = Style(color=CRITICAL, bold=True)

#: The columns of the 年度別 table shown beside the bar: 事業費, 特定財源, 一般財源, 上限, 余裕.
_MONEY = slice(1, 6)


def _scaled(amount: int, width: int, scale: int) -> int:
    """``amount`` in bar cells (rounded half up, integer arithmetic)."""
    if scale <= 0 or amount <= 0:
        return 0
    return min(width, (2 * amount * width + scale) // (2 * scale))


def bar_scale(year: FiscalYearBudget) -> int:
    """The yen a year's bar must fit: what the cap limits, or the cap when that is larger."""
    return max(year.capped, year.cap or 0)


def bar_cells(year: FiscalYearBudget, width: int, scale: int) -> list[Style | None]:
    """The style of each of ``width`` bar cells for ``year`` (``None``: plain background).

    ``scale`` yen fill the whole width. The bar is what the cap limits: 一般財源 (the default
    basis), or 一般財源 then 特定財源 (the gross basis). An overrun year always shows at least one
    red cell.
    """
    gross = year.cap_basis == "gross"
    general_cells = _scaled(max(0, min(year.general, year.total)), width, scale)
    bar = _scaled(year.capped, width, scale) if gross else general_cells
    cap_cells = _scaled(year.cap, width, scale) if year.cap is not None else None
    if cap_cells is not None and year.over_cap and cap_cells >= bar:
        if bar == 0:
            bar = 1
        cap_cells = min(cap_cells, bar - 1)
    cells: list[Style | None] = []
    for index in range(width):
        if index < bar:
            if cap_cells is not None and index >= cap_cells:
                cells.append(OVER)
            else:
                cells.append(GENERAL if index < general_cells or not gross else SPECIFIC)
        elif cap_cells is not None and index < cap_cells:
            cells.append(ROOM)
        else:
            cells.append(None)
    return cells


def _money(row: Row, lang: Lang) -> tuple[str, ...]:
    """The money cells of one row of the 年度別 table (超過 before an overrun's headroom)."""
    cells = [cell_text(cell, lang) for cell in row.cells[_MONEY]]
    if row.alert:
        cells[-1] = f"{text('budget.over', lang)} {cells[-1]}"
    return tuple(cells)


def column_widths(table: BudgetTable, lang: Lang) -> tuple[int, ...]:
    """Each money column's width: its header or its widest figure, whichever is wider."""
    rows = [_money(row, lang) for row in table.rows]
    return tuple(
        max([cell_len(name)] + [cell_len(row[index]) for row in rows])
        for index, name in enumerate(table.header[_MONEY])
    )


def fixed_cells(table: BudgetTable, lang: Lang) -> int:
    """The cells of everything but the bar: the label, the money columns and the spaces."""
    return LABEL_CELLS + 1 + sum(width + 1 for width in column_widths(table, lang))


def _cell(value: str, width: int) -> str:
    """``value`` right-aligned in ``width`` cells (left whole when longer: never cut digits)."""
    return " " * max(0, width - cell_len(value)) + value


class BudgetChart(SafeHandlers, Widget):
    """The 年度別 table of one budget report with a bar per year, drawn to the widget's width."""

    DEFAULT_CSS = """
    BudgetChart { height: auto; width: auto; min-width: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report: BudgetReport | None = None
        self.table: BudgetTable | None = None
        self.message: str | None = None
        self.lang: Lang = "ja"

    def set_report(
        self,
        report: BudgetReport | None,
        table: BudgetTable | None,
        message: str | None,
        lang: Lang,
    ) -> None:
        """Show ``report`` with its 年度別 ``table``, or ``message`` when there is nothing to draw."""
        self.report, self.table, self.message, self.lang = report, table, message, lang
        self.refresh(layout=True)

    def bar_width(self) -> int:
        """Cells left for the bar after the label and money columns."""
        if self.table is None:
            return MIN_BAR_CELLS
        return max(MIN_BAR_CELLS, self.size.width - fixed_cells(self.table, self.lang))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the tab, or wider when the columns and the shortest bar need more."""
        if self.table is None:
            return container.width
        return max(container.width, fixed_cells(self.table, self.lang) + MIN_BAR_CELLS)

    def render(self) -> Text:
        if self.report is None or self.table is None:
            return Text(self.message or "", no_wrap=True)
        return self.chart_text(self.report, self.table, self.bar_width(), self.lang)

    @staticmethod
    def chart_text(report: BudgetReport, table: BudgetTable, width: int, lang: Lang) -> Text:
        """The chart for ``report`` (its 年度別 ``table``) with bars ``width`` cells wide."""
        lines = Text(no_wrap=True, end="")
        lines.append(table.title + "\n", style="bold")
        widths = column_widths(table, lang)
        lines.append(_header(table, width, widths, report, lang) + "\n", style="bold")
        scale = max((bar_scale(year) for year in report.years), default=0)
        for index, row in enumerate(table.rows):
            year = report.years[index] if index < len(report.years) and not row.total else None
            lines.append_text(_year_line(row, year, width, widths, scale, lang))
            lines.append("\n")
        lines.append_text(_legend(report, lang))
        over = report.over_cap_years
        if over:
            lines.append("\n")
            lines.append(text("tui.budget.over_count", lang, count=len(over)), style=OVER_TEXT)
        for note in table.notes:
            lines.append("\n")
            lines.append(note, style="dim")
        return lines


def _header(
    table: BudgetTable, width: int, widths: tuple[int, ...], report: BudgetReport, lang: Lang
) -> str:
    label = set_cell_size(table.header[0], LABEL_CELLS)
    bar = set_cell_size(text(f"tui.budget.bar.{_basis(report)}", lang), width)
    money = " ".join(
        _cell(name, cells) for name, cells in zip(table.header[_MONEY], widths, strict=True)
    )
    return f"{label} {bar} {money}"


def _basis(report: BudgetReport) -> str:
    return "gross" if report.cap_basis == "gross" else "general"


def _year_line(
    row: Row,
    year: FiscalYearBudget | None,
    width: int,
    widths: tuple[int, ...],
    scale: int,
    lang: Lang,
) -> Text:
    """``R8年度 <bar> 事業費 特定財源 一般財源 上限 余裕``; overrun years in red, 計 in bold."""
    line = Text()
    row_style = OVER_TEXT if row.alert else Style(bold=True) if row.total else None
    line.append(set_cell_size(cell_text(row.cells[0], lang), LABEL_CELLS), style=row_style)
    line.append(" ")
    cells: list[Style | None] = bar_cells(year, width, scale) if year else [None] * width
    for style in cells:
        line.append(" ", style=style)
    for value, cells_wide in zip(_money(row, lang), widths, strict=True):
        line.append(" " + _cell(value, cells_wide), style=row_style)
    return line


def _legend(report: BudgetReport, lang: Lang) -> Text:
    legend = Text()
    parts = [(GENERAL, "tui.budget.legend.general")]
    if _basis(report) == "gross":
        parts.append((SPECIFIC, "tui.budget.legend.specific"))
    parts += [(ROOM, "tui.budget.legend.room"), (OVER, "tui.budget.legend.over")]
    for style, key in parts:
        legend.append("  ", style=style)
        legend.append(f" {text(key, lang)}  ")
    return legend


class BudgetView(SafeHandlers, Widget):
    """The budget tab: :meth:`show` an analysis to draw its fiscal years and budget tables."""

    DEFAULT_CSS = """
    BudgetView { height: 1fr; }
    BudgetView > ScrollableContainer { height: 1fr; }
    BudgetView .budget-tables { margin-top: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report: BudgetReport | None = None
        self.tables: list[BudgetTable] = []
        self._shown: tuple[Analysis, Lang] | None = None

    def compose(self) -> ComposeResult:
        with ScrollableContainer():
            yield BudgetChart()
            yield Static("", classes="budget-tables")

    def show(self, analysis: Analysis, lang: Lang) -> None:
        """Draw the budget of ``analysis`` (skipped when the same analysis is shown)."""
        if self._shown is not None and self._shown[0] is analysis and self._shown[1] == lang:
            return
        self._shown = (analysis, lang)
        message: str | None = None
        self.report = analysis.budget
        if self.report is None:
            message = text("tui.no_schedule", lang)
        elif not self.report.initiatives:
            self.report, message = None, text("budget.none", lang)
        self.tables = budget_tables(self.report, lang, short=True) if self.report else []
        summary = next((table for table in self.tables if table.key == "summary"), None)
        self.query_one(BudgetChart).set_report(self.report, summary, message, lang)
        self.query_one(".budget-tables", Static).update(_tables(self.tables, lang))


def _tables(tables: list[BudgetTable], lang: Lang) -> Text | Group:
    """Every table but the 年度別 (the chart shows it), one after another."""
    shown = [budget_table(table, lang) for table in tables if table.key != "summary"]
    if not shown:
        return Text("")
    spaced: list[RenderableType] = []
    for index, renderable in enumerate(shown):
        if index:
            spaced.append(Text(""))
        spaced.append(renderable)
    return Group(*spaced)
