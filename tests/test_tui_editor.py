"""The editor's naming flows: the id is asked when adding or duplicating, an id is
renamed with every reference as one undoable edit, a copy starts as planned, and deleting says
what goes with the initiative."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input, Static

from roadmap.core.model.plan import Status
from tui.app import RoadmapApp
from tui.screens.dialogs import ChoiceDialog, IdDialog

PLAN = """\
[plan]
title = "テスト町"
start = 2026-04-01

[initiatives.a]
title = "現行調査"
duration = "1mo"
status = "done"
progress = 100
actual_start = 2026-04-01
actual_finish = 2026-04-30

[initiatives.a.cost]
initial = 1200000

[[initiatives.a.kpis]]
name = "窓口待ち時間"

[initiatives.b]
title = "Fit&Gap"
duration = "2mo"
depends_on = ["a"]  # 調査のあと

[initiatives.c]
title = "本番移行"
duration = "1mo"
depends_on = [
  "b",
  { id = "a", type = "SS" },
]
"""

SIZE = (120, 40)


def dialog_text(dialog: ChoiceDialog) -> str:
    """Everything a dialog says, its static texts joined."""
    return " ".join(
        widget.visual.plain if isinstance(widget.visual, Content) else ""
        for widget in dialog.query(Static)
    )


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


async def type_id(pilot: object, app: RoadmapApp, value: str) -> IdDialog:
    dialog = app.screen
    assert isinstance(dialog, IdDialog)
    field = dialog.query_one("#id-input", Input)
    field.value = value
    await pilot.pause()  # type: ignore[attr-defined]
    return dialog


async def test_adding_asks_for_the_id_and_checks_it(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        app.table.focus()
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, IdDialog)
        assert dialog.query_one("#id-input", Input).value == "new"  # the suggestion
        await type_id(pilot, app, "b")
        assert dialog.error == "「b」は既にあります"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # refused: still asking
        await type_id(pilot, app, "x y")
        assert dialog.error == "ID に空白や制御文字は使えません"
        await type_id(pilot, app, "")
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.error == "ID を入力してください"
        await type_id(pilot, app, "基盤-調査")
        assert dialog.error == ""
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.order == ["a", "基盤-調査", "b", "c"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert '[initiatives."基盤-調査"]' in plan.read_text(encoding="utf-8")


async def test_escape_adds_nothing(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.table.focus()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.state.order == ["a", "b", "c"]
        assert not app.dirty


async def test_a_copy_is_named_and_starts_as_planned(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        app.table.focus()
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, IdDialog)
        assert dialog.query_one("#id-input", Input).value == "a-copy"
        await type_id(pilot, app, "a2")
        await pilot.press("enter")
        await pilot.pause()
        copy = app.state.models["a2"]
        assert copy.status == Status.PLANNED
        assert copy.progress in (None, 0)
        assert copy.actual_start is None and copy.actual_finish is None
        assert copy.cost is not None and copy.cost.initial == 1_200_000  # the rest is copied
        original = app.state.models["a"]
        assert original.status == Status.DONE and original.progress == 100


async def test_renaming_updates_every_reference_as_one_undoable_edit(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        app.table.focus()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, IdDialog)
        assert dialog.query_one("#id-input", Input).value == "a"
        await type_id(pilot, app, "survey")
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.order == ["survey", "b", "c"]
        assert app.selected == "survey"
        assert [d.id for d in app.state.models["b"].depends_on] == ["survey"]
        assert [d.id for d in app.state.models["c"].depends_on] == ["b", "survey"]
        assert app.state.models["survey"].kpis[0].name == "窓口待ち時間"
        assert "「a」を「survey」に変更しました" in app.messages[-1][1]
        renamed = app.state.current_text()
        await pilot.press("ctrl+z")  # one undo puts everything back
        await pilot.pause()
        assert app.state.current_text() == PLAN
        assert app.state.order == ["a", "b", "c"]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.state.current_text() == renamed
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert sorted(changed_lines(PLAN, plan.read_text(encoding="utf-8"))) == sorted(
        [
            "-[initiatives.a]",
            "+[initiatives.survey]",
            "-[initiatives.a.cost]",
            "+[initiatives.survey.cost]",
            "-[[initiatives.a.kpis]]",
            "+[[initiatives.survey.kpis]]",
            '-depends_on = ["a"]  # 調査のあと',
            '+depends_on = ["survey"]  # 調査のあと',
            '-  { id = "a", type = "SS" },',
            '+  { id = "survey", type = "SS" },',
        ]
    )


async def test_rename_is_in_the_command_palette(plan: Path) -> None:
    app = RoadmapApp(plan, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        app.select("b")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Rename id")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IdDialog)
        await type_id(pilot, app, "fit-gap")
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.order == ["a", "fit-gap", "c"]


async def test_delete_lists_dependents_kpis_and_cost_lines(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=SIZE) as pilot:
        app.select("a")
        app.table.focus()
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        body = dialog_text(dialog)
        assert "- b" in body and "- c" in body
        assert "一緒に削除される KPI" in body and "- 窓口待ち時間" in body
        assert "一緒に削除される費用" in body and "初期費用 (円): 1,200,000" in body
        await pilot.press("escape")
        await pilot.pause()
        assert app.state.order == ["a", "b", "c"]


async def test_delete_lists_the_budget_cost_lines_too(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(
        PLAN
        + """
[[initiatives.b.costs]]
name = "構築委託"
item = "委託料"
amount = 12_000_000

[[initiatives.b.costs]]
name = "利用料"
item = "使用料及び賃借料"
annual = 2_400_000
""",
        encoding="utf-8",
    )
    app = RoadmapApp(path)
    async with app.run_test(size=SIZE) as pilot:
        app.select("b")
        app.table.focus()
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        body = dialog_text(dialog)
        assert "一緒に削除される費用" in body
        assert "委託料 構築委託  金額 (円): 12,000,000" in body
        assert "使用料及び賃借料 利用料  年間運用費 (円): 2,400,000" in body


def test_the_id_dialog_is_centred_like_the_other_dialogs() -> None:
    css = (Path(__file__).resolve().parent.parent / "tui" / "app.tcss").read_text()
    centred = css.split("{", 1)[0] if False else css
    selectors = next(
        line for line in centred.splitlines() if "ChoiceDialog" in line and "{" in line
    )
    assert "PathDialog" in selectors and "IdDialog" in selectors
