"""The Mermaid harness reports what the real Mermaid library parses and draws.

All diagrams of a test module go through one Node process (one Markdown document holding several
```mermaid blocks), since starting Node with jsdom and mermaid takes about a second.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from mermaid_harness import mermaid_available, mermaid_skip_reason, parse_gantt, parse_gantt_batch

pytestmark = pytest.mark.skipif(
    not mermaid_available(),
    reason=mermaid_skip_reason(),
)

HEAD = "gantt\n  dateFormat YYYY-MM-DD\n  section Plan\n"

DIAGRAMS: dict[str, str] = {
    "plain": HEAD + "  Plain task : p1, 2026-04-01, 2026-04-03\n",
    "escaped": HEAD + "  a#58; b : e1, 2026-04-01, 2026-04-03\n",
    "colon": HEAD + "  Phase 1: design : 2026-04-01, 2026-04-03\n",
    "milestone": HEAD
    + "  Work : w1, 2026-04-01, 2026-04-03\n"
    + "  Ship : milestone, m1, after w1, 0d\n",
    "crit": HEAD + "  Urgent : crit, c1, 2026-04-01, 2d\n  Chained : 3d\n",
    "broken": HEAD + "  a task without its data\n",
    "traps": HEAD
    + "  First : f1, 2026-04-01, 1d\n"
    + "%dropped : d1, 2026-04-01, 1d\n"
    + "  Orphan : o1, after nosuch, 2d\n",
}


def _markdown() -> str:
    parts = ["# Harness fixtures\n"]
    for name, body in DIAGRAMS.items():
        parts.append(f"\n{name}:\n\n```mermaid\n{body}```\n")
    return "".join(parts)


@pytest.fixture(scope="module")
def diagrams() -> dict[str, dict[str, Any]]:
    parsed = parse_gantt(_markdown())
    assert len(parsed) == len(DIAGRAMS)
    return dict(zip(DIAGRAMS, parsed, strict=True))


def _tasks(diagram: dict[str, Any]) -> list[dict[str, Any]]:
    assert diagram["ok"], diagram.get("error")
    assert diagram["type"] == "gantt"
    tasks: list[dict[str, Any]] = diagram["tasks"]
    return tasks


def test_plain_task_dates_are_mermaids_exclusive_end(diagrams: dict[str, dict[str, Any]]) -> None:
    [task] = _tasks(diagrams["plain"])
    assert task["id"] == "p1"
    assert task["name"] == "Plain task"
    assert task["section"] == "Plan"
    assert (task["start"], task["end"]) == ("2026-04-01", "2026-04-03")
    assert task["tags"] == [] and task["milestone"] is False


def test_entity_code_is_drawn_decoded(diagrams: dict[str, dict[str, Any]]) -> None:
    # Mermaid stores "a#58; b" encoded and decodes it in the SVG: a browser shows "a: b".
    [task] = _tasks(diagrams["escaped"])
    assert task["name"] == "a: b"
    assert task["source_name"].strip() == "a#58; b"
    assert (task["start"], task["end"]) == ("2026-04-01", "2026-04-03")


def test_raw_colon_cuts_the_name(diagrams: dict[str, dict[str, Any]]) -> None:
    [task] = _tasks(diagrams["colon"])
    assert task["name"] == "Phase 1"  # not "Phase 1: design"


def test_milestone(diagrams: dict[str, dict[str, Any]]) -> None:
    work, ship = _tasks(diagrams["milestone"])
    assert ship["id"] == "m1" and ship["name"] == "Ship"
    assert ship["milestone"] is True and ship["tags"] == ["milestone"]
    assert ship["start"] == ship["end"] == work["end"] == "2026-04-03"


def test_crit_tag_and_sequential_start(diagrams: dict[str, dict[str, Any]]) -> None:
    urgent, chained = _tasks(diagrams["crit"])
    assert urgent["tags"] == ["crit"]
    assert (urgent["start"], urgent["end"]) == ("2026-04-01", "2026-04-03")
    assert chained["tags"] == []
    assert (chained["start"], chained["end"]) == ("2026-04-03", "2026-04-06")


def test_broken_diagram_reports_not_ok(diagrams: dict[str, dict[str, Any]]) -> None:
    broken = diagrams["broken"]
    assert broken["ok"] is False
    assert "Parse error" in broken["error"]
    # The other blocks of the same document are unaffected.
    assert all(d["ok"] for name, d in diagrams.items() if name != "broken")


def test_silent_mermaid_traps_are_visible(diagrams: dict[str, dict[str, Any]]) -> None:
    tasks = _tasks(diagrams["traps"])
    assert [t["name"] for t in tasks] == ["First", "Orphan"]  # the `%` line vanished
    orphan = tasks[1]
    today = dt.datetime.now(dt.UTC).date()  # the harness runs Mermaid with TZ=UTC
    assert orphan["start"] in {today.isoformat(), (today - dt.timedelta(days=1)).isoformat()}


def test_raw_input_and_batch() -> None:
    raw = DIAGRAMS["plain"]
    [single] = parse_gantt(raw)
    assert single["line"] == 1 and single["tasks"][0]["name"] == "Plain task"
    docs = [raw, "no diagram here\n", "```mermaid\n" + DIAGRAMS["crit"] + "```\n"]
    first, second, third = parse_gantt_batch(docs)
    assert first == [single]
    assert second[0]["ok"] is False
    assert [t["id"] for t in third[0]["tasks"]] == ["c1", "task1"]
    assert parse_gantt("prose only, no fences\n", raw=False) == []
