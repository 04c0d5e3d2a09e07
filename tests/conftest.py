"""Shared test set-up: a copy of the example plan, and the Mermaid harness installed on first
use when Node.js is present."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

MERMAID_DIR = Path(__file__).resolve().parent / "mermaid"
EXAMPLE_PLAN = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the bundled example plan that a test may edit and save."""
    path = tmp_path / "example-town.toml"
    shutil.copy(EXAMPLE_PLAN, path)
    return path


def pytest_sessionstart(session: object) -> None:
    """Install tests/mermaid (``npm ci``) once, so the README's one test command is enough."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        return
    if (MERMAID_DIR / "node_modules" / "mermaid").is_dir():
        return
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=MERMAID_DIR,
        check=False,
        timeout=600,
    )
