"""The canonical layout of a plan file, for ``roadmap fmt``.

The canonical layout keeps every comment and changes no meaning:

- ``[plan]`` first, then ``[budget...]``, ``[teams...]``, then the initiatives in the order they
  were written (each initiative's sub-tables right after its own table, in field order);
- keys inside each table follow the model's field order (:mod:`roadmap.core.model.plan`); unknown keys
  stay after the known ones, in the order written;
- durations are normalised (``"03mo"`` -> ``"3mo"``, ``" 2 w"`` -> ``"2w"``) and quoted dates
  in date fields become TOML dates (``"2026-04-01"`` -> ``2026-04-01``);
- one blank line before each initiative, team or top-level table; the file ends with one
  newline.

A first line ``#:schema ...`` (the editor's schema directive) stays first. Comments travel
with what they stand above: the comment lines between a table's last key and
the next table header belong to that header; comment lines above a key belong to the key.

The work is done on lines, not on a re-serialised document, so values are written exactly as
the author wrote them. Every result is checked: the formatted text must parse to the same data
as the original (after normalisation); if it would not, the text is returned unchanged.
Formatting is idempotent: formatting a formatted file changes nothing.

This module works on text with ``\n`` line endings (``\r\n`` is read as ``\n``); the file's
byte-order mark and line endings are put back by the writer (:class:`roadmap.core.planfile.fileio.TextForm`).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from roadmap.core.model.durations import DurationError, parse_duration
from roadmap.core.model.money import CostLine, Financing, TaxAllocation
from roadmap.core.model.plan import (
    Budget,
    Cost,
    Initiative,
    Kpi,
    PlanSettings,
    Team,
    ThreePointDuration,
    field_names,
)
from roadmap.core.planfile.source import load_toml, read_key, structure_problem, value_end

__all__ = ["FormatError", "format_plan_text", "is_formatted"]

#: Keys whose string values are durations, wherever they stand.
DURATION_KEYS = frozenset({"duration", "optimistic", "likely", "pessimistic", "lag"})
#: Keys whose values are dates (or arrays of dates).
DATE_KEYS = frozenset(
    {
        "start",
        "status_date",
        "deadline",
        "not_before",
        "actual_start",
        "actual_finish",
        "due",
        "horizon_end",
        "holidays",
    }
)

_GROUP_RANK = {"plan": 0, "budget": 1, "teams": 2, "initiatives": 3}
_QUOTED_DURATION = re.compile(
    r"(?P<head>\b(?:duration|optimistic|likely|pessimistic|lag)\s*=\s*)\"(?P<body>[^\"\\\n]*)\""
)
_QUOTED_DATE = re.compile(r"\"(\d{4}-\d{2}-\d{2})\"")


class FormatError(ValueError):
    """The text is not valid TOML, so it cannot be formatted; ``detail`` says why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _table_model(path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The key order of the table at ``path``, or ``None`` to keep the written order."""
    if path == ("plan",):
        return field_names(PlanSettings)
    if path == ("budget",):
        return field_names(Budget)
    if len(path) == 2 and path[0] == "teams":
        return field_names(Team)
    if len(path) == 2 and path[0] == "initiatives":
        return field_names(Initiative)
    if len(path) == 3 and path[0] == "initiatives":
        models: dict[str, type[BaseModel]] = {
            "cost": Cost,
            "kpis": Kpi,
            "duration": ThreePointDuration,
            "costs": CostLine,
            "financing": Financing,
            "tax_allocation": TaxAllocation,
        }
        sub = models.get(path[2])
        return field_names(sub) if sub else None
    return None


# -- reading the text into pieces ---------------------------------------------------------------


@dataclass
class _Statement:
    """One ``key = value`` (possibly several lines) with the comment lines above it."""

    lead: list[str]
    lines: list[str]
    key: str


@dataclass
class _Section:
    """A table header with the comments above it and its statements."""

    lead: list[str]
    header: str
    path: tuple[str, ...]
    statements: list[_Statement] = field(default_factory=list)


def _statement_end(lines: list[str], start: int) -> int:
    """The index after the last line of the statement starting at ``lines[start]``."""
    raw = lines[start]
    indent = len(raw) - len(raw.lstrip())
    key = read_key(raw, indent)
    return value_end(lines, start, key[1] + 1 if key else indent)


def _split(text: str) -> tuple[list[str], list[_Statement], list[_Section], list[str]]:
    """Preamble lines, top-level statements, sections, and the comments after the last one."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    preamble: list[str] = []
    top: list[_Statement] = []
    sections: list[_Section] = []
    pending: list[str] = []
    number = 0
    if lines and lines[0].startswith("#:schema"):
        preamble.append(lines[0])  # the editor's schema directive must stay the first line
        number = 1
    while number < len(lines):
        raw = lines[number]
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            pending.append(raw)
            number += 1
            continue
        if stripped.startswith("["):
            opening = 2 if stripped.startswith("[[") else 1
            key = read_key(stripped, opening)
            path = tuple(key[0]) if key else (stripped,)
            lead = pending
            if not sections:
                lead = _adjacent_comments(pending)
                preamble.extend(pending[: len(pending) - len(lead)])
            sections.append(_Section(lead, raw, path))
            pending = []
            number += 1
            continue
        end = _statement_end(lines, number)
        key = read_key(stripped, 0)
        name = key[0][0] if key else stripped
        statement = _Statement(pending, lines[number:end], name)
        (sections[-1].statements if sections else top).append(statement)
        pending = []
        number = end
    return preamble, top, sections, pending


def _adjacent_comments(lines: list[str]) -> list[str]:
    """The comment lines directly above a header (no blank line between)."""
    count = 0
    for line in reversed(lines):
        if not line.strip():
            break
        count += 1
    return lines[len(lines) - count :] if count else []


# -- normalising values --------------------------------------------------------------------------


def _normal_duration(match: re.Match[str]) -> str:
    body = match["body"]
    try:
        duration = parse_duration(body, allow_negative=True)
    except DurationError:
        return match[0]
    return f'{match["head"]}"{duration}"'


def _normalise(statement: _Statement) -> _Statement:
    """Durations and quoted dates of one statement, rewritten in their canonical form."""
    if statement.key not in DURATION_KEYS | DATE_KEYS | {"depends_on"}:
        return statement
    text = "\n".join(statement.lines)
    if statement.key in DATE_KEYS:
        head, equals, value = text.partition("=")
        text = head + equals + _QUOTED_DATE.sub(r"\1", value)
    else:
        text = _QUOTED_DURATION.sub(_normal_duration, text)
    return _Statement(statement.lead, text.split("\n"), statement.key)


def _normal_data(value: Any, key: str | None = None) -> Any:
    """What the parsed data must look like after formatting (for the safety check)."""
    if isinstance(value, Mapping):
        return {name: _normal_data(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_normal_data(item, key) for item in value]
    if isinstance(value, str) and key in DURATION_KEYS:
        try:
            return str(parse_duration(value, allow_negative=True))
        except DurationError:
            return value
    if isinstance(value, str) and key in DATE_KEYS and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


# -- ordering ------------------------------------------------------------------------------------


def _ordered_statements(path: tuple[str, ...], statements: list[_Statement]) -> list[_Statement]:
    order = _table_model(path)
    if order is None:
        return statements
    rank = {name: position for position, name in enumerate(order)}
    return sorted(statements, key=lambda item: rank.get(item.key, len(rank)))


def _section_order(sections: list[_Section]) -> list[_Section]:
    """Sections in the canonical order: plan, budget, teams, initiatives (as written)."""
    first_seen: dict[tuple[str, str], int] = {}
    for section in sections:
        if len(section.path) >= 2:
            first_seen.setdefault((section.path[0], section.path[1]), len(first_seen))

    def key(item: tuple[int, _Section]) -> tuple[int, int, int, int]:
        position, section = item
        path = section.path
        group = _GROUP_RANK.get(path[0], len(_GROUP_RANK))
        if group == len(_GROUP_RANK):
            return (group, 0, 0, position)
        entity = first_seen.get((path[0], path[1]), -1) if len(path) >= 2 else -1
        sub = 0
        if len(path) >= 3:
            fields = _table_model(path[:2]) or ()
            sub = 1 + (fields.index(path[2]) if path[2] in fields else len(fields))
        return (group, entity, sub, position)

    return [section for _, section in sorted(enumerate(sections), key=key)]


def _strip_blank(lines: list[str], trailing: bool = True) -> list[str]:
    """``lines`` without blank lines at the start (and the end), runs of blanks made one."""
    out: list[str] = []
    for line in lines:
        blank = not line.strip()
        if blank and (not out or not out[-1].strip()):
            continue
        out.append("" if blank else line)
    while trailing and out and not out[-1].strip():
        out.pop()
    return out


def _starts_entity(previous: _Section | None, section: _Section) -> bool:
    if previous is None:
        return True
    if len(section.path) < 3 or len(previous.path) < 2:
        return True
    return section.path[:2] != previous.path[:2]


def _render(
    preamble: list[str], top: list[_Statement], sections: list[_Section], tail: list[str]
) -> str:
    out: list[str] = _strip_blank(preamble)
    for statement in top:
        out.extend(statement.lead)
        out.extend(statement.lines)
    out = _strip_blank(out)
    previous: _Section | None = None
    for section in sections:
        lead = _strip_blank(section.lead, trailing=False)
        if out and _starts_entity(previous, section):
            out.append("")
        out.extend(lead)
        out.append(section.header)
        body: list[str] = []
        for statement in section.statements:
            body.extend(statement.lead)
            body.extend(statement.lines)
        out.extend(_strip_blank(body))
        previous = section
    rest = _strip_blank(tail)
    if rest:
        if out:
            out.append("")
        out.extend(rest)
    return "\n".join(out) + "\n" if out else ""


# -- the public functions -----------------------------------------------------------------------


def _layout(text: str, reorder: bool) -> str:
    preamble, top, sections, tail = _split(text)
    top = [_normalise(statement) for statement in top]
    for section in sections:
        section.statements = [_normalise(statement) for statement in section.statements]
        if reorder:
            section.statements = _ordered_statements(section.path, section.statements)
    if reorder:
        sections = _section_order(sections)
    return _render(preamble, top, sections, tail)


def _parses_to(text: str, expected: Any) -> bool:
    try:
        parsed: dict[str, Any] = load_toml(text)
    except tomllib.TOMLDecodeError:
        return False
    return bool(parsed == expected)


def format_plan_text(text: str) -> str:
    """The canonical layout of a plan's TOML ``text`` (see the module docstring).

    Raises
    ------
    FormatError
        When ``text`` is not valid TOML.

    Examples
    --------
    >>> print(format_plan_text('[initiatives.a]\\nduration = "02w"\\ntitle = "A"\\n'
    ...                        '[plan]\\ntitle = "P"\\nstart = 2026-04-01\\n'), end="")
    [plan]
    title = "P"
    start = 2026-04-01
    <BLANKLINE>
    [initiatives.a]
    title = "A"
    duration = "2w"
    """
    too_deep = structure_problem(text)  # before parsing: a hostile file costs no memory
    if too_deep is not None:
        raise FormatError(too_deep.message("en"))
    try:
        original = load_toml(text)
    except ValueError as error:  # a TOMLDecodeError, or an integer of over 4300 digits
        raise FormatError(str(error)) from None
    expected = _normal_data(original)
    text = text.replace("\r\n", "\n")
    for reorder in (True, False):
        candidate = _layout(text, reorder)
        if _parses_to(candidate, expected):
            return candidate
    return text


def is_formatted(text: str) -> bool:
    """Whether ``text`` is already in the canonical layout."""
    return format_plan_text(text) == text.replace("\r\n", "\n")
