"""Comment-preserving plan editing: a one-field edit is a one-line diff, nothing else moves."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.model.durations import parse_duration
from roadmap.core.model.plan import Dependency, DependencyType
from roadmap.core.planfile.document import ConflictError, EditError, PlanDocument, save_plan
from roadmap.core.planfile.fileio import FileState
from roadmap.core.planfile.loader import parse_plan, plan_from_data

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"

SMALL = """\
# 町のDX計画
[plan]
title = "テスト町"
start = 2026-04-01

# ---- 標準化 ----

[initiatives.a]
title = "現行調査" # 住民課と一緒に
duration = "2mo"
tags = ["基幹業務"]

[initiatives.b]
title = "Fit&Gap"
duration = "3mo"
depends_on = ["a"]
[initiatives.b.cost]
initial = 1_000_000

# ---- 住民サービス ----

[initiatives.c]
title = "オンライン申請"
duration = "1w"
depends_on = ["b", { id = "a", type = "SS", lag = "1w" }]
"""


def changed_lines(before: str, after: str) -> list[str]:
    """The lines removed or added between two texts (no context)."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# -- generated plans -------------------------------------------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
titles = st.text(
    alphabet=st.sampled_from(list("あいう漢字abc XYZ-・（）")), min_size=1, max_size=12
)
comments = st.text(alphabet=st.sampled_from(list("コメントnote #=- ")), max_size=20)
durations = st.builds(
    lambda count, unit: f"{count}{unit}",
    st.integers(0, 40),
    st.sampled_from(["d", "w", "mo", "y"]),
)


@st.composite
def plan_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A plan text with comments and blank lines scattered about, and its initiative ids."""
    names = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    lines = ["[plan]", 'title = "計画"', "start = 2026-04-01", ""]
    for position, name in enumerate(names):
        if draw(st.booleans()):
            lines.append(f"# {draw(comments)}")
        lines.append(f"[initiatives.{name}]")
        lines.append(f'title = "{draw(titles)}"')
        if draw(st.booleans()):
            lines.append(f"# {draw(comments)}")
        lines.append(f'duration = "{draw(durations)}"' + (" # 見積" if draw(st.booleans()) else ""))
        if position and draw(st.booleans()):
            lines.append(f'depends_on = ["{names[position - 1]}"]')
        if draw(st.booleans()):
            lines.append('owner = "情報政策係"')
        if draw(st.booleans()):
            lines.append("[initiatives." + name + ".cost]")
            lines.append(f"initial = {draw(st.integers(0, 10**7)):_}")
        lines.extend([""] * draw(st.integers(0, 2)))
    return "\n".join(lines) + "\n", names


@settings(max_examples=60, deadline=None)
@given(plan_texts())
def test_a_document_without_edits_gives_back_its_text_byte_for_byte(
    generated: tuple[str, list[str]],
) -> None:
    text, _names = generated
    assert PlanDocument.from_text(text).to_text() == text


@settings(max_examples=80, deadline=None)
@given(plan_texts(), st.data())
def test_editing_one_field_changes_exactly_the_line_of_that_key(
    generated: tuple[str, list[str]], data: st.DataObject
) -> None:
    text, names = generated
    target = data.draw(st.sampled_from(names))
    field = data.draw(st.sampled_from(["title", "duration"]))
    document = PlanDocument.from_text(text)
    old = document.get_field(target, field)
    new = data.draw(durations if field == "duration" else titles)
    document.set_field(target, field, new)
    changes = changed_lines(text, document.to_text())
    if new == old:
        assert changes == []
        return
    assert len(changes) == 2
    assert changes[0].startswith(f"-{field} = ")
    assert changes[1].startswith(f"+{field} = ")
    assert document.get_field(target, field) == new


@settings(max_examples=60, deadline=None)
@given(plan_texts(), st.data())
def test_every_comment_survives_a_field_edit(
    generated: tuple[str, list[str]], data: st.DataObject
) -> None:
    text, names = generated
    document = PlanDocument.from_text(text)
    document.set_field(data.draw(st.sampled_from(names)), "duration", "9w")
    after = document.to_text()
    for line in text.splitlines():
        if "#" in line and not line.startswith("duration"):
            assert line in after.splitlines()


# -- single behaviours -----------------------------------------------------------------------


def test_a_new_key_goes_after_the_key_before_it_in_the_format_order() -> None:
    document = PlanDocument.from_text(SMALL)
    document.set_field("b", "deadline", dt.date(2027, 3, 31))
    changes = changed_lines(SMALL, document.to_text())
    assert changes == ["+deadline = 2027-03-31"]
    lines = document.to_text().splitlines()
    assert lines[lines.index("deadline = 2027-03-31") - 1] == 'depends_on = ["a"]'


def test_none_removes_the_key_and_only_its_line() -> None:
    document = PlanDocument.from_text(SMALL)
    document.set_field("a", "tags", None)
    assert changed_lines(SMALL, document.to_text()) == ['-tags = ["基幹業務"]']


def test_a_trailing_comment_stays_on_its_line() -> None:
    document = PlanDocument.from_text(SMALL)
    document.set_field("a", "title", "現行調査（全業務）")
    assert 'title = "現行調査（全業務）" # 住民課と一緒に' in document.to_text().splitlines()


def test_digit_grouping_is_kept_in_a_sub_table_edit() -> None:
    document = PlanDocument.from_text(SMALL)
    document.set_field("b", "cost.initial", 2500000)
    assert changed_lines(SMALL, document.to_text()) == [
        "-initial = 1_000_000",
        "+initial = 2_500_000",
    ]


def test_dependencies_are_plain_ids_unless_they_need_a_type_or_lag() -> None:
    document = PlanDocument.from_text(SMALL)
    document.set_field(
        "c",
        "depends_on",
        [
            Dependency(id="a"),
            Dependency(
                id="b", type=DependencyType.FF, lag=parse_duration("-1w", allow_negative=True)
            ),
        ],
    )
    assert 'depends_on = ["a", { id = "b", type = "FF", lag = "-1w" }]' in document.to_text()


def test_durations_are_written_as_strings_and_dates_as_toml_dates() -> None:
    document = PlanDocument.from_text(SMALL)
    document.set_field("a", "duration", parse_duration("6w"))
    document.set_field("a", "not_before", dt.date(2026, 5, 1))
    text = document.to_text()
    assert 'duration = "6w"' in text
    assert "not_before = 2026-05-01" in text


def test_deleting_an_initiative_keeps_the_comment_heading_the_next_section() -> None:
    document = PlanDocument.from_text(SMALL)
    changed = document.delete_initiative("b")
    text = document.to_text()
    assert changed == ["c"]
    assert "[initiatives.b]" not in text
    assert "[initiatives.b.cost]" not in text
    assert "# ---- 住民サービス ----" in text
    assert 'depends_on = [{ id = "a", type = "SS", lag = "1w" }]' in text
    assert "\n\n\n" not in text
    assert parse_plan(text).problems == []


def test_dependents_of_lists_every_initiative_naming_the_id() -> None:
    document = PlanDocument.from_text(SMALL)
    assert document.dependents_of("a") == ["b", "c"]
    assert document.dependents_of("c") == []


def test_deleting_the_example_plan_s_initiative_removes_only_its_lines() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    document = PlanDocument.from_text(text)
    document.delete_initiative("gc-koseki")
    after = document.to_text()
    removed = [line for line in changed_lines(text, after) if line.startswith("-")]
    assert removed[0] == "-[initiatives.gc-koseki]"
    # the comments inside its block (above its cost lines) go with it; no other comment does
    block = text.split("[initiatives.gc-koseki]\n", 1)[1].split("\n\n", 1)[0]
    own_comments = [f"-{line}" for line in block.splitlines() if line.startswith("#")]
    assert own_comments
    assert [line for line in removed if line.startswith("-#")] == own_comments
    assert not any(line.startswith("+") for line in changed_lines(text, after))


def test_duplicate_copies_the_tables_after_the_original() -> None:
    document = PlanDocument.from_text(SMALL)
    document.duplicate_initiative("b", "b-2", title="Fit&Gap（複製）")
    assert document.initiative_ids() == ["a", "b", "b-2", "c"]
    assert document.get_field("b-2", "title") == "Fit&Gap（複製）"
    assert document.get_field("b", "title") == "Fit&Gap"
    assert document.get_field("b-2", "cost.initial") == 1_000_000
    assert document.dependents_of("b-2") == []


def test_add_places_the_new_table_after_the_given_initiative() -> None:
    document = PlanDocument.from_text(SMALL)
    document.add_initiative("a2", {"title": "新しい取組", "duration": "1mo"}, after="a")
    assert document.initiative_ids() == ["a", "a2", "b", "c"]
    plan, problems = plan_from_data(document.data())
    assert problems == []
    assert plan is not None and plan.initiatives["a2"].title == "新しい取組"


def test_adding_an_existing_id_is_refused() -> None:
    document = PlanDocument.from_text(SMALL)
    with pytest.raises(EditError):
        document.add_initiative("a", {"title": "x", "duration": "1d"})


def test_save_refuses_to_overwrite_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(SMALL, encoding="utf-8")
    state = FileState.of(path)
    path.write_text(SMALL + "\n# someone else\n", encoding="utf-8")
    with pytest.raises(ConflictError):
        save_plan(path, SMALL.replace("2mo", "3mo"), state)
    assert path.read_text(encoding="utf-8").endswith("# someone else\n")
    save_plan(path, SMALL, state, overwrite=True)
    assert path.read_text(encoding="utf-8") == SMALL


def test_save_writes_the_text_and_returns_the_new_state(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(SMALL, encoding="utf-8")
    state = save_plan(path, SMALL.replace("2mo", "3mo"), FileState.of(path))
    assert path.read_text(encoding="utf-8") == SMALL.replace("2mo", "3mo")
    assert state is not None and not state.changed_on_disk(path)


def test_a_key_added_by_an_edit_can_be_removed_again() -> None:
    document = PlanDocument.from_text(SMALL)
    document.set_field("a", "step", "gov-cloud")
    document.set_field("a", "owner", "情報政策係")
    document.set_field("a", "step", None)
    document.set_field("a", "owner", None)
    assert document.to_text() == SMALL
