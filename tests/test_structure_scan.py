"""The quick paths of ``roadmap.core.planfile.source`` give what the exact ones give:
``structure_problem``'s quick check says "no problem" only where the exact scan finds none (on
random texts of brackets, dots, quotes and comments), and ``LineIndex.lines_of``, which keeps
only the lines asked for, gives each path the line of the whole index."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.planfile import source
from roadmap.core.planfile.source import MAX_NESTING, structure_problem

_pieces = st.sampled_from(
    ["[", "]", "{", "}", ".", "=", ",", "\n", "#", '"', "'", "\\", "a", " ", '"', "'''", '"""']
) | st.integers(min_value=1, max_value=MAX_NESTING + 3).flatmap(
    lambda count: st.sampled_from(["[" * count, "{" * count, "." * count, "a." * count])
)


def _exact(text: str) -> object:
    original = source._within_limits
    source._within_limits = lambda _text: False  # type: ignore[assignment]
    try:
        problem = structure_problem(text)
    finally:
        source._within_limits = original  # type: ignore[assignment]
    return None if problem is None else (problem.code, problem.line)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_pieces, max_size=40).map("".join))
def test_the_quick_check_agrees_with_the_exact_scan(text: str) -> None:
    quick = structure_problem(text)
    assert (None if quick is None else (quick.code, quick.line)) == _exact(text)
    if source._within_limits(text):
        assert _exact(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * MAX_NESTING + "]" * MAX_NESTING,
        ".".join(["a"] * MAX_NESTING) + " = 1",
        'x = "' + "[" * 40 + '"\n# ' + "{" * 40 + "\ny = '" + "." * 40 + "'",
    ],
)
def test_texts_at_the_limits_pass_quickly(text: str) -> None:
    assert source._within_limits(text)
    assert structure_problem(text) is None


_NAMES = ("a", "b", "c", "initiatives", "x1")
_lines = st.sampled_from(
    [
        "[a]",
        "[a.b]",
        "[b.c.a]",
        "[[a.c]]",
        "[[c]]",
        "[initiatives.x1]",
        "[initiatives.x1.c]",
        "[[initiatives.x1.b]]",
        "a = 1",
        "b = 'x'",
        'c = "[not.a.table]"',
        "x1 = [1,",
        "[a.b]",
        "2]",
        "a.b = 2",
        "  c = { a = 1 }  # a comment",
        "# [b]",
        "",
        'b = """',
        '[c] """',
    ]
)
_paths = st.lists(
    st.lists(st.sampled_from(_NAMES) | st.integers(min_value=0, max_value=2), max_size=4),
    max_size=6,
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_lines, max_size=25).map("\n".join), _paths)
def test_lines_of_many_paths_are_those_of_the_whole_index(
    text: str, paths: list[list[object]]
) -> None:
    from roadmap.core.planfile.source import LineIndex

    wanted = [tuple(path) for path in paths]
    assert LineIndex(text).lines_of(wanted) == [LineIndex(text).line_of(path) for path in wanted]


_value_pieces = st.sampled_from(
    ["[", "]", "{", "}", ",", " ", "#", '"', "'", "\\", "a", "1", "=", '"x"', "'y'", '"""', "\r"]
)


def _without_quick_values(call: object) -> object:
    original, key_line = source._ONE_LINE_VALUE, source._ONE_LINE_KEY
    # never match: the exact walk
    source._ONE_LINE_VALUE = source._ONE_LINE_KEY = source.re.compile(r"(?!)")
    try:
        return call()  # type: ignore[operator]
    finally:
        source._ONE_LINE_VALUE, source._ONE_LINE_KEY = original, key_line


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(_value_pieces, max_size=14).map("".join), min_size=1, max_size=4))
def test_a_value_ends_where_the_exact_walk_says(lines: list[str]) -> None:
    exact = _without_quick_values(lambda: source.value_end(lines, 0, 0))
    assert source.value_end(lines, 0, 0) == exact


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        _lines | st.lists(_value_pieces, max_size=12).map(lambda value: "d = " + "".join(value)),
        max_size=25,
    ).map("\n".join)
)
def test_the_line_index_is_that_of_the_exact_walk(text: str) -> None:
    from roadmap.core.planfile.source import LineIndex

    def index() -> dict[object, int]:
        lines = LineIndex(text)
        lines.line_of(("a",))
        return dict(lines._lines)

    assert index() == _without_quick_values(index)
