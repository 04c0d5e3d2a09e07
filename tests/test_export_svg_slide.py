"""The SVG as a slide: 16:9 (or wide), cut at the 計画期間, progress and baselines drawn."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from export_samples import example_analysis, tiny_analysis

from exporters import markdown
from exporters.base import ExportOptions
from exporters.svg import export, layout

NS = "{http://www.w3.org/2000/svg}"

PLAN = """
[plan]
title = "窓口改革"
organization = "みどり町"
start = 2026-04-01
status_date = 2026-09-01
deadline = 2031-03-31
calendar = "calendar"

[initiatives.design]
title = "設計"
step = "standardize"
duration = "100d"
status = "in_progress"
progress = 60
actual_start = 2026-04-01

[initiatives.build]
title = "構築"
step = "gov-cloud"
duration = "200d"
depends_on = ["design"]
deadline = 2030-12-31

[initiatives.golive]
title = "本番移行"
step = "resident-services"
duration = "0d"
depends_on = ["build"]
"""


def root_of(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{NS}text")]


def by_class(root: ET.Element, tag: str, klass: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}{tag}") if klass in e.get("class", "").split()]


def view_box(root: ET.Element) -> tuple[float, float]:
    _x, _y, width, height = (float(part) for part in root.get("viewBox", "").split())
    return width, height


def markdown_period(analysis: object, options: ExportOptions) -> str:
    report = markdown.export(analysis, options).decode()  # type: ignore[arg-type]
    match = re.search(r"^\| 計画期間 \| (.+?) \|$", report, re.MULTILINE)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("make", [lambda: tiny_analysis(PLAN), example_analysis])
def test_svg_is_16_9_with_the_as_of_line_and_the_markdown_plan_period(make: object) -> None:
    assert callable(make)
    analysis = make()
    options = ExportOptions()
    root = root_of(export(analysis, options))
    width, height = view_box(root)
    assert width / height == pytest.approx(16 / 9)
    assert (root.get("width"), root.get("height")) == (f"{width:g}", f"{height:g}")
    # the 基準日 line is drawn from the plan's status_date, and named in the legend
    (line,) = by_class(root, "line", "today")
    status_date = analysis.plan.plan.status_date
    at = layout(analysis, options)
    assert float(line.get("x1", "")) == pytest.approx(
        at.x(status_date) + at.day_width / 2, abs=0.01
    )
    assert len(by_class(root, "line", "legend-today")) == 1
    # one 計画期間 label, equal to the Markdown report's
    periods = [label for label in texts(root) if "計画期間" in label]
    assert len(periods) == 1
    assert periods[0].startswith(f"計画期間 {markdown_period(analysis, options)}  基準日 ")


def test_wide_svg_is_21_9() -> None:
    root = root_of(export(tiny_analysis(PLAN), ExportOptions(svg_size="wide")))
    width, height = view_box(root)
    assert width / height == pytest.approx(21 / 9)


def test_a_plan_too_long_for_a_slide_grows_the_canvas_but_keeps_16_9() -> None:
    lines = ['[plan]\ntitle = "大きな計画"\nstart = 2026-04-01\n']
    for number in range(80):
        lines.append(f'[initiatives.t{number:03d}]\ntitle = "取組{number}"\nduration = "5d"\n')
    root = root_of(export(tiny_analysis("".join(lines)), ExportOptions()))
    width, height = view_box(root)
    assert height > 900
    assert width / height == pytest.approx(16 / 9)


def test_row_labels_are_legible_on_a_projected_slide() -> None:
    root = root_of(export(tiny_analysis(PLAN), ExportOptions()))
    width, _height = view_box(root)
    sizes = [float(t.get("font-size", "16")) for t in root.iter(f"{NS}text")]
    # a 13.33-inch slide is 960 pt wide: no text under 7 pt, row labels 13 pt here
    assert min(size * 960 / width for size in sizes) >= 7
    labels = by_class(root, "text", "label")
    assert all(float(label.get("font-size", "")) * 960 / width >= 12 for label in labels)


def test_the_time_axis_stops_at_the_plan_period_and_far_deadlines_are_edge_markers() -> None:
    analysis = tiny_analysis(PLAN)
    at = layout(analysis, ExportOptions())
    # work ends in 令和8年度 / 令和9年度; the deadlines in 令和12年度 do not stretch the axis
    assert at.first == dt.date(2026, 4, 1)
    assert at.last == dt.date(2028, 3, 31)
    root = root_of(export(analysis, ExportOptions()))
    years = [t.text for t in by_class(root, "text", "fiscal-year-label")]
    assert years == ["令和8年度 (2026年度)", "令和9年度 (2027年度)"]
    (beyond,) = by_class(root, "polygon", "beyond")
    assert beyond.get("data-date") == "2030-12-31"
    (plan_beyond,) = by_class(root, "polygon", "plan-deadline-beyond")
    assert plan_beyond.get("data-date") == "2031-03-31"
    assert "期限 令和13年3月31日 →" in texts(root)
    edge = at.left + at.timeline_width
    xs = [float(p.split(",")[0]) for p in beyond.get("points", "").split()]
    assert min(xs) >= edge


def test_work_in_progress_shows_its_progress_inside_the_bar() -> None:
    analysis = tiny_analysis(PLAN)
    root = root_of(export(analysis, ExportOptions()))
    bars = {bar.get("data-initiative"): bar for bar in by_class(root, "rect", "bar")}
    assert bars["design"].get("class") == "bar critical in-progress"
    (done_part,) = by_class(root, "rect", "progress")
    assert float(done_part.get("width", "")) == pytest.approx(
        0.6 * float(bars["design"].get("width", "")), abs=0.02
    )
    (caption,) = by_class(root, "text", "progress-label")
    assert caption.text == "60%"
    x = float(caption.get("x", ""))
    left = float(bars["design"].get("x", ""))
    assert left < x < left + float(bars["design"].get("width", ""))


def test_baseline_bars_are_drawn_when_a_baseline_is_given() -> None:
    analysis = tiny_analysis(PLAN)
    earlier = tiny_analysis(PLAN.replace('duration = "200d"', 'duration = "150d"'))
    plain = root_of(export(analysis, ExportOptions()))
    assert by_class(plain, "rect", "baseline-bar") == []
    root = root_of(export(analysis, ExportOptions(baseline=earlier, baseline_label="v1")))
    bars = {bar.get("data-initiative"): bar for bar in by_class(root, "rect", "baseline-bar")}
    assert sorted(str(key) for key in bars) == ["build", "design"]
    (diamond,) = by_class(root, "polygon", "baseline-milestone")  # the milestone's old day
    assert diamond.get("data-initiative") == "golive"
    new = next(b for b in by_class(root, "rect", "bar") if b.get("data-initiative") == "build")
    assert float(bars["build"].get("width", "")) < float(new.get("width", ""))
    assert "前回の計画 v1" in texts(root)


def test_svg_legend_lists_the_as_of_date_and_the_progress_mark() -> None:
    root = root_of(export(tiny_analysis(PLAN), ExportOptions()))
    shown = texts(root)
    assert "基準日 令和8年9月1日" in shown
    assert "実施中 (濃い部分が進み具合)" in shown
    width, _height = view_box(root)
    right = [float(t.get("x", "")) for t in root.iter(f"{NS}text") if t.get("text-anchor") is None]
    assert max(right) < width  # the legend wraps instead of running off the slide
