"""Three-way merge of a plan edited here with the same file changed on disk.

The editor loaded a text (the *base*), the user edited it (*ours*), and meanwhile the file on
disk became another text (*theirs*: a ``git pull``, a colleague's save). Our edits are field
operations on the document (:func:`operations_between` reads them off the base and our text:
one per changed field of ``[plan]`` or of an initiative, plus whole initiatives added or
deleted); :func:`merge_plan` re-applies them onto their text:

- a field changed on our side only is written into their text;
- a field changed on their side only keeps their value (it is already in their text);
- a field both sides set to the same value needs nothing;
- a field both sides changed to different values is a :class:`Conflict`, and so is an
  initiative one side deleted while the other changed it. Each conflict is resolved by
  ``choices`` (its :attr:`Conflict.key` -> ``"ours"`` or ``"theirs"``); without a choice
  their value stays. Every conflict is returned, so that nothing is dropped without being
  shown.

Values in, values out: texts and operations in, the merged text and the conflicts out. Only
their text's layout is kept; our edits are written into it through :class:`PlanDocument`, so
their comments and the lines nobody changed stay as they are.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from roadmap.core.planfile.document import EditError, PlanDocument
from roadmap.core.planfile.source import load_toml

__all__ = [
    "WHOLE",
    "AddInitiative",
    "Conflict",
    "DeleteInitiative",
    "FieldChange",
    "MergeError",
    "MergeResult",
    "Operation",
    "Side",
    "field_key",
    "flatten",
    "merge_plan",
    "operations_between",
]

#: Which side a conflict is resolved to.
Side = Literal["ours", "theirs"]

#: The field that stands for a whole initiative in a :class:`Conflict` (deleted on one side).
WHOLE = "*"


class MergeError(ValueError):
    """A text cannot be merged (it is not TOML, or not a plan the document can edit)."""


@dataclass(frozen=True)
class FieldChange:
    """Set ``field`` (dotted into sub-tables: ``cost.initial``) to ``value`` (``None``: remove).

    ``initiative`` is the initiative's id, or ``None`` for a key of ``[plan]``.
    """

    initiative: str | None
    field: str
    value: Any


@dataclass(frozen=True)
class AddInitiative:
    """Add the initiative ``initiative`` with ``fields``, after ``after`` (or last)."""

    initiative: str
    fields: Mapping[str, Any]
    after: str | None = None


@dataclass(frozen=True)
class DeleteInitiative:
    """Delete the initiative ``initiative`` (its dependents are edited by field changes)."""

    initiative: str


Operation = FieldChange | AddInitiative | DeleteInitiative


@dataclass(frozen=True)
class Conflict:
    """A field (or, with ``field == "*"``, a whole initiative) both sides changed differently.

    ``base``, ``ours`` and ``theirs`` are the values on each side (``None``: absent).
    """

    initiative: str | None
    field: str
    base: Any
    ours: Any
    theirs: Any

    @property
    def key(self) -> str:
        """``a.title``, ``plan.start`` or ``a`` (a whole initiative): how ``choices`` name it."""
        return field_key(self.initiative, self.field)


def field_key(initiative: str | None, field: str) -> str:
    """How a field is named in :attr:`Conflict.key` and :attr:`MergeResult.applied`."""
    owner = "plan" if initiative is None else initiative
    return owner if field == WHOLE else f"{owner}.{field}"


@dataclass
class MergeResult:
    """The merged text, every conflict met, and the keys of our changes written into it."""

    text: str
    conflicts: list[Conflict] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


# -- reading operations off two texts -----------------------------------------------------


def _data(text: str, side: str) -> dict[str, Any]:
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as error:
        raise MergeError(f"{side}: {error}") from error
    return data


def _initiatives(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    table = data.get("initiatives", {})
    if not isinstance(table, dict):
        return {}
    return {str(key): value for key, value in table.items() if isinstance(value, dict)}


def _plan(data: Mapping[str, Any]) -> dict[str, Any]:
    table = data.get("plan", {})
    return table if isinstance(table, dict) else {}


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Fields of a table by dotted name; sub-tables are entered, arrays (KPIs too) are values.

    >>> flatten({"title": "A", "cost": {"initial": 5, "yearly": 1}})
    {'title': 'A', 'cost.initial': 5, 'cost.yearly': 1}
    """
    fields: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            fields.update(flatten(value, f"{name}."))
        else:
            fields[name] = value
    return fields


def _changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any], *, nested: bool = True
) -> Iterable[tuple[str, Any]]:
    """(field, new value) of every field that differs, in ``after``'s order then removals;
    ``nested``: sub-tables field by field (an initiative's), else whole (``[plan]``'s)."""
    old, new = (flatten(before), flatten(after)) if nested else (dict(before), dict(after))
    for name, value in new.items():
        if old.get(name) != value or name not in old:
            yield name, value
    for name in old:
        if name not in new:
            yield name, None


def operations_between(base_text: str, our_text: str) -> list[Operation]:
    """Our edits as operations: what turns the base text's plan into our text's.

    Raises :class:`MergeError` when either text is not TOML.
    """
    base, ours = _data(base_text, "base"), _data(our_text, "ours")
    operations: list[Operation] = [
        FieldChange(None, name, value)
        for name, value in _changed_fields(_plan(base), _plan(ours), nested=False)
    ]
    base_items, our_items = _initiatives(base), _initiatives(ours)
    previous: str | None = None
    for key, table in our_items.items():
        if key not in base_items:
            operations.append(AddInitiative(key, table, previous))
        else:
            operations.extend(
                FieldChange(key, name, value)
                for name, value in _changed_fields(base_items[key], table)
            )
        previous = key
    operations.extend(DeleteInitiative(key) for key in base_items if key not in our_items)
    return operations


# -- merging ------------------------------------------------------------------------------


def _get(table: Mapping[str, Any] | None, name: str) -> Any:
    return None if table is None else flatten(table).get(name)


class _Merger:
    def __init__(self, base_text: str, their_text: str, choices: Mapping[str, Side]) -> None:
        self.base = _data(base_text, "base")
        self.theirs = _data(their_text, "theirs")
        self.base_items = _initiatives(self.base)
        self.their_items = _initiatives(self.theirs)
        self.choices = choices
        try:
            self.document = PlanDocument.from_text(their_text)
        except EditError as error:
            raise MergeError(str(error)) from error
        self.result = MergeResult(their_text)

    def conflict(self, conflict: Conflict) -> bool:
        """Record ``conflict``; whether our side was chosen for it."""
        self.result.conflicts.append(conflict)
        return self.choices.get(conflict.key) == "ours"

    def field(self, change: FieldChange) -> None:
        owner = change.initiative
        if owner is None:
            base_value = _plan(self.base).get(change.field)
            their_value = _plan(self.theirs).get(change.field)
        else:
            if owner not in self.their_items:
                return  # deleted on their side: one conflict for the whole initiative
            base_value = _get(self.base_items.get(owner), change.field)
            their_value = _get(self.their_items[owner], change.field)
        if their_value == change.value:
            return
        if their_value != base_value and not self.conflict(
            Conflict(owner, change.field, base_value, change.value, their_value)
        ):
            return
        self.write(change)

    def write(self, change: FieldChange) -> None:
        owner = change.initiative
        try:
            if owner is None:
                if "." in change.field:
                    raise EditError(f"plan.{change.field}")
                self.document.set_plan_field(change.field, change.value)
            elif change.field == "kpis":
                value = change.value if isinstance(change.value, list) else []
                self.document.set_kpis(owner, value)
            else:
                self.document.set_field(owner, change.field, change.value)
        except EditError as error:
            raise MergeError(str(error)) from error
        self.result.applied.append(field_key(owner, change.field))

    def add(self, add: AddInitiative) -> None:
        if add.initiative in self.their_items:
            # added on both sides: field by field against an empty base
            for name, value in flatten(add.fields).items():
                self.field(FieldChange(add.initiative, name, value))
            return
        after = add.after if add.after is None or self.document.has_initiative(add.after) else None
        try:
            self.document.add_initiative(add.initiative, add.fields, after=after)
        except EditError as error:
            raise MergeError(str(error)) from error
        self.result.applied.append(add.initiative)

    def delete(self, delete: DeleteInitiative) -> None:
        key = delete.initiative
        if key not in self.their_items:
            return
        base = self.base_items.get(key)
        theirs = self.their_items[key]
        if theirs != base and not self.conflict(Conflict(key, WHOLE, base, None, theirs)):
            return
        try:
            self.document.delete_initiative(key, remove_dependents=False)
        except EditError as error:
            raise MergeError(str(error)) from error
        self.result.applied.append(key)

    def restore(self, key: str, ours: Mapping[str, Any], after: str | None) -> None:
        """An initiative we changed and they deleted: a conflict; ours brings it back."""
        conflict = Conflict(key, WHOLE, self.base_items.get(key), dict(ours), None)
        if self.conflict(conflict):
            self.add(AddInitiative(key, ours, after))


def merge_plan(
    base_text: str,
    their_text: str,
    operations: Iterable[Operation],
    choices: Mapping[str, Side] | None = None,
    *,
    our_text: str | None = None,
) -> MergeResult:
    """Re-apply ``operations`` (our edits of ``base_text``) onto ``their_text``.

    ``choices`` resolves conflicts by :attr:`Conflict.key` (their value stays without one).
    ``our_text`` (the text the operations came from) is needed only to bring back an
    initiative we changed and they deleted, when the user chooses ours for it.
    Raises :class:`MergeError` when a text is not TOML or an edit cannot be written.
    """
    merger = _Merger(base_text, their_text, choices or {})
    ours = _initiatives(_data(our_text, "ours")) if our_text is not None else {}
    operations = list(operations)
    restored: set[str] = set()
    adds: list[AddInitiative] = []
    deletes: list[DeleteInitiative] = []
    for operation in operations:
        if isinstance(operation, AddInitiative):
            adds.append(operation)
        elif isinstance(operation, DeleteInitiative):
            deletes.append(operation)
        elif (
            operation.initiative is not None
            and operation.initiative in merger.base_items
            and operation.initiative not in merger.their_items
        ):
            key = operation.initiative
            if key not in restored:
                restored.add(key)
                table = ours.get(key) or _patched(merger.base_items[key], operations, key)
                merger.restore(key, table, None)
        else:
            merger.field(operation)
    for add in adds:
        merger.add(add)
    for delete in deletes:
        merger.delete(delete)
    merger.result.text = merger.document.to_text()
    return merger.result


def _patched(base: Mapping[str, Any], operations: Iterable[Operation], key: str) -> dict[str, Any]:
    """An initiative's base table with our field changes applied (when our text is not given)."""
    fields = flatten(base)
    for operation in operations:
        if isinstance(operation, FieldChange) and operation.initiative == key:
            if operation.value is None:
                fields.pop(operation.field, None)
            else:
                fields[operation.field] = operation.value
    table: dict[str, Any] = {}
    for name, value in fields.items():
        *parents, last = name.split(".")
        target = table
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return table
