"""Indented JSON text, the same characters as ``json.dumps(value, ensure_ascii=False, indent=2,
allow_nan=False)``, written in pieces and faster.

With ``indent`` the standard library encodes in pure Python, one generator step per value and
one list of every piece before they are joined: at 100,000 initiatives ``schedule --json``
spent two seconds there and held some 400 MB of small strings at once. :func:`write_json`
writes the same text with one function call per container and one string per member (1.6 times
as fast), and hands it over in batches, so a large document is written as it is made.

Same text means the standard library's rules: a ``str`` subclass (a ``StrEnum``) is its string,
an ``int`` subclass its number, a tuple an array; keys may be ``str``, ``int``, ``float``,
``bool`` or ``None``; ``nan`` and the infinities raise :class:`ValueError` and anything else
:class:`TypeError`. ``tests/test_json_text.py`` compares the two on random documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby, islice
from typing import Any

__all__ = ["Streamed", "dumps", "write_json"]

#: Pieces gathered before a batch is written (a batch is some 100-200 KB of text).
_BATCH = 8192
_INFINITY = float("inf")
#: The exact types of an object of scalars, whose members are written all at once.
_FLAT = frozenset({str, int, float, bool, type(None)})
#: Objects of scalars written with one call of the standard library's encoder.
_RUN = 256
_escape: Callable[[str], str] = json.encoder.encode_basestring


class Streamed:
    """An array whose members are made while :func:`write_json` writes it, so that a long list
    of rows never exists all at once; ``make`` is called each time it is iterated."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Iterable[Any]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Any]:
        return iter(self._make())


def _is_flat(value: Any) -> bool:
    """Whether ``value`` is a non-empty ``dict`` of the exact scalar types."""
    return type(value) is dict and bool(value) and _FLAT.issuperset(map(type, value.values()))


def _float_text(value: float) -> str:
    if value != value or value in (_INFINITY, -_INFINITY):
        raise ValueError("Out of range float values are not JSON compliant: " + repr(value))
    return float.__repr__(value)


def _scalar(value: Any) -> str | None:
    """The JSON text of a scalar, in the standard library's order of checks; ``None`` for a
    container (and for anything else, which the caller refuses)."""
    if isinstance(value, str):
        return _escape(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float_text(value)
    return None


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _escape(key)
    if isinstance(key, float):
        return _escape(_float_text(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return '"' + int.__repr__(key) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def write_json(value: Any, write: Callable[[str], object], indent: int = 2) -> None:
    """Write the text of ``json.dumps(value, ensure_ascii=False, indent=indent,
    allow_nan=False)`` with ``write``, in batches of a few thousand pieces (their concatenation
    is that text)."""
    pieces: list[str] = []
    append = pieces.append
    newlines = ["\n"]
    keys: dict[str, str] = {}
    step = " " * indent

    def newline(level: int) -> str:
        while len(newlines) <= level:
            newlines.append(newlines[-1] + step)
        return newlines[level]

    escape, int_text = _escape, int.__repr__
    encoders: dict[int, json.JSONEncoder] = {}

    def flat_objects(run: list[dict[Any, Any]], level: int) -> str:
        # ``run`` as the members of an array at ``level``, from the first object's "{" to the
        # last one's "}": the standard library's compact encoder (in C) with the separators
        # of the members' own lines, then the lines between the objects put right. A raw line
        # break stands only in separators (strings escape theirs) and an object of scalars
        # holds no "}", so "}," followed by a separator is always the end of an object.
        member_line = newline(level + 1)
        encoder = encoders.get(level)
        if encoder is None:
            encoder = encoders[level] = json.JSONEncoder(
                ensure_ascii=False,
                check_circular=False,
                allow_nan=False,
                separators=("," + member_line, ": "),
            )
        own_line = newline(level)
        body = encoder.encode(run)[2:-2]
        body = body.replace(
            "}," + member_line + "{", own_line + "}," + own_line + "{" + member_line
        )
        return "{" + member_line + body + own_line + "}"

    def text_of(member: Any) -> str | None:
        # the common exact types first; then the standard library's order (subclasses)
        kind = type(member)
        if kind is str:
            return escape(member)
        if kind is int:
            return int_text(member)
        if member is None:
            return "null"
        if kind is bool:
            return "true" if member else "false"
        if kind is dict or kind is list:
            return None
        return _scalar(member)

    def encode(item: Any, level: int) -> None:
        # the caller has appended whatever stands before ``item`` on its line
        if isinstance(item, dict):
            if not item:
                append("{}")
                return
            inner = newline(level + 1)
            separator = "{" + inner
            for key, member in item.items():
                if type(key) is str:
                    key_text = keys.get(key)
                    if key_text is None:
                        key_text = keys[key] = escape(key)
                else:
                    key_text = _key(key)
                text = text_of(member)
                if text is not None:
                    append(separator + key_text + ": " + text)
                else:
                    append(separator + key_text + ": ")
                    encode(member, level + 1)
                separator = "," + inner
            append(newline(level) + "}")
        elif isinstance(item, list | tuple | Streamed):
            inner = newline(level + 1)
            separator = "[" + inner
            for flat, members in groupby(item, _is_flat):
                if flat:  # objects of scalars, written a run at a time
                    while run := list(islice(members, _RUN)):
                        append(separator + flat_objects(run, level + 1))
                        separator = "," + inner
                        write("".join(pieces))
                        pieces.clear()
                    continue
                for member in members:
                    text = text_of(member)
                    if text is not None:
                        append(separator + text)
                    else:
                        append(separator)
                        encode(member, level + 1)
                    separator = "," + inner
            if separator[0] == "[":
                append("[]")
                return
            append(newline(level) + "]")
        else:
            text = _scalar(item)
            if text is None:
                raise TypeError(
                    f"Object of type {item.__class__.__name__} is not JSON serializable"
                )
            append(text)
        if len(pieces) >= _BATCH:
            write("".join(pieces))
            pieces.clear()

    encode(value, 0)
    if pieces:
        write("".join(pieces))


def dumps(value: Any, indent: int = 2) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)``."""
    batches: list[str] = []
    write_json(value, batches.append, indent)
    return "".join(batches)
