"""Reports a council reads: one 計画期間 everywhere, no English or ids in Japanese output."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import openpyxl
from export_samples import example_analysis, tiny_analysis

from exporters import markdown, svg, xlsx
from exporters.base import ExportOptions

NS = "{http://www.w3.org/2000/svg}"

# Work in 令和7年度 to 令和8年度; the deadline in 令和12年度 stretches the drawn range far beyond.
FAR_DEADLINE = """
[plan]
title = "期限の遠い計画"
start = 2025-10-01
deadline = 2030-06-30
calendar = "calendar"

[initiatives.design]
title = "設計"
duration = "200d"
"""


def _markdown_period(report: str) -> str:
    match = re.search(r"^\| 計画期間 \| (.+?) \|$", report, re.MULTILINE)
    assert match is not None
    return match.group(1)


def test_svg_and_workbook_name_the_markdown_plan_period_not_the_drawn_range() -> None:
    analysis = tiny_analysis(FAR_DEADLINE)
    options = ExportOptions()
    period = _markdown_period(markdown.export(analysis, options).decode())
    # the 計画期間 runs from the plan start to its deadline (令和12年度), the same in all three
    assert period == "令和7年度 (2025年度) 〜 令和12年度 (2030年度)"
    root = ET.fromstring(svg.export(analysis, options))
    labels = ["".join(node.itertext()) for node in root.iter(f"{NS}text")]
    periods = [label for label in labels if "計画期間" in label]
    assert len(periods) == 1
    assert periods[0].startswith(f"計画期間 {period}")
    # while the axis draws only the fiscal years of the work (the deadline is an edge marker)
    assert "令和9年度 (2027年度)" not in labels
    book = openpyxl.load_workbook(io.BytesIO(xlsx.export(analysis, options)))
    title = str(book["工程表"]["A1"].value)
    assert f"計画期間 {period}" in title


# A cost KPI (lower is better) that got worse, and a count KPI with 年度別目標 that is behind the
# 令和8年度 target although a straight line from the start would call it on track.
KPIS = """
[plan]
title = "KPI計画"
start = 2026-04-01
status_date = 2027-03-31
calendar = "calendar"

[initiatives.gc-cost-compare]
title = "ガバメントクラウド経費比較"
duration = "20d"

[[initiatives.gc-cost-compare.kpis]]
name = "運用経費"
unit = "千円"
direction = "lower"
baseline = 1000
target = 800
actual = 1084.8
due = 2029-03-31

[initiatives.online]
title = "オンライン申請"
duration = "20d"

[[initiatives.online.kpis]]
name = "オンライン化手続数"
unit = "件"
baseline = 0
target = 100
actual = 40
due = 2029-03-31
targets = { 2026 = 60, 2027 = 80 }
"""


def test_kpi_moving_the_wrong_way_is_worsened_never_a_negative_rate() -> None:
    report = markdown.export(tiny_analysis(KPIS), ExportOptions()).decode()
    section = report[report.index("## KPI") :]
    row = next(line for line in section.splitlines() if "運用経費" in line)
    assert "**悪化**" in row
    assert "-42.4%" not in row and "%" not in row
    assert "悪化: " in section


def test_kpi_is_judged_against_the_target_of_the_current_fiscal_year() -> None:
    analysis = tiny_analysis(KPIS)
    assert analysis.plan is not None
    from roadmap.core.analysis.kpi import kpi_report

    online = next(
        item
        for item in kpi_report(analysis.plan, analysis.schedule)
        if item.name.startswith("オンライン")
    )
    # 40 at the end of 令和8年度 against its target of 60 (a straight line to 100 by 2029-03-31
    # would expect only about 33)
    assert online.expected == 0.6
    assert online.status == "behind"


def test_kpi_table_has_council_columns_and_titles_not_ids() -> None:
    analysis = tiny_analysis(KPIS)
    report = markdown.export(analysis, ExportOptions()).decode()
    section = report[report.index("## KPI") :]
    header = next(line for line in section.splitlines() if line.startswith("| 取組"))
    cells = [cell.strip() for cell in header.strip("|").split("|")]
    assert cells[4:7] == ["目標設定時", "R8年度末", "R9年度末"]
    assert "ガバメントクラウド経費比較" in section
    assert "gc-cost-compare" not in section
    book = openpyxl.load_workbook(io.BytesIO(xlsx.export(analysis, ExportOptions())))
    sheet = book["KPI"]
    assert [cell.value for cell in sheet[2]][4:7] == ["目標設定時", "R8年度末", "R9年度末"]
    assert sheet["A3"].value == "ガバメントクラウド経費比較"
    statuses = [row[-1] for row in sheet.iter_rows(min_row=3, max_row=4, values_only=True)]
    assert statuses == ["悪化", "遅れ"]


DONE_EARLY = """
[plan]
title = "実績の更新漏れ"
start = 2026-04-01
status_date = 2026-09-01
calendar = "calendar"

[initiatives.design]
title = "設計"
duration = "100d"

[initiatives.build]
title = "構築"
duration = "20d"
status = "done"
actual_start = 2026-04-01
actual_finish = 2026-04-28
depends_on = ["design"]
"""


def test_done_work_waiting_on_unfinished_work_is_warned_and_explained() -> None:
    analysis = tiny_analysis(DONE_EARLY)
    codes = [(problem.code, problem.initiative) for problem in analysis.warnings]
    assert ("done-before-predecessor", "build") in codes
    report = markdown.export(analysis, ExportOptions()).decode()
    assert "先行する取組「design」が完了していません" in report
    assert "余裕日数が負になり" in report and "遅れではなく" in report


def test_done_after_done_predecessor_is_not_warned() -> None:
    plan = DONE_EARLY.replace(
        'duration = "100d"',
        'duration = "10d"\nstatus = "done"\nactual_start = 2026-04-01\nactual_finish = 2026-04-10',
    )
    analysis = tiny_analysis(plan)
    assert "done-before-predecessor" not in [problem.code for problem in analysis.warnings]


RISKY = """
[plan]
title = "リスク計画"
start = 2026-04-01
deadline = 2027-03-31
calendar = "calendar"

[initiatives.a]
title = "設計"
duration = { optimistic = "20d", likely = "30d", pessimistic = "60d" }

[initiatives.b]
title = "構築"
duration = "20d"
depends_on = ["a"]

[initiatives.c]
title = "移行"
duration = "10d"
depends_on = ["b"]
"""


def test_risk_section_says_what_it_covers_in_plain_words() -> None:
    analysis = tiny_analysis(RISKY)
    report = markdown.export(analysis, ExportOptions()).decode()
    section = report[report.index("## スケジュールリスク") :]
    assert "1件の取組 (全3件中) だけを変動させて" in section
    assert re.search(r"8割の確率で令和\d+年\d+月までに完了する見込みです", section)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.export(analysis, ExportOptions())))
    texts = [str(cell.value) for row in book["リスク"].iter_rows() for cell in row if cell.value]
    assert any("全3件中" in value for value in texts)
    assert any(value.startswith("8割の確率で令和") for value in texts)


# -- no English codes or ids in Japanese reports -------------------------------------------------

#: Words a Japanese reader must not meet: codes, English headers, the old wording.
FORBIDDEN = (
    "driver",
    "true",
    "false",
    "in_progress",
    "on_track",
    "standardize",
    "gov-cloud",
    "not_before",
    "status_date",
    "営業日",
    "波",
    " Q1",
    " Q2",
    "CPM",
    "Mermaid",
)

COUNCIL = KPIS.replace('calendar = "calendar"\n', 'calendar = "calendar"\ndeadline = 2030-03-31\n')
COUNCIL += """
[initiatives.gc-cost-compare.cost]
initial = 1000000
annual = 800000
annual_before = 1000000

[initiatives.later]
title = "後続の取組"
duration = { optimistic = "10d", likely = "20d", pessimistic = "40d" }
depends_on = ["online"]
deadline = 2027-06-30
step = "gov-cloud"
not_before = 2027-04-05
"""


def _xlsx_texts(data: bytes) -> dict[str, str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: "\n".join(
            str(value)
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if isinstance(value, str)
        )
        for sheet in book.worksheets
    }


def test_japanese_reports_have_no_english_codes_and_tables_no_ids() -> None:
    from exporters import csv_export

    analysis = tiny_analysis(COUNCIL)
    assert not analysis.has_errors
    options = ExportOptions()
    report = markdown.export(analysis, options).decode()
    root = ET.fromstring(svg.export(analysis, options))
    chart = "\n".join("".join(node.itertext()) for node in root.iter(f"{NS}text"))
    csv_text = csv_export.export(analysis, ExportOptions(excel=True)).decode("utf-8-sig")
    sheets = _xlsx_texts(xlsx.export(analysis, options))
    # Mermaid's own syntax (``dateFormat``, ``section``...) is code, not text for a reader
    prose = re.sub(r"```mermaid.*?```", "", report, flags=re.DOTALL)
    outputs = {"md": prose, "svg": chart, "csv": csv_text, **sheets}
    for name, content in outputs.items():
        for word in FORBIDDEN:
            assert re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", content) is None, (
                name,
                word,
            )
    # the KPI, 運用経費 and risk tables name initiatives by title
    for heading in ("## KPI", "## 運用経費", "## スケジュールリスク"):
        start = prose.index(heading)
        end = prose.find("\n## ", start + 3)
        section = prose[start : end if end > 0 else None]
        assert "gc-cost-compare" not in section, heading
        assert "online" not in section.replace("オンライン", ""), heading
    for sheet in ("KPI", "予算"):
        assert "gc-cost-compare" not in sheets[sheet]


STATUS_DATED = """
[plan]
title = "基準日のある計画"
start = 2026-04-01
status_date = 2026-06-15
calendar = "calendar"

[initiatives.design]
title = "設計"
duration = "200d"
"""


def test_status_date_is_drawn_as_the_as_of_line_without_the_option() -> None:
    analysis = tiny_analysis(STATUS_DATED)
    root = ET.fromstring(svg.export(analysis, ExportOptions()))
    assert len([line for line in root.iter(f"{NS}line") if line.get("class") == "today"]) == 1
    labels = ["".join(node.itertext()) for node in root.iter(f"{NS}text")]
    assert "基準日 令和8年6月15日" in labels  # in the legend
    sheets = _xlsx_texts(xlsx.export(analysis, ExportOptions()))
    assert "基準日 令和8年6月15日" in sheets["工程表"]  # 和暦, like the SVG


def test_japanese_reports_write_wareki_dates_unless_iso_is_asked() -> None:
    analysis = tiny_analysis(STATUS_DATED)
    report = markdown.export(analysis, ExportOptions()).decode()
    assert "| 基準日 | 令和8年6月15日 |" in report
    assert "開始 令和8年6月15日" in report
    assert "| R8.6.15 |" in report  # compact in the dense tables
    iso = markdown.export(analysis, ExportOptions(dates="iso")).decode()
    assert "| 基準日 | 2026-06-15 |" in iso
    assert "令和8年6月15日" not in iso
    english = markdown.export(analysis, ExportOptions(lang="en")).decode()
    assert "2026-06-15" in english


def test_outside_the_gantt_code_the_japanese_example_report_has_no_iso_date() -> None:
    """Every section a council reads (summary, budget, KPI, risk, 20 業務) writes 和暦; only
    the Mermaid chart, a format for the machine, keeps ISO dates."""
    report = markdown.export(example_analysis(), ExportOptions()).decode()
    outside_code = re.sub(r"```.*?```", "", report, flags=re.DOTALL)
    assert re.findall(r"\b20\d\d-\d\d-\d\d\b", outside_code) == []
