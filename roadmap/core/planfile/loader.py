"""Loading a plan file: bytes -> text -> TOML -> :class:`~roadmap.core.model.plan.Plan` plus problems.

Every problem is collected, none stops the load early: each initiative is validated on its own,
so one bad initiative does not hide the others, and the TUI can still open a plan with errors.
Pydantic's errors are translated into :class:`~roadmap.core.model.problems.Problem` values with stable
codes, the line of the key, and did-you-mean hints for typos.

Why one module of this size: loading is one pipeline over one problem list and one line index
(decode, parse, includes, validate each initiative, locate each problem); split, each part would
pass both around. Multi-file plans live in :mod:`roadmap.core.planfile.includes`.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from roadmap.core.i18n import Lang, step_label, text
from roadmap.core.model.money import Actual, CostLine, Financing, TaxAllocation
from roadmap.core.model.plan import (
    MAX_FTE,
    MAX_KPI_VALUE,
    MAX_RISK_SEED,
    MODEL_CODES,
    Blackout,
    Budget,
    Cost,
    Council,
    Dependency,
    Initiative,
    Kpi,
    Plan,
    PlanSettings,
    Status,
    Step,
    Team,
    ThreePointDuration,
    field_names,
)
from roadmap.core.model.problems import Problem, did_you_mean
from roadmap.core.planfile.source import (
    LineIndex,
    ParsedText,
    decode_plan_bytes,
    parse_toml,
    too_deep_problem,
)

__all__ = [
    "MAX_PLAN_BYTES",
    "LoadedPlan",
    "PlanIOError",
    "load_plan",
    "parse_plan",
    "plan_from_parsed",
    "read_plan_bytes",
]

#: The largest plan file read (20 MiB; the bundled example plan is about 34 KB).
MAX_PLAN_BYTES = 20 * 1024 * 1024

_M = TypeVar("_M", bound=BaseModel)

TOP_LEVEL_KEYS = ("plan", "initiatives", "teams", "budget", "council", "blackouts")

#: The model a table at a relative location is validated by, for did-you-mean on unknown keys.
_SUBMODELS: dict[str, type[Any]] = {
    "cost": Cost,
    "kpis": Kpi,
    "depends_on": Dependency,
    "duration": ThreePointDuration,
    "costs": CostLine,
    "financing": Financing,
    "tax_allocation": TaxAllocation,
    "actuals": Actual,
}

#: The catalogue key of the type a pydantic error kind expected (named in both languages).
_TYPE_WORDS = {
    "string_type": "type.string",
    "int_type": "type.integer",
    "int_parsing": "type.integer",
    "int_from_float": "type.integer",
    "float_type": "type.number",
    "float_parsing": "type.number",
    "list_type": "type.array",
    "tuple_type": "type.array",
    "dict_type": "type.table",
    "model_type": "type.table",
    "dataclass_type": "type.table",
    "model_attributes_type": "type.table",
    "bool_type": "type.boolean",
    "bool_parsing": "type.boolean",
}

_DATE_ERRORS = frozenset(
    {
        "date_type",
        "date_parsing",
        "date_from_datetime_inexact",
        "date_from_datetime_parsing",
        "date_future",
        "date_past",
    }
)

_UNION_TAGS = frozenset({"plain", "three_point"})


class PlanIOError(OSError):
    """The plan file cannot be read at all: exit code 2.

    ``reason`` is ``"missing"``, ``"directory"``, ``"unreadable"``, ``"not_regular"`` (a pipe
    or a device) or ``"too_large"``; :meth:`message` renders it (``args`` fill the message).
    """

    def __init__(self, path: str, reason: str, detail: str = "", **args: object) -> None:
        super().__init__(f"{path}: {reason} {detail}".strip())
        self.path = path
        self.reason = reason
        self.detail = detail
        self.args_for_message = args

    def message(self, lang: Lang = "ja") -> str:
        return text(
            f"io.{self.reason}", lang, path=self.path, detail=self.detail, **self.args_for_message
        )


@dataclass
class LoadedPlan:
    """A plan as loaded: the text, its parsed data, the model (if any) and every problem."""

    file: str | None
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    plan: Plan | None = None
    problems: list[Problem] = field(default_factory=list)
    lines: LineIndex | None = None
    #: For initiatives read from included files (:mod:`roadmap.core.planfile.includes`): id -> (file, lines).
    sources: dict[str, tuple[str, LineIndex]] = field(default_factory=dict)


def read_plan_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a plan file, or :class:`PlanIOError` with a reason a person can act on.

    Only a regular file of at most :data:`MAX_PLAN_BYTES` is read: a pipe, a device such as
    ``/dev/zero`` or a folder is refused before a byte is read (the file is opened without
    blocking and checked with ``fstat``), and so is a larger file.
    """
    target = Path(path)
    if target.is_dir():
        raise PlanIOError(str(target), "directory")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(target, flags)
    except FileNotFoundError:
        raise PlanIOError(str(target), "missing") from None
    except OSError as error:
        raise PlanIOError(str(target), "unreadable", str(error.strerror or error)) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise PlanIOError(str(target), "directory")
        if not stat.S_ISREG(info.st_mode):
            raise PlanIOError(str(target), "not_regular", "not a regular file")
        if info.st_size > MAX_PLAN_BYTES:
            raise _too_large(target, info.st_size)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_PLAN_BYTES + 1)  # a file that grew since fstat stops here
    except OSError as error:
        if isinstance(error, PlanIOError):
            raise
        raise PlanIOError(str(target), "unreadable", str(error.strerror or error)) from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_PLAN_BYTES:
        raise _too_large(target, len(data))
    return data


def _too_large(target: Path, size: int) -> PlanIOError:
    return PlanIOError(
        str(target),
        "too_large",
        f"{size:,} bytes, over {MAX_PLAN_BYTES:,}",
        size=f"{size:,}",
        limit=f"{MAX_PLAN_BYTES:,}",
    )


def load_plan(path: str | os.PathLike[str]) -> LoadedPlan:
    """Load the plan at ``path``; I/O failures raise :class:`PlanIOError`, all else is problems."""
    data = read_plan_bytes(path)
    return parse_plan_bytes(data, file=str(path))


def parse_plan_bytes(data: bytes, file: str | None = None) -> LoadedPlan:
    text, problems = decode_plan_bytes(data, file)
    if text is None:
        return LoadedPlan(file=file, text="", problems=problems)
    return parse_plan(text, file=file)


#: Texts at least this long (about 1,500 initiatives) load with the cyclic garbage collector
#: paused: loading builds millions of objects and no garbage cycles, and the collector's passes
#: over them were a quarter of the load's time at 10,000 initiatives.
GC_PAUSE_CHARS = 200_000


@contextmanager
def paused_gc(text: str) -> Iterator[None]:
    """Pause the cyclic garbage collector while a long ``text`` loads (restored after, also
    on error; left alone when it was already off)."""
    if len(text) < GC_PAUSE_CHARS or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_plan(text: str, file: str | None = None) -> LoadedPlan:
    """Parse plan text into a :class:`LoadedPlan`; never raises for bad input."""
    with paused_gc(text):
        return plan_from_parsed(text, parse_toml(text, file), file)


def plan_from_parsed(
    text: str, parsed: ParsedText, file: str | None = None, *, keep_data: bool = True
) -> LoadedPlan:
    """:func:`parse_plan` for a text already parsed by :func:`parse_toml` (no second parse).

    The line index is lazy: it scans ``text`` only when a problem asks for a line. With
    ``keep_data=False`` each initiative's parsed table is let go as soon as its model is built
    and ``data`` of the result is empty: for callers that only need the model (at 100,000
    initiatives the tables and the models together took 100 MB more at their peak).
    """
    loaded = LoadedPlan(file=file, text=text, problems=list(parsed.problems))
    if parsed.data is None:
        return loaded
    loaded.data = parsed.data
    try:
        loaded.lines = LineIndex(text)
        with paused_gc(text):
            loaded.plan = _build_plan(
                parsed.data, file, loaded.lines, loaded.problems, consume=not keep_data
            )
        if not keep_data:
            loaded.data = {}
    except RecursionError:
        loaded.plan = None
        loaded.problems.append(too_deep_problem(file))
    return loaded


def plan_from_data(
    data: Mapping[str, Any], file: str | None = None, lines: LineIndex | None = None
) -> tuple[Plan | None, list[Problem]]:
    """Build a plan from already parsed TOML data (used for in-memory edits and multi-file plans)."""
    problems: list[Problem] = []
    plan = _build_plan(data, file, lines, problems)
    return plan, problems


# -- building the model -------------------------------------------------------------------------

#: A character ``str.isspace`` calls whitespace (``re`` and ``str`` share the definition).
_WHITESPACE = re.compile(r"\s")


def _build_plan(
    data: Mapping[str, Any],
    file: str | None,
    lines: LineIndex | None,
    problems: list[Problem],
    *,
    consume: bool = False,
) -> Plan | None:
    """The plan model of parsed ``data``, its problems added to ``problems``; with
    ``consume``, each initiative's table is taken out of ``data`` once its model is built."""

    def line(*path: str | int) -> int | None:
        return lines.line_of(path) if lines else None

    for key in data:
        if key not in TOP_LEVEL_KEYS:
            problems.append(_unknown_key(key, TOP_LEVEL_KEYS, file, line(key), None))

    settings: PlanSettings | None = None
    raw_settings = data.get("plan")
    if raw_settings is None:
        problems.append(
            Problem(
                "missing-key",
                file=file,
                line=1,
                args={"key": "plan"},
                hint_key="missing-key.hint",
                hint_args={"key": "[plan]"},
            )
        )
    else:
        settings = _validate(PlanSettings, raw_settings, ("plan",), None, file, line, problems)

    initiatives: dict[str, Initiative] = {}
    invalid: set[str] = set()
    salvaged: dict[str, Initiative] = {}
    raw_initiatives = data.get("initiatives", {})
    if not isinstance(raw_initiatives, Mapping):
        problems.append(_type_problem("initiatives", "dict_type", file, line("initiatives"), None))
        raw_initiatives = {}
    check_ids = not _plain_ids(raw_initiatives)
    shared: dict[str, str] = {key: key for key in raw_initiatives if type(key) is str}
    # what Initiative.model_validate calls, without its wrapper and ``_validate``'s: at 100,000
    # initiatives they took 0.1 s (validating all in one call of a TypeAdapter over a list
    # took as long as these calls one by one, so each is validated on its own, as before)
    validate = Initiative.__pydantic_validator__.validate_python
    given = _GivenFields()
    for initiative_id, raw in _initiative_tables(raw_initiatives, consume):
        if check_ids and (
            not initiative_id.strip()
            or not initiative_id.isprintable()
            or _WHITESPACE.search(initiative_id)
        ):
            problems.append(
                Problem(
                    "invalid-id",
                    file=file,
                    line=line("initiatives", initiative_id),
                    initiative=initiative_id,
                    args={"value": initiative_id},
                )
            )
            invalid.add(initiative_id)
            continue
        if type(raw) is not dict and not isinstance(raw, Mapping):  # dict: no ABC check
            problems.append(
                _type_problem(
                    "initiatives." + initiative_id,
                    "dict_type",
                    file,
                    line("initiatives", initiative_id),
                    initiative_id,
                )
            )
            invalid.add(initiative_id)
            continue
        if "id" in raw:
            problems.append(
                Problem(
                    "unknown-key",
                    file=file,
                    line=line("initiatives", initiative_id, "id"),
                    initiative=initiative_id,
                    field="id",
                    args={"key": "id"},
                    hint_key="unknown-key.hint-id",
                )
            )
            raw = {k: v for k, v in raw.items() if k != "id"}
        try:
            initiatives[initiative_id] = given.shared(
                validate(_shared_texts(raw, initiative_id, shared))
            )
        except ValidationError as error:
            before = len(problems)
            _add_problems(
                Initiative,
                error,
                ("initiatives", initiative_id),
                initiative_id,
                file,
                line,
                problems,
            )
            invalid.add(initiative_id)
            bad_fields = {(problem.field or "").split(".")[0] for problem in problems[before:]}
            rebuilt = _salvage(raw, initiative_id, bad_fields)
            if rebuilt is not None:
                salvaged[initiative_id] = rebuilt

    teams: dict[str, Team] = {}
    raw_teams = data.get("teams", {})
    if isinstance(raw_teams, Mapping):
        for name, raw in raw_teams.items():
            team = _validate(Team, raw, ("teams", name), None, file, line, problems)
            if team is not None:
                teams[name] = team
    else:
        problems.append(_type_problem("teams", "dict_type", file, line("teams"), None))

    budget = _validate(Budget, data.get("budget", {}), ("budget",), None, file, line, problems)
    council = _validate(Council, data.get("council", {}), ("council",), None, file, line, problems)
    blackouts: list[Blackout] = []
    raw_blackouts = data.get("blackouts", [])
    if not isinstance(raw_blackouts, list):
        problems.append(_type_problem("blackouts", "list_type", file, line("blackouts"), None))
        raw_blackouts = []
    for position, raw in enumerate(raw_blackouts):
        window = _validate(Blackout, raw, ("blackouts", position), None, file, line, problems)  # type: ignore[arg-type]
        if window is not None:
            blackouts.append(window)

    if settings is None:
        return None
    return Plan(
        plan=settings,
        initiatives=initiatives,
        teams=teams,
        budget=budget or Budget(),
        council=council or Council(),
        blackouts=blackouts,
        invalid_ids=frozenset(invalid),
        salvaged=salvaged,
    )


def _shared_texts(
    raw: Mapping[str, Any], initiative_id: str, shared: dict[str, str]
) -> dict[str, Any]:
    """``raw`` with its id, as the model reads it, its dependency ids and owner taken from
    ``shared`` (the initiative ids, and each owner once seen): the file repeats them, and as
    one string object each rather than a copy per mention, 100,000 initiatives take 20 MB
    less (and looking an id up finds the key itself)."""
    table = {**raw, "id": initiative_id}
    dependencies = table.get("depends_on")
    if type(dependencies) is list:
        table["depends_on"] = [
            shared.get(entry, entry) if type(entry) is str else entry for entry in dependencies
        ]
    owner = table.get("owner")
    if type(owner) is str:
        table["owner"] = shared.setdefault(owner, owner)
    return table


class _GivenFields:
    """One set of given field names for every initiative that gives the same keys.

    Each model keeps the names of the fields its table gave (``model_fields_set``, a set of
    some 700 bytes): at 100,000 initiatives 70 MB of sets, nearly all alike. An
    :class:`Initiative` is frozen, so nothing adds to the set of one model after it is built
    (a copy, :meth:`~pydantic.BaseModel.model_copy`, gets its own); models with equal sets
    share the first one's.
    """

    def __init__(self) -> None:
        self._sets: dict[frozenset[str], set[str]] = {}

    def shared(self, model: Initiative) -> Initiative:
        """``model`` holding the shared set equal to its own set of given fields."""
        own = model.__pydantic_fields_set__
        kept = self._sets.setdefault(frozenset(own), own)
        if kept is not own:
            object.__setattr__(model, "__pydantic_fields_set__", kept)
        return model


def _plain_ids(tables: Mapping[str, Any]) -> bool:
    """Whether every id in ``tables`` is certainly valid, found at once for all of them: none
    is empty, and their concatenation is printable and has no whitespace (both are properties
    of each character), so none is refused by the check of each id in :func:`_build_plan`
    (which took 0.04 s at 100,000 initiatives; this takes a few milliseconds)."""
    if "" in tables:
        return False
    try:
        joined = "".join(tables)
    except TypeError:  # an id that is not a string: each is checked, as before
        return False
    return joined.isprintable() and _WHITESPACE.search(joined) is None


def _initiative_tables(tables: Mapping[str, Any], consume: bool) -> Iterator[tuple[str, Any]]:
    """The ``(id, table)`` pairs of ``tables``; with ``consume``, each is taken out of
    ``tables`` (a dict) as it is handed over, so it is freed once its model is built."""
    if not consume or not isinstance(tables, dict):
        yield from tables.items()
        return
    for initiative_id in list(tables):
        yield initiative_id, tables.pop(initiative_id)


#: Placeholders for required fields when rebuilding an initiative without its bad fields.
_SALVAGE_DEFAULTS = {"title": "?", "duration": "0d"}


def _salvage(raw: Mapping[str, Any], initiative_id: str, bad_fields: set[str]) -> Initiative | None:
    """``raw`` rebuilt without ``bad_fields``, so the checks of meaning still see its links."""
    cleaned = {key: value for key, value in raw.items() if key not in bad_fields}
    for key, value in _SALVAGE_DEFAULTS.items():
        cleaned.setdefault(key, value)
    try:
        return Initiative.model_validate({**cleaned, "id": initiative_id})
    except ValidationError:
        return None


def _validate(
    model: type[_M],
    raw: object,
    base: tuple[str, ...],
    initiative: str | None,
    file: str | None,
    line: Any,
    problems: list[Problem],
) -> _M | None:
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        _add_problems(model, error, base, initiative, file, line, problems)
        return None


def _add_problems(
    model: type[BaseModel],
    error: ValidationError,
    base: tuple[str, ...],
    initiative: str | None,
    file: str | None,
    line: Any,
    problems: list[Problem],
) -> None:
    for item in error.errors():
        problems.append(_translate(model, item, base, initiative, file, line))


def _clean_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    return tuple(part for part in loc if not (isinstance(part, str) and part in _UNION_TAGS))


def _translate(
    model: type[BaseModel],
    item: Any,
    base: tuple[str, ...],
    initiative: str | None,
    file: str | None,
    line: Any,
) -> Problem:
    loc = _clean_loc(tuple(item["loc"]))
    kind: str = item["type"]
    value = item.get("input")
    path = (*base, *loc)
    where = {
        "file": file,
        "line": line(*path),
        "initiative": initiative,
        "field": ".".join(str(part) for part in loc) or None,
    }
    if base[:1] == ("teams",):  # a team's key is named with its team: teams.<name>.capacity
        where["field"] = ".".join(str(part) for part in (*base, *loc))
    key = _key_name(loc) if loc else base[-1]
    top_field = str(loc[0]) if loc else None

    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # a model; a dataclass
        allowed = _allowed_keys(model, loc[:-1])
        return _unknown_key(key, allowed, file, where["line"], initiative, field=where["field"])
    if kind == "missing":
        return Problem("missing-key", **where, args={"key": key})
    if kind == "duration":
        return Problem("invalid-duration", **where, args={"value": item["ctx"]["text"]})
    if kind in _DATE_ERRORS:
        return Problem("invalid-date", **where, args={"key": key, "value": _show(value)})
    if kind == "enum" and top_field == "step":
        choices = ", ".join(f"{step.value} ({step_label(step.value)})" for step in Step)
        return Problem("invalid-step", **where, args={"value": _show(value), "choices": choices})
    if kind == "enum" and top_field == "status":
        choices = ", ".join(status.value for status in Status)
        return Problem(
            "invalid-status",
            **where,
            args={"value": _show(value), "choices": choices},
            hint_key="invalid-choice.hint",
        )
    if kind in ("enum", "literal_error"):
        expected = item.get("ctx", {}).get("expected", "")
        return Problem(
            "invalid-value",
            **where,
            args={"key": key, "detail": f"{_show(value)}", "choices": expected},
            hint_key="invalid-choice.hint",
        )
    if kind in _RANGE_ERRORS or kind == "finite_number":
        ranged = _range_problem(kind, base, top_field, key, value, where)
        if ranged is not None:
            return ranged
    if kind in _TYPE_WORDS:
        ja, en = text(_TYPE_WORDS[kind], "ja"), text(_TYPE_WORDS[kind], "en")
        return Problem(
            "invalid-type", **where, args={"key": key, "detail": f"{_show(value)} ({ja} / {en})"}
        )
    if kind in MODEL_CODES:
        return Problem(kind, **where, args={"key": key, **item.get("ctx", {})})
    return Problem("invalid-value", **where, args={"key": key, "detail": item.get("msg", kind)})


_RANGE_ERRORS = frozenset({"greater_than_equal", "less_than_equal", "greater_than", "less_than"})


def _range_problem(
    kind: str,
    base: tuple[str, ...],
    top_field: str | None,
    key: str,
    value: object,
    where: dict[str, Any],
) -> Problem | None:
    """A number out of its range, or ``nan``/``inf``: the code names the field's own range
    (``None`` for a field without one of its own: a plain ``invalid-value`` then)."""
    shown = _show(value)
    if top_field == "progress":
        return Problem("progress-range", **where, args={"value": shown})
    if base == ("plan",) and top_field == "risk_seed":
        return Problem(
            "risk-seed-range", **where, args={"value": shown, "limit": f"{MAX_RISK_SEED}"}
        )
    if kind == "finite_number":
        return Problem("not-finite", **where, args={"key": key, "value": shown})
    if top_field == "staffing" or (base[:1] == ("teams",) and top_field == "capacity"):
        return Problem("fte-range", **where, args={"key": key, "value": shown, "limit": MAX_FTE})
    if top_field == "kpis":
        return Problem(
            "kpi-value-range",
            **where,
            args={"key": key, "value": shown, "limit": f"{MAX_KPI_VALUE:g}"},
        )
    return None


def _key_name(loc: tuple[str | int, ...]) -> str:
    """The key as a person wrote it: ``depends_on[0]`` for an array element, not ``0``."""
    if isinstance(loc[-1], int) and len(loc) > 1:
        return f"{loc[-2]}[{loc[-1]}]"
    return str(loc[-1])


def _type_problem(
    key: str, kind: str, file: str | None, line: int | None, initiative: str | None
) -> Problem:
    ja, en = text(_TYPE_WORDS[kind], "ja"), text(_TYPE_WORDS[kind], "en")
    return Problem(
        "invalid-type",
        file=file,
        line=line,
        initiative=initiative,
        args={"key": key, "detail": f"{ja} / {en}"},
    )


def _allowed_keys(model: type[Any], loc: tuple[str | int, ...]) -> tuple[str, ...]:
    current: type[Any] = model
    for part in loc:
        if isinstance(part, str) and part in _SUBMODELS and part in field_names(current):
            current = _SUBMODELS[part]
    return field_names(current)


def _unknown_key(
    key: str,
    allowed: tuple[str, ...] | list[str],
    file: str | None,
    line: int | None,
    initiative: str | None,
    field: str | None = None,
) -> Problem:
    suggestion = did_you_mean(key, list(allowed))
    if suggestion:
        return Problem(
            "unknown-key",
            file=file,
            line=line,
            initiative=initiative,
            field=field,
            args={"key": key},
            hint_args={"suggestion": suggestion},
        )
    return Problem(
        "unknown-key",
        file=file,
        line=line,
        initiative=initiative,
        field=field,
        args={"key": key},
        hint_key="unknown-key.hint-list",
        hint_args={"choices": ", ".join(allowed)},
    )


def _show(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."
