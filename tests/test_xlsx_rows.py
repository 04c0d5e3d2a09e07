"""Rows written at once (``new_cell`` and ``sheet.append``) are the cells that ``put_cell`` and
``CellStyles.apply`` wrote one by one: the same XML, byte for byte, for every kind of value;
and a date given as Excel's day number (``excel_day``) is the date openpyxl would have written.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils.datetime import to_excel
from openpyxl.writer.excel import ExcelWriter

from exporters.xlsx_cells import CellStyles, excel_day, new_cell, put_cell

SIDE = Side(style="thin", color="FF999999")
BOX = Border(left=SIDE, right=SIDE, top=SIDE, bottom=SIDE)
RED = Font(bold=True, color="FFC00000")
FILL = PatternFill(fill_type="solid", start_color="FF5B9BD5", end_color="FF5B9BD5")

#: Values of every kind a table cell gets, the awkward ones included.
VALUES: list[object] = [
    "i00001",
    "=1+1",  # text, not a formula
    "#N/A",  # text, not an error
    "",  # left empty
    None,
    "   ",
    " padded ",
    "tab\tand\x0bvertical tab",  # the vertical tab is dropped
    "x" * 40000,  # cut to Excel's limit
    "番号&<>",
    0,
    -41,
    12.5,
    True,
    dt.date(2026, 4, 1),
    dt.date(2099, 12, 31),
    dt.date(1900, 1, 15),  # before Excel's leap-day quirk: left to openpyxl
]
#: (font, fill) of the styled rows, all boxed; dates also get ``yyyy-mm-dd``, as in the 工程表.
LOOKS: list[tuple[Font | None, PatternFill | None]] = [(None, None), (RED, None), (None, FILL)]
DATE = "yyyy-mm-dd"


def _sheet_xml(book: Workbook) -> dict[str, bytes]:
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w")).save()
    archive = zipfile.ZipFile(buffer)
    return {
        name: archive.read(name)
        for name in archive.namelist()
        if name.startswith("xl/worksheets/") or name == "xl/styles.xml"
    }


def _one_by_one() -> Workbook:
    book = Workbook()
    sheet = book.active
    styles = CellStyles(book, "t")
    for row, (font, fill) in enumerate(LOOKS, start=1):
        for column, value in enumerate(VALUES, start=1):
            cell = put_cell(sheet, row, column, value)
            number_format = DATE if isinstance(value, dt.date) else None
            look = styles.named(font=font, fill=fill, border=BOX, number_format=number_format)
            cell.style = look.name  # each cell looked up by position, its style by name
    plain = book.create_sheet("plain")
    for row in range(1, 3):
        for column, value in enumerate(VALUES, start=1):
            put_cell(plain, row, column, value)
            if isinstance(value, dt.date):
                plain.cell(row=row, column=column).number_format = DATE
    return book


def _at_once() -> Workbook:
    book = Workbook()
    sheet = book.active
    styles = CellStyles(book, "t")
    for font, fill in LOOKS:
        text = styles.named(font=font, fill=fill, border=BOX)
        date = styles.named(font=font, fill=fill, border=BOX, number_format=DATE)
        sheet.append(
            [
                new_cell(sheet, excel_day(value), date)
                if isinstance(value, dt.date)
                else new_cell(sheet, value, text)
                for value in VALUES
            ]
        )
    plain = book.create_sheet("plain")
    for _ in range(2):
        plain.append(
            [
                new_cell(plain, excel_day(value), number_format=DATE)
                if isinstance(value, dt.date)
                else new_cell(plain, value)
                for value in VALUES
            ]
        )
    return book


def test_rows_at_once_write_the_same_xml_as_cells_one_by_one() -> None:
    before, after = _sheet_xml(_one_by_one()), _sheet_xml(_at_once())
    assert before.keys() == after.keys()
    for name in before:
        assert after[name] == before[name], name


def test_new_cell_keeps_text_as_text() -> None:
    sheet = Workbook().active
    formula, error, empty = (new_cell(sheet, value) for value in ("=1+1", "#N/A", ""))
    assert (formula.data_type, formula.value) == ("s", "=1+1")
    assert (error.data_type, error.value) == ("s", "#N/A")
    assert empty.value is None


@pytest.mark.parametrize(
    "day",
    [
        dt.date(1900, 3, 1),
        dt.date(1999, 12, 31),
        dt.date(2000, 2, 29),
        dt.date(2026, 4, 1),
        dt.date(2099, 12, 31),
        dt.date(9999, 12, 31),
    ],
)
def test_excel_day_is_the_number_openpyxl_writes(day: dt.date) -> None:
    assert excel_day(day) == to_excel(day)
    assert isinstance(excel_day(day), int)


def test_excel_day_leaves_times_and_the_leap_day_quirk_to_openpyxl() -> None:
    moment = dt.datetime(2026, 4, 1, 9, 30)
    assert excel_day(moment) is moment
    for day in (dt.date(1900, 2, 28), dt.date(1899, 12, 30), dt.date(1800, 1, 1)):
        assert excel_day(day) is day
