"""The example plan a new user runs first: it must check clean and schedule sensibly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from roadmap.cli.main import main
from roadmap.core.analysis.pipeline import Analysis, analyze_path
from roadmap.core.model.plan import Status, Step

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyze_path(EXAMPLE)


def test_example_plan_checks_without_errors_or_warnings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(EXAMPLE)]) == 0
    assert "問題はありません" in capsys.readouterr().out


def test_example_plan_has_25_to_50_initiatives_across_all_five_steps(analysis: Analysis) -> None:
    assert analysis.plan is not None
    initiatives = analysis.plan.initiatives.values()
    assert 25 <= len(initiatives) <= 50
    steps = {initiative.step for initiative in initiatives}
    assert set(Step) | {None} == steps


def test_example_plan_is_as_of_fy2026_with_done_and_ongoing_work(analysis: Analysis) -> None:
    assert analysis.plan is not None
    settings = analysis.plan.plan
    assert settings.status_date is not None
    assert dt.date(2026, 4, 1) <= settings.status_date <= dt.date(2027, 3, 31)
    statuses = {initiative.status for initiative in analysis.plan.initiatives.values()}
    assert {Status.DONE, Status.IN_PROGRESS, Status.PLANNED} <= statuses


def test_example_plan_carries_deadlines_up_to_march_2031(analysis: Analysis) -> None:
    assert analysis.plan is not None
    deadlines = [i.deadline for i in analysis.plan.initiatives.values() if i.deadline]
    assert max(deadlines) == dt.date(2031, 3, 31)


def test_example_schedule_meets_the_plan_deadline(analysis: Analysis) -> None:
    assert analysis.plan is not None and analysis.schedule is not None
    deadline = analysis.plan.plan.deadline
    assert deadline is not None
    assert analysis.schedule.finish <= deadline


def test_example_critical_path_ends_at_the_project_finish(analysis: Analysis) -> None:
    schedule = analysis.schedule
    assert schedule is not None
    path = schedule.critical_path
    assert len(path) >= 2
    assert schedule.initiatives[path[-1]].early_finish == schedule.finish
    assert all(schedule.initiatives[name].critical for name in path)


def test_example_critical_path_is_a_chain_of_work_not_a_council_date(analysis: Analysis) -> None:
    # the 戸籍系 vendor slot (not_before 2028-04-03) drives Fit&Gap, migration, test and the
    # cut-over; the final measurement waits six months of use, and the next plan is finished a
    # month after it (FF + 1mo). The 議会報告 on the March 2030 定例会 stands beside the chain.
    schedule = analysis.schedule
    assert schedule is not None
    assert schedule.critical_path == [
        "std-koseki-fitgap",
        "std-koseki-migration",
        "std-koseki-test",
        "std-koseki-cutover",
        "effect-final",
        "next-plan",
    ]
    assert not any(schedule.initiatives[name].milestone for name in ("effect-final", "next-plan"))
    council = schedule.initiatives["council-final"]
    assert not council.critical and council.total_float > 0


def test_example_done_work_is_never_critical(analysis: Analysis) -> None:
    assert analysis.schedule is not None
    for item in analysis.schedule.initiatives.values():
        if item.status is Status.DONE:
            assert not item.critical


def test_example_schedule_json_is_stable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--json", str(EXAMPLE)]) == 0
    first = capsys.readouterr().out
    assert main(["schedule", "--json", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out == first
    document = json.loads(first)
    assert document["plan"]["calendar"] == "business"
    assert len(document["steps"]) == 6
