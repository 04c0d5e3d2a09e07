"""The editor and a plan file changed on disk: watched, merged field by field, undoable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input

from tui.app import RoadmapApp
from tui.screens.dialogs import ChoiceDialog
from tui.screens.merge import MergeScreen
from tui.widgets.status_bar import StatusBar

SMALL = """\
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

SIZE = (120, 40)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def status_text(app: RoadmapApp) -> str:
    return str(app.main.query_one(StatusBar).render())


def change_on_disk(path: Path, old: str, new: str) -> str:
    """Edit the file as a colleague or a git pull would; returns the new text."""
    body = path.read_text(encoding="utf-8")
    assert old in body
    body = body.replace(old, new, 1)
    path.write_text(body, encoding="utf-8")
    return body


async def test_a_disjoint_change_on_disk_is_merged_and_both_are_saved(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("a", "duration", "3mo")
        change_on_disk(small, 'title = "Fit&Gap"', 'title = "Fit&Gap 分析"  # 課長コメント')
        assert app.check_disk()
        await pilot.pause()
        assert app.state.models["a"].planned_duration.count == 3
        assert app.state.models["b"].title == "Fit&Gap 分析"
        assert "ディスク上の変更を取り込み済み" in status_text(app)
        assert any("取り込みました" in message for _, message in app.messages)
        assert app.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)  # merged: the base is the file on disk
    saved = small.read_text(encoding="utf-8")
    assert 'duration = "3mo"' in saved
    assert 'title = "Fit&Gap 分析"  # 課長コメント' in saved


async def test_the_watch_reads_a_change_when_nothing_was_edited(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        assert not app.check_disk()  # nothing changed
        os.utime(small)  # touched only: the content is the same
        assert not app.check_disk()
        change_on_disk(small, 'title = "現行調査"', 'title = "現行業務調査"')
        assert app.check_disk()
        await pilot.pause()
        assert app.state.models["a"].title == "現行業務調査"
        assert not app.dirty
        assert not app.check_disk()  # the same change is not reported twice


async def test_a_conflict_is_shown_and_mine_can_be_chosen(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("b", "duration", "3mo")
        change_on_disk(small, 'duration = "2mo"', 'duration = "5mo"')
        change_on_disk(small, 'title = "現行調査"', 'title = "現行業務調査"')
        assert app.check_disk()
        await pilot.pause()
        assert "ディスク上で変更されました — 取り込み: ctrl+r" in status_text(app)
        assert app.state.models["b"].planned_duration.count == 3  # nothing merged yet
        app.table.focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, MergeScreen)
        shown = [str(label.render()) for label in app.screen.query("Button")]
        assert any("自分: 3mo" in label for label in shown)
        assert any("ディスク: 5mo" in label for label in shown)
        await pilot.click("#mine-0")
        await pilot.click("#merge-apply")
        await pilot.pause()
        assert app.state.models["b"].planned_duration.count == 3
        assert app.state.models["a"].title == "現行業務調査"  # their other change is in
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = small.read_text(encoding="utf-8")
    assert 'duration = "3mo"' in saved and 'title = "現行業務調査"' in saved


async def test_a_conflict_resolved_to_theirs_takes_the_value_on_disk(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("b", "duration", "3mo")
        app.apply_field("a", "title", "調査")
        change_on_disk(small, 'duration = "2mo"', 'duration = "5mo"')
        app.table.focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, MergeScreen)
        await pilot.click("#theirs-0")
        chosen = app.screen.query_one("#theirs-0").render()
        assert "✔ ディスク: 5mo" in str(chosen)  # the choice reads without colour too
        await pilot.click("#merge-apply")
        await pilot.pause()
        assert app.state.models["b"].planned_duration.count == 5
        assert app.state.models["a"].title == "調査"  # my other edit is kept


async def test_cancelling_the_merge_changes_nothing(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("b", "duration", "3mo")
        change_on_disk(small, 'duration = "2mo"', 'duration = "5mo"')
        app.table.focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.state.models["b"].planned_duration.count == 3
        await pilot.press("ctrl+s")  # still refused: the file changed since it was loaded
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-conflict"
    assert 'duration = "5mo"' in small.read_text(encoding="utf-8")


async def test_one_undo_takes_back_a_merge(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("a", "duration", "3mo")
        before = app.state.current_text()
        change_on_disk(small, 'title = "Fit&Gap"', 'title = "Fit&Gap 分析"')
        assert app.check_disk()
        await pilot.pause()
        app.table.focus()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.current_text() == before
        assert app.state.models["b"].title == "Fit&Gap"
        assert "ディスク上で変更されました" in status_text(app)
        await pilot.press("ctrl+s")  # after the undo the newer file is still protected
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-conflict"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.state.models["b"].title == "Fit&Gap 分析"
        assert app.state.models["a"].planned_duration.count == 3


async def test_a_reload_that_drops_edits_can_be_undone(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("a", "duration", "3mo")
        app.table.focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-reload"
        await pilot.click("#choice-reload")
        await pilot.pause()
        assert app.state.models["a"].planned_duration.count == 1
        assert not app.dirty
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.models["a"].planned_duration.count == 3
        assert app.dirty


async def test_a_save_refused_for_a_change_on_disk_offers_to_merge(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("a", "duration", "3mo")
        change_on_disk(small, 'title = "Fit&Gap"', 'title = "Fit&Gap 分析"')
        app.table.focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-conflict"
        await pilot.click("#choice-merge")
        await pilot.pause()
        assert app.state.models["b"].title == "Fit&Gap 分析"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = small.read_text(encoding="utf-8")
    assert 'duration = "3mo"' in saved and 'title = "Fit&Gap 分析"' in saved


async def test_saving_with_an_unreadable_field_says_nothing_was_saved(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        await pilot.pause()
        editor = app.form.query_one("#field-duration", Input)
        editor.focus()
        editor.value = "abc"
        await pilot.press("ctrl+s")
        await pilot.pause()
        severity, message = app.messages[-1]
        assert severity == "error"
        assert message.startswith("保存していません: 「期間」")
        assert not any("保存しました" in m for _, m in app.messages)
    assert small.read_text(encoding="utf-8") == SMALL


async def test_a_save_names_a_dependency_typed_but_not_added(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("a", "title", "調査")
        app.select("b")
        await pilot.pause()
        app.form.query_one("#dep-search", Input).value = "zz"
        await pilot.press("ctrl+s")
        await pilot.pause()
        severity, message = app.messages[-1]
        assert severity == "warning"
        assert "保存しました" in message and "「zz」は反映していません" in message


async def test_an_80_column_status_bar_still_shows_the_change_on_disk(small: Path) -> None:
    import html

    app = RoadmapApp(small)
    async with app.run_test(size=(80, 24)) as pilot:
        app.apply_field("b", "duration", "3mo")
        change_on_disk(small, 'duration = "2mo"', 'duration = "5mo"')
        assert app.check_disk()
        await pilot.pause()
        shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "ディスク上で変更されました — 取り込み: ctrl+r" in shown


def portfolio(tmp_path: Path) -> tuple[Path, Path]:
    """A main plan that includes departments/jumin.toml: (main, included)."""
    (tmp_path / "departments").mkdir()
    included = tmp_path / "departments" / "jumin.toml"
    included.write_text(
        '[initiatives.madoguchi]\ntitle = "書かない窓口"\nduration = "2mo"\n', "utf-8"
    )
    main = tmp_path / "town.toml"
    main.write_text(
        '[plan]\ntitle = "分割テスト町"\nstart = 2026-04-01\ninclude = ["departments/*.toml"]\n\n'
        '[initiatives.policy]\ntitle = "DX推進方針"\nduration = "1mo"\n',
        encoding="utf-8",
    )
    return main, included


async def test_an_included_file_changed_on_disk_is_merged_and_undone(tmp_path: Path) -> None:
    main, included = portfolio(tmp_path)
    app = RoadmapApp(main)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("madoguchi", "duration", "4mo")
        app.apply_field("policy", "title", "DX推進方針 (案)")
        change_on_disk(included, 'title = "書かない窓口"', 'title = "書かない窓口 (改)"')
        assert app.check_disk()
        await pilot.pause()
        assert app.state.models["madoguchi"].title == "書かない窓口 (改)"
        assert app.state.models["madoguchi"].planned_duration.count == 4
        assert app.state.models["policy"].title == "DX推進方針 (案)"
        app.table.focus()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.models["madoguchi"].title == "書かない窓口"
        assert app.state.models["madoguchi"].planned_duration.count == 4
        await pilot.press("ctrl+s")  # the edits were made against the older file: not written
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-conflict"
        await pilot.click("#choice-merge")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert 'title = "書かない窓口 (改)"\nduration = "4mo"' in included.read_text(encoding="utf-8")
    assert "DX推進方針 (案)" in main.read_text(encoding="utf-8")


async def test_reloading_a_multi_file_plan_can_be_undone(tmp_path: Path) -> None:
    main, _included = portfolio(tmp_path)
    app = RoadmapApp(main)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("madoguchi", "duration", "4mo")
        app.table.focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.click("#choice-reload")
        await pilot.pause()
        assert app.state.models["madoguchi"].planned_duration.count == 2
        assert not app.dirty
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.models["madoguchi"].planned_duration.count == 4
        assert app.dirty
