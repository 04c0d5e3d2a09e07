"""Problems are values: what is wrong with a plan, where, and how to fix it.

Checks anywhere in the core return :class:`Problem` values; the CLI, the TUI and the exporters
consume them alike. A problem's ``code`` is stable (tools and tests match on it); its message
and hint are rendered from :mod:`roadmap.core.i18n` in the reader's language.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from roadmap.core.i18n import Lang, has_text, text

__all__ = ["Problem", "Severity", "did_you_mean", "has_errors", "sort_problems"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Problem:
    """One problem in a plan.

    ``args`` fill the message template of ``code``; ``hint_key`` names the hint template
    (``"<code>.hint"`` when it exists) and ``hint_args`` fill it.
    """

    code: str
    severity: Severity = Severity.ERROR
    file: str | None = None
    line: int | None = None
    column: int | None = None
    initiative: str | None = None
    field: str | None = None
    args: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)
    hint_key: str | None = None
    hint_args: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: Lang = "ja") -> str:
        return text(self.code, lang, **self.args)

    def hint(self, lang: Lang = "ja") -> str | None:
        key = self.hint_key or f"{self.code}.hint"
        if not has_text(key):
            return None
        return text(key, lang, **{**self.args, **self.hint_args})

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """``file:line`` as far as known (``file`` alone, or empty)."""
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def to_json(self, lang: Lang = "ja") -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "initiative": self.initiative,
            "field": self.field,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.is_error for problem in problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then by file and line, so output is stable."""
    return sorted(
        problems,
        key=lambda p: (
            _SEVERITY_RANK[p.severity],
            p.file or "",
            p.line if p.line is not None else 1 << 30,
            p.initiative or "",
            p.field or "",
            p.code,
        ),
    )


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    """The closest of ``choices`` to ``word`` (``depend_on`` -> ``depends_on``), if any is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
