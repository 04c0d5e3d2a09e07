"""費用対効果: staff hours saved × the plan's 人件費単価, per 年度 and cumulative, against spending."""

from __future__ import annotations

import datetime as dt
import io
from fractions import Fraction
from typing import Any

from export_samples import tiny_analysis
from openpyxl import load_workbook

from exporters.base import ExportOptions
from exporters.markdown import render
from exporters.xlsx import export as export_xlsx
from roadmap.core.analysis.benefit import benefit_report, saved_hours_in_year

# a finishes 2026-09-30 (183 days from 4/1): its 730 hours a year count from 10/1, so
# R8年度 gets 730 * 182/365 = 364 hours, R9年度 (to 2028-03-31, 366 days) all 730 hours.
PLAN = """
[plan]
title = "効果テスト"
start = 2026-04-01
calendar = "calendar"
labor_cost_per_hour = 2500

[budget]
horizon_end = 2028-03-31

[initiatives.a]
title = "電子申請"
duration = "183d"
cost = {{ initial = 1000000 }}

[[initiatives.a.kpis]]
name = "窓口の処理時間"
baseline = 100
target = 50
direction = "lower"
{saves}
"""


def _report(toml: str) -> Any:
    analysis = tiny_analysis(toml)
    assert analysis.plan is not None and analysis.schedule is not None
    return benefit_report(analysis.plan, analysis.schedule, analysis.budget)


def test_saved_hours_count_from_the_day_after_finish_pro_rata() -> None:
    assert saved_hours_in_year(Fraction(730), dt.date(2026, 10, 1), 2026) == 364
    assert saved_hours_in_year(Fraction(730), dt.date(2026, 10, 1), 2027) == 730
    assert saved_hours_in_year(Fraction(730), dt.date(2028, 4, 1), 2027) == 0


def test_years_price_hours_and_sum_against_spending() -> None:
    report = _report(PLAN.format(saves="saves_hours_per_year = 730"))
    assert report is not None
    rows = [
        (year.fiscal_year, year.investment, year.hours, year.labor, year.net, year.cumulative_net)
        for year in report.years
    ]
    assert rows == [
        (2026, 1_000_000, 364.0, 910_000, -90_000, -90_000),
        (2027, 0, 730.0, 1_825_000, 1_825_000, 1_735_000),
    ]
    assert report.yen_per_year == 1_825_000
    assert report.savings[0].effective_from == dt.date(2026, 10, 1)


def test_no_section_without_a_kpi_that_saves_hours() -> None:
    toml = PLAN.format(saves="")
    assert _report(toml) is None
    assert "## 費用対効果" not in render(tiny_analysis(toml), ExportOptions())
    book = load_workbook(io.BytesIO(export_xlsx(tiny_analysis(toml), ExportOptions())))
    assert "費用対効果" not in book.sheetnames


def test_markdown_section_shows_years_cumulative_and_when_it_pays_back() -> None:
    report = render(tiny_analysis(PLAN.format(saves="saves_hours_per_year = 730")), ExportOptions())
    section = report[report.index("## 費用対効果") :]
    assert "人件費単価 2,500円/時間" in section
    assert (
        "| R8年度 | 1,000,000円 | 364 | 910,000円 | 0円 | 910,000円 | -90,000円 | -90,000円 |"
        in (section)
    )
    assert "令和9年度に効果の累計が事業費の累計を上回ります。" in section
    assert "| 電子申請 | 窓口の処理時間 | 730 | 1,825,000円 | R8.10.1 |" in section


def test_without_a_labor_cost_only_hours_are_shown() -> None:
    toml = PLAN.format(saves="saves_hours_per_year = 730").replace(
        "labor_cost_per_hour = 2500\n", ""
    )
    report = _report(toml)
    assert report is not None and report.yen_per_year is None
    assert [year.labor for year in report.years] == [0, 0]
    text = render(tiny_analysis(toml), ExportOptions())
    assert "が設定されていないため、削減時間だけを示します。" in text


def test_workbook_gets_a_printable_benefit_sheet_with_numbers() -> None:
    data = export_xlsx(
        tiny_analysis(PLAN.format(saves="saves_hours_per_year = 730")), ExportOptions()
    )
    sheet = load_workbook(io.BytesIO(data))["費用対効果"]
    rows = list(sheet.iter_rows(min_row=3, max_row=4, values_only=True))
    assert rows[0][:4] == ("R8年度", 1_000_000, 364, 910_000)
    assert rows[1][-1] == 1_735_000
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape"


def test_a_negative_saving_is_a_plan_error_not_a_traceback() -> None:
    analysis = tiny_analysis(PLAN.format(saves="saves_hours_per_year = -5"))
    assert analysis.has_errors
