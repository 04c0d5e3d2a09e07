"""What every exporter shares: its options, the registry of formats, and :func:`export`.

An exporter is a function ``(analysis, options) -> bytes``; :data:`FORMATS` maps a format name
to the module that provides it and the file extensions that select it. :func:`export` is the one
way in, used by ``roadmap export`` and by the editor (which runs it in a worker thread).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from roadmap.core.i18n import Lang

if TYPE_CHECKING:
    from roadmap.core.analysis.pipeline import Analysis

__all__ = ["FORMATS", "ExportOptions", "Granularity", "export", "exporter", "format_for_path"]

Granularity = Literal["quarter", "month", "fiscal-year"]


@dataclass(frozen=True)
class ExportOptions:
    """Options of ``roadmap export``; the same plan and options give byte-identical output."""

    lang: Lang = "ja"
    as_of: dt.date | None = None
    #: Table Gantt columns; ``auto``: quarters, or fiscal years when quarters would not fit.
    by: Granularity | Literal["auto"] = "auto"
    excel: bool = False  # CSV: UTF-8 with BOM for Japanese Excel
    #: Dates in Japanese reports: 和暦 (令和8年1月5日, R8.1.5 in tables) or ISO; JSON/CSV: ISO.
    dates: Literal["wareki", "iso"] = "wareki"
    #: The plan at a baseline revision (``--baseline REV``) and that revision's name.
    baseline: Analysis | None = None
    baseline_label: str | None = None
    #: The date of the baseline revision (its commit date), shown beside its name.
    baseline_date: dt.date | None = None
    #: SVG canvas: 16:9 for a slide (default) or ``wide`` (21:9, for a long timeline).
    svg_size: Literal["slide", "wide"] = "slide"
    #: ``public``: the version for residents (no costs, ids or people's names; plain words).
    audience: Literal["internal", "public"] = "internal"


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


def exporter(format_name: str) -> Callable[[Analysis, ExportOptions], bytes]:
    """The function that renders ``format_name``.

    Raises ``KeyError`` for a format not in :data:`FORMATS`, ``ImportError`` when its module
    (or a library it needs) is not installed.
    """
    module = importlib.import_module(FORMATS[format_name][0])
    render: Callable[[Analysis, ExportOptions], bytes] = module.export
    return render


def export(
    analysis: Analysis,
    format: str | None,
    path: str | os.PathLike[str] | None = None,
    lang: Lang = "ja",
    **options: Any,
) -> bytes:
    """Render ``analysis`` as ``format`` and, with a ``path``, write it there atomically.

    ``format`` ``None`` takes the format of ``path``'s extension. ``options`` are the other
    fields of :class:`ExportOptions` (``as_of``, ``by``, ``excel``, ``baseline``,
    ``baseline_label``). Returns the bytes rendered.

    Raises
    ------
    ValueError
        No format given and ``path``'s extension names none (or no path either).
    KeyError
        An unknown format name.
    ImportError
        The format's module or a library it needs is not installed.
    roadmap.core.planfile.fileio.WriteError
        ``path`` cannot be written (the old file is left as it was).
    """
    if format is None:
        format = format_for_path(os.fspath(path)) if path is not None else None
        if format is None:
            raise ValueError(f"no export format for {path!s}")
    data = exporter(format)(analysis, ExportOptions(lang=lang, **options))
    if path is not None:
        from roadmap.core.planfile.fileio import atomic_write

        atomic_write(path, data)
    return data
