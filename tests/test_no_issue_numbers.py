"""Code and comments say what a thing is for, not which issue asked for it ("the budget part",
not an issue number): an issue number means nothing to a reader of the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("roadmap", "exporters", "tui", "tests", "benchmarks")
ISSUE_NUMBER = re.compile(r"\bissues?\s*#?\d+|\(#\d+\)", re.IGNORECASE)


def _files() -> list[Path]:
    found = []
    for folder in FOLDERS:
        for pattern in ("*.py", "*.toml"):
            found += [
                path
                for path in (ROOT / folder).rglob(pattern)
                if "node_modules" not in path.parts
                and "golden" not in path.parts
                and path.name != Path(__file__).name  # its own examples
            ]
    return sorted(found)


def test_no_issue_numbers_in_code_or_comments() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ISSUE_NUMBER.search(line)
    ]
    assert found == []


def test_the_pattern_finds_issue_numbers_and_nothing_else() -> None:
    assert ISSUE_NUMBER.search("lazy (issue 12).")
    assert ISSUE_NUMBER.search("Issue #5 asked for it")
    assert ISSUE_NUMBER.search("see (#7)")
    assert not ISSUE_NUMBER.search('fill="#555555"')
    assert not ISSUE_NUMBER.search("escape_text('50% #2')")
    assert not ISSUE_NUMBER.search("no known issues")
