"""``--lang`` works before or after the subcommand, and from ``ROADMAP_LANG``."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.cli.main import main

BROKEN = """\
[plan]
title = "t"
start = 2026-04-01

[initiatives.a]
title = "A"
duration = "3 months"
"""


@pytest.fixture
def plan(tmp_path: Path) -> str:
    path = tmp_path / "plan.toml"
    path.write_text(BROKEN, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "en", "check", "{plan}"],
        ["check", "{plan}", "--lang", "en"],
        ["check", "--lang=en", "{plan}"],
    ],
)
def test_lang_en_anywhere_gives_english_messages(
    plan: str, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([word.format(plan=plan) for word in argv]) == 1
    out = capsys.readouterr().out
    assert "Cannot read the duration '3 months'" in out
    assert "1 error(s)" in out


def test_japanese_is_the_default(plan: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", plan]) == 1
    assert "期間「3 months」が読めません" in capsys.readouterr().out


def test_environment_variable_selects_english(
    plan: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROADMAP_LANG", "en")
    assert main(["check", plan]) == 1
    assert "Cannot read the duration" in capsys.readouterr().out
