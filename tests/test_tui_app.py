"""The editor as a user drives it: Pilot flows asserting on the model, the file and the screen."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Select, Static

from roadmap.core.planfile.loader import load_plan
from tui.app import RoadmapApp
from tui.screens.dialogs import ChoiceDialog
from tui.screens.help import HelpScreen
from tui.screens.new_plan import NewPlanScreen
from tui.widgets.problems_panel import ProblemsPanel
from tui.widgets.status_bar import StatusBar

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"

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

[initiatives.c]
title = "本番移行"
duration = "1mo"
depends_on = ["b"]
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def status_text(app: RoadmapApp) -> str:
    return str(app.main.query_one(StatusBar).render())


async def enter_field(app: RoadmapApp, pilot: object, field_id: str, value: str) -> None:
    """Type ``value`` into a form field and press Enter."""
    editor = app.form.query_one(f"#{field_id}", Input)
    editor.focus()
    editor.value = value
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


# -- opening and selecting -------------------------------------------------------------------


async def test_opening_the_example_plan_lists_every_initiative_and_the_finish(
    example: Path,
) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert len(app.table.ids) == len(load_plan(example).plan.initiatives)  # type: ignore[union-attr]
        finish = app.state.finish()
        assert finish is not None
        assert finish.isoformat() in status_text(app)
        assert "クリティカル" in status_text(app)
        assert app.focused is app.table


async def test_moving_the_cursor_shows_the_initiative_in_the_form(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down")
        await pilot.pause()
        assert app.selected == "b"
        assert app.form.query_one("#field-title", Input).value == "Fit&Gap"
        assert app.form.query_one("#field-duration", Input).value == "2mo"
        heading = str(app.form.query_one("#detail-heading", Static).render())
        assert "b" in heading


# -- editing --------------------------------------------------------------------------------


async def test_a_longer_duration_moves_the_finish_and_the_status_bar_says_by_how_much(
    small: Path,
) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        before = app.state.finish()
        app.select("b")
        await enter_field(app, pilot, "field-duration", "3mo")
        after = app.state.finish()
        assert before is not None and after is not None and after > before
        assert app.state.models["b"].planned_duration.count == 3
        assert "保存時から +" in status_text(app)
        assert "開庁日" in status_text(app)
        assert "未保存" in status_text(app)
        assert app.table.get_cell("c", "finish").plain == after.isoformat()


async def test_a_bad_duration_is_shown_next_to_the_field_and_not_applied(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("b")
        finish = app.state.finish()
        await enter_field(app, pilot, "field-duration", "3 months")
        assert app.state.models["b"].planned_duration.count == 2
        assert app.state.finish() == finish
        message = app.form.query_one("#msg-duration", Static)
        assert message.display
        assert "3 months" in str(message.render())
        assert not app.edited  # the plan is unchanged...
        assert app.pending_fields() == ["duration"]  # ...but the typed text is not applied yet


async def test_changing_the_step_select_writes_the_step(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        app.form.query_one("#field-step", Select).value = "gov-cloud"
        await pilot.pause()
        assert app.state.document is not None
        assert app.state.document.get_field("a", "step") == "gov-cloud"


async def test_adding_duplicating_and_deleting_initiatives(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # the suggested id
        await pilot.pause()
        assert "new" in app.state.order
        assert app.state.order.index("new") == 1  # after the selected initiative
        app.action_show_tab("tab-table")
        app.select("b")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # the suggested id
        await pilot.pause()
        assert "b-copy" in app.state.order
        assert app.state.models["b-copy"].title.startswith("Fit&Gap")
        assert app.state.document is not None
        assert app.state.document.dependents_of("b-copy") == []


async def test_deleting_asks_lists_the_dependents_and_removes_their_entries(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("b")
        app.table.focus()
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert "- c" in dialog.body
        await pilot.click("#choice-delete")
        await pilot.pause()
        assert "b" not in app.state.order
        assert app.state.models["c"].depends_on == []
        assert "b" not in app.table.ids


async def test_cancelling_the_delete_keeps_everything(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        app.table.focus()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.state.order == ["a", "b", "c"]
        assert not app.dirty


async def test_a_dependency_that_would_close_a_cycle_is_refused_with_the_cycle(
    small: Path,
) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        search = app.form.query_one("#dep-search", Input)
        search.focus()
        await pilot.press(*"c")
        await pilot.pause()
        candidates = app.form.query_one("#dep-candidates", OptionList)
        assert candidates.option_count >= 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.models["a"].depends_on == []
        message = str(app.form.query_one("#msg-depends-on", Static).render())
        assert "a → b → c → a" in message


async def test_a_dependency_with_type_and_lag_is_added_from_the_search(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("c")
        app.form.query_one("#dep-type", Select).value = "SS"
        app.form.query_one("#dep-lag", Input).value = "1w"
        search = app.form.query_one("#dep-search", Input)
        search.focus()
        await pilot.press(*"現行")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        links = {link.id: link for link in app.state.models["c"].depends_on}
        assert links["a"].type.value == "SS"
        assert str(links["a"].lag) == "1w"
        assert 'depends_on = ["b", { id = "a", type = "SS", lag = "1w" }]' in (
            app.state.current_text()
        )


async def test_undo_and_redo_walk_the_history_even_from_a_focused_input(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("b")
        await enter_field(app, pilot, "field-duration", "4mo")
        await enter_field(app, pilot, "field-title", "Fit&Gap 確定")
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.models["b"].title == "Fit&Gap"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.models["b"].planned_duration.count == 2
        assert not app.dirty
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.state.models["b"].planned_duration.count == 4
        assert app.form.query_one("#field-duration", Input).value == "4mo"


async def test_undo_brings_back_a_deleted_initiative_and_its_dependents(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.delete_initiative("b")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.order == ["a", "b", "c"]
        assert app.state.current_text() == SMALL


# -- saving and quitting --------------------------------------------------------------------


async def test_save_is_a_one_line_diff_that_keeps_the_comments(example: Path) -> None:
    original = example.read_text(encoding="utf-8")
    app = RoadmapApp(example)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("std-koseki-fitgap")
        await enter_field(app, pilot, "field-duration", "6mo")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
        assert "未保存" not in status_text(app)
    saved = example.read_text(encoding="utf-8")
    changes = [
        line
        for line in difflib.unified_diff(
            original.splitlines(), saved.splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changes == ['-duration = "5mo"', '+duration = "6mo"']
    assert not list(example.parent.glob(".*.tmp"))


async def test_saving_without_edits_leaves_the_file_untouched(example: Path) -> None:
    before = example.stat().st_mtime_ns
    app = RoadmapApp(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert example.stat().st_mtime_ns == before


async def test_a_file_changed_on_disk_asks_before_overwriting(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        await enter_field(app, pilot, "field-duration", "2mo")
        small.write_text(SMALL + "\n# git pull で増えた行\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.id == "confirm-conflict"
        assert small.read_text(encoding="utf-8").endswith("# git pull で増えた行\n")
        await pilot.click("#choice-overwrite")
        await pilot.pause()
    assert 'duration = "2mo"' in small.read_text(encoding="utf-8").split("[initiatives.b]")[0]


async def test_merging_after_a_conflict_takes_the_file_from_disk_and_keeps_my_edit(
    small: Path,
) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        await enter_field(app, pilot, "field-duration", "2mo")
        small.write_text(SMALL.replace('title = "現行調査"', 'title = "現行調査 (更新)"'), "utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#choice-merge")
        await pilot.pause()
        assert app.state.models["a"].title == "現行調査 (更新)"
        assert app.state.models["a"].planned_duration.count == 2
        assert app.dirty


async def test_quitting_with_unsaved_changes_asks_and_cancel_stays(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        await enter_field(app, pilot, "field-duration", "2mo")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-quit"
        await pilot.click("#choice-cancel")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#choice-save")
        await pilot.pause()
    assert 'duration = "2mo"' in small.read_text(encoding="utf-8").split("[initiatives.b]")[0]


async def test_discarding_on_quit_leaves_the_file_as_it_was(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        await enter_field(app, pilot, "field-duration", "2mo")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#choice-discard")
        await pilot.pause()
    assert small.read_text(encoding="utf-8") == SMALL


# -- finding things -------------------------------------------------------------------------


async def test_search_filters_and_sort(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "search"
        await pilot.press(*"戸籍")
        await pilot.pause()
        assert app.table.ids and all(
            "戸籍" in app.state.models[i].title or "koseki" in i for i in app.table.ids
        )
        await pilot.press("enter")
        assert app.focused is app.table
        app.action_clear_filters()
        await pilot.pause()
        app.action_critical_only()
        await pilot.pause()
        critical = app.state.analysis.schedule.critical_ids  # type: ignore[union-attr]
        assert sorted(app.table.ids) == sorted(critical)
        app.action_clear_filters()
        app.main.query_one("#filter-step", Select).value = "gov-cloud"
        await pilot.pause()
        assert {app.state.models[i].step.value for i in app.table.ids} == {"gov-cloud"}  # type: ignore[union-attr]
        app.action_clear_filters()
        await pilot.pause()
        app.on_initiative_table_sort_requested(app.table.SortRequested("finish", True))
        await pilot.pause()
        finishes = [app.state.scheduled(i).finish for i in app.table.ids if app.state.scheduled(i)]  # type: ignore[union-attr]
        assert finishes == sorted(finishes, reverse=True)


async def test_a_plan_with_errors_opens_and_the_problems_panel_jumps_to_the_field(
    tmp_path: Path,
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(SMALL.replace('duration = "2mo"', 'duration = "2 months"'), encoding="utf-8")
    app = RoadmapApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "b" in app.table.ids
        assert "! b" in app.table.get_cell("b", "id").plain
        app.action_show_tab("tab-problems")
        await pilot.pause()
        panel = app.main.query_one(ProblemsPanel)
        assert any(p.code == "invalid-duration" for p in panel.problems)
        panel.focus()
        panel.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == "b"
        assert app.focused is app.form.query_one("#field-duration", Input)
        await enter_field(app, pilot, "field-duration", "2mo")
        assert "b" in app.state.models
        assert not app.state.analysis.has_errors


async def test_f1_and_question_mark_show_the_key_bindings(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = [key for key, _ in app.screen.rows]
        assert any("ctrl+s" in key for key in keys)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        # in an input, ? is typed, f1 still opens the help
        app.select("a")
        app.form.query_one("#field-owner", Input).focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.form.query_one("#field-owner", Input).value == "?"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_command_palette_runs_an_action(small: Path) -> None:
    app = RoadmapApp(small, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Duplicate")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the suggested id
        await pilot.pause()
        assert "a-copy" in app.state.order


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_editor_works_in_small_and_large_terminals(
    example: Path, size: tuple[int, int]
) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.table.region.width > 0
        narrow = size[0] < 110
        assert app.main.has_class("narrow") == narrow
        assert app.form.display == (not narrow) or app.form.region.width == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.form.region.width > 0
        assert app.focused is app.form.query_one("#field-title", Input)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.table


async def test_english_labels_with_lang_en(small: Path) -> None:
    app = RoadmapApp(small, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Finish" in status_text(app)
        assert str(app.table.columns[next(iter(app.table.columns))].label) == "ID"
        labels = [str(column.label) for column in app.table.columns.values()]
        assert "Title" in labels and "Total float" in labels
        form_labels = [str(label.render()) for label in app.form.query(".field-label")]
        assert "Duration" in form_labels and "Depends on" in form_labels


async def test_a_missing_file_offers_a_new_plan_and_saving_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "new-town.toml"
    app = RoadmapApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewPlanScreen)
        await pilot.click("#choice-create")
        await pilot.pause()
        assert app.state.order == ["dx-policy"]
        assert app.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.exists()
    assert load_plan(path).problems == []


async def test_export_writes_the_markdown_report_next_to_the_plan(small: Path) -> None:
    pytest.importorskip("exporters.markdown")
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")  # the default path: next to the plan
        await pilot.pause()
    report = small.with_name("small.report.md")
    assert report.exists()
    assert "テスト町" in report.read_text(encoding="utf-8")


async def test_a_file_that_is_not_toml_opens_read_only_with_its_problem(tmp_path: Path) -> None:
    path = tmp_path / "syntax.toml"
    path.write_text(SMALL.replace('title = "Fit&Gap"', 'title = "Fit&Gap'), encoding="utf-8")
    app = RoadmapApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.state.editable
        problems = app.main.query_one(ProblemsPanel).problems
        assert [p.code for p in problems] == ["toml-syntax"]
        assert "エラー 1" in status_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert path.read_text(encoding="utf-8").count("[initiatives.") == 3


async def test_reload_with_unsaved_edits_asks_first(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        await enter_field(app, pilot, "field-duration", "2mo")
        app.table.focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-reload"
        await pilot.press("escape")
        await pilot.pause()
        assert app.state.models["a"].planned_duration.count == 2


async def test_showing_another_initiative_does_not_write_its_selects(small: Path) -> None:
    app = RoadmapApp(small)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("b")
        app.form.query_one("#field-step", Select).value = "gov-cloud"
        await pilot.pause()
        app.select("c")
        app.add_initiative("new")
        await pilot.pause()
        assert app.state.document is not None
        assert app.state.document.get_field("new", "step") is None
        assert app.state.document.get_field("c", "step") is None
        assert app.state.document.get_field("b", "step") == "gov-cloud"
