"""The initiative table after edits: only changed cells are rewritten, yet it shows the plan.

The table keeps shared cells and its renderings across edits; these tests check that what it
shows (and draws) after edits, sorting and cursor moves is what a fresh table would show.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tui.app import RoadmapApp
from tui.widgets.initiative_table import InitiativeTable

PLAN = """\
[plan]
title = "テスト町"
start = 2026-04-01

[initiatives.survey]
title = "現行調査"
duration = "2w"

[initiatives.fit]
title = "Fit&Gap"
duration = "3w"
depends_on = ["survey"]

[initiatives.data]
title = "データ移行"
duration = "1w"

[initiatives.move]
title = "本番移行"
duration = "2w"
depends_on = ["fit", "data"]
deadline = 2026-06-30

[initiatives.train]
title = "職員研修"
duration = "4w"
"""


def _plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _shown(table: InitiativeTable) -> list[tuple[str, ...]]:
    """The text of every row, top to bottom."""
    return [tuple(cell.plain for cell in table.get_row_at(row)) for row in range(table.row_count)]


def _expected(app: RoadmapApp) -> list[tuple[str, ...]]:
    """What a fresh table would show for the app's rows."""
    return [tuple(cell.plain for cell in app.table.cells(row)) for row in app.visible_rows()]


def _drawn(table: InitiativeTable) -> list[list[object]]:
    return [list(table.render_line(y)) for y in range(table.size.height)]


def _drawn_afresh(table: InitiativeTable) -> list[list[object]]:
    table._clear_caches()
    table._update_count += 1
    return _drawn(table)


async def _set_duration(app: RoadmapApp, pilot: object, initiative_id: str, value: str) -> None:
    app.select(initiative_id)
    editor = app.form.query_one("#field-duration", Input)
    editor.focus()
    editor.value = value
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_a_longer_duration_moves_the_dates_of_the_work_that_follows(tmp_path: Path) -> None:
    app = RoadmapApp(_plan(tmp_path))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        before = dict(zip(app.table.ids, _shown(app.table), strict=True))
        await _set_duration(app, pilot, "survey", "6w")
        after = dict(zip(app.table.ids, _shown(app.table), strict=True))
        assert after["move"][6] > before["move"][6]  # finish moved later
        assert after["train"][5:7] == before["train"][5:7]  # unrelated work keeps its dates
        assert int(after["train"][7]) > int(before["train"][7])  # more float to the new finish
        assert _shown(app.table) == _expected(app)


async def test_the_repaint_after_edits_and_cursor_moves_matches_a_fresh_one(
    tmp_path: Path,
) -> None:
    app = RoadmapApp(_plan(tmp_path))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        table = app.table
        for value in ("5w", "1d", "12w"):
            await _set_duration(app, pilot, "fit", value)
            assert _drawn(table) == _drawn_afresh(table)
        table.focus()
        for key in ("down", "down", "up", "end", "home"):
            await pilot.press(key)
            await pilot.pause()
            assert _drawn(table) == _drawn_afresh(table)


async def test_a_table_sorted_by_finish_reorders_when_an_edit_moves_a_finish(
    tmp_path: Path,
) -> None:
    app = RoadmapApp(_plan(tmp_path))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        app.table.post_message(InitiativeTable.SortRequested("finish", False))
        await pilot.pause()
        first_order = app.table.ids
        await _set_duration(app, pilot, "data", "30w")
        assert app.table.ids != first_order
        assert app.table.ids[-1] == "move"  # waits for the longest work, so finishes last
        assert app.table.ids[-2] == "data"
        assert app.table.ids == [row.id for row in app.visible_rows()]
        assert _shown(app.table) == _expected(app)
        assert _drawn(app.table) == _drawn_afresh(app.table)


async def test_every_row_an_edit_changes_is_repainted_on_screen(tmp_path: Path) -> None:
    app = RoadmapApp(_plan(tmp_path))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        for initiative_id, value in (("survey", "6w"), ("data", "12w"), ("fit", "1d")):
            await _set_duration(app, pilot, initiative_id, value)
            on_screen = app.export_screenshot()
            app.table.refresh()
            await pilot.pause()
            assert app.export_screenshot() == on_screen


def _long_plan(tmp_path: Path, count: int = 120) -> Path:
    """A chain of ``count`` initiatives: a longer first one moves the dates of every row."""
    lines = ["[plan]", 'title = "長い計画"', "start = 2026-04-01", ""]
    for number in range(count):
        lines += [f"[initiatives.w{number:03d}]", f'title = "作業{number}"', 'duration = "3d"']
        if number:
            lines.append(f'depends_on = ["w{number - 1:03d}"]')
        lines.append("")
    path = tmp_path / "long.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


async def test_rows_far_below_the_screen_are_written_after_the_repaint(tmp_path: Path) -> None:
    app = RoadmapApp(_long_plan(tmp_path))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        table = app.table
        app.apply_field("w000", "duration", "3w")
        assert table.later  # the last rows wait for the repaint
        await pilot.pause()
        await pilot.pause()
        assert not table.later
        assert _shown(table) == _expected(app)
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        assert _drawn(table) == _drawn_afresh(table)


async def test_rows_scrolled_to_before_they_are_written_are_drawn_as_they_are_now(
    tmp_path: Path,
) -> None:
    app = RoadmapApp(_long_plan(tmp_path))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        table = app.table
        app.apply_field("w000", "duration", "5w")
        assert table.later
        table.move_cursor(row=table.row_count - 1, animate=False)
        table.scroll_end(animate=False, immediate=True)
        shown = _drawn(table)  # drawn before the repaint that writes them
        assert not table.later
        assert shown == _drawn_afresh(table)
        await pilot.pause()
        assert _shown(table) == _expected(app)
        # a filter or a sort places every row again: what was left is written first
        app.apply_field("w000", "duration", "1d")
        assert table.later
        app.table.post_message(InitiativeTable.SortRequested("finish", True))
        await pilot.pause()
        assert _shown(table) == _expected(app)
        assert table.ids == [row.id for row in app.visible_rows()]
