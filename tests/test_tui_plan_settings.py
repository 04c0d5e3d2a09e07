"""The plan settings editor as a user drives it: the [plan] table, validated, undoable."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from tui.app import RoadmapApp
from tui.screens.plan_settings import PlanSettingsScreen, read_plan_form
from tui.widgets.status_bar import StatusBar

PLAN = """\
# 小さな計画
[plan]
title = "テスト町" # 町の名前
start = 2026-04-01
calendar = "calendar"

# 最初の取組
[initiatives.a]
title = "現行調査"
duration = "1mo"

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


def status_text(app: RoadmapApp) -> str:
    return str(app.main.query_one(StatusBar).render())


async def open_settings(app: RoadmapApp, pilot: object) -> PlanSettingsScreen:
    await pilot.press("ctrl+e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, PlanSettingsScreen)
    return app.screen


async def test_a_later_status_date_moves_the_finish_and_saves_one_line(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        finish_before = app.state.finish()
        assert finish_before is not None and finish_before.isoformat() in status_text(app)
        screen = await open_settings(app, pilot)
        assert screen.query_one("#plan-start", Input).value == "2026-04-01"
        screen.query_one("#plan-status_date", Input).value = "2026-07-01"
        await pilot.click("#plan-ok")
        await pilot.pause()
        assert not isinstance(app.screen, PlanSettingsScreen)
        finish = app.state.finish()
        assert finish is not None and finish > finish_before
        assert app.state.settings is not None
        assert app.state.settings.status_date == dt.date(2026, 7, 1)
        assert finish.isoformat() in status_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = plan.read_text(encoding="utf-8")
        diff = [
            line
            for line in difflib.unified_diff(
                PLAN.splitlines(), saved.splitlines(), lineterm="", n=0
            )
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert diff == ["+status_date = 2026-07-01"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.finish() == finish_before
        assert finish_before.isoformat() in status_text(app)


async def test_a_bad_date_is_shown_next_to_the_field_and_not_applied(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        finish_before = app.state.finish()
        screen = await open_settings(app, pilot)
        field = screen.query_one("#plan-status_date", Input)
        field.value = "2026-13-01"
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        message = screen.query_one("#plan-msg-status_date", Static)
        assert message.display and "YYYY-MM-DD" in str(message.render())
        assert field.has_class("-invalid")
        await pilot.press("escape")
        await pilot.pause()
        assert app.state.finish() == finish_before
        assert not app.dirty
        assert plan.read_text(encoding="utf-8") == PLAN


async def test_switching_to_business_days_and_a_new_title_from_the_palette(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.run_action("plan_settings")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlanSettingsScreen)
        screen.query_one("#plan-title", Input).value = "新テスト町"
        screen.query_one("#plan-calendar", Select).value = "business"
        screen.query_one("#plan-holidays", Input).value = "2026-04-10, 2026-04-13"
        await pilot.click("#plan-ok")
        await pilot.pause()
        assert app.state.settings is not None
        assert app.state.settings.calendar == "business"
        assert app.state.settings.holidays == [dt.date(2026, 4, 10), dt.date(2026, 4, 13)]
        assert app.title.startswith("新テスト町")
        text = app.state.current_text()
        assert 'title = "新テスト町" # 町の名前' in text and "# 最初の取組" in text


def test_the_palette_lists_the_plan_settings() -> None:
    from tui.palette import ACTIONS

    assert ("plan_settings", "tui.binding.plan_settings", "ctrl+e") in ACTIONS
    assert ("edit_kpis", "tui.binding.edit_kpis", "k") in ACTIONS


def test_reading_the_form_returns_only_the_changed_keys() -> None:
    settings = {"title": "町", "start": dt.date(2026, 4, 1), "calendar": "calendar"}
    values = {
        "title": "町",
        "start": "2026-04-01",
        "calendar": "calendar",
        "deadline": "2027-03-31",
        "year_end_closure": "12-28, 01-04",
    }
    changes, errors = read_plan_form(values, settings)
    assert errors == {}
    assert changes == {"deadline": dt.date(2027, 3, 31), "year_end_closure": ["12-28", "01-04"]}


def test_reading_the_form_refuses_an_impossible_closure_day() -> None:
    settings = {"title": "町", "start": dt.date(2026, 4, 1)}
    values = {"title": "町", "start": "2026-04-01", "year_end_closure": "12-29, 02-30"}
    changes, errors = read_plan_form(values, settings)
    assert changes is None and set(errors) == {"year_end_closure"}
    assert "MM-DD" in errors["year_end_closure"]
