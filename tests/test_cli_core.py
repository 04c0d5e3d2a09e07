"""The ``roadmap check`` and ``roadmap schedule`` commands as a user runs them: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap.cli.main import main

HEAD = '[plan]\ntitle = "テスト町"\nstart = 2026-04-06\n'
GOOD = (
    HEAD
    + '[initiatives.policy]\ntitle = "DX推進方針"\nduration = "1w"\n'
    + '[initiatives.fitgap]\ntitle = "Fit&Gap"\nstep = "standardize"\nduration = "2w"\n'
    + 'depends_on = ["policy"]\n'
)


def write(tmp_path: Path, text: str, name: str = "plan.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_of_a_sound_plan_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", write(tmp_path, GOOD)], capsys)
    assert code == 0
    assert "問題はありません" in out


def test_check_with_errors_exits_1_and_names_file_line_and_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD + 'depend_on = ["policy"]\n')
    code, out, _ = run(["check", path], capsys)
    assert code == 1
    assert f"{path}:12:" in out
    assert "[unknown-key]" in out
    assert "fitgap.depend_on" in out
    assert "「depends_on」ではありませんか?" in out


def test_check_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, GOOD + 'depend_on = ["policy"]\n')
    code, out, _ = run(["check", "--lang", "en", path], capsys)
    assert code == 1
    assert "Did you mean 'depends_on'?" in out
    assert "error" in out


def test_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        HEAD
        + "deadline = 2026-04-07\n"
        + '[initiatives.cloud]\ntitle = "移行"\nstep = "gov-cloud"\nduration = "3w"\n'
        + 'depends_on = ["chat"]\ndeadline = 2026-04-10\n'
        + '[initiatives.chat]\ntitle = "AI"\nstep = "resident-services"\nduration = "1w"\n'
    )
    code, out, _ = run(["check", write(tmp_path, text)], capsys)
    assert code == 0
    for expected in ("[step-order]", "[deadline-missed]", "[plan-deadline-missed]"):
        assert expected in out


def test_check_json_lists_every_problem_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD + 'depend_on = ["policy"]\n')
    code, out, _ = run(["check", "--format", "json", path], capsys)
    assert code == 1
    document = json.loads(out)
    assert document["ok"] is False
    assert document["errors"] == 1
    (problem,) = document["problems"]
    assert problem == {
        "code": "unknown-key",
        "severity": "error",
        "file": path,
        "line": 12,
        "column": None,
        "initiative": "fitgap",
        "field": "depend_on",
        "message": "不明なキー「depend_on」",
        "hint": "「depends_on」ではありませんか?",
    }


def test_check_json_of_a_sound_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--format", "json", write(tmp_path, GOOD)], capsys)
    assert code == 0
    assert json.loads(out)["problems"] == []


def test_missing_file_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", str(tmp_path / "nothing.toml")], capsys)
    assert code == 2
    assert "nothing.toml" in err
    assert out == ""


def test_a_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", str(tmp_path)], capsys)
    assert code == 2
    assert str(tmp_path) in err


def test_schedule_of_a_directory_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(["schedule", str(tmp_path)], capsys)
    assert code == 2


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2


def test_unknown_format_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check", "--format", "xml", write(tmp_path, GOOD)])
    assert caught.value.code == 2


def test_cp932_file_exits_1_naming_the_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sjis.toml"
    path.write_bytes(GOOD.encode("cp932"))
    code, out, _ = run(["check", str(path)], capsys)
    assert code == 1
    assert "Shift_JIS (CP932)" in out
    assert "iconv -f CP932 -t UTF-8" in out


def test_bom_and_crlf_file_checks_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    code, out, _ = run(["check", str(path)], capsys)
    assert code == 0, out


def test_schedule_prints_every_initiative(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["schedule", write(tmp_path, GOOD)], capsys)
    assert code == 0
    assert "DX推進方針" in out and "Fit&Gap" in out
    assert "2026-04-06" in out or "4/6" in out or "04-06" in out


def test_schedule_json_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schedule", "--json", write(tmp_path, GOOD)], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["plan"]["title"] == "テスト町"
    assert document["plan"]["start"] == "2026-04-06"
    assert document["plan"]["finish"] == "2026-04-24"
    assert document["plan"]["calendar"] == "business"
    assert document["critical_path"] == ["policy", "fitgap"]
    fitgap = document["initiatives"][1]
    assert fitgap["early_start"] == "2026-04-13"
    assert fitgap["critical"] is True
    assert fitgap["wave"] == 2


def test_schedule_json_is_byte_identical_between_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD)
    _, first, _ = run(["schedule", "--json", path], capsys)
    _, second, _ = run(["schedule", "--json", path], capsys)
    assert first == second


def test_schedule_of_a_plan_with_errors_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["schedule", write(tmp_path, GOOD.replace('["policy"]', '["polcy"]'))], capsys
    )
    assert code == 1
    assert "[unknown-dependency]" in out + err
