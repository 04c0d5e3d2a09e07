"""``roadmap export``: choosing the format, where output goes, and the exit codes."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from roadmap.cli.commands import export as command
from roadmap.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "plans" / "example-town.toml")

BROKEN_PLAN = """
[plan]
title = "Broken"
start = 2026-04-01

[initiatives.a]
title = "A"
duration = "3d"
depends_on = ["nosuch"]
"""


def test_markdown_report_goes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# みどり町 DX推進ロードマップ\n")
    assert "```mermaid" in out and "## 工程表 (表)" in out


def test_lang_en_writes_the_report_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", EXAMPLE, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "## Summary" in out and "| Plan period | FY2025 (Reiwa 7) to FY2029 (Reiwa 11) |" in out


@pytest.mark.parametrize(
    ("name", "start"),
    [("report.md", b"# "), ("chart.mmd", b"gantt\n"), ("Chart.MERMAID", b"gantt\n")],
)
def test_format_follows_the_output_extension(tmp_path: Path, name: str, start: bytes) -> None:
    target = tmp_path / name
    assert main(["export", EXAMPLE, "-o", str(target)]) == 0
    assert target.read_bytes().startswith(start)


def test_format_option_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "chart.txt"
    assert main(["export", EXAMPLE, "-o", str(target), "--format", "mermaid"]) == 0
    assert target.read_bytes().startswith(b"gantt\n")


@pytest.mark.parametrize("name", ["out.pdf", "report.txt", "report", "report.md.bak"])
def test_unknown_extension_is_a_usage_error_listing_the_formats(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    assert main(["export", EXAMPLE, "-o", str(target), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    for shown in ("md (.md, .markdown)", "mermaid (.mmd, .mermaid)", "csv (.csv)", "json (.json)"):
        assert shown in err
    assert "xlsx (.xlsx)" in err and "svg (.svg)" in err and "--format" in err
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_format_option_allows_any_file_name(tmp_path: Path) -> None:
    target = tmp_path / "report"
    assert main(["export", EXAMPLE, "-o", str(target), "--format", "md"]) == 0
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_two_exports_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    for target in (first, second):
        assert main(["export", EXAMPLE, "-o", str(target), "--as-of", "2026-12-01"]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert "| 基準日 | 令和8年12月1日 |" in first.read_text(encoding="utf-8")


def test_plan_with_errors_is_not_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "broken.toml"
    plan.write_text(BROKEN_PLAN, encoding="utf-8")
    target = tmp_path / "report.md"
    assert main(["export", str(plan), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "unknown-dependency" in err and "nosuch" in err
    assert "書き出しませんでした" in err
    assert not target.exists()


def test_missing_output_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "report.md"
    assert main(["export", EXAMPLE, "-o", str(target), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_output_under_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    assert main(["export", EXAMPLE, "-o", str(blocker / "report.md")]) == 2
    assert "がありません" in capsys.readouterr().err


def test_output_that_is_a_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", EXAMPLE, "-o", str(tmp_path)]) == 2
    assert "フォルダです" in capsys.readouterr().err


def test_failed_write_is_a_usage_error_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")

    def refuse(path: object, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("roadmap.core.planfile.fileio.atomic_write", refuse)
    assert main(["export", EXAMPLE, "-o", str(target)]) == 2
    assert "Permission denied" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "old"


def test_xlsx_without_output_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", EXAMPLE, "--format", "xlsx"]) == 2
    assert "-o" in capsys.readouterr().err


def test_missing_plan_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "nosuch.toml")]) == 2
    assert "ファイルがありません" in capsys.readouterr().err


def test_bad_as_of_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", EXAMPLE, "--as-of", "2026-13-01", "--lang", "en"])
    assert exit_info.value.code == 2
    assert "not a date: 2026-13-01" in capsys.readouterr().err


def test_progress_bar_only_for_a_large_plan_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    large = tmp_path / "large.toml"
    large.write_bytes(b"#" * command.LARGE_PLAN_BYTES)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert command._wants_progress(str(large))
    assert not command._wants_progress(EXAMPLE)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not command._wants_progress(str(large))


def test_export_is_listed_in_the_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "--format" in out and "--as-of" in out and "--by" in out


def test_warnings_are_repeated_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    hostile = str(Path(__file__).resolve().parent / "plans" / "hostile.toml")
    assert main(["export", hostile]) == 0
    captured = capsys.readouterr()
    assert "plan-deadline-missed" in captured.err
    assert captured.out.startswith("# Hostile")


def test_new_report_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    previous = os.umask(0o022)
    try:
        assert main(["export", EXAMPLE, "-o", str(target)]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_full_report_with_every_section_keeps_its_tables_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", EXAMPLE]) == 0
    out = capsys.readouterr().out
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    headers = [t for t in tokens if t.type == "thead_open"]
    assert len(headers) == sum(1 for line in out.splitlines() if line.startswith("| --"))
    width = 0
    for line in out.splitlines():
        if not line.startswith("| "):
            width = 0
            continue
        cells = len(re.split(r"(?<!\\)\|", line)) - 2
        width = width or cells
        assert cells == width, line


def _no_temporary_left(folder: Path) -> None:
    assert [entry.name for entry in folder.iterdir() if entry.name.endswith(".tmp")] == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_full_device_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", EXAMPLE, "-o", "/dev/full", "--format", "md", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "/dev/full" in err and "full" in err.lower()


def test_device_output_is_written_into(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", EXAMPLE, "-o", os.devnull, "--format", "csv"]) == 0
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)


def test_read_only_file_system_is_a_one_line_usage_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The final rename fails as on a read-only mount (a test can't mount one)."""
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")

    def read_only(source: object, destination: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    assert main(["export", EXAMPLE, "-o", str(target), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "read-only" in err
    assert target.read_text(encoding="utf-8") == "old"
    _no_temporary_left(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_a_one_line_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert main(["export", EXAMPLE, "-o", str(folder / "report.md")]) == 2
    finally:
        folder.chmod(0o755)
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_too_long_name_is_a_one_line_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / ("r" * 300 + ".md")
    assert main(["export", EXAMPLE, "-o", str(target), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    _no_temporary_left(tmp_path)


def test_missing_folder_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", EXAMPLE, "-o", str(tmp_path / "no" / "report.md")]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
