"""The example plan as of December 2026: its town calendar holds together (the 議会報告 on a
定例会, the 戸籍 cut-over after Golden Week as its note says, festival days on the third Friday)
and every one of the 20 業務 is covered with its vendor and use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from roadmap.core.analysis.pipeline import Analysis, analyze_path
from roadmap.core.analysis.systems import system_rows

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"
D = dt.date


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyze_path(EXAMPLE)


def test_the_final_council_report_sits_on_the_march_2030_session(analysis: Analysis) -> None:
    assert analysis.plan is not None and analysis.schedule is not None
    assert analysis.plan.initiatives["council-final"].on == "council"
    final = analysis.schedule.initiatives["council-final"]
    assert (final.early_start, final.driver) == (D(2030, 3, 1), "council")
    # the report is not the plan's last node: the final measurement ends on 2030-02-06 (3mo from
    # 2029-11-07, six months after the 戸籍 cut-over) and the next plan a month later (FF + 1mo),
    # on Wednesday 2030-03-06, so the 定例会 date absorbs no float of the chain before it
    assert analysis.schedule.initiatives["effect-final"].early_finish == D(2030, 2, 6)
    assert analysis.schedule.finish == D(2030, 3, 6)
    assert not final.critical


def test_the_koseki_cutover_opens_after_golden_week(analysis: Analysis) -> None:
    assert analysis.schedule is not None
    cutover = analysis.schedule.initiatives["std-koseki-cutover"]
    # the test ends on 2029-05-02, inside 大型連休 (04-29..05-06): moved to Monday 05-07
    assert (cutover.early_start, cutover.driver) == (D(2029, 5, 7), "blackout")


def test_festival_days_are_the_third_friday_of_october(analysis: Analysis) -> None:
    assert analysis.plan is not None
    for day in analysis.plan.plan.holidays:
        assert (day.month, day.weekday(), (day.day - 1) // 7) == (10, 4, 2)
    years = {day.year for day in analysis.plan.plan.holidays}
    assert years == {2026, 2027, 2028, 2029, 2030}


def test_the_service_contract_is_not_said_to_need_a_vote(analysis: Analysis) -> None:
    assert analysis.plan is not None
    notes = analysis.plan.initiatives["std-fukushi-rfp"].notes or ""
    assert "議決" in notes and "不要" in notes
    assert "定例会で議決" not in notes


def test_all_twenty_systems_are_covered_with_vendor_and_use(analysis: Analysis) -> None:
    assert analysis.plan is not None and analysis.schedule is not None
    rows = system_rows(analysis.plan, analysis.schedule)
    assert all(row.covered and not row.late and row.vendor for row in rows)
    usage = {row.system: row.usage for row in rows}
    assert usage["介護保険"] == "single" and usage["戸籍"] == "shared"
