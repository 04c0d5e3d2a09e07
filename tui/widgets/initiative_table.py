"""The initiative table: one row per initiative, sortable by any column, filtered by the app.

Critical work is drawn in the error colour, a missed deadline marks the finish cell, and an
initiative the core could not read shows ``!`` beside its id. Marks are ASCII or Japanese text,
never ambiguous-width symbols.

An edit updates only the cells that changed, and repaints only those: cells are shared
:class:`~rich.text.Text` objects, one per column and value, so a cell that shows the same value
is the same object, found unchanged by identity, and its rendering is kept across edits
(:class:`tui.textual_adapter.CachedRowsTable`). Rows far from the screen are written just
after the screen shows the edit (an edit that moves the finish changes the float of most rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from roadmap.core.i18n import Lang, field_label, status_label, step_label
from tui.bindings import LocalizedBindings
from tui.state import PlanState, Row, ids_matching
from tui.textual_adapter import CachedRowsTable

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

#: The widest the 名称 column grows to in a wide terminal (cells).
TITLE_MAX = 72

#: Drawn cells kept for reuse (by column and what they show) before the store starts afresh.
_DRAWN_KEPT = 50_000


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
            from roadmap.core.model.plan import STEP_ORDER, Step

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


def _shown(row: Row) -> tuple[Hashable, ...]:
    """What each cell of ``row`` is drawn from, column by column: equal entries, equal cells."""
    critical = row.critical
    return (
        (row.id, row.valid, critical),
        (row.title, critical),
        (row.step, row.valid),
        row.owner,
        row.duration,
        row.start,
        (row.finish, critical, row.late_by is not None and row.late_by > 0),
        (row.total_float, critical),
        critical,
        row.status,
        row.progress,
    )


def _fit(value: str, width: int) -> str:
    """Cut ``value`` to ``width`` terminal cells, marking the cut with ``…``."""
    if cell_len(value) <= width:
        return value
    return set_cell_size(value, width - 1) + "…"


class InitiativeTable(LocalizedBindings, CachedRowsTable):
    """The initiatives of the plan as a table; :meth:`show` fills it from a :class:`PlanState`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort_next", "Sort", id="sort", show=False),
        Binding("S", "sort_reverse", "Reverse sort", id="sort_reverse", show=False),
        Binding("home", "first_row", "First row", show=False),
        Binding("end", "last_row", "Last row", show=False),
    ]

    DEFAULT_CSS = """
    InitiativeTable { height: 1fr; }
    """

    def __init__(self, *, lang: Lang = "ja", id: str | None = None) -> None:
        """``lang`` labels the key bindings (the columns are labelled by :meth:`setup_columns`)."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.lang: Lang = lang
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._ids: list[str] = []
        self._cells: dict[str, tuple[Text, ...]] = {}
        #: What each row's cells were drawn from (:func:`_shown`), by id.
        self._shown: dict[str, tuple[Hashable, ...]] = {}
        self._rows: dict[str, Row] = {}
        #: One drawn cell per column and shown value: rows showing the same value share it,
        #: and an unchanged value keeps its cell object, so changes are found by identity.
        self._drawn: dict[tuple[int, Hashable], Text] = {}
        self._positions: dict[str, int] = {}
        #: Rows far from the screen whose row in ``_rows`` is newer than their cells: written
        #: just after the screen shows an edit (:meth:`write_later`).
        self._later: set[str] = set()
        self._later_asked = False
        #: The 名称 column's width now: :data:`COLUMNS` ``title``, wider in a wide terminal.
        self.title_width = COLUMNS["title"]

    def width_of(self, key: str) -> int:
        """The width in cells of the column ``key`` (the 名称 column follows the terminal)."""
        if key == "title":
            return self.title_width
        return max(COLUMNS[key], cell_len(field_label(key, self.lang)) + 2)

    def fitting_title_width(self, width: int) -> int:
        """The 名称 width that fills ``width`` cells beside the other columns: never below
        :data:`COLUMNS` ``title`` nor above :data:`TITLE_MAX`, and even (Japanese text)."""
        padding = 2 * self.cell_padding
        others = sum(self.width_of(key) + padding for key in COLUMNS if key != "title")
        free = width - others - padding - 2  # room for the vertical scrollbar
        fitted = max(COLUMNS["title"], min(TITLE_MAX, free))
        return fitted - fitted % 2

    def on_resize(self, event: events.Resize) -> None:
        """Widen (or narrow back) the 名称 column to the table's width."""
        wanted = self.fitting_title_width(event.size.width)
        if wanted == self.title_width:
            return
        self.title_width = wanted
        if not self.columns:
            return
        rows = [self._rows[key] for key in self._ids if key in self._rows]
        selected = self._ids[self.cursor_row] if 0 <= self.cursor_row < len(self._ids) else None
        self.setup_columns(self.lang)  # the cells are cut to the new width when drawn again
        if rows:
            self.show(None, rows, selected)

    def action_first_row(self) -> None:
        """Home: the first row (DataTable's own Home scrolls sideways)."""
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        """End: the last row (DataTable's own End scrolls sideways)."""
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)

    def setup_columns(self, lang: Lang) -> None:
        """Add the columns with their labels in ``lang``."""
        self.lang = lang
        self.clear(columns=True)
        self._ids = []
        self._positions = {}
        self._rows = {}
        self._cells = {}
        self._shown = {}
        self._drawn = {}
        self._later = set()
        self.forget_rendered()
        for key in COLUMNS:
            self.add_column(self._column_label(key), key=key, width=self.width_of(key))

    def _column_label(self, key: str) -> Text:
        label = field_label(key, self.lang)
        if key == self.sort_column:
            label += " v" if self.sort_reverse else " ^"
        return Text(label)

    @property
    def later(self) -> frozenset[str]:
        """The rows whose writing the last edit left for after the repaint (see :meth:`show`)."""
        return frozenset(self._later)

    @property
    def ids(self) -> list[str]:
        """The ids shown, top to bottom."""
        return list(self._ids)

    def select_id(self, initiative_id: str | None) -> None:
        """Put the cursor on ``initiative_id`` if it is shown."""
        if initiative_id is None or initiative_id not in self._cells:
            return
        row = self._positions[initiative_id]
        if row != self.cursor_row:
            self.move_cursor(row=row, animate=False)

    def show(self, state: PlanState | None, rows: list[Row], selected: str | None) -> None:
        """Show ``rows`` (already filtered and sorted), changing only the cells that differ.

        A row that is the same object as the one shown is skipped at once. When the same rows
        are shown in the same order (an edit), the table's maps are changed in place, and a
        changed row more than a screen away from the visible ones is written just after the
        screen shows the edit (:meth:`write_later`): an edit that moves the project finish
        changes the float of most rows, of which only a screenful is seen.
        """
        ids = [row.id for row in rows]
        in_place = ids == self._ids
        if not in_place:
            self.write_later()  # every row as it is now, before they are placed again
        previous_rows, previous_cells = self._rows, self._cells
        previous_shown = self._shown
        if len(self._drawn) > _DRAWN_KEPT:
            self._drawn = {}
        if in_place:
            shown_rows, cells, shown_of = previous_rows, previous_cells, previous_shown
            near = self._near_rows()
            positions = self._positions
        else:
            shown_rows, cells, shown_of = {}, {}, {}
        later = self._later
        #: (row, [(column, cell), ...]) of every cell that differs from the cell shown before
        changes: list[tuple[str, list[tuple[int, Text]]]] = []
        #: rows whose every cell is written (unless the table is filled afresh)
        written: list[str] = []
        for row in rows:
            initiative_id = row.id
            old_row = previous_rows.get(initiative_id)
            old = previous_cells.get(initiative_id) if old_row is not None else None
            if old is not None and old_row is row:
                if not in_place:
                    shown_rows[initiative_id] = row
                    cells[initiative_id] = old
                    shown_of[initiative_id] = previous_shown[initiative_id]
                continue
            shown_rows[initiative_id] = row
            if in_place and old is not None and positions[initiative_id] not in near:
                later.add(initiative_id)  # its cells stay as they are until then
                continue
            later.discard(initiative_id)
            old_shown = previous_shown.get(initiative_id) if old is not None else None
            shown = shown_of[initiative_id] = _shown(row)
            if old is None or old_shown is None:
                cells[initiative_id] = self._shared(row, shown)
                written.append(initiative_id)
                continue
            cells[initiative_id], row_changes = self._changed(row, shown, old, old_shown)
            if row_changes:
                changes.append((initiative_id, row_changes))
        self._rows = shown_rows
        # the same rows in another order (sorted by a column the edit changed)?
        reordered = not in_place and len(ids) == len(self._ids) and set(ids) == set(self._ids)
        if in_place or reordered:
            for initiative_id in written:
                changes.append((initiative_id, list(enumerate(cells[initiative_id]))))
            self._update_cells(changes)
            if reordered:
                place = {id(cells[key][0]): row for row, key in enumerate(ids)}
                self.sort("id", key=lambda cell: place[id(cell)])  # id cells are one per row
        else:
            self.clear()
            for initiative_id in ids:
                self.add_row(*cells[initiative_id], key=initiative_id)
        if not in_place:
            self._positions = {initiative_id: row for row, initiative_id in enumerate(ids)}
        self._ids = ids
        self._cells = cells
        self._shown = shown_of
        if later and not self._later_asked:
            self._later_asked = self.call_after_refresh(self.write_later)
        self.select_id(selected)

    def _changed(
        self,
        row: Row,
        shown: tuple[Hashable, ...],
        old: tuple[Text, ...],
        old_shown: tuple[Hashable, ...],
    ) -> tuple[tuple[Text, ...], list[tuple[int, Text]]]:
        """The cells of ``row`` (``shown``: :func:`_shown` of it) made from its ``old`` cells
        (drawn from ``old_shown``), and the ``(column, cell)`` of those that differ: only
        the columns whose shown value differs get another cell."""
        if shown == old_shown:
            return old, []
        drawn = self._drawn
        new_cells = list(old)
        row_changes: list[tuple[int, Text]] = []
        for position, value in enumerate(shown):
            if value != old_shown[position]:
                cell = drawn.get((position, value))
                if cell is None:
                    cell = drawn[position, value] = self.cell(position, row)
                new_cells[position] = cell
                row_changes.append((position, cell))
        return tuple(new_cells), row_changes

    def _near_rows(self) -> range:
        """The places of the rows on screen, with a screen's height of rows above and below."""
        height = max(self.size.height, 1)
        top = self.scroll_offset.y
        return range(max(0, top - height), top + 2 * height)

    def write_later(self) -> None:
        """Write the cells of the rows whose writing an edit left for after the repaint
        (:meth:`show`). Also called first when the rows are placed anew (a filter, a sort)
        and when a line about to be drawn shows such a row (:meth:`render_line`); until then
        DataTable's own cells of those rows (``get_row_at``) are the ones before the edit."""
        self._later_asked = False
        later, self._later = self._later, set()
        changes: list[tuple[str, list[tuple[int, Text]]]] = []
        rows, cells, shown_of = self._rows, self._cells, self._shown
        for initiative_id in later:
            row = rows.get(initiative_id)
            old = cells.get(initiative_id)
            old_shown = shown_of.get(initiative_id)
            if row is None or old is None or old_shown is None:
                continue  # no longer shown
            shown = shown_of[initiative_id] = _shown(row)
            cells[initiative_id], row_changes = self._changed(row, shown, old, old_shown)
            if row_changes:
                changes.append((initiative_id, row_changes))
        self._update_cells(changes)

    def render_line(self, y: int) -> Strip:
        """The table's line ``y``; when it shows a row whose writing was left for later (it
        was scrolled to before), those rows are written first."""
        header = self.header_height if self.show_header else 0
        if self._later and y >= header:
            row = y + self.scroll_offset.y - header
            if 0 <= row < len(self._ids) and self._ids[row] in self._later:
                self.write_later()
        return super().render_line(y)

    def _update_cells(self, changes: list[tuple[str, list[tuple[int, Text]]]]) -> None:
        """Write ``(row, [(column position, cell), ...])`` changes, repainting only the
        changed rows (the positions of ``changes`` must be the rows' places now)."""
        positions = self._positions
        self.write_cells(changes, {positions[initiative_id] for initiative_id, _ in changes})

    def forget(self) -> None:
        """Forget what the cells show, so that the next :meth:`show` writes every cell again
        (the rows and the cursor stay where they are)."""
        self._rows = {}
        self._cells = {}
        self._shown = {}
        self._later = set()
        self.forget_rendered()

    def _shared(self, row: Row, shown: tuple[Hashable, ...]) -> tuple[Text, ...]:
        """The cells of ``row`` (``shown``: :func:`_shown` of it), each taken from the shared
        store when already drawn."""
        drawn = self._drawn
        cells: list[Text] = []
        for position, value in enumerate(shown):
            cell = drawn.get((position, value))
            if cell is None:
                cell = drawn[position, value] = self.cell(position, row)
            cells.append(cell)
        return tuple(cells)

    def _drawn_cell(self, position: int, shown: Hashable, row: Row) -> Text:
        """The shared cell of the column at ``position`` showing ``shown`` (of ``row``)."""
        cell = self._drawn.get((position, shown))
        if cell is None:
            cell = self._drawn[position, shown] = self.cell(position, row)
        return cell

    def cells(self, row: Row) -> tuple[Text, ...]:
        """The rendered cells of one row."""
        return tuple(self.cell(position, row) for position in range(len(COLUMNS)))

    def cell(self, position: int, row: Row) -> Text:
        """The rendered cell of ``row`` in the column at ``position`` (see :data:`COLUMNS`).

        It depends only on the column's entry in :func:`_shown`.
        """
        style = "bold red" if row.critical else ""
        if position == 0:
            identifier = ("! " if not row.valid else "") + row.id
            return Text(_fit(identifier, COLUMNS["id"]), style="yellow" if not row.valid else style)
        if position == 1:
            return Text(_fit(row.title, self.title_width), style=style)
        if position == 2:
            label = step_label(row.step, self.lang) if row.valid else ""
            return Text(_fit(label, COLUMNS["step"]))
        if position == 3:
            return Text(_fit(row.owner, COLUMNS["owner"]))
        if position == 4:
            return Text(row.duration, justify="right")
        if position == 5:
            return Text(row.start.isoformat() if row.start else "")
        if position == 6:
            missed = row.late_by is not None and row.late_by > 0
            finish = row.finish.isoformat() if row.finish else ""
            return Text(finish, style="bold white on dark_red" if missed else style)
        if position == 7:
            total_float = "" if row.total_float is None else str(row.total_float)
            return Text(total_float, justify="right", style=style)
        if position == 8:
            return Text("CP" if row.critical else "", style=style)
        if position == 9:
            return Text(_fit(status_label(row.status, self.lang), COLUMNS["status"]))
        return Text(f"{row.progress:g}%", justify="right")

    def kept_cell(self, row_index: int, column_index: int) -> Text | None:
        """The cell shown at a place in the body (its rendering is kept while it is the same)."""
        if not 0 <= row_index < len(self._ids) or not 0 <= column_index < len(COLUMNS):
            return None
        cells = self._cells.get(self._ids[row_index])
        return cells[column_index] if cells is not None else None

    def kept_row(self, row_key: RowKey) -> tuple[int, tuple[Text, ...]] | None:
        """The row's index and its cells (its rendering is kept while they are the same)."""
        row_index = self._positions.get(row_key.value) if row_key.value is not None else None
        if row_index is None:
            return None
        cells = self._cells.get(self._ids[row_index])
        return (row_index, cells) if cells is not None else None

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
