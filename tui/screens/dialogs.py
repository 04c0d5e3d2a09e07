"""Modal dialogs: a question with a few answers (delete, quit, file changed on disk), and a
path to write to (export).

Titles and bodies name plan ids and paths: they are shown as written, never read as markup.
A long body (the dependents, KPIs and cost lines a delete takes along) scrolls inside the dialog,
so its buttons stay on screen in a short terminal (:func:`fit_scroll_part`).
Each question dismisses with the key of the chosen answer, or ``"cancel"`` on Escape; the path
dialog with the path typed, or ``None`` on Escape; the app decides what to do, and nothing is
lost silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from tui.safety import SafeHandlers

__all__ = [
    "DIALOG_SHARE",
    "ChoiceDialog",
    "DialogBody",
    "IdDialog",
    "PathDialog",
    "fit_scroll_part",
]

#: The share of the terminal's height a dialog takes at most (``max-height: 90%`` in app.tcss).
DIALOG_SHARE = 0.9


def fit_scroll_part(
    dialog: Widget, part: Widget, screen_height: int, *, most: int | None = None
) -> None:
    """Let the scrolling ``part`` of ``dialog`` take only the rows its other parts leave.

    A dialog grows with its content up to :data:`DIALOG_SHARE` of the terminal; past that
    Textual cuts off its bottom, where the buttons are. Limiting the part that scrolls keeps
    the title and the buttons on screen however long the list in between (at most ``most``
    rows when given). Call it once the dialog is laid out, and again on a resize.
    """
    others = sum(
        child.outer_size.height + child.styles.margin.height
        for child in dialog.children
        if child is not part and child.display
    )
    room = int(screen_height * DIALOG_SHARE) - dialog.styles.gutter.height - others
    room -= part.styles.margin.height
    limit = max(3, room if most is None else min(most, room))
    if part.styles.max_height is None or part.styles.max_height.value != limit:
        part.styles.max_height = limit


class DialogBody(SafeHandlers, VerticalScroll):
    """The body of a question: focusable (to scroll it with the keys) only when it has more
    lines than it shows, so the arrow keys go from answer to answer otherwise."""

    def allow_focus(self) -> bool:
        return self.max_scroll_y > 0


class ChoiceDialog(SafeHandlers, ModalScreen[str]):
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
            yield Label(Content(self.title_text), classes="dialog-title")
            if self.body:
                with DialogBody(classes="dialog-body", id="dialog-scroll"):
                    yield Static(Content(self.body))
            with Horizontal(classes="dialog-buttons"):
                for key, label, variant in self.choices:
                    yield Button(Content(label), id=f"choice-{key}", variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        buttons = list(self.query(Button))
        if buttons:
            buttons[-1].focus()  # the last answer is the safe one (cancel)
        self.call_after_refresh(self._fit)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Keep the buttons on screen: a long body scrolls (see :func:`fit_scroll_part`)."""
        if not self.is_attached:
            return  # answered before it was drawn
        for dialog in self.query(".dialog"):
            for body in dialog.query("#dialog-scroll"):
                fit_scroll_part(dialog, body, self.size.height)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        key = (event.button.id or "choice-cancel").removeprefix("choice-")
        self.dismiss(key)


class PathDialog(SafeHandlers, ModalScreen[str | None]):
    """Ask for a file path (pre-filled); dismisses with the path, or ``None`` on Escape.

    Subclasses that check what is typed override :meth:`problem`; the message then shows under
    the input as it is typed, and the dialog stays open until the text is fine.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    #: The prefix of the widget ids (``#path-input``, ``#path-ok`` …).
    PREFIX = "path"
    #: Whether the dialog shows a message line for :meth:`problem`.
    CHECKS = False

    def __init__(
        self,
        title: str,
        default: str,
        hint: str,
        ok: str,
        cancel: str,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.default = default
        self.hint = hint
        self.ok = ok
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        prefix = self.PREFIX
        with Vertical(classes="dialog"):
            yield Label(Content(self.title_text), classes="dialog-title")
            yield Input(self.default, id=f"{prefix}-input")
            yield Static(Content(self.hint), classes="dialog-hint", id=f"{prefix}-hint")
            if self.CHECKS:
                yield Static("", classes="dialog-error", id=f"{prefix}-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.ok, id=f"{prefix}-ok", variant="primary")
                yield Button(self.cancel, id=f"{prefix}-cancel")

    def on_mount(self) -> None:
        self._input.focus()

    @property
    def _input(self) -> Input:
        return self.query_one(f"#{self.PREFIX}-input", Input)

    def problem(self, value: str) -> str | None:
        """What is wrong with ``value`` (stripped), or ``None``: any path is taken here."""
        return None

    @property
    def error(self) -> str:
        """The message shown under the input (empty when the text is fine)."""
        if not self.CHECKS:
            return ""
        return str(self.query_one(f"#{self.PREFIX}-error", Static).content)

    def _show_error(self, message: str | None) -> None:
        self.query_one(f"#{self.PREFIX}-error", Static).update(Content(message or ""))
        self._input.set_class(bool(message), "-invalid")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.CHECKS:
            value = event.value.strip()
            self._show_error(self.problem(value) if value else None)

    def _chosen(self) -> None:
        value = self._input.value.strip()
        problem = self.problem(value)
        if problem is not None:
            self._show_error(problem)
            return
        self.dismiss(value or None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._chosen()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == f"{self.PREFIX}-ok":
            self._chosen()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class IdDialog(PathDialog):
    """Ask for an initiative id (pre-filled with a suggestion); ``check`` says what is wrong
    with a typed id (or ``None``); dismisses with a valid id, or ``None`` on Escape."""

    PREFIX = "id"
    CHECKS = True

    def __init__(
        self,
        title: str,
        default: str,
        check: Callable[[str], str | None],
        hint: str,
        ok: str,
        cancel: str,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(title, default, hint, ok, cancel, id=id)
        self.check = check

    def problem(self, value: str) -> str | None:
        return self.check(value)
