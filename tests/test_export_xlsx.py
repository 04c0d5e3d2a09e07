"""The xlsx workbook: a printable 工程表, the schedule table and the problems, reloaded cell by cell."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import types
import zipfile
from pathlib import Path
from typing import Any

import pytest
from export_samples import example_analysis, hostile_analysis, tiny_analysis
from openpyxl import load_workbook

from exporters import colors, xlsx
from exporters.base import ExportOptions
from exporters.xlsx import DEADLINE_MARK, MILESTONE_MARK, export

TINY = """
[plan]
title = "小さな計画"
organization = "みどり町"
start = 2026-04-01
status_date = 2026-04-01
calendar = "calendar"

[initiatives.design]
title = "設計"
step = "standardize"
owner = "情報政策係"
duration = "61d"

[initiatives.build]
title = "構築"
step = "gov-cloud"
duration = "30d"
depends_on = ["design"]
deadline = 2026-07-15

[initiatives.golive]
title = "本番移行"
duration = "0d"
depends_on = ["build"]

[initiatives.side]
title = "広報"
step = "resident-services"
duration = "10d"
not_before = 2026-05-11
"""

FIRST_MONTH_COLUMN = 8  # H: after ID, 名称, ステップ, 担当, 開始, 完了, 余裕
RED = colors.argb(colors.CRITICAL)


def reload(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def month_column(day: dt.date) -> int:
    """The tiny plan's chart starts in April 2026 (令和8年度)."""
    return FIRST_MONTH_COLUMN + (day.year - 2026) * 12 + day.month - 4


def filled_columns(sheet: Any, row: int) -> dict[int, str]:
    """Month column -> fill colour of the cells filled in ``row``."""
    filled: dict[int, str] = {}
    for column in range(FIRST_MONTH_COLUMN, sheet.max_column + 1):
        fill = sheet.cell(row=row, column=column).fill
        if fill.fill_type == "solid":
            filled[column] = fill.start_color.rgb
    return filled


def row_of(sheet: Any, initiative_id: str) -> int:
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == initiative_id:
            return int(row)
    raise AssertionError(f"{initiative_id} has no row")


def test_workbook_has_summary_gantt_and_schedule_sheets_in_the_readers_language() -> None:
    # the summary first; no 問題 sheet for a plan without problems (the summary says so)
    assert reload(export(tiny_analysis(TINY), ExportOptions())).sheetnames == [
        "要約",
        "工程表",
        "日程",
    ]
    english = reload(export(tiny_analysis(TINY), ExportOptions(lang="en")))
    assert english.sheetnames == ["Summary", "Gantt", "Schedule"]
    assert reload(export(hostile_analysis(), ExportOptions())).sheetnames[:4] == [
        "要約",
        "工程表",
        "日程",
        "問題",
    ]


def test_gantt_headers_show_fiscal_years_in_both_eras_and_months() -> None:
    sheet = reload(export(tiny_analysis(TINY), ExportOptions()))["工程表"]
    assert sheet.cell(row=1, column=FIRST_MONTH_COLUMN).value == "R8年度 (2026年度)"
    months = [sheet.cell(row=2, column=FIRST_MONTH_COLUMN + i).value for i in range(12)]
    assert months == [f"{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    assert sheet.max_column == FIRST_MONTH_COLUMN + 11  # one whole fiscal year
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "H1:S1" in merged
    assert [sheet.cell(row=2, column=c).value for c in range(1, 8)] == [
        "ID",
        "名称",
        "ステップ",
        "担当",
        "開始",
        "完了",
        "余裕",
    ]


def test_gantt_fills_each_initiatives_months_in_its_step_colour_and_critical_work_red() -> None:
    sheet = reload(export(tiny_analysis(TINY), ExportOptions()))["工程表"]
    design, side = row_of(sheet, "design"), row_of(sheet, "side")
    assert filled_columns(sheet, design) == {
        month_column(dt.date(2026, 4, 1)): RED,
        month_column(dt.date(2026, 5, 1)): RED,
    }
    assert filled_columns(sheet, side) == {
        month_column(dt.date(2026, 5, 1)): colors.argb(colors.step_color("resident-services"))
    }
    assert sheet.cell(row=design, column=2).value == "設計"
    assert sheet.cell(row=design, column=3).value == "標準化"
    assert sheet.cell(row=design, column=4).value == "情報政策係"
    assert sheet.cell(row=design, column=5).value == dt.datetime(2026, 4, 1)
    assert sheet.cell(row=design, column=6).value == dt.datetime(2026, 5, 31)
    assert sheet.cell(row=design, column=5).number_format == "yyyy-mm-dd"
    assert sheet.cell(row=side, column=7).value > 0  # float


def test_gantt_marks_milestones_and_deadlines_in_their_months() -> None:
    sheet = reload(export(tiny_analysis(TINY), ExportOptions()))["工程表"]
    golive, build = row_of(sheet, "golive"), row_of(sheet, "build")
    assert filled_columns(sheet, golive) == {}
    assert sheet.cell(row=golive, column=month_column(dt.date(2026, 6, 30))).value == (
        MILESTONE_MARK
    )
    assert sheet.cell(row=golive, column=month_column(dt.date(2026, 6, 30))).font.color.rgb == RED
    assert sheet.cell(row=build, column=month_column(dt.date(2026, 7, 15))).value == DEADLINE_MARK


def test_gantt_freezes_header_rows_and_name_columns_and_prints_a3_landscape_one_page_wide() -> None:
    sheet = reload(export(tiny_analysis(TINY), ExportOptions()))["工程表"]
    assert sheet.freeze_panes == "H3"
    assert sheet.page_setup.paperSize == 8  # A3
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 1  # four rows: the chart fills one page
    assert sheet.print_title_rows == "$1:$2"


def test_gantt_highlights_the_as_of_month_only_when_given() -> None:
    plain = reload(export(tiny_analysis(TINY), ExportOptions()))["工程表"]
    with_as_of = reload(export(tiny_analysis(TINY), ExportOptions(as_of=dt.date(2026, 6, 10))))
    june = month_column(dt.date(2026, 6, 1))
    today = colors.argb(colors.TODAY)
    assert plain.cell(row=2, column=june).fill.start_color.rgb != today
    assert with_as_of["工程表"].cell(row=2, column=june).fill.start_color.rgb == today
    assert "基準日 令和8年6月10日" in with_as_of["工程表"].cell(row=1, column=1).value


def test_gantt_rows_of_the_example_plan_match_its_schedule() -> None:
    analysis = example_analysis()
    assert analysis.schedule is not None
    sheet = reload(export(analysis, ExportOptions()))["工程表"]
    assert sheet.cell(row=1, column=FIRST_MONTH_COLUMN).value == "R7年度 (2025年度)"
    for initiative_id in ("std-koseki-migration", "std-juki", "ai-chatbot", "gc-koseki"):
        item = analysis.schedule.initiatives[initiative_id]
        row = row_of(sheet, initiative_id)
        first = (
            FIRST_MONTH_COLUMN + (item.early_start.year - 2025) * 12 + item.early_start.month - 4
        )
        last = (
            FIRST_MONTH_COLUMN + (item.early_finish.year - 2025) * 12 + item.early_finish.month - 4
        )
        colour = colors.CRITICAL if item.critical else colors.step_color(item.step)
        if item.status.value == "done":
            colour = colors.tint(colour)
        assert filled_columns(sheet, row) == dict.fromkeys(
            range(first, last + 1), colors.argb(colour)
        )
    # on the March 2030 session, beside the critical chain (the plan ends with the next plan)
    assert not analysis.schedule.initiatives["council-final"].critical
    assert row_of(sheet, "std-juki") == 3 + list(analysis.schedule.initiatives).index("std-juki")
    council = analysis.schedule.initiatives["council-final"]
    marks = sheet.cell(row=row_of(sheet, "council-final"), column=FIRST_MONTH_COLUMN + 59).value
    assert council.early_start == dt.date(2030, 3, 1)  # March of R11年度: column 60 of 60
    assert marks == MILESTONE_MARK + DEADLINE_MARK  # its deadline 2030-03-31 is in the same month


def test_schedule_sheet_lists_every_initiative_with_labels_and_real_dates() -> None:
    analysis = tiny_analysis(TINY)
    sheet = reload(export(analysis, ExportOptions()))["日程"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["ID", "名称", "ステップ"]
    assert sheet.max_row == 1 + 4
    design = [cell.value for cell in sheet[2]]
    assert design[0] == "design"
    assert design[2] == "標準化"
    assert design[header.index("状況")] == "予定"
    assert design[header.index("最早開始")] == dt.datetime(2026, 4, 1)
    assert design[header.index("クリティカル")] == "はい"
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:R5"


def test_problems_sheet_lists_warnings_with_location_and_hint() -> None:
    book = reload(export(hostile_analysis(), ExportOptions()))
    sheet = book["問題"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    codes = {row[1] for row in rows}
    assert {"deadline-missed", "step-order"} <= codes
    step_order = next(row for row in rows if row[1] == "step-order")
    assert step_order[0] == "警告"
    assert step_order[2].startswith("hostile.toml:")
    assert step_order[6]  # hint
    clean = reload(export(tiny_analysis(TINY), ExportOptions()))
    assert "問題" not in clean.sheetnames
    said = [row[0] for row in clean["要約"].iter_rows(values_only=True)]
    assert "計画の検査: 問題はありません" in said


def test_hostile_text_is_kept_as_text_never_a_formula_and_control_characters_are_dropped() -> None:
    book = reload(export(hostile_analysis(), ExportOptions()))
    sheet = book["工程表"]
    formula = row_of(sheet, "formula")
    title = sheet.cell(row=formula, column=2)
    assert title.data_type == "s"
    assert title.value == '=HYPERLINK("http://x","click") ctrlchar'
    assert sheet.cell(row=formula, column=4).value == "-1+2"
    assert sheet.cell(row=row_of(sheet, "🎉launch"), column=2).value == "line one line two 🎉"
    assert sheet.cell(row=row_of(sheet, "住基-移行"), column=2).value == (
        'a: b; c # d % e | f \\ g < h > i & j "k"'
    )
    table = book["日程"]
    assert table.cell(row=3, column=2).value == "line one\nline two 🎉"


def test_a_plan_that_cannot_be_read_gives_a_workbook_with_its_problems() -> None:
    book = reload(export(tiny_analysis("[plan\n"), ExportOptions()))
    assert book["問題"].cell(row=2, column=2).value == "toml-syntax"
    assert book["日程"].max_row == 1


def test_sheet_providers_add_their_sheets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = types.ModuleType("exporters.xlsx_test_provider")

    def add_sheet(workbook: Any, analysis: Any, options: ExportOptions) -> None:
        workbook.create_sheet("予算").cell(row=1, column=1).value = options.lang

    module.add_sheet = add_sheet  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "exporters.xlsx_test_provider", module)
    monkeypatch.setattr(
        xlsx,
        "SHEET_PROVIDERS",
        [("exporters.xlsx_test_provider", "add_sheet")],
    )
    book = reload(export(tiny_analysis(TINY), ExportOptions()))
    assert book.sheetnames == ["要約", "工程表", "日程", "予算"]
    assert book["予算"]["A1"].value == "ja"


def test_xlsx_export_is_byte_identical_twice_with_fixed_dates() -> None:
    options = ExportOptions(as_of=dt.date(2026, 11, 27))
    first = export(example_analysis(), options)
    assert first == export(example_analysis(), options)
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert "2026-11-27T00:00:00Z" in core  # the plan's status date, not the clock
    book = reload(first)
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 11, 27)


def test_hostile_xlsx_is_byte_identical_twice() -> None:
    assert export(hostile_analysis(), ExportOptions()) == export(
        hostile_analysis(), ExportOptions()
    )


def test_xlsx_bytes_do_not_depend_on_the_process_hash_seed() -> None:
    script = (
        "import hashlib, sys; sys.path.insert(0, 'tests')\n"
        "from export_samples import example_analysis\n"
        "from exporters.base import ExportOptions\n"
        "from exporters.xlsx import export\n"
        "print(hashlib.sha256(export(example_analysis(), ExportOptions())).hexdigest())\n"
    )
    root = Path(__file__).resolve().parent.parent
    digests = set()
    for seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        digests.add(run.stdout)
    assert len(digests) == 1


SHARED_HOSTILE = Path(__file__).resolve().parent / "plans" / "hostile.toml"


@pytest.mark.skipif(not SHARED_HOSTILE.exists(), reason="tests/plans/hostile.toml is not there")
def test_the_shared_hostile_plan_exports_to_readable_files_in_every_format() -> None:
    import csv
    import xml.etree.ElementTree as ET

    from exporters import csv_export, json_export, svg
    from roadmap.core.analysis.pipeline import analyze_path

    analysis = analyze_path(SHARED_HOSTILE)
    assert analysis.plan is not None and analysis.schedule is not None
    ids = list(analysis.schedule.initiatives)
    options = ExportOptions(as_of=dt.date(2026, 5, 1))
    sheet = reload(export(analysis, options))["工程表"]
    assert [sheet.cell(row=3 + i, column=1).value for i in range(len(ids))] == ids
    text = csv_export.export(analysis, options).decode()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["id"] for row in rows] == ids
    assert [row["title"] for row in rows] == [analysis.plan.initiatives[i].title for i in ids]
    root = ET.fromstring(svg.export(analysis, options))
    shown = [g.get("data-initiative") for g in root.iter("{http://www.w3.org/2000/svg}g")]
    assert shown == ids
    assert json_export.export(analysis, options).decode().count('"early_start"') == len(ids)


def test_gantt_fills_finished_work_in_a_lighter_tint() -> None:
    plan = TINY.replace(
        'duration = "61d"',
        'duration = "61d"\nstatus = "done"\nactual_start = 2026-04-01\nactual_finish = 2026-05-29',
    )
    sheet = reload(export(tiny_analysis(plan), ExportOptions()))["工程表"]
    tinted = colors.argb(colors.tint(colors.step_color("standardize")))
    assert filled_columns(sheet, row_of(sheet, "design")) == {
        month_column(dt.date(2026, 4, 1)): tinted,
        month_column(dt.date(2026, 5, 1)): tinted,
    }
