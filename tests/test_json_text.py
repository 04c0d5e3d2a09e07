"""``exporters.json_text`` writes exactly what ``json.dumps(..., ensure_ascii=False, indent=2,
allow_nan=False)`` writes, on random documents and on the values the exporters hold."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporters.json_text import Streamed, dumps, write_json


class Colour(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


def _reference(value: Any, indent: int = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)


_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.sampled_from([Colour.RED, Level.HIGH, "", '取組\n\t"\\\x00\x1f\u2028'])
)
_keys = st.text() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.none()
_documents = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(_keys, children, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(_documents, st.sampled_from([0, 1, 2, 4]))
def test_the_same_text_as_the_standard_library(document: Any, indent: int) -> None:
    assert dumps(document, indent) == _reference(document, indent)


def test_batches_of_flat_members_join_to_the_same_text() -> None:
    document = [{"id": f"i{n}", "wave": n, "late_by": None, "float": 0.5} for n in range(20000)]
    batches: list[str] = []
    write_json(document, batches.append)
    assert len(batches) > 1
    assert "".join(batches) == _reference(document)


def test_batches_join_to_the_same_text() -> None:
    document = {
        "initiatives": [
            {"id": f"i{n}", "wave": n, "late_by": None, "tags": []} for n in range(5000)
        ],
        "nested": [[[{"a": [1.5, True, {}]}]]],
    }
    batches: list[str] = []
    write_json(document, batches.append)
    assert len(batches) > 1
    assert "".join(batches) == _reference(document)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, {"x": [math.nan]}])
def test_nan_and_infinity_are_refused(value: Any) -> None:
    with pytest.raises(ValueError):
        _reference(value)
    with pytest.raises(ValueError):
        dumps(value)


@pytest.mark.parametrize("value", [{1j: 1}, {"x": object()}, [b"bytes"], {(1, 2): 3}])
def test_what_json_cannot_hold_is_refused(value: Any) -> None:
    with pytest.raises(TypeError):
        _reference(value)
    with pytest.raises(TypeError):
        dumps(value)


_flat_objects = st.dictionaries(
    st.text(max_size=8),
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from('a取}{],[\n"\\\x00 '), max_size=6),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_flat_objects | st.lists(st.integers(), max_size=2) | st.integers(), max_size=12),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([0, 1, 2, 4]),
)
def test_runs_of_flat_objects_read_as_the_standard_library_writes_them(
    members: list[Any], depth: int, indent: int
) -> None:
    """Objects of scalars are written a run at a time by the standard library's compact
    encoder and their lines put right: at any depth, beside other members, with strings that
    hold braces, commas and line breaks."""
    document: Any = members
    for _ in range(depth):
        document = {"rows": document, "n": 1}
    assert dumps(document, indent) == _reference(document, indent)


def test_a_long_run_of_flat_objects_is_written_in_batches() -> None:
    rows = [{"id": f"i{n}", "title": "取組},\n{", "n": n, "x": None} for n in range(1000)]
    rows[500] = {"id": "nested", "tags": ["a"]}  # breaks the run in two
    batches: list[str] = []
    write_json({"initiatives": rows}, batches.append)
    assert len(batches) > 2
    assert "".join(batches) == _reference({"initiatives": rows})


def test_a_streamed_array_is_written_as_its_list_and_made_only_while_written() -> None:
    made: list[int] = []

    def rows() -> Any:
        for n in range(600):
            made.append(n)
            yield {"id": f"i{n}", "wave": n}

    document = {"initiatives": Streamed(rows), "empty": Streamed(lambda: iter(()))}
    assert not made
    expected = _reference({"initiatives": list(rows()), "empty": []})
    made.clear()
    assert dumps(document) == expected
    assert len(made) == 600
