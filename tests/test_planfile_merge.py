"""Three-way merge of our edits with a plan file changed on disk (roadmap.core.planfile.merge)."""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.planfile.merge import (
    AddInitiative,
    DeleteInitiative,
    FieldChange,
    merge_plan,
    operations_between,
)

BASE = """\
# 計画
[plan]
title = "テスト町"
start = 2026-04-01

[initiatives.a]
title = "現行調査"
duration = "1mo"

# 次の段階
[initiatives.b]
title = "Fit&Gap"
duration = "2mo"
depends_on = ["a"]

[initiatives.c]
title = "本番移行"
duration = "1mo"
depends_on = ["b"]
"""


def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def merged(base: str, theirs: str, ours: str, **choices: Any) -> Any:
    return merge_plan(base, theirs, operations_between(base, ours), choices, our_text=ours)


def test_operations_are_the_changed_fields() -> None:
    ours = edit(BASE, 'duration = "2mo"', 'duration = "3mo"')
    ours = edit(ours, 'title = "テスト町"', 'title = "新町"')
    assert operations_between(BASE, ours) == [
        FieldChange(None, "title", "新町"),
        FieldChange("b", "duration", "3mo"),
    ]


def test_operations_name_added_and_deleted_initiatives() -> None:
    ours = BASE.split("[initiatives.c]")[0] + '[initiatives.d]\ntitle = "D"\nduration = "1w"\n'
    assert operations_between(BASE, ours) == [
        AddInitiative("d", {"title": "D", "duration": "1w"}, "b"),
        DeleteInitiative("c"),
    ]


def test_disjoint_changes_merge_and_keep_their_layout() -> None:
    ours = edit(BASE, 'title = "現行調査"', 'title = "現行業務の調査"')
    theirs = edit(BASE, 'duration = "2mo"', 'duration = "4mo"  # 延長')
    result = merged(BASE, theirs, ours)
    assert result.clean
    assert result.applied == ["a.title"]
    assert result.text == edit(theirs, 'title = "現行調査"', 'title = "現行業務の調査"')


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    ours = edit(BASE, 'duration = "2mo"', 'duration = "3mo"')
    result = merged(BASE, ours, ours)
    assert result.clean and result.text == ours and result.applied == []


def test_a_field_changed_on_both_sides_is_a_conflict_theirs_by_default() -> None:
    ours = edit(BASE, 'duration = "2mo"', 'duration = "3mo"')
    theirs = edit(BASE, 'duration = "2mo"', 'duration = "5mo"')
    result = merged(BASE, theirs, ours)
    [conflict] = result.conflicts
    assert (conflict.key, conflict.base, conflict.ours, conflict.theirs) == (
        "b.duration",
        "2mo",
        "3mo",
        "5mo",
    )
    assert result.text == theirs
    chosen = merged(BASE, theirs, ours, **{"b.duration": "ours"})
    assert chosen.text == ours and [c.key for c in chosen.conflicts] == ["b.duration"]


def test_an_initiative_added_here_goes_into_their_text() -> None:
    ours = edit(
        BASE,
        "[initiatives.c]",
        '[initiatives.n]\ntitle = "新規"\nduration = "1w"\n\n[initiatives.c]',
    )
    theirs = edit(BASE, 'title = "本番移行"', 'title = "本番移行 (改)"')
    result = merged(BASE, theirs, ours)
    assert result.clean
    data = tomllib.loads(result.text)
    assert list(data["initiatives"]) == ["a", "b", "n", "c"]
    assert data["initiatives"]["c"]["title"] == "本番移行 (改)"


def test_deleting_what_they_changed_is_a_conflict() -> None:
    ours = BASE.split("[initiatives.c]")[0].rstrip() + "\n"
    theirs = edit(BASE, 'title = "本番移行"', 'title = "本番移行 (改)"')
    result = merged(BASE, theirs, ours)
    assert [c.key for c in result.conflicts] == ["c"]
    assert "[initiatives.c]" in result.text
    assert "[initiatives.c]" not in merged(BASE, theirs, ours, c="ours").text


def test_changing_what_they_deleted_is_a_conflict() -> None:
    ours = edit(BASE, 'title = "本番移行"', 'title = "本番移行 (改)"')
    theirs = BASE.split("[initiatives.c]")[0]
    result = merged(BASE, theirs, ours)
    assert [c.key for c in result.conflicts] == ["c"]
    assert "initiatives.c" not in result.text
    restored = tomllib.loads(merged(BASE, theirs, ours, c="ours").text)
    assert restored["initiatives"]["c"]["title"] == "本番移行 (改)"


def test_kpis_merge_as_one_field() -> None:
    kpi = '\n[[initiatives.a.kpis]]\nname = "件数"\nunit = "件"\n'
    ours = edit(BASE, 'duration = "1mo"\n', 'duration = "1mo"\n' + kpi)
    theirs = edit(BASE, 'title = "Fit&Gap"', 'title = "Fit & Gap"')
    result = merged(BASE, theirs, ours)
    assert result.clean
    data = tomllib.loads(result.text)["initiatives"]
    assert data["a"]["kpis"] == [{"name": "件数", "unit": "件"}]
    assert data["b"]["title"] == "Fit & Gap"


# -- properties ---------------------------------------------------------------------------

IDS = ("a", "b", "c")
FIELDS = ("title", "duration", "owner")
VALUES = st.sampled_from(["1mo", "2w", "3mo", "総務課", "情報政策課", "X"])


def changes() -> st.SearchStrategy[dict[tuple[str, str], str]]:
    return st.dictionaries(st.tuples(st.sampled_from(IDS), st.sampled_from(FIELDS)), VALUES)


def apply_changes(changes: dict[tuple[str, str], str]) -> str:
    from roadmap.core.planfile.document import PlanDocument

    document = PlanDocument.from_text(BASE)
    for (key, name), value in changes.items():
        document.set_field(key, name, value)
    return document.to_text()


def value(text: str, key: str, name: str) -> Any:
    return tomllib.loads(text)["initiatives"][key].get(name)


@settings(max_examples=60, deadline=None)
@given(changes(), changes())
def test_disjoint_changes_always_merge(ours_changes: Any, their_changes: Any) -> None:
    their_changes = {k: v for k, v in their_changes.items() if k not in ours_changes}
    ours, theirs = apply_changes(ours_changes), apply_changes(their_changes)
    result = merged(BASE, theirs, ours)
    assert result.clean
    for (key, name), wanted in {**their_changes, **ours_changes}.items():
        assert value(result.text, key, name) == wanted


@settings(max_examples=60, deadline=None)
@given(changes(), changes(), st.sampled_from(["ours", "theirs"]))
def test_nothing_is_dropped_silently(ours_changes: Any, their_changes: Any, side: str) -> None:
    ours, theirs = apply_changes(ours_changes), apply_changes(their_changes)
    first = merged(BASE, theirs, ours)
    choices = {conflict.key: side for conflict in first.conflicts}
    result = merged(BASE, theirs, ours, **choices)
    shown = {conflict.key for conflict in result.conflicts}
    for key in IDS:
        for name in FIELDS:
            base_value = value(BASE, key, name)
            mine, their = value(ours, key, name), value(theirs, key, name)
            final = value(result.text, key, name)
            if f"{key}.{name}" in shown:
                assert mine != their and mine != base_value and their != base_value
                assert final == (mine if side == "ours" else their)
            elif mine != base_value:
                assert final == mine  # our change is in, or it was shown
            else:
                assert final == their  # their change (or the base) is in


def delete(text: str, key: str) -> str:
    from roadmap.core.planfile.document import PlanDocument

    document = PlanDocument.from_text(text)
    document.delete_initiative(key, remove_dependents=False)
    return document.to_text()


def initiatives(text: str) -> dict[str, Any]:
    return dict(tomllib.loads(text).get("initiatives", {}))


@settings(max_examples=60, deadline=None)
@given(
    changes(),
    changes(),
    st.sampled_from([None, *IDS]),
    st.sampled_from([None, *IDS]),
    st.sampled_from(["ours", "theirs"]),
)
def test_nothing_is_dropped_silently_with_deleted_initiatives(
    ours_changes: Any, their_changes: Any, ours_gone: Any, theirs_gone: Any, side: str
) -> None:
    ours, theirs = apply_changes(ours_changes), apply_changes(their_changes)
    if ours_gone:
        ours = delete(ours, ours_gone)
    if theirs_gone:
        theirs = delete(theirs, theirs_gone)
    first = merged(BASE, theirs, ours)
    result = merged(BASE, theirs, ours, **{c.key: side for c in first.conflicts})
    shown = {conflict.key for conflict in result.conflicts}
    base, mine, their, final = (
        initiatives(BASE),
        initiatives(ours),
        initiatives(theirs),
        initiatives(result.text),
    )
    for key in IDS:
        if key in mine and key in their:
            assert key in final
            continue
        if key not in mine and key not in their:
            assert key not in final
            continue
        # deleted on one side: silent only when the other side left it as it was
        kept_side = mine if key in mine else their
        if kept_side[key] == base[key]:
            assert key not in final and key not in shown
        else:
            assert key in shown
            winner = mine if side == "ours" else their
            assert (key in final) == (key in winner)
            if key in final:
                assert final[key] == winner[key]


def test_plan_keys_merge_whole_even_when_they_are_tables() -> None:
    base = BASE.replace(
        "[initiatives.a]", "[plan.holidays]\nextra = [2026-05-07]\n\n[initiatives.a]"
    )
    ours = edit(base, "extra = [2026-05-07]", "extra = [2026-05-07, 2026-08-14]")
    theirs = edit(base, 'title = "テスト町"', 'title = "テスト町 (改)"')
    result = merged(base, theirs, ours)
    assert result.clean
    plan = tomllib.loads(result.text)["plan"]
    assert plan["title"] == "テスト町 (改)"
    assert len(plan["holidays"]["extra"]) == 2
