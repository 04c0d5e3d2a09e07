"""Shared test set-up: the Mermaid harness is installed on first use when Node.js is present."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

MERMAID_DIR = Path(__file__).resolve().parent / "mermaid"


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
