"""The initiative table: one row per initiative, sortable by any column, filtered by the app.

Critical work is drawn in the error colour, a missed deadline marks the finish cell, and an
initiative the core could not read shows ``!`` beside its id. Marks are ASCII or Japanese text,
never ambiguous-width symbols. An edit updates only the cells that changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from roadmap.i18n import Lang, field_label, status_label, step_label
from tui.state import PlanState, Row, ids_matching

__all__ = ["COLUMNS", "Filters", "InitiativeTable", "select_rows"]

#: Column key -> width in cells (even widths for columns holding Japanese text).
COLUMNS: dict[str, int] = {
    "id": 20,
    "title": 28,
    "step": 14,
    "owner": 16,
    "duration": 6,
    "start": 10,
    "finish": 10,
    "total_float": 6,
    "critical": 4,
    "status": 6,
    "progress": 5,
}

_NO_STEP = "-"


@dataclass(frozen=True)
class Filters:
    """What the table is narrowed to; ``None`` means any."""

    text: str = ""
    step: str | None = None  # a step id, or "-" for work without a step
    owner: str | None = None
    status: str | None = None
    critical_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.text or self.step or self.owner or self.status or self.critical_only)


def _sort_key(column: str) -> Callable[[Row], Any]:
    def key(row: Row) -> Any:
        value = getattr(row, column)
        if column == "step":
            from roadmap.model import STEP_ORDER, Step

            value = STEP_ORDER.index(Step(value)) if value else len(STEP_ORDER)
        if isinstance(value, dt.date):
            value = value.toordinal()
        return (value is None, value if value is not None else 0)

    return key


def select_rows(
    rows: Iterable[Row], filters: Filters, sort: str | None = None, reverse: bool = False
) -> list[Row]:
    """The rows that pass ``filters``, in file order or sorted by column ``sort``."""
    kept = [
        row
        for row in rows
        if (filters.step is None or (row.step or _NO_STEP) == filters.step)
        and (filters.owner is None or row.owner == filters.owner)
        and (filters.status is None or row.status == filters.status)
        and (not filters.critical_only or row.critical)
    ]
    if filters.text:
        wanted = set(ids_matching(kept, filters.text))
        kept = [row for row in kept if row.id in wanted]
    if sort is not None:
        kept.sort(key=_sort_key(sort), reverse=reverse)
    return kept


def _fit(value: str, width: int) -> str:
    """Cut ``value`` to ``width`` terminal cells, marking the cut with ``…``."""
    if cell_len(value) <= width:
        return value
    return set_cell_size(value, width - 1) + "…"


class InitiativeTable(DataTable[Text]):
    """The initiatives of the plan as a table; :meth:`show` fills it from a :class:`PlanState`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort_next", "Sort", id="sort", show=False),
        Binding("S", "sort_reverse", "Reverse sort", id="sort_reverse", show=False),
    ]

    DEFAULT_CSS = """
    InitiativeTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.lang: Lang = "ja"
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._ids: list[str] = []
        self._cells: dict[str, tuple[Text, ...]] = {}
        self._rows: dict[str, Row] = {}

    def setup_columns(self, lang: Lang) -> None:
        """Add the columns with their labels in ``lang``."""
        from tui.bindings import localize_bindings

        localize_bindings(self, lang)
        self.lang = lang
        self.clear(columns=True)
        self._rows = {}
        self._cells = {}
        for key, width in COLUMNS.items():
            label = field_label(key, lang)
            self.add_column(self._column_label(key), key=key, width=max(width, cell_len(label) + 2))

    def _column_label(self, key: str) -> Text:
        label = field_label(key, self.lang)
        if key == self.sort_column:
            label += " v" if self.sort_reverse else " ^"
        return Text(label)

    @property
    def ids(self) -> list[str]:
        """The ids shown, top to bottom."""
        return list(self._ids)

    @property
    def selected_id(self) -> str | None:
        """The id under the cursor."""
        if not self._ids or not 0 <= self.cursor_row < len(self._ids):
            return None
        return self._ids[self.cursor_row]

    def select_id(self, initiative_id: str | None) -> None:
        """Put the cursor on ``initiative_id`` if it is shown."""
        if initiative_id is None or initiative_id not in self._cells:
            return
        row = self._ids.index(initiative_id)
        if row != self.cursor_row:
            self.move_cursor(row=row, animate=False)

    def show(self, state: PlanState, rows: list[Row], selected: str | None) -> None:
        """Show ``rows`` (already filtered and sorted), changing only the cells that differ."""
        previous_rows = self._rows
        cells = {
            row.id: (
                self._cells[row.id]
                if previous_rows.get(row.id) == row and row.id in self._cells
                else self.cells(row)
            )
            for row in rows
        }
        self._rows = {row.id: row for row in rows}
        ids = [row.id for row in rows]
        if ids == self._ids:
            keys = list(COLUMNS)
            for initiative_id, new in cells.items():
                old = self._cells.get(initiative_id)
                if old is new or old == new:
                    continue
                for position, key in enumerate(keys):
                    if old is None or old[position] != new[position]:
                        self.update_cell(initiative_id, key, new[position])
        else:
            self.clear()
            for initiative_id in ids:
                self.add_row(*cells[initiative_id], key=initiative_id)
        self._ids = ids
        self._cells = cells
        self.select_id(selected)

    def cells(self, row: Row) -> tuple[Text, ...]:
        """The rendered cells of one row."""
        lang = self.lang
        style = "bold red" if row.critical else ""
        missed = row.late_by is not None and row.late_by > 0
        identifier = ("! " if not row.valid else "") + row.id
        finish = row.finish.isoformat() if row.finish else ""
        return (
            Text(_fit(identifier, COLUMNS["id"]), style="yellow" if not row.valid else style),
            Text(_fit(row.title, COLUMNS["title"]), style=style),
            Text(_fit(step_label(row.step, lang) if row.valid else "", COLUMNS["step"])),
            Text(_fit(row.owner, COLUMNS["owner"])),
            Text(row.duration, justify="right"),
            Text(row.start.isoformat() if row.start else ""),
            Text(finish, style="bold white on dark_red" if missed else style),
            Text(
                "" if row.total_float is None else str(row.total_float),
                justify="right",
                style=style,
            ),
            Text("CP" if row.critical else "", style=style),
            Text(_fit(status_label(row.status, lang), COLUMNS["status"])),
            Text(f"{row.progress:g}%", justify="right"),
        )

    def set_sort(self, column: str | None, reverse: bool = False) -> None:
        """Remember the sort column (the app recomputes the rows) and mark its header."""
        self.sort_column, self.sort_reverse = column, reverse
        for key, column_object in self.columns.items():
            column_object.label = self._column_label(str(key.value))
        self._require_update_dimensions = True
        self.refresh()

    def action_sort_next(self) -> None:
        """Sort by the next column (file order, then each column in turn)."""
        keys = list(COLUMNS)
        if self.sort_column is None:
            column: str | None = keys[0]
        else:
            position = keys.index(self.sort_column) + 1
            column = keys[position] if position < len(keys) else None
        self.post_message(self.SortRequested(column, False))

    def action_sort_reverse(self) -> None:
        """Reverse the direction of the current sort."""
        if self.sort_column is not None:
            self.post_message(self.SortRequested(self.sort_column, not self.sort_reverse))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a header sorts by that column; a second click reverses."""
        event.stop()
        column = str(event.column_key.value)
        reverse = not self.sort_reverse if column == self.sort_column else False
        self.post_message(self.SortRequested(column, reverse))

    class SortRequested(Message):
        """The user asked to sort by ``column`` (``None``: file order)."""

        def __init__(self, column: str | None, reverse: bool) -> None:
            super().__init__()
            self.column = column
            self.reverse = reverse
