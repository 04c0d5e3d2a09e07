"""The help screen (f1 or ?): every key binding of the app and the main screen, with what it
does, and the legend of the Gantt chart's marks and colours."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from roadmap.core.i18n import Lang, text
from tui.safety import SafeHandlers
from tui.widgets.gantt import legend_text

__all__ = ["HelpScreen"]


class HelpScreen(SafeHandlers, ModalScreen[None]):
    """A table of keys and actions; Escape, f1 or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str]], lang: Lang) -> None:
        super().__init__(id="help")
        self.rows = rows
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Label(text("tui.help.title", self.lang), classes="dialog-title")
            table: DataTable[Text] = DataTable(id="help-table", cursor_type="row")
            yield table
            yield Static(legend_text(self.lang), id="help-legend")
            yield Label(text("tui.help.close", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#help-table", DataTable)
        table.add_column(text("tui.help.key", self.lang), key="key")
        table.add_column(text("tui.help.action", self.lang), key="action")
        for key, description in self.rows:
            table.add_row(Text(key, style="bold"), Text(description))
        table.focus()
