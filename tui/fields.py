"""Reading and showing the detail form's text fields: text in, plan value (or a reason) out.

This module only turns text into a value (numbers with thousands separators, lists split at
commas, ``team=FTE`` pairs, ``4mo/5mo/8mo``). Whether the value is allowed is the model's
question: :func:`roadmap.core.planfile.fieldcheck.field_problems` checks it with the loader's
rules and messages (progress 0-100, FTE range, three-point order, durations). A value that
cannot be read or is not allowed is reported, never applied.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from roadmap.core.i18n import Lang, text
from roadmap.core.model.durations import DurationError, parse_duration
from roadmap.core.model.problems import Problem
from roadmap.core.planfile.fieldcheck import field_problems

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

#: Kind -> the initiative field whose model rules check a value of that kind, and the form's
#: own message when the loader has only a generic one for it (a library's English text).
_CHECKED_AS: dict[str, tuple[str, str | None]] = {
    "duration": ("duration", "tui.field.three_point"),
    "percent": ("progress", "tui.field.bad_number"),
    "yen": ("cost.initial", "tui.field.bad_integer"),
    "staffing": ("staffing", "tui.field.bad_staffing"),
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
    """Read ``raw`` as a value of ``kind``; blank means "remove the key" except where required.

    A value read is then checked by the model (:func:`_checked`).
    """
    parsed = _read(kind, raw, lang)
    if not parsed.ok or parsed.value is None or kind not in _CHECKED_AS:
        return parsed
    return _checked(kind, parsed, lang)


def _checked(kind: str, parsed: Parsed, lang: Lang) -> Parsed:
    """``parsed`` if the model allows it as its kind's field, else the loader's reason."""
    field, fallback = _CHECKED_AS[kind]
    problems = field_problems(field, parsed.value)
    if not problems:
        return parsed
    problem = problems[0]
    if problem.code == "invalid-value" and fallback is not None:
        return Parsed(error=text(fallback, lang))  # the loader's detail is not for people
    return Parsed(error=_reason(problem, lang))


def _reason(problem: Problem, lang: Lang) -> str:
    """A problem's message with its hint, as one line."""
    message, hint = problem.message(lang), problem.hint(lang)
    if hint is None:
        return message
    return text("problem.with_hint", lang, message=message, hint=hint)


def _read(kind: str, raw: str, lang: Lang) -> Parsed:
    """``raw`` as a value of ``kind``, or why it cannot be read as one."""
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
            return Parsed(error=_date_error(value, lang))
    if kind == "percent":
        try:
            number = float(value)
        except ValueError:
            return Parsed(error=text("tui.field.bad_number", lang))
        if not number.is_integer():
            return Parsed(number)
        return Parsed(int(number) if abs(number) < 2**63 else number)
    if kind == "yen":
        try:
            return Parsed(int(value.replace(",", "").replace("_", "")))
        except ValueError:
            return Parsed(error=text("tui.field.bad_integer", lang))
    if kind == "list":
        return Parsed([part for part in _LIST_SPLIT.split(value) if part])
    if kind == "staffing":
        return _staffing(value, lang)
    return Parsed(value)


def _date_error(value: str, lang: Lang) -> str:
    """What is wrong with a date that does not read: a month or day that does not exist in
    the YYYY-MM-DD form (2026-13-01, 2026-02-30), else the form itself."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match is None:
        return text("tui.field.bad_date", lang)
    month, day = int(match[2]), int(match[3])
    if not 1 <= month <= 12:
        return text("editor.date.no_month", lang, month=month)
    return text("editor.date.no_day", lang, month=month, day=day)


def _duration(value: str, lang: Lang) -> Parsed:
    """One duration, or a three-point estimate ``optimistic/likely/pessimistic`` (its order and
    unit are the model's rules)."""
    parts = [part.strip() for part in value.split("/")]
    try:
        if len(parts) == 3:
            durations = [str(parse_duration(part)) for part in parts]
            return Parsed(
                dict(zip(("optimistic", "likely", "pessimistic"), durations, strict=True))
            )
        if len(parts) != 1:
            return Parsed(error=text("tui.field.three_point", lang))
        return Parsed(str(parse_duration(value)))
    except DurationError as error:
        message = text("invalid-duration", lang, value=error.text)
        hint = text("invalid-duration.hint", lang)
        return Parsed(error=text("problem.with_hint", lang, message=message, hint=hint))


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
        if not sep or not name.strip():
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
