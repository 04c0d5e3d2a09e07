"""Forms and feedback: dates say what is wrong, stale typing is forgotten when another
initiative is shown, End goes to the last row, the export dialog is centred and a bad folder
says so, the palette speaks Japanese, and cycle members show no computed dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Footer, Input, OptionList

from tui.app import RoadmapApp
from tui.fields import parse_value
from tui.screens.dialogs import PathDialog

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

[initiatives.c]
title = "本番移行"
duration = "1mo"
depends_on = ["b"]
"""

CYCLE = """\
[plan]
title = "循環"
start = 2026-04-01

[initiatives.a]
title = "A"
duration = "1mo"
depends_on = ["b"]

[initiatives.b]
title = "B"
duration = "1mo"
depends_on = ["a"]

[initiatives.ok]
title = "OK"
duration = "1mo"
"""

SIZE = (120, 40)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("typed", "lang", "message"),
    [
        ("2026-13-01", "ja", "13月はありません"),
        ("2026-02-30", "ja", "2月30日はありません"),
        ("2026-04-31", "ja", "4月31日はありません"),
        ("2026-00-10", "ja", "0月はありません"),
        ("2026/4/1", "ja", "日付は YYYY-MM-DD で入力してください"),
        ("2026-02-30", "en", "There is no day 30 in month 2"),
    ],
)
def test_a_bad_date_says_what_is_wrong(typed: str, lang: str, message: str) -> None:
    assert parse_value("date", typed, lang).error == message  # type: ignore[arg-type]


async def test_another_initiative_forgets_the_search_and_the_invalid_text(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("b")
        await pilot.pause()
        form = app.form
        deadline = form.query_one("#field-deadline", Input)
        deadline.focus()
        deadline.value = "2026-02-30"
        await pilot.press("enter")
        await pilot.pause()
        assert "2月30日はありません" in str(form.query_one("#msg-deadline").render())
        search = form.query_one("#dep-search", Input)
        search.focus()
        search.value = "現行"
        await pilot.pause()
        assert form.query_one("#dep-candidates", OptionList).display
        app.select("c")
        await pilot.pause()
        assert search.value == ""
        assert not form.query_one("#dep-candidates", OptionList).display
        assert deadline.value == ""
        assert not deadline.has_class("-invalid")
        assert str(form.query_one("#msg-deadline").render()).strip() == ""
        assert app.state.document is not None
        assert app.state.document.get_field("b", "deadline") is None


async def test_end_goes_to_the_last_row(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.table.focus()
        await pilot.press("end")
        await pilot.pause()
        assert app.table.cursor_row == 2 and app.selected == "c"
        await pilot.press("home")
        await pilot.pause()
        assert app.table.cursor_row == 0 and app.selected == "a"


async def test_the_export_dialog_is_centred_and_a_bad_folder_is_named(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.table.focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        box = dialog.query_one(".dialog").region
        assert abs(box.x - (SIZE[0] - box.right)) <= 1  # centred across
        assert box.y > 0
        missing = plan.parent / "no-such-folder" / "report.md"
        dialog.query_one("#path-input", Input).value = str(missing)
        await pilot.press("enter")
        await pilot.pause()
        severity, message = app.messages[-1]
        assert severity == "error"
        assert (
            message
            == f"フォルダ「{missing.parent}」がありません。既にあるフォルダを指定してください"
        )
        assert "Errno" not in message and ".tmp" not in message


async def test_the_palette_and_the_footer_speak_japanese(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        binding = app.screen.active_bindings["ctrl+p"].binding
        assert binding.description == "コマンド"  # what the footer shows, not "palette"
        assert app.main.query_one(Footer).show_command_palette
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        prompt = palette.query_one(Input)
        assert prompt.placeholder == "コマンドを検索…"
        await pilot.press(*"zzzz")
        await pilot.pause(0.5)
        options = palette.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("該当するコマンドはありません" in item for item in shown)
        assert not any("No matches found" in item for item in shown)


async def test_cycle_members_show_no_computed_dates(tmp_path: Path) -> None:
    path = tmp_path / "cycle.toml"
    path.write_text(CYCLE, encoding="utf-8")
    app = RoadmapApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.state.cycle_members == {"a", "b"}
        for member in ("a", "b"):
            row = app.state.row(member)
            assert row.start is None and row.finish is None and not row.critical
        assert app.state.row("ok").start is not None
        app.action_show_tab("tab-gantt")
        await pilot.pause()
        _label, timeline = app.gantt.row_strips("a")
        assert not set(timeline.text) - {" "}  # no bar
        assert "依存関係が循環しているため日程を計算できません" in app.gantt.describe("a")
        _label, timeline = app.gantt.row_strips("ok")
        assert "▬" in timeline.text or "▰" in timeline.text
