"""Reading a huge plan's TOML in pieces, so that a compiled reader never holds the whole text.

``toml_rs`` builds its own document of the whole text beside the Python result, and that
native heap stays fragmented for the rest of the command: ``roadmap check`` of a plan of
100,000 initiatives (17 MB) peaks at 724 MB reading it with ``toml_rs``, 552 MB with
``tomllib``. :func:`read_in_pieces` cuts the text before
lines that start (in column 0) with ``[initiatives.`` or ``[[initiatives.``, about
:data:`PIECE_SIZE` characters apart and never between two header lines of the same initiative
(``[initiatives.a]`` and its ``[[initiatives.a.costs]]``), reads each piece alone and joins the
results: the native reader then only ever holds one piece.

Why a joined result is the whole text's result
----------------------------------------------

A TOML document is ``expression *( newline expression )``, where an expression is a key/value
pair, a table header or nothing, with optional spaces and a comment; a newline is LF or CRLF
(the TOML 1.0 ABNF, https://raw.githubusercontent.com/toml-lang/toml/1.0.0/toml.abnf).
Reading is prefix-deterministic: a reader takes the text from left to right, so up to a split
point it is in the same state whether the rest of the text follows or not. If the piece before
a split point reads without error, its end (a newline) is therefore a boundary between
expressions of the whole text too: a split inside a multi-line string, a multi-line array or
anything else that spans lines leaves that piece unterminated, and it fails. So every piece
after the first starts with a table header of the whole text, and the whole text is the pieces'
expressions one after another: syntactically, it reads exactly when every piece reads.

What a piece cannot see is what the other pieces define: TOML forbids defining a table or key
twice, and a table header or dotted key defines the tables it names (a TOML maintainer's
answer on which tables a document defines: https://github.com/toml-lang/toml/issues/771).
A header names a path from the root, and a key of a piece after the first always stands under
a header of that piece; so two pieces can only touch the same table through the root, the
``initiatives`` table, or one initiative. The join is therefore refused (``None``: the caller
reads the whole text, which also words any error) unless

* the first piece (the text before the first split point) has no ``initiatives`` key at all
  (it could have made ``initiatives`` an inline table, a value or an explicitly defined table);
* every other top-level key (``[plan]``, ``[budget]``...) comes from one piece only;
* every initiative id comes from one piece only (``[initiatives.a]`` in one piece and
  ``[initiatives.a.cost]`` in another is legal TOML, but the whole reading decides it);
* no line of the text looks like a header whose path is exactly ``initiatives``
  (``[initiatives]``, ``[[initiatives]]``, quoted or spaced variants, or any header whose first
  key is a basic string with an escape, which could spell ``initiatives``): two pieces could
  each define the ``initiatives`` table, which the whole text may not. A header can be
  indented (TOML 1.0 ignores indentation before headers), so these lines are looked for
  whether indented or not; a match inside a multi-line string only costs the fast path.

Under these conditions each initiative, and each top-level table, is read from one piece with
exactly the definitions the whole text has for it, so it has the same value, keys in the same
order. Keys are in the order they first appear in the text: the first piece's top-level keys,
then ``initiatives`` (created by the header that starts the second piece), then each later
piece's keys in that piece's order; initiative ids likewise, piece after piece. As a check on
the reader keeping that order, every piece after the first must give ``initiatives`` first.

Headers written ``["initiatives".a]`` or ``[ initiatives . a ]`` are not split at (they stay
inside a piece), but their initiatives still count for the checks above. A text starting with
a byte order mark is not read here at all (``tomllib`` refuses it, the caller strips it). CRLF
needs nothing special: a CRLF line still ends in LF, and a lone CR is no newline in TOML, so no
split is made after one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["PIECE_SIZE", "read_in_pieces"]

#: Characters per piece (split points are the first ``[initiatives.`` lines at least this far
#: apart). On the 100,000-initiative synthetic plan (17 MB, ``benchmarks/synthetic.py
#: 100000``), a fresh process (63 MB with the text read) peaks at, and reads in:
#:
#: ==========================  ===========  ======
#: reading                     peak RSS     time
#: ==========================  ===========  ======
#: ``tomllib.loads`` whole     348 MB       4.5 s
#: ``toml_rs.loads`` whole     368 MB       0.95 s
#: pieces of 4 MB (toml_rs)    266 MB       0.70 s
#: pieces of 1 MB              221 MB       0.65 s
#: pieces of 256 KB            204 MB       0.59 s
#: pieces of 64 KB             200 MB       0.58 s
#: pieces of 16 KB             200 MB       0.60 s
#: ==========================  ===========  ======
#:
#: ``roadmap check`` of that plan peaks at 724 MB reading it whole with ``toml_rs``, 552 MB
#: with ``tomllib``, 556 MB in pieces of 64 KB (560 at 256 KB, 574 at 1 MB, 600 at 4 MB).
#: Below 64 KB nothing is saved; about 260 pieces cost no measurable time.
PIECE_SIZE = 65_536

#: Where a piece may start: a table or array-of-tables header in column 0 under
#: ``initiatives``, whose initiative id (group 1, as spelled) is a bare or simple quoted key.
_SPLIT = re.compile(r"""^\[\[?initiatives\.([A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')""", re.MULTILINE)

#: A line that may be a header whose whole path is ``initiatives`` (bare, quoted, with spaces),
#: or whose first key is a basic string with an escape (which could spell ``initiatives``).
_WHOLE_INITIATIVES_HEADER = re.compile(
    r"""^[ \t]*\[\[?[ \t]*(?:(?:initiatives|"initiatives"|'initiatives')[ \t]*\]|"[^"\n]*\\)""",
    re.MULTILINE,
)

_INITIATIVES = "initiatives"


def read_in_pieces(
    text: str, parse: Callable[[str], dict[str, Any]], piece_size: int
) -> dict[str, Any] | None:
    """``parse(text)``, read as pieces of about ``piece_size`` characters; ``None`` when the
    pieces cannot be joined with certainty (see the module's description).

    Parameters
    ----------
    text : str
        The TOML text.
    parse : Callable[[str], dict[str, Any]]
        A TOML reader (``tomllib.loads``, or ``toml_rs.loads`` told to read TOML 1.0); any
        exception it raises on a piece makes the answer ``None``.
    piece_size : int
        About how many characters each piece has (at least one ``[initiatives.`` table each).

    Returns
    -------
    dict[str, Any] | None
        Exactly what ``parse(text)`` returns (same values, same key order at every level), or
        ``None``: then the caller reads the whole text.

    Examples
    --------
    >>> import tomllib
    >>> text = "[plan]\\ntitle = 'x'\\n[initiatives.a]\\nn = 1\\n[initiatives.b]\\nn = 2\\n"
    >>> read_in_pieces(text, tomllib.loads, 1) == tomllib.loads(text)
    True
    >>> read_in_pieces("[initiatives]\\n[initiatives.a]\\n", tomllib.loads, 1) is None
    True
    """
    if text.startswith("\ufeff") or _WHOLE_INITIATIVES_HEADER.search(text) is not None:
        return None
    starts = _split_points(text, max(piece_size, 1))
    if not starts:
        return None
    try:
        result = parse(text[: starts[0]])
    except Exception:  # any refusal: the whole reading decides, and words the error
        return None
    if _INITIATIVES in result:
        return None
    initiatives: dict[str, Any] = {}
    result[_INITIATIVES] = initiatives
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        try:
            piece = parse(text[start:end])
        except Exception:
            return None
        found = piece.get(_INITIATIVES)
        if not isinstance(found, dict) or next(iter(piece)) != _INITIATIVES:
            return None
        known = len(initiatives)
        initiatives.update(found)
        if len(initiatives) != known + len(found):  # an id in two pieces
            return None
        for key, value in piece.items():
            if key == _INITIATIVES:
                continue
            if key in result:  # a top-level table in two pieces
                return None
            result[key] = value
    return result


def _split_points(text: str, piece_size: int) -> list[int]:
    """Where pieces after the first start: the first ``[initiatives.`` header line, then the
    first one at least ``piece_size`` characters after the previous split point that starts
    another initiative than the header line before it (so ``[initiatives.a.costs]`` right after
    ``[initiatives.a]`` stays in the piece of ``a``). Only a choice of split points: whatever it
    chooses, :func:`read_in_pieces` checks the pieces the same way."""
    starts: list[int] = []
    previous: str | None = None  # the id of the header line before ``found``, when known
    found = _SPLIT.search(text)
    while found is not None:
        start = found.start()
        if starts:
            if previous is None:
                previous = _id_of_header_before(text, start, starts[-1])
            if previous == found[1]:  # the same initiative goes on
                found = _SPLIT.search(text, found.end())
                continue
        starts.append(start)
        previous = None
        # with MULTILINE, ``^`` matches only after a newline even when the search starts
        # mid-line, so this finds the next header line, never a mid-line "[initiatives."
        found = _SPLIT.search(text, start + piece_size)
    return starts


def _id_of_header_before(text: str, start: int, floor: int) -> str | None:
    """The initiative id (as spelled) of the last ``[initiatives.`` header line before
    ``start``; ``floor`` (before ``start``) is the start of such a line, so the search back
    goes no further (searching back to the start of the text each time was quadratic)."""
    low = max(floor - 1, 0)
    before = max(
        text.rfind("\n[initiatives.", low, start), text.rfind("\n[[initiatives.", low, start)
    )
    header = _SPLIT.match(text, before + 1 if before >= 0 else floor)
    return header[1] if header is not None else None
