"""The message catalogue (roadmap.core.i18n) is whole: every key the code uses is there in both
languages with the same placeholders, no key is left unused, and a missing key fails a test.

The code is read as source (``ast``), not run: a key is *used* when it appears as a string
literal anywhere in ``roadmap/``, ``exporters/`` or ``tui/``, or matches an f-string that builds
keys (``f"severity.{problem.severity}"``). Keys built from values (problem codes, severities,
statuses, binding ids...) are checked family by family against the values the code can produce.
"""

from __future__ import annotations

import ast
import re
import string
import tomllib
import typing
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from roadmap.core import i18n
from roadmap.core.analysis.kpi import KpiStatus
from roadmap.core.analysis.risk_result import Distribution
from roadmap.core.i18n import LANGS, UnknownMessageError, catalogue, has_text, text
from roadmap.core.model.plan import Cost, Kpi, Status, Step
from roadmap.core.model.problems import Severity

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("roadmap", "exporters", "tui")
I18N_DIR = ROOT / "roadmap" / "core" / "i18n"


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@cache
def _trees() -> tuple[tuple[Path, ast.Module], ...]:
    return tuple(_modules())


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _calls(*names: str) -> Iterator[tuple[Path, ast.Call]]:
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node) in names:
                yield path, node


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _pattern(node: ast.JoinedStr) -> re.Pattern[str] | None:
    """The keys an f-string can build: each ``{...}`` is one dot-free part of a key.

    Only f-strings whose fixed parts look like a key (``severity.{x}``, ``{code}.hint``) count.
    """
    parts: list[str] = []
    fixed = ""
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            parts.append(re.escape(value.value))
            fixed += value.value
        else:
            parts.append(r"[\w-]+")
    if "." not in fixed or not re.fullmatch(r"[a-z0-9_.-]*[a-z][a-z0-9_.-]*", fixed):
        return None
    return re.compile("".join(parts))


@cache
def _used() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """Every string literal in the code, and every key pattern its f-strings build."""
    literals: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for _, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                pattern = _pattern(node)
                if pattern is not None:
                    patterns.append(pattern)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    return frozenset(literals), tuple(patterns)


def _entries() -> dict[str, dict[str, object]]:
    merged: dict[str, dict[str, object]] = {}
    for path in sorted((I18N_DIR / "messages").glob("*.toml")):
        merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
    return merged


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# -- the catalogue itself -------------------------------------------------------------------


def test_every_entry_has_both_languages_and_nothing_else() -> None:
    bad = {key: sorted(entry) for key, entry in _entries().items() if sorted(entry) != ["en", "ja"]}
    assert bad == {}


def test_no_message_is_empty() -> None:
    empty = [
        (key, lang)
        for key, label in catalogue().items()
        for lang, value in zip(LANGS, label, strict=True)
        if not value.strip()
    ]
    assert empty == []


#: Messages whose languages name a thing differently on purpose; the caller passes both.
DIFFERENT_FIELDS = {
    "tui.gantt.month": "Japanese numbers the month (4月), English abbreviates it (Apr)",
}


def test_placeholders_match_between_languages() -> None:
    mismatched = {
        key: (sorted(_fields(label.ja)), sorted(_fields(label.en)))
        for key, label in catalogue().items()
        if _fields(label.ja) != _fields(label.en) and key not in DIFFERENT_FIELDS
    }
    assert mismatched == {}


def test_every_label_has_both_languages_and_no_empty_word() -> None:
    labels = tomllib.loads((I18N_DIR / "labels.toml").read_text(encoding="utf-8"))
    bad = [
        f"{kind}.{key}"
        for kind, table in labels.items()
        for key, entry in table.items()
        if sorted(entry) != ["en", "ja"] or not entry["ja"].strip() or not entry["en"].strip()
    ]
    assert bad == []


# -- lookups ---------------------------------------------------------------------------------


def test_an_unknown_key_raises_in_strict_mode() -> None:
    # The suite runs in strict mode (tests/conftest.py), so a typo in a key fails a test.
    with pytest.raises(UnknownMessageError):
        text("no.such.key")


def test_an_unknown_key_falls_back_to_the_key_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.STRICT_ENV, raising=False)
    assert text("no.such.key", "en") == "no.such.key"


def test_a_key_defined_in_two_files_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "messages").mkdir()
    entry = '["same.key"]\nja = "あ"\nen = "a"\n'
    (tmp_path / "messages" / "one.toml").write_text(entry, encoding="utf-8")
    (tmp_path / "messages" / "two.toml").write_text(entry, encoding="utf-8")
    monkeypatch.setattr(i18n, "_HERE", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"same\.key"):
            i18n.catalogue()
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()
    assert has_text("check.summary")


def test_the_bundled_files_define_each_key_once() -> None:
    seen: dict[str, str] = {}
    twice = []
    for path in sorted((I18N_DIR / "messages").glob("*.toml")):
        for key in tomllib.loads(path.read_text(encoding="utf-8")):
            if key in seen:
                twice.append((key, seen[key], path.name))
            seen[key] = path.name
    assert twice == []


# -- every key used exists ---------------------------------------------------------------------


def test_every_literal_key_in_the_code_exists() -> None:
    """``text("key")``, ``has_text("key")``, ``Problem("code")`` and ``hint_key="key"``."""
    missing = []
    for path, call in _calls("text", "has_text", "Problem"):
        key = _literal(call.args[0]) if call.args else None
        if key is not None and not has_text(key):
            missing.append(f"{_where(path, call)} {key}")
        for keyword in call.keywords:
            hint = _literal(keyword.value) if keyword.arg == "hint_key" else None
            if hint is not None and not has_text(hint):
                missing.append(f"{_where(path, call)} {hint}")
    assert missing == []


def test_every_built_key_matches_some_entry() -> None:
    """``text(f"severity.{...}")``: the family has at least one entry (the families are checked
    whole below)."""
    keys = catalogue()
    empty = []
    for path, call in _calls("text"):
        if call.args and isinstance(call.args[0], ast.JoinedStr):
            pattern = _pattern(call.args[0])
            if pattern is None or not any(pattern.fullmatch(key) for key in keys):
                empty.append(f"{_where(path, call)} {ast.unparse(call.args[0])}")
    assert empty == []


def test_every_problem_code_passed_through_a_helper_exists() -> None:
    """Codes given to helpers that make a Problem (``_dependency_problem("self-dependency", ...)``)
    and codes in tables (``("kpi-missing-baseline", kpi.baseline)``)."""
    codes = set()
    for _, call in _calls("_dependency_problem"):
        code = _literal(call.args[0]) if call.args else None
        if code is not None:
            codes.add(code)
    codes |= {"kpi-missing-baseline", "kpi-missing-target"}
    assert sorted(code for code in codes if not has_text(code)) == []


@pytest.mark.parametrize(
    ("family", "values"),
    [
        ("severity.{}", [str(severity) for severity in Severity]),
        ("risk.distribution.{}", typing.get_args(Distribution)),
        ("kpi.status.{}", typing.get_args(KpiStatus)),
        ("kpi.kind.{}", typing.get_args(Kpi.model_fields["kind"].annotation)),
        ("budget.booking.{}", typing.get_args(Cost.model_fields["booking"].annotation)),
        ("diff.section.{}", ("plan", "teams", "budget")),
    ],
)
def test_every_value_of_a_family_has_a_message(family: str, values: tuple[str, ...]) -> None:
    assert [family.format(value) for value in values if not has_text(family.format(value))] == []


def test_every_write_failure_reason_has_a_message() -> None:
    from roadmap.core.planfile import fileio

    reasons = {*fileio._REASONS.values(), "failed", "changed"}
    assert sorted(reason for reason in reasons if not has_text(f"write.{reason}")) == []


def test_every_step_and_status_has_a_label() -> None:
    labels = tomllib.loads((I18N_DIR / "labels.toml").read_text(encoding="utf-8"))
    assert sorted(({str(step) for step in Step} | {"common"}) - set(labels["step"])) == []
    assert sorted({str(status) for status in Status} - set(labels["status"])) == []


def test_every_field_label_asked_for_by_name_exists() -> None:
    labels = tomllib.loads((I18N_DIR / "labels.toml").read_text(encoding="utf-8"))
    missing = []
    for path, call in _calls("field_label", "status_label", "step_label"):
        key = _literal(call.args[0]) if call.args else None
        kind = {"field_label": "field", "status_label": "status", "step_label": "step"}[
            _name(call) or ""
        ]
        if key is not None and key not in labels[kind]:
            missing.append(f"{_where(path, call)} {kind}.{key}")
    assert missing == []


def test_every_binding_id_has_a_label() -> None:
    """A binding's id names ``tui.binding.<id>`` (or a ``tui.`` key itself): without an entry
    the binding would keep its English description in Japanese."""
    missing = []
    for path, call in _calls("Binding"):
        for keyword in call.keywords:
            binding_id = _literal(keyword.value) if keyword.arg == "id" else None
            if binding_id is None:
                continue
            key = binding_id if binding_id.startswith("tui.") else f"tui.binding.{binding_id}"
            if not has_text(key):
                missing.append(f"{_where(path, call)} {key}")
    assert missing == []


# -- no orphan keys --------------------------------------------------------------------------

#: Keys used only through a value the code computes, with where: the family tests above
#: check them whole.
DYNAMIC_FAMILIES = (
    # Problem(code).message() and .hint(): the code is the key, "<code>.hint" its hint.
    re.compile(r"[\w-]+\.hint"),
)


def test_every_key_is_used_somewhere() -> None:
    literals, patterns = _used()
    orphans = sorted(
        key
        for key in catalogue()
        if key not in literals
        and not any(pattern.fullmatch(key) for pattern in (*patterns, *DYNAMIC_FAMILIES))
    )
    assert orphans == []
