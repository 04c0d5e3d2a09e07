"""Sections of the Markdown report added by later features, and the Markdown helpers they share.

The report (:mod:`exporters.markdown`) renders, after its phase section, the lines of every
section provider: a function ``(analysis, options) -> list[str]`` returning Markdown lines
(a ``##`` heading first, no trailing blank line needed). Providers are found two ways:

- :data:`SECTION_PROVIDERS`, a list any module may append to;
- :data:`KNOWN_PROVIDERS`, modules loaded lazily by name (budget, staffing and KPIs from
  ``exporters.md_budget``; risk from ``exporters.md_risk``), so their imports (numpy for the
  risk simulation) cost nothing until a report is built.

:func:`md_text` escapes text for inline Markdown and :func:`md_table` writes a GFM table whose
every row keeps the header's column count; section writers should use both.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exporters.base import ExportOptions
    from roadmap.analysis import Analysis

__all__ = [
    "KNOWN_PROVIDERS",
    "SECTION_PROVIDERS",
    "SectionProvider",
    "md_table",
    "md_text",
    "section_providers",
]

SectionProvider = Callable[["Analysis", "ExportOptions"], list[str]]

#: Providers registered at run time, rendered after the known ones, in registration order.
SECTION_PROVIDERS: list[SectionProvider] = []

#: (module, function) of the report sections of later features, in report order.
KNOWN_PROVIDERS: tuple[tuple[str, str], ...] = (
    ("exporters.md_budget", "budget_sections"),
    ("exporters.md_risk", "risk_section"),
)


def section_providers() -> list[SectionProvider]:
    """The providers to render: the known sections (imported only when a report is built),
    then :data:`SECTION_PROVIDERS`."""
    providers: list[SectionProvider] = []
    for module_name, function_name in KNOWN_PROVIDERS:
        provider: SectionProvider = getattr(importlib.import_module(module_name), function_name)
        providers.append(provider)
    providers.extend(SECTION_PROVIDERS)
    return providers


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
    stays one cell; a leading ``-``, ``+``, ``=``, ``>`` or ``1.`` cannot start a block.

    >>> md_text("a | b\\nc *d*")
    'a \\\\| b c \\\\*d\\\\*'
    >>> md_text("1. first")
    '1\\\\. first'
    """
    escaped = " ".join(str(value).split())
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


def md_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[str] | None = None,
) -> list[str]:
    """A GFM table from cells that are already inline Markdown (see :func:`md_text`).

    ``align`` holds ``"left"``, ``"center"`` or ``"right"`` per column. Every row must have as
    many cells as the header.
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
