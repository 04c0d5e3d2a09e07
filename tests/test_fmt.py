"""``roadmap fmt``: the canonical layout keeps comments and meaning, and is idempotent."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.cli.main import main
from roadmap.core.planfile.layout import FormatError, format_plan_text, is_formatted
from roadmap.core.planfile.loader import parse_plan

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"

MESSY = """\
# 町の計画 (a file comment: a blank line follows it)

# b の説明 (stays with b)
[initiatives.b]
duration = "03mo"
# 名称の上のコメント
title = "二番目"
depends_on = [{ id = "a", lag = "02d" }]

[plan]
start = "2026-04-01"
title = "テスト町"

# 予算の説明
[budget.caps]
2026 = 1_000

[initiatives.a]
title = "一番目"
duration = " 2 w"
[initiatives.a.cost]
subsidy = 5
initial = 10
"""

FORMATTED = """\
# 町の計画 (a file comment: a blank line follows it)

[plan]
title = "テスト町"
start = 2026-04-01

# 予算の説明
[budget.caps]
2026 = 1_000

# b の説明 (stays with b)
[initiatives.b]
# 名称の上のコメント
title = "二番目"
duration = "3mo"
depends_on = [{ id = "a", lag = "2d" }]

[initiatives.a]
title = "一番目"
duration = "2w"
[initiatives.a.cost]
initial = 10
subsidy = 5
"""


def test_messy_plan_gets_the_canonical_layout() -> None:
    assert format_plan_text(MESSY) == FORMATTED


def test_initiatives_keep_the_order_they_were_written_in() -> None:
    formatted = format_plan_text(MESSY)
    assert formatted.index("[initiatives.b]") < formatted.index("[initiatives.a]")


def test_schema_line_stays_first() -> None:
    text = '#:schema ./plan.schema.json\n[initiatives.a]\ntitle = "A"\nduration = "1d"\n' + (
        '[plan]\ntitle = "P"\nstart = 2026-04-01\n'
    )
    assert format_plan_text(text).startswith("#:schema ./plan.schema.json\n\n[plan]\n")


def test_invalid_toml_cannot_be_formatted() -> None:
    with pytest.raises(FormatError):
        format_plan_text("[plan\n")


def test_example_plan_formats_idempotently() -> None:
    once = format_plan_text(EXAMPLE.read_text(encoding="utf-8"))
    assert format_plan_text(once) == once
    assert is_formatted(once)


# -- properties ------------------------------------------------------------------------------

KEYS = ("title", "duration", "owner", "status", "progress", "tags", "notes", "deadline")
comments = st.text(
    alphabet=st.sampled_from("あいう計画メモ abc-=[]#\"'0123"), min_size=0, max_size=12
).map(lambda body: "# " + body.strip())
durations = st.tuples(
    st.sampled_from(["", "0", "00"]), st.integers(0, 40), st.sampled_from(["", " "]),
    st.sampled_from(["d", "w", "mo", "y"]),
).map(lambda parts: f"{parts[0]}{parts[1]}{parts[2]}{parts[3]}")  # fmt: skip


@st.composite
def initiative_tables(draw: st.DrawFn, name: str) -> str:
    values = {
        "title": f'"{name} の取組"',
        "duration": f'"{draw(durations)}"',
        "owner": '"総務課"',
        "status": '"planned"',
        "progress": str(draw(st.integers(0, 100))),
        "tags": '["a", "b"]',
        "notes": '"""\n複数行の\n# コメントではない行\n"""',
        "deadline": draw(st.sampled_from(["2030-03-31", '"2030-03-31"'])),
    }
    keys = draw(st.permutations(KEYS))
    keys = [key for key in keys if key in ("title", "duration") or draw(st.booleans())]
    lines = [f"[initiatives.{name}]"]
    for key in keys:
        if draw(st.booleans()):
            lines.append(draw(comments))
        lines.append(f"{key} = {values[key]}")
    if draw(st.booleans()):
        lines += ["[initiatives." + name + ".cost]", "annual = 3", "initial = 1"]
    return "\n".join(lines)


@st.composite
def plans(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=4))
    sections = [
        '[plan]\nstart = 2026-04-01\ntitle = "P"',
        "[teams.x]\ncapacity = 1",
        *(draw(initiative_tables(name)) for name in names),
    ]
    order = draw(st.permutations(range(len(sections))))
    pieces = []
    for index in order:
        lead = draw(st.lists(comments, max_size=2))
        blank = draw(st.sampled_from(["", "\n", "\n\n"]))
        pieces.append(blank + "\n".join([*lead, sections[index]]))
    tail = draw(st.lists(comments, max_size=2))
    return "\n".join(pieces + tail) + "\n"


def comment_lines(text: str) -> Counter[str]:
    data_lines = set()
    inside = False
    for line in text.split("\n"):
        if not inside and line.strip().startswith("#"):
            continue
        if line.count('"""') == 1:
            inside = not inside
            continue
        if inside:
            data_lines.add(line)
    return Counter(
        line.strip()
        for line in text.split("\n")
        if line.strip().startswith("#") and line not in data_lines
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_formatting_is_idempotent(text: str) -> None:
    once = format_plan_text(text)
    assert format_plan_text(once) == once


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_formatting_keeps_every_comment(text: str) -> None:
    assert comment_lines(format_plan_text(text)) == comment_lines(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_formatting_keeps_the_plan_and_puts_it_first(text: str) -> None:
    formatted = format_plan_text(text)
    before, after = parse_plan(text), parse_plan(formatted)
    assert before.plan is not None and after.plan is not None
    assert after.plan.model_dump() == before.plan.model_dump()
    assert list(after.plan.initiatives) == list(before.plan.initiatives)
    headers = [line for line in formatted.split("\n") if line.startswith("[")]
    assert headers[0] == "[plan]"
    assert tomllib.loads(formatted).get("teams") == tomllib.loads(text).get("teams")


# -- the command ------------------------------------------------------------------------------


def test_check_exits_1_and_names_the_unformatted_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "--check", str(plan)]) == 1
    assert str(plan) in capsys.readouterr().out
    assert plan.read_text(encoding="utf-8") == MESSY


def test_fmt_rewrites_then_check_passes(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", str(plan)]) == 0
    assert plan.read_text(encoding="utf-8") == FORMATTED
    assert main(["fmt", "--check", str(plan)]) == 0


def test_formatted_file_is_not_touched(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(FORMATTED, encoding="utf-8")
    before = plan.stat().st_mtime_ns
    assert main(["fmt", str(plan)]) == 0
    assert plan.stat().st_mtime_ns == before
    assert plan.read_text(encoding="utf-8") == FORMATTED


def test_fmt_formats_included_files_too(tmp_path: Path) -> None:
    (tmp_path / "departments").mkdir()
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[plan]\ntitle = "P"\nstart = 2026-04-01\ninclude = ["departments/*.toml"]\n',
        encoding="utf-8",
    )
    part = tmp_path / "departments" / "kikaku.toml"
    part.write_text('[initiatives.x]\nduration = "01mo"\ntitle = "X"\n', encoding="utf-8")
    assert main(["fmt", "--check", str(plan)]) == 1
    assert main(["fmt", str(plan)]) == 0
    assert part.read_text(encoding="utf-8") == '[initiatives.x]\ntitle = "X"\nduration = "1mo"\n'


def test_fmt_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    assert main(["fmt", str(tmp_path / "nope.toml")]) == 2


def test_fmt_of_broken_toml_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("[plan\n", encoding="utf-8")
    assert main(["fmt", str(plan)]) == 1
    assert "TOML" in capsys.readouterr().err
