"""Shared test set-up: a copy of the example plan, and the Mermaid harness installed on first
use when Node.js is present."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# An unknown message key raises under test instead of showing the key (roadmap.core.i18n).
os.environ.setdefault("ROADMAP_I18N_STRICT", "1")

MERMAID_DIR = Path(__file__).resolve().parent / "mermaid"
EXAMPLE_PLAN = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the bundled example plan that a test may edit and save."""
    path = tmp_path / "example-town.toml"
    shutil.copy(EXAMPLE_PLAN, path)
    return path


# Bounds for installing the Mermaid harness, so that a machine without the npm registry waits
# a few seconds, not ten minutes, and says why the Mermaid tests are skipped.
NPM_PING_TIMEOUT_S = 10
NPM_CI_TIMEOUT_S = 120
# The reason travels to pytest-xdist workers (started after this hook) through the environment.
MERMAID_SKIP_REASON_ENV = "ROADMAP_TESTS_MERMAID_SKIP_REASON"


def install_mermaid_harness(mermaid_dir: Path) -> str | None:
    """Run ``npm ci`` in ``mermaid_dir`` unless it is done; return why it could not be, or None.

    The registry is first pinged (bounded to ``NPM_PING_TIMEOUT_S``), then ``npm ci`` is bounded
    to ``NPM_CI_TIMEOUT_S``; a failed or cut-short install leaves no half-filled node_modules.
    """
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return "Node.js (`node` and `npm`) is not on PATH"
    modules = mermaid_dir / "node_modules"
    if (modules / "mermaid" / "package.json").is_file() and (
        modules / "jsdom" / "package.json"
    ).is_file():
        return None
    quiet = ["--no-audit", "--no-fund", "--loglevel=error"]
    try:
        ping = subprocess.run(
            [npm, "ping", "--loglevel=error"],
            cwd=mermaid_dir,
            capture_output=True,
            text=True,
            check=False,
            timeout=NPM_PING_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return (
            f"the npm registry did not answer `npm ping` within {NPM_PING_TIMEOUT_S} s, "
            "so `npm ci` in tests/mermaid was not run"
        )
    if ping.returncode != 0:
        return (
            f"the npm registry could not be reached (`npm ping`: {_last_line(ping.stderr)}), "
            "so `npm ci` in tests/mermaid was not run"
        )
    try:
        install = subprocess.run(
            [npm, "ci", *quiet],
            cwd=mermaid_dir,
            capture_output=True,
            text=True,
            check=False,
            timeout=NPM_CI_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        shutil.rmtree(modules, ignore_errors=True)
        return f"`npm ci` in tests/mermaid did not finish within {NPM_CI_TIMEOUT_S} s"
    if install.returncode != 0:
        shutil.rmtree(modules, ignore_errors=True)
        return (
            f"`npm ci` in tests/mermaid failed (exit {install.returncode}): "
            f"{_last_line(install.stderr)}"
        )
    return None


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Install tests/mermaid (``npm ci``) once, so the README's one test command is enough.

    Runs in the main process only (pytest-xdist workers start after it and inherit the reason).
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    reason = install_mermaid_harness(MERMAID_DIR)
    if reason is None:
        os.environ.pop(MERMAID_SKIP_REASON_ENV, None)
    else:
        os.environ[MERMAID_SKIP_REASON_ENV] = reason
