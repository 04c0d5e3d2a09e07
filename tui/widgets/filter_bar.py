"""The filter bar above the table: text search, step, owner, status and critical-only."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Checkbox, Input, Select

from roadmap.core.i18n import Lang, status_label, step_label, text
from roadmap.core.model.plan import Status, Step
from tui.safety import SafeHandlers
from tui.widgets.initiative_table import Filters

__all__ = ["FilterBar"]


class FilterBar(SafeHandlers, Horizontal):
    """Compact filter inputs; posts :class:`FilterBar.Changed` with the current :class:`Filters`."""

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar > Input { width: 1fr; min-width: 12; }
    FilterBar > Select { width: 16; }
    FilterBar > Checkbox { width: auto; border: none; padding: 0 1; height: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.focus_table", "Back", show=False),
    ]

    class Changed(Message):
        def __init__(self, filters: Filters) -> None:
            super().__init__()
            self.filters = filters

    def __init__(self, lang: Lang, owners: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.owners = owners

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Input(placeholder=text("tui.search", lang), id="search", compact=True)
        steps: list[tuple[str, str]] = [(step_label(s.value, lang), s.value) for s in Step]
        steps.append((step_label(None, lang), "-"))
        yield Select[str](
            steps, prompt=text("tui.filter.all_steps", lang), id="filter-step", compact=True
        )
        yield Select[str](
            [(Text(owner), owner) for owner in self.owners],  # an owner is not markup
            prompt=text("tui.filter.all_owners", lang),
            id="filter-owner",
            compact=True,
        )
        yield Select[str](
            [(status_label(s.value, lang), s.value) for s in Status],
            prompt=text("tui.filter.all_statuses", lang),
            id="filter-status",
            compact=True,
        )
        yield Checkbox(text("tui.filter.critical", lang), id="filter-critical", compact=True)

    def set_owners(self, owners: list[str]) -> None:
        """Offer the owners of the plan as it is now."""
        if owners == self.owners:
            return
        self.owners = owners
        select = self.query_one("#filter-owner", Select)
        value = select.value
        select.set_options([(Text(owner), owner) for owner in owners])
        if value in owners:
            select.value = value

    @property
    def filters(self) -> Filters:
        def chosen(widget_id: str) -> Any:
            value = self.query_one(widget_id, Select).value
            return None if value is Select.NULL else value

        return Filters(
            text=self.query_one("#search", Input).value,
            step=chosen("#filter-step"),
            owner=chosen("#filter-owner"),
            status=chosen("#filter-status"),
            critical_only=self.query_one("#filter-critical", Checkbox).value,
        )

    def clear(self) -> None:
        """Remove every filter."""
        self.query_one("#search", Input).value = ""
        for widget_id in ("#filter-step", "#filter-owner", "#filter-status"):
            self.query_one(widget_id, Select).clear()
        self.query_one("#filter-critical", Checkbox).value = False

    def toggle_critical(self) -> None:
        checkbox = self.query_one("#filter-critical", Checkbox)
        checkbox.value = not checkbox.value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.filters))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.post_message(self.Changed(self.filters))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.filters))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.filters))
