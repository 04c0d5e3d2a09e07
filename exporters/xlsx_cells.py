"""Cell writing shared by every xlsx sheet: text stays text, headers look alike.

User text never becomes a formula (a title starting with ``=`` is stored as a string), and
characters that XML forbids are dropped, so the workbook opens without repair prompts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Font, PatternFill

__all__ = ["BOLD", "HEADER_FILL", "clean_text", "header_row", "put_cell", "title_cell"]

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
