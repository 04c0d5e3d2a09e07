"""The new-plan prompt: ``roadmap edit`` on a file that does not exist offers to create one."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from roadmap.core.i18n import Lang, text
from roadmap.core.planfile.document import minimal_plan_text
from tui.safety import SafeHandlers

__all__ = ["NewPlanScreen"]


def default_start(today: dt.date) -> dt.date:
    """The first day of the next fiscal year (April 1)."""
    year = today.year + 1 if today.month >= 4 else today.year
    return dt.date(year, 4, 1)


class NewPlanScreen(SafeHandlers, ModalScreen[str | None]):
    """Asks for a title and a start date; dismisses with the new plan's text, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", show=False),
    ]

    def __init__(self, path: str, lang: Lang, today: dt.date | None = None) -> None:
        super().__init__(id="new-plan")
        self.path = path
        self.lang = lang
        self.today = today or dt.date.today()

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog"):
            title = text("tui.new.title", lang, path=self.path)
            yield Label(Content(title), classes="dialog-title")  # a path is not markup
            yield Label(text("tui.new.plan_title", lang))
            yield Input(text("tui.new.default_title", lang), id="new-title")
            yield Label(text("tui.new.start", lang))
            yield Input(default_start(self.today).isoformat(), id="new-start")
            yield Static("", id="new-error", classes="field-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(text("tui.new.create", lang), id="choice-create", variant="primary")
                yield Button(text("tui.confirm.cancel", lang), id="choice-cancel")

    def on_mount(self) -> None:
        self.query_one("#new-title", Input).focus()

    def _create(self) -> None:
        title = self.query_one("#new-title", Input).value.strip()
        start_text = self.query_one("#new-start", Input).value.strip()
        error = self.query_one("#new-error", Static)
        if not title:
            error.update(text("tui.field.required", self.lang))
            return
        try:
            start = dt.date.fromisoformat(start_text)
        except ValueError:
            error.update(text("tui.field.bad_date", self.lang))
            return
        self.dismiss(minimal_plan_text(title, start))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "choice-create":
            self._create()
        else:
            self.dismiss(None)
