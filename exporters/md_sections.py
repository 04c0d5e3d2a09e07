"""Sections of the Markdown report added by later features, and the Markdown helpers they share.

The report (:mod:`exporters.markdown`) renders, after its phase section, the lines of every
section provider: a function ``(analysis, options) -> list[str]`` returning Markdown lines
(a ``##`` heading first, no trailing blank line needed). Providers are found two ways:

- :data:`SECTION_PROVIDERS`, a list any module may append to;
- :data:`KNOWN_PROVIDERS`, modules loaded lazily by name (budget, staffing and KPIs from
  ``exporters.md_budget``; risk from ``exporters.md_risk``), so their imports (numpy for the
  risk simulation) cost nothing until a report is built.

:func:`md_text` escapes text for inline Markdown and :func:`md_table` writes a GFM table whose
every row keeps the header's column count; section writers should use both. Both live in the
core (:mod:`exporters.markdown_text`), so ``roadmap diff --format md`` escapes exactly like the report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from exporters.markdown_text import md_table, md_text

if TYPE_CHECKING:
    from exporters.base import ExportOptions
    from roadmap.core.analysis.pipeline import Analysis

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
