"""The risk simulation honours the town's calendar exactly as the schedule does: budget and 補正
needs, council 議決, milestones on the next 定例会 and cut-overs avoiding blackouts. Every date
is checked by hand against the default sessions (1 March, June, September, December)."""

from __future__ import annotations

import datetime as dt

from roadmap.core.analysis.risk import simulate
from roadmap.core.analysis.schedule import schedule_plan
from roadmap.core.model.plan import Plan
from roadmap.core.planfile.loader import parse_plan

D = dt.date

HEAD = """
[plan]
title = "町の暦とリスク"
start = 2027-05-10
status_date = 2027-05-20
calendar = "calendar"
"""


def plan_of(text: str) -> Plan:
    loaded = parse_plan(HEAD + text)
    assert loaded.plan is not None, loaded.problems
    assert not [p for p in loaded.problems if p.is_error], loaded.problems
    return loaded.plan


def test_a_council_report_lands_on_a_session_in_every_run() -> None:
    plan = plan_of(
        """
[initiatives.build]
title = "構築"
duration = { optimistic = "5d", likely = "10d", pessimistic = "150d" }

[initiatives.report]
title = "議会報告"
duration = "0d"
on = "council"
depends_on = ["build"]
"""
    )
    schedule = schedule_plan(plan)
    assert schedule.initiatives["report"].early_start == D(2027, 6, 1)
    result = simulate(plan, runs=400, seed=3)
    report = result.initiative("report")
    # build ends 2027-05-24 .. 2027-10-16 (likely 05-29): the report waits for the June,
    # September or
    # December session, never a day between sessions
    sessions = {D(2027, 6, 1), D(2027, 9, 1), D(2027, 12, 1)}
    assert set(report.finish_percentiles.values()) <= sessions
    assert report.cpm_finish == D(2027, 6, 1)
    assert report.finish_percentiles[95] in {D(2027, 9, 1), D(2027, 12, 1)}
    assert {day for day, _ in result.finish_counts} <= sessions


def test_a_budget_need_moves_every_run_to_april() -> None:
    text = """
[initiatives.buy]
title = "調達"
duration = { optimistic = "5d", likely = "10d", pessimistic = "20d" }
"""
    free = simulate(plan_of(text), runs=200, seed=1)
    assert free.finish_percentiles[95] < D(2027, 6, 15)
    plan = plan_of(text + 'needs = ["budget"]\n')
    # status 2027-05-20: FY2027 is voted, so the 当初予算 of FY2028 starts 2028-04-01
    assert schedule_plan(plan).initiatives["buy"].early_start == D(2028, 4, 1)
    result = simulate(plan, runs=200, seed=1)
    assert result.earliest_finish >= D(2028, 4, 5)  # 5 calendar days from April 1
    assert result.latest_finish <= D(2028, 4, 20)
    assert result.cpm_finish == D(2028, 4, 10)


def test_a_council_need_waits_for_the_session_after_the_predecessor() -> None:
    plan = plan_of(
        """
[initiatives.draft]
title = "条例案"
duration = { optimistic = "5d", likely = "10d", pessimistic = "120d" }

[initiatives.buy]
title = "財産の取得"
duration = "1d"
needs = ["council"]
depends_on = ["draft"]
"""
    )
    result = simulate(plan, runs=300, seed=5)
    buy = result.initiative("buy")
    # the 議決 is at a session; the work is the day after it
    assert set(buy.finish_percentiles.values()) <= {D(2027, 6, 2), D(2027, 9, 2)}
    assert buy.cpm_finish == schedule_plan(plan).initiatives["buy"].early_finish == D(2027, 6, 2)


def test_a_sampled_cutover_avoids_the_blackout_with_its_own_length() -> None:
    plan = plan_of(
        """
[[blackouts]]
name = "確定申告"
start = "02-16"
end = "03-15"
avoid = true

[initiatives.prepare]
title = "準備"
duration = "250d"

[initiatives.switch]
title = "本番切替"
kind = "cutover"
duration = { optimistic = "2d", likely = "5d", pessimistic = "60d" }
depends_on = ["prepare"]
"""
    )
    # prepare: 2027-05-20 + 250 days ends 2028-01-24; the switch starts 2028-01-25
    scheduled = schedule_plan(plan).initiatives["switch"]
    assert scheduled.early_start == D(2028, 1, 25)
    result = simulate(plan, runs=300, seed=2)
    switch = result.initiative("switch")
    # a short run ends before 2028-02-16; a long one touches the window and moves to
    # 2028-03-16, so no run ends inside the window
    for day, _runs in result.finish_counts:
        assert not D(2028, 2, 16) <= day <= D(2028, 3, 15)
    assert switch.cpm_finish == D(2028, 1, 29)  # 5 days: clear of the window
    assert switch.finish_percentiles[50] < D(2028, 2, 16)
    assert switch.finish_percentiles[95] >= D(2028, 3, 16)


def test_degenerate_estimates_equal_the_schedule_with_town_bounds() -> None:
    plan = plan_of(
        """
[initiatives.buy]
title = "調達"
duration = { optimistic = "10d", likely = "10d", pessimistic = "10d" }
needs = ["supplementary"]

[initiatives.report]
title = "議会報告"
duration = "0d"
on = "council"
depends_on = ["buy"]
"""
    )
    schedule = schedule_plan(plan)
    result = simulate(plan, runs=20, seed=1)
    for item in result.initiatives:
        finish = schedule.initiatives[item.id].early_finish
        assert set(item.finish_percentiles.values()) == {finish}
    # 補正 at the June session, work from 2027-06-02 to 06-11, report at the September session
    assert schedule.initiatives["report"].early_finish == D(2027, 9, 1)
