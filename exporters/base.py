"""What every exporter shares: its options and the registry of formats.

An exporter is a function ``(analysis, options) -> bytes``; :data:`FORMATS` maps a format name
to the module that provides it and the file extensions that select it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from roadmap.core.i18n import Lang

if TYPE_CHECKING:
    from roadmap.core.analysis.pipeline import Analysis

__all__ = ["FORMATS", "ExportOptions", "Granularity", "format_for_path"]

Granularity = Literal["quarter", "month", "fiscal-year"]


@dataclass(frozen=True)
class ExportOptions:
    """Options of ``roadmap export``; the same plan and options give byte-identical output."""

    lang: Lang = "ja"
    as_of: dt.date | None = None
    by: Granularity = "quarter"
    excel: bool = False  # CSV: UTF-8 with BOM for Japanese Excel
    #: The plan at a baseline revision (``--baseline REV``) and that revision's name.
    baseline: Analysis | None = None
    baseline_label: str | None = None


#: format -> (module under ``exporters``, file extensions)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "md": ("exporters.markdown", (".md", ".markdown")),
    "mermaid": ("exporters.mermaid", (".mmd", ".mermaid")),
    "csv": ("exporters.csv_export", (".csv",)),
    "json": ("exporters.json_export", (".json",)),
    "xlsx": ("exporters.xlsx", (".xlsx",)),
    "svg": ("exporters.svg", (".svg",)),
}

#: Formats written as text (to stdout when no ``-o`` is given).
TEXT_FORMATS = frozenset({"md", "mermaid", "csv", "json", "svg"})


def format_for_path(path: str) -> str | None:
    """The format selected by a file's extension, if any."""
    lower = path.lower()
    for name, (_module, extensions) in FORMATS.items():
        if lower.endswith(extensions):
            return name
    return None
