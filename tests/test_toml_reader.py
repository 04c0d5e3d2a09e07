"""The compiled TOML reader answers exactly as ``tomllib`` does.

:func:`roadmap.core.planfile.source.load_toml` reads a plan with ``toml_rs`` and falls back to
``tomllib`` for anything ``toml_rs`` refuses. So the two could only differ where ``toml_rs``
accepts a text that ``tomllib`` refuses, or reads a different value: that is what is checked
here, on TOML 1.1 syntax (which ``tomllib`` refuses), on random documents and on random edits
of them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.core.planfile import source
from roadmap.core.planfile.loader import parse_plan
from roadmap.core.planfile.source import load_toml

toml_rs = pytest.importorskip("toml_rs")
_FAST_READER_FROM = source._FAST_READER_FROM


def setup_module() -> None:
    """Every text here is small: let the compiled reader read them all the same."""
    source._FAST_READER_FROM = 0


def teardown_module() -> None:
    source._FAST_READER_FROM = _FAST_READER_FROM


def _typed(value: Any) -> Any:
    """``value`` with the type of every part spelled out (``1 == 1.0 == True`` in Python), and
    NaN comparable."""
    if isinstance(value, dict):
        return ("table", sorted((key, _typed(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("array", [_typed(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan", math.copysign(1.0, value))
    if isinstance(value, float):
        return ("float", value, math.copysign(1.0, value))
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat(), repr(value.utcoffset()))
    return (type(value).__name__, value)


def _outcome(reader: Any, text: str) -> Any:
    try:
        return ("ok", _typed(reader(text)))
    except tomllib.TOMLDecodeError as error:
        return ("error", str(error))
    except ValueError as error:  # tomllib: an integer of more than 4300 digits
        return ("value-error", str(error))


def _same_as_tomllib(text: str) -> None:
    assert _outcome(load_toml, text) == _outcome(tomllib.loads, text)


# -- what TOML 1.1 added: tomllib refuses it, so the plan reader must too ----------------------

TOML_1_1 = [
    "point = { x = 1,\n  y = 2 }\n",  # a line break inside an inline table
    "point = { x = 1, y = 2, }\n",  # a trailing comma in an inline table
    'escape = "\\e"\n',  # the escape character
    'byte = "\\x41"\n',  # a byte escape
    "start = 07:32\n",  # a time without seconds
    "start = 1979-05-27T07:32\n",
    "start = 1979-05-27 07:32Z\n",
]


@pytest.mark.parametrize("text", TOML_1_1)
def test_toml_1_1_syntax_is_refused_with_tomllib_wording(text: str) -> None:
    assert toml_rs.loads(text, toml_version="1.1.0") is not None  # really 1.1 syntax
    with pytest.raises(tomllib.TOMLDecodeError) as raised:
        load_toml(text)
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(text)
    assert str(raised.value) == str(expected.value)


@pytest.mark.parametrize(
    "text",
    [
        "big = 123456789012345678901234567890\n",  # beyond 64 bits: toml_rs refuses, tomllib not
        "small = -9223372036854775809\n",
        "inf = inf\nnan = -nan\nhuge = 1e400\nzero = -0.0\n",
        "odt = 1979-05-27T07:32:00.999999-07:00\nldt = 1979-05-27T00:32:00\nld = 1979-05-27\n",
        "multi = \"\"\"\\\n  a \\\n  b\"\"\"\nraw = '''\nC:\\x'''\n",
        '"quoted key" = 1\na.b."c d" = "漢字 ☃ \\u00e9 \\U0001F600"\n',
        "[[aot]]\nx = 1\n[[aot]]\n[aot.sub]\ny = [1, [2.5, 'a'], {z = true}]\n",
        "long = 1" + "0" * 5000 + "\n",  # tomllib: ValueError (Python's 4300-digit limit)
        "long = 1" + "_000" * 1500 + "\n",
        "hex = 0x" + "f" * 5000 + "\nfloat = 1." + "5" * 5000 + "\n",
        "\ufeffa = 1\n",  # a BOM: tomllib refuses it (the plan reader strips it first)
        "a = 1\r\nb = 2\r\n",
        "a = 1\rb = 2\n",
        "a = 1\nb = 2\na = 3\n",
    ],
)
def test_edge_cases_read_as_tomllib_reads_them(text: str) -> None:
    _same_as_tomllib(text)


def test_a_syntax_error_keeps_tomllib_line_and_column() -> None:
    text = '[plan]\ntitle = "町"\nstart = 2026-13-01\n'
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(text)
    parsed = source.parse_toml(text, "plan.toml")
    assert parsed.data is None
    [problem] = parsed.problems
    assert problem.code == "toml-syntax"
    assert f"(at line {problem.line}, column {problem.column})" in str(expected.value)
    assert problem.line == 3


def test_without_the_compiled_reader_plans_read_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with open("plans/example-town.toml", encoding="utf-8-sig") as handle:
        text = handle.read()
    fast = parse_plan(text, "example-town.toml")
    monkeypatch.setattr(source, "_fast_reader", lambda: None)
    slow = parse_plan(text, "example-town.toml")
    assert fast.plan is not None
    assert (slow.plan, slow.data, slow.problems) == (fast.plan, fast.data, fast.problems)


# -- random documents, and random edits of them ------------------------------------------------

_keys = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8
)
_scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.dates(),
    st.datetimes(max_value=dt.datetime(9999, 12, 30)),
    st.datetimes(
        timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=9))]),
        max_value=dt.datetime(9999, 12, 30),
    ),
    st.times(),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)),
    max_leaves=12,
)
_documents = st.dictionaries(_keys, _values, max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents)
def test_random_documents_read_the_same(document: dict[str, Any]) -> None:
    _same_as_tomllib(tomlkit.dumps(document))


_EDIT_ALPHABET = "\"'#[]{}.=,\n\r\t \\-+:_0123456789eExXabnrtfuTZ漢"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _documents,
    st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "replace"]),
            st.integers(min_value=0),
            st.sampled_from(_EDIT_ALPHABET),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_random_edits_read_the_same(
    document: dict[str, Any], edits: list[tuple[str, int, str]]
) -> None:
    text = tomlkit.dumps(document) or "a = 1\n"
    for kind, where, char in edits:
        where %= len(text) + 1
        if kind == "insert":
            text = text[:where] + char + text[where:]
        elif kind == "delete":
            text = text[:where] + text[where + 1 :]
        else:
            text = text[:where] + char + text[where + 1 :]
    _same_as_tomllib(text)


def test_small_texts_skip_the_compiled_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "_FAST_READER_FROM", 1000)
    monkeypatch.setattr(source, "_fast_reader", lambda: pytest.fail("read a small text"))
    assert load_toml("a = 1\n") == {"a": 1}


def test_the_example_plan_reads_the_same() -> None:
    with open("plans/example-town.toml", encoding="utf-8-sig") as handle:
        _same_as_tomllib(handle.read())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["digits", "other"]), st.integers(min_value=1, max_value=5000)),
        max_size=6,
    )
)
def test_long_digit_runs_are_always_found(parts: list[tuple[str, int]]) -> None:
    text = "".join(
        ("1_2" * size)[:size] if kind == "digits" else "x" * size for kind, size in parts
    )
    expected = re.search(f"[0-9_]{{{source._LONG_RUN},}}", text) is not None
    assert source._may_hold_long_number(text) == expected
