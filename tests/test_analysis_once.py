"""Each report (budget, staffing, KPI progress, the risk simulation) is computed once per
analysis, whoever asks: the warnings of the pipeline, the exporters, the CLI and the TUI views."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TabbedContent

import exporters.json_doc
import exporters.markdown
import exporters.md_budget
import exporters.md_risk
import exporters.xlsx
import exporters.xlsx_budget
import exporters.xlsx_risk
import tui.widgets.budget_view
import tui.widgets.kpi_view
import tui.widgets.risk_panel
import tui.widgets.staffing_view
from exporters.base import export
from roadmap.cli.main import main
from roadmap.core.analysis import budget, kpi, risk, staffing
from roadmap.core.analysis.pipeline import analyze_plan
from roadmap.core.planfile.loader import parse_plan
from tui.app import RoadmapApp
from tui.widgets.budget_view import BudgetView

# A cap (so the pipeline's warnings need the budget), a team with staffing (so they need the
# staffing), a KPI and a three-point estimate (so the report has a risk section).
PLAN = """\
[plan]
title = "一度だけ町"
start = 2026-04-01
calendar = "calendar"
status_date = 2026-05-01

[budget.caps]
2026 = 1_000_000

[teams."情報政策係"]
capacity = 1.0

[initiatives.a]
title = "住民記録システム更新"
duration = { optimistic = "20d", likely = "30d", pessimistic = "60d" }

[initiatives.a.cost]
initial = 3_000_000

[initiatives.a.staffing]
"情報政策係" = 1.5

[[initiatives.a.kpis]]
name = "オンライン申請率"
unit = "%"
baseline = 10
target = 50
due = 2027-03-31
"""

# The modules that are asked (their reports must come from the analysis, not from here).
_USERS = (
    exporters.json_doc,
    exporters.markdown,
    exporters.md_budget,
    exporters.md_risk,
    exporters.xlsx,
    exporters.xlsx_budget,
    exporters.xlsx_risk,
    tui.widgets.budget_view,
    tui.widgets.kpi_view,
    tui.widgets.risk_panel,
    tui.widgets.staffing_view,
)


def count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[None]:
    """Count the calls of ``module.name`` wherever it is bound (its own module or an import)."""
    original: Callable[..., Any] = getattr(module, name)
    calls: list[None] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(None)
        return original(*args, **kwargs)

    for loaded in list(sys.modules.values()):
        if loaded is not None and getattr(loaded, name, None) is original:
            monkeypatch.setattr(loaded, name, counting)
    return calls


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[None]]:
    assert _USERS  # imported, so their names are patched too
    return {
        "budget": count_calls(monkeypatch, budget, "budget_report"),
        "staffing": count_calls(monkeypatch, staffing, "staffing_report"),
        "kpi": count_calls(monkeypatch, kpi, "kpi_report"),
        "risk": count_calls(monkeypatch, risk, "simulate"),
    }


def tally(counts: dict[str, list[None]]) -> dict[str, int]:
    return {name: len(calls) for name, calls in counts.items()}


def test_the_warnings_and_every_export_share_one_computation(
    counts: dict[str, list[None]],
) -> None:
    analysis = analyze_plan(parse_plan(PLAN).plan)
    codes = {problem.code for problem in analysis.problems}
    assert {"budget-over-cap", "team-overloaded"} <= codes
    assert tally(counts) == {"budget": 1, "staffing": 1, "kpi": 0, "risk": 0}

    markdown = export(analysis, "md").decode("utf-8")
    workbook = export(analysis, "xlsx")
    document = json.loads(export(analysis, "json"))
    assert "3,000,000" in markdown and "オンライン申請率" in markdown
    assert workbook.startswith(b"PK")
    assert document["budget"]["years"] and document["kpis"][0]["name"] == "オンライン申請率"
    assert tally(counts) == {"budget": 1, "staffing": 1, "kpi": 1, "risk": 1}
    assert export(analysis, "md").decode("utf-8") == markdown  # same values again


def test_a_new_analysis_computes_its_own_reports(counts: dict[str, list[None]]) -> None:
    first = analyze_plan(parse_plan(PLAN).plan)
    second = analyze_plan(parse_plan(PLAN.replace("3_000_000", "500_000")).plan)
    assert first.budget is not None and second.budget is not None
    assert first.budget.total == 3_000_000 and second.budget.total == 500_000
    assert len(counts["budget"]) == 2


def test_risk_is_kept_per_runs_seed_and_distribution(counts: dict[str, list[None]]) -> None:
    analysis = analyze_plan(parse_plan(PLAN).plan)
    one = analysis.risk(runs=200, seed=1)
    assert analysis.risk(runs=200, seed=1) is one
    assert analysis.risk(runs=200, seed=2) is not one
    assert analysis.risk(runs=200, seed=1, distribution="triangular").distribution == "triangular"
    assert analysis.risk(runs=300, seed=1).runs == 300
    assert len(counts["risk"]) == 4


def test_kpis_are_kept_per_date(counts: dict[str, list[None]]) -> None:
    analysis = analyze_plan(parse_plan(PLAN).plan)
    assert analysis.kpis is analysis.kpis_at(None)
    assert analysis.kpis_at(None) is analysis.kpis_at(dt.date(2026, 5, 1))  # the status date
    later = analysis.kpis_at(dt.date(2027, 4, 1))
    assert later is not analysis.kpis
    assert len(counts["kpi"]) == 2


@pytest.mark.parametrize("command", ["budget", "staffing", "kpi"])
def test_each_command_computes_its_report_once(
    command: str,
    tmp_path: Path,
    counts: dict[str, list[None]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    assert main([command, str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert len(counts["budget"]) == 1  # the cap warning and the budget table share it
    assert len(counts["staffing"]) == 1
    assert len(counts["kpi"]) == (1 if command == "kpi" else 0)


async def test_the_tui_computes_each_report_once_per_edit(
    tmp_path: Path, counts: dict[str, list[None]]
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    app = RoadmapApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("f7", "f8", "f9"):  # budget, staffing, KPI tabs
            await pilot.press(key)
            await pilot.pause()
        assert app.main.query_one("#views", TabbedContent).active == "tab-kpi"
        await pilot.press("f7")
        await pilot.pause()
        for calls in counts.values():
            calls.clear()
        app.apply_field("a", "duration", "90d")
        await pilot.pause()
        for key in ("f8", "f9", "f7"):
            await pilot.press(key)
            await pilot.pause()
        view = app.main.query_one(BudgetView)
        assert view.report is not None and view.report.total == 3_000_000
        assert app.state.analysis.budget is view.report
        shown = tally(counts)
        assert shown["budget"] == 1 and shown["staffing"] == 1
        assert shown["kpi"] <= 1
