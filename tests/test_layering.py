"""The architecture holds: the core never imports its faces, and its doctests run."""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import exporters
import roadmap
import roadmap.core
import tui

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> str | None:
    beside_python = Path(sys.executable).with_name("lint-imports")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("lint-imports")


def test_import_linter_layers_contract_is_kept() -> None:
    command = _lint_imports()
    if command is None:
        pytest.skip("import-linter is not installed")
    result = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def _modules(package: ModuleType) -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
        if not info.name.endswith("__main__")
    )


def _core_modules() -> list[str]:
    return _modules(roadmap.core)


def _all_modules() -> list[str]:
    return [name for package in (roadmap, exporters, tui) for name in _modules(package)]


@pytest.mark.parametrize("name", _all_modules())
def test_module_doctests_pass(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctests failed in {name}"


def _imported_roots(source: str) -> set[str]:
    """The top-level package of every import statement in ``source``."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("name", _core_modules())
def test_core_module_imports_no_face(name: str) -> None:
    """The core presents nothing: no faces (import-linter checks that too), no Rich, no
    Textual, no argparse, no openpyxl, not even lazily."""
    module = importlib.import_module(name)
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    faces = {"tui", "exporters", "textual", "rich", "argparse", "openpyxl"}
    assert not _imported_roots(source) & faces
    assert "roadmap.cli" not in source
