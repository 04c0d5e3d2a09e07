"""The 工程表's cell styles are named styles made once per workbook and shared by every cell
that looks alike: a bigger plan adds rows, not styles, and each cell still looks as
it did (borders, date format, bold red for critical work, the step colour in its months)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook, load_workbook

from exporters import colors
from exporters.base import ExportOptions
from exporters.xlsx import export
from exporters.xlsx_cells import CellStyles
from roadmap.core.analysis.pipeline import analyze
from roadmap.core.planfile.loader import parse_plan


def chain(size: int) -> str:
    """A plan of ``size`` initiatives one after another (all critical), and one with float."""
    lines = ['[plan]\ntitle = "chain"\nstart = 2026-04-01\n']
    for number in range(size):
        lines.append(f'[initiatives.c{number}]\ntitle = "C{number}"\nduration = "2w"\n')
        lines.append('step = "standardize"\n')
        if number:
            lines.append(f'depends_on = ["c{number - 1}"]\n')
    lines.append('[initiatives.spare]\ntitle = "Spare"\nduration = "1d"\nstep = "measure"\n')
    return "".join(lines)


def gantt(size: int) -> Any:
    analysis = analyze(parse_plan(chain(size)))
    return load_workbook(io.BytesIO(export(analysis, ExportOptions())))


def test_a_bigger_plan_adds_rows_not_named_styles() -> None:
    small, large = gantt(3), gantt(60)
    assert len(small.named_styles) == len(large.named_styles)
    assert any(name.startswith("roadmap-gantt-") for name in large.named_styles)


def test_cells_look_as_before_with_named_styles() -> None:
    sheet = gantt(3)["工程表"]
    critical, spare = sheet.cell(row=3, column=1), sheet.cell(row=6, column=1)
    assert (critical.value, spare.value) == ("c0", "spare")
    assert critical.font.b and critical.font.color.rgb == colors.argb(colors.CRITICAL)
    assert not spare.font.b
    assert critical.border.left.style == "thin" and spare.border.bottom.style == "thin"
    start = sheet.cell(row=3, column=5)
    assert start.number_format == "yyyy-mm-dd" and start.value.date().isoformat() == "2026-04-01"
    april = sheet.cell(row=3, column=8)  # the first month column
    assert april.fill.fgColor.rgb == colors.argb(colors.CRITICAL)


def test_cell_styles_are_made_once_per_look() -> None:
    book = Workbook()
    sheet = book.active
    styles = CellStyles(book, "t")
    for row in range(1, 50):
        sheet.cell(row=row, column=1).style = styles.named(number_format="0.0").name
        sheet.cell(row=row, column=2).style = styles.named().name
    assert [name for name in book.named_styles if name.startswith("t-")] == ["t-1", "t-2"]
    assert sheet.cell(row=7, column=1).number_format == "0.0"
    assert sheet.cell(row=7, column=2).number_format == "General"
