"""The KPI editor as a user drives it: add, edit, delete, save, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Select, Static

from tui.app import RoadmapApp
from tui.screens.kpi_editor import KpiEditor, read_kpi_form

PLAN = """\
# 小さな計画
[plan]
title = "テスト町"
start = 2026-04-01

[initiatives.a]
title = "電子申請"
duration = "2mo"
# 申請の指標
[[initiatives.a.kpis]]
name = "オンライン申請率"
unit = "%"
baseline = 5
target = 30 # 国の目安

[[initiatives.a.kpis]]
name = "窓口件数"
unit = "件"
target = 100
direction = "lower"

# 次
[initiatives.b]
title = "研修"
duration = "1mo"
depends_on = ["a"]
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def kpi_names(app: RoadmapApp, initiative_id: str = "a") -> list[str]:
    model = app.state.models[initiative_id]
    return [kpi.name for kpi in model.kpis]


async def open_editor(app: RoadmapApp, pilot: object) -> KpiEditor:
    await pilot.press("k")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, KpiEditor)
    return app.screen


async def test_the_kpi_button_in_the_detail_form_opens_the_editor_with_the_kpis(
    plan: Path,
) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.form.query_one("#kpi-edit").press()
        await pilot.pause()
        assert isinstance(app.screen, KpiEditor)
        listing = app.screen.query_one("#kpi-list", OptionList)
        assert listing.option_count == 2
        assert app.screen.query_one("#kpi-name", Input).value == "オンライン申請率"
        assert app.screen.query_one("#kpi-target", Input).value == "30"


async def test_editing_a_target_is_saved_as_one_line_and_undone(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot)
        editor.query_one("#kpi-target", Input).value = "40"
        await pilot.click("#kpi-ok")
        await pilot.pause()
        assert not isinstance(app.screen, KpiEditor)
        assert app.state.models["a"].kpis[0].target == 40
        assert app.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = plan.read_text(encoding="utf-8")
        assert saved == PLAN.replace("target = 30 # 国の目安", "target = 40 # 国の目安")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.models["a"].kpis[0].target == 30
        assert app.dirty


async def test_adding_a_kpi_writes_a_new_table_and_shows_it_in_the_kpi_tab(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot)
        await pilot.click("#kpi-add")
        await pilot.pause()
        assert editor.query_one("#kpi-name", Input).has_focus
        editor.query_one("#kpi-name", Input).value = "満足度"
        editor.query_one("#kpi-unit", Input).value = "%"
        editor.query_one("#kpi-kind", Select).value = "output"
        editor.query_one("#kpi-target", Input).value = "80"
        editor.query_one("#kpi-due", Input).value = "2027-03-31"
        editor.query_one("#kpi-targets", Input).value = "2026=60, 2027=80"
        await pilot.click("#kpi-ok")
        await pilot.pause()
        assert kpi_names(app) == ["オンライン申請率", "窓口件数", "満足度"]
        new = app.state.models["a"].kpis[2]
        assert (new.kind, new.target, new.targets) == ("output", 80, {2026: 60, 2027: 80})
        await pilot.press("f9")
        await pilot.pause()
        kpi_tab = app.main.query_one("#kpi")
        assert "満足度" in " ".join(str(cell) for cell in _cells(kpi_tab))
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = plan.read_text(encoding="utf-8")
        assert saved.startswith(PLAN.split("# 次")[0].rstrip("\n"))
        assert '[[initiatives.a.kpis]]\nname = "満足度"\nunit = "%"\nkind = "output"\n' in saved
        assert saved.endswith(PLAN[PLAN.index("# 次") - 1 :])


async def test_deleting_a_kpi_removes_only_its_table(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot)
        listing = editor.query_one("#kpi-list", OptionList)
        listing.focus()
        await pilot.press("down")
        await pilot.pause()
        assert editor.query_one("#kpi-name", Input).value == "窓口件数"
        await pilot.click("#kpi-delete")
        await pilot.click("#kpi-ok")
        await pilot.pause()
        assert kpi_names(app) == ["オンライン申請率"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = plan.read_text(encoding="utf-8")
        assert "窓口件数" not in saved and 'direction = "lower"' not in saved
        assert "target = 30 # 国の目安" in saved and "# 次\n[initiatives.b]" in saved
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert kpi_names(app) == ["オンライン申請率", "窓口件数"]


async def test_a_bad_number_is_shown_next_to_the_field_and_not_applied(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot)
        target = editor.query_one("#kpi-target", Input)
        target.value = "三十"
        target.focus()
        await pilot.press("enter")
        await pilot.click("#kpi-ok")
        await pilot.pause()
        assert app.screen is editor
        message = editor.query_one("#kpi-msg-target", Static)
        assert message.display and "数値" in str(message.render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.state.models["a"].kpis[0].target == 30
        assert not app.dirty


def test_reading_the_form_keeps_unwritten_defaults_unwritten() -> None:
    base = {"name": "件数", "target": 10}
    values = {"name": "件数", "kind": "outcome", "direction": "higher", "target": "12"}
    kpi, errors = read_kpi_form(values, base)
    assert errors == {} and kpi == {"name": "件数", "target": 12}


def test_reading_the_form_reports_bad_targets_and_dates() -> None:
    values = {"name": "件数", "targets": "2026 twenty", "due": "3月末"}
    kpi, errors = read_kpi_form(values, {})
    assert kpi is None and set(errors) == {"targets", "due"}


def _cells(widget: object) -> list[object]:
    from textual.widgets import DataTable

    table = widget.query_one(DataTable)  # type: ignore[attr-defined]
    return [table.get_cell_at((row, col)) for row in range(table.row_count) for col in range(2)]


PORTFOLIO_MAIN = """\
[plan]
title = "分割テスト町"
start = 2026-04-01
include = ["departments/*.toml"]

[initiatives.policy]
title = "DX推進方針"
duration = "1mo"
"""

PORTFOLIO_PART = """\
# 住民課の取組
[initiatives.madoguchi]
title = "書かない窓口"  # 住民課が担当
duration = "2mo"

[initiatives.online]
title = "オンライン申請"
duration = "3mo"
"""


async def test_a_kpi_of_an_included_initiative_is_saved_in_its_own_file(tmp_path: Path) -> None:
    (tmp_path / "departments").mkdir()
    part = tmp_path / "departments" / "jumin.toml"
    part.write_text(PORTFOLIO_PART, encoding="utf-8")
    main = tmp_path / "town.toml"
    main.write_text(PORTFOLIO_MAIN, encoding="utf-8")
    app = RoadmapApp(main)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.select("madoguchi")
        assert app.apply_kpis("madoguchi", [{"name": "待ち時間", "unit": "分", "target": 10}])
        await pilot.pause()
        assert kpi_names(app, "madoguchi") == ["待ち時間"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert main.read_text(encoding="utf-8") == PORTFOLIO_MAIN
    assert part.read_text(encoding="utf-8") == PORTFOLIO_PART.replace(
        '"2mo"\n',
        '"2mo"\n[[initiatives.madoguchi.kpis]]\nname = "待ち時間"\nunit = "分"\ntarget = 10\n',
    )


async def test_keyboard_only_add_with_ctrl_n_and_enter(plan: Path) -> None:
    app = RoadmapApp(plan, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot)
        assert "KPIs of a" in str(editor.query_one(".dialog-title", Static).render())
        await pilot.press("ctrl+n")
        await pilot.press(*"NPS", "enter")
        await pilot.pause()
        assert [kpi["name"] for kpi in editor.kpis][-1] == "NPS"
        editor.query_one("#kpi-ok").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert kpi_names(app) == ["オンライン申請率", "窓口件数", "NPS"]
