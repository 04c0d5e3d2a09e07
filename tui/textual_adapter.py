"""The editor's only use of Textual internals: a DataTable that keeps its rendering across edits.

Textual's :class:`~textual.widgets.DataTable` forgets every rendered cell and row whenever any
cell changes (:meth:`~textual.widgets.DataTable.update_cell` bumps one counter that every
render cache is keyed by, and repaints the whole table). At 2,000 initiatives an edit that
moves a thousand finish dates then costs a full redraw of the visible rows per keystroke
(measured with ``benchmarks/bench_tui.py``: 34 ms with this module, 131 ms without, for the
example plan). :class:`CachedRowsTable` keeps each rendered cell and row for as long as the
object it was drawn from is the same, and repaints only the rows that changed; a row of which
some cells changed is its kept rendering with those cells drawn again (DataTable would work out
the row's styles anew: about 0.3 ms for each changed row on screen). It also skips
DataTable's measuring of every cell when every column has a fixed width (0.6 s at 5,000
initiatives before the first paint, for widths that are never used).

That needs a few private methods and attributes of DataTable. They are listed in
:data:`INTERNALS` and checked by :func:`internals_problems` at import: when Textual changes any
of them, the table falls back to the public API (slower, still correct), a warning names the
change, and ``tests/test_tui_safety_adapter.py`` fails, saying what to update here.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from tui.safety import SafeHandlers

__all__ = ["INTERNALS", "CachedRowsTable", "internals_problems"]

#: DataTable methods overridden or called here, with the parameters they must still have.
INTERNALS: dict[str, tuple[str, ...]] = {
    "_render_cell": ("self", "row_index", "column_index", "base_style", "width", "cursor", "hover"),
    "_render_line_in_row": (
        "self",
        "row_key",
        "line_no",
        "base_style",
        "cursor_location",
        "hover_location",
    ),
    "_clear_caches": ("self",),
    "_update_dimensions": ("self", "new_rows"),
    "_get_row_style": ("self", "row_index", "base_style"),
    "_should_highlight": ("self", "cursor", "target_cell", "type_of_cursor"),
}

#: DataTable instance attributes read or written here, with the type each must still have.
INTERNAL_ATTRIBUTES: dict[str, type | tuple[type, ...]] = {
    "_data": dict,
    "_update_count": int,
    "_show_hover_cursor": bool,
    "_pseudo_class_state": tuple,
    "_offset_cache": LRUCache,
    "_ordered_row_cache": LRUCache,
}

#: Rendered cells (or rows) kept across edits before the store starts afresh.
_RENDERED_KEPT = 20_000

#: One rendered line of a row: the fixed cells' segments and the scrolling cells' segments.
_RowLines = tuple[list[list[Segment]], list[list[Segment]]]


def internals_problems() -> list[str]:
    """What no longer matches the DataTable internals this module relies on (empty: all do)."""
    problems: list[str] = []
    for name, expected in INTERNALS.items():
        method = getattr(DataTable, name, None)
        if method is None or not callable(method):
            problems.append(f"DataTable.{name} no longer exists")
            continue
        found = tuple(inspect.signature(method).parameters)
        if found != expected:
            problems.append(f"DataTable.{name} takes {found}, expected {expected}")
    sample: DataTable[Text] = DataTable()
    for name, kind in INTERNAL_ATTRIBUTES.items():
        value = getattr(sample, name, None)
        if not isinstance(value, kind):
            problems.append(f"DataTable().{name} is {type(value).__name__}, expected {kind}")
    return problems


_PROBLEMS = internals_problems()
#: Whether the internals are as expected (otherwise: public API only).
FAST = not _PROBLEMS
if _PROBLEMS:
    warnings.warn(
        "Textual's DataTable changed; the initiative table uses the slower public API: "
        + "; ".join(_PROBLEMS),
        RuntimeWarning,
        stacklevel=1,
    )


class CachedRowsTable(SafeHandlers, DataTable[Text]):
    """A DataTable whose rendered cells and rows survive edits of other cells.

    A subclass says what each place shows through :meth:`kept_cell` and :meth:`kept_row`: an
    object that is the same (by identity) exactly when the place looks the same. It writes
    cells with :meth:`write_cells`, which repaints only the rows it names.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._kept_cells: dict[tuple[Hashable, ...], tuple[object, list[list[Segment]]]] = {}
        self._kept_rows: dict[tuple[Hashable, ...], tuple[tuple[object, ...], _RowLines]] = {}
        #: DataTable's style of a row, by what it depends on (see :meth:`_row_style`).
        self._row_styles: dict[tuple[Hashable, ...], Style] = {}

    # -- what the subclass says --------------------------------------------------------------

    def kept_cell(self, row_index: int, column_index: int) -> object | None:
        """What the body cell at a place is drawn from (``None``: do not keep its rendering)."""
        return None

    def kept_row(self, row_key: RowKey) -> tuple[int, tuple[object, ...]] | None:
        """The row's index and what each of its cells is drawn from, column by column as
        :meth:`kept_cell` gives them (``None``: do not keep the row's rendering)."""
        return None

    # -- writing -----------------------------------------------------------------------------

    def write_cells(
        self, changes: Sequence[tuple[str, Sequence[tuple[int, Text]]]], rows: set[int]
    ) -> None:
        """Write ``(row key, [(column number, cell), ...])`` changes and repaint the rows at
        ``rows`` (a column's number is its place in the order the columns were added)."""
        if not changes:
            return
        column_keys = list(self.columns)
        if not FAST:
            for row_key, row_changes in changes:
                for column, cell in row_changes:
                    self.update_cell(row_key, column_keys[column], cell)
            return
        data = self._data
        for row_key, row_changes in changes:
            row_data = data[RowKey(row_key)]
            for column, cell in row_changes:
                row_data[column_keys[column]] = cell
        # a new count makes DataTable render the cells again; the rows, their order and their
        # heights are as before, so their order and line offsets (made anew for each count,
        # over every row) are kept for the new count
        count, row_count = self._update_count, self.row_count
        offsets = self._offset_cache.get(count)
        ordered = self._ordered_row_cache.get((row_count, count))
        self._update_count = count + 1
        if offsets is not None:
            self._offset_cache[count + 1] = offsets
        if ordered is not None:
            self._ordered_row_cache[row_count, count + 1] = ordered
        self._repaint_rows(rows)

    def _repaint_rows(self, rows: set[int]) -> None:
        """Repaint the screen lines of ``rows`` (indices; every row is one line high)."""
        header = self.header_height if self.show_header else 0
        width, height = self.size
        top = self.scroll_offset.y
        lines = [header + row - top for row in rows]
        regions = [Region(0, line, width, 1) for line in lines if header <= line < height]
        if regions:
            self.refresh(*regions)

    def forget_rendered(self) -> None:
        """Drop every kept rendering (styles, columns or language changed)."""
        self._kept_cells = {}
        self._kept_rows = {}
        self._row_styles = {}

    def notify_style_update(self) -> None:
        """Styles changed (theme, CSS): nothing rendered before may be shown again."""
        self.forget_rendered()
        super().notify_style_update()

    # -- rendering (Textual internals) --------------------------------------------------------

    if FAST:

        def _state_key(self) -> tuple[Hashable, ...]:
            return (self._show_hover_cursor, self._pseudo_class_state)

        def _clear_caches(self) -> None:
            self.forget_rendered()
            super()._clear_caches()

        def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
            """DataTable's sizing of new rows, measuring only what a width or height is
            taken from: a fixed-width column is drawn at its width whatever its cells measure
            (:meth:`~textual.widgets.data_table.Column.get_render_width`), so only row labels
            and rows of automatic height are measured while every column has a fixed width."""
            if any(column.auto_width for column in self.columns.values()):
                super()._update_dimensions(new_rows)
                return
            rows = self.rows
            measured = [
                key
                for key in new_rows
                if (row := rows.get(key)) is not None and (row.label is not None or row.auto_height)
            ]
            super()._update_dimensions(measured)

        def _render_cell(
            self,
            row_index: int,
            column_index: int,
            base_style: Style,
            width: int,
            cursor: bool = False,
            hover: bool = False,
        ) -> list[list[Segment]]:
            """DataTable's rendering of one cell, kept while the cell's object is the same."""
            shown = self.kept_cell(row_index, column_index)
            if shown is None:
                return super()._render_cell(
                    row_index, column_index, base_style, width, cursor, hover
                )
            key = (row_index, column_index, base_style, width, cursor, hover, *self._state_key())
            kept = self._kept_cells.get(key)
            if kept is not None and kept[0] is shown:
                return kept[1]
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
            if len(self._kept_cells) >= _RENDERED_KEPT:
                self._kept_cells = {}
            self._kept_cells[key] = (shown, lines)
            return lines

        def _render_line_in_row(
            self,
            row_key: RowKey,
            line_no: int,
            base_style: Style,
            cursor_location: Coordinate,
            hover_location: Coordinate,
        ) -> _RowLines:
            """DataTable's rendering of one row, kept while its cells are the same objects."""
            row = self.kept_row(row_key)
            if row is None:
                return super()._render_line_in_row(
                    row_key, line_no, base_style, cursor_location, hover_location
                )
            row_index, shown = row
            key = (
                row_index,
                line_no,
                base_style,
                cursor_location,
                hover_location,
                self.cursor_type,
                self.show_cursor,
                self.zebra_stripes,
                self.size.width,
                *self._state_key(),
            )
            kept = self._kept_rows.get(key)
            if kept is not None and kept[0] is shown:
                return kept[1]
            lines = None
            if kept is not None:
                lines = self._patched_row(
                    row_index, line_no, base_style, cursor_location, hover_location, kept, shown
                )
            if lines is None:
                lines = super()._render_line_in_row(
                    row_key, line_no, base_style, cursor_location, hover_location
                )
            if len(self._kept_rows) >= _RENDERED_KEPT:
                self._kept_rows = {}
            self._kept_rows[key] = (shown, lines)
            return lines

        def _patched_row(
            self,
            row_index: int,
            line_no: int,
            base_style: Style,
            cursor_location: Coordinate,
            hover_location: Coordinate,
            kept: tuple[tuple[object, ...], _RowLines],
            shown: tuple[object, ...],
        ) -> _RowLines | None:
            """The kept rendering of a row (drawn at the same place, cursor and styles) with
            the cells that changed drawn again, as DataTable draws each cell of a row; ``None``
            when the row is not laid out as expected (then DataTable draws it whole).

            DataTable's drawing of a row works out its styles each time (about 0.3 ms a row,
            mostly in walking the widget's ancestors for colours), whichever cells changed.
            """
            old_shown, (fixed, scrollable) = kept
            columns = self.ordered_columns
            count = len(columns)
            if fixed or len(shown) != count or len(old_shown) != count:
                return None
            if len(scrollable) != count + 1:  # a line per cell, then the padding to the edge
                return None
            row_style = self._row_style(row_index, base_style)
            cursor_type = self.cursor_type
            should_highlight = self._should_highlight
            patched = list(scrollable)
            for column_index, column in enumerate(columns):
                if shown[column_index] is old_shown[column_index]:
                    continue
                place = Coordinate(row_index, column_index)
                patched[column_index] = self._render_cell(
                    row_index,
                    column_index,
                    row_style,
                    column.get_render_width(self),
                    cursor=should_highlight(cursor_location, place, cursor_type),
                    hover=should_highlight(hover_location, place, cursor_type),
                )[line_no]
            return fixed, patched

        def _row_style(self, row_index: int, base_style: Style) -> Style:
            """DataTable's style of the row at ``row_index``: the same for every row of the
            same kind (fixed, odd or even), kept until the styles change."""
            key = (
                row_index < self.fixed_rows,
                row_index % 2,
                base_style,
                self.zebra_stripes,
                *self._state_key(),
            )
            style = self._row_styles.get(key)
            if style is None:
                style = self._row_styles[key] = self._get_row_style(row_index, base_style)
            return style
