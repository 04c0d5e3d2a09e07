"""Editing an initiative's KPI tables and the [plan] table: the smallest change, comments kept."""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib

import pytest

from roadmap.core.planfile.document import EditError, PlanDocument
from roadmap.core.planfile.loader import parse_plan

PLAN = """\
# 計画
[plan]
title = "テスト町" # 町の名前
start = 2026-04-01

calendar = "business"

[initiatives.a]
title = "電子申請"
duration = "3mo"
[initiatives.a.cost]
initial = 1_000_000
# 住民向けの指標
[[initiatives.a.kpis]]
name = "オンライン申請率" # 主指標
unit = "%"
baseline = 5
target = 30
direction = "higher"
due = 2027-03-31

# 二つ目
[[initiatives.a.kpis]]
name = "窓口待ち時間"
unit = "分"
baseline = 30
target = 10
direction = "lower"

# 次の取組
[initiatives.b]
title = "研修"
duration = "1mo"
depends_on = ["a"]
"""


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a ``git diff`` would show as removed (-) or added (+)."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_kpis_are_read_in_file_order() -> None:
    doc = PlanDocument.from_text(PLAN)
    assert [kpi["name"] for kpi in doc.kpis("a")] == ["オンライン申請率", "窓口待ち時間"]
    assert doc.kpis("b") == []


def test_editing_one_kpi_target_is_a_one_line_diff_keeping_comments() -> None:
    doc = PlanDocument.from_text(PLAN)
    kpis = doc.kpis("a")
    kpis[1]["target"] = 12
    doc.set_kpis("a", kpis)
    after = doc.to_text()
    assert changed_lines(PLAN, after) == ["-target = 10", "+target = 12"]


def test_a_new_kpi_key_goes_to_its_place_in_the_format_order() -> None:
    doc = PlanDocument.from_text(PLAN)
    kpis = doc.kpis("a")
    kpis[0]["actual"] = 18.5
    doc.set_kpis("a", kpis)
    after = doc.to_text()
    assert changed_lines(PLAN, after) == ["+actual = 18.5"]
    lines = after.splitlines()
    assert lines[lines.index("actual = 18.5") - 1] == "target = 30"


def test_unchanged_kpis_rewrite_nothing() -> None:
    doc = PlanDocument.from_text(PLAN)
    doc.set_kpis("a", doc.kpis("a"))
    assert not doc.modified
    assert doc.to_text() == PLAN


def test_deleting_a_kpi_removes_its_table_and_its_comment_only() -> None:
    doc = PlanDocument.from_text(PLAN)
    doc.set_kpis("a", doc.kpis("a")[:1])
    after = doc.to_text()
    removed = changed_lines(PLAN, after)
    assert all(line.startswith("-") for line in removed)
    assert "-# 二つ目" in removed and '-name = "窓口待ち時間"' in removed
    assert "# 次の取組" in after and "# 住民向けの指標" in after
    assert [kpi["name"] for kpi in tomllib.loads(after)["initiatives"]["a"]["kpis"]] == [
        "オンライン申請率"
    ]


def test_deleting_the_first_kpi_keeps_the_second_as_written() -> None:
    doc = PlanDocument.from_text(PLAN)
    doc.set_kpis("a", doc.kpis("a")[1:])
    after = doc.to_text()
    assert "# 二つ目" in after and '"窓口待ち時間"' in after
    assert "オンライン申請率" not in after and "# 住民向けの指標" not in after
    assert tomllib.loads(after)["initiatives"]["b"]["depends_on"] == ["a"]


def test_adding_a_kpi_appends_a_table_after_the_last_one() -> None:
    doc = PlanDocument.from_text(PLAN)
    new = {"name": "満足度", "kind": "outcome", "target": 80, "targets": {2026: 60, 2027: 80}}
    doc.set_kpis("a", [*doc.kpis("a"), new])
    after = doc.to_text()
    added = changed_lines(PLAN, after)
    assert added[0] == "+[[initiatives.a.kpis]]"
    assert '+name = "満足度"' in added
    assert "+targets = { 2026 = 60, 2027 = 80 }" in added
    assert all(line.startswith("+") for line in added)
    loaded = parse_plan(after)
    assert loaded.plan is not None and not [p for p in loaded.problems if p.is_error]
    kpi = loaded.plan.initiatives["a"].kpis[2]
    assert (kpi.name, kpi.target, kpi.targets) == ("満足度", 80, {2026: 60, 2027: 80})
    # the comment heading the next initiative still heads it
    assert after.index("# 次の取組") < after.index("[initiatives.b]")
    assert after.index("満足度") < after.index("# 次の取組")


def test_the_first_kpi_of_an_initiative_goes_after_its_tables() -> None:
    doc = PlanDocument.from_text(PLAN)
    doc.set_kpis("b", [{"name": "受講率", "unit": "%", "target": 100}])
    after = doc.to_text()
    assert after.endswith('[[initiatives.b.kpis]]\nname = "受講率"\nunit = "%"\ntarget = 100\n')
    assert all(line.startswith("+") for line in changed_lines(PLAN, after))


def test_kpi_edits_round_trip_through_the_loader() -> None:
    doc = PlanDocument.from_text(PLAN)
    kpis = doc.kpis("a")
    kpis[0].update(kind="output", due=dt.date(2028, 3, 31), targets={2026: 15})
    del kpis[0]["unit"]
    doc.set_kpis("a", kpis)
    again = PlanDocument.from_text(doc.to_text())
    assert again.kpis("a") == doc.kpis("a")
    plan = parse_plan(doc.to_text()).plan
    assert plan is not None
    kpi = plan.initiatives["a"].kpis[0]
    assert (kpi.kind, kpi.unit, kpi.due, kpi.targets) == (
        "output",
        "",
        dt.date(2028, 3, 31),
        {2026: 15},
    )


def test_deleting_every_kpi_leaves_the_rest_of_the_initiative() -> None:
    doc = PlanDocument.from_text(PLAN)
    doc.set_kpis("a", [])
    after = doc.to_text()
    assert "kpis" not in after
    assert "initial = 1_000_000" in after and "# 次の取組" in after


def test_unknown_initiative_is_an_edit_error() -> None:
    doc = PlanDocument.from_text(PLAN)
    with pytest.raises(EditError):
        doc.set_kpis("missing", [{"name": "x"}])


def test_changing_the_status_date_adds_one_line_after_start() -> None:
    doc = PlanDocument.from_text(PLAN)
    doc.set_plan_field("status_date", dt.date(2026, 10, 1))
    after = doc.to_text()
    assert changed_lines(PLAN, after) == ["+status_date = 2026-10-01"]
    lines = after.splitlines()
    assert lines[lines.index("status_date = 2026-10-01") - 1] == "start = 2026-04-01"


def test_plan_keys_are_replaced_in_place_with_their_comment() -> None:
    doc = PlanDocument.from_text(PLAN)
    doc.set_plan_field("title", "新テスト町")
    doc.set_plan_field("holidays", [dt.date(2026, 6, 1)])
    doc.set_plan_field("year_end_closure", ("12-28", "01-04"))
    doc.set_plan_field("calendar", None)
    after = doc.to_text()
    assert 'title = "新テスト町" # 町の名前' in after
    assert 'calendar = "business"' not in after
    settings = tomllib.loads(after)["plan"]
    assert settings["holidays"] == [dt.date(2026, 6, 1)]
    assert settings["year_end_closure"] == ["12-28", "01-04"]
