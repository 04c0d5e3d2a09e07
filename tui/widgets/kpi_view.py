"""The KPI view: every KPI of the plan with its baseline, target, actual, achievement and status.

Progress comes from :func:`roadmap.core.analysis.kpi.kpi_report` (judged at the plan's ``status_date``); this
module only lists it, one DataTable row per KPI in file order, with a one-line summary above.
Choosing a row posts :class:`KpiView.Selected` so the app can jump to the initiative.
"""

from __future__ import annotations

from rich.console import JustifyMethod
from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static

from exporters.terminal.portfolio import format_number
from roadmap.core.analysis.kpi import KpiProgress
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import Lang, text
from tui.safety import SafeHandlers

__all__ = ["COLUMNS", "STATUS_STYLES", "KpiView", "kpi_cells"]

#: The table's columns (message keys under ``kpi.``), in order.
COLUMNS: tuple[str, ...] = (
    "initiative",
    "name",
    "unit",
    "baseline",
    "target",
    "actual",
    "achievement",
    "status",
    "due",
)
_NUMERIC = {"baseline", "target", "actual", "achievement"}

STATUS_STYLES: dict[str, str] = {
    "achieved": "bold green",
    "on_track": "green",
    "behind": "bold yellow",
    "worsened": "yellow",
    "missed": "bold red",
    "inconsistent": "red",
    "unknown": "dim",
}


def kpi_cells(item: KpiProgress, lang: Lang) -> list[Text]:
    """The cells of one KPI's row, numbers right-aligned, the status coloured."""
    percent = item.achievement_percent
    values = {
        "initiative": item.initiative,
        "name": item.name,
        "unit": item.unit,
        "baseline": format_number(item.baseline),
        "target": format_number(item.target),
        "actual": format_number(item.actual),
        "achievement": "-" if percent is None else f"{percent:.1f}%",
        "due": item.due.isoformat() if item.due else "-",
        "status": text(f"kpi.status.{item.status}", lang),
    }
    cells: list[Text] = []
    for column in COLUMNS:
        style = STATUS_STYLES.get(item.status, "") if column == "status" else ""
        justify: JustifyMethod = "right" if column in _NUMERIC else "left"
        cells.append(Text(values[column], style=style, justify=justify))
    return cells


#: Statuses the summary always counts; the others only when some KPI has them.
_ALWAYS_COUNTED = ("achieved", "on_track", "behind", "missed", "unknown")


def _summary(progress: list[KpiProgress], lang: Lang) -> str:
    """``5件: 達成 1 / 順調 1 / 遅れ 1 / 未達 0 / 未測定 2``: every KPI is counted once."""
    count = {status: 0 for status in STATUS_STYLES}
    for item in progress:
        count[item.status] = count.get(item.status, 0) + 1
    parts = [
        text(f"tui.kpi.summary.{status}", lang, n=number)
        for status, number in count.items()
        if status in _ALWAYS_COUNTED or number
    ]
    return text("tui.kpi.summary.counts", lang, count=len(progress), parts=" / ".join(parts))


class KpiView(SafeHandlers, Widget):
    """The KPI tab: :meth:`show` an analysis to list its KPIs and their progress."""

    DEFAULT_CSS = """
    KpiView { height: 1fr; }
    KpiView > .summary { height: auto; padding: 0 1; }
    KpiView > DataTable { height: 1fr; }
    """

    class Selected(Message):
        """The user chose a KPI row: its initiative can be shown."""

        def __init__(self, initiative_id: str) -> None:
            super().__init__()
            self.initiative_id = initiative_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.progress: list[KpiProgress] = []
        self._shown: tuple[Analysis, Lang] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="summary")
        yield DataTable(cursor_type="row", zebra_stripes=True)

    def show(self, analysis: Analysis, lang: Lang) -> None:
        """List the KPIs of ``analysis`` (skipped when the same analysis is shown)."""
        if self._shown is not None and self._shown[0] is analysis and self._shown[1] == lang:
            return
        self._shown = (analysis, lang)
        plan = analysis.plan
        self.progress = analysis.kpis
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        for column in COLUMNS:
            table.add_column(text(f"kpi.{column}", lang), key=column)
        for item in self.progress:
            table.add_row(*kpi_cells(item, lang), key=f"{item.initiative}#{item.index}")
        if self.progress:
            table.move_cursor(row=min(cursor, len(self.progress) - 1))
        summary = self.query_one(".summary", Static)
        if plan is None:
            summary.update(Text(text("tui.no_schedule", lang)))
        elif not self.progress:
            summary.update(Text(text("kpi.none", lang)))
        else:
            date = plan.plan.status_date
            title = text("kpi.title", lang, date=date) if date else text("kpi.title_no_date", lang)
            summary.update(Text(f"{title}  {_summary(self.progress, lang)}"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.progress):
            self.post_message(self.Selected(self.progress[event.cursor_row].initiative))
