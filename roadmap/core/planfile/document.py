"""Editing a plan file without losing what a person wrote: comments, blank lines, key order.

:class:`PlanDocument` wraps a tomlkit document. A field edit touches only the line of that key
(a new key is inserted after the key that precedes it in the plan format's field order), so a
one-field edit is a one-line ``git diff``, and a document with no edits gives back its text byte
for byte. Adding, duplicating and deleting whole initiatives work on the text of the
initiative's tables, so the comments that head the next section stay where they are.
:meth:`PlanDocument.set_kpis` edits an initiative's ``[[initiatives.<id>.kpis]]`` tables the
same way (a changed KPI key in place, a deleted or added KPI as the text of its table), and
:meth:`PlanDocument.set_plan_field` the ``[plan]`` keys one by one.

tomlkit's parse of a big plan takes seconds (5,000 initiatives: about 3.5 s), so a document
can be made unparsed and parsed on first use or in a background thread (the editor does so
after its first paint). Until then, reads use the fast reader's data of the text, and a field
edit parses and edits only the edited initiative's tables and puts their new text in place,
checked to read back as the old text with only that initiative changed; a parse that finishes
after such edits is brought up to date by putting in those tables, and never replaces newer
text with older.

Values are written as a person writes them: durations as strings (``"3mo"``), dates as TOML
dates, dependencies as plain ids when they are finish-to-start without lag, else as inline
tables ``{ id = "a", type = "SS", lag = "1w" }``.

:func:`save_plan` writes atomically and refuses (:class:`ConflictError`) to overwrite a file that
changed on disk since it was loaded.

Why one module of this size: every edit (fields, whole initiatives, KPI tables, plan keys) goes
through the same outline of the text and the same read-back check; the TOML line scanning it
needs is :mod:`roadmap.core.planfile.source`'s, and multi-file plans are
:mod:`roadmap.core.planfile.multifile`.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import threading
import tomllib
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, Item, Table

from roadmap.core.model.durations import Duration
from roadmap.core.model.plan import (
    Dependency,
    DependencyType,
    Initiative,
    Kpi,
    PlanSettings,
    ThreePointDuration,
    field_names,
    parse_dependency,
)
from roadmap.core.planfile.fileio import FileState, atomic_write
from roadmap.core.planfile.source import load_toml, open_brackets, value_end

__all__ = [
    "FIELD_ORDER",
    "KPI_ORDER",
    "PLAN_ORDER",
    "ConflictError",
    "EditError",
    "PlanDocument",
    "dependency_value",
    "save_plan",
    "to_plain",
]

#: The order of an initiative's keys in the plan format; new keys are placed by it.
FIELD_ORDER: tuple[str, ...] = field_names(Initiative)

#: The order of a KPI's keys and of the ``[plan]`` keys; new keys are placed by them.
KPI_ORDER: tuple[str, ...] = tuple(Kpi.model_fields)
PLAN_ORDER: tuple[str, ...] = tuple(PlanSettings.model_fields)

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_HEADER = re.compile(
    rf"""^[ \t]*\[\[?[ \t]*(?:initiatives|"initiatives")[ \t]*\.[ \t]*(?P<key>{_KEY})[ \t]*(?:\.|\]\]?)"""
)
_ANY_HEADER = re.compile(r"^[ \t]*\[")
_TITLE_LINE = re.compile(r"^[ \t]*title[ \t]*=")


class EditError(ValueError):
    """An edit that cannot be made: unknown or duplicate id, or a document that is not a plan."""


class ConflictError(RuntimeError):
    """The file changed on disk since it was loaded; saving would lose someone's work."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} changed on disk since it was loaded")
        self.path = path


def to_plain(value: object) -> Any:
    """Plain Python data for a tomlkit item (or any value): dicts, lists, str, int, date..."""
    if isinstance(value, Item):
        return value.unwrap()
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    return value


def dependency_value(dependency: Dependency | Mapping[str, Any] | str) -> str | dict[str, str]:
    """A dependency as written: ``"a"`` for finish-to-start without lag, else a small table."""
    if isinstance(dependency, str):
        return dependency
    if isinstance(dependency, Mapping):
        dependency = parse_dependency(dict(dependency))
    if dependency.type is DependencyType.FS and dependency.lag.is_zero:
        return dependency.id
    written: dict[str, str] = {"id": dependency.id, "type": dependency.type.value}
    if not dependency.lag.is_zero:
        written["lag"] = str(dependency.lag)
    return written


def _normalise(field: str, value: object) -> Any:
    """The plain value of ``field`` as the plan format writes it."""
    if field == "depends_on" and isinstance(value, list | tuple):
        return [dependency_value(item) for item in value]
    return _plain_value(value)


def _field_edit(
    initiative_id: str, table: MutableMapping[str, Any], field: str, value: object
) -> _Edit | None:
    """The edit that sets ``field`` (dotted for sub-tables) of an initiative's ``table``; a
    missing sub-table becomes part of the new value (``cost.initial`` -> ``cost = {...}``).
    A number after the name of an array of tables picks one of them (``costs.0.actuals``)."""
    parts = field.split(".")
    path: tuple[str | int, ...] = ("initiatives", initiative_id)
    container: Any = table
    for index, part in enumerate(parts[:-1]):
        if isinstance(container, AoT):
            if not part.isdigit() or int(part) >= len(container):
                raise EditError(f"{field}: no table {part} in the array")
            container = container[int(part)]
            path = (*path, int(part))
            continue
        inner = container.get(part)
        if inner is None:
            if value is None:
                return None
            nested: Any = _normalise(parts[-1], value)
            for name in reversed(parts[index + 1 :]):
                nested = {name: nested}
            return _Edit(path, part, nested)
        if not isinstance(inner, MutableMapping | AoT):
            raise EditError(f"{field}: {part} is not a table")
        container = inner
        path = (*path, part)
    if isinstance(container, AoT):
        raise EditError(f"{field}: name one table of the array")
    return _Edit(path, parts[-1], _normalise(parts[-1], value))


def _plain_value(value: object) -> Any:
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, ThreePointDuration):
        return {
            "optimistic": str(value.optimistic),
            "likely": str(value.likely),
            "pessimistic": str(value.pessimistic),
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {str(key): _plain_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_value(item) for item in value]
    return value


def _item(value: Any, like: object = None) -> Item:
    """A tomlkit item for a plain value, written as a person writes it: arrays on one line,
    tables inline with spaces (``{ id = "a", type = "SS" }``), digit grouping kept from ``like``."""
    if isinstance(value, int) and not isinstance(value, bool):
        raw = getattr(like, "as_string", lambda: "")()
        text = f"{value:_}" if "_" in raw else str(value)
        return _parsed(text)
    if isinstance(value, Mapping | list):
        return _parsed(_value_text(value))
    item: Item = tomlkit.item(value)
    return item


def _parsed(text: str) -> Item:
    item: Item = tomlkit.value(text)
    return item


def _value_text(value: Any, multiline: bool = False) -> str:
    """TOML text of a plain value; ``multiline`` puts each array element on its own line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        inner = ", ".join(f"{_key_text(str(k))} = {_value_text(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    if isinstance(value, list | tuple):
        if multiline and value:
            return "[\n" + "".join(f"    {_value_text(item)},\n" for item in value) + "]"
        return "[" + ", ".join(_value_text(item) for item in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(tomlkit.item(value).as_string())


def _key_text(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _header_key(raw: str) -> str:
    if raw.startswith('"'):
        loaded: str = json.loads(raw)
        return loaded
    if raw.startswith("'"):
        return raw[1:-1]
    return raw


@dataclass(frozen=True)
class _Block:
    """Lines ``[start, end)`` of one run of an initiative's tables (end excludes the comments and
    blank lines that head whatever follows)."""

    start: int
    end: int


class PlanDocument:
    """A plan file being edited: a tomlkit document plus the text it was read from.

    Examples
    --------
    >>> doc = PlanDocument.from_text('[plan]\\ntitle = "x"\\nstart = 2026-04-01\\n\\n'
    ...                              '[initiatives.a]\\ntitle = "A" # note\\nduration = "1w"\\n')
    >>> doc.set_field("a", "duration", "2w")
    >>> print(doc.to_text(), end="")
    [plan]
    title = "x"
    start = 2026-04-01
    <BLANKLINE>
    [initiatives.a]
    title = "A" # note
    duration = "2w"
    """

    def __init__(self, text: str, document: tomlkit.TOMLDocument | None) -> None:
        self._original = text
        self._text = text
        self._parsed = document
        #: held while the comment-keeping parse runs: one parse at a time, and whoever needs
        #: the parsed document waits for the one under way
        self._parse_lock = threading.Lock()
        #: held for a moment while the text and the parsed document are read or replaced
        self._state = threading.Lock()
        self._modified = False
        #: ``(text, data)``: the plain data of the text while it is not parsed, for reads and
        #: field edits that need not wait for the comment-keeping parse
        self._plain: tuple[str, dict[str, Any]] | None = None
        #: counts the changes of the text, so a parse knows whether its text is still current
        self._version = 0
        #: ``(version, ids)`` while every change since ``version`` was an edit by table of
        #: the initiatives ``ids``: a parse of text from then on is brought up to date by
        #: putting in those initiatives' tables instead of parsing the whole text again
        self._by_table: tuple[int, set[str]] | None = None

    @classmethod
    def from_text(cls, text: str, *, lazy: bool = False) -> PlanDocument:
        """Parse ``text``; raises :class:`EditError` when it is not TOML.

        With ``lazy`` the text is only checked (with the faster ``tomllib``) and the
        comment-keeping parse happens on first use, or earlier in :meth:`ensure_parsed`, which
        a caller may run in a background thread.
        """
        if lazy:
            return cls.unparsed(text, _check_toml(text))
        return cls(text, _parse(text))

    @classmethod
    def unparsed(cls, text: str, data: dict[str, Any]) -> PlanDocument:
        """A document of ``text`` whose comment-keeping parse is left for first use (or
        :meth:`ensure_parsed`), when the caller has already read ``text``: ``data`` is what
        :func:`~roadmap.core.planfile.source.load_toml` gave for it. The reads and field
        edits before the parse start from it; it is never changed."""
        document = cls(text, None)
        document._plain = (text, data)
        return document

    @property
    def _document(self) -> tomlkit.TOMLDocument:
        """The comment-keeping parse of the text, done on first use (or waited for when
        another thread is doing it). The parse runs without holding up edits by table
        (:meth:`_set_fields_by_table`); when one changed the text meanwhile, the parse is of
        old text and is done again."""
        while True:
            with self._parse_lock:
                with self._state:
                    parsed, text, version = self._parsed, self._text, self._version
                if parsed is not None:
                    return parsed
                document: tomlkit.TOMLDocument | None = _parse(text)
                while document is not None:
                    with self._state:
                        if self._version == version:
                            self._parsed, self._plain, self._by_table = document, None, None
                            return document
                        text, version, by_table = self._text, self._version, self._by_table
                        ids = set(by_table[1]) if by_table is not None else set()
                    if by_table is None or by_table[0] > version:
                        break  # changed otherwise than by tables since: parse it again
                    document = self._with_tables(document, text, ids)

    def _with_tables(
        self, document: tomlkit.TOMLDocument, text: str, ids: set[str]
    ) -> tomlkit.TOMLDocument | None:
        """``document``, a parse of an earlier text, with the tables of the initiatives ``ids``
        put in as ``text`` now has them, when that gives back ``text`` exactly (else ``None``):
        a few tables parsed instead of the whole text."""
        lines = text.splitlines(keepends=True)
        try:
            initiatives = document["initiatives"]
            for initiative_id in sorted(ids):
                blocks = self._blocks(lines, initiative_id)
                if len(blocks) != 1:
                    return None
                start, end = blocks[0].start, blocks[0].end
                # what tomlkit holds as the table: up to the next header
                while end < len(lines) and (not lines[end].strip() or _is_comment(lines[end])):
                    end += 1
                piece = tomlkit.parse("".join(lines[start:end]))
                initiatives[initiative_id] = piece["initiatives"][initiative_id]
            return document if document.as_string() == text else None
        except Exception:  # tomlkit raises several types; a parse of the whole text is safe
            return None

    @property
    def is_parsed(self) -> bool:
        """Whether the comment-keeping parse has been done."""
        return self._parsed is not None

    def ensure_parsed(self) -> None:
        """Do the comment-keeping parse now (safe to call from another thread)."""
        self._document  # noqa: B018 - the property parses

    # -- reading ---------------------------------------------------------------------------

    def to_text(self) -> str:
        """The text of the document; exactly the original text while nothing was edited."""
        if not self._modified:
            return self._original
        if self._parsed is None:
            return self._text
        return self._parsed.as_string()

    @property
    def modified(self) -> bool:
        return self._modified

    def data(self) -> dict[str, Any]:
        """The whole document as plain data, for :func:`roadmap.core.planfile.loader.plan_from_data`."""
        plain: dict[str, Any] = self._document.unwrap()
        return plain

    def section(self, name: str) -> dict[str, Any]:
        """One top-level table (``plan``, ``teams``, ``budget``) as plain data, ``{}`` if absent."""
        value = self._document.get(name)
        plain = to_plain(value) if value is not None else {}
        return plain if isinstance(plain, dict) else {}

    def initiative_ids(self) -> list[str]:
        """Initiative ids in file order."""
        plain = self._plain_initiatives()
        return [str(key) for key in (self._initiatives() if plain is None else plain)]

    def has_initiative(self, initiative_id: str) -> bool:
        plain = self._plain_initiatives()
        return initiative_id in (self._initiatives() if plain is None else plain)

    def initiative_data(self, initiative_id: str) -> dict[str, Any]:
        """One initiative as plain data (raises :class:`EditError` for an unknown id)."""
        plain = self._plain_initiatives()
        if plain is not None:  # read as the fast reader reads the text: the same values
            table = plain.get(initiative_id)
            if table is None:
                raise EditError(f"no initiative {initiative_id!r}")
            if not isinstance(table, dict):
                raise EditError(f"initiatives.{initiative_id} is not a table")
            return copy.deepcopy(table)  # the caller may change it; the kept data stays
        plain = to_plain(self._table(initiative_id))
        if not isinstance(plain, dict):
            raise EditError(f"initiatives.{initiative_id} is not a table")
        return plain

    def get_field(self, initiative_id: str, field: str) -> Any:
        """The plain value of ``field`` (dotted for sub-tables: ``cost.initial``; a number picks
        one of an array of tables: ``costs.0.item``), or ``None``."""
        current: Any = self.initiative_data(initiative_id)
        for part in field.split("."):
            if isinstance(current, list) and part.isdigit() and int(part) < len(current):
                current = current[int(part)]
            elif isinstance(current, dict) and part in current:
                current = current[part]
            else:
                return None
        return current

    def dependents_of(self, initiative_id: str) -> list[str]:
        """The ids of initiatives whose ``depends_on`` names ``initiative_id``, in file order."""
        dependents: list[str] = []
        plain = self._plain_initiatives()
        for other_id, table in (self._initiatives() if plain is None else plain).items():
            if not isinstance(table, Mapping):
                continue
            entries = to_plain(table.get("depends_on", []))
            if isinstance(entries, list) and any(
                _dependency_id(entry) == initiative_id for entry in entries
            ):
                dependents.append(str(other_id))
        return dependents

    # -- field edits -----------------------------------------------------------------------

    def set_field(self, initiative_id: str, field: str, value: object) -> None:
        """Set ``field`` of an initiative to ``value``; ``None`` removes the key.

        ``field`` may be dotted (``cost.initial``) to reach into a sub-table, which is created
        when missing, or into one of an array of tables by its index (``costs.0.actuals``).
        Setting a value equal to the current one changes nothing.

        >>> doc = PlanDocument.from_text('[initiatives.a]\\ntitle = "A"\\nduration = "1w"\\n'
        ...                              '[[initiatives.a.costs]]\\nname = "委託"\\n'
        ...                              'amount = 100\\nactuals = { 2025 = { spent = 90 } }\\n')
        >>> doc.set_field("a", "costs.0.actuals", None)
        >>> print(doc.to_text(), end="")
        [initiatives.a]
        title = "A"
        duration = "1w"
        [[initiatives.a.costs]]
        name = "委託"
        amount = 100
        """
        self.set_fields({initiative_id: {field: value}})

    def set_fields(self, changes: Mapping[str, Mapping[str, object]]) -> None:
        """Set several fields of several initiatives, as :meth:`set_field` sets one.

        ``changes`` maps an initiative id to its fields and values. The new keys are all
        written in one pass over the text, so a thousand edits cost about as much as one.
        """
        if self._set_fields_by_table(changes):
            return
        edits: list[_Edit] = []
        initiatives = self._initiatives()  # tomlkit builds it anew on each lookup
        for initiative_id, fields in changes.items():
            table = self._table(initiative_id, initiatives)
            for field, value in fields.items():
                edit = _field_edit(initiative_id, table, field, value)
                if edit is not None:
                    edits.append(edit)
        self._apply(edits)

    def _unparsed(self) -> tuple[str, dict[str, Any]] | None:
        """``(text, data)`` while the comment-keeping parse of the text is not done: the text
        and its plain data, read with the fast reader once per text; ``None`` once parsed."""
        with self._state:
            if self._parsed is not None:
                return None
            text, plain = self._text, self._plain
        if plain is not None and plain[0] is text:
            return plain
        found = (text, _check_toml(text))
        with self._state:
            if self._text is text:
                self._plain = found
        return found

    def _plain_initiatives(self) -> dict[str, Any] | None:
        """The ``initiatives`` table of :meth:`_unparsed`'s data (``{}`` when it has none or
        it is not a table), or ``None`` once the text is parsed."""
        unparsed = self._unparsed()
        if unparsed is None:
            return None
        initiatives = unparsed[1].get("initiatives", {})
        return initiatives if isinstance(initiatives, dict) else {}

    def _set_fields_by_table(self, changes: Mapping[str, Mapping[str, object]]) -> bool:
        """:meth:`set_fields` without the comment-keeping parse of the whole text, while it is
        not done: each initiative's tables are parsed and edited on their own (the same edit
        as on the whole document) and their new text put in place of the old.

        A big plan's whole parse takes seconds (5,000 initiatives: 3.5 s, in a thread after
        the editor opens and after each whole-initiative edit); an edit of one field should
        not wait for it. Only for a few initiatives, each written as one run of its own
        tables; and only when the new text reads back as the old one with just those
        initiatives changed, as their edited tables read. Returns whether it was done
        (nothing is changed when not).
        """
        if not changes or len(changes) > _FEW_TABLES:
            return False
        unparsed = self._unparsed()
        if unparsed is None:
            return False
        text, data = unparsed
        initiatives = data.get("initiatives")
        if not isinstance(initiatives, dict):
            return False
        lines = text.splitlines(keepends=True)
        pieces: list[tuple[int, int, str]] = []
        edited: dict[str, Any] = {}
        for initiative_id, fields in changes.items():
            blocks = self._blocks(lines, initiative_id)
            if len(blocks) != 1 or not isinstance(initiatives.get(initiative_id), dict):
                return False
            block = blocks[0]
            piece = "".join(lines[block.start : block.end])
            try:
                part = PlanDocument(piece, _parse(piece))
                part.set_fields({initiative_id: fields})
                new_piece = part.to_text()
                table = _check_toml(new_piece).get("initiatives", {}).get(initiative_id)
            except EditError:  # the whole document's edit says why, or does it another way
                return False
            if block.end < len(lines) and not new_piece.endswith("\n"):
                return False
            pieces.append((block.start, block.end, new_piece))
            edited[initiative_id] = table
        new_lines = list(lines)
        for start, end, new_piece in sorted(pieces, reverse=True):
            new_lines[start:end] = [new_piece]
        new_text = "".join(new_lines)
        if new_text == text:
            return True  # every value was already as asked
        try:
            new_data = _check_toml(new_text)
        except EditError:
            return False
        new_initiatives = new_data.get("initiatives")
        if (
            not isinstance(new_initiatives, dict)
            or list(new_initiatives) != list(initiatives)
            or {**data, "initiatives": {**initiatives, **edited}} != new_data
        ):
            return False
        with self._state:
            if self._parsed is not None or self._text is not text:
                return False
            if self._by_table is None:
                self._by_table = (self._version, set())
            self._by_table[1].update(changes)
            self._text, self._plain = new_text, (new_text, new_data)
            self._version += 1
            self._modified = True
        return True

    def _container(
        self, path: tuple[str | int, ...], found: dict[tuple[str | int, ...], Any] | None = None
    ) -> MutableMapping[str, Any]:
        """The table at ``path`` (see :class:`_Edit`); ``found`` keeps the tables (and their
        parents) already looked up, since tomlkit builds a table in parts anew on each lookup."""
        current = self._lookup(path, {} if found is None else found)
        if not isinstance(current, MutableMapping):
            raise EditError(f"{'.'.join(map(str, path))} is not a table")
        return current

    def _lookup(self, path: tuple[str | int, ...], found: dict[tuple[str | int, ...], Any]) -> Any:
        if path in found:
            return found[path]
        if not path:
            return self._document
        parent = self._lookup(path[:-1], found)
        part = path[-1]
        if isinstance(part, int):
            current = parent[part] if isinstance(parent, AoT) and part < len(parent) else None
        else:
            current = parent.get(part) if isinstance(parent, Mapping) else None
        if current is None:
            raise EditError(f"no table {'.'.join(map(str, path))}")
        found[path] = current
        return current

    def _apply(self, edits: list[_Edit]) -> None:
        """Make ``edits``: a changed or removed key in place (its line, keeping its comment),
        then every new key in one pass over the text (:meth:`_insert_keys`)."""
        new_keys: list[_Edit] = []
        found: dict[tuple[str | int, ...], Any] = {}
        work = list(edits)
        while work:
            edit = work.pop(0)
            container = self._container(edit.path, found)
            key, value = edit.key, edit.value
            existing = container.get(key)
            if value is None:
                if existing is not None:
                    del container[key]
                    self._modified = True
                continue
            if existing is None:
                new_keys.append(edit)
                continue
            if _normalise(key, to_plain(existing)) == value:
                continue
            if isinstance(existing, Array) and isinstance(value, list):
                self._update_array(container, key, existing, value)
            elif isinstance(existing, MutableMapping) and isinstance(value, Mapping):
                for old_key in [str(k) for k in existing if k not in value]:
                    del existing[old_key]
                    self._modified = True
                inner = [_Edit((*edit.path, key), str(k), v, edit.order) for k, v in value.items()]
                work[0:0] = inner
            elif isinstance(existing, AoT):
                raise EditError(f"{key} is an array of tables and is not edited here")
            else:
                new_item = _item(value, like=existing)
                if isinstance(existing, Item):
                    new_item.trivia.comment_ws = existing.trivia.comment_ws
                    new_item.trivia.comment = existing.trivia.comment
                container[key] = new_item
                self._modified = True
                if isinstance(existing, Mapping):  # a table replaced by a value
                    found.clear()
        if new_keys:
            self._insert_keys(new_keys)

    def _insert_keys(self, edits: list[_Edit]) -> None:
        """Write new keys as lines of the text: each after the key that precedes it in its
        order, so each is a one-line diff. A key whose table has no header line (an inline
        table, dotted keys) is added by tomlkit instead, as is every key when the edited
        tables of the new text would not read back as exactly before plus the new keys."""
        lines = self.to_text().splitlines(keepends=True)
        outline = _Outline(lines)
        placed: list[_Edit] = []
        placements: list[_Placement] = []
        for edit in edits:
            placement = outline.place(edit)
            if placement is None:
                self._add_item(edit)
            else:
                placed.append(edit)
                placements.append(placement)
        if not placed:
            return
        if len(placed) < len(edits):  # tomlkit added some: place the rest in its text
            lines = self.to_text().splitlines(keepends=True)
            outline = _Outline(lines)
            found = [outline.place(edit) for edit in placed]
            placements = [placement for placement in found if placement is not None]
            if len(placements) < len(placed):
                for edit in placed:
                    self._add_item(edit)
                return
        text = _insert_lines(lines, placements)
        if not self._reads_back(text, placed, placements):
            for edit in placed:
                self._add_item(edit)
            return
        units = {
            edit.path[:2] if edit.path[0] == "initiatives" else edit.path[:1] for edit in placed
        }
        self._adopt(text, outline, placements, units)

    def _reads_back(self, text: str, edits: list[_Edit], placements: list[_Placement]) -> bool:
        """Whether each edited table of ``text`` holds what it held plus its new keys.

        A new line can change only the table it lands in (or a multi-line value it lands
        inside, which changes that table too), so the edited tables are all to compare.
        """
        try:
            data: Any = _check_toml(text)
        except EditError:
            return False
        expected: dict[tuple[str | int, ...], dict[str, Any]] = {}
        for edit, placement in zip(edits, placements, strict=True):
            if edit.path not in expected:
                expected[edit.path] = to_plain(self._container(edit.path))
            expected[edit.path][edit.key] = placement.written
        for path, table in expected.items():
            found = data
            for part in path:
                if isinstance(part, int):
                    found = found[part] if isinstance(found, list) and part < len(found) else None
                else:
                    found = found.get(part) if isinstance(found, dict) else None
            if found != table:
                return False
        return True

    def _adopt(
        self,
        text: str,
        outline: _Outline,
        placements: list[_Placement],
        units: set[tuple[str | int, ...]],
    ) -> None:
        """Adopt ``text``, the document's text with new lines in the tables ``units`` (the
        ``[plan]`` table or whole initiatives): each of them is parsed again on its own and put
        in the document in place of the old one, so a big plan is not parsed again whole. When
        that does not give back ``text`` exactly, the comment-keeping parse of the whole text
        is left for first use."""
        document = self._parsed
        new_lines = text.splitlines(keepends=True)
        kept = False
        few = len(units) <= _FEW_TABLES  # for many, one parse of the whole text is cheaper
        if (
            document is not None
            and few
            and all(unit[0] in ("plan", "initiatives") for unit in units)
        ):
            try:
                for unit in units:
                    span = outline.span(unit)
                    if span is None:
                        break
                    start, end = (
                        index + sum(len(p.lines) for p in placements if p.position <= index)
                        for index in span
                    )
                    table: Any = tomlkit.parse("".join(new_lines[start:end]))
                    for part in unit:
                        table = table[part]
                    self._container(unit[:-1])[str(unit[-1])] = table
                else:
                    kept = document.as_string() == text
            except Exception:  # tomlkit raises several types; the whole parse is safe
                kept = False
        with self._state:
            self._text = text
            self._version += 1
            self._by_table = None
            if not kept:
                self._parsed = None
        self._modified = True

    def _add_item(self, edit: _Edit) -> None:
        """Add a new key with tomlkit's own placement (after the table's last value)."""
        self._container(edit.path)[edit.key] = _item(edit.value)
        self._modified = True

    def _update_array(
        self, container: MutableMapping[str, Any], key: str, existing: Array, value: list[Any]
    ) -> None:
        """Remove or append elements in place, so a multi-line array keeps its layout; any
        other change rewrites the array (on several lines when it was, or is long)."""
        current = [_normalise(key, [to_plain(item)])[0] for item in existing]
        kept = [index for index, item in enumerate(current) if item in value]
        survivors = [current[index] for index in kept]
        if survivors == value[: len(survivors)] and len(set(map(repr, current))) == len(current):
            for index in reversed(range(len(current))):
                if index not in kept:
                    del existing[index]
            for item in value[len(survivors) :]:
                existing.append(_item(item))
            if not value:
                del container[key]
            self._modified = True
            return
        multiline = "\n" in existing.as_string() or len(_value_text(value)) > 80
        new_item = tomlkit.value(_value_text(value, multiline=multiline))
        new_item.trivia.comment_ws = existing.trivia.comment_ws
        new_item.trivia.comment = existing.trivia.comment
        container[key] = new_item
        self._modified = True

    # -- whole initiatives -----------------------------------------------------------------

    def add_initiative(
        self, initiative_id: str, fields: Mapping[str, object], after: str | None = None
    ) -> None:
        """Add ``[initiatives.<id>]`` with ``fields`` after the initiative ``after`` (or last)."""
        self._check_new_id(initiative_id)
        block = _initiative_text(initiative_id, fields)
        self._insert_text(block, after)

    def duplicate_initiative(
        self, initiative_id: str, new_id: str, title: str | None = None
    ) -> None:
        """Copy an initiative (its tables and their comments) right after it, as ``new_id``,
        optionally with a new ``title``."""
        self._check_new_id(new_id)
        lines = self.to_text().splitlines(keepends=True)
        blocks = self._blocks(lines, initiative_id)
        if not blocks:
            table = self.initiative_data(initiative_id)
            if title is not None:
                table["title"] = title
            self.add_initiative(new_id, table, after=initiative_id)
            return
        copied: list[str] = []
        in_main_table = False
        for block in blocks:
            for line in lines[block.start : block.end]:
                match = _HEADER.match(line)
                if match and _header_key(match["key"]) == initiative_id:
                    in_main_table = not line[match.end("key") :].lstrip().startswith(".")
                    line = line[: match.start("key")] + _key_text(new_id) + line[match.end("key") :]
                elif in_main_table and title is not None and _TITLE_LINE.match(line):
                    line = f"title = {_value_text(title)}\n"
                    title = None
                copied.append(line)
        if copied and not copied[-1].endswith("\n"):
            copied[-1] += "\n"
        self._insert_text("".join(copied), initiative_id)

    def delete_initiative(self, initiative_id: str, remove_dependents: bool = True) -> list[str]:
        """Delete an initiative; with ``remove_dependents`` also the ``depends_on`` entries that
        name it. Returns the ids whose dependencies were removed."""
        self.initiative_data(initiative_id)  # raises for an unknown id
        changed: list[str] = []
        if remove_dependents:
            for dependent in self.dependents_of(initiative_id):
                entries = self.get_field(dependent, "depends_on") or []
                kept = [entry for entry in entries if _dependency_id(entry) != initiative_id]
                self.set_field(dependent, "depends_on", kept or None)
                changed.append(dependent)
        lines = self.to_text().splitlines(keepends=True)
        blocks = self._blocks(lines, initiative_id)
        if not blocks:
            del self._initiatives()[initiative_id]
            self._modified = True
            return changed
        for block in reversed(blocks):
            start = block.start
            # comment lines directly above the header (no blank line between) describe it
            while start > 0 and lines[start - 1].lstrip().startswith("#"):
                start -= 1
            end = block.end
            del lines[start:end]
            # do not leave two blank lines where one separated the tables
            if 0 < start < len(lines) and not lines[start].strip() and not lines[start - 1].strip():
                del lines[start]
            elif start == len(lines) and start > 0 and not lines[start - 1].strip():
                del lines[start - 1]
        expected = [i for i in self.initiative_ids() if i != initiative_id]
        self._replace_text("".join(lines), expected)
        return changed

    def rename_initiative(self, old_id: str, new_id: str) -> list[str]:
        """Rename an initiative: its table headers (``[initiatives.<id>]`` and its sub-tables,
        KPIs included) and every ``depends_on`` entry naming it. Only those lines change.
        Returns the ids whose ``depends_on`` was updated."""
        self._table(old_id)
        if new_id == old_id:
            return []
        self._check_new_id(new_id)
        lines = self.to_text().splitlines(keepends=True)
        blocks = self._blocks(lines, old_id)
        if not blocks:
            raise EditError(f"initiatives.{old_id} is not written as its own table")
        for block in blocks:
            for number in range(block.start, block.end):
                match = _HEADER.match(lines[number])
                if not (match and _header_key(match["key"]) == old_id):
                    continue
                if number != block.start and _continues(lines, number):
                    continue
                line = lines[number]
                lines[number] = (
                    line[: match.start("key")] + _key_text(new_id) + line[match.end("key") :]
                )
        expected = [new_id if key == old_id else key for key in self.initiative_ids()]
        self._replace_text("".join(lines), expected)
        return self.rename_references(old_id, new_id)

    def rename_references(self, old_id: str, new_id: str) -> list[str]:
        """Make every ``depends_on`` entry naming ``old_id`` name ``new_id`` (for a rename);
        returns the ids whose ``depends_on`` changed."""
        changed: list[str] = []
        for dependent in self.dependents_of(old_id):
            entries = self._table(dependent).get("depends_on")
            if not isinstance(entries, Array):
                continue
            # element by element, so the array keeps its layout and comments
            for index, entry in enumerate(list(entries)):
                if isinstance(entry, str) and str(entry) == old_id:
                    entries[index] = new_id
                elif isinstance(entry, MutableMapping) and entry.get("id") == old_id:
                    entry["id"] = new_id
            changed.append(dependent)
        if changed:
            self._modified = True
        return changed

    # -- KPIs and plan settings ------------------------------------------------------------

    def kpis(self, initiative_id: str) -> list[dict[str, Any]]:
        """The ``[[initiatives.<id>.kpis]]`` tables of an initiative as plain data, in order."""
        value = self.initiative_data(initiative_id).get("kpis", [])
        return (
            [dict(kpi) for kpi in value if isinstance(kpi, dict)] if isinstance(value, list) else []
        )

    def set_kpis(self, initiative_id: str, kpis: list[Mapping[str, Any]]) -> None:
        """Make the initiative's KPIs ``kpis``, touching only what changed.

        A KPI edited in place changes only the lines of its edited keys; a deleted KPI's table
        (and the comment lines right above it) is removed; new KPIs are written as
        ``[[initiatives.<id>.kpis]]`` tables after the last one. Every other line stays.
        """
        wanted = [_kpi_plain(kpi) for kpi in kpis]
        current = [_kpi_plain(kpi) for kpi in self.kpis(initiative_id)]
        if wanted == current:
            return
        existing = self._table(initiative_id).get("kpis")
        table_path = ("initiatives", initiative_id)
        if existing is not None and not isinstance(existing, AoT):
            # written as an inline array: rewrite that one value
            self._apply([_Edit(table_path, "kpis", wanted or None)])
            return
        removed = _removed_indexes(current, wanted)
        if removed is not None:
            self._delete_kpi_tables(initiative_id, removed)
            return
        shared = min(len(current), len(wanted))
        if existing is not None:
            edits: list[_Edit] = []
            for index in range(shared):
                path = (*table_path, "kpis", index)
                element = existing[index]
                edits.extend(
                    _Edit(path, str(key), None, KPI_ORDER)
                    for key in element
                    if str(key) not in wanted[index]
                )
                edits.extend(
                    _Edit(path, key, value, KPI_ORDER) for key, value in wanted[index].items()
                )
            self._apply(edits)
        if len(current) > shared:
            self._delete_kpi_tables(initiative_id, list(range(shared, len(current))))
        elif len(wanted) > shared:
            self._append_kpi_tables(initiative_id, wanted[shared:])

    def _kpi_blocks(self, lines: list[str], initiative_id: str) -> list[_Block]:
        """The lines of each ``[[initiatives.<id>.kpis]]`` table, in order (header to last
        value, without the blank and comment lines that head what follows)."""
        blocks: list[_Block] = []
        for block in self._blocks(lines, initiative_id):
            number = block.start
            while number < block.end:
                if not _is_kpi_header(lines[number], initiative_id):
                    number += 1
                    continue
                start = number
                number += 1
                while number < block.end and not (
                    _ANY_HEADER.match(lines[number]) and not _continues(lines, number)
                ):
                    number += 1
                end = number
                while end > start + 1 and (
                    not lines[end - 1].strip() or _is_comment(lines[end - 1])
                ):
                    end -= 1
                blocks.append(_Block(start, end))
        return blocks

    def _delete_kpi_tables(self, initiative_id: str, indexes: list[int]) -> None:
        lines = self.to_text().splitlines(keepends=True)
        blocks = self._kpi_blocks(lines, initiative_id)
        if len(blocks) != len(self.kpis(initiative_id)):
            raise EditError(f"initiatives.{initiative_id}.kpis cannot be edited as text")
        for index in sorted(indexes, reverse=True):
            block = blocks[index]
            start = block.start
            while start > 0 and _is_comment(lines[start - 1]):
                start -= 1
            del lines[start : block.end]
            if 0 < start < len(lines) and not lines[start].strip() and not lines[start - 1].strip():
                del lines[start]
        self._replace_text("".join(lines), self.initiative_ids())

    def _append_kpi_tables(self, initiative_id: str, kpis: list[dict[str, Any]]) -> None:
        lines = self.to_text().splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        blocks = self._kpi_blocks(lines, initiative_id) or self._blocks(lines, initiative_id)
        if not blocks:
            raise EditError(f"cannot place a KPI table in {initiative_id!r}")
        position = blocks[-1].end
        header = f"[[initiatives.{_key_text(initiative_id)}.kpis]]\n"
        new_lines: list[str] = []
        for kpi in kpis:
            new_lines.append(header)
            new_lines.extend(f"{_key_text(k)} = {_item(v).as_string()}\n" for k, v in kpi.items())
        lines[position:position] = new_lines
        self._replace_text("".join(lines), self.initiative_ids())

    def set_plan_field(self, key: str, value: object) -> None:
        """Set one key of the ``[plan]`` table (``None`` removes it), keeping every other line;
        a new key goes after the key that precedes it in the format's order."""
        plan = self._document.get("plan")
        if not isinstance(plan, Table):
            raise EditError("the plan has no [plan] table")
        self._apply([_Edit(("plan",), key, _plain_value(value), PLAN_ORDER)])

    # -- internals -------------------------------------------------------------------------

    def _initiatives(self) -> MutableMapping[str, Any]:
        """The ``initiatives`` table; when other tables stand between its parts in the file,
        tomlkit's view of all the parts as one table (edits reach the parts themselves)."""
        initiatives = self._document.get("initiatives")
        if initiatives is None:
            return {}
        if not isinstance(initiatives, MutableMapping):
            raise EditError("initiatives is not a table")
        return initiatives

    def _table(
        self, initiative_id: str, initiatives: Mapping[str, Any] | None = None
    ) -> MutableMapping[str, Any]:
        """An initiative's table (tomlkit's view of its parts when others stand between)."""
        table = (self._initiatives() if initiatives is None else initiatives).get(initiative_id)
        if table is None:
            raise EditError(f"no initiative {initiative_id!r}")
        if not isinstance(table, MutableMapping):
            raise EditError(f"initiatives.{initiative_id} is not a table")
        return table

    def _check_new_id(self, initiative_id: str) -> None:
        if not initiative_id or any(ch.isspace() or not ch.isprintable() for ch in initiative_id):
            raise EditError(f"invalid id {initiative_id!r}")
        if self.has_initiative(initiative_id):
            raise EditError(f"initiative {initiative_id!r} exists")

    def _blocks(self, lines: list[str], initiative_id: str) -> list[_Block]:
        """The runs of lines holding the tables of ``initiative_id`` (header to last value)."""
        blocks: list[_Block] = []
        number = 0
        total = len(lines)
        while number < total:
            match = _HEADER.match(lines[number])
            if not (match and _header_key(match["key"]) == initiative_id):
                number += 1
                continue
            start = number
            number += 1
            while number < total:
                line = lines[number]
                if _ANY_HEADER.match(line) and not _continues(lines, number):
                    header = _HEADER.match(line)
                    if not (header and _header_key(header["key"]) == initiative_id):
                        break
                number += 1
            end = number
            while end > start + 1 and (not lines[end - 1].strip() or _is_comment(lines[end - 1])):
                end -= 1
            blocks.append(_Block(start, end))
        return blocks

    def _insert_text(self, block: str, after: str | None) -> None:
        """Insert the text of new initiative tables after ``after`` (or the last initiative)."""
        lines = self.to_text().splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        ids = self.initiative_ids()
        anchor = after if after is not None and after in ids else (ids[-1] if ids else None)
        blocks = self._blocks(lines, anchor) if anchor is not None else []
        if anchor is not None and not blocks:
            raise EditError(f"cannot place a table after {anchor!r}")
        position = blocks[-1].end if blocks else len(lines)
        new_lines = block.splitlines(keepends=True)
        if position > 0 and lines[position - 1].strip():
            new_lines.insert(0, "\n")
        if position < len(lines) and lines[position].strip():
            new_lines.append("\n")
        lines[position:position] = new_lines
        new_id = _HEADER.match(block)
        expected = list(ids)
        if new_id:
            index = ids.index(anchor) + 1 if anchor is not None else len(ids)
            expected.insert(index, _header_key(new_id["key"]))
        self._replace_text("".join(lines), expected if new_id else None)

    def _replace_text(self, text: str, expected_ids: list[str] | None) -> None:
        """Adopt ``text`` after a whole-initiative edit; its comment-keeping parse is lazy."""
        data = _check_toml(text)
        initiatives = data.get("initiatives", {})
        ids = [str(key) for key in initiatives] if isinstance(initiatives, dict) else []
        if expected_ids is not None and ids != expected_ids:
            raise EditError("the edit would change other initiatives")
        with self._state:
            self._text, self._parsed = text, None
            self._version += 1
            self._by_table = None
        self._modified = True


def _parse(text: str) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except Exception as error:  # tomlkit raises several unrelated types
        raise EditError(str(error)) from None


def _check_toml(text: str) -> dict[str, Any]:
    try:
        return load_toml(text)
    except tomllib.TOMLDecodeError as error:
        raise EditError(f"not valid TOML: {error}") from None


def _dependency_id(entry: object) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, Mapping):
        value = entry.get("id")
        return value if isinstance(value, str) else None
    return None


def _kpi_plain(kpi: Mapping[str, Any]) -> dict[str, Any]:
    """A KPI as written: keys in the format's order, plain values, no empty values."""
    rank = {name: position for position, name in enumerate(KPI_ORDER)}
    plain = {str(k): _plain_value(v) for k, v in kpi.items() if v is not None}
    return {key: plain[key] for key in sorted(plain, key=lambda k: rank.get(k, len(rank)))}


def _removed_indexes(current: list[Any], wanted: list[Any]) -> list[int] | None:
    """The indexes to delete from ``current`` to get ``wanted``, when that is all it takes."""
    if len(wanted) >= len(current):
        return None
    removed: list[int] = []
    position = 0
    for index, item in enumerate(current):
        if position < len(wanted) and wanted[position] == item:
            position += 1
        else:
            removed.append(index)
    return removed if position == len(wanted) else None


_KPI_TAIL = re.compile(r"""^[ \t]*\.[ \t]*(?:kpis|"kpis"|'kpis')[ \t]*\]\]""")


def _is_kpi_header(line: str, initiative_id: str) -> bool:
    """Whether ``line`` is ``[[initiatives.<initiative_id>.kpis]]``."""
    match = _HEADER.match(line)
    if not match or _header_key(match["key"]) != initiative_id:
        return False
    return line.lstrip().startswith("[[") and bool(_KPI_TAIL.match(line[match.end("key") :]))


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _continues(lines: list[str], number: int) -> bool:
    """Whether line ``number`` is inside a multi-line array or string that began above it."""
    depth = 0
    quote: str | None = None
    for line in lines[max(0, number - 200) : number]:
        stripped = line.strip()
        if quote is not None:
            if quote in line:
                quote = None
            continue
        if depth == 0 and _ANY_HEADER.match(line):
            continue
        if stripped.startswith("#"):
            continue
        for mark in ('"""', "'''"):
            if line.count(mark) % 2 == 1:
                quote = mark
        if quote is None:
            depth = max(0, depth + open_brackets(line))
    return depth > 0 or quote is not None


@dataclass(frozen=True)
class _Edit:
    """Set ``key`` of the table at ``path`` to a plain ``value`` (``None`` removes it).

    ``path`` names a table from the document's root: keys, and an index after the key of an
    array of tables (``("initiatives", "a", "kpis", 0)``). New keys are placed by ``order``.
    """

    path: tuple[str | int, ...]
    key: str
    value: Any
    order: tuple[str, ...] = FIELD_ORDER


@dataclass(frozen=True)
class _Placement:
    """Where the lines of a new key go (before line ``position``) and what they hold."""

    position: int
    rank: int
    lines: tuple[str, ...]
    #: the value the lines hold, read back the way a TOML reader reads them
    written: Any


@dataclass(frozen=True)
class _KeyLines:
    """A ``key = value`` entry of the text: lines ``[start, end)`` and the key as written."""

    start: int
    end: int
    key: str

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """The key's dotted parts, unquoted."""
        return tuple(_key_parts(self.key))


@dataclass(frozen=True)
class _Section:
    """The lines of one table: its header line and the entries before the next header."""

    header: int
    entries: tuple[_KeyLines, ...]

    @property
    def content_end(self) -> int:
        """The line after the table's last entry (after the header when it has none)."""
        return max([self.header + 1, *(entry.end for entry in self.entries)])


#: Up to how many edited tables are parsed again one by one after new lines are written.
_FEW_TABLES = 8
_TABLE_LINE = re.compile(rf"^[ \t]*(?P<open>\[\[?)[ \t]*(?P<path>{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)")
_KEY_LINE = re.compile(rf"^[ \t]*(?P<path>{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*=")
_KEY_PART = re.compile(_KEY)


class _Outline:
    """Where each table and each ``key = value`` entry of a TOML text is, by line.

    The text is read once, top to bottom, knowing which lines continue a multi-line array,
    inline table or string, so a line that only looks like a header or a key is not taken for
    one. Tables are named by their full path, with the element index after an array of tables
    (the second ``[[initiatives.a.kpis]]`` is ``("initiatives", "a", "kpis", 1)``).
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.sections: dict[tuple[str | int, ...], _Section] = {}
        #: Every header line and its table's path, in file order.
        self.headers: list[tuple[int, tuple[str | int, ...]]] = []
        counts: dict[tuple[str | int, ...], int] = {}
        current: tuple[str | int, ...] | None = ()
        header = -1
        entries: list[_KeyLines] = []
        number = 0
        total = len(lines)
        while number < total:
            line = lines[number]
            stripped = line.lstrip()
            if not stripped or stripped.startswith("#"):
                number += 1
                continue
            table = _TABLE_LINE.match(line) if stripped.startswith("[") else None
            if table is not None:
                self._close(current, header, entries)
                parts = _key_parts(table["path"])
                current = _concrete_path(parts, table["open"] == "[[", counts)
                self.headers.append((number, current))
                header, entries = number, []
                number += 1
                continue
            key = _KEY_LINE.match(line)
            if key is None:
                number += 1
                continue
            end = value_end(lines, number, key.end())
            entries.append(_KeyLines(number, end, key["path"]))
            number = end
        self._close(current, header, entries)

    def _close(
        self, path: tuple[str | int, ...] | None, header: int, entries: list[_KeyLines]
    ) -> None:
        if path is not None and path not in self.sections:
            self.sections[path] = _Section(header, tuple(entries))

    def span(self, path: tuple[str | int, ...]) -> tuple[int, int] | None:
        """Lines ``[start, end)`` of the table at ``path`` with its sub-tables, from its header
        to the next header of another table: what tomlkit holds as that table. ``None`` when
        it has no header or has parts elsewhere in the file."""
        depth = len(path)
        start: int | None = None
        end = len(self.lines)
        for number, header in self.headers:
            inside = header[:depth] == path
            if start is None:
                if header == path:
                    start = number
            elif end == len(self.lines) and not inside:
                end = number
            elif end < len(self.lines) and inside:
                return None
        return None if start is None else (start, end)

    def place(self, edit: _Edit) -> _Placement | None:
        """Where the new key of ``edit`` goes, or ``None`` when its table has no header here
        (an inline table, dotted keys): then tomlkit's own placement is used."""
        section = self.sections.get(edit.path)
        if section is None or section.header < 0:
            return None
        rank = _rank(edit.order, edit.key)
        value = edit.value
        if _is_new_sub_table(edit) and all(isinstance(part, str) for part in edit.path):
            return self._place_table(edit, rank)
        line = f"{_key_text(edit.key)} = {_item(value).as_string()}"
        written = _read_back(line, edit.key)
        position = self._key_position(section, edit.order, edit.key)
        return _Placement(position, rank, (line,), written)

    def _key_position(self, section: _Section, order: tuple[str, ...], key: str) -> int:
        """After the entry of the key that precedes ``key`` in ``order``; else before the
        entry that follows it (and the comment lines right above that entry); else after the
        table's last entry."""
        if key in order:
            position = order.index(key)
            for name in reversed(order[:position]):
                ends = [entry.end for entry in section.entries if entry.parts[0] == name]
                if ends:
                    return max(ends)
            for name in order[position + 1 :]:
                starts = [entry.start for entry in section.entries if entry.parts[0] == name]
                if starts:
                    start = min(starts)
                    while start - 1 > section.header and _is_comment(self.lines[start - 1]):
                        start -= 1
                    return start
        return section.content_end

    def _place_table(self, edit: _Edit, rank: int) -> _Placement | None:
        """A new ``[path.key]`` table, after its parent's entries and after the parent's
        sub-tables that come before it in the format's order."""
        depth = len(edit.path)
        ends: list[int] = []
        for path, section in self.sections.items():
            if path[:depth] != edit.path:
                continue
            inner = path[depth] if len(path) > depth else None
            if inner is None or (isinstance(inner, str) and _rank(edit.order, inner) < rank):
                ends.append(section.content_end)
        if not ends:
            return None
        header = ".".join(_key_text(str(part)) for part in (*edit.path, edit.key))
        body = [f"{_key_text(str(k))} = {_item(v).as_string()}" for k, v in edit.value.items()]
        written = _check_toml("\n".join(body) + "\n") if body else {}
        return _Placement(max(ends), rank, (f"[{header}]", *body), written)


def _rank(order: tuple[str, ...], key: str) -> int:
    return order.index(key) if key in order else len(order)


def _is_new_sub_table(edit: _Edit) -> bool:
    """Whether a new ``cost`` or ``staffing`` of an initiative is written as its own table
    (as a new initiative's are), not as an inline table."""
    return (
        len(edit.path) == 2
        and edit.path[0] == "initiatives"
        and edit.key in ("cost", "staffing")
        and isinstance(edit.value, Mapping)
        and bool(edit.value)
    )


def _read_back(line: str, key: str) -> Any:
    return _check_toml(line + "\n")[key]


def _key_parts(text: str) -> list[str]:
    """The parts of a dotted key as written (``initiatives."a b".cost``), unquoted."""
    return [_header_key(match.group()) for match in _KEY_PART.finditer(text)]


def _concrete_path(
    parts: list[str], is_array: bool, counts: dict[tuple[str | int, ...], int]
) -> tuple[str | int, ...]:
    """A header's path with the index of the current element after each array of tables."""
    path: list[str | int] = []
    for position, part in enumerate(parts):
        path.append(part)
        key = tuple(path)
        if is_array and position == len(parts) - 1:
            counts[key] = counts.get(key, 0) + 1
            path.append(counts[key] - 1)
        elif key in counts:
            path.append(counts[key] - 1)
    return tuple(path)


def _insert_lines(lines: list[str], placements: list[_Placement]) -> str:
    """The text with each placement's lines inserted (several at one place in rank order),
    each line ending as the line before it does."""
    lines = list(lines)
    ordered = sorted(
        enumerate(placements), key=lambda item: (item[1].position, item[1].rank, item[0])
    )
    for _index, placement in reversed(ordered):
        position = placement.position
        previous = lines[position - 1] if position > 0 else ""
        newline = "\r\n" if previous.endswith("\r\n") else "\n"
        if position > 0 and not previous.endswith("\n"):
            lines[position - 1] = previous + newline
        lines[position:position] = [line + newline for line in placement.lines]
    return "".join(lines)


def _with_written(data: dict[str, Any], edits: list[_Edit], placements: list[_Placement]) -> Any:
    """``data`` (not changed) with the value of each placed edit set as written."""
    expected = copy.deepcopy(data)
    for edit, placement in zip(edits, placements, strict=True):
        table: Any = expected
        for part in edit.path:
            table = table[part]
        table[edit.key] = placement.written
    return expected


def _initiative_text(initiative_id: str, fields: Mapping[str, object]) -> str:
    """The TOML text of a new ``[initiatives.<id>]`` table, keys in the plan format's order."""
    rank = {name: position for position, name in enumerate(FIELD_ORDER)}
    plain = {key: _normalise(key, value) for key, value in fields.items() if value is not None}
    ordered = sorted(plain, key=lambda key: rank.get(key, len(rank)))
    header = f"[initiatives.{_key_text(initiative_id)}]\n"
    simple: list[str] = []
    tables: list[str] = []
    for key in ordered:
        value = plain[key]
        if key in ("cost", "staffing") and isinstance(value, Mapping):
            tables.append(f"[initiatives.{_key_text(initiative_id)}.{key}]\n")
            tables.extend(f"{_key_text(k)} = {_item(v).as_string()}\n" for k, v in value.items())
        elif key == "kpis" and isinstance(value, list):
            for kpi in value:
                tables.append(f"[[initiatives.{_key_text(initiative_id)}.kpis]]\n")
                tables.extend(f"{_key_text(k)} = {_item(v).as_string()}\n" for k, v in kpi.items())
        else:
            simple.append(f"{_key_text(key)} = {_item(value).as_string()}\n")
    return header + "".join(simple) + "".join(tables)


def save_plan(
    path: str | os.PathLike[str],
    text: str,
    loaded_state: FileState | None,
    *,
    overwrite: bool = False,
) -> FileState | None:
    """Write ``text`` to ``path`` atomically, as the file was; returns the file's new state.

    The file keeps its byte-order mark and line endings (``loaded_state.form``), its
    permissions, and, through a symbolic link, the link. Raises :class:`ConflictError` when the
    file changed on disk since ``loaded_state`` (or, with no ``loaded_state``, when a file
    appeared where none was), unless ``overwrite``; :class:`~roadmap.core.planfile.fileio.WriteError` (an
    ``OSError``) when it cannot be written.
    """
    from roadmap.core.planfile.fileio import FileChangedError, TextForm

    form = loaded_state.form if loaded_state is not None else TextForm()
    try:
        return atomic_write(
            path,
            form.encode(text),
            unchanged_since=None if overwrite else loaded_state,
            must_not_exist=not overwrite and loaded_state is None,
        )
    except FileChangedError:
        raise ConflictError(str(path)) from None


def minimal_plan_text(title: str, start: dt.date, organization: str | None = None) -> str:
    """The text of a new plan with one initiative, for ``roadmap edit`` on a missing file."""
    lines = [
        "[plan]",
        f"title = {_item(title).as_string()}",
    ]
    if organization:
        lines.append(f"organization = {_item(organization).as_string()}")
    lines += [
        f"start = {start.isoformat()}",
        'calendar = "business"',
        "",
        "[initiatives.dx-policy]",
        'title = "DX推進方針の策定"',
        'duration = "3mo"',
        "",
    ]
    return "\n".join(lines)


def ids_in(entries: Iterable[object]) -> list[str]:
    """The ids named by ``depends_on`` entries (strings or tables)."""
    return [value for value in (_dependency_id(entry) for entry in entries) if value is not None]
