"""User-facing words live in the message catalogue (roadmap.core.i18n), not in the code.

Every string literal with Japanese in it in ``roadmap/``, ``exporters/`` and ``tui/`` (docstrings
and comments aside) must be domain data or notation listed below; anything else is a message
that belongs in ``roadmap/core/i18n/messages/*.toml`` with its English, used through ``text()``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("roadmap", "exporters", "tui")

#: Kana, CJK punctuation, kanji and full-width forms.
JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")

#: Modules of domain data and notation, not wording: their Japanese is the thing itself.
DOMAIN_MODULES = {
    # step aliases a plan file may use (標準化, ガバクラ...): accepted input
    "roadmap/core/model/plan.py": "step aliases accepted in plan files",
    # the 20 標準化対象事務 and their other names: validated input
    "roadmap/core/model/systems.py": "the 20 業務 names and aliases",
    # era names and the 年度 notation (令和8年度 (2026年度))
    "roadmap/core/calendar/fiscal.py": "年度 and era notation",
    # 和暦 dates (令和8年1月5日, R8.1.5)
    "roadmap/core/calendar/wareki.py": "和暦 notation",
    # endings of organisational units (課, 係, 室...): how an owner is told from a person's name
    "roadmap/core/analysis/public.py": "organisation unit endings",
    # the 節 of 地方自治法施行規則, their other spellings, and the typed 財源: validated input
    "roadmap/core/model/money.py": "budget items and funding sources",
}

#: Single literals of domain data or notation elsewhere, with why they stay.
DOMAIN_LITERALS = {
    # milestone tags accepted as input for "a report to the council"
    ("roadmap/core/analysis/schedule.py", "議会"): "accepted tag",
    ("roadmap/core/analysis/schedule.py", "議会報告"): "accepted tag",
    # the first initiative of a new plan: plan content, not UI wording
    ("roadmap/core/planfile/document.py", 'title = "DX推進方針の策定"'): "new plan content",
    # the western 年度 beside fiscal_year_label's short form: R8年度 (2026年度)
    ("exporters/xlsx.py", "年度)"): "年度 notation",
    # the SVG month header drops the 月 of the catalogue's month names to fit its column
    ("exporters/svg.py", "月"): "suffix removed",
    # the 業務 names listed as the choices of an unknown-system problem (Japanese names)
    ("roadmap/core/analysis/checks.py", "、"): "list of 業務 names",
    # the 節 names listed as the choices of an unknown or long-term budget item (Japanese names)
    ("roadmap/core/analysis/budget_checks.py", "、"): "list of 節 names",
    # a span of months or dates, in both languages: 2026-04〜2026-06
    ("roadmap/core/analysis/resource_checks.py", "〜"): "range notation",
    ("tui/widgets/phases.py", " 〜 "): "range notation",
    # typed input may use full-width separators (、，＝)
    ("tui/fields.py", r"\s*[,、，]\s*"): "accepted input",
    ("tui/screens/kpi_editor.py", r"\s*[,、，]\s*"): "accepted input",
    ("tui/screens/kpi_editor.py", r"^(\d{4})\s*[=＝:]\s*(\S+)$"): "accepted input",
    ("tui/screens/plan_settings.py", r"\s*[,、，]\s*"): "accepted input",
    # a 年度 typed as 令和9, R9, 令和元年度 or 2027年度 (roadmap budget --request)
    ("roadmap/cli/commands/budget.py", r"^(?:R|令和)(元|\d{1,3})(?:年度?)?$"): "accepted input",
    ("roadmap/cli/commands/budget.py", r"^(\d{4})(?:年度?)?$"): "accepted input",
}


def _docstrings(tree: ast.Module) -> set[int]:
    nodes = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, nodes) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def japanese_literals(root: Path = ROOT) -> list[tuple[str, int, str]]:
    """``(path, line, literal)`` of every string literal with Japanese, docstrings aside."""
    found = []
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            docstrings = _docstrings(tree)
            name = path.relative_to(root).as_posix()
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                    and JAPANESE.search(node.value)
                ):
                    found.append((name, node.lineno, node.value))
    return sorted(found)


def test_no_user_facing_japanese_outside_the_catalogue() -> None:
    stray = [
        f"{path}:{line}: {literal!r}"
        for path, line, literal in japanese_literals()
        if path not in DOMAIN_MODULES and (path, literal) not in DOMAIN_LITERALS
    ]
    assert stray == [], "move these into roadmap/core/i18n/messages/*.toml and use text()"


def test_the_allow_list_names_only_what_is_there() -> None:
    """An entry left behind after its literal moved would let a new one in unnoticed."""
    present = {(path, literal) for path, _, literal in japanese_literals()}
    assert sorted(set(DOMAIN_LITERALS) - present) == []
    assert sorted(path for path in DOMAIN_MODULES if not (ROOT / path).exists()) == []


def test_the_scan_sees_a_japanese_message_and_skips_docstrings(tmp_path: Path) -> None:
    (tmp_path / "roadmap").mkdir()
    (tmp_path / "roadmap" / "sample.py").write_text(
        '"""計画 (docstring)."""\n\n\ndef f() -> str:\n    """説明."""\n    return "保存しました"\n',
        encoding="utf-8",
    )
    assert japanese_literals(tmp_path) == [("roadmap/sample.py", 6, "保存しました")]
