"""PlanDocument.rename_initiative: the headers and the references change, nothing else."""

from __future__ import annotations

import difflib

import pytest

from roadmap.core.planfile.document import EditError, PlanDocument
from roadmap.core.planfile.loader import parse_plan

PLAN = """\
[plan]
title = "x"
start = 2026-04-01

# 基盤の整備
[initiatives.a]
title = "A"
duration = "1mo"
notes = \"\"\"
[initiatives.a] はメモの中
\"\"\"

[initiatives.a.cost]
initial = 100

[[initiatives.a.kpis]]
name = "k"

[initiatives.b]
title = "B"
duration = "1mo"
depends_on = ["a", { id = "a", type = "SS" }]  # 先行

[initiatives.c]
title = "C"
duration = "1mo"
depends_on = [
  "b",
  "a",  # note
]
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_rename_changes_headers_and_references_only() -> None:
    document = PlanDocument.from_text(PLAN)
    assert document.rename_initiative("a", "基盤-a") == ["b", "c"]
    after = document.to_text()
    assert sorted(changed_lines(PLAN, after)) == sorted(
        [
            "-[initiatives.a]",
            '+[initiatives."基盤-a"]',
            "-[initiatives.a.cost]",
            '+[initiatives."基盤-a".cost]',
            "-[[initiatives.a.kpis]]",
            '+[[initiatives."基盤-a".kpis]]',
            '-depends_on = ["a", { id = "a", type = "SS" }]  # 先行',
            '+depends_on = ["基盤-a", { id = "基盤-a", type = "SS" }]  # 先行',
            '-  "a",  # note',
            '+  "基盤-a",  # note',
        ]
    )
    assert "[initiatives.a] はメモの中" in after  # text inside a string is not a header
    plan = parse_plan(after).plan
    assert plan is not None
    assert list(plan.initiatives) == ["基盤-a", "b", "c"]
    renamed = plan.initiatives["基盤-a"]
    assert renamed.cost is not None and renamed.cost.initial == 100
    assert [kpi.name for kpi in renamed.kpis] == ["k"]
    assert [d.id for d in plan.initiatives["b"].depends_on] == ["基盤-a", "基盤-a"]
    assert [d.id for d in plan.initiatives["c"].depends_on] == ["b", "基盤-a"]


def test_rename_on_a_lazy_document() -> None:
    document = PlanDocument.from_text(PLAN, lazy=True)
    document.rename_initiative("b", "b2")
    assert '"b2",' in document.to_text()
    assert "[initiatives.b2]" in document.to_text()


@pytest.mark.parametrize(("old", "new"), [("a", "b"), ("a", ""), ("a", "x y"), ("zz", "q")])
def test_rename_refuses_bad_ids(old: str, new: str) -> None:
    document = PlanDocument.from_text(PLAN)
    with pytest.raises(EditError):
        document.rename_initiative(old, new)
    assert document.to_text() == PLAN


def test_rename_to_itself_changes_nothing() -> None:
    document = PlanDocument.from_text(PLAN)
    assert document.rename_initiative("a", "a") == []
    assert document.to_text() == PLAN
