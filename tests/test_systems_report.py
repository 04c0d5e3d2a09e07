"""Vendor and 共同利用/単独 per 業務: ``vendor`` and ``system_usage`` on the migrating initiative,
shown by ``roadmap systems``, the Markdown report section and the xlsx sheet."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exporters.base import ExportOptions
from exporters.markdown import export as markdown_export
from exporters.xlsx import export as xlsx_export
from roadmap.cli.main import main
from roadmap.core.analysis.pipeline import Analysis, analyze
from roadmap.core.planfile.loader import parse_plan

PLAN = """
[plan]
title = "標準化"
start = 2025-04-01

[initiatives.juki]
title = "住記・税の移行"
duration = "10d"
not_before = 2026-03-01
systems = ["住民記録", "個人住民税"]
vendor = "A社"
system_usage = "shared"

[initiatives.koseki]
title = "戸籍の移行"
duration = "5d"
not_before = 2026-04-01
systems = ["戸籍"]
vendor = "B社"
system_usage = "single"

[initiatives.kaigo]
title = "介護の移行"
duration = "5d"
not_before = 2027-04-01
systems = ["介護保険"]
specific_migration = true
"""


def analysis_of(text: str) -> Analysis:
    return analyze(parse_plan(text))


def test_json_carries_vendor_and_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    assert main(["systems", str(path), "--json"]) == 0
    rows = {row["system"]: row for row in json.loads(capsys.readouterr().out)["systems"]}
    assert (rows["住民基本台帳"]["vendor"], rows["住民基本台帳"]["usage"]) == ("A社", "shared")
    assert (rows["個人住民税"]["vendor"], rows["個人住民税"]["usage"]) == ("A社", "shared")
    assert (rows["戸籍"]["vendor"], rows["戸籍"]["usage"]) == ("B社", "single")
    assert (rows["介護保険"]["vendor"], rows["介護保険"]["usage"]) == (None, None)
    assert rows["国民年金"]["vendor"] is None


def test_table_shows_vendor_and_use_in_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    assert main(["systems", str(path)]) == 0
    out = capsys.readouterr().out
    assert "ベンダー" in out and "A社" in out and "共同利用" in out and "単独" in out
    assert "共同利用 2、単独 1" in out


def test_a_usage_other_than_shared_or_single_is_an_error() -> None:
    loaded = parse_plan(PLAN.replace('system_usage = "single"', 'system_usage = "alone"'))
    assert [(p.code, p.field) for p in loaded.problems] == [("invalid-value", "system_usage")]


def test_markdown_section_lists_the_twenty_with_wareki_and_flags() -> None:
    report = markdown_export(analysis_of(PLAN), ExportOptions(lang="ja")).decode()
    section = report[report.index("## 標準化対象事務 (20業務)") :]
    table = [line for line in section.splitlines() if line.startswith("| ")]
    assert len(table) == 2 + 20  # header, delimiter, the 20 業務
    juki = next(line for line in table if line.startswith("| 住民基本台帳 "))
    # 2026-03-02 + 10 working days: cut-over Friday 2026-03-13 = 令和8年3月13日
    assert juki == (
        "| 住民基本台帳 | 住記・税の移行 (`juki`) | A社 | 共同利用 | R8.3.13 | - | R8.3.31 | 期限内 |"
    )
    koseki = next(line for line in table if line.startswith("| 戸籍 "))
    assert "R8.4.7" in koseki and "**期限超過 (7日)**" in koseki
    kaigo = next(line for line in table if line.startswith("| 介護保険 "))
    assert "| ○ | R13.3.31 |" in kaigo
    assert "- 未計画の業務: 選挙人名簿管理、固定資産税" in section
    assert "- **切替が期限を過ぎる業務: 戸籍**" in section


def test_markdown_in_english_keeps_iso_dates() -> None:
    report = markdown_export(analysis_of(PLAN), ExportOptions(lang="en")).decode()
    assert "## The 20 standardised 業務" in report
    assert "| 戸籍 | 戸籍の移行 (`koseki`) | B社 | single | 2026-04-07 | - | 2026-03-31 |" in report


def test_a_plan_naming_no_system_gets_no_section_or_sheet() -> None:
    plain = "\n".join(
        line
        for line in PLAN.splitlines()
        if not line.startswith(("systems", "vendor", "system_usage", "specific"))
    )
    analysis = analysis_of(plain)
    assert "20業務" not in markdown_export(analysis, ExportOptions(lang="ja")).decode()
    book = load_workbook(io.BytesIO(xlsx_export(analysis, ExportOptions(lang="ja"))))
    assert "標準化20業務" not in book.sheetnames


def test_xlsx_sheet_has_date_cells_and_highlights() -> None:
    data = xlsx_export(analysis_of(PLAN), ExportOptions(lang="ja"))
    sheet = load_workbook(io.BytesIO(data))["標準化20業務"]
    header = [cell.value for cell in sheet[3]]
    assert header[:2] == ["業務", "移行する取組"]
    assert "ベンダー" in header and "利用形態" in header and "特定移行支援" in header
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=4, max_row=23)}
    assert len(rows) == 20
    koseki = [cell.value for cell in rows["戸籍"]]
    assert koseki[:5] == ["戸籍", "koseki", "戸籍の移行", "B社", "単独"]
    assert koseki[5].date().isoformat() == "2026-04-07"
    assert koseki[8] == "期限超過 (7日)"
    assert rows["戸籍"][0].fill.start_color.rgb == "FFF8D7DA"
    assert rows["国民年金"][8].value == "未計画"
    assert rows["介護保険"][7].value == "○"
    assert sheet.auto_filter.ref == "A3:I23"


def test_a_hostile_vendor_name_stays_text_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = PLAN.replace('vendor = "A社"', 'vendor = "[bold]A|社[/bold] <b>=1+1"')
    report = markdown_export(analysis_of(plan), ExportOptions(lang="ja")).decode()
    row = next(line for line in report.splitlines() if line.startswith("| 住民基本台帳 "))
    assert row.count(" | ") == 7  # the pipe in the name does not add a column
    assert r"\[bold\]A\|社\[/bold\] \<b\>=1+1" in row
    sheet = load_workbook(io.BytesIO(xlsx_export(analysis_of(plan), ExportOptions())))[
        "標準化20業務"
    ]
    cell = next(r[3] for r in sheet.iter_rows(min_row=4) if r[0].value == "住民基本台帳")
    assert (cell.value, cell.data_type) == ("[bold]A|社[/bold] <b>=1+1", "s")
    path = tmp_path / "plan.toml"
    path.write_text(plan, encoding="utf-8")
    assert main(["systems", str(path)]) == 0
    assert "[bold]A" in capsys.readouterr().out  # shown as typed, not as Rich markup
