"""The CSV export: one row per initiative, JSON key names as header, RFC 4180 quoting."""

from __future__ import annotations

import csv
import io

import pytest
from export_samples import assert_golden, example_analysis, hostile_analysis, tiny_analysis

from exporters.base import ExportOptions
from exporters.csv_export import COLUMNS, export
from exporters.json_doc import schedule_document

TINY = """
[plan]
title = "小さな計画"
start = 2026-04-01
calendar = "calendar"

[initiatives.design]
title = "設計, 基本"
step = "standardize"
owner = "情報政策係"
duration = "61d"

[initiatives.golive]
title = "本番移行"
duration = "0d"
depends_on = ["design"]
deadline = 2026-05-20
"""


def read_back(data: bytes, encoding: str = "utf-8") -> list[dict[str, str]]:
    """The rows as a spreadsheet tool reads them."""
    return list(csv.DictReader(io.StringIO(data.decode(encoding), newline="")))


def test_csv_header_is_json_initiative_keys_in_document_order() -> None:
    analysis = tiny_analysis(TINY)
    data = export(analysis, ExportOptions(lang="en"))
    header = data.split(b"\r\n", 1)[0].decode()
    assert header.split(",") == list(COLUMNS)
    document_keys = list(schedule_document(analysis)["initiatives"][0])
    assert [key for key in document_keys if key in COLUMNS] == list(COLUMNS)


def test_csv_rows_carry_the_schedule_dates_floats_and_flags() -> None:
    rows = read_back(export(tiny_analysis(TINY), ExportOptions()))
    assert [row["id"] for row in rows] == ["design", "golive"]
    design, golive = rows
    assert design["title"] == "設計, 基本"
    assert (design["early_start"], design["early_finish"]) == ("2026-04-01", "2026-05-31")
    assert design["step"] == "standardize"
    assert design["status"] == "planned"
    assert design["critical"] == "true"
    assert design["milestone"] == "false"
    assert design["progress"] == "0"
    assert design["deadline"] == ""  # null
    assert golive["step"] == ""
    assert golive["milestone"] == "true"
    assert golive["deadline"] == "2026-05-20"
    assert int(golive["late_by"]) > 0


def test_csv_quotes_commas_quotes_and_line_breaks_so_they_read_back_unchanged() -> None:
    analysis = hostile_analysis()
    rows = read_back(export(analysis, ExportOptions()))
    assert analysis.plan is not None
    by_id = {row["id"]: row for row in rows}
    assert by_id["住基-移行"]["title"] == 'a: b; c # d % e | f \\ g < h > i & j "k"'
    assert by_id["住基-移行"]["owner"] == '住民課, 係"A"'
    assert by_id["🎉launch"]["title"] == "line one\nline two 🎉"
    assert len(rows) == len(analysis.plan.initiatives)


def test_csv_uses_crlf_between_records_and_keeps_line_breaks_inside_fields() -> None:
    data = export(hostile_analysis(), ExportOptions())
    assert data.endswith(b"\r\n")
    assert b'"line one\nline two \xf0\x9f\x8e\x89"' in data
    assert data.count(b"\r\n") == 1 + 5  # header and five initiatives


def test_csv_has_no_bom_by_default_and_a_bom_with_excel() -> None:
    plain = export(example_analysis(), ExportOptions())
    excel = export(example_analysis(), ExportOptions(excel=True))
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel.startswith(b"\xef\xbb\xbf")
    plain_rows, excel_rows = read_back(plain), read_back(excel, "utf-8-sig")
    assert [row["id"] for row in plain_rows] == [row["ID"] for row in excel_rows]
    # dates stay ISO for Excel too
    assert [row["early_start"] for row in plain_rows] == [row["最早開始"] for row in excel_rows]


def test_csv_for_excel_is_in_japanese_words_not_codes() -> None:
    """A Japanese reader opening the file in Excel sees labels, not ``driver`` or ``in_progress``."""
    rows = read_back(export(example_analysis(), ExportOptions(excel=True)), "utf-8-sig")
    assert list(rows[0])[:5] == ["ID", "名称", "ステップ", "担当", "状況"]
    assert "開始の根拠" in rows[0]
    words = {value for row in rows for value in row.values()}
    for code in ("true", "false", "done", "planned", "in_progress", "standardize", "start"):
        assert code not in words
    drivers = {row["開始の根拠"] for row in rows}
    assert drivers & {"計画開始", "実績日", "基準日"}
    assert any(value.endswith("の完了後") for value in drivers)


def test_csv_for_excel_keeps_formula_like_text_from_running() -> None:
    plain = {row["id"]: row for row in read_back(export(hostile_analysis(), ExportOptions()))}
    excel = {
        row["ID"]: row
        for row in read_back(export(hostile_analysis(), ExportOptions(excel=True)), "utf-8-sig")
    }
    assert plain["formula"]["title"].startswith("=HYPERLINK(")
    assert excel["formula"]["名称"].startswith("'=HYPERLINK(")
    assert excel["formula"]["担当"] == "'-1+2"
    assert excel["formula"]["余裕"] == plain["formula"]["total_float"]  # numbers untouched


def test_csv_of_a_plan_that_cannot_be_scheduled_is_the_header_alone() -> None:
    data = export(tiny_analysis("[plan\n"), ExportOptions())
    assert data == (",".join(COLUMNS) + "\r\n").encode()


@pytest.mark.parametrize("excel", [False, True])
def test_csv_export_is_byte_identical_twice(excel: bool) -> None:
    options = ExportOptions(excel=excel)
    assert export(hostile_analysis(), options) == export(hostile_analysis(), options)


@pytest.mark.parametrize(
    ("name", "make", "excel"),
    [
        ("csv_example-town.csv", example_analysis, False),
        ("csv_hostile.csv", hostile_analysis, False),
        ("csv_hostile-excel.csv", hostile_analysis, True),
    ],
)
def test_csv_export_matches_golden_file(name: str, make: object, excel: bool) -> None:
    assert callable(make)
    assert_golden(name, export(make(), ExportOptions(excel=excel)))
