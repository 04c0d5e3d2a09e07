"""Cell writing shared by every xlsx sheet: text stays text, headers look alike.

User text never becomes a formula (a title starting with ``=`` is stored as a string), and
characters that XML forbids are dropped, so the workbook opens without repair prompts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill
from openpyxl.styles.fonts import DEFAULT_FONT

__all__ = [
    "BOLD",
    "HEADER_FILL",
    "CellStyles",
    "clean_text",
    "header_row",
    "put_cell",
    "title_cell",
]

_MAX_CELL_TEXT = 32767
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

BOLD = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFE8ECF2", end_color="FFE8ECF2")


def clean_text(value: str) -> str:
    """``value`` as cell text: forbidden characters dropped, cut to Excel's cell limit."""
    return _XML_FORBIDDEN.sub("", value)[:_MAX_CELL_TEXT]


def put_cell(
    sheet: Any, row: int, column: int, value: object, number_format: str | None = None
) -> Any:
    """Write ``value`` to a cell; strings stay strings, an empty string leaves it empty."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str) and value:
        cell.value = clean_text(value)
        cell.data_type = "s"
    elif isinstance(value, str):
        cell.value = None
    else:
        cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    return cell


def header_row(sheet: Any, row: int, labels: Sequence[str]) -> None:
    """Bold, shaded column headers from column 1."""
    for column, label in enumerate(labels, start=1):
        cell = put_cell(sheet, row, column, label)
        cell.font = BOLD
        cell.fill = HEADER_FILL


def title_cell(sheet: Any, row: int, title: str) -> None:
    put_cell(sheet, row, 1, title).font = Font(bold=True, size=12)


class CellStyles:
    """The named styles of one workbook, each made once and then given to every cell that
    looks alike.

    Setting ``cell.font``, ``cell.fill``... one by one makes openpyxl hash each style object
    for every cell (a third of the time of a large workbook); a named style is looked up by
    its name and copied whole. Styles are keyed by the identity of the style objects passed
    (module constants or objects the caller keeps), which this object keeps alive.
    """

    def __init__(self, workbook: Any, prefix: str = "roadmap") -> None:
        self._workbook = workbook
        self._prefix = prefix
        self._names: dict[tuple[object, ...], tuple[str, tuple[object, ...]]] = {}

    def apply(
        self,
        cell: Any,
        *,
        font: Font | None = None,
        fill: PatternFill | None = None,
        border: Border | None = None,
        alignment: Alignment | None = None,
        number_format: str | None = None,
    ) -> Any:
        """Give ``cell`` the style made of these parts (the workbook's defaults for the rest);
        returns the cell. Replaces any style the cell had."""
        parts = (font, fill, border, alignment)
        key = (*map(id, parts), number_format)
        known = self._names.get(key)
        if known is None:
            name = f"{self._prefix}-{len(self._names) + 1}"
            self._workbook.add_named_style(
                NamedStyle(
                    name=name,
                    font=font or DEFAULT_FONT,
                    fill=fill or PatternFill(),
                    border=border or Border(),
                    alignment=alignment or Alignment(),
                    number_format=number_format or "General",
                )
            )
            known = self._names[key] = (name, parts)
        cell.style = known[0]
        return cell
