"""Plan text: reading bytes as text, parsing TOML, and finding the line of any key.

The TOML parser (``tomllib``) gives values but no positions, so :class:`LineIndex` scans the
text once and remembers on which line each table header and key stands. Problems then point at
``file:line`` for any path such as ``("initiatives", "juki-fitgap", "depends_on", 1)``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from roadmap.problems import Problem

__all__ = [
    "LineIndex",
    "ParsedText",
    "decode_plan_bytes",
    "open_brackets",
    "parse_toml",
    "read_key",
]

Path = tuple[str | int, ...]

_TOMLLIB_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOMLLIB_END = re.compile(r"\s*\(at end of document\)\s*$")


def decode_plan_bytes(data: bytes, file: str | None = None) -> tuple[str | None, list[Problem]]:
    """Plan bytes as text: UTF-8, with or without a BOM; CRLF and CR become LF.

    A file in another encoding (Shift_JIS / CP932, EUC-JP, UTF-16) is not guessed at: the
    problem names the likely encoding and how to convert it.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem("encoding", file=file, args={"encoding": "UTF-16"})]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        encoding = "?"
        for candidate, label in (("cp932", "Shift_JIS (CP932)"), ("euc_jp", "EUC-JP")):
            try:
                data.decode(candidate)
            except UnicodeDecodeError:
                continue
            encoding = label
            break
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem("encoding", file=file, line=line, args={"encoding": encoding})]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


@dataclass(frozen=True)
class ParsedText:
    data: dict[str, Any] | None
    problems: list[Problem]


def parse_toml(text: str, file: str | None = None) -> ParsedText:
    """Parse TOML text; a syntax error becomes a ``toml-syntax`` problem with line and column."""
    try:
        return ParsedText(tomllib.loads(text), [])
    except tomllib.TOMLDecodeError as error:
        detail = str(error)
        line = column = None
        match = _TOMLLIB_POSITION.search(detail)
        if match:
            line, column = int(match[1]), int(match[2])
            detail = detail[: match.start()]
        elif _TOMLLIB_END.search(detail):
            line = text.count("\n") + 1
            detail = _TOMLLIB_END.sub("", detail)
        return ParsedText(
            None,
            [Problem("toml-syntax", file=file, line=line, column=column, args={"detail": detail})],
        )
    except RecursionError:
        return ParsedText(None, [Problem("too-deep", file=file)])


# -- line index -------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_LITERAL_STRING = re.compile(r"'([^'\n]*)'")
#: How many leading parts of a long key path are remembered as tables of their own.
_IMPLICIT_PARENTS = 4
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(body: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match[1]
        if code[0] in "uU":
            try:
                return chr(int(code[1:], 16))
            except ValueError:
                return match[0]
        return _ESCAPES.get(code, match[0])

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", replace, body)


def read_key(text: str, position: int) -> tuple[list[str], int] | None:
    """Read a dotted key at ``position``; return its parts and the position after it."""
    parts: list[str] = []
    length = len(text)
    while True:
        while position < length and text[position] in " \t":
            position += 1
        if position >= length:
            return None
        char = text[position]
        if char == '"':
            match = _BASIC_STRING.match(text, position)
            if not match:
                return None
            parts.append(_unescape(match[1]))
        elif char == "'":
            match = _LITERAL_STRING.match(text, position)
            if not match:
                return None
            parts.append(match[1])
        else:
            match = _BARE_KEY.match(text, position)
            if not match:
                return None
            parts.append(match[0])
        position = match.end()
        while position < length and text[position] in " \t":
            position += 1
        if position < length and text[position] == ".":
            position += 1
            continue
        return parts, position


def open_brackets(value: str) -> int:
    """Net ``[``/``{`` minus ``]``/``}`` outside strings and comments in one line of a value."""
    depth = 0
    index = 0
    length = len(value)
    while index < length:
        char = value[index]
        if char == "#":
            break
        if char in "\"'":
            triple = value[index : index + 3]
            if triple in ('"""', "'''"):
                end = value.find(triple, index + 3)
                if end < 0:
                    return depth  # a multi-line string opens here; handled by the caller
                index = end + 3
                continue
            pattern = _BASIC_STRING if char == '"' else _LITERAL_STRING
            match = pattern.match(value, index)
            index = match.end() if match else length
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        index += 1
    return depth


class LineIndex:
    """Where each table and key of a TOML text stands (1-based lines).

    Examples
    --------
    >>> index = LineIndex('[plan]\\ntitle = "x"\\n\\n[initiatives.a]\\nduration = "1d"\\n')
    >>> index.line_of(("initiatives", "a", "duration"))
    5
    >>> index.line_of(("initiatives", "a", "depends_on", 2))
    4
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        self._array_counts: dict[Path, int] = {}
        self._scan(text)

    def _record(self, path: Path, line: int) -> None:
        """Remember ``path`` at ``line``, and its first few parents where they were implicit
        (``[initiatives.a.cost]`` or ``a.title = ...`` also stand for the initiative ``a``)."""
        for cut in range(1, min(len(path), _IMPLICIT_PARENTS)):
            self._lines.setdefault(path[:cut], line)
        self._lines.setdefault(path, line)

    def _scan(self, text: str) -> None:
        table: Path = ()
        lines = text.split("\n")
        number = 0
        total = len(lines)
        while number < total:
            raw = lines[number]
            number += 1
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("[["):
                key = read_key(stripped, 2)
                if key is None:
                    continue
                base = tuple(key[0])
                position = self._array_counts.get(base, 0)
                self._array_counts[base] = position + 1
                table = (*base, position)
                self._record(base, number)
                self._record(table, number)
                continue
            if stripped.startswith("["):
                key = read_key(stripped, 1)
                if key is None:
                    continue
                table = self._resolve(tuple(key[0]))
                self._record(table, number)
                continue
            key = read_key(stripped, 0)
            if key is None:
                continue
            parts, position = key
            if position >= len(stripped) or stripped[position] != "=":
                continue
            path = (*table, *parts)
            self._record(path, number)
            value = stripped[position + 1 :]
            # skip the continuation lines of multi-line strings and arrays
            for quote in ('"""', "'''"):
                start = value.find(quote)
                if start >= 0 and value.find(quote, start + 3) < 0:
                    while number < total and quote not in lines[number]:
                        number += 1
                    number += 1
                    break
            else:
                depth = open_brackets(value)
                while depth > 0 and number < total:
                    depth += open_brackets(lines[number])
                    number += 1

    def _resolve(self, path: Path) -> Path:
        """A ``[a.b]`` header inside an array of tables ``[[a]]`` refers to its last element."""
        for cut in range(len(path), 0, -1):
            prefix = path[:cut]
            count = self._array_counts.get(prefix)
            if count:
                return (*prefix, count - 1, *path[cut:])
        return path

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest recorded parent."""
        key = tuple(path)
        while key:
            line = self._lines.get(key)
            if line is not None:
                return line
            key = key[:-1]
        return None
