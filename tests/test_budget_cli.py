"""``roadmap budget|staffing|kpi|level``: tables, JSON, exit codes, and level's file edits."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from roadmap.cli import main

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
    assert "令和8年度 (2026年度)" in out
    assert "2,000,000" in out and "5,000,000" in out and "3,000,000" in out


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
