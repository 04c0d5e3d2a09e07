"""The main screen: filters, the table / Gantt / phases / problems / budget / staffing / KPI /
risk tabs, the detail form, the status bar and the footer. It lays the widgets out; the app holds
the state and fills them."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from roadmap.core.i18n import Lang, as_lang, text
from tui.bindings import LocalizedBindings, localized
from tui.safety import SafeHandlers
from tui.widgets.budget_view import BudgetView
from tui.widgets.detail_form import DetailForm
from tui.widgets.filter_bar import FilterBar
from tui.widgets.footer import EditorFooter
from tui.widgets.gantt import GanttLegend, GanttView
from tui.widgets.initiative_table import InitiativeTable
from tui.widgets.kpi_view import KpiView
from tui.widgets.phases import PhaseView
from tui.widgets.problems_panel import ProblemsPanel
from tui.widgets.risk_panel import RiskPanel
from tui.widgets.staffing_view import StaffingView
from tui.widgets.status_bar import StatusBar

__all__ = ["NARROW_WIDTH", "REPORT_TABS", "MainScreen"]

#: Below this width the detail form replaces the tabs instead of standing beside them.
NARROW_WIDTH = 110

#: Tabs of whole-plan reports: they need the full width, so the detail form steps aside.
REPORT_TABS = frozenset({"tab-budget", "tab-staffing", "tab-kpi", "tab-risk"})


class MainScreen(SafeHandlers, LocalizedBindings, Screen[None]):
    """The editor's one working screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "app.add_initiative", "Add", id="add"),
        Binding("c", "app.duplicate_initiative", "Duplicate", id="duplicate", show=False),
        Binding("n", "app.rename_initiative", "Rename id", id="rename", show=False),
        Binding("delete", "app.delete_initiative", "Delete", id="delete"),
        Binding("slash", "app.search", "Search", key_display="/", id="search"),
        Binding("e", "app.edit", "Edit", id="edit", show=False),
        Binding("f6", "app.toggle_detail", "Detail", id="detail"),
        Binding("exclamation_mark", "app.critical_only", "Critical", id="critical", show=False),
        Binding("f2", "app.show_tab('tab-table')", "Table", id="tui.tab.table", show=False),
        Binding("f3", "app.show_tab('tab-gantt')", "Gantt", id="tui.tab.gantt", show=False),
        Binding("f4", "app.show_tab('tab-phases')", "Phases", id="tui.tab.phases", show=False),
        Binding(
            "f5", "app.show_tab('tab-problems')", "Problems", id="tui.tab.problems", show=False
        ),
        Binding("f7", "app.show_tab('tab-budget')", "Budget", id="tui.tab.budget", show=False),
        Binding(
            "f8", "app.show_tab('tab-staffing')", "Staffing", id="tui.tab.staffing", show=False
        ),
        Binding("f9", "app.show_tab('tab-kpi')", "KPIs", id="tui.tab.kpi", show=False),
        Binding("f10", "app.show_tab('tab-risk')", "Risk", id="tui.tab.risk", show=False),
        Binding("r", "run_risk", "Compute risk", id="run_risk", show=False),
        Binding("ctrl+o", "app.export", "Export", id="export", show=False),
        Binding("ctrl+r", "app.reload", "Reload", id="reload", show=False),
        Binding("ctrl+l", "app.clear_filters", "Clear filters", id="clear_filters", show=False),
    ]

    def __init__(self, lang: Lang, owners: list[str]) -> None:
        super().__init__(id="main")
        self.lang = lang
        self.owners = owners

    @classmethod
    def lang_argument(cls, args: tuple[Any, ...]) -> Lang:
        """``MainScreen(lang, owners)``: the bindings are labelled in ``lang``."""
        return as_lang(args[0] if args else None)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield FilterBar(lang, self.owners, id="filters")
                with TabbedContent(id="views", initial="tab-table"):
                    with TabPane(text("tui.tab.table", lang), id="tab-table"):
                        table = InitiativeTable(lang=lang, id="table")
                        table.setup_columns(lang)
                        yield table
                    with TabPane(text("tui.tab.gantt", lang), id="tab-gantt"):
                        yield localized(GanttView, lang)(id="gantt")
                        yield GanttLegend(lang, id="gantt-legend")
                    with TabPane(text("tui.tab.phases", lang), id="tab-phases"):
                        yield PhaseView(id="phases")
                    with TabPane(text("tui.tab.problems", lang, count=""), id="tab-problems"):
                        yield ProblemsPanel(id="problems")
                    with TabPane(text("tui.tab.budget", lang), id="tab-budget"):
                        yield BudgetView(id="budget")
                    with TabPane(text("tui.tab.staffing", lang), id="tab-staffing"):
                        yield StaffingView(id="staffing")
                    with TabPane(text("tui.tab.kpi", lang), id="tab-kpi"):
                        yield KpiView(id="kpi")
                    with TabPane(text("tui.tab.risk", lang), id="tab-risk"):
                        yield RiskPanel(lang, id="risk")
            yield DetailForm(lang, id="detail")
        yield StatusBar(id="status")
        yield EditorFooter()

    def on_mount(self) -> None:
        self._fit(self.size.width)
        ready = getattr(self.app, "main_ready", None)
        if ready is not None:
            ready()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A report tab takes the whole width (the app refreshes the tab's view too)."""
        self.set_class(self.active_tab in REPORT_TABS, "report-tab")

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.set_class(width < NARROW_WIDTH, "narrow")

    @property
    def active_tab(self) -> str:
        """The id of the tab on show (``tab-table``, ``tab-risk``...)."""
        return self.query_one("#views", TabbedContent).active

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``r`` computes the risk only while the risk tab is on show; elsewhere it is free."""
        if action == "run_risk":
            return self.is_mounted and self.active_tab == "tab-risk"
        return True

    def action_run_risk(self) -> None:
        """Run the schedule-risk simulation of the plan as it is now (in a worker)."""
        self.query_one("#risk", RiskPanel).action_run()

    def show_detail(self, show: bool) -> None:
        """In a narrow terminal, show the detail form in place of the tabs (or back)."""
        self.set_class(show, "show-detail")
