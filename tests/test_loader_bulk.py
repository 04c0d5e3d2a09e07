"""The fast path of validating initiatives: the same models and the same problems as validating
each table on its own with ``Initiative.model_validate``, as the loader did before."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.model.durations import parse_duration
from roadmap.core.model.plan import (
    STEP_JA_ALIASES,
    Initiative,
    Plan,
    Step,
    _duration_kind,
    _parse_duration,
    _parse_lag,
    _step,
)
from roadmap.core.model.problems import Problem
from roadmap.core.planfile import loader
from roadmap.core.planfile.loader import parse_plan, plan_from_parsed
from roadmap.core.planfile.source import parse_toml

PLAN = {"title": "町", "start": dt.date(2026, 4, 1)}


def reference(
    tables: Mapping[str, Any],
) -> tuple[dict[str, Initiative], set[str], dict[str, Initiative], list[Problem]]:
    """The initiatives, invalid ids, salvaged models and problems of ``tables`` as the loader
    found them before its fast path: each table copied with its id and validated on its own."""
    initiatives: dict[str, Initiative] = {}
    invalid: set[str] = set()
    salvaged: dict[str, Initiative] = {}
    problems: list[Problem] = []

    def line(*path: str | int) -> None:
        return None

    for initiative_id, raw in tables.items():
        if (
            not initiative_id.strip()
            or not initiative_id.isprintable()
            or loader._WHITESPACE.search(initiative_id)
        ):
            problems.append(
                Problem(
                    "invalid-id",
                    file=None,
                    line=None,
                    initiative=initiative_id,
                    args={"value": initiative_id},
                )
            )
            invalid.add(initiative_id)
            continue
        if not isinstance(raw, Mapping):
            problems.append(
                loader._type_problem(
                    "initiatives." + initiative_id, "dict_type", None, None, initiative_id
                )
            )
            invalid.add(initiative_id)
            continue
        if "id" in raw:
            problems.append(
                Problem(
                    "unknown-key",
                    file=None,
                    line=None,
                    initiative=initiative_id,
                    field="id",
                    args={"key": "id"},
                    hint_key="unknown-key.hint-id",
                )
            )
            raw = {k: v for k, v in raw.items() if k != "id"}
        before = len(problems)
        model = loader._validate(
            Initiative,
            {**raw, "id": initiative_id},
            ("initiatives", initiative_id),
            initiative_id,
            None,
            line,
            problems,
        )
        if model is None:
            invalid.add(initiative_id)
            bad_fields = {(problem.field or "").split(".")[0] for problem in problems[before:]}
            rebuilt = loader._salvage(raw, initiative_id, bad_fields)
            if rebuilt is not None:
                salvaged[initiative_id] = rebuilt
        else:
            initiatives[initiative_id] = model
    return initiatives, invalid, salvaged, problems


def assert_same_models(found: Mapping[str, Initiative], expected: Mapping[str, Initiative]) -> None:
    assert list(found) == list(expected)
    for initiative_id, model in found.items():
        other = expected[initiative_id]
        assert model == other
        assert model.model_fields_set == other.model_fields_set
        for name in Initiative.model_fields:
            assert type(getattr(model, name)) is type(getattr(other, name)), name


def build(data: Mapping[str, Any], *, consume: bool) -> tuple[Plan | None, list[Problem]]:
    problems: list[Problem] = []
    plan = loader._build_plan(data, None, None, problems, consume=consume)
    return plan, problems


def check_against_reference(tables: Mapping[str, Any]) -> None:
    expected, invalid, salvaged, problems = reference(copy.deepcopy(dict(tables)))
    untouched = copy.deepcopy(dict(tables))
    for consume, data in (
        (True, {"plan": dict(PLAN), "initiatives": copy.deepcopy(dict(tables))}),
        (False, {"plan": dict(PLAN), "initiatives": dict(tables)}),
        (True, {"plan": dict(PLAN), "initiatives": MappingProxyType(copy.deepcopy(dict(tables)))}),
    ):
        plan, found = build(data, consume=consume)
        assert plan is not None
        assert found == problems
        assert_same_models(plan.initiatives, expected)
        assert plan.invalid_ids == frozenset(invalid)
        assert_same_models(plan.salvaged, salvaged)
    assert dict(tables) == untouched  # a load that keeps the data leaves its tables as they were


GOOD = {
    "title": "取組",
    "duration": "2w",
    "owner": "住民課",
    "step": "standardize",
    "depends_on": ["a", {"id": "b", "type": "SS", "lag": "-1w"}],
    "tags": ["基幹業務"],
    "status": "done",
    "progress": 100,
    "actual_start": dt.date(2026, 4, 1),
    "actual_finish": dt.date(2026, 5, 1),
    "deadline": dt.date(2027, 3, 31),
}

#: Values of each key, good and bad: any mix of them is a table the loader must read as before.
VALUES: dict[str, list[Any]] = {
    "title": ["取組", "", 3],
    "duration": [
        "20d",
        " 3mo ",
        "0d",
        "-2d",
        "3 months",
        "9999999d",
        3,
        {"optimistic": "1d", "likely": "2d", "pessimistic": "3d"},
        {"optimistic": "1d", "likely": "2w", "pessimistic": "3d"},
        {"optimistic": "1d", "likely": "2d"},
    ],
    "step": ["standardize", "標準化", " ガバメントクラウド ", "gov-cloud ", "foo", 3],
    "depends_on": [
        ["a"],
        ["a", {"id": "b", "type": "FF", "lag": "-1d"}],
        [{"id": "b", "lag": "two days"}],
        [{"id": "b", "lga": "1d"}],
        [3],
        "a",
    ],
    "status": ["planned", "done", "foo"],
    "progress": [0, 50.5, 200, float("nan")],
    "deadline": [dt.date(2027, 3, 31), "2026-13-01"],
    "tags": [["x"], "x", ["x", 3]],
    "cost": [{"initial": 1}, {"initial": -1, "booking": "x"}],
    "staffing": [{"a": 0.5}, {"a": -1}],
    "id": ["x"],
    "depend_on": [["a"]],
}

tables_strategy = st.dictionaries(
    st.sampled_from(["a", "b", "c", "取組_1", "d-2", "two words", "", " ", "zero\u200bwidth"]),
    st.one_of(
        st.fixed_dictionaries(
            {}, optional={key: st.sampled_from(values) for key, values in VALUES.items()}
        ),
        st.sampled_from([3, "x", ["a"]]),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(tables_strategy)
def test_models_and_problems_are_those_of_validating_each_table(tables: dict[str, Any]) -> None:
    check_against_reference(tables)


def test_a_plan_of_every_kind_of_table_loads_as_before() -> None:
    tables: dict[str, Any] = {"good": dict(GOOD)}
    for key, values in VALUES.items():
        for position, value in enumerate(values):
            tables[f"{key}{position}"] = {"title": "T", "duration": "1d", key: value}
    tables["scalar"] = 3
    tables["bad id"] = {"title": "T", "duration": "1d"}
    check_against_reference(tables)


def test_a_table_with_an_id_key_is_reported_and_read_without_it() -> None:
    check_against_reference({"a": {"id": "x", "title": "A", "duration": "1d"}})
    check_against_reference({"a": {"id": "x", "title": "A", "duration": "bad"}})


def test_the_located_problems_are_the_same_with_and_without_the_data_kept() -> None:
    text = (
        '[plan]\ntitle = "町"\nstart = 2026-04-01\n'
        '[initiatives.a]\ntitle = "A"\nduration = "2w"\n'
        '[initiatives.b]\nid = "b"\ntitle = ""\nduration = "3 months"\ndepends_on = ["a", 3]\n'
        '[initiatives."c d"]\ntitle = "C"\nduration = "1d"\n'
        '[initiatives.e]\ntitle = "E"\nduration = "1d"\nstep = "foo"\n'
    )
    kept = parse_plan(text, file="plan.toml")
    parsed = parse_toml(text, "plan.toml")
    freed = plan_from_parsed(text, parsed, "plan.toml", keep_data=False)
    assert freed.problems == kept.problems
    assert [(p.code, p.line, p.field) for p in kept.problems] == [
        ("unknown-key", 8, "id"),
        ("invalid-value", 9, "title"),
        ("invalid-duration", 10, "duration"),
        ("invalid-type", 11, "depends_on.1"),
        ("invalid-id", 12, None),
        ("invalid-step", 18, "step"),
    ]
    assert kept.plan is not None and freed.plan is not None
    assert_same_models(freed.plan.initiatives, kept.plan.initiatives)
    assert_same_models(freed.plan.salvaged, kept.plan.salvaged)
    assert "id" not in kept.data["initiatives"]["a"]


ID_CHARACTERS = st.sampled_from(["a", "1", "_", "-", "取", " ", "\t", "\u00a0", "\u3000", "\u200b"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(ID_CHARACTERS, max_size=4), max_size=5, unique=True))
def test_ids_found_plain_at_once_are_each_valid(ids: list[str]) -> None:
    each_valid = all(
        initiative_id.strip()
        and initiative_id.isprintable()
        and not loader._WHITESPACE.search(initiative_id)
        for initiative_id in ids
    )
    assert loader._plain_ids(dict.fromkeys(ids)) == each_valid


@given(st.sampled_from(["1d", "2w", "3mo", "1y", " 4d", "-1w", "0d", "100y", "101y", "x", "+2d"]))
def test_the_validators_fast_paths_read_as_parse_duration(text: str) -> None:
    for validator, allow_negative in ((_parse_duration, False), (_parse_lag, True)):
        for _ in range(2):  # read, then read again from the texts read before
            try:
                expected = parse_duration(text, allow_negative=allow_negative)
            except ValueError:
                expected = None
            try:
                found = validator(text)
            except ValueError:  # a PydanticCustomError
                found = None
            assert found == expected


def test_the_step_fast_path_gives_the_step_the_model_reads() -> None:
    for text in [*(step.value for step in Step), *STEP_JA_ALIASES]:
        assert Step(_step(text)) is Step(_step(f" {text} "))
    assert _step(" foo ") == "foo"
    assert _step(3) == 3
    assert _duration_kind("1d") == "plain"
    assert _duration_kind({"likely": "1d"}) == "three_point"


def test_repeated_ids_and_owners_are_one_string_each_and_the_tables_are_left_alone() -> None:
    """A dependency written as an id is the very key of the initiative it names, and an owner
    written on many initiatives is one string (the plan's memory at 100,000 initiatives); the
    parsed tables, which an editor keeps, are not changed."""
    from roadmap.core.planfile.source import parse_toml

    text = (
        '[plan]\ntitle = "t"\nstart = 2026-04-01\n'
        '[initiatives.first-step]\ntitle = "A"\nduration = "1d"\nowner = "住民課"\n'
        '[initiatives.second-step]\ntitle = "B"\nduration = "1d"\nowner = "住民課"\n'
        'depends_on = ["first-step", { id = "first-step", type = "SS" }, "ghost-step"]\n'
    )
    parsed = parse_toml(text, None)
    assert parsed.data is not None
    before = copy.deepcopy(parsed.data)
    loaded = loader.plan_from_parsed(text, parsed, None)
    assert loaded.plan is not None
    first, second = loaded.plan.initiatives.values()
    key = next(iter(loaded.plan.initiatives))
    ids = [dependency.id for dependency in second.depends_on]
    assert ids == ["first-step", "first-step", "ghost-step"]
    assert ids[0] is key
    assert first.owner is second.owner == "住民課"
    assert loaded.data == before


def test_initiatives_giving_the_same_keys_share_one_set_of_given_fields() -> None:
    """At 100,000 initiatives one set of given field names per model was 70 MB: models whose
    tables gave the same keys (in any order) share one, and each still answers for itself; a copy with
    changes (as the editor makes) has its own set and leaves the others alone."""
    text = (
        '[plan]\ntitle = "t"\nstart = 2026-04-01\n'
        '[initiatives.a]\ntitle = "A"\nduration = "1d"\nowner = "住民課"\n'
        '[initiatives.b]\nowner = "税務課"\ntitle = "B"\nduration = "2d"\n'
        '[initiatives.c]\ntitle = "C"\nduration = "3d"\n'
    )
    loaded = parse_plan(text)
    assert loaded.plan is not None
    a, b, c = (loaded.plan.initiatives[key] for key in "abc")
    assert a.model_fields_set is b.model_fields_set
    assert a.model_fields_set == {"id", "title", "duration", "owner"}
    assert c.model_fields_set == {"id", "title", "duration"}
    changed = a.model_copy(update={"notes": "見直し"})
    assert changed.model_fields_set == {"id", "title", "duration", "owner", "notes"}
    assert b.model_fields_set == {"id", "title", "duration", "owner"}
    assert a.model_dump(exclude_unset=True)["owner"] == "住民課"
    assert "owner" not in c.model_dump(exclude_unset=True)
