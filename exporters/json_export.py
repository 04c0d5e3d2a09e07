"""The JSON export: the document of ``roadmap schedule --json``, byte for byte.

The document itself is :func:`exporters.json_doc.schedule_document` (documented in docs/json.md);
this module only fixes its serialisation: UTF-8 without ``\\u`` escapes, two-space indent, keys
in the document's own order, and a trailing newline.
"""

from __future__ import annotations

from typing import Any

from exporters import json_text
from exporters.base import ExportOptions
from exporters.json_doc import schedule_document
from roadmap.core.analysis.pipeline import Analysis

__all__ = ["dumps", "export"]


def dumps(document: Any) -> str:
    """``document`` as the project writes JSON: ``ensure_ascii=False``, indent 2, final newline
    (:mod:`exporters.json_text`: the text of :func:`json.dumps`, faster)."""
    return json_text.dumps(document) + "\n"


def export(analysis: Analysis, options: ExportOptions) -> bytes:
    """The schedule document of ``analysis`` in ``options.lang`` as UTF-8 JSON."""
    return dumps(schedule_document(analysis, options.lang, streamed=True)).encode("utf-8")
