"""Undo and redo: bounded stacks of reversible edits.

An edit is either one field of one initiative (:class:`FieldEdit`, undone by writing the old
value back) or a whole-initiative change such as add, duplicate or delete (:class:`TextEdit`,
undone by restoring the text before it; :class:`ReloadEdit` when the file was read again
from disk). The history also remembers which edit was current at
the last save, so undoing back to it makes the plan clean again.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import deque
from dataclasses import dataclass
from typing import Any

__all__ = ["Edit", "FieldEdit", "History", "ReloadEdit", "TextEdit"]

_serial = itertools.count(1)


@dataclass(frozen=True)
class FieldEdit:
    """``field`` of ``initiative_id`` went from ``before`` to ``after`` (``None`` = absent)."""

    initiative_id: str
    field: str
    before: Any
    after: Any
    serial: int = dataclasses.field(default_factory=lambda: next(_serial), compare=False)

    @property
    def label(self) -> str:
        return f"{self.initiative_id}.{self.field}"


@dataclass(frozen=True)
class TextEdit:
    """The whole text went from ``before`` to ``after``; ``selected_*`` is the row to show."""

    label: str
    before: str
    after: str
    selected_before: str | None = None
    selected_after: str | None = None
    serial: int = dataclasses.field(default_factory=lambda: next(_serial), compare=False)


@dataclass(frozen=True)
class ReloadEdit(TextEdit):
    """The file was read again from disk (our edits merged into it, or dropped): undoing it
    restores the text *and* the file it was edited against (``before_base``, the text that
    was on disk, and ``before_state``, its :class:`~roadmap.core.planfile.fileio.FileState`),
    so a save after the undo is still refused rather than overwriting the newer file."""

    before_base: str = ""
    after_base: str = ""
    before_state: Any = None
    after_state: Any = None


Edit = FieldEdit | TextEdit


class History:
    """Undo and redo stacks holding at most ``limit`` edits each."""

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self._undo: deque[Edit] = deque(maxlen=limit)
        self._redo: deque[Edit] = deque(maxlen=limit)
        self._saved_at: int | None = None

    def push(self, edit: Edit) -> None:
        """Record a new edit; it clears what could be redone."""
        self._undo.append(edit)
        self._redo.clear()

    def undo(self) -> Edit | None:
        """The edit to reverse now, moved to the redo stack (``None`` when there is none)."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        self._redo.append(edit)
        return edit

    def redo(self) -> Edit | None:
        """The edit to apply again, moved back to the undo stack."""
        if not self._redo:
            return None
        edit = self._redo.pop()
        self._undo.append(edit)
        return edit

    def mark_saved(self) -> None:
        """Remember the current edit as the state of the file on disk."""
        self._saved_at = self._undo[-1].serial if self._undo else None

    @property
    def at_saved(self) -> bool:
        """Whether the edits now applied are exactly those at the last save."""
        current = self._undo[-1].serial if self._undo else None
        return current == self._saved_at

    def snapshot(self) -> tuple[tuple[Edit, ...], tuple[Edit, ...], int | None]:
        """Both stacks and the saved mark as they are now (for :meth:`restore`)."""
        return tuple(self._undo), tuple(self._redo), self._saved_at

    def restore(self, snapshot: tuple[tuple[Edit, ...], tuple[Edit, ...], int | None]) -> None:
        """Go back to a :meth:`snapshot` (an action that failed is forgotten)."""
        undo, redo, saved_at = snapshot
        self._undo = deque(undo, maxlen=self.limit)
        self._redo = deque(redo, maxlen=self.limit)
        self._saved_at = saved_at

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._saved_at = None
