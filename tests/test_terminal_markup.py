"""Plan text that looks like Rich markup prints as written in every terminal table."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.cli.main import main

PLAN = """\
[plan]
title = "計画 [/] [red]赤"
start = 2026-04-01

[teams."[/x]"]
capacity = 1

[initiatives.a]
title = "a [/] b [bold]c"
duration = { optimistic = "10d", likely = "20d", pessimistic = "40d" }
staffing = { "[/x]" = 2 }
cost = { initial = 100, funding = "[/]基金" }

[[initiatives.a.kpis]]
name = "[/]件数"
baseline = 1
target = 2
"""


@pytest.mark.parametrize("command", ["schedule", "budget", "staffing", "kpi", "risk", "level"])
def test_markup_like_text_is_printed_literally(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    argv = [command, str(path)] + (["--runs", "50"] if command == "risk" else [])
    assert main(argv) == 0
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert "Traceback" not in printed
    expected = {
        "schedule": "a [/] b [bold]c",
        "budget": "[/]基金",
        "staffing": "[/x]",
        "kpi": "[/]件数",
        "risk": "計画 [/] [red]赤",
        "level": "[/x]",
    }[command]
    assert expected in printed
