"""The editor's model without a screen: field reading, history, cycles, finish moves, CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

from roadmap.cli.commands.serve import add_arguments as serve_arguments
from roadmap.cli.commands.serve import serve_command
from tui.fields import format_value, parse_value
from tui.history import FieldEdit, History
from tui.state import PlanState
from tui.widgets.status_bar import delta_text

PLAN = """\
[plan]
title = "テスト町"
start = 2026-04-01

[initiatives.a]
title = "現行調査"
duration = "1mo"

[initiatives.b]
title = "Fit&Gap"
duration = "2mo"
depends_on = ["a"]

[initiatives.c]
title = "本番移行"
duration = "1mo"
depends_on = ["b"]
"""


def test_a_bad_duration_is_a_reason_not_a_value() -> None:
    parsed = parse_value("duration", "3 months")
    assert not parsed.ok
    assert "3 months" in (parsed.error or "")
    assert parse_value("duration", "3mo").value == "3mo"


def test_three_point_durations_read_as_a_table() -> None:
    assert parse_value("duration", "4mo/5mo/8mo").value == {
        "optimistic": "4mo",
        "likely": "5mo",
        "pessimistic": "8mo",
    }
    assert not parse_value("duration", "8mo/5mo/4mo").ok
    assert format_value(
        "duration", {"optimistic": "4mo", "likely": "5mo", "pessimistic": "8mo"}
    ) == ("4mo/5mo/8mo")


def test_blank_optional_fields_remove_the_key_and_dates_must_be_dates() -> None:
    assert parse_value("date", "").value is None
    assert parse_value("date", "2026-04-01").value == dt.date(2026, 4, 1)
    assert not parse_value("date", "令和8年4月1日").ok
    assert not parse_value("required", " ").ok
    assert parse_value("yen", "1,200,000").value == 1_200_000
    assert parse_value("staffing", "情報政策係=0.2, 住民係=1").value == {
        "情報政策係": 0.2,
        "住民係": 1,
    }
    assert not parse_value("staffing", "情報政策係").ok
    assert not parse_value("percent", "120").ok


def test_history_is_bounded_and_knows_the_saved_point() -> None:
    history = History(limit=3)
    for number in range(5):
        history.push(FieldEdit("a", "duration", f"{number}d", f"{number + 1}d"))
    undone = [history.undo() for _ in range(4)]
    assert [edit.after if edit else None for edit in undone] == ["5d", "4d", "3d", None]
    history.redo()
    history.mark_saved()
    assert history.at_saved
    history.undo()
    assert not history.at_saved
    history.redo()
    assert history.at_saved


def test_a_dependency_closing_a_loop_is_found_with_its_cycle() -> None:
    state = PlanState(PLAN)
    assert state.cycle_if_added("a", "c") == ["a", "b", "c", "a"]
    assert state.cycle_if_added("c", "a") is None
    assert state.cycle_if_added("a", "a") == ["a", "a"]


def test_a_field_edit_revalidates_only_that_initiative_and_reschedules() -> None:
    state = PlanState(PLAN)
    finish = state.finish()
    state.set_field("b", "duration", "3mo")
    assert state.finish() is not None and finish is not None and state.finish() > finish
    delta = state.finish_delta(finish)
    assert delta is not None and delta[0] > 0 and delta[1] is True
    assert (delta_text(delta, "ja") or "").startswith("+")
    assert "開庁日" in (delta_text(delta, "ja") or "")
    state.set_field("b", "duration", "3 months")
    assert "b" not in state.models
    assert any(p.code == "invalid-duration" for p in state.problems_of("b"))


def test_serve_listens_on_localhost_by_default_and_runs_the_editor() -> None:
    parser = argparse.ArgumentParser()
    serve_arguments(parser, "ja")
    args = parser.parse_args(["plan.toml"])
    assert args.host == "localhost"
    command = serve_command("/plans/town.toml", "en")
    assert "roadmap.cli edit /plans/town.toml --lang en" in command


def test_edit_and_serve_are_roadmap_subcommands(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "roadmap.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "edit" in result.stdout and "serve" in result.stdout
    directory = subprocess.run(
        [sys.executable, "-m", "roadmap.cli", "edit", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert directory.returncode == 2
    assert "Traceback" not in directory.stderr


def test_a_portfolio_field_edit_changes_only_the_included_file(tmp_path: Path) -> None:
    (tmp_path / "ka").mkdir()
    included = tmp_path / "ka" / "jumin.toml"
    included.write_text(
        '[initiatives.madoguchi]\ntitle = "窓口"  # 住民課\nduration = "1mo"\ndepends_on = ["c"]\n',
        encoding="utf-8",
    )
    main = tmp_path / "plan.toml"
    main_text = PLAN.replace(
        "start = 2026-04-01\n", 'start = 2026-04-01\ninclude = ["ka/*.toml"]\n'
    )
    main.write_text(main_text, encoding="utf-8")
    state = PlanState(main_text, file=str(main))
    assert state.multi_file and state.order == ["a", "b", "c", "madoguchi"]
    assert state.changed_files() == []
    before = state.finish()
    state.set_field("madoguchi", "duration", "3mo")
    assert state.finish() is not None and before is not None and state.finish() > before
    assert state.changed_files() == [
        (str(included), included.read_text(encoding="utf-8").replace('"1mo"', '"3mo"'))
    ]
