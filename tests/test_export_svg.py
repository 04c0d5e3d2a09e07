"""The SVG Gantt chart: valid XML, bars and diamonds where the schedule puts them."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET

import pytest
from export_samples import assert_golden, example_analysis, hostile_analysis, tiny_analysis

from exporters import colors
from exporters.base import ExportOptions
from exporters.svg import FONT_FAMILY, MIN_ROW, export, layout

NS = "{http://www.w3.org/2000/svg}"

TINY = """
[plan]
title = "小さな計画"
start = 2026-04-01
calendar = "calendar"

[initiatives.design]
title = "設計"
step = "standardize"
duration = "61d"

[initiatives.build]
title = "構築"
step = "gov-cloud"
duration = "30d"
depends_on = ["design"]
deadline = 2026-07-15

[initiatives.golive]
title = "本番移行"
duration = "0d"
depends_on = ["build"]

[initiatives.side]
title = "広報"
step = "resident-services"
duration = "10d"
not_before = 2026-04-15
"""


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def by_class(root: ET.Element, tag: str, klass: str) -> list[ET.Element]:
    """Elements ``tag`` whose class list contains ``klass``."""
    return [
        element for element in root.iter(f"{NS}{tag}") if klass in element.get("class", "").split()
    ]


TINY_LAYOUT = layout(tiny_analysis(TINY), ExportOptions())
DAY_WIDTH = TINY_LAYOUT.day_width


def near(value: float) -> object:
    """``value`` as written in the SVG (two decimals)."""
    return pytest.approx(value, abs=0.01)


def x_of(day: dt.date) -> float:
    """The chart starts on 2026-04-01, the first day of 令和8年度."""
    assert TINY_LAYOUT.first == dt.date(2026, 4, 1)
    return TINY_LAYOUT.x(day)


def test_svg_has_one_bar_per_initiative_that_is_not_a_milestone_placed_by_its_dates() -> None:
    root = parse(export(tiny_analysis(TINY), ExportOptions()))
    bars = {bar.get("data-initiative"): bar for bar in by_class(root, "rect", "bar")}
    assert sorted(bars) == ["build", "design", "side"]
    design = bars["design"]
    assert float(design.get("x", "")) == near(x_of(dt.date(2026, 4, 1)))
    assert float(design.get("width", "")) == near(61 * DAY_WIDTH)
    side = bars["side"]
    assert float(side.get("x", "")) == near(x_of(dt.date(2026, 4, 15)))
    assert float(side.get("width", "")) == near(10 * DAY_WIDTH)


def test_svg_fills_bars_in_their_step_colour_and_outlines_critical_work_in_red() -> None:
    root = parse(export(tiny_analysis(TINY), ExportOptions()))
    bars = {bar.get("data-initiative"): bar for bar in by_class(root, "rect", "bar")}
    assert bars["design"].get("fill") == colors.step_color("standardize")
    assert bars["design"].get("stroke") == colors.CRITICAL
    assert bars["side"].get("fill") == colors.step_color("resident-services")
    assert bars["side"].get("stroke") != colors.CRITICAL


def test_svg_draws_a_diamond_per_milestone_centred_on_its_day() -> None:
    root = parse(export(tiny_analysis(TINY), ExportOptions()))
    diamonds = by_class(root, "polygon", "milestone")
    assert [d.get("data-initiative") for d in diamonds] == ["golive"]
    xs = [float(point.split(",")[0]) for point in diamonds[0].get("points", "").split()]
    assert (min(xs) + max(xs)) / 2 == near(x_of(dt.date(2026, 6, 30)) + DAY_WIDTH / 2)


def test_svg_marks_deadlines() -> None:
    root = parse(export(tiny_analysis(TINY), ExportOptions()))
    marks = by_class(root, "polygon", "deadline")
    assert [(m.get("data-initiative"), m.get("data-date")) for m in marks] == [
        ("build", "2026-07-15")
    ]


def test_svg_has_no_today_line_without_as_of_and_one_with_it() -> None:
    analysis = tiny_analysis(TINY)
    assert by_class(parse(export(analysis, ExportOptions())), "line", "today") == []
    root = parse(export(analysis, ExportOptions(as_of=dt.date(2026, 5, 1))))
    (line,) = by_class(root, "line", "today")
    assert float(line.get("x1", "")) == near(x_of(dt.date(2026, 5, 1)) + DAY_WIDTH / 2)


def test_svg_labels_fiscal_years_in_both_eras_and_quarters() -> None:
    root = parse(export(example_analysis(), ExportOptions()))
    labels = [t.text for t in by_class(root, "text", "fiscal-year-label")]
    assert labels[:2] == ["令和7年度 (2025年度)", "令和8年度 (2026年度)"]
    texts = {t.text for t in root.iter(f"{NS}text")}
    assert "4〜6月" in texts  # five fiscal years on a slide: a quarter is too narrow for 第1四半期
    assert "第1四半期" in {
        t.text for t in parse(export(tiny_analysis(TINY), ExportOptions())).iter(f"{NS}text")
    }
    english = parse(export(example_analysis(), ExportOptions(lang="en")))
    assert next(t.text for t in by_class(english, "text", "fiscal-year-label")) == (
        "FY2025 (Reiwa 7)"
    )


def test_svg_shows_a_legend_entry_for_every_step() -> None:
    root = parse(export(tiny_analysis(TINY), ExportOptions()))
    swatches = [rect.get("fill") for rect in by_class(root, "rect", "legend-step")]
    assert swatches == list(colors.STEP_COLORS.values())  # five steps and 共通 (golive)


def test_svg_uses_a_japanese_capable_font_stack() -> None:
    root = parse(export(tiny_analysis(TINY), ExportOptions()))
    assert root.get("font-family") == FONT_FAMILY
    assert "Noto Sans JP" in FONT_FAMILY and FONT_FAMILY.endswith("sans-serif")


def test_svg_escapes_hostile_text_so_it_round_trips() -> None:
    data = export(hostile_analysis(), ExportOptions())
    root = parse(data)  # would raise on any unescaped < & or a control character
    rows = {row.get("data-initiative"): row for row in by_class(root, "g", "row")}
    assert set(rows) == {"住基-移行", "🎉launch", "section", "formula", "dated"}
    tooltip = rows["住基-移行"].find(f"{NS}title")
    assert tooltip is not None
    assert tooltip.text == '住基-移行: a: b; c # d % e | f \\ g < h > i & j "k"'
    launch = rows["🎉launch"].find(f"{NS}title")
    assert launch is not None and launch.text == "🎉launch: line one line two 🎉"
    formula = rows["formula"].find(f"{NS}title")
    assert formula is not None and formula.text is not None
    assert "\x01" not in formula.text and "ctrlchar" in formula.text
    assert root.find(f"{NS}title") is not None
    assert root.find(f"{NS}title").text == 'Hostile <plan> & "quotes" | pipes \\ backslash'  # type: ignore[union-attr]


def test_svg_cuts_long_titles_to_the_label_column_and_keeps_them_whole_in_the_tooltip() -> None:
    long_title = "住民記録系 データ移行" * 10
    plan = TINY.replace('title = "広報"', f'title = "{long_title}"')
    root = parse(export(tiny_analysis(plan), ExportOptions()))
    row = next(r for r in by_class(root, "g", "row") if r.get("data-initiative") == "side")
    label = row.find(f"{NS}text")
    assert label is not None and label.text is not None
    assert label.text.endswith("…") and len(label.text) < len(long_title)
    assert row.find(f"{NS}title").text == f"side: {long_title}"  # type: ignore[union-attr]


def test_svg_gives_every_one_of_120_initiatives_its_own_row() -> None:
    lines = ['[plan]\ntitle = "大きな計画"\nstart = 2026-04-01\n']
    for number in range(120):
        lines.append(f'[initiatives.t{number:03d}]\ntitle = "取組{number}"\nduration = "5d"\n')
        if number:
            lines.append(f'depends_on = ["t{number - 1:03d}"]\n')
    root = parse(export(tiny_analysis("".join(lines)), ExportOptions()))
    labels = [row.find(f"{NS}text") for row in by_class(root, "g", "row")]
    ys = [float(label.get("y", "")) for label in labels if label is not None]
    assert len(ys) == 120
    assert all(b - a == pytest.approx(MIN_ROW) for a, b in itertools.pairwise(ys))
    assert float(root.get("height", "")) >= 120 * MIN_ROW


def test_svg_export_is_byte_identical_twice() -> None:
    options = ExportOptions(as_of=dt.date(2026, 11, 27))
    assert export(example_analysis(), options) == export(example_analysis(), options)


@pytest.mark.parametrize(
    ("name", "make", "options"),
    [
        ("svg_example-town.svg", example_analysis, ExportOptions(as_of=dt.date(2026, 11, 27))),
        ("svg_example-town-en.svg", example_analysis, ExportOptions(lang="en")),
        ("svg_hostile.svg", hostile_analysis, ExportOptions()),
    ],
)
def test_svg_export_matches_golden_file(name: str, make: object, options: ExportOptions) -> None:
    assert callable(make)
    assert_golden(name, export(make(), options))


def test_svg_marks_the_plan_deadline_with_a_labelled_line() -> None:
    plan = TINY.replace('calendar = "calendar"', 'calendar = "calendar"\ndeadline = 2026-09-30')
    root = parse(export(tiny_analysis(plan), ExportOptions()))
    (line,) = by_class(root, "line", "plan-deadline")
    assert float(line.get("x1", "")) == near(x_of(dt.date(2026, 9, 30)) + DAY_WIDTH / 2)
    assert "期限 令和8年9月30日" in {t.text for t in root.iter(f"{NS}text")}
    assert (
        by_class(parse(export(tiny_analysis(TINY), ExportOptions())), "line", "plan-deadline") == []
    )


def test_svg_draws_finished_work_in_a_lighter_tint_of_its_step_colour() -> None:
    plan = TINY.replace(
        'duration = "61d"',
        'duration = "61d"\nstatus = "done"\nactual_start = 2026-04-01\nactual_finish = 2026-05-29',
    )
    root = parse(export(tiny_analysis(plan), ExportOptions()))
    bars = {bar.get("data-initiative"): bar for bar in by_class(root, "rect", "bar")}
    assert bars["design"].get("class") == "bar done"
    assert bars["design"].get("fill") == colors.tint(colors.step_color("standardize"))
    assert bars["build"].get("fill") == colors.step_color("gov-cloud")
