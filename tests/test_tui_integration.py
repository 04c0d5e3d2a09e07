"""The editor's budget, staffing, KPI and risk tabs, baselines, portfolios and export, driven
with Pilot and checked on the model, the files on disk and what the widgets show."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
import subprocess
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static, TabbedContent

from roadmap.core.compare.git import WORKTREE, load_revision_analysis
from tui.app import RoadmapApp
from tui.screens.dialogs import PathDialog
from tui.widgets.budget_view import BudgetChart, BudgetView
from tui.widgets.kpi_view import KpiView
from tui.widgets.risk_panel import RiskPanel
from tui.widgets.staffing_view import StaffingView

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"
SIZE = (120, 40)

# b's one-off cost is booked when b starts: a longer a pushes it from FY2026 into FY2027.
COSTED = """\
[plan]
title = "予算テスト町"
start = 2026-04-01
calendar = "calendar"

[budget.caps]
2026 = 10_000_000

[initiatives.a]
title = "現行調査"
duration = "1mo"

[initiatives.b]
title = "システム導入"
duration = "1mo"
depends_on = ["a"]

[initiatives.b.cost]
initial = 3_000_000
"""

MAIN = """\
# 全庁のロードマップ
[plan]
title = "分割テスト町"
start = 2026-04-01
include = ["departments/*.toml"]

[initiatives.policy]
title = "DX推進方針"
duration = "1mo"
"""

INCLUDED = """\
# 住民課の取組
[initiatives.madoguchi]
title = "書かない窓口"  # 住民課が担当
duration = "2mo"
depends_on = ["policy"]

[initiatives.online]
title = "オンライン申請"
duration = "3mo"
depends_on = ["madoguchi"]
"""


@pytest.fixture
def small_plan(tmp_path: Path) -> Path:
    path = tmp_path / "costed.toml"
    path.write_text(COSTED, encoding="utf-8")
    return path


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """A main plan that includes departments/jumin.toml."""
    (tmp_path / "departments").mkdir()
    (tmp_path / "departments" / "jumin.toml").write_text(INCLUDED, encoding="utf-8")
    main = tmp_path / "town.toml"
    main.write_text(MAIN, encoding="utf-8")
    return main


def budget_text(app: RoadmapApp) -> str:
    return str(app.main.query_one(BudgetChart).render())


# -- the report tabs -------------------------------------------------------------------------


async def test_budget_tab_lists_each_reiwa_fiscal_year_of_the_example(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert app.main.query_one("#views", TabbedContent).active == "tab-budget"
        view = app.main.query_one(BudgetView)
        assert view.report is not None and view.report.years
        shown = budget_text(app)
        assert "R8年度" in shown
        for year in view.report.years:
            assert f"R{year.fiscal_year - 2018}年度" in shown


async def test_budget_tab_follows_an_edit_that_moves_a_cost_into_the_next_year(
    tmp_path: Path,
) -> None:
    path = tmp_path / "costed.toml"
    path.write_text(COSTED, encoding="utf-8")
    app = RoadmapApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        view = app.main.query_one(BudgetView)
        assert view.report is not None
        before = {year.fiscal_year: year.total for year in view.report.years}
        assert before[2026] == 3_000_000
        app.apply_field("a", "duration", "12mo")
        await pilot.pause()
        after = {year.fiscal_year: year.total for year in view.report.years}
        assert after.get(2026, 0) == 0
        assert after[2027] == 3_000_000
        assert "R9年度" in budget_text(app)


async def test_staffing_tab_shows_the_teams_of_the_example(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        view = app.main.query_one(StaffingView)
        assert view.report is not None
        teams = list(app.state.teams)
        assert teams
        assert app.main.query_one("#views", TabbedContent).active == "tab-staffing"


async def test_kpi_tab_lists_the_kpis_and_enter_jumps_to_the_initiative(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        view = app.main.query_one(KpiView)
        table = view.query_one(DataTable)
        assert table.row_count == len(view.progress) > 0
        names = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        assert names == [item.name for item in view.progress]
        assert app.focused is table
        table.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == view.progress[1].initiative
        assert app.table.get_row_index(view.progress[1].initiative) == app.table.cursor_row


async def test_risk_tab_simulates_on_r_and_shows_the_p80_date(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        panel = app.main.query_one(RiskPanel)
        assert panel.result is None
        # the screen's `r`, not only the panel's: focus is on the tab bar, outside the panel
        app.main.query_one("#views Tabs").focus()
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.result is not None
        p80 = panel.result.finish_percentiles[80]
        shown = str(panel.query_one(".result", Static).render())
        assert "P80" in shown and p80.isoformat() in shown
        assert not panel.stale
        app.apply_field("std-juki", "duration", "12mo")
        await pilot.pause()
        assert panel.stale


async def test_r_outside_the_risk_tab_does_not_simulate(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.query_one(RiskPanel).result is None


async def test_palette_action_computes_the_risk(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("run_risk")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.query_one("#views", TabbedContent).active == "tab-risk"
        assert app.main.query_one(RiskPanel).result is not None


# -- baseline --------------------------------------------------------------------------------


GIT_IDENTITY = ("-c", "user.name=Test", "-c", "user.email=test@example.invalid")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *GIT_IDENTITY, "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
async def test_a_baseline_revision_is_drawn_in_the_gantt_chart(tmp_path: Path) -> None:
    path = tmp_path / "costed.toml"
    path.write_text(COSTED, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "v1")
    git(tmp_path, "tag", "v1")
    path.write_text(COSTED.replace('duration = "1mo"', 'duration = "2mo"', 1), encoding="utf-8")
    baseline = load_revision_analysis(path, "v1")
    app = RoadmapApp(path, baseline=baseline, baseline_label="v1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        gantt = app.main.query_one("#gantt")
        assert gantt._baseline is baseline.schedule  # type: ignore[attr-defined]
        label = app.main.query_one("#views", TabbedContent).get_tab("tab-gantt").label_text
        assert "v1" in label
        assert baseline.schedule is not None and app.state.finish() is not None
        assert app.state.finish() > baseline.schedule.finish  # type: ignore[operator]
        app.apply_field("b", "duration", "3mo")
        await pilot.pause()
        assert gantt._baseline is baseline.schedule  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_edit_with_an_unknown_baseline_revision_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from roadmap.cli.commands.edit import main

    path = tmp_path / "plan.toml"
    path.write_text(COSTED, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "v1")
    assert main([str(path), "--baseline", "no-such-tag"]) == 2
    assert "no-such-tag" in capsys.readouterr().err


# -- multi-file portfolios -------------------------------------------------------------------


async def test_a_portfolio_shows_the_initiatives_of_every_file(portfolio: Path) -> None:
    app = RoadmapApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.table.ids == ["policy", "madoguchi", "online"]
        assert app.state.analysis.errors == []
        assert app.state.file_of("online") == str(portfolio.parent / "departments" / "jumin.toml")


async def test_saving_a_portfolio_writes_the_edit_to_the_initiatives_own_file(
    portfolio: Path,
) -> None:
    included = portfolio.parent / "departments" / "jumin.toml"
    main_before = portfolio.read_bytes()
    app = RoadmapApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        app.select("madoguchi")
        editor = app.form.query_one("#field-duration", Input)
        editor.focus()
        editor.value = "4mo"
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.models["madoguchi"].planned_duration.count == 4
        assert app.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
    assert portfolio.read_bytes() == main_before
    diff = [
        line
        for line in difflib.unified_diff(
            INCLUDED.splitlines(), included.read_text(encoding="utf-8").splitlines(), n=0
        )
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert diff == ['-duration = "2mo"', '+duration = "4mo"']


async def test_saving_a_portfolio_without_edits_writes_nothing(portfolio: Path) -> None:
    included = portfolio.parent / "departments" / "jumin.toml"
    stamps = (portfolio.stat().st_mtime_ns, included.stat().st_mtime_ns)
    app = RoadmapApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (portfolio.stat().st_mtime_ns, included.stat().st_mtime_ns) == stamps


async def test_a_portfolio_file_changed_on_disk_asks_before_saving(portfolio: Path) -> None:
    from tui.screens.dialogs import ChoiceDialog

    included = portfolio.parent / "departments" / "jumin.toml"
    app = RoadmapApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("online", "title", "電子申請")
        included.write_text(INCLUDED + "\n# pulled\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.id == "confirm-conflict"
        await pilot.press("escape")
        await pilot.pause()
    assert included.read_text(encoding="utf-8").endswith("# pulled\n")


async def test_an_initiative_added_after_an_included_one_is_saved_in_that_file(
    portfolio: Path,
) -> None:
    included = portfolio.parent / "departments" / "jumin.toml"
    main_before = portfolio.read_bytes()
    app = RoadmapApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        app.select("madoguchi")
        app.table.focus()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # the suggested id
        await pilot.pause()
        assert app.state.order == ["policy", "madoguchi", "new", "online"]
        assert app.state.file_of("new") == str(included)
        app.table.focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert portfolio.read_bytes() == main_before
    assert "[initiatives.new]" in included.read_text(encoding="utf-8")


async def test_deleting_an_initiative_removes_its_dependents_entries_in_other_files(
    portfolio: Path,
) -> None:
    included = portfolio.parent / "departments" / "jumin.toml"
    app = RoadmapApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        app.delete_initiative("policy")
        await pilot.pause()
        assert app.state.order == ["madoguchi", "online"]
        assert app.state.models["madoguchi"].depends_on == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.order == ["policy", "madoguchi", "online"]
        assert app.state.changed_files() == []
        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "[initiatives.policy]" not in portfolio.read_text(encoding="utf-8")
    assert "depends_on" not in included.read_text(encoding="utf-8").split("[initiatives.online]")[0]


async def test_undo_of_an_edit_in_an_included_file_restores_it(portfolio: Path) -> None:
    app = RoadmapApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("online", "duration", "5mo")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.state.models["online"].planned_duration.count == 3
        assert app.state.changed_files() == []


# -- export ----------------------------------------------------------------------------------


async def test_export_asks_for_a_path_and_writes_the_chosen_format(example: Path) -> None:
    pytest.importorskip("exporters.csv_export")
    app = RoadmapApp(example)
    target = example.with_name("roadmap.csv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        field = app.screen.query_one("#path-input", Input)
        assert field.value == str(example.with_name("example-town.report.md"))
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    assert "std-juki" in target.read_text(encoding="utf-8-sig")
    assert not example.with_name("example-town.report.md").exists()


async def test_export_to_an_unknown_extension_writes_nothing(example: Path) -> None:
    app = RoadmapApp(example)
    target = example.with_name("roadmap.docx")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#path-input", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    assert not target.exists()


async def test_the_palette_entry_computes_the_risk(example: Path) -> None:
    app = RoadmapApp(example)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"リスクを計算")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.main.query_one("#views", TabbedContent).active == "tab-risk"
        assert app.main.query_one(RiskPanel).result is not None


async def test_the_baseline_palette_action_names_the_baseline_and_both_finishes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "costed.toml"
    path.write_text(COSTED, encoding="utf-8")
    baseline = load_revision_analysis(path, WORKTREE)
    assert baseline.schedule is not None
    app = RoadmapApp(path, baseline=baseline, baseline_label="v1")
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("b", "duration", "3mo")
        await app.run_action("show_baseline")
        await pilot.pause()
        now = app.state.finish()
        assert now is not None and now > baseline.schedule.finish
        message = list(app._notifications)[-1].message
        assert "v1" in message
        assert baseline.schedule.finish.isoformat() in message and now.isoformat() in message


async def test_without_a_baseline_the_palette_action_says_how_to_give_one(small_plan: Path) -> None:
    app = RoadmapApp(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("show_baseline")
        await pilot.pause()
        assert "--baseline" in list(app._notifications)[-1].message


async def test_an_exported_report_names_the_date_of_the_baseline(tmp_path: Path) -> None:
    path = tmp_path / "costed.toml"
    path.write_text(COSTED, encoding="utf-8")
    baseline = load_revision_analysis(path, WORKTREE)
    when = dt.date(2025, 12, 24)  # a date the plan itself never names
    app = RoadmapApp(path, baseline=baseline, baseline_label="v1", baseline_date=when)
    target = tmp_path / "report.md"
    async with app.run_test(size=SIZE) as pilot:
        app.apply_field("b", "duration", "3mo")
        await pilot.pause()
        assert app.export_to(target)
        await app.workers.wait_for_complete()
        await pilot.pause()
    # the comparison says which plan it compares with, and as of when
    assert "令和7年12月24日" in target.read_text(encoding="utf-8")
