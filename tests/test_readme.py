"""The README's examples are real: its plans check and schedule exactly as it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roadmap.cli.main import main

README = Path(__file__).resolve().parent.parent / "README.md"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def _console(command: str) -> str:
    for block in _blocks("console"):
        if block.startswith(f"$ {command}\n"):
            return block.split("\n", 1)[1]
    raise AssertionError(f"no console block for {command!r} in the README")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


def test_readme_check_example_output_is_what_check_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = next(block for block in _blocks("toml") if 'duration = "3 months"' in block)
    (tmp_path / "broken.toml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    expected = _console("roadmap check broken.toml")
    shown, _, exit_part = expected.partition("$ echo $?\n")
    code, out = _run(["check", "broken.toml"], capsys)
    assert out == shown
    assert str(code) == exit_part.strip()


def test_readme_schedule_example_output_is_what_schedule_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = next(block for block in _blocks("toml") if "[initiatives.council]" in block)
    (tmp_path / "plan.toml").write_text(plan, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _run(["schedule", "plan.toml"], capsys)
    assert code == 0
    assert out == _console("roadmap schedule plan.toml")


def test_readme_names_only_commands_that_exist(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    text = README.read_text(encoding="utf-8")
    for command in sorted(set(re.findall(r"^roadmap ([a-z]+) ", text, re.M))):
        assert f"    {command} " in listed, command
