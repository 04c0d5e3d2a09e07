"""The merge screen: fields changed both here and on disk, side by side, one choice each.

:func:`roadmap.core.planfile.merge.merge_plan` merges what changed on one side only; what both
sides changed differently comes here as :class:`~roadmap.core.planfile.merge.Conflict` rows.
Each row shows the field, its value when the file was loaded, and two buttons: mine and the
one on disk; the chosen one is highlighted (mine to begin with: the edits on screen). The
screen dismisses with every choice (``{conflict key: "ours" | "theirs"}``), or ``None`` on
Escape or cancel, and the app leaves the plan as it was. Values are plan text: shown as
written, never read as markup. The rows scroll between the title and the buttons, so the
buttons stay on screen in a short terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from roadmap.core.i18n import Lang, text
from roadmap.core.planfile.merge import WHOLE, Conflict, Side, flatten
from tui.safety import SafeHandlers
from tui.screens.dialogs import fit_scroll_part

__all__ = ["MergeScreen", "conflict_label", "shown_value"]

#: The most cells of a value a button shows (the rest is cut with …): two lines of a wide
#: button, enough for a long title to show where the two sides differ.
_WIDTH = 120
#: The most rows the conflicts take before they scroll.
_MOST_ROWS = 24
#: Before the chosen side's label (also read without colour: a monochrome terminal, a capture).
CHOSEN_MARK = "✔ "


def shown_value(value: Any, lang: Lang) -> str:
    """A value as one short line: ``(なし)`` when absent, lists joined, tables as key=value."""
    if value is None:
        return text("tui.merge.absent", lang)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return ", ".join(f"{key}={shown_value(item, lang)}" for key, item in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(shown_value(item, lang) for item in value) + "]"
    return str(value)


def _cut(value: str) -> str:
    """``value`` on one line of at most :data:`_WIDTH` cells (a wide character is never halved)."""
    line = " ".join(value.split())
    if cell_len(line) <= _WIDTH:
        return line
    return set_cell_size(line, _WIDTH - 1).rstrip() + "…"


def _side(conflict: Conflict, value: Any, lang: Lang) -> str:
    """One side of a conflict: for a whole initiative, deleted or the fields that changed."""
    if conflict.field != WHOLE:
        return shown_value(value, lang)
    if value is None:
        return text("tui.merge.deleted", lang)
    base = flatten(conflict.base or {})
    changed = [name for name, item in flatten(value).items() if base.get(name) != item]
    return text("tui.merge.changed_fields", lang, fields=", ".join(changed))


def conflict_label(conflict: Conflict, lang: Lang) -> str:
    """``b — 期間``, ``計画 — 開始日`` or ``施策 c (全体)``."""
    from tui.widgets.detail_form import form_label

    owner = conflict.initiative
    if conflict.field == WHOLE:
        return text("tui.merge.whole", lang, id=owner)
    name = owner if owner is not None else text("tui.merge.plan", lang)
    return text("tui.merge.field", lang, id=name, field=form_label(conflict.field, lang))


class MergeScreen(SafeHandlers, ModalScreen[dict[str, Side] | None]):
    """Choose mine or theirs for each field changed on both sides."""

    CSS_PATH = Path(__file__).with_name("merge.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", show=False),
    ]

    def __init__(
        self,
        path: str,
        conflicts: Sequence[Conflict],
        lang: Lang,
        *,
        id: str | None = "merge",
    ) -> None:
        super().__init__(id=id)
        self.path = path
        self.conflicts = list(conflicts)
        self.lang: Lang = lang
        self.choices: dict[str, Side] = {conflict.key: "ours" for conflict in self.conflicts}

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="merge-dialog"):
            title = text("tui.merge.title", lang, path=self.path, count=len(self.conflicts))
            yield Label(Content(title), classes="dialog-title")
            yield Static(Content(text("tui.merge.hint", lang)), classes="dialog-hint")
            with VerticalScroll(id="merge-rows"):
                for index, conflict in enumerate(self.conflicts):
                    with Vertical(classes="merge-row", id=f"merge-row-{index}"):
                        yield Label(Content(conflict_label(conflict, lang)), classes="merge-field")
                        base = text(
                            "tui.merge.base", lang, value=_cut(_side(conflict, conflict.base, lang))
                        )
                        yield Static(Content(base), classes="merge-base")
                        with Horizontal(classes="merge-sides"):
                            yield Button(
                                self._label(index, "ours"),
                                id=f"mine-{index}",
                                classes="merge-side -chosen",
                                variant="primary",
                                compact=True,
                            )
                            yield Button(
                                self._label(index, "theirs"),
                                id=f"theirs-{index}",
                                classes="merge-side",
                                compact=True,
                            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content(text("tui.merge.apply", lang)), id="merge-apply", variant="primary"
                )
                yield Button(Content(text("tui.confirm.cancel", lang)), id="merge-cancel")

    def _label(self, index: int, side: Side) -> Content:
        """``✔ 自分: 3mo`` (chosen) or ``ディスク: 5mo``."""
        conflict = self.conflicts[index]
        value = _cut(
            _side(conflict, conflict.ours if side == "ours" else conflict.theirs, self.lang)
        )
        key = "tui.merge.mine" if side == "ours" else "tui.merge.theirs"
        chosen = self.choices[conflict.key] == side
        return Content((CHOSEN_MARK if chosen else "") + text(key, self.lang, value=value))

    def on_mount(self) -> None:
        first = self.query("#mine-0")
        if first:
            first.first().focus()
        self.call_after_refresh(self._fit)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The rows scroll so the buttons stay on screen (see :func:`fit_scroll_part`)."""
        if not self.is_attached:
            return  # answered before it was drawn
        for dialog in self.query(".merge-dialog"):
            for rows in dialog.query("#merge-rows"):
                fit_scroll_part(dialog, rows, self.size.height, most=_MOST_ROWS)

    def choose(self, index: int, side: Side) -> None:
        """Take ``side`` for the conflict at ``index`` and show which is chosen."""
        self.choices[self.conflicts[index].key] = side
        mine = self.query_one(f"#mine-{index}", Button)
        theirs = self.query_one(f"#theirs-{index}", Button)
        for button, shown, chosen in (
            (mine, "ours", side == "ours"),
            (theirs, "theirs", side == "theirs"),
        ):
            button.set_class(chosen, "-chosen")
            button.variant = "primary" if chosen else "default"
            button.label = self._label(index, shown)  # type: ignore[arg-type]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = event.button.id or ""
        if name == "merge-apply":
            self.dismiss(dict(self.choices))
        elif name == "merge-cancel":
            self.dismiss(None)
        elif name.startswith(("mine-", "theirs-")):
            side, _, index = name.partition("-")
            self.choose(int(index), "ours" if side == "mine" else "theirs")
