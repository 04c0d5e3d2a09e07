"""The CSV export: one row per initiative with its schedule, for spreadsheets and tools.

Format (stable, for tools as much as for people):

- The header row holds the JSON document's initiative keys (:mod:`exporters.json_doc`), in the
  document's order: ``id, title, step, owner, status, progress, wave, early_start,
  early_finish, late_start, late_finish, total_float, free_float, critical, milestone,
  deadline, late_by, driver``. They do not change with ``--lang``.
- Values are the document's values: step and status ids (``standardize``, ``in_progress``),
  ISO dates, floats in working days, ``true`` / ``false``, and an empty field for null. Whole
  numbers are written without a decimal point (``100``, not ``100.0``).
- RFC 4180: CRLF line endings, fields quoted only when needed (commas, quotes, line breaks;
  quotes doubled). Line breaks inside a field are kept as they are.
- With ``options.excel`` (a sheet for people, not tools) the header holds the column labels of
  ``--lang`` and step, status, driver and yes/no values are words (:mod:`exporters.report_labels`);
  dates stay ISO.
- Encoding UTF-8; with ``options.excel`` a byte order mark is added so that Japanese Excel
  reads UTF-8 rather than Shift_JIS, and text fields starting with ``= + - @`` (or a tab or
  carriage return) are prefixed with ``'`` so Excel shows them instead of running them as
  formulas (CSV injection).
- A plan that cannot be scheduled gives the header row alone.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from exporters.base import ExportOptions
from exporters.json_doc import schedule_document
from exporters.report_labels import table_word
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import field_label

__all__ = ["COLUMNS", "export"]

#: The columns, in order: the keys of an initiative in the JSON document.
COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "step",
    "owner",
    "status",
    "progress",
    "wave",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "critical",
    "milestone",
    "deadline",
    "late_by",
    "driver",
)

#: Free-text columns that Excel might read as a formula.
_TEXT_COLUMNS = frozenset({"id", "title", "owner", "driver"})
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _field(value: Any) -> str:
    """One value as CSV text: JSON spellings for booleans, empty for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _defused(text: str) -> str:
    """``text`` made inert for Excel: a leading formula character is quoted with ``'``."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def rows(analysis: Analysis, options: ExportOptions) -> list[list[str]]:
    """The header and one row per initiative, as strings."""
    document = schedule_document(analysis, options.lang)
    if options.excel:
        table = [[field_label(column, options.lang) for column in COLUMNS]]
    else:
        table = [list(COLUMNS)]
    for initiative in document["initiatives"]:
        row = []
        for column in COLUMNS:
            value = initiative.get(column)
            if options.excel:
                value = table_word(column, value, analysis.plan, options.lang)
            text = _field(value)
            if options.excel and column in _TEXT_COLUMNS:
                text = _defused(text)
            row.append(text)
        table.append(row)
    return table


def export(analysis: Analysis, options: ExportOptions) -> bytes:
    """The schedule of ``analysis`` as CSV bytes (UTF-8, with a BOM when ``options.excel``)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows(analysis, options))
    encoding = "utf-8-sig" if options.excel else "utf-8"
    return buffer.getvalue().encode(encoding)
