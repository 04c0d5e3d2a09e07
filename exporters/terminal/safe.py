"""Plan text made safe to print on a terminal.

A plan is text anyone can write, and a terminal obeys control characters: ``ESC ] 0 ; … BEL``
retitles the window, ``ESC [ 2 K`` or a carriage return erases the line just printed (an error
line, say), a C1 character such as U+009B starts a control sequence on some terminals, and
bidirectional overrides reorder what is shown. Every command that prints plan text (titles,
ids, owners, notes, file names, messages that quote them) passes it through
:func:`terminal_safe`, which shows those characters escaped (``\\x1b``, ``\\u009b``) instead.

:func:`json_safe` does the same for a JSON document printed to a terminal without changing
its data: the characters JSON leaves raw become ``\\uXXXX`` escapes, which decode to the same
string.

Escaped are: C0 controls (U+0000–U+001F, newline and tab only with ``multiline=False``), DEL
(U+007F), C1 controls (U+0080–U+009F), the line and paragraph separators (U+2028, U+2029),
the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and lone
surrogates (a file name that is not valid UTF-8), which cannot be printed at all.
"""

from __future__ import annotations

import re

__all__ = ["json_safe", "terminal_safe"]

_RANGES = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
#: What never reaches a terminal raw; the one-line form also escapes newline and tab.
_UNSAFE_LINE = re.compile(f"[\x00-\x1f{_RANGES}]")
_UNSAFE_BLOCK = re.compile(f"[\x00-\x08\x0b-\x1f{_RANGES}]")
#: In JSON text (``ensure_ascii=False``) the C0 controls are already escaped.
_UNSAFE_JSON = re.compile(f"[{_RANGES}]")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def terminal_safe(value: object, *, multiline: bool = False) -> str:
    """``value`` as text a terminal shows as written: control characters escaped.

    Parameters
    ----------
    value : object
        Any value; it is converted with :class:`str`.
    multiline : bool
        Keep newlines and tabs (for a block of several lines we laid out ourselves). By
        default the result is one line: newline, carriage return and tab are escaped too.

    Returns
    -------
    str
        The text with every unsafe character replaced by its escape; text without one is
        returned unchanged (backslashes included, so a Windows path prints as it is).

    Examples
    --------
    >>> terminal_safe("\\x1b]0;pwned\\x07title")
    '\\\\x1b]0;pwned\\\\x07title'
    >>> terminal_safe("ok\\rERASED")
    'ok\\\\rERASED'
    >>> terminal_safe("C1 \\u009b31m")
    'C1 \\\\u009b31m'
    >>> terminal_safe("line 1\\nline 2", multiline=True)
    'line 1\\nline 2'
    >>> terminal_safe("取組 [/] C:\\\\plans")
    '取組 [/] C:\\\\plans'
    """
    text = str(value)
    pattern = _UNSAFE_BLOCK if multiline else _UNSAFE_LINE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def _escape_json(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(document: str) -> str:
    """JSON text with the characters a terminal would obey escaped as ``\\uXXXX``.

    The document decodes to exactly the same data: only characters inside strings are
    affected, and JSON reads ``\\u009b`` as U+009B.

    >>> json_safe('{"title": "a\\u009bb"}')
    '{"title": "a\\\\u009bb"}'
    """
    if _UNSAFE_JSON.search(document) is None:
        return document
    return _UNSAFE_JSON.sub(_escape_json, document)
