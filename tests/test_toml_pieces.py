"""Reading a plan's TOML in pieces gives exactly what reading it whole gives, or nothing.

:func:`roadmap.core.planfile.toml_pieces.read_in_pieces` may refuse (``None``) whenever it is not
sure; it must never answer differently from the reader given the whole text: not in a value,
not in the order of keys at any level, and not where the whole text is an error. Random
plan-like documents (with the constructs that make splitting hard: multi-line strings holding
header lines, quoted and spaced headers, sub-tables of one initiative far apart, inline tables,
``[initiatives]`` itself, CRLF) and random edits of them are read with tiny pieces, so that
nearly every header is a split point; plain plans must take the fast path.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic_plans import synthetic_plan

from roadmap.core.planfile.toml_pieces import PIECE_SIZE, read_in_pieces

toml_rs = pytest.importorskip("toml_rs")

ROOT = Path(__file__).resolve().parent.parent
Reader = Callable[[str], dict[str, Any]]


def _toml_rs(text: str) -> dict[str, Any]:
    data: dict[str, Any] = toml_rs.loads(text, toml_version="1.0.0")
    return data


READERS: dict[str, Reader] = {"tomllib": tomllib.loads, "toml_rs": _toml_rs}


def _ordered(value: Any) -> Any:
    """``value`` with key order kept at every level, and types spelled out (``1 == True``)."""
    if isinstance(value, dict):
        return ("table", [(key, _ordered(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("array", [_ordered(item) for item in value])
    if isinstance(value, float):
        return ("float", repr(value) if math.isnan(value) else value, math.copysign(1.0, value))
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat(), repr(value.utcoffset()))
    return (type(value).__name__, value)


def _whole(reader: Reader, text: str) -> Any:
    """What ``reader`` makes of the whole text: its value with order, or None for a refusal."""
    try:
        return _ordered(reader(text))
    except Exception:
        return None


def _agrees(text: str, piece_size: int, reader: Reader = tomllib.loads) -> dict[str, Any] | None:
    """Read ``text`` in pieces; assert that the answer is None or the whole reading's."""
    whole = _whole(reader, text)
    pieces = read_in_pieces(text, reader, piece_size)
    if whole is None:
        assert pieces is None, "a text the reader refuses was read in pieces"
    elif pieces is not None:
        assert _ordered(pieces) == whole
    return pieces


# -- plain plans take the fast path -----------------------------------------------------------


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
@pytest.mark.parametrize("piece_size", [1, 1000, 30_000, PIECE_SIZE, 10**9])
def test_a_synthetic_plan_is_read_in_pieces(reader: Reader, piece_size: int) -> None:
    text = synthetic_plan(2000)
    seen: list[int] = []

    def counting(piece: str) -> dict[str, Any]:
        seen.append(len(piece))
        return reader(piece)

    pieces = read_in_pieces(text, counting, piece_size)
    assert pieces is not None
    assert _ordered(pieces) == _ordered(tomllib.loads(text))
    assert len(pieces["initiatives"]) == 2000
    # the reader never held much more than one piece (a piece ends at the next header)
    assert max(seen) < piece_size + 1000 or len(seen) == 2
    if piece_size == 1:
        assert len(seen) == 2001  # the [plan] table, then each initiative alone


def test_crlf_lines_are_read_in_pieces() -> None:
    text = synthetic_plan(50).replace("\n", "\r\n")
    assert _agrees(text, 1) is not None
    assert _agrees(text, 1, _toml_rs) is not None


def test_a_byte_order_mark_is_left_to_the_whole_reading() -> None:
    assert read_in_pieces("\ufeff" + synthetic_plan(5), _toml_rs, 1) is None


def test_a_text_without_initiatives_is_left_to_the_whole_reading() -> None:
    assert read_in_pieces("[plan]\ntitle = 'x'\n", tomllib.loads, 1) is None
    assert read_in_pieces("", tomllib.loads, 1) is None


def test_later_top_level_tables_keep_their_place() -> None:
    text = (
        "version = 1\n[plan]\ntitle = 'x'\n[initiatives.a]\nn = 1\n[budget]\ncap = 5\n"
        "[initiatives.b]\nn = 2\n[zeta.q]\nz = 1\n[initiatives.c]\n"
    )
    pieces = _agrees(text, 1)
    assert pieces is not None
    assert list(pieces) == ["version", "plan", "initiatives", "budget", "zeta"]
    assert list(pieces["initiatives"]) == ["a", "b", "c"]


def test_dotted_keys_and_inline_tables_within_one_initiative() -> None:
    text = (
        "[initiatives.a]\ncost.initial = 1\ncost.yearly = { y2026 = 2 }\n"
        "[initiatives.a.risk]\np = 0.5\n[initiatives.b]\nx.y.z = [1, { w = 2 }]\n"
    )
    pieces = _agrees(text, 1)
    assert pieces is not None
    assert pieces["initiatives"]["a"]["cost"] == {"initial": 1, "yearly": {"y2026": 2}}


def test_quoted_and_spaced_headers_are_not_split_at_but_still_read() -> None:
    text = (
        "[initiatives.a]\nn = 1\n[\"initiatives\".b]\nn = 2\n[ initiatives . 'c' ]\nn = 3\n"
        '  [initiatives.d]\nn = 4\n[initiatives."e f"]\nn = 5\n[[initiatives.g]]\n[[initiatives.g]]\n'
    )
    pieces = _agrees(text, 1)
    assert pieces is not None
    assert list(pieces["initiatives"]) == ["a", "b", "c", "d", "e f", "g"]


# -- what a piece cannot see: left to the whole reading ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the first piece has an initiatives key
        "initiatives.z = 1\n[initiatives.a]\n",
        "initiatives = { a = {} }\n[initiatives.b]\n",  # an inline table is closed: an error
        "[initiatives]\nx = 1\n[initiatives.a]\n",
        "  [initiatives.a]\nn = 1\n[initiatives.b]\n",
        # a top-level table in two pieces: legal once ...
        "[budget]\nx = 1\n[initiatives.a]\n[budget.y]\nz = 1\n",
        # ... an error twice
        "[initiatives.a]\n[budget]\nx = 1\n[initiatives.b]\n[budget]\ny = 1\n",
        "top = 1\n[initiatives.a]\n[top]\n",
        # one initiative in two pieces: legal ...
        "[initiatives.a]\nx = 1\n[initiatives.b]\n[initiatives.a.cost]\ny = 2\n",
        "[[initiatives.a]]\n[initiatives.b]\n[[initiatives.a]]\n",
        # ... or not
        "[initiatives.a]\n[initiatives.b]\n[initiatives.a]\n",
        "[initiatives.a]\ncost = { x = 1 }\n[initiatives.b]\n[initiatives.a.cost]\n",
        "[initiatives.a]\n[initiatives.b]\n['initiatives'.a]\n",
        "[[initiatives.a]]\n[initiatives.b]\n[initiatives.a]\n",
    ],
)
def test_what_a_piece_cannot_see_is_left_to_the_whole_reading(text: str) -> None:
    for reader in READERS.values():
        assert read_in_pieces(text, reader, 1) is None
        _agrees(text, 1, reader)


@pytest.mark.parametrize(
    "header",
    [
        "[initiatives]",
        "[[initiatives]]",
        '["initiatives"]',
        "['initiatives']",
        "[ initiatives ]",
        "\t[initiatives]  # the table itself",
        '["\\u0069nitiatives"]',
        "[[ 'initiatives' ]]",
    ],
)
def test_a_header_of_initiatives_itself_is_left_to_the_whole_reading(header: str) -> None:
    # each piece alone defines the table once; the whole text defines it twice
    text = f"[initiatives.a]\n{header}\nx = 1\n[initiatives.b]\n{header}\ny = 1\n"
    assert _whole(tomllib.loads, text) is None
    for reader in READERS.values():
        assert read_in_pieces(text, reader, 1) is None
        # once is legal TOML, but still left to the whole reading
        once = f"[initiatives.a]\n{header}\nx = 1\n[initiatives.b]\n"
        assert read_in_pieces(once, reader, 1) is None
        _agrees(once, 1, reader)


def test_a_header_line_inside_a_multi_line_string() -> None:
    for quote in ('"""', "'''"):
        text = (
            f"[initiatives.a]\nnotes = {quote}\n[initiatives.x]\nq = 1\n[[initiatives.y]]\n"
            f"{quote}\n[initiatives.b]\nn = 2\n"
        )
        assert list(tomllib.loads(text)["initiatives"]) == ["a", "b"]
        for reader in READERS.values():
            # a split inside the string leaves the piece before it unterminated
            assert read_in_pieces(text, reader, 1) is None
            results = [_agrees(text, size, reader) for size in range(1, len(text) + 2)]
            assert any(result is not None for result in results)  # sizes that skip the string


def test_a_multi_line_array() -> None:
    good = '[initiatives.a]\nm = [\n[1, 2],\n  "[initiatives.x]",\n]\n[initiatives.b]\n'
    assert _agrees(good, 1) is not None
    assert _agrees(good, 1, _toml_rs) is not None
    # a header line cannot stand in an array: the whole text is an error, and so is a piece
    bad = "[initiatives.a]\nm = [\n[1, 2],\n[initiatives.b]\n]\n[initiatives.c]\n"
    assert _whole(tomllib.loads, bad) is None
    for reader in READERS.values():
        for size in range(1, len(bad) + 2):
            assert read_in_pieces(bad, reader, size) is None


def test_sub_tables_of_one_initiative_far_apart() -> None:
    middle = "".join(f"[initiatives.i{number}]\nn = {number}\n" for number in range(200))
    text = f"[initiatives.a]\nx = 1\n{middle}[initiatives.a.cost]\ny = 2\n"
    assert tomllib.loads(text)["initiatives"]["a"] == {"x": 1, "cost": {"y": 2}}
    for reader in READERS.values():
        assert read_in_pieces(text, reader, 100) is None
        # one piece holds them all: read, and the same
        assert _agrees(text, len(text), reader) is not None


def test_any_refusal_of_a_piece_is_none() -> None:
    text = synthetic_plan(5)
    calls = 0

    def refuses_the_third(piece: str) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("no")
        return tomllib.loads(piece)

    assert read_in_pieces(text, refuses_the_third, 1) is None
    broken = text.replace('owner = "', "owner = ", 1)
    assert read_in_pieces(broken, tomllib.loads, 1) is None


def test_a_reader_that_does_not_keep_order_is_caught() -> None:
    def sorted_reader(piece: str) -> dict[str, Any]:
        return dict(sorted(tomllib.loads(piece).items()))

    text = "[initiatives.a]\n[budget]\n[initiatives.b]\n"
    assert read_in_pieces(text, sorted_reader, 1) is None


# -- random plan-like documents, and random edits of them -------------------------------------

_IDS = st.sampled_from(["a", "b", "c", "i00001", "x-y", '"q d"', "'lit'", "A_1"])
_SCALARS = st.sampled_from(
    [
        "1",
        "-0.5",
        "true",
        '"文字 \\u00e9"',
        "'raw'",
        "2026-04-01",
        "2026-04-01T09:00:00+09:00",
        "[1, 2]",
        "[]",
        '{ x = 1, y = "z" }',
        "inf",
    ]
)
_KEYS = st.sampled_from(["title", "n", "cost.initial", "cost", '"k k"', "deps", "a.b.c", "x"])


@st.composite
def _body_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["value", "value", "string", "array", "comment"]))
    key = draw(_KEYS)
    if kind == "value":
        return f"{key} = {draw(_SCALARS)}"
    if kind == "string":
        quote = draw(st.sampled_from(['"""', "'''"]))
        inner = draw(st.sampled_from(["[initiatives.", "[[initiatives.", "[budget]", "x = 1"]))
        return f"{key} = {quote}\n{inner}{draw(_IDS)}]\n{quote}"
    if kind == "array":
        inner = draw(st.sampled_from(['"i00001"', "[1, 2]", "{ id = 'a', lag = '1d' }"]))
        return f"{key} = [\n  {inner},\n{inner}\n]"
    return f"# [initiatives.{draw(_IDS)}]"


def _first_key_part(line: str) -> str:
    """``cost`` of ``cost.initial = 1``: lines of one table with other first parts never clash."""
    return line.split("=")[0].split(".")[0].strip()


@st.composite
def _header(draw: st.DrawFn, clean: bool) -> str:
    ident = draw(_IDS)
    if clean:
        forms = ["[initiatives.{}]", "[initiatives.{}.sub]", "[[initiatives.{}]]"]
    else:
        forms = [
            "[initiatives.{}]",
            "[initiatives.{}]",
            "[initiatives.{}.sub]",
            "[[initiatives.{}]]",
            '["initiatives".{}]',
            "[ initiatives . {} ]",
            "  [initiatives.{}]",
            "[initiatives]",
            "[[initiatives]]",
            "[budget]",
            "[budget.{}]",
            "[plan.{}]",
            "[zeta]",
        ]
    return draw(st.sampled_from(forms)).format(ident)


@st.composite
def _plans(draw: st.DrawFn, clean: bool = False) -> str:
    lines = []
    if draw(st.booleans()):
        lines += ["[plan]", "title = 'x'", "start = 2026-04-01"]
    if not clean and draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["initiatives.z = 1", "[initiatives]", "version = 1"])))
    if clean:
        idents = draw(st.lists(_IDS, min_size=1, max_size=8, unique=True))
        # each initiative's header lines together: its own, then sub-tables
        headers = [
            draw(
                st.sampled_from(
                    [
                        f"[initiatives.{ident}]",
                        f"[[initiatives.{ident}]]\n[[initiatives.{ident}]]",
                        f"[initiatives.{ident}]\nn = 1\n[initiatives.{ident}.staffing]",
                        f"[initiatives.{ident}]\n[[initiatives.{ident}.costs]]\n"
                        f"[[initiatives.{ident}.costs]]",
                    ]
                )
            )
            for ident in idents
        ]
    else:
        headers = draw(st.lists(_header(clean), min_size=1, max_size=10))
    for header in headers:
        lines.append(header)
        lines += draw(st.lists(_body_line(), max_size=3, unique_by=_first_key_part))
    if clean and draw(st.booleans()):
        lines += ["[budget]", "cap = 10"]
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


_EDIT_ALPHABET = "\"'#[]{}.=,\n\r\t \\-_0123456789abinrstu漢"


def _edited(text: str, edits: list[tuple[str, int, str]]) -> str:
    for kind, where, char in edits:
        where %= len(text) + 1
        if kind == "insert":
            text = text[:where] + char + text[where:]
        elif kind == "delete":
            text = text[:where] + text[where + 1 :]
        else:
            text = text[:where] + char + text[where + 1 :]
    return text


_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
@_SETTINGS
@given(text=_plans(), piece_size=st.integers(min_value=1, max_value=200))
def test_random_plans_read_in_pieces_as_whole(reader: Reader, text: str, piece_size: int) -> None:
    _agrees(text, piece_size, reader)


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
@_SETTINGS
@given(
    text=_plans(),
    piece_size=st.integers(min_value=1, max_value=200),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "replace"]),
            st.integers(min_value=0),
            st.sampled_from(_EDIT_ALPHABET),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_random_edits_read_in_pieces_as_whole(
    reader: Reader, text: str, piece_size: int, edits: list[tuple[str, int, str]]
) -> None:
    _agrees(_edited(text, edits), piece_size, reader)


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
@settings(max_examples=200, deadline=None)
@given(text=_plans(clean=True), piece_size=st.integers(min_value=1, max_value=200))
def test_random_clean_plans_take_the_fast_path(reader: Reader, text: str, piece_size: int) -> None:
    # distinct ids, no header of initiatives itself, multi-line strings only where a
    # piece can end after them: whenever the whole text reads and no split falls inside a
    # string, the pieces are joined
    if _whole(reader, text) is None:
        return
    pieces = _agrees(text, piece_size, reader)
    if '"""' not in text and "'''" not in text:
        assert pieces is not None


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
def test_the_example_plan_is_read_in_pieces(reader: Reader) -> None:
    # sub-tables of an initiative ([initiatives.x.staffing], [[initiatives.x.costs]]) follow
    # its header: no split falls between them; [council] and [[blackouts]] come last
    text = (ROOT / "plans" / "example-town.toml").read_text(encoding="utf-8-sig")
    for piece_size in (1, 2000, PIECE_SIZE):
        assert _agrees(text, piece_size, reader) is not None


def test_an_initiatives_sub_tables_stay_in_its_piece() -> None:
    text = (
        "[plan]\n[initiatives.a]\nn = 1\n[initiatives.a.staffing]\nx = 1\n"
        "[[initiatives.a.costs]]\ny = 1\n[[initiatives.a.costs]]\ny = 2\n"
        "[initiatives.b]\n[[initiatives.b.costs]]\n[[initiatives.c]]\n[[initiatives.c]]\n"
        '[initiatives."d e"]\n[initiatives."d e".staffing]\n'
    )
    seen: list[str] = []

    def recording(piece: str) -> dict[str, Any]:
        seen.append(piece)
        return tomllib.loads(piece)

    assert read_in_pieces(text, recording, 1) == tomllib.loads(text)
    assert [piece.split("\n", 1)[0] for piece in seen] == [
        "[plan]",
        "[initiatives.a]",
        "[initiatives.b]",
        "[[initiatives.c]]",
        '[initiatives."d e"]',
    ]
