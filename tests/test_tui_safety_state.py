"""PlanState checkpoints: a failed action is rolled back to exactly the plan before it."""

from __future__ import annotations

from typing import Any

import pytest

from tui.history import FieldEdit, History
from tui.state import PlanState

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
"""


def test_rolling_back_a_field_edit_restores_text_models_and_schedule() -> None:
    state = PlanState(PLAN, file="plan.toml")
    models, analysis = dict(state.models), state.analysis
    state.begin()
    state.set_field("a", "duration", "3mo")
    state.set_field("b", "owner", "住民課")
    assert state.finish() != analysis.schedule.finish  # type: ignore[union-attr]
    assert state.rollback()
    assert state.current_text() == PLAN
    assert state.models == models
    assert state.analysis is analysis


def test_rolling_back_a_whole_initiative_edit_restores_the_text() -> None:
    state = PlanState(PLAN, file="plan.toml")
    state.begin()

    def add(document: Any) -> None:
        document.add_initiative("c", {"title": "新", "duration": "1mo"}, after="a")

    before, after = state.restructure(add)
    assert state.order == ["a", "c", "b"] and before["plan.toml"] == PLAN
    assert "[initiatives.c]" in after["plan.toml"]
    assert state.rollback()
    assert state.order == ["a", "b"]
    assert state.current_text() == PLAN
    state.set_field("b", "title", "Fit&Gap 2")  # the restored document is editable
    assert 'title = "Fit&Gap 2"' in state.current_text()


def test_a_field_edit_that_fails_half_way_is_rolled_back(monkeypatch: pytest.MonkeyPatch) -> None:
    state = PlanState(PLAN, file="plan.toml")
    state.begin()

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("tui.state.plan_from_data", boom)
    with pytest.raises(RuntimeError):
        state.set_field("a", "notes", "メモ")  # written to the document, then revalidation fails
    assert "メモ" in state.current_text()
    monkeypatch.undo()
    assert state.rollback()
    assert state.current_text() == PLAN


def test_nothing_to_roll_back_after_a_commit_or_without_a_change() -> None:
    state = PlanState(PLAN, file="plan.toml")
    state.begin()
    assert not state.rollback()
    state.begin()
    state.set_field("a", "title", "変更")
    state.commit()
    assert not state.rollback()
    assert 'title = "変更"' in state.current_text()


def test_history_snapshot_and_restore_forget_the_edits_in_between() -> None:
    history = History()
    history.push(FieldEdit("a", "title", "x", "y"))
    history.mark_saved()
    snapshot = history.snapshot()
    history.push(FieldEdit("a", "title", "y", "z"))
    history.undo()
    history.restore(snapshot)
    assert history.at_saved and history.redo() is None and history.undo() is not None


def test_rolling_back_an_edit_that_made_a_sub_table_removes_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = PlanState(PLAN, file="plan.toml")
    state.begin()

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("tui.state.plan_from_data", boom)
    with pytest.raises(RuntimeError):
        state.set_field("a", "cost.initial", 100)
    monkeypatch.undo()
    assert state.rollback()
    assert state.current_text() == PLAN
