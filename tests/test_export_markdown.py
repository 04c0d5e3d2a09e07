"""The Markdown report: golden files, GFM tables that keep their columns, and its sections.

Golden files live in tests/golden/report-*.md; ``UPDATE_GOLDEN=1`` rewrites them. They are
rendered without the sections of later features (``sections=()``), so adding a budget or risk
section does not change them; the hook itself is tested separately.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from exporters.base import ExportOptions, Granularity
from exporters.markdown import render
from exporters.md_sections import md_table, md_text
from exporters.table_gantt import periods
from roadmap.core.analysis.pipeline import Analysis, analyze_path, analyze_plan
from roadmap.core.i18n import Lang
from roadmap.core.planfile.loader import parse_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "plans" / "example-town.toml"
HOSTILE = Path(__file__).resolve().parent / "plans" / "hostile.toml"
GOLDEN = Path(__file__).resolve().parent / "golden"

PLANS = {"example": EXAMPLE, "hostile": HOSTILE}


def _analysis_of(toml: str) -> Analysis:
    loaded = parse_plan(toml)
    analysis = analyze_plan(loaded.plan, loaded.problems)
    assert not analysis.has_errors
    return analysis


def _report(name: str, lang: Lang = "ja", by: Granularity = "quarter") -> str:
    return render(analyze_path(PLANS[name]), ExportOptions(lang=lang, by=by), sections=())


def _shown(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


# -- golden files --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang"), [(n, lang) for n in PLANS for lang in ("ja", "en")])
def test_report_matches_golden_file(name: str, lang: Lang) -> None:
    report = _report(name, lang)
    golden = GOLDEN / f"report-{name}-{lang}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(report, encoding="utf-8", newline="\n")
    assert report == golden.read_text(encoding="utf-8"), f"rerun with UPDATE_GOLDEN=1: {golden}"


def test_same_plan_and_as_of_give_identical_bytes() -> None:
    options = ExportOptions(as_of=dt.date(2026, 12, 1))
    first = render(analyze_path(EXAMPLE), options, sections=())
    second = render(analyze_path(EXAMPLE), options, sections=())
    assert first.encode() == second.encode()


# -- GFM tables ----------------------------------------------------------------------------


def _tables(markdown: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header first), read by a GFM parser."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append(_plain(token))
    return tables


def _plain(token: Token) -> str:
    """The text a reader sees in an inline token (markup removed, entities decoded)."""
    return "".join(
        child.content for child in token.children or [] if child.type in ("text", "code_inline")
    )


def _source_cells(markdown: str) -> list[int]:
    """Cell counts of every table line of the source, splitting at unescaped pipes."""
    counts = []
    for line in markdown.splitlines():
        if line.startswith("| "):
            counts.append(len(re.split(r"(?<!\\)\|", line)) - 2)
    return counts


@pytest.mark.parametrize("name", list(PLANS))
@pytest.mark.parametrize("by", ["quarter", "month", "fiscal-year"])
def test_every_table_row_keeps_the_header_column_count(name: str, by: Granularity) -> None:
    report = _report(name, by=by)
    tables = _tables(report)
    assert len(tables) == 5  # facts, the 首長 summary, table Gantt, waves, step windows
    for table in tables:
        assert all(len(row) == len(table[0]) for row in table)
    source = _source_cells(report)
    assert len(source) == sum(len(table) + 1 for table in tables)  # + delimiter rows
    widths = iter(len(table[0]) for table in tables)
    position = 0
    for table in tables:
        width = next(widths)
        assert source[position : position + len(table) + 1] == [width] * (len(table) + 1)
        position += len(table) + 1


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_table_gantt_rows_show_each_title_whole(lang: Lang) -> None:
    analysis = analyze_path(HOSTILE)
    assert analysis.schedule is not None
    gantt = _tables(render(analysis, ExportOptions(lang=lang), sections=()))[2]
    names = [row[0] for row in gantt[1:]]
    for item in analysis.schedule.initiatives.values():
        expected = _shown(item.title) or "\u200b"
        assert any(name in (expected, expected + " ⚠") for name in names), item.title


def test_table_gantt_marks_periods_milestones_and_critical_work() -> None:
    analysis = _analysis_of(
        '[plan]\ntitle = "T"\nstart = 2026-04-01\n'
        '[initiatives.a]\ntitle = "Long work"\nstep = "standardize"\nduration = "7mo"\n'
        '[initiatives.b]\ntitle = "Side work"\nstep = "standardize"\nduration = "1mo"\n'
        '[initiatives.m]\ntitle = "Go live"\nstep = "standardize"\nduration = "0d"\n'
        'depends_on = ["a"]\n'
    )
    header, group, long_row, side_row, milestone_row = _tables(
        render(analysis, ExportOptions(), sections=())
    )[2]
    assert header[4:] == ["R8年度 4〜6月", "R8年度 7〜9月", "R8年度 10〜12月"]
    assert group[0] == "標準化"
    assert long_row[:1] + long_row[4:] == ["Long work", "★", "★", "★"]
    assert side_row[:1] + side_row[4:] == ["Side work", "■", "", ""]
    assert milestone_row[:1] + milestone_row[4:] == ["Go live", "", "", "◆"]
    assert milestone_row[2] == milestone_row[3] == long_row[3]


@pytest.mark.parametrize(
    ("by", "lang", "labels"),
    [
        ("quarter", "ja", ["R7年度 1〜3月", "R8年度 4〜6月"]),
        ("quarter", "en", ["FY2025 Q4", "FY2026 Q1"]),
        ("month", "ja", ["R8.3", "R8.4", "R8.5"]),
        ("month", "en", ["2026-03", "2026-04", "2026-05"]),
        ("fiscal-year", "ja", ["R7年度", "R8年度"]),
        ("fiscal-year", "en", ["FY2025", "FY2026"]),
    ],
)
def test_table_columns_follow_by_and_language(
    by: Granularity, lang: Lang, labels: list[str]
) -> None:
    columns = periods(dt.date(2026, 3, 20), dt.date(2026, 5, 10), by, lang)
    assert [period.label for period in columns] == labels


# -- report content ------------------------------------------------------------------------


def test_header_names_the_plan_period_in_both_year_labels() -> None:
    report = _report("example")
    assert report.startswith("# みどり町 DX推進ロードマップ\n")
    assert "| 計画期間 | 令和7年度 (2025年度) 〜 令和11年度 (2029年度) |" in report
    assert "| 基準日 | 令和8年11月27日 |" in report


def test_as_of_option_replaces_the_status_date() -> None:
    options = ExportOptions(lang="en", as_of=dt.date(2027, 1, 15))
    report = render(analyze_path(EXAMPLE), options, sections=())
    assert "| As of | 2027-01-15 |" in report


def test_summary_reads_the_critical_path_as_a_chain_of_titles() -> None:
    report = _report("example")
    line = next(line for line in report.splitlines() if line.startswith("- クリティカルパス: "))
    # the 戸籍 chain to the final measurement and the next plan, each named by its title (the
    # 議会報告 on the March 2030 session stands beside it)
    plan = analyze_path(EXAMPLE).plan
    assert plan is not None
    chain = ["std-koseki-fitgap", "std-koseki-migration", "std-koseki-test"]
    chain += ["std-koseki-cutover", "effect-final", "next-plan"]
    titles = " → ".join(plan.initiatives[name].title for name in chain)
    assert line == f"- クリティカルパス: {titles}"


def test_summary_says_how_late_the_plan_finishes_and_lists_every_warning() -> None:
    analysis = analyze_path(HOSTILE)
    report = render(analysis, ExportOptions(lang="en"), sections=())
    assert "- 25 working days after the plan deadline 2026-09-30" in report
    assert f"### Warnings ({len(analysis.warnings)})" in report
    for problem in analysis.warnings:
        assert md_text(problem.message("en")) in report
    assert "planned 14, in progress 1, done 1, on hold 0, cancelled 1" in report


def test_summary_counts_margin_before_the_deadline_in_working_days() -> None:
    analysis = _analysis_of(
        '[plan]\ntitle = "T"\nstart = 2026-04-01\ndeadline = 2026-04-10\n'
        '[initiatives.a]\ntitle = "A"\nduration = "3d"\n'
    )  # finishes Friday 04-03; 04-06 .. 04-10 are five working days
    report = render(analysis, ExportOptions(lang="en"), sections=())
    assert "- 5 working days ahead of the plan deadline 2026-04-10" in report


def test_phase_section_lists_waves_and_step_windows() -> None:
    report = _report("example", "en")
    phases = report[report.index("## Phases") :]
    assert "| Wave 1 | 2025-04-01 | 2025-06-30 |" in phases
    assert "| Standardize | 2025-04-01 | 2029-05-07 | 19 |" in phases
    assert phases.index("| Standardize |") < phases.index("| Common (foundation) |")


def test_large_plan_report_says_the_chart_is_split() -> None:
    body = "\n".join(
        f'[initiatives.i{n}]\ntitle = "W{n}"\nduration = "5d"\n'
        f"not_before = {dt.date(2026, 4, 1) + dt.timedelta(days=n * 7)}\n"
        for n in range(130)
    )
    analysis = _analysis_of(f'[plan]\ntitle = "T"\nstart = 2026-04-01\n{body}')
    report = render(analysis, ExportOptions(), sections=())
    assert report.count("```mermaid") > 2
    assert "工程表をステップ別・年度別に" in report


# -- the section hook ----------------------------------------------------------------------


def test_budget_staffing_kpi_and_risk_sections_follow_the_phase_section() -> None:
    report = render(analyze_path(EXAMPLE), ExportOptions())
    headings = [line for line in report.splitlines() if line.startswith("## ")]
    after = headings[headings.index("## 着手の段階") + 1 :]
    assert after[0].startswith("## 年度別予算")
    assert any(heading.startswith("## スケジュールリスク") for heading in after)
    assert after[-1] == "## 費用対効果"  # last, after every provider's section


# -- Markdown text -------------------------------------------------------------------------


class TestMdText:
    def test_pipes_and_backslashes_are_escaped(self) -> None:
        assert md_text("a | b \\ c") == "a \\| b \\\\ c"

    def test_newlines_become_spaces(self) -> None:
        assert md_text("one\ntwo\r\n three") == "one two three"

    def test_line_start_markers_cannot_start_a_block(self) -> None:
        assert md_text("- item") == "\\- item"
        assert md_text("12) step") == "12\\) step"
        assert md_text("> quote") == "\\> quote"

    def test_ampersand_is_escaped_only_as_a_reference(self) -> None:
        assert md_text("Fit&Gap") == "Fit&Gap"
        assert md_text("&amp;") == "\\&amp;"

    @pytest.mark.parametrize(
        "value",
        [
            "&amp; &#58; &copy;",
            "*bold* _em_ ~~strike~~ `code` [link](http://x) <b>tag</b>",
            "# heading-like ## and trailing #",
            "1. numbered",
            "+ plus",
            "=== setext",
            "a\\b \\| c",
            "$x$ and <!-- comment -->",
        ],
    )
    def test_a_gfm_reader_sees_the_text_as_typed(self, value: str) -> None:
        [inline] = [
            token
            for token in MarkdownIt("commonmark").enable("table").parse(md_text(value))
            if token.type == "inline"
        ]
        assert _plain(inline) == value

    def test_table_rejects_a_row_of_the_wrong_width(self) -> None:
        with pytest.raises(ValueError, match="cells"):
            md_table(["a", "b"], [["1"]])


def test_plan_with_only_cancelled_work_still_gives_a_whole_report() -> None:
    analysis = _analysis_of(
        '[plan]\ntitle = "Stopped"\nstart = 2026-04-01\n'
        '[initiatives.a]\ntitle = "A"\nduration = "3d"\nstatus = "cancelled"\n'
    )
    report = render(analysis, ExportOptions(lang="en"), sections=())
    assert "| Organization | - |" in report
    assert "cancelled 1" in report
    assert "```mermaid\ngantt\n    title Stopped\n" in report
    assert len(_tables(report)) == 5  # facts, summary, table Gantt, waves, steps
