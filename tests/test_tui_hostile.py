"""Plan text that looks like markup is shown as written everywhere in the TUI."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tui.app import RoadmapApp
from tui.widgets.detail_form import widget_id

PLAN = """\
[plan]
title = "計画 [/] [red]赤"
start = 2026-04-01

[teams."[/x]"]
capacity = 1

[initiatives.base]
title = "a [/] b [bold]c"
owner = "[b]課"
duration = { optimistic = "10d", likely = "20d", pessimistic = "40d" }
staffing = { "[/x]" = 2 }
cost = { initial = 100, funding = "[/]基金" }

[[initiatives.base.kpis]]
name = "[/]件数"
baseline = 1
target = 2

[initiatives.next]
title = "[link=x]次[/link] [/]"
duration = "5d"
depends_on = ["base"]
"""


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


async def test_every_tab_and_the_delete_dialog_show_markup_like_text(plan_path: Path) -> None:
    app = RoadmapApp(plan_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        for key in ("f3", "f4", "f5", "f7", "f8", "f9", "f10", "r", "f2"):
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        app.select("base")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        shown = " ".join(str(widget.render()) for widget in app.screen.query(Static))
        assert "- next" in shown  # the dependent, named in the confirmation
        await pilot.press("escape")
        await pilot.pause()
        title = app.screen.query_one("#" + widget_id("title"), Input)
        assert title.value == "a [/] b [bold]c"
    assert app.return_code in (None, 0)
    assert plan_path.read_text(encoding="utf-8") == PLAN
