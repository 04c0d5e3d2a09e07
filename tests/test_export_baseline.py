"""``roadmap export --baseline REV``: planned against baseline in the report and the workbook."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from markdown_it import MarkdownIt

from roadmap.cli.main import main

PLAN = """\
[plan]
title = "基準テスト"
start = 2026-04-01
calendar = "calendar"

[initiatives.a]
title = "設計"
duration = "10d"

[initiatives.b]
title = "構築"
duration = "{b}"
depends_on = ["a"]
"""


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "plan.toml").write_text(PLAN.format(b="5d"), encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "plan.toml")
    _git(tmp_path, "commit", "-qm", "baseline")
    _git(tmp_path, "tag", "v1")
    text = PLAN.format(b="5d").replace('duration = "10d"', 'duration = "13d"')
    text += '\n[initiatives.c]\ntitle = "追加"\nduration = "2d"\n'
    (tmp_path / "plan.toml").write_text(text, encoding="utf-8")
    return tmp_path


def _section(out: str) -> str:
    section = out[out.index("## 基準計画との比較 (v1、") :]
    return section[: section.index("\n## ", 3)]


def test_markdown_report_shows_only_changes_sorted_by_slip_with_what_changed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", str(repo / "plan.toml"), "--baseline", "v1"])
    out = capsys.readouterr().out
    assert code == 0
    section = _section(out)
    # the plan-level line: the finish before and after, in days (a plain-calendar plan)
    assert "**完了見込み 令和8年4月15日 → 令和8年4月18日 (+3日)**" in section
    assert (
        "| 設計 | 変更 | R8.4.1 - R8.4.10 | R8.4.1 - R8.4.13 | +3 | 期間 10日 → 13日 |" in section
    )
    assert (
        "| 構築 | 変更 | R8.4.11 - R8.4.15 | R8.4.14 - R8.4.18 | +3 | 前の取組・基準日の影響で移動 |"
        in section
    )
    assert "| 追加 | 新規 | — | R8.4.1 - R8.4.2 | — | - |" in section
    # titles, never ids; the new one after the moved ones
    assert "| a |" not in section
    assert section.index("| 構築 |") < section.index("| 追加 |")
    tokens = MarkdownIt("commonmark").enable("table").parse(section)
    assert sum(1 for token in tokens if token.type == "tr_open") == 4


def test_baseline_title_shows_the_commit_date_of_the_revision(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(repo / "plan.toml"), "--baseline", "v1", "--dates", "iso"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("## 基準計画との比較"))
    # the fixture committed today: the revision's own date, whatever today is
    assert re.fullmatch(r"## 基準計画との比較 \(v1、\d{4}-\d{2}-\d{2}時点\)", line)


def test_unchanged_initiatives_are_left_out_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plan.toml").write_text(PLAN.format(b="5d"), encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "plan.toml")
    _git(tmp_path, "commit", "-qm", "baseline")
    _git(tmp_path, "tag", "v1")
    text = PLAN.format(b="5d").replace('title = "構築"', 'title = "構築"\nowner = "情報政策課"')
    (tmp_path / "plan.toml").write_text(text, encoding="utf-8")
    assert main(["export", str(tmp_path / "plan.toml"), "--baseline", "v1"]) == 0
    section = _section(capsys.readouterr().out)
    assert "(変更なし)" in section  # the finish did not move
    assert "変更のない取組 1件は省略" in section
    row = "| 構築 | 変更 | R8.4.11 - R8.4.15 | R8.4.11 - R8.4.15 | 0 | 担当 なし → 情報政策課 |"
    assert row in section
    assert "| 設計 |" not in section


def test_workbook_gets_a_baseline_sheet_with_slips(repo: Path) -> None:
    output = repo / "report.xlsx"
    assert main(["export", str(repo / "plan.toml"), "--baseline", "v1", "-o", str(output)]) == 0
    sheet = openpyxl.load_workbook(output)["基準比較"]
    assert sheet["A2"].value == "完了見込み 令和8年4月15日 → 令和8年4月18日 (+3日)"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["設計"][1:] == (
        "変更",
        "R8.4.1 - R8.4.10",
        "R8.4.1 - R8.4.13",
        3,
        "期間 10日 → 13日",
    )
    assert rows["構築"][4] == 3
    assert rows["追加"][1] == "新規"
    assert sheet.print_title_rows == "$1:$4"


def test_workbook_gantt_underlines_the_baseline_months(repo: Path) -> None:
    text = PLAN.format(b="5d").replace('duration = "10d"', 'duration = "60d"')
    (repo / "plan.toml").write_text(text, encoding="utf-8")
    output = repo / "report.xlsx"
    assert main(["export", str(repo / "plan.toml"), "--baseline", "v1", "-o", str(output)]) == 0
    sheet = openpyxl.load_workbook(output)["工程表"]
    months = [cell.value for cell in sheet[2]]
    april, may = months.index("4月") + 1, months.index("5月") + 1
    design = next(row for row in range(3, sheet.max_row + 1) if sheet.cell(row, 2).value == "設計")
    # baseline: 10 days in April; now: 60 days, April into May
    assert sheet.cell(design, april).border.bottom.style == "thick"
    bottom = sheet.cell(design, may).border.bottom
    assert bottom is None or bottom.style is None
    legend = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert "基準計画 v1" in legend


def test_unknown_baseline_revision_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(repo / "plan.toml"), "--baseline", "no-such-tag"]) == 2
    assert "no-such-tag" in capsys.readouterr().err


def test_report_without_baseline_has_no_baseline_section(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(repo / "plan.toml")]) == 0
    assert "基準計画との比較" not in capsys.readouterr().out


@pytest.fixture
def dropped(tmp_path: Path) -> Path:
    """The baseline has d and e; since then d was deleted and e cancelled."""
    extra = (
        '\n[initiatives.d]\ntitle = "廃止予定"\nduration = "3d"\n'
        '\n[initiatives.e]\ntitle = "見送り"\nduration = "4d"\n'
    )
    (tmp_path / "plan.toml").write_text(PLAN.format(b="5d") + extra, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "plan.toml")
    _git(tmp_path, "commit", "-qm", "baseline")
    _git(tmp_path, "tag", "v1")
    now = PLAN.format(b="5d") + '\n[initiatives.e]\ntitle = "見送り"\nduration = "4d"\n'
    now += 'status = "cancelled"\n'
    (tmp_path / "plan.toml").write_text(now, encoding="utf-8")
    return tmp_path


def test_deleted_and_cancelled_initiatives_appear_in_the_report(
    dropped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(dropped / "plan.toml"), "--baseline", "v1"]) == 0
    out = capsys.readouterr().out
    section = _section(out)
    assert "| 見送り | 中止 | R8.4.1 - R8.4.4 | — | — | - |" in section
    assert "| 廃止予定 | 削除 | R8.4.1 - R8.4.3 | — | — | - |" in section
    assert section.index("| 見送り |") < section.index("| 廃止予定 |")


def test_deleted_and_cancelled_initiatives_appear_in_the_workbook(dropped: Path) -> None:
    output = dropped / "report.xlsx"
    assert main(["export", str(dropped / "plan.toml"), "--baseline", "v1", "-o", str(output)]) == 0
    sheet = openpyxl.load_workbook(output)["基準比較"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["廃止予定"][1:5] == ("削除", "R8.4.1 - R8.4.3", "—", "—")
    assert rows["見送り"][1:5] == ("中止", "R8.4.1 - R8.4.4", "—", "—")


def test_plan_line_counts_working_days_and_about_how_many_months() -> None:
    from export_samples import tiny_analysis

    from exporters.base import ExportOptions
    from exporters.md_baseline import baseline_lines
    from roadmap.core.compare.baseline import approx_months

    assert (approx_months(56), approx_months(-56), approx_months(10)) == (2, -2, 0)
    plan = '[plan]\ntitle = "T"\nstart = 2026-04-01\n[initiatives.a]\ntitle = "構築"\n'
    before = tiny_analysis(plan + 'duration = "7mo"\n')
    after = tiny_analysis(plan + 'duration = "9mo"\n')
    lines = baseline_lines(after, ExportOptions(baseline=before, baseline_label="v1"))
    assert lines[0] == "## 基準計画との比較 (v1)"  # no date known: just the name
    # 2026-10-30 -> 2026-12-28 (working days, the year-end closure skipped): about 2 months
    assert lines[2].startswith("**完了見込み 令和8年10月")
    assert lines[2].endswith("開庁日 / 約2か月)**")
    assert "| 構築 | 変更 |" in "\n".join(lines)
    assert "期間 7か月 → 9か月" in "\n".join(lines)
