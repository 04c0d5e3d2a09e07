"""Plans and golden files shared by the CSV, JSON, xlsx and SVG export tests.

``HOSTILE_TOML`` holds what a user can type that breaks naive exporters: ``: ; # % | \\ < > &
"``, line breaks, leading keywords and dates, formula-like text, a control character, emoji
and Japanese ids. Golden files live in ``tests/golden/``; ``UPDATE_GOLDEN=1`` rewrites them.
"""

from __future__ import annotations

import os
from pathlib import Path

from roadmap.core.analysis.pipeline import Analysis, analyze
from roadmap.core.planfile.loader import parse_plan, parse_plan_bytes

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE_PLAN = ROOT / "plans" / "example-town.toml"

HOSTILE_TOML = r"""
[plan]
title = "Hostile <plan> & \"quotes\" | pipes \\ backslash"
organization = "テスト町 & Co."
start = 2026-04-01
deadline = 2027-03-31

[initiatives."住基-移行"]
title = "a: b; c # d % e | f \\ g < h > i & j \"k\""
step = "standardize"
owner = "住民課, 係\"A\""
duration = "2mo"
deadline = 2026-06-15

[initiatives."🎉launch"]
title = "line one\nline two 🎉"
step = "gov-cloud"
duration = "0d"
depends_on = ["住基-移行"]

[initiatives.section]
title = "section 予算 : after x"
step = "resident-services"
duration = "1mo"
depends_on = ["🎉launch"]
deadline = 2026-06-20

[initiatives.formula]
title = "=HYPERLINK(\"http://x\",\"click\") ctrl\u0001char"
owner = "-1+2"
duration = "3w"
not_before = 2026-05-01

[initiatives.dated]
title = "2026-04-01 starts with a date, gantt dateFormat todayMarker"
step = "measure"
duration = "10d"
depends_on = ["section"]
"""


def example_analysis() -> Analysis:
    """The example plan, named by its path in the repository whatever the working folder."""
    return analyze(parse_plan_bytes(EXAMPLE_PLAN.read_bytes(), file="plans/example-town.toml"))


def hostile_analysis() -> Analysis:
    """The hostile plan, as if read from ``hostile.toml``."""
    return analyze(parse_plan(HOSTILE_TOML, file="hostile.toml"))


def tiny_analysis(toml: str) -> Analysis:
    """A small inline plan."""
    return analyze(parse_plan(toml, file="tiny.toml"))


def assert_golden(name: str, data: bytes) -> None:
    """``data`` equals ``tests/golden/<name>``; with ``UPDATE_GOLDEN=1`` the file is rewritten."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"{path} is missing: run the tests once with UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if data != expected:
        mismatch = next(
            (i for i, (a, b) in enumerate(zip(data, expected, strict=False)) if a != b),
            min(len(data), len(expected)),
        )
        raise AssertionError(
            f"{name} differs from the golden file at byte {mismatch}: "
            f"got {data[mismatch : mismatch + 80]!r}, expected {expected[mismatch : mismatch + 80]!r}"
            " (UPDATE_GOLDEN=1 rewrites it after a deliberate change)"
        )
