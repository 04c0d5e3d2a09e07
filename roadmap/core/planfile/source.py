"""Plan text: reading bytes as text, parsing TOML, and finding the line of any key.

The TOML parser gives values but no positions, so :class:`LineIndex` scans the
text once and remembers on which line each table header and key stands. Problems then point at
``file:line`` for any path such as ``("initiatives", "juki-fitgap", "depends_on", 1)``.

Every scan here is linear in the length of the text, in time and in memory: a 20 MB ``notes``
string or a line of 100,000 escapes costs a few passes over the text, never a backtracking
stack. Before ``tomllib`` sees a text, :func:`structure_problem` checks in one such pass that its
tables, arrays and dotted keys are at most :data:`MAX_NESTING` deep (``tomllib`` spends memory
quadratic in the parts of one dotted key, and recursion on nested values).

:func:`load_toml` reads with ``toml_rs`` (a compiled reader, about eight times as fast as
``tomllib`` on a large plan) told to read TOML 1.0, the version ``tomllib`` reads; whatever it
refuses is read again by ``tomllib``, so what a plan means and every syntax error (its wording,
line and column) are ``tomllib``'s. ``tests/test_toml_reader.py`` checks that the two agree.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from roadmap.core.model.problems import Problem

__all__ = [
    "MAX_ITEMS",
    "MAX_NESTING",
    "LineIndex",
    "ParsedText",
    "decode_plan_bytes",
    "load_toml",
    "open_brackets",
    "parse_toml",
    "read_key",
    "structure_problem",
    "too_deep_problem",
    "value_end",
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
    """Parse TOML text; a syntax error becomes a ``toml-syntax`` problem with line and column.

    Text nested deeper than :data:`MAX_NESTING` is a ``too-deep`` problem found before parsing.
    """
    too_deep = structure_problem(text, file)
    if too_deep is not None:
        return ParsedText(None, [too_deep])
    try:
        return ParsedText(load_toml(text), [])
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
        return ParsedText(None, [too_deep_problem(file)])
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        long_number = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        return ParsedText(
            None, [Problem("toml-syntax", file=file, line=line, args={"detail": str(error)})]
        )


def load_toml(text: str) -> dict[str, Any]:
    """The TOML 1.0 ``text`` as ``tomllib.loads`` gives it, read by a compiled reader when
    one is installed and the text is large; raises what ``tomllib.loads`` raises.

    ``toml_rs`` reads the text first (as TOML 1.0: it would accept TOML 1.1 otherwise, which
    ``tomllib`` refuses). Anything it refuses (a syntax error, or an integer beyond 64 bits,
    which ``tomllib`` accepts) goes to ``tomllib``, whose answer stands: the fast reader only
    ever answers for texts both accept, with the same values. It reads in pieces when it can
    (:func:`~roadmap.core.planfile.toml_pieces.read_in_pieces`), else the whole text.
    """
    fast = _fast_reader() if len(text) >= _FAST_READER_FROM else None
    # tomllib refuses a text that starts with a BOM (callers strip it) and a decimal integer
    # of more digits than Python converts (4300); toml_rs would read both
    if fast is not None and not text.startswith("\ufeff") and not _may_hold_long_number(text):
        from roadmap.core.planfile.toml_pieces import PIECE_SIZE, read_in_pieces

        def read(part: str) -> dict[str, Any]:
            found: dict[str, Any] = fast(part, toml_version="1.0.0")
            return found

        # in pieces first: toml_rs then never holds the whole text's document (at 100,000
        # initiatives that kept some 170 MB of native heap for the rest of the command)
        data = read_in_pieces(text, read, PIECE_SIZE)
        if data is not None:
            return data
        try:
            return read(text)
        except Exception:  # any refusal: tomllib decides, and words the error
            pass
    return tomllib.loads(text)


#: Texts shorter than this (in characters) are read by ``tomllib`` alone: importing
#: ``toml_rs`` takes 10-15 ms, as long as ``tomllib`` takes over 150 KB (the example plan,
#: 65 KB, takes it 7 ms), and ``check`` of a town's plan should stay under 0.2 s.
_FAST_READER_FROM = 200_000
#: Runs of digits this long or longer go to ``tomllib`` (Python converts at most 4300 digits).
_LONG_RUN = 4000
_DIGIT_CHARS = frozenset("0123456789_")
_DIGIT_RUN = re.compile(r"[0-9_]*")


def _may_hold_long_number(text: str) -> bool:
    """Whether ``text`` has a run of at least :data:`_LONG_RUN` digits (and underscores).

    Such a run covers one of the characters every ``_LONG_RUN // 2`` apart, so only those are
    looked at (searching the whole text took 0.2 s at 100,000 initiatives; this takes well
    under a millisecond): from each that is a digit, the run is measured both ways.
    """
    for index in range(0, len(text), _LONG_RUN // 2):
        if text[index] not in _DIGIT_CHARS:
            continue
        start = index
        while start > 0 and text[start - 1] in _DIGIT_CHARS:
            start -= 1
        end = _DIGIT_RUN.match(text, index)
        if end is not None and end.end() - start >= _LONG_RUN:
            return True
    return False


def _fast_reader() -> Callable[..., Any] | None:
    """``toml_rs.loads``, or None when it is not installed (then ``tomllib`` reads alone)."""
    try:
        from toml_rs import loads
    except ImportError:
        return None
    return loads


# -- structure limits -------------------------------------------------------------------------

#: How deep tables, arrays and inline tables may nest, and how many parts one dotted key (or
#: table header) may have. Real plans need about five.
MAX_NESTING = 32
#: How many keys, key parts, tables and arrays one file may have: each costs the parser a
#: container or an entry. Portfolios that roll up many towns reach tens of thousands of
#: initiatives: this allows some 100,000 described as tersely as ``benchmarks/synthetic.py``
#: does (about 10 items each), or some 17,000 described as fully as the example plan (about
#: 70), in one file; larger plans split with ``include``. Measured at 1,500,000 items, the
#: worst file shapes took 35-50 s and 1.5-1.8 GB to check (a table or a dotted key per line,
#: each also a problem); most shapes a few seconds and 50-700 MB.
MAX_ITEMS = 1_200_000

#: Characters that matter to the structure scan; everything else is skipped in C.
_STRUCTURE_TOKEN = re.compile(r"[\"'#\[\]{}.=,\n]")
#: The rest of a one-line basic string after its opening quote (possessive: no backtracking
#: stack, so a 20 MB string costs no more than its own length).
_BASIC_STRING_REST = re.compile(r'[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"?')
_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")


def too_deep_problem(file: str | None, line: int | None = None) -> Problem:
    """The ``too-deep`` problem, with the limit for its hint."""
    return Problem("too-deep", file=file, line=line, args={"limit": MAX_NESTING})


def _triple_end(text: str, position: int, quote: str) -> int:
    """The offset just after the ``quote`` (three double or single quotes) that closes a
    multi-line string whose content goes on at ``position``, with up to two more quotes of
    content; -1 when it does not close in ``text``."""
    while True:
        end = text.find(quote, position)
        if end < 0:
            return -1
        if quote[0] == '"':
            backslashes = end
            while backslashes > position and text[backslashes - 1] == "\\":
                backslashes -= 1
            if (end - backslashes) % 2:  # an escaped quote: keep looking
                position = end + 1
                continue
        end += 3
        extra = 0
        while extra < 2 and text.startswith(quote[0], end):  # up to two quotes of content
            end += 1
            extra += 1
        return end


def _string_end(text: str, start: int) -> int:
    """The offset just after the TOML string that opens at ``start`` (the text's end when it
    is not closed; a one-line string also stops at the end of its line)."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        end = _triple_end(text, start + 3, quote * 3)
        return len(text) if end < 0 else end
    if quote == '"':
        match = _BASIC_STRING_REST.match(text, start + 1)
        return match.end() if match else start + 1
    quote_end, line_end = text.find("'", start + 1), text.find("\n", start + 1)
    ends = [end for end in (quote_end + 1 if quote_end >= 0 else -1, line_end) if end >= 0]
    return min(ends) if ends else len(text)


def structure_problem(text: str, file: str | None = None) -> Problem | None:
    """A ``too-deep`` problem at the first place ``text`` nests deeper than :data:`MAX_NESTING`,
    or a ``too-many-keys`` problem where it has more than :data:`MAX_ITEMS` structural items.

    One linear pass that skips strings and comments: it counts open ``[`` and ``{``, the dots
    of each key and every ``=``, so it runs before the parser and keeps a hostile file from
    costing gigabytes (``a.a.a. ... = 1`` with 20,000 parts, 5,000 nested arrays, or 20 MB of
    short dotted keys).

    Examples
    --------
    >>> structure_problem('[plan]\\ntitle = "a.b.c [x"\\n') is None
    True
    >>> structure_problem("x = " + "[" * 40 + "]" * 40).line
    1
    >>> structure_problem("\\n" + ".".join(["a"] * 40) + " = 1").line
    2
    """
    if _within_limits(text):
        return None
    depth = 0
    dots = 0
    items = 0
    position = 0
    length = len(text)
    search = _STRUCTURE_TOKEN.search
    while position < length:
        match = search(text, position)
        if match is None:
            return None
        index = match.start()
        char = text[index]
        position = index + 1
        if char in "\"'":
            position = _string_end(text, index)
            continue
        if char == "#":
            newline = text.find("\n", index)
            position = length if newline < 0 else newline
            continue
        if char in ".=[{":
            items += 1
            if items > MAX_ITEMS:
                line = text.count("\n", 0, index) + 1
                return Problem("too-many-keys", file=file, line=line, args={"limit": MAX_ITEMS})
        if char == ".":
            dots += 1
            if dots < MAX_NESTING:
                continue
        elif char in "[{":
            depth += 1
            dots = 0
            if depth <= MAX_NESTING:
                continue
        else:
            if char in "]}":
                depth = max(depth - 1, 0)
            dots = 0
            continue
        return too_deep_problem(file, text.count("\n", 0, index) + 1)
    return None


#: A one-line string or a comment, as :func:`structure_problem` skips them (a string that is
#: not closed ends at its line's end).
_ONE_LINE_SKIP = re.compile(r"""\"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"?|'[^'\n]*+'?|\#[^\n]*+""")
#: :data:`MAX_NESTING` dots with nothing between them that ends a key.
_TOO_MANY_DOTS = re.compile(r"\.(?:[^\[\]{}=,\n.]*+\.){" + str(MAX_NESTING - 1) + "}")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _within_limits(text: str) -> bool:
    """Whether ``text`` certainly has no structure problem, found in a few passes in C: the
    strings and comments are cut out (all of a text without multi-line strings is one-line
    strings and comments, cut as the exact scan skips them), and what is left is counted.
    ``False`` means "scan it": the exact scan then finds the problem and its line, or none.
    At 100,000 initiatives the exact scan took 1.2 s; this takes 0.35 s.
    """
    if '"""' in text or "'''" in text:
        return False
    structure = _ONE_LINE_SKIP.sub("", text)
    items = sum(structure.count(char) for char in ".=[{")
    if items > MAX_ITEMS or _TOO_MANY_DOTS.search(structure):
        return False
    brackets = re.sub(r"[^\[\]{}]++", "", structure)
    if not brackets:
        return True
    depths = list(itertools.accumulate(map(_BRACKET_STEP.__getitem__, brackets)))
    # no closing bracket without an opening one (the scan would not count below zero)
    return min(depths) >= 0 and max(depths) <= MAX_NESTING


# -- line index -------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: A one-line basic string; possessive, so matching is linear in time and memory.
_BASIC_STRING = re.compile(r'"([^"\\\n]*+(?:\\.[^"\\\n]*+)*+)"')
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


#: Characters that matter to where a value ends.
_VALUE_TOKEN = re.compile(r"[\"'#\[\]{}]")
#: A one-line string value (possessive: linear on a line of any length).
_ONE_LINE_STRING = r""""[^"\\\r\n]*+(?:\\.[^"\\\r\n]*+)*+"(?!")|'[^'\r\n]*+'(?!')"""
#: Characters of an array or inline table other than strings, brackets and comments.
_PLAIN = r"""[^"'\[\]{}#\r\n]"""
#: An inline table on one line with no array or table inside.
_FLAT_INLINE_TABLE = rf"""\{{(?:{_PLAIN}++|{_ONE_LINE_STRING})*+\}}"""
#: A value that certainly ends on its own line: a scalar, a closed one-line string, or an
#: array of those and of flat inline tables closed on the line (``depends_on = ["a", { id =
#: "b", type = "SS" }]``, the commonest line of a plan after the scalars).
_ONE_LINE_VALUE_PATTERN = (
    rf"""[ \t]*+(?:{_ONE_LINE_STRING}|{_FLAT_INLINE_TABLE}"""
    rf"""|\[(?:{_PLAIN}++|{_ONE_LINE_STRING}|{_FLAT_INLINE_TABLE})*+\]"""
    r"""|[^"'\[\]{}#\s][^"'\[\]{}#\r\n]*+)[ \t]*+(?:#[^\r\n]*+)?"""
)
_ONE_LINE_VALUE = re.compile(_ONE_LINE_VALUE_PATTERN + r"\r?\n?$")
#: A line of the text that starts with a bare key and ``=`` and whose value
#: :data:`_ONE_LINE_VALUE` accepts, with its ``\n`` (matched in the text, it takes the same
#: lines as on their own: ``tests/test_line_index_fast.py`` checks it).
_ONE_LINE_KEY = re.compile(
    rf"""[ \t]*+([A-Za-z0-9_-]++)[ \t]*+={_ONE_LINE_VALUE_PATTERN}\r?(?:\n|\Z)"""
)

# What :meth:`LineIndex.lines_of` passes over in C outside the tables it wants. Every line the
# run of :data:`_PASS_OVER` goes wholly over is one that the scan, there, reads without effect:
# it is made of plain characters (none of ``[{"'#``), one-line strings that close and open no
# multi-line one, a comment to its end, inline tables and arrays of those strings and flat
# inline tables that close on the line with no comment inside, and a ``[`` only after something
# that is not blank (so the line is no header). Strings are read as :func:`read_key` reads the
# quoted parts of a key, so the ``=`` of a ``key = value`` falls outside them, where
# :func:`value_end` starts, and its walk ends on the same line (a stray ``]`` or ``}`` counts
# for nothing there). Plain characters run on over line ends, so a table of quiet lines is a
# handful of steps in C; the run stops anywhere else, and the scan reads that line itself.
_QUIET_BASIC = r'"(?!"")[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
_QUIET_LITERAL = r"'(?!'')[^'\n]*+'"
_QUIET_INNER = r"""[^\n"'\[\]{}#]*+"""
_QUIET_TABLE = rf"""\{{{_QUIET_INNER}(?:(?:{_QUIET_BASIC}|{_QUIET_LITERAL}){_QUIET_INNER})*+\}}"""
_QUIET_ARRAY = (
    rf"""\[{_QUIET_INNER}"""
    rf"""(?:(?:{_QUIET_BASIC}|{_QUIET_LITERAL}|{_QUIET_TABLE}){_QUIET_INNER})*+\]"""
)
_QUIET_PLAIN = r"""[^\[{"'#]*+"""
#: Quiet lines, then, if one comes next at the start of a line, a header ``[a.b]`` of bare keys
#: with the rest of its line: group 1 is its name, group 2 the name's parent with its dot
#: (``a.``, or empty).
_PASS_OVER = re.compile(
    rf"""{_QUIET_PLAIN}(?:(?:{_QUIET_BASIC}|(?:(?<=\S)|(?<=\S[ \t])){_QUIET_ARRAY}|\#[^\n]*+"""
    rf"""|{_QUIET_TABLE}|{_QUIET_LITERAL}){_QUIET_PLAIN})*+"""
    r"""(?:(?<![^\n])\[(((?:[A-Za-z0-9_-]++\.)*+)[A-Za-z0-9_-]++)\][^\n]*+\n?)?"""
)


def value_end(lines: Sequence[str], number: int, column: int) -> int:
    """The index of the line after the value that starts at ``lines[number][column:]``.

    A value may go on over several lines inside brackets, braces or a multi-line string;
    brackets inside strings and comments do not count. This is the one place that knows
    where a ``key = value`` statement ends: the line index, the editable document and the
    formatter all ask it.

    >>> value_end(['a = [1,', '  "]", # ]', ']', 'b = 2'], 0, 4)
    3
    >>> value_end(["a = " + '"' * 3 + "x", "[not.a.table]", '"' * 3], 0, 4)
    3
    """
    if _ONE_LINE_VALUE.match(lines[number], column):
        return number + 1
    depth = 0
    quote = ""  # the delimiter of an open multi-line string
    total = len(lines)
    while number < total:
        line = lines[number]
        length = len(line)
        while column < length:
            if quote:
                end = _triple_end(line, column, quote)
                if end < 0:
                    break
                column, quote = end, ""
                continue
            match = _VALUE_TOKEN.search(line, column)
            if match is None:
                break
            index = match.start()
            char = line[index]
            if char == "#":
                break
            if char in "\"'":
                if line.startswith(char * 3, index):
                    quote, column = char * 3, index + 3
                else:
                    column = _string_end(line, index)  # a broken one stops at the line's end
                continue
            depth = depth + 1 if char in "[{" else max(0, depth - 1)
            column = index + 1
        number += 1
        column = 0
        if not quote and depth == 0:
            return number
    return total


def _value_end_offset(text: str, start: int, column: int) -> int:
    """Where the line after the value that starts at ``text[start + column:]`` starts (as
    :func:`value_end` says, given the line at ``start`` and the lines after it; past the end
    of ``text`` when the value goes on to it).

    Only a few lines are split: a piece of the text cut after a whole line, larger each time
    the value goes on past it.

    >>> text = 'a = [1,\\n  "]", # ]\\n]\\nb = 2'
    >>> text[_value_end_offset(text, 0, 4):]
    'b = 2'
    """
    size = 512
    while True:
        cut = text.find("\n", start + size)
        lines = text[start : len(text) if cut < 0 else cut].split("\n")
        after = value_end(lines, 0, column)
        if after < len(lines) or cut < 0:
            return start + sum(map(len, lines[:after])) + after
        size *= 4


class LineIndex:
    """Where each table and key of a TOML text stands (1-based lines).

    The text is read by offsets, never split into lines. :meth:`line_of` indexes every path on
    first use (at 100,000 initiatives, 1.2 s and some 120 MB at the peak); :meth:`lines_of`
    answers a list of paths from a scan that keeps only them, in a fraction of that.

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
        #: The text until the first :meth:`line_of` scans it: most loads have no problem that
        #: needs a line, so the scan is lazy.
        self._text: str | None = text

    def _ensure_scanned(self) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            self._scan(text, self._lines, self._array_counts, None)

    @staticmethod
    def _record(lines: dict[Path, int], path: Path, line: int, wanted: set[Path] | None) -> None:
        """Remember ``path`` at ``line``, and its first few parents where they were implicit
        (``[initiatives.a.cost]`` or ``a.title = ...`` also stand for the initiative ``a``);
        with ``wanted``, only the paths in it."""
        if wanted is None:
            for cut in range(1, min(len(path), _IMPLICIT_PARENTS)):
                lines.setdefault(path[:cut], line)
            lines.setdefault(path, line)
            return
        for cut in range(1, min(len(path), _IMPLICIT_PARENTS)):
            if path[:cut] in wanted:
                lines.setdefault(path[:cut], line)
        if path in wanted:
            lines.setdefault(path, line)

    def _scan(
        self,
        text: str,
        found: dict[Path, int],
        array_counts: dict[Path, int],
        wanted: set[Path] | None,
    ) -> None:
        """Record the line of every table and key of ``text`` in ``found`` (only those in
        ``wanted``, when given: the same lines, for a fraction of the time and memory).

        The text is read by offsets, never split whole. Lines are read one by one where they
        may record something; elsewhere (with ``wanted``: outside the tables with a wanted key
        not found yet) one match of :data:`_PASS_OVER` goes over the quiet lines from header
        to header, and only the lines it stops at are read here.
        """
        record = self._record
        table: Path = ()
        # whether the lines of ``table`` may record something; without it they would record
        # nothing new (``wanted`` holds every prefix of a wanted path, and the parents a key
        # line would record were recorded by its table's header)
        keep = True
        # the wanted paths by parent; the name of each wanted table made of keys (a header that
        # is not there is not wanted); the parents (``a.`` of ``[a.b]``) of the plain headers
        # recorded: another header not wanted with such a parent records nothing new (while
        # there is no array of tables, which would make a name stand for another path)
        below: dict[Path, list[Path]] = {}
        wanted_names: set[str] = set()
        if wanted is not None:
            for path in wanted:
                below.setdefault(path[:-1], []).append(path)
            wanted_names = {
                ".".join(cast("tuple[str, ...]", path))
                for path in wanted
                if all(type(part) is str for part in path)
            }
        parents_done: set[str] = set()

        def keeps(table: Path) -> bool:
            """Whether a wanted path of keys under ``table`` is still to be found (paths with an
            index only come from headers, which are always read)."""
            if wanted is None:
                return True
            stack = [table]
            while stack:
                for path in below.get(stack.pop(), ()):
                    if type(path[-1]) is str:
                        if path not in found:
                            return True
                        stack.append(path)
            return False

        one_line_key = _ONE_LINE_KEY.match
        pass_over = cast("Callable[[str, int], re.Match[str]]", _PASS_OVER.match)  # always matches
        count, find = text.count, text.find
        length = len(text)
        start = 0  # where the line to read starts
        # ``number`` is the (1-based) line that starts at ``counted``: newlines are counted only
        # up to a line that records something
        number, counted = 1, 0
        passed = ""  # the name of the last header passed over, when ``table`` is not yet its
        while start < length:
            if not keep:
                run = pass_over(text, start)
                name, parent = run.group(1, 2)
                if name is None:
                    # no quiet line and no plain header: read the line the run stops in here
                    if run.end() >= length:
                        break
                    start = text.rfind("\n", start, run.end()) + 1 or start
                    if passed:
                        table, passed = tuple(passed.split(".")), ""
                else:
                    start = run.end()
                    if not array_counts and parent in parents_done and name not in wanted_names:
                        passed = name
                        continue
                    line_start = run.start(1) - 1
                    number += count("\n", counted, line_start)
                    counted = line_start
                    table, passed = tuple(name.split(".")), ""
                    if array_counts:
                        table = self._resolve(table, array_counts)
                    else:
                        parents_done.add(parent)
                    record(found, table, number, wanted)
                    keep = keeps(table)
                    continue
            match = one_line_key(text, start)
            if match is not None:
                # ``key = value`` on one line (most lines): the key, and on to the next line
                # (its parents, the table's, were recorded with the table's header)
                path = (*table, match[1])
                if keep and (wanted is None or path in wanted):
                    if counted != start:
                        number += count("\n", counted, start)
                    record(found, path, number, wanted)
                    if wanted is not None:
                        keep = keeps(table)
                    counted, number = match.end(), number + 1
                start = match.end()
                continue
            line_start = start
            if counted != line_start:  # lines were passed over since the last one read
                number += count("\n", counted, line_start)
            line = number
            end = find("\n", start)
            if end < 0:
                end = length
            raw = text[start:end]
            start = end + 1
            counted, number = start, line + 1
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
                record(found, base, line, wanted)
                record(found, table, line, wanted)
                keep = keeps(table)
                continue
            if stripped.startswith("["):
                key = read_key(stripped, 1)
                if key is None:
                    continue
                table = self._resolve(tuple(key[0]), array_counts)
                record(found, table, line, wanted)
                keep = keeps(table)
                continue
            key = read_key(stripped, 0)
            if key is None:
                continue
            parts, position = key
            if position >= len(stripped) or stripped[position] != "=":
                continue
            record(found, (*table, *parts), line, wanted)
            # skip the continuation lines of multi-line strings and arrays
            column = len(raw) - len(raw.lstrip()) + position + 1
            start = _value_end_offset(text, line_start, column)

    @staticmethod
    def _resolve(path: Path, array_counts: dict[Path, int]) -> Path:
        """A ``[a.b]`` header inside an array of tables ``[[a]]`` refers to its last element."""
        for cut in range(len(path), 0, -1):
            prefix = path[:cut]
            count = array_counts.get(prefix)
            if count:
                return (*prefix, count - 1, *path[cut:])
        return path

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest recorded parent."""
        self._ensure_scanned()
        return self._nearest(self._lines, tuple(path))

    @staticmethod
    def _nearest(found: dict[Path, int], key: Path) -> int | None:
        while key:
            line = found.get(key)
            if line is not None:
                return line
            key = key[:-1]
        return None

    def lines_of(self, paths: Sequence[Sequence[str | int]]) -> list[int | None]:
        """:meth:`line_of` of each of ``paths``, from one scan that remembers only these paths
        and their parents (the whole index of a 100,000-initiative plan is some 600,000 paths
        and 120 MB; problems name a few of them). The tables it does not need it passes over
        in C: the 13,000 paths of ``schedule``'s warnings at 100,000 initiatives (17 MB of
        TOML) take 0.24 s and 8 MB at the peak (splitting the text and reading every line in
        Python took 0.69 s and 66 MB). A later :meth:`line_of` still scans all."""
        keys = [tuple(path) for path in paths]
        if self._text is None or type(self).line_of is not LineIndex.line_of:
            return [self.line_of(key) for key in keys]
        wanted = {key[:cut] for key in keys for cut in range(1, len(key) + 1)}
        found: dict[Path, int] = {}
        self._scan(self._text, found, {}, wanted)
        return [self._nearest(found, key) for key in keys]
