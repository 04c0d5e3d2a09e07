"""The version for residents (``--audience public``) and the table Gantt's page-sized columns."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from export_samples import example_analysis, tiny_analysis
from mermaid_harness import mermaid_available, mermaid_skip_reason, parse_gantt

from exporters import markdown, mermaid, svg
from exporters.base import ExportOptions
from exporters.markdown import render
from exporters.table_gantt import MAX_QUARTER_COLUMNS, table_gantt
from roadmap.cli.main import main
from roadmap.core.analysis.public import is_public, public_owner, public_view

NS = "{http://www.w3.org/2000/svg}"

TOWN = """
[plan]
title = "窓口の改革"
organization = "さくら町"
start = 2026-04-01
status_date = 2026-10-01
calendar = "calendar"

[initiatives.std-juki]
title = "住民記録システムの移行"
step = "standardize"
owner = "ベンダーA社 山田 太郎"
duration = "120d"
status = "done"
actual_start = 2026-04-01
actual_finish = 2026-07-29
[initiatives.std-juki.cost]
initial = 12_345_678

[initiatives.cutover]
title = "新システム稼働"
step = "standardize"
owner = "住民課 住民係"
duration = "0d"
depends_on = ["std-juki"]
residents = "手続の方法は変わりません。"

[initiatives.online]
title = "オンライン申請"
step = "resident-services"
owner = "佐藤 花子"
duration = "90d"
status = "in_progress"
progress = 40
actual_start = 2026-08-01
residents = "スマートフォンから転入の予約ができます。"
[initiatives.online.cost]
initial = 2_000_000
annual = 98_765

[initiatives.madoguchi]
title = "書かない窓口"
step = "adopt-cases"
owner = "住民課"
duration = "60d"
depends_on = ["online"]
residents = "届出書は職員が作ります。"

[initiatives.rpa]
title = "RPA の導入"
step = "adopt-cases"
owner = "情報政策係"
duration = "60d"

[initiatives.dropped]
title = "中止した施策"
step = "resident-services"
duration = "30d"
status = "cancelled"
"""


def public_report(lang: str = "ja") -> str:
    options = ExportOptions(audience="public", lang=lang)  # type: ignore[arg-type]
    return markdown.export(tiny_analysis(TOWN), options).decode()


def test_public_selection_is_resident_facing_work_without_cancelled_work() -> None:
    analysis = tiny_analysis(TOWN)
    view = public_view(analysis)
    # by start: online from 8/1, the milestone on the 基準日 10/1, then 書かない窓口
    assert [item.key for item in view.items] == ["online", "cutover", "madoguchi"]
    assert analysis.plan is not None
    assert not is_public(analysis.plan.initiatives["rpa"])  # internal tooling
    assert not is_public(analysis.plan.initiatives["dropped"])
    assert view.total == 5 and view.done == 1


def test_owners_are_shown_only_when_they_name_a_unit_of_the_organisation() -> None:
    assert public_owner("住民課 住民係") == "住民課 住民係"
    assert public_owner("会計課") == "会計課"
    assert public_owner("佐藤 花子") is None
    assert public_owner("ベンダーA社 山田 太郎") is None
    assert public_owner(None) is None


def test_public_report_has_no_costs_ids_people_or_internal_words() -> None:
    report = public_report()
    for secret in ("12,345,678", "12345678", "2,000,000", "98,765", "円"):
        assert secret not in report
    for identifier in ("std-juki", "cutover", "madoguchi", "online", "dropped"):
        assert re.search(rf"(?<![A-Za-z-]){identifier}(?![A-Za-z-])", report) is None, identifier
    for person in ("佐藤", "山田", "ベンダー"):
        assert person not in report
    prose = re.sub(r"```mermaid.*?```", "", report, flags=re.DOTALL)
    for word in ("クリティカル", "critical", "余裕", "P80", "PERT", "ガバクラ", "中止した施策"):
        assert word not in prose, word
    assert "crit" not in report  # no critical-path tags in the chart either


def test_public_report_says_what_changes_and_when() -> None:
    report = public_report()
    assert report.startswith("# 窓口の改革 (住民の皆さまへ)\n")
    assert "| 計画期間 | 令和8年度 (2026年度) |" in report
    assert "| 基準日 | 令和8年10月1日 |" in report
    coming = report.split("## これから変わること", 1)[1].split("## ", 1)[0]
    row = next(line for line in coming.splitlines() if "オンライン申請" in line)
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[0] == "令和8年8月〜令和8年11月ごろ"  # 60% of 90 days left on 10/1
    assert cells[2:] == [
        "住民サービスの向上",
        "実施中 (40%)",
        "スマートフォンから転入の予約ができます。",
        "-",  # a person's name is not shown
    ]
    assert "| 令和8年10月ごろ | 新システム稼働 |"  # not done: from the 基準日 on in coming
    assert "住民課 住民係" in coming
    assert "```mermaid" in report
    chart = report.split("```mermaid", 1)[1].split("```", 1)[0]
    assert "section 住民サービスの向上" in chart
    assert "RPA" not in chart


def test_public_report_in_english() -> None:
    report = public_report("en")
    assert "## What is going to change" in report
    assert "Under way (40%)" in report


def test_public_svg_has_only_resident_facing_rows_and_no_ids() -> None:
    data = svg.export(tiny_analysis(TOWN), ExportOptions(audience="public"))
    text = data.decode()
    root = ET.fromstring(data)
    rows = [g for g in root.iter(f"{NS}g") if g.get("class") == "row"]
    assert len(rows) == 3
    assert "data-initiative" not in text
    for identifier in ("std-juki", "madoguchi", "rpa"):
        assert identifier not in text
    assert "クリティカル" not in text and "critical" not in text
    assert "住民の皆さまへ" in text
    legend = {"".join(t.itertext()) for t in root.iter(f"{NS}text")}
    assert {"住民サービスの向上", "役所の業務システムの統一", "便利な仕組みの導入"} <= legend
    assert "ガバクラ" not in text and "国の共通基盤 (ガバメントクラウド) への移行" not in text


def test_the_mermaid_format_for_residents_keeps_only_their_work() -> None:
    chart = mermaid.export(tiny_analysis(TOWN), ExportOptions(audience="public")).decode()
    assert "RPA" not in chart and "crit" not in chart
    assert "オンライン申請" in chart


def test_cli_public_audience_writes_markdown_and_refuses_the_workbook(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(TOWN, encoding="utf-8")
    assert main(["export", str(plan), "--audience", "public"]) == 0
    assert "住民の皆さまへ" in capsysbinary.readouterr().out.decode()
    target = tmp_path / "x.xlsx"
    assert main(["export", str(plan), "--audience", "public", "-o", str(target)]) == 2
    assert "住民向け版" in capsysbinary.readouterr().err.decode()
    assert not target.exists()
    assert main(["export", str(plan), "--svg-size", "wide", "--format", "svg"]) == 0
    assert 'viewBox="0 0 2100 900"' in capsysbinary.readouterr().out.decode()


# -- the table Gantt -------------------------------------------------------------------------


def _gantt_header(analysis: object, **options: object) -> list[str]:
    lines = table_gantt(analysis, ExportOptions(**options))  # type: ignore[arg-type]
    header = next(line for line in lines if line.startswith("| "))
    return [cell.strip() for cell in header.strip("|").split("|")]


def test_table_gantt_shows_fiscal_years_when_quarters_would_not_fit_the_page() -> None:
    header = _gantt_header(example_analysis())
    assert header[4:] == ["R7年度", "R8年度", "R9年度", "R10年度", "R11年度"]
    quarters = _gantt_header(example_analysis(), by="quarter")
    assert len(quarters) - 4 > MAX_QUARTER_COLUMNS  # asked for: quarters all the same
    short = _gantt_header(tiny_analysis(TOWN))
    assert short[4:] == ["R8年度 4〜6月", "R8年度 7〜9月", "R8年度 10〜12月", "R8年度 1〜3月"]


def test_table_gantt_marks_finished_work_as_done_not_as_an_empty_box() -> None:
    lines = table_gantt(tiny_analysis(TOWN), ExportOptions())
    row = next(line for line in lines if line.startswith("| 住民記録システムの移行"))
    assert "済" in row and "□" not in row
    assert "済 完了した作業" in lines[0]
    english = table_gantt(tiny_analysis(TOWN), ExportOptions(lang="en"))
    row = next(line for line in english if line.startswith("| 住民記録システムの移行"))
    assert "✓" in row


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_internal_report_has_a_legend_under_the_chart(lang: str) -> None:
    report = render(tiny_analysis(TOWN), ExportOptions(lang=lang), sections=())  # type: ignore[arg-type]
    after = report.split("```mermaid", 1)[1].split("```", 1)[1].lstrip("\n")
    assert after.startswith("凡例" if lang == "ja" else "Legend")


@pytest.mark.skipif(not mermaid_available(), reason=mermaid_skip_reason())
def test_real_mermaid_draws_the_residents_chart() -> None:
    analysis = tiny_analysis(TOWN)
    [diagram] = parse_gantt(markdown.export(analysis, ExportOptions(audience="public")).decode())
    assert diagram["ok"], diagram.get("error")
    names = [task["name"] for task in diagram["tasks"]]
    assert names == ["新システム稼働", "書かない窓口", "オンライン申請 (40%)"]
    assert all("crit" not in task["tags"] for task in diagram["tasks"])
    assert diagram["sections"] == [
        "役所の業務システムの統一",
        "便利な仕組みの導入",
        "住民サービスの向上",
    ]
