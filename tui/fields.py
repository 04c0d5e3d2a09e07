"""Reading and showing the detail form's text fields: text in, plan value (or a reason) out.

Durations and lags are read by :func:`roadmap.core.model.durations.parse_duration`, so the form accepts
exactly what the plan format accepts. A value that cannot be read is reported, never applied.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from roadmap.core.i18n import Lang, text
from roadmap.core.model.durations import DurationError, parse_duration

__all__ = ["FIELD_KINDS", "Parsed", "format_value", "parse_value"]

#: Form field -> kind of text it holds.
FIELD_KINDS: dict[str, str] = {
    "title": "required",
    "owner": "text",
    "duration": "duration",
    "not_before": "date",
    "deadline": "date",
    "progress": "percent",
    "actual_start": "date",
    "actual_finish": "date",
    "tags": "list",
    "notes": "text",
    "cost.initial": "yen",
    "cost.annual": "yen",
    "cost.annual_before": "yen",
    "cost.subsidy": "yen",
    "cost.funding": "text",
    "staffing": "staffing",
}

_LIST_SPLIT = re.compile(r"\s*[,、，]\s*")


@dataclass(frozen=True)
class Parsed:
    """The value read from a field (``None`` removes the key), or why it could not be read."""

    value: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_value(kind: str, raw: str, lang: Lang = "ja") -> Parsed:
    """Read ``raw`` as a value of ``kind``; blank means "remove the key" except where required."""
    value = raw.strip()
    if kind == "required":
        return Parsed(value) if value else Parsed(error=text("tui.field.required", lang))
    if not value:
        if kind == "duration":
            return Parsed(error=text("tui.field.required", lang))
        return Parsed(None)
    if kind == "text":
        return Parsed(value)
    if kind == "duration":
        return _duration(value, lang)
    if kind == "lag":
        return _lag(value, lang)
    if kind == "date":
        try:
            return Parsed(dt.date.fromisoformat(value))
        except ValueError:
            return Parsed(error=text("tui.field.bad_date", lang))
    if kind == "percent":
        try:
            number = float(value)
        except ValueError:
            return Parsed(error=text("tui.field.bad_number", lang))
        if not 0 <= number <= 100:
            return Parsed(error=text("progress-range", lang, value=value))
        return Parsed(int(number) if number.is_integer() else number)
    if kind == "yen":
        try:
            amount = int(value.replace(",", "").replace("_", ""))
        except ValueError:
            return Parsed(error=text("tui.field.bad_integer", lang))
        return Parsed(error=text("tui.field.bad_integer", lang)) if amount < 0 else Parsed(amount)
    if kind == "list":
        return Parsed([part for part in _LIST_SPLIT.split(value) if part])
    if kind == "staffing":
        return _staffing(value, lang)
    return Parsed(value)


def _duration(value: str, lang: Lang) -> Parsed:
    parts = [part.strip() for part in value.split("/")]
    try:
        if len(parts) == 3:
            durations = [parse_duration(part) for part in parts]
            if len({d.unit for d in durations}) != 1 or not (
                durations[0].count <= durations[1].count <= durations[2].count
            ):
                return Parsed(error=text("tui.field.three_point", lang))
            return Parsed(
                {
                    "optimistic": str(durations[0]),
                    "likely": str(durations[1]),
                    "pessimistic": str(durations[2]),
                }
            )
        if len(parts) != 1:
            return Parsed(error=text("tui.field.three_point", lang))
        return Parsed(str(parse_duration(value)))
    except DurationError as error:
        message = text("invalid-duration", lang, value=error.text)
        hint = text("invalid-duration.hint", lang)
        return Parsed(error=f"{message}. {hint}" if lang == "en" else f"{message}。{hint}")


def _lag(value: str, lang: Lang) -> Parsed:
    try:
        return Parsed(str(parse_duration(value, allow_negative=True)))
    except DurationError as error:
        return Parsed(error=text("invalid-duration", lang, value=error.text))


def _staffing(value: str, lang: Lang) -> Parsed:
    teams: dict[str, float] = {}
    for part in _LIST_SPLIT.split(value):
        if not part:
            continue
        name, sep, amount = part.partition("=")
        try:
            fte = float(amount)
        except ValueError:
            return Parsed(error=text("tui.field.bad_staffing", lang))
        if not sep or not name.strip() or fte < 0:
            return Parsed(error=text("tui.field.bad_staffing", lang))
        teams[name.strip()] = int(fte) if fte.is_integer() else fte
    return Parsed(teams or None)


def format_value(kind: str, value: Any) -> str:
    """The text a field shows for a plain value from the document."""
    if value is None:
        return ""
    if kind == "duration" and isinstance(value, dict):
        return "/".join(str(value.get(key, "")) for key in ("optimistic", "likely", "pessimistic"))
    if kind == "list" and isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if kind == "staffing" and isinstance(value, dict):
        return ", ".join(f"{team}={fte:g}" for team, fte in value.items())
    if kind == "yen" and isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
