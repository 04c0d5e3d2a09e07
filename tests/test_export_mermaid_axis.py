"""The Mermaid charts read on GitHub: an axis whose labels never overlap, names kept inside the
chart, a legend under the chart, and split charts on one time axis."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from export_samples import example_analysis, tiny_analysis
from mermaid_harness import mermaid_available, mermaid_skip_reason, parse_gantt

from exporters.base import ExportOptions
from exporters.markdown import render
from exporters.mermaid import (
    MAX_LABEL_EMS,
    PLOT_WIDTH_PX,
    SPAN_ID,
    TICK_GAP_PX,
    build_charts,
    choose_axis,
)

needs_mermaid = pytest.mark.skipif(not mermaid_available(), reason=mermaid_skip_reason())


def ticks(first: dt.date, end: dt.date, interval: str) -> list[dt.date]:
    """The days d3 puts a tick on for Mermaid's ``tickInterval`` (worked out independently)."""
    number, unit = int(re.match(r"\d+", interval).group()), interval.lstrip("0123456789")  # type: ignore[union-attr]
    days = [first + dt.timedelta(days=n) for n in range((end - first).days + 1)]
    if unit == "month":
        return [d for d in days if d.day == 1 and (d.month - 1) % number == 0]
    assert unit == "week"
    epoch_sunday = dt.date(1969, 12, 28)
    return [d for d in days if d.weekday() == 6 and ((d - epoch_sunday).days // 7) % number == 0]


def label_px(axis_format: str) -> float:
    """A tick label's width at Mermaid's 11 px font: about 6.5 px a digit or slash."""
    sample = {"%Y": "2026", "%y/%m": "26/04", "%m/%d": "04/01"}[axis_format]
    return len(sample) * 6.5


SPANS = [
    (dt.date(2026, 4, 1), days)
    for days in (10, 30, 45, 80, 120, 200, 365, 500, 730, 1100, 1500, 1826, 2600, 3650, 5475)
] + [(dt.date(2025, 10, 14), 1900), (dt.date(2027, 1, 1), 400)]


@pytest.mark.parametrize(("first", "days"), SPANS)
def test_the_axis_gives_no_more_tick_labels_than_fit_the_chart_width(
    first: dt.date, days: int
) -> None:
    end = first + dt.timedelta(days=days)
    axis = choose_axis(first, end)
    assert axis.format in ("%Y", "%y/%m", "%m/%d")
    if days > 200:
        assert axis.format in ("%Y", "%y/%m")  # yearly or %y/%m ticks for a plan of years
    drawn = ticks(first, end, axis.interval)
    width = label_px(axis.format) + TICK_GAP_PX
    assert len(drawn) <= PLOT_WIDTH_PX // width + 1
    # consecutive labels are further apart than a label is wide: they never overlap
    scale = PLOT_WIDTH_PX / days
    gaps = [(b - a).days * scale for a, b in itertools.pairwise(drawn)]
    assert all(gap >= label_px(axis.format) for gap in gaps)


def test_the_chart_writes_its_axis_and_a_legend_follows_it() -> None:
    analysis = example_analysis()
    [chart] = build_charts(analysis, ExportOptions())
    lines = chart.text.splitlines()
    assert "    axisFormat %y/%m" in lines and "    tickInterval 6month" in lines
    report = render(analysis, ExportOptions(), sections=())
    after = report.split("```mermaid", 1)[1].split("```", 1)[1].lstrip("\n")
    assert after.startswith("凡例: 帯は実施期間")
    assert "目盛は 6か月ごと" in after.splitlines()[0]


def test_long_names_are_cut_to_stay_inside_the_chart_and_progress_is_in_the_label() -> None:
    long = "住民記録システム標準準拠版への移行とデータ移行、総合テスト、職員研修、住民への周知"
    plan = f"""
[plan]
title = "計画"
start = 2026-04-01
calendar = "calendar"

[initiatives.a]
title = "{long}"
duration = "30d"
status = "in_progress"
progress = 40
actual_start = 2026-04-01
"""
    [chart] = build_charts(tiny_analysis(plan), ExportOptions())
    line = next(line for line in chart.text.splitlines() if ":active" in line)
    name = line.split(" :", 1)[0].strip()
    assert name.endswith("… (40#37;)")
    assert len(name.replace("#37;", "%")) < len(long)
    wide = sum(1 for char in name if ord(char) > 0x2E80)
    assert wide <= MAX_LABEL_EMS


def _split_plan() -> str:
    lines = ['[plan]\ntitle = "大きな計画"\nstart = 2026-04-01\ncalendar = "calendar"\n']
    for number in range(70):
        step = "standardize" if number < 40 else "resident-services"
        lines.append(
            f'[initiatives.i{number}]\ntitle = "取組{number}"\nstep = "{step}"\n'
            f'duration = "{10 + number}d"\nnot_before = '
            f"{dt.date(2026, 4, 1) + dt.timedelta(days=number * 9)}\n"
        )
    return "\n".join(lines)


def test_split_charts_share_one_time_axis() -> None:
    charts = build_charts(tiny_analysis(_split_plan()), ExportOptions())
    assert len(charts) == 2  # one chart per step
    spans = []
    for chart in charts:
        span = next(line for line in chart.text.splitlines() if f":{SPAN_ID}," in line)
        spans.append(span.split(":", 1)[1])
        axis = [line for line in chart.text.splitlines() if "axisFormat" in line]
        assert axis == [line for line in charts[0].text.splitlines() if "axisFormat" in line]
    assert spans[0] == spans[1]
    assert (
        spans[0] == f"{SPAN_ID}, 2026-04-01, {dt.date(2026, 4, 1) + dt.timedelta(days=69 * 9 + 79)}"
    )


@needs_mermaid
def test_real_mermaid_draws_the_ticks_we_planned_and_the_shared_range() -> None:
    analysis = example_analysis()
    [chart] = build_charts(analysis, ExportOptions())
    [diagram] = parse_gantt(chart.text, raw=True)
    assert diagram["ok"], diagram.get("error")
    labels = diagram["axis_ticks"]
    assert labels[0] == "25/07" and len(labels) == 10
    assert all(re.fullmatch(r"\d\d/\d\d", label) for label in labels)
    document = "".join(
        f"```mermaid\n{part.text}```\n"
        for part in build_charts(tiny_analysis(_split_plan()), ExportOptions())
    )
    first, second = parse_gantt(document)
    assert first["ok"] and second["ok"]
    assert first["axis_ticks"] == second["axis_ticks"]
