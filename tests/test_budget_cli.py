"""``roadmap budget|staffing|kpi|level``: tables, JSON, exit codes, and level's file edits."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from roadmap.cli.main import main

PLAN = textwrap.dedent(
    """\
    # 平準化が必要な計画
    [plan]
    title = "みどり町"
    start = 2026-04-01
    status_date = 2026-04-01
    calendar = "calendar"

    [budget.caps]
    2026 = 5_000_000

    [teams.T]
    capacity = 1.0

    [initiatives.long]
    title = "長い取組"
    duration = "120d"  # クリティカル

    [initiatives.a]
    title = "A"
    duration = "30d"
    staffing = { T = 0.5 }
    [initiatives.a.cost]
    initial = 2_000_000
    booking = "spread"

    [initiatives.b]
    title = "B"
    duration = "30d"
    [initiatives.b.staffing]
    T = 0.6

    [[initiatives.b.kpis]]
    name = "待ち時間"
    unit = "分"
    baseline = 30
    target = 10
    actual = 25
    direction = "lower"
    due = 2027-03-31
    """
)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_budget_prints_each_fiscal_year_with_its_cap(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["budget", str(plan_file)]) == 0
    out = capsys.readouterr().out
    assert "R8年度" in out  # short labels keep the tables within 100 cells
    assert "2,000" in out and "5,000" in out and "3,000" in out  # 千円
    assert "単位: 千円 (千円未満切上げ)" in out


def test_budget_json_holds_integer_yen(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", str(plan_file), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    [year] = document["budget"]["years"]
    assert (year["fiscal_year"], year["total"], year["headroom"]) == (2026, 2_000_000, 3_000_000)
    assert isinstance(year["total"], int)


def test_staffing_shows_the_overloaded_month_and_its_causes(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staffing", str(plan_file), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "▲1.10" in captured.out
    assert "b (0.60), a (0.50)" in captured.out
    assert "team-overloaded" in captured.err


def test_staffing_json_lists_overloads(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["staffing", str(plan_file), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)["staffing"]
    assert document["months"][0] == "2026-04"
    [over] = document["overloads"]
    assert [part["id"] for part in over["initiatives"]] == ["b", "a"]


def test_kpi_table_judges_progress_at_the_status_date_or_as_of(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kpi", str(plan_file)]) == 0
    assert "順調" in capsys.readouterr().out  # nothing is expected yet on the first day
    assert main(["kpi", str(plan_file), "--as-of", "2026-10-01"]) == 0
    out = capsys.readouterr().out
    assert "25.0%" in out and "遅れ" in out


def test_kpi_as_of_must_be_a_date(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kpi", str(plan_file), "--as-of", "someday"]) == 2
    assert "someday" in capsys.readouterr().err


def test_missing_plan_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", str(tmp_path / "none.toml")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_plan_with_errors_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[plan]\ntitle = "x"\n', encoding="utf-8")
    assert main(["staffing", str(path)]) == 1


def test_level_writes_only_not_before_changes(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "leveled.toml"
    assert main(["level", str(plan_file), "-o", str(out)]) == 0
    assert "b: 開始可能日を 2026-05-01" in capsys.readouterr().out
    expected = PLAN.replace(
        '[initiatives.b]\ntitle = "B"\nduration = "30d"\n',
        '[initiatives.b]\ntitle = "B"\nduration = "30d"\nnot_before = 2026-05-01\n',
    )
    assert out.read_text(encoding="utf-8") == expected
    assert main(["staffing", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["staffing"]["overloads"] == []


def test_level_without_output_prints_the_adjusted_plan(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["level", str(plan_file)]) == 0
    captured = capsys.readouterr()
    assert "not_before = 2026-05-01" in captured.out
    assert captured.out.startswith("# 平準化が必要な計画")
    assert "2026-05-01" in captured.err


def test_level_json_explains_each_move(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["level", str(plan_file), "--json", "--lang", "en"]) == 0
    document = json.loads(capsys.readouterr().out)["leveling"]
    assert document["changes"] == {"b": "2026-05-01"}
    assert document["moves"][0]["explanation"].startswith("b: not_before 2026-05-01")


def test_schedule_json_has_budget_staffing_and_kpi_keys(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schedule", str(plan_file), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["budget"]["years"][0]["cap"] == 5_000_000
    assert document["staffing"]["teams"][0]["team"] == "T"
    assert (document["kpis"][0]["achievement"], document["kpis"][0]["status"]) == (0.25, "on_track")


def test_markdown_sections_show_years_heatmap_and_kpis_with_pipes_escaped(
    plan_file: Path,
) -> None:
    from exporters.base import ExportOptions
    from exporters.md_budget import budget_sections
    from roadmap.core.analysis.pipeline import analyze_path

    plan_file.write_text(PLAN.replace('name = "待ち時間"', 'name = "待ち|時間"'), encoding="utf-8")
    lines = budget_sections(analyze_path(plan_file), ExportOptions())
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## 年度別予算 (単位: 千円)",
        "## 体制の負荷 (月別・人)",
        "## KPI (基準日 令和8年4月1日)",
    ]
    assert any(line.startswith("| 令和8年度 (2026年度) | 2,000 |") for line in lines)
    assert "| 2026-04 | **▲1.10** |" in lines
    assert any("待ち\\|時間" in line for line in lines)


def test_xlsx_gets_budget_staffing_and_kpi_sheets(plan_file: Path) -> None:
    from openpyxl import Workbook

    from exporters.base import ExportOptions
    from exporters.xlsx_budget import add_budget_sheets
    from roadmap.core.analysis.pipeline import analyze_path

    workbook = Workbook()
    add_budget_sheets(workbook, analyze_path(plan_file), ExportOptions())
    assert workbook.sheetnames[1:] == ["予算", "予算要求(節・財源)", "体制", "KPI"]
    budget = workbook["予算"]
    assert [cell.value for cell in budget[3]][:2] == ["令和8年度 (2026年度)", 2_000]  # 千円
    assert workbook["体制"]["B3"].value == 1.1
