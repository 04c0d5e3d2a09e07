"""``LineIndex.lines_of`` reads a huge plan by offsets and passes over the tables it does not
want in C (``_PASS_OVER``); it must give every path exactly the line that the plain scan, which
split the text into lines and read each one, gave it. That scan is kept here as the reference,
and both are run on random documents full of what could mislead a quick pass: multi-line
strings holding ``[x]`` and ``key =`` lines, multi-line arrays with nested arrays, arrays of
tables, ``[a.b]`` inside ``[[a]]``, dotted and quoted keys, comments, escapes, literal strings,
unclosed strings, CRLF line ends, indented headers and Unicode blanks."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic_plans import synthetic_plan

from roadmap.core.planfile import source
from roadmap.core.planfile.source import LineIndex, read_key, value_end

#: A line that starts with a bare key and ``=`` (the old scan's test; the value apart).
SIMPLE_KEY_LINE = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=")

Path = tuple[str | int, ...]


# -- the reference: the scan as it was, one Python step per line of the split text ------------


def _reference_scan(text: str, wanted: set[Path] | None) -> dict[Path, int]:
    found: dict[Path, int] = {}
    array_counts: dict[Path, int] = {}
    record = LineIndex._record
    table: Path = ()
    keep = True
    lines = text.split("\n")
    number = 0
    total = len(lines)
    while number < total:
        raw = lines[number]
        number += 1
        match = SIMPLE_KEY_LINE.match(raw)
        if match is not None and source._ONE_LINE_VALUE.match(raw, match.end()):
            if keep:
                record(found, (*table, match[1]), number, wanted)
            continue
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            key = read_key(stripped, 2)
            if key is None:
                continue
            base = tuple(key[0])
            position = array_counts.get(base, 0)
            array_counts[base] = position + 1
            table = (*base, position)
            keep = wanted is None or table in wanted
            record(found, base, number, wanted)
            record(found, table, number, wanted)
            continue
        if stripped.startswith("["):
            key = read_key(stripped, 1)
            if key is None:
                continue
            table = LineIndex._resolve(tuple(key[0]), array_counts)
            keep = wanted is None or table in wanted
            record(found, table, number, wanted)
            continue
        key = read_key(stripped, 0)
        if key is None:
            continue
        parts, position = key
        if position >= len(stripped) or stripped[position] != "=":
            continue
        record(found, (*table, *parts), number, wanted)
        column = len(raw) - len(raw.lstrip()) + position + 1
        number = value_end(lines, number - 1, column)
    return found


def _reference_lines_of(text: str, paths: Sequence[Path]) -> list[int | None]:
    wanted = {path[:cut] for path in paths for cut in range(1, len(path) + 1)}
    found = _reference_scan(text, wanted)
    return [LineIndex._nearest(found, path) for path in paths]


def _assert_same(text: str, paths: Sequence[Path]) -> None:
    expected = _reference_lines_of(text, paths)
    assert LineIndex(text).lines_of(paths) == expected
    whole = LineIndex(text)
    whole._ensure_scanned()
    assert [whole.line_of(path) for path in paths] == expected
    assert whole._lines == _reference_scan(text, None)


# -- random documents ----------------------------------------------------------------------

_NAMES = ("a", "b", "c", "x1", "initiatives", "a.b", "")

_HEADERS = [
    "[a]",
    "[a.b]",
    "[a.b.c]",
    "[b.c.a]",
    "[c]",
    "[ a . b ]",
    '["a.b".c]',
    "['a'.b]",
    "[[a]]",
    "[[a.b]]",
    "[[c]]",
    "[[ a ]]",
    "[initiatives.x1]",
    "[initiatives.a]",
    "[initiatives.x1.c]",
    "[[initiatives.x1.b]]",
    "[a] # a comment [b]",
    "[a.b]x = [",
    "[c] = 1",
    '[c] """',
    "[a.",
    "[[a",
    "[]",
    "[a.b.c.a.b]",
    "  [b]",
    "\t[c.a]",
    "\u3000[a]",
    "\xa0[b.c]",
    "\x0c[a.b]",
]
_LINES = [
    "a = 1",
    "b = 'x'",
    'c = "[not.a.table]"',
    "x1 = [1,",
    "2]",
    "a.b = 2",
    '"a".c = 3',
    "'b' = 4",
    '"a.b" = 5',
    "  c = { a = 1 }  # a comment",
    "# [b]",
    "#",
    "",
    "   ",
    'b = """',
    '"""',
    "a = '''",
    "'''",
    'c = """x"""',
    "c = '''[x]'''",
    'd = """a""""',
    "d = [",
    "  [1, 2],",
    "[3]",
    "]",
    "}",
    'e = "a\\"b"',
    'e = "a\\\\"',
    'f = "unclosed',
    "f = 'unclosed",
    'g = [\'x\', "y", { a = "]" }]',
    "h = [ # [",
    "h = [1] # ]",
    "i = {",
    "i = { a = [1] }",
    "i = { a = { b = 1 } }",
    'j = ""',
    'k = """"',
    'k = """"""',
    "\u3000a = 1",
    "\xa0b = [",
    "a = 1 # [",
    "x = [[1], [2]]",
    'a = "[", [',
    "c = 'it''s'",
    'b = "#"',
    "b = ['#', \"'\"]",
    "a = 1\r",
    "x1 = [\r",
    "c = ]",
    "a [b] = 1",
    "a b = [",
    "= [",
    '"" = [',
    "a = 2026-04-01",
    "b = true",
    "a = [ ]",
    "a = { }",
    "a = [{}, {}]",
    'depends_on = ["a", { id = "b", type = "SS", lag = "1d" }]',
    'a = "\\u0041[" ]',
    "a = 1 ] [",
    "a = x [1]",
    "a =  [b]",
    "a =\t[c.a]",
    "a = x [a]",
    "x1 =  [[c]]",
    "k = ''''",
    "k = '''x''' '''",
    "k = '''[a]''''",
    'k = """x""" """',
    "h = [1, # ]",
    "h = { a = 1 # }",
    'h = ["a", "b" # ]',
    "a.b.c.d.e = 1",
    '"initiatives".x1 = 2',
]
_value_pieces = st.sampled_from(
    [*"[]{}, #\"'\\a1=", '"x"', "'y'", '"""', "'''", "\r", "\n", "[a]", "b = "]
)
_line = st.one_of(
    st.sampled_from(_HEADERS),
    st.sampled_from(_LINES),
    st.lists(_value_pieces, max_size=10).map(lambda value: "d = " + "".join(value)),
    st.lists(_value_pieces, max_size=8).map("".join),
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_line, max_size=30))
    ends = draw(st.lists(st.sampled_from(["\n", "\n", "\r\n"]), min_size=len(lines)))
    text = "".join(line + end for line, end in zip(lines, ends, strict=False))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text


def _paths_for(text: str) -> st.SearchStrategy[list[Path]]:
    """Paths the whole index holds (and their parents and children), and random ones."""
    known = sorted(_reference_scan(text, None), key=repr)
    part = st.sampled_from(_NAMES) | st.integers(min_value=0, max_value=2)
    random_path = st.lists(part, min_size=1, max_size=5).map(tuple)
    if not known:
        return st.lists(random_path, max_size=8)
    from_index = st.sampled_from(known)
    near = st.tuples(from_index, st.lists(part, max_size=2)).map(lambda pair: (*pair[0], *pair[1]))
    return st.lists(from_index | near | random_path, max_size=12)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_documents_give_the_lines_of_the_plain_scan(data: st.DataObject) -> None:
    text = data.draw(_documents())
    paths = data.draw(_paths_for(text))
    _assert_same(text, paths)


# -- plans as the tools write them, with odd lines put in -----------------------------------

_PLAN = synthetic_plan(60, seed=3)
_PLAN_LINES = _PLAN.split("\n")
_PLAN_PATHS = sorted(_reference_scan(_PLAN, None), key=repr)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(_PLAN_LINES)),
            st.sampled_from(_LINES + _HEADERS) | st.lists(_value_pieces, max_size=8).map("".join),
        ),
        max_size=6,
    ),
    st.lists(
        st.sampled_from(_PLAN_PATHS)
        | st.tuples(st.sampled_from(_PLAN_PATHS), st.integers(0, 3)).map(
            lambda pair: (*pair[0], pair[1])
        ),
        min_size=1,
        max_size=20,
    ),
    st.booleans(),
)
def test_edited_plans_give_the_lines_of_the_plain_scan(
    edits: list[tuple[int, str]], paths: list[Path], crlf: bool
) -> None:
    lines = list(_PLAN_LINES)
    for position, line in sorted(edits, reverse=True):
        lines.insert(position, line)
    text = ("\r\n" if crlf else "\n").join(lines)
    _assert_same(text, paths)


def test_a_plan_of_many_initiatives_gives_the_lines_of_the_plain_scan() -> None:
    text = synthetic_plan(400, seed=5)
    paths = [path for path in _reference_scan(text, None) if len(path) >= 3][::7]
    paths += [(*path, 0) for path in paths[::3]] + [("initiatives", "nobody", "title")]
    _assert_same(text, paths)


# -- hand-written cases ---------------------------------------------------------------------

_CASES = [
    # a multi-line string that holds a header and a key line
    ('[a]\nx = """\n[b]\ny = 1\n"""\n[c]\nz = 2\n', [("b",), ("a", "y"), ("c", "z")]),
    ("[a]\nx = '''\n[b]\n'''\n[b]\n", [("b",)]),
    # a multi-line array with nested arrays at the start of its lines
    ("[a]\nx = [\n[1, 2],\n[b]\n]\n[b]\ny = 1\n", [("b",), ("b", "y"), ("a", "x")]),
    # a comment inside an array, a closing bracket in a string
    ('[a]\nx = [ # ]\n"]",\n]\n[b]\n', [("b",), ("a", "x")]),
    ('[a]\nx = ["]",\n[b]\n]\n[b]\n', [("b",)]),
    # arrays of tables and sub-tables of their last element
    ("[[a]]\nx = 1\n[a.b]\ny = 2\n[[a]]\n[a.b]\ny = 3\n", [("a", 1, "b", "y"), ("a", 0, "b")]),
    ("[x]\n[[a.b]]\n[a.b.c]\nd = 1\n", [("a", "b", 0, "c", "d"), ("a",)]),
    # a plain header after an array of tables, with a parent seen before it
    ("[z]\n[a.x]\n[[a]]\n[[a]]\n[z]\n[a.b]\ny = 1\n", [("a", 1, "b"), ("a", 1, "b", "y")]),
    ("[a.x]\n[z]\n[[a]]\n[z]\n[a.b]\n", [("a", 0, "b"), ("a", "b")]),
    # dotted and quoted keys, parents of long paths
    ('[a]\nb.c.d = 1\n"e.f" = 2\n', [("a", "b", "c"), ("a", "e.f"), ("a", "b", "c", "d", "e")]),
    ("[a.b.c.d.e]\n", [("a", "b", "c"), ("a", "b", "c", "d"), ("a", "b", "c", "d", "e")]),
    # a wanted key found, and one under it still to come in the same table
    ("[a]\nb = 1\nb.c = 2\n", [("a", "b", "c")]),
    ('[a]\nb = 1\n"b".c.d = 2\n', [("a", "b", "c", "d"), ("a", "b")]),
    # a header of a table not wanted that first names a wanted parent
    ("[x]\n[p.q.r]\n[p.q]\n", [("p", "q"), ("p",)]),
    ("[p.a]\n[p.q.r]\n[p.q]\n", [("p", "q")]),
    # CRLF, indented and Unicode-indented headers
    ("[a]\r\nx = 1\r\n  [b]\r\ny = 2\r\n", [("b", "y"), ("a", "x")]),
    ("[a]\n\u3000[b]\nx = 1\n", [("b", "x")]),
    ("[a]\n\xa0[b]\n\xa0x = [\n[c]\n]\n", [("b", "x"), ("c",)]),
    # a key indented with a Unicode blank, in a wanted table after unwanted ones
    ("[z]\n[a]\n\u3000k = 1\n", [("a", "k")]),
    # escapes and the ends of strings
    ('[a]\nx = "\\"[" \n[b]\n', [("b",)]),
    ('[a]\nx = "a\\\\" [\n[b]\n]\n', [("b",)]),
    ('[a]\nx = """"\n[b]\n"""\n', [("b",)]),
    ("[a]\nx = 'it''s' [\n[b]\n]\n", [("b",)]),
    # the last line without an end, and an empty text
    ("[a]\nx = 1", [("a", "x")]),
    ("[a]\nx = [", [("a", "x")]),
    ("", [("a",)]),
    ("[a]", [("a",)]),
]


@pytest.mark.parametrize(("text", "paths"), _CASES)
def test_hand_written_cases_give_the_lines_of_the_plain_scan(text: str, paths: list[Path]) -> None:
    _assert_same(text, paths)
    _assert_same(text.replace("\n", "\r\n"), paths)


def test_the_pass_stops_where_a_value_goes_on() -> None:
    """Guard the example cases: each line that could mislead is found and read."""
    text = '[z]\nx = """\n[a]\n"""\n[a]\ny = 1\n'
    assert LineIndex(text).lines_of([("a",), ("a", "y")]) == [5, 6]


# -- the pieces the pass is built of --------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(_line, st.sampled_from(["", "\n", "\r\n", "\nb = 1"]))
def test_a_key_line_of_the_text_is_one_of_the_split_lines(line: str, rest: str) -> None:
    text = line + rest
    raw = text.split("\n")[0]
    match = source._ONE_LINE_KEY.match(text)
    simple = SIMPLE_KEY_LINE.match(raw)
    alone = simple is not None and source._ONE_LINE_VALUE.match(raw, simple.end()) is not None
    assert (match is not None) == alone
    if match is not None and simple is not None:
        assert match[1] == simple[1]
        assert match.end() == len(raw) + ("\n" in text)


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(_LINES) | st.lists(_value_pieces, max_size=10).map("".join)),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=12),
)
def test_a_value_ends_where_value_end_says(pieces: list[str], number: int, column: int) -> None:
    text = "\n".join(pieces)
    lines = text.split("\n")
    number = min(number, len(lines) - 1)
    column = min(column, len(lines[number]))
    start = sum(len(line) + 1 for line in lines[:number])
    after = value_end(lines, number, column)
    offset = source._value_end_offset(text, start, column)
    assert offset == sum(len(line) + 1 for line in lines[:after])
    # long values that go on over many pieces of the text
    long_text = text + "\n" + "x = [\n" + "1,\n" * 400 + "]\n" + "y = 1"
    long_lines = long_text.split("\n")
    after = value_end(long_lines, number, column)
    offset = source._value_end_offset(long_text, start, column)
    assert offset == sum(len(line) + 1 for line in long_lines[:after])


_SAMPLE_PATHS: list[Path] = [
    ("a",),
    ("a", "k"),
    ("b",),
    ("c",),
    ("a", "b"),
    ("c", "a"),
    ("a", 0),
    ("a", 0, "b"),
    ("a", "x"),
    ("1",),
    ("z", "d"),
]


def test_quiet_lines_leave_no_line_unread() -> None:
    """Every line the pass goes wholly over is one the plain scan reads without effect in a
    table that is not wanted: checked for each sample line, then each pair of them."""
    samples = _LINES + _HEADERS
    for line, end in itertools.product(samples, ["\n", "\r\n"]):
        text = "[z]\n" + line + end + "[a]\nk = 1\n[b]\n"
        assert LineIndex(text).lines_of(_SAMPLE_PATHS) == _reference_lines_of(
            text, _SAMPLE_PATHS
        ), line
    for first, second in itertools.product(samples, repeat=2):
        text = f"[z]\n{first}\n{second}\n[a]\nk = 1\n[b]\n"
        assert LineIndex(text).lines_of(_SAMPLE_PATHS) == _reference_lines_of(
            text, _SAMPLE_PATHS
        ), (first, second)
