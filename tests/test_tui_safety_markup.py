"""Plan text is literal text in every widget: ids, titles and owners that look like markup
(``a[/]b``, ``[bold]x``, ``[link=x]``) neither crash the editor nor change how they are shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input, OptionList, Select, Static

from tui.app import RoadmapApp
from tui.screens.dialogs import ChoiceDialog
from tui.widgets.detail_form import DetailForm
from tui.widgets.gantt import HEADER_ROWS

SIZE = (140, 40)

PLAN = """\
[plan]
title = "[bold]町"
start = 2026-04-01

[initiatives."a[/]b"]
title = "[link=x]調査[/link] [/]"
owner = "[b]課"
duration = "1mo"

[initiatives."[bold]x"]
title = "a [/] b"
duration = "2mo"
depends_on = ["a[/]b"]

[[initiatives."[bold]x".kpis]]
name = "[/]件数"
baseline = 1
target = 2

[initiatives."[link=x]"]
title = "[red]赤"
duration = "1mo"
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def shown(widget: Static) -> str:
    visual = widget.visual
    return visual.plain if isinstance(visual, Content) else str(widget.render())


def prompts(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_a_predecessor_named_like_markup_is_listed_as_written(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.jump_to_initiative("[bold]x", "depends_on")
        await pilot.pause()
        listing = app.form.query_one("#dep-list", OptionList)
        assert prompts(listing) == ["a[/]b  FS  [link=x]調査[/link] [/]"]
        assert app.is_running
    assert app.return_code in (None, 0)


async def test_the_dependency_picker_offers_markup_like_ids_as_written(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.jump_to_initiative("[link=x]", "depends_on")
        await pilot.pause()
        search = app.form.query_one("#dep-search", Input)
        search.value = "a[/"
        await pilot.pause()
        candidates = app.form.query_one("#dep-candidates", OptionList)
        offered = prompts(candidates)
        assert "a[/]b  [link=x]調査[/link] [/]" in offered
        candidates.focus()
        candidates.highlighted = offered.index("a[/]b  [link=x]調査[/link] [/]")
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.raw("[link=x]")["depends_on"] == ["a[/]b"]
        assert prompts(app.form.query_one("#dep-list", OptionList))[0].startswith("a[/]b  FS")
    assert app.return_code in (None, 0)


async def test_dialogs_and_notifications_name_markup_like_ids_as_written(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a[/]b")
        await pilot.pause()
        app.table.focus()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        texts = " ".join(shown(widget) for widget in app.screen.query(Static))
        assert "a[/]b" in texts and "- [bold]x" in texts
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c", "enter")  # duplicate: the notification names the copy
        await pilot.pause()
        assert app.messages[-1][1] == "「a[/]b-copy」を複製しました"
        assert "a[/]b-copy" in app.table.ids
        app.select("[bold]x")
        await pilot.press("k")  # the KPI editor's title names the initiative
        await pilot.pause()
        assert "[bold]x" in " ".join(shown(label) for label in app.screen.query(Static))
        kpis = app.screen.query_one("#kpi-list", OptionList)
        assert prompts(kpis)[0].startswith("[/]件数")
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_owner_filter_title_and_tooltip_show_markup_as_written(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        owners = app.main.query_one("#filter-owner", Select)
        owners.value = "[b]課"
        await pilot.pause()
        assert app.table.ids == ["a[/]b"]
        await pilot.press("f3")
        await pilot.pause()
        await pilot.hover("#gantt", offset=(30, HEADER_ROWS))  # over the only row
        await pilot.pause()
        tooltip = app.gantt.tooltip
        assert isinstance(tooltip, Content)
        assert "[link=x]調査[/link] [/] (a[/]b)" in tooltip.plain
        title = app.form.query_one("#field-title", Input)
        assert isinstance(app.form, DetailForm) and title.value == "[link=x]調査[/link] [/]"
    assert app.return_code in (None, 0)
