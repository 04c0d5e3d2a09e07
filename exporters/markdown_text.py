"""Plan text inside Markdown: escaped so it reads as text, never as markup.

The Markdown report (:mod:`exporters.markdown`) and the council section of ``roadmap diff
--format md`` (:mod:`roadmap.core.compare.diff`) put titles, ids, owners and revision names into Markdown.
Text a person wrote must not start a heading, break a table, open raw HTML or become a link:
:func:`md_text` escapes inline text, :func:`md_code` writes an id as a code span when that is
safe, and :func:`md_table` writes a GFM table whose every row keeps the header's column count.
Control characters are shown escaped (:func:`exporters.terminal.safe.terminal_safe`), since the
Markdown is often printed on a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from exporters.terminal.safe import terminal_safe

__all__ = ["md_code", "md_table", "md_text"]

#: ASCII punctuation that Markdown (CommonMark, GFM, GitHub's math) may read as markup.
_MARKUP = frozenset("\\`*_[]<>|~$#")
_MARKUP_FOUND = re.compile("[" + re.escape("".join(sorted(_MARKUP))) + "]")
_MARKUP_TABLE = str.maketrans({char: f"\\{char}" for char in _MARKUP})
#: ``&`` only starts markup as a character reference (``&amp;``, ``&#58;``).
_REFERENCE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: Characters that start a block (list, heading, quote, setext line) at the start of a line.
_BLOCK_START = frozenset("-+=>")


def md_text(value: object) -> str:
    """``value`` as inline Markdown text: one line, markup characters backslash-escaped.

    Newlines and other whitespace runs become one space; ``|`` becomes ``\\|`` so a table cell
    stays one cell; a leading ``-``, ``+``, ``=``, ``>`` or ``1.`` cannot start a block;
    control characters are shown escaped.

    >>> md_text("a | b\\nc *d*")
    'a \\\\| b c \\\\*d\\\\*'
    >>> md_text("1. first")
    '1\\\\. first'
    >>> md_text("<script>")
    '\\\\<script\\\\>'
    """
    escaped = terminal_safe(" ".join(str(value).split()))
    if _MARKUP_FOUND.search(escaped):
        escaped = escaped.translate(_MARKUP_TABLE)
    if "&" in escaped:
        escaped = _REFERENCE.sub(r"\\&", escaped)
    if escaped[:1] in _BLOCK_START:
        escaped = "\\" + escaped
    digits = len(escaped) - len(escaped.lstrip("0123456789"))
    if 0 < digits < 10 and escaped[digits : digits + 1] in (".", ")"):
        escaped = f"{escaped[:digits]}\\{escaped[digits:]}"
    return escaped


def md_code(value: object) -> str:
    """``value`` (an id) as a code span, or as escaped text when a code span could break.

    Inside a code span nothing is markup, but a backtick would end it and a ``|`` would still
    split a table cell; such values are written with :func:`md_text` instead.

    >>> md_code("chatbot")
    '`chatbot`'
    >>> md_code("a|b`c")
    'a\\\\|b\\\\`c'
    """
    plain = terminal_safe(" ".join(str(value).split()))
    if not plain or "`" in plain or "|" in plain:
        return md_text(value)
    return f"`{plain}`"


def md_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[str] | None = None,
) -> list[str]:
    """A GFM table from cells that are already inline Markdown (see :func:`md_text`).

    ``align`` holds ``"left"``, ``"center"`` or ``"right"`` per column. Every row must have as
    many cells as the header.

    >>> md_table(["a", "b"], [["1", "2"]], ["left", "right"])
    ['| a | b |', '| --- | --: |', '| 1 | 2 |']
    """
    marks = {"left": "---", "center": ":-:", "right": "--:"}
    delimiter = [marks[name] for name in (align or ["left"] * len(header))]
    lines = [_row(header), _row(delimiter)]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells, the header {len(header)}")
        lines.append(_row(row))
    return lines


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
