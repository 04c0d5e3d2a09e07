"""``roadmap export --baseline REV``: planned against baseline in the report and the workbook."""

from __future__ import annotations

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


def test_markdown_report_shows_baseline_span_and_slip(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", str(repo / "plan.toml"), "--baseline", "v1"])
    out = capsys.readouterr().out
    assert code == 0
    section = out[out.index("## 基準計画との比較 (v1)") :]
    section = section[: section.index("\n## ", 3)]
    assert "| a | 設計 | R8.4.1 - R8.4.10 | R8.4.1 - R8.4.13 | 0 | +3 |" in section
    assert "| b | 構築 | R8.4.11 - R8.4.15 | R8.4.14 - R8.4.18 | +3 | +3 |" in section
    assert "| c | 追加 | — | R8.4.1 - R8.4.2 | 新規 | 新規 |" in section
    tokens = MarkdownIt("commonmark").enable("table").parse(section)
    assert sum(1 for token in tokens if token.type == "tr_open") == 4


def test_workbook_gets_a_baseline_sheet_with_slips(repo: Path) -> None:
    output = repo / "report.xlsx"
    assert main(["export", str(repo / "plan.toml"), "--baseline", "v1", "-o", str(output)]) == 0
    sheet = openpyxl.load_workbook(output)["基準比較"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["a"][4:] == (0, 3)
    assert rows["b"][4:] == (3, 3)
    assert rows["c"][4:] == ("新規", "新規")


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
    section = out[out.index("## 基準計画との比較 (v1)") :]
    section = section[: section.index("\n## ", 3)]
    assert "| d | 廃止予定 | R8.4.1 - R8.4.3 | — | 削除 | 削除 |" in section
    assert "| e | 見送り | R8.4.1 - R8.4.4 | — | 中止 | 中止 |" in section


def test_deleted_and_cancelled_initiatives_appear_in_the_workbook(dropped: Path) -> None:
    output = dropped / "report.xlsx"
    assert main(["export", str(dropped / "plan.toml"), "--baseline", "v1", "-o", str(output)]) == 0
    sheet = openpyxl.load_workbook(output)["基準比較"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["d"][3:] == ("—", "削除", "削除")
    assert rows["e"][3:] == ("—", "中止", "中止")
