"""The budget reports a town reads: ``roadmap budget`` (terminal and JSON), the Markdown budget
section, the xlsx 予算 and 予算要求(節・財源) sheets, and the 計画期間 line of ``roadmap diff``.

Every figure is worked out by hand from the plan below (千円, 千円未満切上げ unless said):

- 構築委託 (委託料) 8,000,500 paid at 検収 (2026-04-30): 令和8年度 8,001.
- 利用料 (使用料及び賃借料) 1,200,000 a year, monthly, 24 months from 2026-05-01: 令和8年度
  11 months 1,100; 令和9年度 1,200; 令和10年度 1 month 100. It pays after the 年度 it is signed
  in: a 債務負担行為 set in the 令和8年度 当初予算, 令和9〜10年度, 限度額 1,300.
- 国庫支出金: half of 構築委託, at most 3,000,000: 令和8年度 3,000.
- 窓口改修 (委託料) 1,000,500, 2027-03-01 to 2027-04-01: budgeted in 令和8年度, paid in 令和9年度
  (1,001): a 繰越明許費 voted at the March 2027 定例会.
- 交付税算入見込み: half of the 一般財源 share of 利用料: 令和8年度 6,100,500 x 1,100,000 /
  9,100,500 = 737,382 -> 368,691 (369); 令和9年度 600; 令和10年度 50; 計 1,019.
- 令和8年度: 事業費 8,001 + 1,100 = 9,101; 一般財源 9,101 - 3,000 = 6,101; cap 10,000 -> 余裕 3,899.
- Actuals of 構築委託 in 令和8年度: 予算額 8,100, 決算額 8,001, 執行率 8,000,500 / 8,100,000 =
  98.8%, 計画との差 0.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from rich.cells import cell_len

from roadmap.cli.main import main

PLAN = textwrap.dedent(
    """\
    [plan]
    title = "みどり町"
    start = 2026-04-01
    calendar = "calendar"
    year_end_closure = ["12-31", "12-31"]
    period = [2026, 2028]

    [budget]
    rounding = "{rounding}"
    [budget.caps]
    2026 = 10_000_000

    [initiatives.build]
    title = "標準準拠システム構築"
    duration = "30d"
    [[initiatives.build.costs]]
    name = "構築委託"
    item = "委託料"
    amount = 8_000_500
    actuals = {{ 2026 = {{ budget = 8_100_000, spent = 8_000_500, settled = true }} }}
    [[initiatives.build.costs]]
    name = "利用料"
    item = "使用料及び賃借料"
    annual = 1_200_000
    months = 24
    [[initiatives.build.financing]]
    source = "国庫支出金"
    name = "デジタル基盤改革支援補助金"
    rate = 0.5
    cap = 3_000_000
    lines = ["構築委託"]
    [[initiatives.build.tax_allocation]]
    kind = "special"
    rate = 0.5
    lines = ["利用料"]
    part = "running"

    [initiatives.late]
    title = "窓口改修"
    duration = "32d"
    not_before = 2027-03-01
    [[initiatives.late.costs]]
    item = "委託料"
    amount = 1_000_500
    """
)


def write_plan(folder: Path, rounding: str = "up", plan: str = PLAN) -> Path:
    path = folder / "plan.toml"
    path.write_text(plan.format(rounding=rounding), encoding="utf-8")
    return path


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    return write_plan(tmp_path)


def words(line: str) -> list[str]:
    return line.split()


def row_of(out: str, first: str) -> list[str]:
    """The cells of the first row of ``out`` whose first cell is ``first``."""
    for line in out.splitlines():
        if words(line)[:1] == [first]:
            return words(line)
    raise AssertionError(f"no row {first!r} in:\n{out}")


def section(out: str, title: str) -> str:
    """The lines of ``out`` from the one starting with ``title`` to the next blank line."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[start:end])


class TestTerminal:
    def test_years_in_thousands_with_the_rounding_rule_and_the_cap_on_general_revenue(
        self, plan_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["budget", str(plan_file)]) == 0
        out = capsys.readouterr().out
        summary = section(out, "年度別予算 (単位: 千円)")
        assert "上限 (一般財源)" in summary
        # 年度, 事業費, 特定財源, 一般財源, 上限, 余裕, 交付税算入見込み
        assert row_of(summary, "R8年度") == [
            "R8年度", "9,101", "3,000", "6,101", "10,000", "3,899", "369",
        ]  # fmt: skip
        assert row_of(summary, "計") == ["計", "11,402", "3,000", "8,402", "-", "-", "1,019"]
        assert "単位: 千円 (千円未満切上げ)" in summary
        assert "上限は一般財源と比較。" in summary

    def test_items_and_sources_add_up_to_the_same_total_with_general_revenue_last(
        self, plan_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["budget", str(plan_file)]) == 0
        out = capsys.readouterr().out
        items = section(out, "節別")
        assert row_of(items, "委託料") == ["委託料", "8,001", "1,001", "0", "9,002"]
        assert row_of(items, "使用料及び賃借料") == [
            "使用料及び賃借料",
            "1,100",
            "1,200",
            "100",
            "2,400",
        ]
        assert row_of(items, "計")[-1] == "11,402"
        sources = section(out, "財源別").splitlines()
        names = [words(line)[0] for line in sources[3:]]
        assert names[:3] == ["国庫支出金", "一般財源", "計"]
        assert row_of("\n".join(sources), "計")[-1] == "11,402"
        # 交付税 is set apart below the 計, never netted from 一般財源
        assert words(sources[6]) == ["(別掲)", "交付税算入見込み", "369", "600", "50", "1,019"]

    def test_debt_burden_and_carryover_with_their_sessions(
        self, plan_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["budget", str(plan_file)]) == 0
        out = capsys.readouterr().out
        debts = section(out, "債務負担行為")
        assert row_of(debts, "標準準拠システム構築") == [
            "標準準拠システム構築", "利用料", "令和9年度〜令和10年度", "令和8年度当初予算",
            "令和8年3月定例会", "1,300",
        ]  # fmt: skip
        carry = section(out, "繰越明許費")
        assert row_of(carry, "窓口改修") == [
            "窓口改修", "令和8年度", "令和9年度", "R9.4.1", "令和9年3月定例会", "1,001",
        ]  # fmt: skip

    def test_actuals_show_budget_settled_amount_rate_and_difference(
        self, plan_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["budget", str(plan_file)]) == 0
        actuals = section(capsys.readouterr().out, "予算の執行状況")
        cells = row_of(actuals, "令和8年度")
        assert cells[-6:] == ["決算", "8,001", "8,100", "8,001", "98.8%", "0"]

    def test_a_gross_cap_is_compared_with_the_cost_and_says_so(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        plan = PLAN.replace(
            'rounding = "{rounding}"', 'rounding = "{rounding}"\ncap_basis = "gross"'
        )
        assert main(["budget", str(write_plan(tmp_path, plan=plan))]) == 0
        summary = section(capsys.readouterr().out, "年度別予算")
        assert "上限 (事業費)" in summary
        assert "上限は事業費 (特定財源を含む総額) と比較。" in summary
        # 事業費 9,101 against 10,000: 899 left
        assert row_of(summary, "R8年度")[4:6] == ["10,000", "899"]

    def test_a_year_with_several_actuals_gets_a_sum_row(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        plan = PLAN.replace(
            "months = 24\n",
            "months = 24\nactuals = {{ 2026 = {{ budget = 1_100_000, spent = 550_000 }} }}\n",
        )
        assert main(["budget", str(write_plan(tmp_path, plan=plan))]) == 0
        actuals = section(capsys.readouterr().out, "予算の執行状況")
        # 利用料: 計画 1,100, 予算 1,100, 執行中 550 (50.0%), ▲550
        [running] = [line.split() for line in actuals.splitlines() if "執行中" in line]
        assert running[2:] == ["執行中", "1,100", "1,100", "550", "50.0%", "▲550"]
        # 計: 計画 8,001 + 1,100; 予算 8,100 + 1,100; 執行 8,001 + 550;
        # 執行率 (8,000,500 + 550,000) / 9,200,000 = 92.9%
        sums = [line.split() for line in actuals.splitlines() if " 計 " in line]
        assert sums == [["令和8年度", "計", "9,101", "9,200", "8,551", "92.9%", "▲550"]]

    def test_a_plan_without_costs_says_so(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "plan.toml"
        path.write_text(
            '[plan]\ntitle = "x"\nstart = 2026-04-01\n[initiatives.a]\ntitle = "A"\n'
            'duration = "5d"\n',
            encoding="utf-8",
        )
        assert main(["budget", str(path)]) == 0
        assert capsys.readouterr().out.strip() == "費用の記載がある取組はありません"

    def test_rounding_down_is_stated_and_applied(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["budget", str(write_plan(tmp_path, "down"))]) == 0
        out = capsys.readouterr().out
        assert "単位: 千円 (千円未満切捨て)" in out
        assert row_of(section(out, "節別"), "委託料")[1:3] == ["8,000", "1,000"]

    def test_english(self, plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["budget", str(plan_file), "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "Budget by fiscal year (thousand yen)" in out
        assert "Unit: thousand yen (rounded up)" in out
        assert "Caps are compared with general revenue (一般財源)." in out
        assert row_of(out, "FY2026")[1:4] == ["9,101", "3,000", "6,101"]

    @pytest.mark.parametrize("plan", ["town", "example"])
    def test_tables_stay_within_100_cells(
        self, plan: str, plan_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = plan_file if plan == "town" else Path("plans/example-town.toml")
        assert main(["budget", str(path)]) == 0
        out = capsys.readouterr().out
        assert max(cell_len(line) for line in out.splitlines()) <= 100


class TestJson:
    def test_exact_yen_with_items_sources_debts_carryovers_and_actuals(
        self, plan_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["budget", str(plan_file), "--json"]) == 0
        budget = json.loads(capsys.readouterr().out)["budget"]
        assert (budget["cap_basis"], budget["rounding"]) == ("general", "up")
        year = budget["years"][0]
        assert year["by_item"] == [
            {"item": "委託料", "amount": 8_000_500},
            {"item": "使用料及び賃借料", "amount": 1_100_000},
        ]
        assert year["by_source"] == [
            {"source": "国庫支出金", "amount": 3_000_000},
            {"source": "一般財源", "amount": 6_100_500},
        ]
        assert (year["general"], year["tax_allocation"], year["headroom"]) == (
            6_100_500,
            368_691,
            3_899_500,
        )
        assert (year["budgeted"], year["spent"], year["execution_rate"]) == (
            8_100_000,
            8_000_500,
            0.9877,
        )
        [debt] = budget["debts"]
        assert (debt["set_in"], debt["first_year"], debt["last_year"], debt["limit"]) == (
            2026,
            2027,
            2028,
            1_300_000,
        )
        assert debt["vote_session"] == "2026-03-01"
        [carry] = budget["carryovers"]
        assert (carry["budget_year"], carry["paid_in"], carry["amount"], carry["session"]) == (
            2026,
            2027,
            1_000_500,
            "2027-03-01",
        )
        [actual] = budget["actuals"]
        assert (actual["line"], actual["planned"], actual["difference"], actual["settled"]) == (
            "構築委託",
            8_000_500,
            0,
            True,
        )
        lines = budget["initiatives"][0]["lines"]
        assert [(line["name"], line["contract"]) for line in lines] == [
            ("構築委託", "single"),
            ("利用料", "debt"),
        ]


class TestMarkdown:
    def test_budget_section_in_thousands_with_every_table(self, plan_file: Path) -> None:
        from exporters.base import ExportOptions
        from exporters.md_budget import budget_sections
        from roadmap.core.analysis.pipeline import analyze_path

        lines = budget_sections(analyze_path(plan_file), ExportOptions())
        headings = [line for line in lines if line.startswith("#")]
        assert headings[:8] == [
            "## 年度別予算 (単位: 千円)",
            "### 節別 (単位: 千円)",
            "### 財源別 (単位: 千円)",
            "### 債務負担行為",
            "### 繰越明許費",
            "### 予算の執行状況 (単位: 千円)",
            "### 取組別 (単位: 千円)",
            "### 特定財源の内訳 (単位: 千円)",
        ]
        assert "| 令和8年度 (2026年度) | 9,101 | 3,000 | 6,101 | 10,000 | 3,899 | 369 |" in lines
        assert "| **計** | **11,402** | **3,000** | **8,402** | - | - | **1,019** |" in lines
        assert "| 委託料 | 8,001 | 1,001 | 0 | 9,002 |" in lines
        assert "| (別掲) 交付税算入見込み | 369 | 600 | 50 | 1,019 |" in lines
        assert (
            "| 標準準拠システム構築 利用料 | 令和9年度〜令和10年度 | 令和8年度当初予算 "
            "| 令和8年3月定例会 | 1,300 |"
        ) in lines
        assert (
            "| 令和8年度 | 標準準拠システム構築 構築委託 | 決算 | 8,001 | 8,100 | 8,001 | 98.8% | 0 |"
            in lines
        )
        assert lines.count("単位: 千円 (千円未満切上げ)") >= 7

    def test_a_year_over_its_cap_is_marked(self, tmp_path: Path) -> None:
        from exporters.base import ExportOptions
        from exporters.md_budget import budget_sections
        from roadmap.core.analysis.pipeline import analyze_path

        plan = PLAN.replace("2026 = 10_000_000", "2026 = 6_000_000")
        lines = budget_sections(analyze_path(write_plan(tmp_path, plan=plan)), ExportOptions())
        # 一般財源 6,101 against a cap of 6,000: ▲101
        assert (
            "| **令和8年度 (2026年度)** (超過) | **9,101** | **3,000** | **6,101** | **6,000** "
            "| **▲101** | **369** |"
        ) in lines


class TestXlsx:
    def test_request_sheet_has_items_then_sources_by_year_in_thousands(
        self, plan_file: Path
    ) -> None:
        from openpyxl import Workbook

        from exporters.base import ExportOptions
        from exporters.xlsx_budget import add_budget_sheets
        from roadmap.core.analysis.pipeline import analyze_path

        workbook = Workbook()
        add_budget_sheets(workbook, analyze_path(plan_file), ExportOptions())
        sheet = workbook["予算要求(節・財源)"]

        def row(number: int) -> list[object]:
            return [cell.value for cell in sheet[number]][:5]

        assert sheet["A1"].value == "予算要求 節別・財源別 (単位: 千円)"
        assert sheet["A2"].value == "単位: 千円 (千円未満切上げ)"
        assert row(4) == [
            "歳出 (節)", "令和8年度 (2026年度)", "令和9年度 (2027年度)", "令和10年度 (2028年度)", "計",
        ]  # fmt: skip
        assert row(5) == ["委託料", 8001, 1001, 0, 9002]
        assert row(6) == ["使用料及び賃借料", 1100, 1200, 100, 2400]
        assert row(7) == ["計", 9101, 2201, 100, 11402]
        assert row(9)[0] == "財源内訳"
        assert row(10) == ["国庫支出金", 3000, 0, 0, 3000]
        assert row(11) == ["一般財源", 6101, 2201, 100, 8402]
        assert row(12) == ["計", 9101, 2201, 100, 11402]
        assert row(13) == ["(別掲) 交付税算入見込み", 369, 600, 50, 1019]
        assert sheet["B5"].number_format.startswith("#,##0")

    def test_budget_sheet_has_debts_carryovers_and_actuals(self, plan_file: Path) -> None:
        from openpyxl import Workbook

        from exporters.base import ExportOptions
        from exporters.xlsx_budget import add_budget_sheets
        from roadmap.core.analysis.pipeline import analyze_path

        workbook = Workbook()
        add_budget_sheets(workbook, analyze_path(plan_file), ExportOptions("en"))
        sheet = workbook["Budget"] if "Budget" in workbook.sheetnames else workbook.worksheets[1]
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert ["FY2026 (Reiwa 8)", 9101, 3000, 6101, 10000, 3899, 369] in [
            row[:7] for row in values
        ]
        assert ["標準準拠システム構築 利用料", "FY2027-FY2028", "FY2026 initial budget"] in [
            row[:3] for row in values
        ]
        rates = [row[6] for row in values if row[:2] == ["FY2026", "標準準拠システム構築 構築委託"]]
        assert rates == [pytest.approx(8_000_500 / 8_100_000)]
        assert "Request (items, sources)" in workbook.sheetnames


class TestDiffHorizon:
    def test_a_longer_plan_period_is_one_line_not_a_new_year_of_spending(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        old = write_plan(tmp_path)
        new = tmp_path / "new.toml"
        new.write_text(
            old.read_text(encoding="utf-8").replace("[2026, 2028]", "[2026, 2029]"),
            encoding="utf-8",
        )
        assert main(["diff", str(old), str(new), "--json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["budget_horizon"] == {
            "old": [2026, 2028],
            "new": [2026, 2029],
            "changed": True,
        }
        # no row "0 → 100,000" for 令和11年度: only the years both periods cover
        assert [row["fiscal_year"] for row in document["budget"]] == [2026, 2027, 2028]
        assert main(["diff", str(old), str(new), "--format", "md"]) == 0
        out = capsys.readouterr().out
        assert "- 計画期間 令和8年度〜令和10年度 → 令和8年度〜令和11年度" in out
        assert "令和11年度 (2029年度)" not in out
        assert main(["diff", str(old), str(new), "--lang", "en"]) == 0
        assert "Plan period FY2026-FY2028 → FY2026-FY2029" in capsys.readouterr().out

    def test_the_same_period_says_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        old = write_plan(tmp_path)
        assert main(["diff", str(old), str(old), "--json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["budget_horizon"]["changed"] is False
        assert document["changed"] is False
