"""Run Mermaid gantt charts through the real Mermaid library (Node.js) and return its task list.

The Node side is ``tests/mermaid/parse-gantt.mjs`` (see its header for the output format and the
Mermaid behaviours it reports); install it with ``npm ci`` in ``tests/mermaid``.  Each call starts
one Node process (about a second: jsdom + mermaid import), so pass many diagrams at once: one
Markdown document may hold many ```mermaid blocks, and :func:`parse_gantt_batch` takes many
documents.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MERMAID_DIR = Path(__file__).resolve().parent / "mermaid"
SCRIPT = MERMAID_DIR / "parse-gantt.mjs"
TIMEOUT_S = 60.0


def mermaid_available() -> bool:
    """True when ``node`` is on PATH and ``npm ci`` has installed mermaid in tests/mermaid."""
    return (
        shutil.which("node") is not None
        and (MERMAID_DIR / "node_modules" / "mermaid" / "package.json").is_file()
        and (MERMAID_DIR / "node_modules" / "jsdom" / "package.json").is_file()
    )


def mermaid_skip_reason() -> str:
    """Why the Mermaid tests are skipped: the install step's reason (tests/conftest.py) if any."""
    why = os.environ.get("ROADMAP_TESTS_MERMAID_SKIP_REASON")
    if why:
        return f"Mermaid harness not installed: {why}"
    return "Mermaid harness not installed: needs `node` on PATH and `npm ci` in tests/mermaid"


def _run(stdin: str, args: Sequence[str]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("mermaid harness: `node` is not on PATH")
    env = {**os.environ, "TZ": "UTC"}
    try:
        proc = subprocess.run(
            [node, str(SCRIPT), *args],
            input=stdin.encode("utf-8"),
            capture_output=True,
            cwd=MERMAID_DIR,
            env=env,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        stderr = (exc.stderr or b"").decode("utf-8", "replace")
        raise RuntimeError(
            f"mermaid harness timed out after {TIMEOUT_S:.0f} s\nstderr:\n{stderr}"
        ) from exc
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(
            f"mermaid harness failed (exit {proc.returncode}); is `npm ci` done in "
            f"{MERMAID_DIR}?\nstderr:\n{stderr}"
        )
    try:
        result = json.loads(proc.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RuntimeError(
            f"mermaid harness printed no valid JSON ({exc})\nstdout:\n"
            f"{proc.stdout[:2000]!r}\nstderr:\n{stderr}"
        ) from exc
    if not isinstance(result, dict):
        raise RuntimeError(f"mermaid harness printed {type(result).__name__}, not an object")
    return result


def _mode_args(raw: bool | None) -> list[str]:
    if raw is None:
        return []
    return ["--raw"] if raw else ["--markdown"]


def parse_gantt(markdown: str, *, raw: bool | None = None) -> list[dict[str, Any]]:
    """Mermaid's view of every diagram in ``markdown``, in document order.

    By default each ```mermaid fenced block is one diagram, and an input without such blocks is
    one raw diagram; ``raw=True`` forces the latter, ``raw=False`` the former.  Each item is
    ``{"ok": True, "type": "gantt", "title", "excludes", "tasks": [{"id", "name", "section",
    "start", "end", "tags", "milestone", ...}], ...}`` or ``{"ok": False, "error": ...}``.
    """
    diagrams = _run(markdown, _mode_args(raw)).get("diagrams")
    if not isinstance(diagrams, list):
        raise RuntimeError("mermaid harness output has no 'diagrams' list")
    return diagrams


def parse_gantt_batch(
    documents: Sequence[str], *, raw: bool | None = None
) -> list[list[dict[str, Any]]]:
    """:func:`parse_gantt` for many documents in one Node process (one list per document)."""
    out = _run(json.dumps(list(documents)), ["--batch", *_mode_args(raw)]).get("documents")
    if not isinstance(out, list) or len(out) != len(documents):
        raise RuntimeError("mermaid harness output has no matching 'documents' list")
    return [doc["diagrams"] for doc in out]
