"""Modal dialogs: a question with a few answers (delete, quit, file changed on disk).

Each dialog dismisses with the key of the chosen answer, or ``"cancel"`` on Escape, so the app
decides what to do; nothing is lost silently.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

__all__ = ["ChoiceDialog"]


class ChoiceDialog(ModalScreen[str]):
    """A question, an optional body and buttons; dismisses with the chosen button's key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss('cancel')", "Cancel", show=False),
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
    ]

    def __init__(
        self,
        title: str,
        choices: list[tuple[str, str, str]],
        body: str = "",
        *,
        id: str | None = None,
    ) -> None:
        """``choices`` are (key, label, variant) with variant a Button variant."""
        super().__init__(id=id)
        self.title_text = title
        self.choices = choices
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.body:
                yield Static(self.body, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                for key, label, variant in self.choices:
                    yield Button(label, id=f"choice-{key}", variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        buttons = list(self.query(Button))
        if buttons:
            buttons[-1].focus()  # the last answer is the safe one (cancel)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        key = (event.button.id or "choice-cancel").removeprefix("choice-")
        self.dismiss(key)
