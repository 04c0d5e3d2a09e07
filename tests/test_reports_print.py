"""Every xlsx sheet is printable as it comes: paper, orientation, fit, titles, header and footer."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from export_samples import example_analysis, hostile_analysis
from openpyxl import load_workbook

from exporters.base import ExportOptions
from exporters.xlsx import export

A3, A4 = 8, 9


def _book(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def test_every_sheet_is_set_up_for_printing_with_dates_and_page_numbers() -> None:
    analysis = example_analysis()
    book = _book(export(analysis, ExportOptions(baseline=analysis, baseline_label="v1")))
    assert len(book.worksheets) >= 5
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize in (A3, A4), sheet.title
        assert setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToWidth == 1, sheet.title
        assert sheet.oddFooter.center.text == "&P / &N", sheet.title
        header = sheet.oddHeader.right.text
        # 作成日 and 基準日: the plan's status date, in 和暦 like the report
        assert "作成日 令和" in header and "基準日 令和" in header, sheet.title
        if sheet.freeze_panes and sheet[sheet.freeze_panes].row > 1:
            assert sheet.print_title_rows, sheet.title


def test_the_gantt_prints_on_a3_and_the_summary_on_one_a4_page() -> None:
    book = _book(export(example_analysis(), ExportOptions()))
    summary, gantt = book.worksheets[0], book["工程表"]
    assert summary.page_setup.paperSize == A4
    assert (summary.page_setup.fitToWidth, summary.page_setup.fitToHeight) == (1, 1)
    assert gantt.page_setup.paperSize == A3
    assert gantt.print_title_rows == "$1:$2"
    # the print area ends with the legend, not at an arbitrary used cell
    assert gantt.print_area is not None
    last_row = int(str(gantt.print_area).rsplit("$", 1)[-1])
    assert gantt.cell(row=last_row, column=3).value is not None


def test_made_on_date_follows_as_of_never_the_clock() -> None:
    options = ExportOptions(as_of=dt.date(2027, 1, 5), dates="iso")
    first = export(example_analysis(), options)
    assert first == export(example_analysis(), options)
    header = _book(first).worksheets[1].oddHeader.right.text
    assert header == "作成日 2027-01-05  基準日 2027-01-05"


def test_no_sheet_prints_only_that_there_are_no_problems() -> None:
    for analysis in (example_analysis(), hostile_analysis()):
        book = _book(export(analysis, ExportOptions()))
        for sheet in book.worksheets:
            values = [value for row in sheet.iter_rows(values_only=True) for value in row if value]
            assert values and values != ["問題はありません"], sheet.title
            if sheet.title == "問題":
                assert len(values) > 7  # a header and at least one problem
