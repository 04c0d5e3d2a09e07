"""The Mermaid gantt charts: what the real Mermaid reads back equals our schedule.

The charts of the example plan, the hostile plan (both languages) and a large plan that must be
split all go through one Node process (tests/mermaid_harness.py). For every initiative the
task name Mermaid draws is our title (newlines drawn as spaces), the start is our early start,
the exclusive end is the day after our early finish (a milestone's start and end are its day)
and the tags follow the critical flag and the status.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from mermaid_harness import mermaid_available, mermaid_skip_reason, parse_gantt_batch

from exporters.base import ExportOptions
from exporters.markdown import render
from exporters.mermaid import (
    MAX_CHART_CHARS,
    MAX_NAME_CHARS,
    MAX_ROWS,
    SPAN_ID,
    build_charts,
    escape_text,
    export,
    shown_name,
    task_ids,
)
from roadmap.core.analysis.pipeline import Analysis, analyze_path, analyze_plan
from roadmap.core.model.plan import Status
from roadmap.core.planfile.loader import parse_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "plans" / "example-town.toml"
HOSTILE = Path(__file__).resolve().parent / "plans" / "hostile.toml"

needs_mermaid = pytest.mark.skipif(
    not mermaid_available(),
    reason=mermaid_skip_reason(),
)


def _analysis_of(toml: str) -> Analysis:
    loaded = parse_plan(toml)
    analysis = analyze_plan(loaded.plan, loaded.problems)
    assert not analysis.has_errors, [p.message("en") for p in analysis.problems]
    return analysis


def _large_plan(size: int) -> str:
    """``size`` initiatives in chains of ten over several fiscal years, all in two steps."""
    lines = ['[plan]\ntitle = "Large: plan"\nstart = 2026-04-01\n']
    for number in range(size):
        step = "standardize" if number % 3 else "measure"
        lines.append(f'[initiatives.i{number}]\ntitle = "取組 {number}: #{number}"')
        lines.append(f'step = "{step}"\nduration = "{20 + number % 7}d"')
        if number % 10:
            lines.append(f'depends_on = ["i{number - 1}"]')
        lines.append(f"not_before = {dt.date(2026, 4, 1) + dt.timedelta(days=number * 3)}\n")
    return "\n".join(lines)


def _shown(title: str, progress: float | None = None) -> str:
    """What a chart should draw for ``title``: whitespace runs as one space; blank as U+200B;
    long names cut (:func:`shown_name`), the progress of work under way after the name."""
    return shown_name(re.sub(r"\s+", " ", title).strip(), progress) or "\u200b"


def _expected_tags(analysis: Analysis, initiative_id: str) -> list[str]:
    assert analysis.schedule is not None
    item = analysis.schedule.initiatives[initiative_id]
    tags = {
        "done": item.status is Status.DONE,
        "active": item.status is Status.IN_PROGRESS,
        "crit": item.critical,
        "milestone": item.milestone,
    }
    return sorted(tag for tag, wanted in tags.items() if wanted)


# -- escaping ------------------------------------------------------------------------------


class TestEscapeText:
    def test_statement_characters_become_entity_codes(self) -> None:
        assert escape_text("a: b; c # d % e") == "a#58; b#59; c #35; d #37; e"

    def test_leading_keyword_is_encoded_whatever_its_case(self) -> None:
        assert escape_text("Section 2 review") == "#83;ection 2 review"
        assert escape_text("EXCLUDES nothing") == "#69;XCLUDES nothing"

    def test_keyword_inside_a_name_is_left_alone(self) -> None:
        assert escape_text("review section") == "review section"

    def test_leading_date_is_encoded(self) -> None:
        assert escape_text("2026-01-05 本番移行") == "#50;026-01-05 本番移行"

    def test_newlines_and_tabs_become_single_spaces(self) -> None:
        assert escape_text("one\n\ttwo\r\nthree") == "one two three"

    def test_blank_name_becomes_a_zero_width_space(self) -> None:
        assert escape_text(" \n ") == "#8203;"

    def test_japanese_and_emoji_pass_unchanged(self) -> None:
        assert escape_text("戸籍系 本番移行 🚀") == "戸籍系 本番移行 🚀"

    def test_very_long_name_is_cut_with_an_ellipsis(self) -> None:
        escaped = escape_text("長" * (MAX_NAME_CHARS + 50))
        assert len(escaped) == MAX_NAME_CHARS and escaped.endswith("…")


# -- chart text ----------------------------------------------------------------------------


def test_ids_are_ascii_by_position_in_the_file() -> None:
    ids = task_ids(analyze_path(HOSTILE))
    assert ids["住民票"] == "t1" and ids["emoji-🚀"] == "t2"
    assert all(re.fullmatch(r"t[0-9]+", value) for value in ids.values())


def test_chart_has_fixed_settings_and_one_excludes_line() -> None:
    [chart] = build_charts(analyze_path(EXAMPLE), ExportOptions())
    lines = chart.text.splitlines()
    assert lines[0] == "gantt"
    assert "    dateFormat YYYY-MM-DD" in lines and "    todayMarker off" in lines
    excludes = [line for line in lines if line.strip().startswith("excludes")]
    assert len(excludes) == 1
    # 2026-05-06 is a 振替休日; 2026-10-16 is the town's own closed day; 12-29 the closure
    for day in ("2026-05-06", "2026-10-16", "2026-12-29"):
        assert day in excludes[0]
    assert not any(word in chart.text for word in (" after ", " until ", "vert", "weekend "))


def test_sections_follow_the_step_order_with_common_work_last() -> None:
    [chart] = build_charts(analyze_path(EXAMPLE), ExportOptions())
    sections = [line.strip() for line in chart.text.splitlines() if "section " in line]
    assert sections == [
        "section 標準化",
        "section ガバクラ",
        "section 事例",
        "section 数値化",
        "section 住民サービス",
        "section 共通 (基盤整備)",
    ]


def test_calendar_day_plan_has_no_excludes_line() -> None:
    analysis = _analysis_of(
        '[plan]\ntitle = "T"\nstart = 2026-04-01\ncalendar = "calendar"\n'
        '[initiatives.a]\ntitle = "A"\nduration = "3d"\n'
    )
    [chart] = build_charts(analysis, ExportOptions())
    assert "excludes" not in chart.text
    assert "    A :crit, t1, 2026-04-01, 2026-04-04" in chart.text


def test_cancelled_work_is_not_drawn() -> None:
    [chart] = build_charts(analyze_path(HOSTILE), ExportOptions())
    assert "cancelled" not in chart.ids
    assert "never drawn" not in chart.text


def test_large_plan_is_split_into_readable_charts_under_the_size_limit() -> None:
    analysis = _analysis_of(_large_plan(400))
    charts = build_charts(analysis, ExportOptions())
    assert len(charts) > 400 // MAX_ROWS
    assert all(len(chart.ids) <= MAX_ROWS for chart in charts)
    assert all(len(chart.text) < MAX_CHART_CHARS for chart in charts)
    drawn = [initiative_id for chart in charts for initiative_id in chart.ids]
    assert sorted(drawn) == sorted(f"i{number}" for number in range(400))
    assert all(chart.label for chart in charts)


def test_mermaid_format_is_one_raw_chart_when_it_fits() -> None:
    data = export(analyze_path(EXAMPLE), ExportOptions()).decode("utf-8")
    assert data.startswith("gantt\n") and "```" not in data


# -- the real Mermaid ----------------------------------------------------------------------


def _documents() -> dict[str, tuple[Analysis, str]]:
    example, hostile = analyze_path(EXAMPLE), analyze_path(HOSTILE)
    large = _analysis_of(_large_plan(400))
    return {
        "example-ja": (example, render(example, ExportOptions(), sections=())),
        "hostile-ja": (hostile, render(hostile, ExportOptions(), sections=())),
        "hostile-en": (hostile, render(hostile, ExportOptions(lang="en"), sections=())),
        "hostile-mmd": (hostile, export(hostile, ExportOptions()).decode("utf-8")),
        "large-ja": (large, render(large, ExportOptions(), sections=())),
    }


@pytest.fixture(scope="module")
def mermaid_views() -> dict[str, tuple[Analysis, list[dict[str, Any]]]]:
    documents = _documents()
    parsed = parse_gantt_batch([document for _analysis, document in documents.values()])
    return {
        name: (analysis, diagrams)
        for (name, (analysis, _document)), diagrams in zip(documents.items(), parsed, strict=True)
    }


CASES = ("example-ja", "hostile-ja", "hostile-en", "hostile-mmd", "large-ja")


@needs_mermaid
@pytest.mark.parametrize("case", CASES)
def test_mermaid_draws_every_initiative_on_our_dates(
    case: str, mermaid_views: dict[str, tuple[Analysis, list[dict[str, Any]]]]
) -> None:
    analysis, diagrams = mermaid_views[case]
    assert analysis.schedule is not None
    assert diagrams, "no chart found"
    for diagram in diagrams:
        assert diagram["ok"], diagram.get("error")
    ids = {value: key for key, value in task_ids(analysis).items()}
    tasks = [task for diagram in diagrams for task in diagram["tasks"] if task["id"] != SPAN_ID]
    assert sorted(ids[task["id"]] for task in tasks) == sorted(analysis.schedule.initiatives)
    assert analysis.plan is not None
    for task in tasks:
        item = analysis.schedule.initiatives[ids[task["id"]]]
        progress = analysis.plan.initiatives[item.id].progress
        under_way = item.status is Status.IN_PROGRESS and not item.milestone
        assert task["name"] == _shown(item.title, progress if under_way else None), item.id
        assert task["start"] == item.early_start.isoformat(), item.id
        if item.milestone:
            assert task["end"] == item.early_start.isoformat(), item.id
        else:
            assert task["end"] == (item.early_finish + dt.timedelta(days=1)).isoformat(), item.id
        assert sorted(task["tags"]) == _expected_tags(analysis, item.id), item.id


@needs_mermaid
def test_mermaid_reads_the_hostile_plan_title_unchanged(
    mermaid_views: dict[str, tuple[Analysis, list[dict[str, Any]]]],
) -> None:
    analysis, [diagram] = mermaid_views["hostile-mmd"]
    assert analysis.plan is not None
    assert diagram["title"] == analysis.plan.plan.title


@needs_mermaid
def test_mermaid_excludes_the_town_halls_closed_weekdays(
    mermaid_views: dict[str, tuple[Analysis, list[dict[str, Any]]]],
) -> None:
    _analysis, [diagram] = mermaid_views["example-ja"]
    excludes = diagram["excludes"]
    assert "weekends" in excludes
    assert {"2026-05-06", "2026-10-16", "2026-12-29", "2027-01-01"} <= set(excludes)


@needs_mermaid
def test_mermaid_sections_are_the_step_labels_in_english(
    mermaid_views: dict[str, tuple[Analysis, list[dict[str, Any]]]],
) -> None:
    _analysis, [diagram] = mermaid_views["hostile-en"]
    assert diagram["sections"] == [
        "Standardize",
        "Gov Cloud",
        "Adopt cases",
        "Measure",
        "Resident services",
        "Common (foundation)",
    ]


def test_chart_over_the_character_limit_is_halved_until_it_fits() -> None:
    analysis = analyze_path(EXAMPLE)
    charts = build_charts(analysis, ExportOptions(), max_rows=None, max_chars=3000)
    assert len(charts) >= 2
    assert charts[0].label == "計画全体 (その1)"
    assert all(len(chart.text) <= 3000 for chart in charts)
    assert analysis.schedule is not None
    drawn = [initiative_id for chart in charts for initiative_id in chart.ids]
    assert drawn == [item.id for step_items in _by_section(analysis) for item in step_items]


def _by_section(analysis: Analysis) -> list[list[Any]]:
    assert analysis.schedule is not None
    order: dict[Any, list[Any]] = {}
    for item in analysis.schedule.initiatives.values():
        order.setdefault(item.step.order if item.step else 99, []).append(item)
    return [order[key] for key in sorted(order)]


def test_mermaid_format_too_big_for_one_chart_gives_headed_fenced_charts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import exporters.mermaid

    monkeypatch.setattr(exporters.mermaid, "MAX_CHART_CHARS", 3000)
    data = export(analyze_path(EXAMPLE), ExportOptions()).decode("utf-8")
    assert data.startswith("## 計画全体 (その1)\n\n```mermaid\ngantt\n")
    assert data.count("```mermaid\n") >= 2
