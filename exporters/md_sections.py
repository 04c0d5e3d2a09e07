"""The Markdown report's sections after the phases, and the Markdown helpers they share.

The report (:mod:`exporters.markdown`) renders, after its phase section, the lines of every
section provider: a function ``(analysis, options) -> list[str]`` returning Markdown lines
(a ``##`` heading first, no trailing blank line needed). :data:`KNOWN_PROVIDERS` names them
by module, loaded when a report is built (budget, staffing and KPIs from
``exporters.md_budget``; risk from ``exporters.md_risk``), so their imports cost nothing until
then; numpy, the risk simulation's, is imported only when a plan has estimates to simulate.

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
    "SectionProvider",
    "md_table",
    "md_text",
    "section_providers",
]

SectionProvider = Callable[["Analysis", "ExportOptions"], list[str]]

#: (module, function) of the report sections of later features, in report order.
KNOWN_PROVIDERS: tuple[tuple[str, str], ...] = (
    ("exporters.md_budget", "budget_sections"),
    ("exporters.md_risk", "risk_section"),
    ("exporters.md_systems", "systems_section"),
)


def section_providers() -> list[SectionProvider]:
    """The providers to render, in report order (imported only when a report is built)."""
    providers: list[SectionProvider] = []
    for module_name, function_name in KNOWN_PROVIDERS:
        provider: SectionProvider = getattr(importlib.import_module(module_name), function_name)
        providers.append(provider)
    return providers
