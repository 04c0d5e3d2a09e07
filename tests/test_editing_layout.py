"""Where edits land in the text: new keys in their place, tables between initiatives, comment
blocks that go with a deleted initiative, and edits that change nothing."""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.model.durations import parse_duration
from roadmap.core.model.plan import Dependency, DependencyType, Status
from roadmap.core.planfile.document import FIELD_ORDER, PlanDocument
from roadmap.core.planfile.loader import parse_plan

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a ``git diff`` shows as removed (-) or added (+)."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def assert_valid(text: str) -> None:
    loaded = parse_plan(text, "plan.toml")
    assert loaded.plan is not None
    assert [problem for problem in loaded.problems if problem.is_error] == []


# -- initiatives with other tables between them --------------------------------------------

INTERLEAVED = """\
[plan]
title = "町"
start = 2026-04-01

# 最初の取組
[initiatives.a]
title = "A"
duration = "1mo"

[teams."A"]
capacity = 1.0

[initiatives.b]
title = "B"
duration = "2mo"
depends_on = ["a"]
[initiatives.b.cost]
initial = 1_000

[budget.caps]
2026 = 5_000_000

# 三つ目
[initiatives.c]
title = "C"
duration = "1w"
"""


class TestInterleavedTables:
    """A valid plan whose [initiatives.*] tables have other tables between them."""

    def test_the_ids_are_read_in_file_order(self) -> None:
        assert PlanDocument.from_text(INTERLEAVED).initiative_ids() == ["a", "b", "c"]

    def test_editing_a_field_changes_only_its_line(self) -> None:
        document = PlanDocument.from_text(INTERLEAVED)
        document.set_field("b", "title", "BB")
        assert changed_lines(INTERLEAVED, document.to_text()) == ['-title = "B"', '+title = "BB"']

    def test_a_new_key_after_a_foreign_table_goes_into_its_initiative(self) -> None:
        document = PlanDocument.from_text(INTERLEAVED)
        document.set_field("c", "owner", "情報政策係")
        after = document.to_text()
        assert changed_lines(INTERLEAVED, after) == ['+owner = "情報政策係"']
        assert after.endswith('title = "C"\nowner = "情報政策係"\nduration = "1w"\n')
        assert tomllib.loads(after)["budget"] == {"caps": {"2026": 5_000_000}}

    def test_a_new_cost_table_goes_under_its_initiative(self) -> None:
        document = PlanDocument.from_text(INTERLEAVED)
        document.set_field("a", "cost.initial", 5_000)
        after = document.to_text()
        assert changed_lines(INTERLEAVED, after) == ["+[initiatives.a.cost]", "+initial = 5000"]
        assert after.index("[initiatives.a.cost]") < after.index('[teams."A"]')
        assert_valid(after)

    def test_adding_after_the_first_initiative_keeps_the_team_table(self) -> None:
        document = PlanDocument.from_text(INTERLEAVED)
        document.add_initiative("a2", {"title": "A2", "duration": "1w"}, after="a")
        after = document.to_text()
        assert document.initiative_ids() == ["a", "a2", "b", "c"]
        assert all(line.startswith("+") for line in changed_lines(INTERLEAVED, after))
        assert after.index("[initiatives.a2]") < after.index('[teams."A"]')
        assert_valid(after)

    def test_duplicating_copies_the_tables_before_the_next_foreign_table(self) -> None:
        document = PlanDocument.from_text(INTERLEAVED)
        document.duplicate_initiative("b", "b2", title="B2")
        after = document.to_text()
        assert document.initiative_ids() == ["a", "b", "b2", "c"]
        assert all(line.startswith("+") for line in changed_lines(INTERLEAVED, after))
        assert after.index("[initiatives.b2.cost]") < after.index("[budget.caps]")
        assert document.get_field("b2", "cost.initial") == 1_000
        assert_valid(after)

    def test_deleting_removes_its_lines_and_the_dependency_on_it(self) -> None:
        document = PlanDocument.from_text(INTERLEAVED)
        assert document.delete_initiative("a") == ["b"]
        after = document.to_text()
        assert changed_lines(INTERLEAVED, after) == [
            "-",
            "-# 最初の取組",
            "-[initiatives.a]",
            '-title = "A"',
            '-duration = "1mo"',
            '-depends_on = ["a"]',
        ]
        assert document.initiative_ids() == ["b", "c"]
        assert tomllib.loads(after)["teams"] == {"A": {"capacity": 1.0}}

    def test_kpis_and_plan_settings_are_editable(self) -> None:
        document = PlanDocument.from_text(INTERLEAVED)
        document.set_kpis("b", [{"name": "受付件数", "target": 30}])
        document.set_plan_field("status_date", dt.date(2026, 5, 1))
        after = document.to_text()
        assert changed_lines(INTERLEAVED, after) == [
            "+status_date = 2026-05-01",
            "+[[initiatives.b.kpis]]",
            '+name = "受付件数"',
            "+target = 30",
        ]
        assert_valid(after)

    def test_an_initiative_split_by_a_foreign_table_is_edited_and_deleted_whole(self) -> None:
        split = INTERLEAVED.replace("[budget.caps]\n2026 = 5_000_000\n", "").replace(
            '[teams."A"]\ncapacity = 1.0\n',
            '[teams."A"]\ncapacity = 1.0\n\n[initiatives.a.staffing]\nA = 0.5\n',
        )
        document = PlanDocument.from_text(split)
        document.set_field("a", "staffing.A", 0.8)
        assert changed_lines(split, document.to_text()) == ["-A = 0.5", "+A = 0.8"]
        document.delete_initiative("a")
        after = document.to_text()
        assert "[initiatives.a" not in after
        assert '[teams."A"]' in after
        assert_valid(after)


# -- where a new key goes --------------------------------------------------------------------

LAYOUT = """\
[plan]
title = "町"
start = 2026-04-01

[initiatives.a]
title = "A"
# 担当は未定
duration = "1mo"
depends_on = [
    "b",
]
notes = \"\"\"
[initiatives.fake]
title = "not a table"
\"\"\"
# 費用
[initiatives.a.cost]
initial = 1_000

[initiatives.b]
title = "B"
duration = "1w"
"""


class TestNewKeyPlacement:
    def test_after_a_multi_line_array(self) -> None:
        document = PlanDocument.from_text(LAYOUT)
        document.set_field("a", "deadline", dt.date(2027, 3, 31))
        after = document.to_text()
        assert changed_lines(LAYOUT, after) == ["+deadline = 2027-03-31"]
        assert ']\ndeadline = 2027-03-31\nnotes = """' in after

    def test_after_a_multi_line_string_that_looks_like_a_table(self) -> None:
        document = PlanDocument.from_text(LAYOUT)
        document.set_field("a", "staffing", {"T": 0.5})
        after = document.to_text()
        assert changed_lines(LAYOUT, after) == ["+[initiatives.a.staffing]", "+T = 0.5"]
        assert after.index("[initiatives.a.cost]") < after.index("[initiatives.a.staffing]")
        assert tomllib.loads(after)["initiatives"]["a"]["notes"].startswith("[initiatives.fake]")

    def test_before_the_comment_of_the_key_that_follows_it(self) -> None:
        document = PlanDocument.from_text(LAYOUT)
        document.set_field("a", "owner", "情報政策係")
        lines = document.to_text().splitlines()
        assert lines[lines.index('owner = "情報政策係"') + 1] == "# 担当は未定"

    def test_a_key_of_a_sub_table_goes_before_the_comment_heading_the_next(self) -> None:
        document = PlanDocument.from_text(LAYOUT)
        document.set_field("a", "cost.running", 200)
        after = document.to_text()
        assert changed_lines(LAYOUT, after) == ["+running = 200"]
        assert "initial = 1_000\nrunning = 200\n\n[initiatives.b]" in after

    def test_several_new_keys_of_one_table_go_in_the_format_order(self) -> None:
        document = PlanDocument.from_text(LAYOUT)
        document.set_fields(
            {"b": {"owner": "係", "step": "measure", "deadline": dt.date(2027, 1, 5)}}
        )
        assert document.to_text().endswith(
            'title = "B"\nstep = "measure"\nowner = "係"\nduration = "1w"\ndeadline = 2027-01-05\n'
        )

    def test_a_crlf_file_gets_a_crlf_line(self) -> None:
        text = LAYOUT.replace("\n", "\r\n")
        document = PlanDocument.from_text(text)
        document.set_field("b", "not_before", dt.date(2026, 6, 1))
        assert document.to_text() == text + "not_before = 2026-06-01\r\n"

    def test_a_file_without_a_final_newline(self) -> None:
        text = LAYOUT.rstrip("\n")
        document = PlanDocument.from_text(text)
        document.set_field("b", "not_before", dt.date(2026, 6, 1))
        assert document.to_text() == text + "\nnot_before = 2026-06-01\n"

    def test_an_inline_initiative_table_gets_the_key_inside_its_braces(self) -> None:
        text = '[plan]\ntitle = "町"\nstart = 2026-04-01\n\n[initiatives]\na = { title = "A", duration = "1w" }\n'
        document = PlanDocument.from_text(text)
        document.set_field("a", "owner", "係")
        assert document.get_field("a", "owner") == "係"
        assert tomllib.loads(document.to_text())["initiatives"]["a"]["owner"] == "係"


# -- deleting an initiative takes its comment block, and nothing else -------------------------

COMMENTED = """\
[plan]
title = "町"
start = 2026-04-01

# ---- 標準化 ----

# 現行調査: 住民課と
# 一緒に進める
[initiatives.a]
title = "A" # 仮
duration = "1mo"
# b は a の後
[initiatives.b]
title = "B"
duration = "1w"

# c の説明
[initiatives.c]
title = "C"
duration = "1w"
# 最後のコメント
"""


@pytest.mark.parametrize(
    ("deleted", "expected"),
    [
        (
            "a",
            COMMENTED.replace(
                '# 現行調査: 住民課と\n# 一緒に進める\n[initiatives.a]\ntitle = "A" # 仮\n'
                'duration = "1mo"\n',
                "",
            ),
        ),
        (
            "b",
            COMMENTED.replace('# b は a の後\n[initiatives.b]\ntitle = "B"\nduration = "1w"\n', ""),
        ),
        ("c", COMMENTED.replace('# c の説明\n[initiatives.c]\ntitle = "C"\nduration = "1w"\n', "")),
    ],
)
def test_deleting_an_initiative_removes_the_comment_block_directly_above_it(
    deleted: str, expected: str
) -> None:
    document = PlanDocument.from_text(COMMENTED)
    document.delete_initiative(deleted)
    assert document.to_text() == expected
    assert all(line.startswith("-") for line in changed_lines(COMMENTED, expected))


# -- setting a field to its current value changes no byte ------------------------------------

EVERY_FIELD = """\
[plan]
title = "町" # 町の名前
start = 2026-04-01
calendar = "business"
holidays = [
    2026-10-16,
]
year_end_closure = ["12-29", "01-03"]
fiscal_year_start_month = 4

[teams.T]
capacity = 1.0

[initiatives.a]
title = "A"
duration = "1mo"

[initiatives.b]
title = 'B (literal)'
step = "gov-cloud"
owner = "情報政策係"
duration = { optimistic = "1mo", likely = "2mo", pessimistic = "4mo" }
depends_on = ["a", { id = "a", type = "SS", lag = "-1w" }]
not_before = 2026-05-01
deadline = 2027-03-31
status = "in_progress"
progress = 40
actual_start = 2026-05-07
tags = ["基幹業務", "標準化"]
notes = \"\"\"
二行の
メモ\"\"\"
staffing = { T = 0.5 }
[initiatives.b.cost]
initial = 1_000_000
annual = 200_000
funding = "デジタル基盤改革支援補助金"
[[initiatives.b.kpis]]
name = "申請率"
unit = "%"
baseline = 5
target = 30.0
due = 2027-03-31
targets = { 2026 = 15 }
"""

SAME_VALUES: list[tuple[str, object]] = [
    ("title", "B (literal)"),
    ("step", "gov-cloud"),
    ("owner", "情報政策係"),
    ("duration", {"optimistic": "1mo", "likely": "2mo", "pessimistic": "4mo"}),
    ("depends_on", ["a", {"id": "a", "type": "SS", "lag": "-1w"}]),
    (
        "depends_on",
        [
            Dependency(id="a"),
            Dependency(
                id="a", type=DependencyType.SS, lag=parse_duration("-1w", allow_negative=True)
            ),
        ],
    ),
    ("not_before", dt.date(2026, 5, 1)),
    ("deadline", dt.date(2027, 3, 31)),
    ("status", "in_progress"),
    ("status", Status.IN_PROGRESS),
    ("progress", 40),
    ("progress", 40.0),
    ("actual_start", dt.date(2026, 5, 7)),
    ("actual_finish", None),
    ("tags", ["基幹業務", "標準化"]),
    ("tags", ("基幹業務", "標準化")),
    ("notes", "二行の\nメモ"),
    ("staffing", {"T": 0.5}),
    ("staffing.T", 0.5),
    ("cost.initial", 1_000_000),
    ("cost.annual", 200_000),
    ("cost.funding", "デジタル基盤改革支援補助金"),
    ("cost", {"initial": 1_000_000, "annual": 200_000, "funding": "デジタル基盤改革支援補助金"}),
    ("cost.subsidy", None),
]


@pytest.mark.parametrize(("field", "value"), SAME_VALUES, ids=lambda item: repr(item)[:30])
def test_setting_a_field_to_its_current_value_leaves_the_file_byte_identical(
    field: str, value: object
) -> None:
    document = PlanDocument.from_text(EVERY_FIELD)
    document.set_field("b", field, value)
    assert document.to_text() == EVERY_FIELD
    assert not document.modified


def test_a_duration_written_as_a_string_is_kept_for_its_parsed_value() -> None:
    document = PlanDocument.from_text(EVERY_FIELD)
    document.set_field("a", "duration", parse_duration("1mo"))
    assert document.to_text() == EVERY_FIELD


def test_kpis_and_plan_settings_set_to_their_values_change_no_byte() -> None:
    document = PlanDocument.from_text(EVERY_FIELD)
    document.set_kpis("b", document.kpis("b"))
    for key, value in document.section("plan").items():
        document.set_plan_field(key, value)
    document.set_plan_field("year_end_closure", ("12-29", "01-03"))
    document.set_plan_field("deadline", None)
    assert document.to_text() == EVERY_FIELD


#: Arrays of tables the editor writes line by line (``costs.0.actuals``), never as a whole.
LINE_ARRAYS = ("costs", "financing", "tax_allocation")


def _present_fields(document: PlanDocument, initiative_id: str) -> list[tuple[str, Any]]:
    data = document.initiative_data(initiative_id)
    fields: list[tuple[str, Any]] = []
    for field in FIELD_ORDER:
        value = data.get(field)
        if isinstance(value, dict) and field in ("cost", "staffing"):
            fields.extend((f"{field}.{key}", inner) for key, inner in value.items())
        elif isinstance(value, list) and field in LINE_ARRAYS:
            for index, line in enumerate(value):
                fields.extend((f"{field}.{index}.{key}", inner) for key, inner in line.items())
        elif value is not None and field != "kpis":
            fields.append((field, value))
    return fields


def test_every_field_of_the_example_plan_set_to_its_value_changes_no_byte() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    loaded = parse_plan(text, str(EXAMPLE))
    assert loaded.plan is not None
    document = PlanDocument.from_text(text)
    for initiative_id in document.initiative_ids():
        model = loaded.plan.initiatives[initiative_id]
        for field, value in _present_fields(document, initiative_id):
            document.set_field(initiative_id, field, value)
            if "." not in field:  # the model's own value, as the editor passes it
                document.set_field(initiative_id, field, getattr(model, field))
        document.set_kpis(initiative_id, document.kpis(initiative_id))
    assert document.to_text() == text
    assert not document.modified


# -- a run of edits keeps the document and its text in step ----------------------------------

EDITS: list[tuple[str, object]] = [
    ("step", "measure"),
    ("owner", "情報政策係"),
    ("owner", None),
    ("duration", "3w"),
    ("not_before", dt.date(2026, 6, 1)),
    ("deadline", dt.date(2027, 3, 31)),
    ("deadline", None),
    ("status", "on_hold"),
    ("progress", 30),
    ("tags", ["基幹業務"]),
    ("tags", ["基幹業務", "窓口"]),
    ("notes", "一行目\n二行目"),
    ("cost.initial", 2_000_000),
    ("cost.annual", 100_000),
    ("staffing.T", 0.5),
    ("staffing", None),
]


@st.composite
def plans_with_other_tables(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A plan whose initiatives may have team tables and budget caps between them."""
    names = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    lines = ["[plan]", 'title = "計画"', "start = 2026-04-01", ""]
    for position, name in enumerate(names):
        if draw(st.booleans()):
            lines += [f"# {name} の説明"]
        lines += [f"[initiatives.{name}]", f'title = "{name.upper()}"', 'duration = "1mo"']
        if position and draw(st.booleans()):
            lines.append(f'depends_on = ["{names[position - 1]}"]')
        if draw(st.booleans()):
            lines += [f"[initiatives.{name}.cost]", "initial = 1_000"]
        lines.append("" if draw(st.booleans()) else "# 区切り")
        if draw(st.integers(0, 3)) == 0:
            lines += [f'[teams."T{position}"]', "capacity = 1.0", ""]
    return "\n".join(lines) + "\n", names


@settings(max_examples=60, deadline=None)
@given(plans_with_other_tables(), st.data())
def test_after_each_edit_the_document_is_what_its_text_says(
    generated: tuple[str, list[str]], data: st.DataObject
) -> None:
    text, names = generated
    document = PlanDocument.from_text(text)
    for _ in range(data.draw(st.integers(1, 6))):
        target = data.draw(st.sampled_from(names))
        field, value = data.draw(st.sampled_from(EDITS))
        before = document.to_text()
        document.set_field(target, field, value)
        after = document.to_text()
        assert document.data() == tomllib.loads(after)
        assert PlanDocument.from_text(after).initiative_data(target) == document.initiative_data(
            target
        )
        changes = changed_lines(before, after)
        if field in ("step", "owner", "not_before", "deadline", "status", "progress"):
            assert len(changes) <= 2  # one line added, removed or replaced
        assert all(line.startswith(("+", "-")) for line in changes)
