"""Multi-file portfolios: includes, their limits, and problems that point at the right file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap.cli.main import main
from roadmap.core.analysis.pipeline import analyze_path
from roadmap.core.planfile.includes import load_with_includes

MAIN = """\
[plan]
title = "テスト町"
start = 2026-04-06
include = {include}

[initiatives.policy]
title = "DX推進方針"
duration = "10d"
"""

KIKAKU = """\
[initiatives.chatbot]
title = "AIチャットボット"
step = "adopt-cases"
duration = "20d"
depends_on = ["policy"]
"""

ZEIMU = """\
[teams."税務係"]
capacity = 0.5

[initiatives.eltax]
title = "eLTAX 公金収納"
step = "resident-services"
duration = "15d"
depends_on = ["chatbot"]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def portfolio(tmp_path: Path, include: str = '["departments/*.toml"]') -> Path:
    plan = write(tmp_path / "plan.toml", MAIN.format(include=include))
    write(tmp_path / "departments" / "kikaku.toml", KIKAKU)
    write(tmp_path / "departments" / "zeimu.toml", ZEIMU)
    return plan


def codes(path: Path) -> list[str]:
    return [problem.code for problem in analyze_path(path).problems]


def test_included_initiatives_join_the_plan_and_link_across_files(tmp_path: Path) -> None:
    analysis = analyze_path(portfolio(tmp_path))
    assert analysis.problems == []
    assert analysis.plan is not None
    assert list(analysis.plan.initiatives) == ["policy", "chatbot", "eltax"]
    assert "税務係" in analysis.plan.teams
    assert analysis.schedule is not None
    assert analysis.schedule.critical_path == ["policy", "chatbot", "eltax"]


def test_each_initiative_remembers_its_file(tmp_path: Path) -> None:
    loaded = load_with_includes(portfolio(tmp_path))
    assert loaded.sources["chatbot"][0] == str(tmp_path / "departments" / "kikaku.toml")
    assert loaded.sources["eltax"][0] == str(tmp_path / "departments" / "zeimu.toml")
    assert "policy" not in loaded.sources


def test_problem_in_an_included_file_points_at_that_file_and_line(tmp_path: Path) -> None:
    plan = portfolio(tmp_path)
    write(tmp_path / "departments" / "zeimu.toml", ZEIMU.replace('"chatbot"', '"chatbt"'))
    problem = next(p for p in analyze_path(plan).problems if p.code == "unknown-dependency")
    assert problem.file == str(tmp_path / "departments" / "zeimu.toml")
    assert problem.line == 8


def test_validation_error_in_an_included_file_points_at_that_file(tmp_path: Path) -> None:
    plan = portfolio(tmp_path)
    write(tmp_path / "departments" / "kikaku.toml", KIKAKU.replace('"20d"', '"20 days"'))
    problem = next(p for p in analyze_path(plan).problems if p.code == "invalid-duration")
    assert (problem.file, problem.line) == (str(tmp_path / "departments" / "kikaku.toml"), 4)


def test_duplicate_id_names_both_files_and_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = portfolio(tmp_path)
    write(
        tmp_path / "departments" / "zeimu.toml",
        ZEIMU + '\n[initiatives.policy]\ntitle = "重複"\nduration = "1d"\n',
    )
    assert main(["check", str(plan), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    zeimu = tmp_path / "departments" / "zeimu.toml"
    assert f"{zeimu}:10: error [duplicate-id]" in out
    assert f"also defined at {tmp_path / 'plan.toml'}:6" in out


def test_include_outside_the_plan_folder_is_rejected(tmp_path: Path) -> None:
    plan = portfolio(tmp_path / "town", include='["../secret/*.toml", "/etc/*.toml"]')
    write(tmp_path / "secret" / "x.toml", KIKAKU)
    analysis = analyze_path(plan)
    outside = [p for p in analysis.problems if p.code == "include-outside"]
    assert [p.args["pattern"] for p in outside] == ["../secret/*.toml", "/etc/*.toml"]
    assert all(p.line == 4 and p.is_error for p in outside)
    assert analysis.plan is not None and "chatbot" not in analysis.plan.initiatives


def test_symlink_leaving_the_plan_folder_is_rejected(tmp_path: Path) -> None:
    plan = portfolio(tmp_path / "town")
    write(tmp_path / "elsewhere" / "x.toml", '[initiatives.x]\ntitle = "X"\nduration = "1d"\n')
    os.symlink(tmp_path / "elsewhere" / "x.toml", tmp_path / "town" / "departments" / "x.toml")
    assert "include-outside" in codes(plan)


def test_dotdot_that_stays_inside_is_allowed(tmp_path: Path) -> None:
    plan = portfolio(tmp_path, include='["departments/../departments/kikaku.toml"]')
    analysis = analyze_path(plan)
    assert analysis.plan is not None and "chatbot" in analysis.plan.initiatives


def test_wildcard_matching_the_plan_itself_skips_it(tmp_path: Path) -> None:
    plan = portfolio(tmp_path, include='["*.toml", "departments/*.toml"]')
    analysis = analyze_path(plan)
    assert analysis.problems == []
    assert analysis.plan is not None and len(analysis.plan.initiatives) == 3


def test_plan_including_itself_is_a_cycle(tmp_path: Path) -> None:
    plan = portfolio(tmp_path, include='["plan.toml"]')
    problems = [p for p in analyze_path(plan).problems if p.code == "include-cycle"]
    assert len(problems) == 1
    assert "plan.toml → " in problems[0].args["cycle"]


def test_cycle_through_included_files_is_rejected(tmp_path: Path) -> None:
    plan = portfolio(tmp_path, include='["a.toml"]')
    write(tmp_path / "a.toml", 'include = ["b.toml"]\n' + KIKAKU)
    write(tmp_path / "b.toml", 'include = ["a.toml"]\n')
    problems = [p for p in analyze_path(plan).problems if p.code == "include-cycle"]
    assert len(problems) == 1
    assert problems[0].file == str(tmp_path / "b.toml")
    assert (
        problems[0].args["cycle"]
        == f"{tmp_path / 'a.toml'} → {tmp_path / 'b.toml'} → {tmp_path / 'a.toml'}"
    )


def test_included_file_may_not_hold_plan_settings(tmp_path: Path) -> None:
    plan = portfolio(tmp_path)
    write(tmp_path / "departments" / "kikaku.toml", '[plan]\ntitle = "x"\n' + KIKAKU)
    problems = [p for p in analyze_path(plan).problems if p.code == "include-key"]
    assert [(p.file, p.line) for p in problems] == [
        (str(tmp_path / "departments" / "kikaku.toml"), 1)
    ]


def test_pattern_matching_nothing_is_a_warning(tmp_path: Path) -> None:
    plan = portfolio(tmp_path, include='["nothing/*.toml"]')
    problems = [p for p in analyze_path(plan).problems if p.code == "include-missing"]
    assert len(problems) == 1 and not problems[0].is_error


def test_plan_without_include_loads_as_before(tmp_path: Path) -> None:
    plan = write(tmp_path / "plan.toml", MAIN.replace("include = {include}\n", ""))
    loaded = load_with_includes(plan)
    assert loaded.sources == {}
    assert loaded.plan is not None and list(loaded.plan.initiatives) == ["policy"]


def test_diff_reads_included_files_as_they_were_at_the_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    plan = portfolio(tmp_path)
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    for command in (["init", "-q"], ["add", "."], [*identity, "commit", "-q", "-m", "one"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True, capture_output=True)
    write(tmp_path / "departments" / "kikaku.toml", KIKAKU.replace('"20d"', '"25d"'))
    write(
        tmp_path / "departments" / "somu.toml",
        '[initiatives.rpa]\ntitle = "RPA"\nduration = "5d"\n',
    )
    assert main(["diff", str(plan), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in document["added"]] == ["rpa"]
    assert document["changes"] == [
        {"section": "initiatives", "id": "chatbot", "field": "duration", "old": "20d", "new": "25d"}
    ]
