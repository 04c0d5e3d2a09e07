"""The editor never loses work: failures inside an action are undone and reported, a crash keeps
a recovery file that the next start offers, and typed text is applied before save and quit."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import pytest
from textual.widgets import Input

from roadmap.core.i18n import text
from tui.app import RoadmapApp
from tui.recovery import recovery_path
from tui.screens.dialogs import ChoiceDialog, PathDialog
from tui.widgets.detail_form import form_label, widget_id
from tui.widgets.status_bar import StatusBar

SIZE = (120, 40)

PLAN = """\
# 小さな計画
[plan]
title = "テスト町"
start = 2026-04-01

[initiatives.a]
title = "現行調査"
duration = "1mo"

# 次の段階
[initiatives.b]
title = "Fit&Gap"
duration = "2mo"
depends_on = ["a"]
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def boom(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError("boom")


def status_text(app: RoadmapApp) -> str:
    return str(app.main.query_one(StatusBar).render())


def last_error(app: RoadmapApp) -> str:
    severity, message = app.messages[-1]
    assert severity == "error", app.messages
    return message


async def type_into(app: RoadmapApp, pilot: Any, field: str, value: str) -> Input:
    """Type ``value`` into a form field, leaving the focus in it (no Enter)."""
    editor = app.form.query_one("#" + widget_id(field), Input)
    editor.focus()
    editor.value = value
    await pilot.pause()
    return editor


async def enter_field(app: RoadmapApp, pilot: Any, field: str, value: str) -> None:
    await type_into(app, pilot, field, value)
    await pilot.press("enter")
    await pilot.pause()


# -- a failing action is undone and reported ------------------------------------------------


async def test_a_failure_while_applying_a_field_keeps_the_plan_and_the_typed_text(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("b")
        await pilot.pause()
        models, finish = dict(app.state.models), app.state.finish()
        monkeypatch.setattr("tui.state.IncrementalAnalyzer.analyze", boom)
        await enter_field(app, pilot, "duration", "4mo")
        message = last_error(app)
        assert form_label("duration", "ja") in message and "boom" in message
        assert app.state.current_text() == PLAN
        assert app.state.models == models and app.state.finish() == finish
        assert app.history.undo() is None  # nothing was recorded
        assert app.is_running
        # the typed text is still there, unapplied, and the plan shows as unsaved
        assert app.form.query_one("#field-duration", Input).value == "4mo"
        assert app.pending_fields() == ["duration"]
        assert text("tui.unsaved", "ja") in status_text(app)
        monkeypatch.undo()
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.models["b"].planned_duration.count == 4
        assert 'duration = "4mo"' in app.state.current_text()
    assert app.return_code in (None, 0)
    assert plan.read_text(encoding="utf-8") == PLAN


async def test_a_failure_while_adding_an_initiative_leaves_the_plan_as_it_was(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr("tui.state.IncrementalAnalyzer.analyze", boom)
        await pilot.press("a", "enter")
        await pilot.pause()
        assert text("tui.binding.add", "ja") in last_error(app)
        assert app.state.order == ["a", "b"]
        assert app.state.current_text() == PLAN
        assert app.table.ids == ["a", "b"]
        monkeypatch.undo()
        await pilot.press("a", "enter")
        await pilot.pause()
        assert app.state.order == ["a", "new", "b"]
        assert app.table.ids == ["a", "new", "b"]
    assert plan.read_text(encoding="utf-8") == PLAN


async def test_a_failure_during_undo_keeps_the_edit_and_its_history(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        await pilot.pause()
        await enter_field(app, pilot, "title", "現行調査 (改)")
        app.table.focus()
        await pilot.pause()
        edited = app.state.current_text()
        monkeypatch.setattr("tui.state.IncrementalAnalyzer.analyze", boom)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert text("tui.binding.undo", "ja") in last_error(app)
        assert app.state.current_text() == edited
        assert app.state.models["a"].title == "現行調査 (改)"
        assert app.history.redo() is None
        monkeypatch.undo()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.current_text() == PLAN
    assert plan.read_text(encoding="utf-8") == PLAN


async def test_a_failure_while_saving_keeps_the_file_and_the_unsaved_edit(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        await pilot.pause()
        await enter_field(app, pilot, "title", "現行調査 (改)")
        monkeypatch.setattr("tui.app.save_plan", boom)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text("tui.binding.save", "ja") in last_error(app)
        assert app.dirty
        assert text("tui.unsaved", "ja") in status_text(app)
        assert app.is_running
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
    assert 'title = "現行調査 (改)"' in plan.read_text(encoding="utf-8")


async def test_a_failure_while_exporting_is_reported_and_writes_nothing(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RoadmapApp(plan)
    target = plan.with_name("plan.report.md")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr("exporters.markdown.export", boom)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the report is written in a worker thread
        await pilot.pause()
        assert text("tui.binding.export", "ja") in last_error(app)
        assert app.is_running
    assert not target.exists()
    assert plan.read_text(encoding="utf-8") == PLAN


async def test_a_failure_in_a_worker_callback_is_reported_and_the_editor_goes_on(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr("tui.widgets.risk_panel.result_text", boom)
        await pilot.press("f10")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "boom" in last_error(app)
        assert app.is_running
        await pilot.press("f2")
        await pilot.pause()
        assert app.table.ids == ["a", "b"]


# -- a crash keeps a recovery file, offered at the next start ---------------------------------


async def crash_with_an_unsaved_edit(plan: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Edit a title, then break the status bar's drawing (an error inside Textual's render,
    which no handler can catch): the app stops. Returns the unsaved text."""
    app = RoadmapApp(plan)
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=SIZE) as pilot:
            app.select("a")
            await pilot.pause()
            await enter_field(app, pilot, "title", "現行調査 (未保存)")
            edited = app.state.current_text()
            with monkeypatch.context() as patch:
                patch.setattr(StatusBar, "render", boom)
                app.main.query_one(StatusBar).refresh()
                await pilot.pause()
                await pilot.pause()
    assert app.return_code not in (None, 0)
    assert app.recovered_to == [recovery_path(plan)]
    return edited


async def test_a_crash_writes_the_unsaved_text_beside_the_plan(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = await crash_with_an_unsaved_edit(plan, monkeypatch)
    assert recovery_path(plan) == plan.with_name(".plan.toml.recover")
    assert recovery_path(plan).read_text(encoding="utf-8") == edited
    assert plan.read_text(encoding="utf-8") == PLAN


async def test_the_next_start_restores_the_recovered_edit_as_unsaved(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = await crash_with_an_unsaved_edit(plan, monkeypatch)
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-recover"
        await pilot.click("#choice-restore")
        await pilot.pause()
        assert app.state.current_text() == edited
        assert app.state.models["a"].title == "現行調査 (未保存)"
        assert text("tui.unsaved", "ja") in status_text(app)
        assert plan.read_text(encoding="utf-8") == PLAN  # nothing is written before a save
        await pilot.press("ctrl+z")  # back to the file on disk
        await pilot.pause()
        assert app.state.current_text() == PLAN
        await pilot.press("ctrl+y")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
    assert plan.read_text(encoding="utf-8") == edited
    assert not recovery_path(plan).exists()


async def test_discarding_the_recovered_edit_removes_the_recovery_file(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await crash_with_an_unsaved_edit(plan, monkeypatch)
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#choice-discard")
        await pilot.pause()
        assert app.state.current_text() == PLAN
        assert not app.dirty
        assert not recovery_path(plan).exists()


async def test_cancelling_the_recovery_question_quits_and_keeps_the_file(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = await crash_with_an_unsaved_edit(plan, monkeypatch)
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#choice-cancel")
        await pilot.pause()
    assert app.return_code == 0
    assert recovery_path(plan).read_text(encoding="utf-8") == edited
    assert plan.read_text(encoding="utf-8") == PLAN


async def test_a_crash_without_unsaved_edits_writes_no_recovery_file(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = RoadmapApp(plan)
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            monkeypatch.setattr(StatusBar, "render", boom)
            app.main.query_one(StatusBar).refresh()
            await pilot.pause()
    assert app.recovered_to == []
    assert not recovery_path(plan).exists()


# -- typed text is applied (or pointed at) before a save or a quit ---------------------------


async def test_typed_text_shows_the_plan_as_unsaved_and_ctrl_s_saves_it(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        await pilot.pause()
        await type_into(app, pilot, "owner", "住民課")
        assert text("tui.unsaved", "ja") in status_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
        assert text("tui.unsaved", "ja") not in status_text(app)
    assert 'owner = "住民課"' in plan.read_text(encoding="utf-8")


async def test_ctrl_s_with_text_that_cannot_be_read_points_at_the_field(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("b")
        await pilot.pause()
        editor = await type_into(app, pilot, "duration", "3 months")
        app.table.focus()  # leaving the field shows its message...
        await pilot.pause()
        await pilot.press("ctrl+s")  # ...and the save does not happen
        await pilot.pause()
        message = last_error(app)
        assert form_label("duration", "ja") in message and "3 months" in message
        assert app.focused is editor
        assert editor.value == "3 months"
        assert app.state.models["b"].planned_duration.count == 2
    assert plan.read_text(encoding="utf-8") == PLAN


async def test_ctrl_q_with_typed_text_asks_before_quitting(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        await pilot.pause()
        await type_into(app, pilot, "notes", "要確認")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-quit"
        assert app.state.raw("a")["notes"] == "要確認"
        await pilot.click("#choice-save")
        await pilot.pause()
    assert 'notes = "要確認"' in plan.read_text(encoding="utf-8")


async def test_ctrl_q_with_text_that_cannot_be_read_stays_and_points_at_it(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        await pilot.pause()
        editor = await type_into(app, pilot, "deadline", "来年")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert form_label("deadline", "ja") in last_error(app)
        assert app.is_running and app.focused is editor
        assert not isinstance(app.screen, ChoiceDialog)
    assert plan.read_text(encoding="utf-8") == PLAN


async def test_ctrl_z_first_reverts_the_text_being_typed(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        await pilot.pause()
        await enter_field(app, pilot, "title", "一")
        editor = await type_into(app, pilot, "title", "一二")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert editor.value == "一" and app.state.models["a"].title == "一"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert editor.value == "現行調査" and not app.dirty


async def test_ctrl_q_in_an_open_settings_dialog_asks_to_close_it_first(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        app.screen.query_one("#plan-title", Input).value = "新しい名前"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert app.messages[-1] == ("warning", text("tui.quit.dialog_open", "ja"))


# -- the command: no terminal, and a crash ----------------------------------------------------


def test_edit_without_a_terminal_exits_2_with_one_line(plan: Path) -> None:
    import os
    import subprocess
    import sys

    environment = {key: value for key, value in os.environ.items() if key != "TEXTUAL_DRIVER"}
    done = subprocess.run(
        [sys.executable, "-m", "roadmap.cli", "edit", str(plan), "--lang", "en"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"roadmap: {text('tui.no_tty', 'en')}"]
    assert done.stdout == ""


def test_the_command_reports_the_recovery_file_after_a_crash_and_exits_2(
    plan: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from textual.app import App
    from textual.pilot import Pilot

    import roadmap.cli.commands.edit

    async def crash(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, RoadmapApp)
        await pilot.pause()
        app.apply_field("a", "title", "現行調査 (未保存)")
        monkeypatch.setattr(StatusBar, "render", boom)
        app.main.query_one(StatusBar).refresh()  # the next paint fails, and the app stops

    def run_headless(self: RoadmapApp) -> None:
        App.run(self, headless=True, size=SIZE, auto_pilot=crash)

    monkeypatch.setattr(roadmap.cli.commands.edit, "has_terminal", lambda: True)
    monkeypatch.setattr(RoadmapApp, "run", run_headless)
    assert roadmap.cli.commands.edit.main([str(plan), "--lang", "en"]) == 2
    line = capsys.readouterr().err.splitlines()[-1]
    assert line == "roadmap: " + text("tui.recover.written", "en", paths=recovery_path(plan))
    assert "現行調査 (未保存)" in recovery_path(plan).read_text(encoding="utf-8")
    assert plan.read_text(encoding="utf-8") == PLAN


# -- a plan whose initiatives are interleaved with other tables -------------------------------

INTERLEAVED = """\
[plan]
title = "テスト町"
start = 2026-04-01

[initiatives.a]
title = "現行調査"
duration = "1mo"

[teams."A"]
capacity = 1

[initiatives.b]
title = "Fit&Gap"
duration = "2mo"
depends_on = ["a"]
"""


async def test_a_plan_with_tables_between_its_initiatives_is_editable(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(INTERLEAVED, encoding="utf-8")
    app = RoadmapApp(path)
    async with app.run_test(size=SIZE) as pilot:
        app.select("b")
        await pilot.pause()
        await enter_field(app, pilot, "owner", "住民課")
        app.select("a")
        await pilot.pause()
        await enter_field(app, pilot, "notes", "先に着手")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.messages[-1] == ("information", text("tui.saved", "ja", path=path))
    saved = path.read_text(encoding="utf-8")
    assert app.state.models["b"].owner == "住民課"
    assert saved.index('notes = "先に着手"') < saved.index('[teams."A"]')
    assert saved.index('[teams."A"]') < saved.index('owner = "住民課"')


async def test_text_that_reads_as_the_applied_value_is_not_pending(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        await pilot.pause()
        await enter_field(app, pilot, "cost.initial", "1000")  # shown as 1,000 once applied
        await enter_field(app, pilot, "tags", "窓口,オンライン")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.pending_fields() == [] and not app.dirty
        assert text("tui.unsaved", "ja") not in status_text(app)
    assert "initial = 1000" in plan.read_text(encoding="utf-8")
