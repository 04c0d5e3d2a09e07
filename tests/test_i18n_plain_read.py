"""The catalogue's line reader gives what ``tomllib`` gives, or hands the file to ``tomllib``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.i18n import Label, _read, _read_plain

MESSAGES = sorted(
    (Path(__file__).parent.parent / "roadmap" / "core" / "i18n" / "messages").glob("*.toml")
)


def _by_tomllib(text: str) -> dict[str, Label]:
    return {key: Label(entry["ja"], entry["en"]) for key, entry in tomllib.loads(text).items()}


@pytest.mark.parametrize("path", MESSAGES, ids=lambda path: path.name)
def test_every_catalogue_file_is_read_plainly_and_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _read_plain(text) == _by_tomllib(text)
    assert _read(path) == _by_tomllib(text)


@pytest.mark.parametrize(
    "text",
    [
        '["a"]\nja = "x"\n',  # no English
        '["a"]\nja = "x"\nja = "y"\nen = "z"\n',  # ja twice
        '["a"]\nja = "x"\nen = "y"\n["a"]\nja = "x"\nen = "y"\n',  # the table twice
        'ja = "x"\n',  # before any table
        '["a"]\nja = "x"  # a comment\nen = "y"\n',  # not the plain layout
        '["a"]\nja = """x"""\nen = "y"\n',
        '["a"]\nja = "\\ud800"\nen = "y"\n',  # a surrogate
        '["a"]\nja = "\\U0001F600"\nen = "y"\n',
        '["a"]\r\nja = "x"\r\nen = "y"\r\n',
        '["a"]\nja = "x\x01"\nen = "y"\n',
        "\ufeff" + '["a"]\nja = "x"\nen = "y"\n',
        '["a"]\n  ja = "x"\nen = "y"\n',
        "[a]\nja = 'x'\nen = 'y'\n",
    ],
)
def test_anything_else_is_left_to_tomllib(text: str) -> None:
    assert _read_plain(text) is None


_strings = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


def _basic(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_strings, st.tuples(_strings, _strings), max_size=6))
def test_random_catalogues_read_as_tomllib_reads_them(entries: dict[str, tuple[str, str]]) -> None:
    text = "".join(
        f"[{_basic(key)}]\nja = {_basic(ja)}\nen = {_basic(en)}\n\n"
        for key, (ja, en) in entries.items()
    )
    try:
        expected: dict[str, Label] | None = _by_tomllib(text)
    except tomllib.TOMLDecodeError:
        expected = None
    plain = _read_plain(text)
    if plain is not None:
        assert plain == expected
