"""The one-page summary for the 首長: what it picks (core) and where it stands (md, xlsx)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from export_samples import tiny_analysis
from openpyxl import load_workbook

from exporters.base import ExportOptions
from exporters.markdown import render
from exporters.xlsx import export as export_xlsx
from roadmap.core.analysis.summary import summarize

# a: 30 days from the 基準日 (it should have started on 4/1: not started, critical);
# b: 200 days, after its deadline; c: on hold, critical; 2026 over its cap by 2,000,000 yen.
PLAN = """
[plan]
title = "要約テスト"
start = 2026-04-01
status_date = 2026-06-01
calendar = "calendar"
deadline = 2026-09-30

[budget.caps]
2026 = 3000000

[initiatives.a]
title = "調達"
duration = "30d"
cost = { initial = 5000000 }

[initiatives.b]
title = "構築"
duration = "200d"
depends_on = ["a"]
deadline = 2026-08-31

[initiatives.c]
title = "研修"
duration = "10d"
status = "on_hold"
depends_on = ["b"]
"""

QUIET = """
[plan]
title = "順調な計画"
start = 2026-04-01
status_date = 2026-04-01
calendar = "calendar"
deadline = 2027-03-31

[initiatives.a]
title = "設計"
duration = "30d"
deadline = 2026-12-28
"""


def _summary(toml: str) -> Any:
    analysis = tiny_analysis(toml)
    assert analysis.plan is not None and analysis.schedule is not None
    return summarize(analysis.plan, analysis.schedule, analysis.budget)


def test_decisions_are_ranked_overrun_then_deadlines_then_held_work() -> None:
    summary = _summary(PLAN)
    kinds = [(decision.kind, decision.id) for decision in summary.decisions]
    assert kinds == [("over-cap", None), ("plan-deadline", None), ("deadline", "b")]
    assert summary.decisions[0].size == 2_000_000
    assert summary.decisions[0].fiscal_year == 2026
    # on hold (c) and not started although due (a) are found, but only three are listed
    assert summary.more_decisions == 2


def test_deadlines_at_risk_latest_first_and_spending_of_this_fiscal_year() -> None:
    summary = _summary(PLAN)
    # b: 2026-08-31 -> 2027-01-16 is 138 days late; the plan 118 days (calendar days here)
    assert [(risk.id, risk.late_days) for risk in summary.at_risk] == [("b", 138), (None, 118)]
    assert summary.spend is not None
    assert (summary.spend.fiscal_year, summary.spend.total, summary.spend.cap) == (
        2026,
        5_000_000,
        3_000_000,
    )
    assert summary.spend.headroom == -2_000_000


def test_a_plan_on_track_needs_no_decision_and_has_no_spending_line() -> None:
    summary = _summary(QUIET)
    assert summary.decisions == ()
    assert summary.at_risk == ()
    assert summary.spend is None


def test_tight_deadline_is_at_risk_but_not_late_nor_a_decision() -> None:
    # finishes 2026-04-30; a deadline ten days later leaves less than TIGHT_DAYS to spare
    summary = _summary(QUIET.replace("2026-12-28", "2026-05-10"))
    assert [(risk.id, risk.is_late, risk.late_days) for risk in summary.at_risk] == [
        ("a", False, -10)
    ]
    assert summary.decisions == ()  # still met: at risk, but not put to a decision


def test_markdown_report_opens_with_the_summary() -> None:
    report = render(tiny_analysis(PLAN), ExportOptions())
    headings = [line for line in report.splitlines() if line.startswith("## ")]
    assert headings[0] == "## 首長報告用の要約"
    page = report[report.index("## 首長報告用の要約") : report.index("## 概要")]
    assert "| 完了見込み | 令和9年1月26日 |" in page
    # the cap limits 一般財源 (no 特定財源 here: all 5,000,000円), and the line says so
    assert (
        "| 令和8年度の事業費 | 5,000,000円 (うち一般財源 5,000,000円: "
        "上限 3,000,000円 を 2,000,000円 超過) |"
    ) in page
    assert "1. 令和8年度は予算の上限を2,000,000円超えます。" in page
    assert "3. 「構築」が期限 令和8年8月31日 より138開庁日遅れる見込みです。" in page
    assert "ほか2件" in page
    assert "\n4. " not in page


def test_markdown_summary_says_when_nothing_needs_a_decision() -> None:
    report = render(tiny_analysis(QUIET), ExportOptions())
    assert "現時点で判断が必要な事項はありません。" in report
    assert "期限に遅れる、または余裕が1か月を切る取組はありません。" in report


def test_summary_is_the_first_sheet_and_prints_on_one_a4_page() -> None:
    data = export_xlsx(tiny_analysis(PLAN), ExportOptions(lang="en"))
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet.title == "Summary"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 1)
    cells = [value for row in sheet.iter_rows(values_only=True) for value in row if value]
    assert "Projected finish" in cells
    assert any(str(value).startswith("FY2026 is over its budget cap") for value in cells)


def test_summary_without_a_baseline_shows_just_the_date_with_it_the_change() -> None:
    analysis = tiny_analysis(QUIET)
    baseline = tiny_analysis(QUIET.replace('duration = "30d"', 'duration = "20d"'))
    plain = render(analysis, ExportOptions(as_of=dt.date(2026, 4, 1)))
    assert "| 完了見込み | 令和8年4月30日 |" in plain
    compared = render(
        analysis,
        ExportOptions(baseline=baseline, baseline_label="v1", baseline_date=dt.date(2026, 3, 2)),
    )
    assert (
        "| 完了見込み | 令和8年4月20日 → 令和8年4月30日 (+10日) "
        "／基準計画 v1、令和8年3月2日時点 との比較 |"
    ) in compared


def test_a_warning_that_needs_the_mayor_becomes_a_decision() -> None:
    toml = QUIET + '\n[teams."情報政策課"]\ncapacity = 1.0\n'
    toml = toml.replace("deadline = 2026-12-28\n", 'staffing = { "情報政策課" = 2.0 }\n')
    analysis = tiny_analysis(toml)
    assert analysis.plan is not None and analysis.schedule is not None
    overload = [problem for problem in analysis.warnings if problem.code == "team-overloaded"]
    assert overload
    summary = summarize(
        analysis.plan, analysis.schedule, analysis.budget, problems=analysis.warnings
    )
    assert [(decision.kind, decision.problem) for decision in summary.decisions] == [
        ("warning", overload[0])
    ]
    report = render(analysis, ExportOptions())
    assert "1. 計画全体: 情報政策課の負荷が 2026-04 に能力 1人 を超えています" in report


def test_the_page_lists_at_most_five_deadlines_and_counts_the_rest() -> None:
    body = "".join(
        f'\n[initiatives.w{n}]\ntitle = "作業{n}"\nduration = "30d"\ndeadline = 2026-04-10\n'
        for n in range(7)
    )
    report = render(tiny_analysis(QUIET + body), ExportOptions())
    page = report[report.index("### 期限が危ない取組 (7件)") : report.index("### 判断")]
    assert page.count("\n- 作業") == 5
    assert "- ほか2件" in page
