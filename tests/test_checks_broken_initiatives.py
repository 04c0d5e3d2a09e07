"""An initiative with a malformed field still has its links checked in the same run."""

from __future__ import annotations

from roadmap.core.analysis.pipeline import analyze
from roadmap.core.planfile.loader import parse_plan

HEAD = """\
[plan]
title = "t"
start = 2026-04-01
"""


def _codes(text: str) -> list[tuple[str, str | None, int | None]]:
    analysis = analyze(parse_plan(HEAD + text, file="plan.toml"))
    return [(problem.code, problem.initiative, problem.line) for problem in analysis.problems]


def test_bad_duration_and_unknown_dependency_are_reported_together() -> None:
    codes = _codes(
        """
[initiatives.a]
title = "A"
duration = "3 months"
depends_on = ["zz", "a"]
"""
    )
    assert ("invalid-duration", "a", 7) in codes
    assert ("unknown-dependency", "a", 8) in codes
    assert ("self-dependency", "a", 8) in codes


def test_cycle_through_a_broken_initiative_is_reported() -> None:
    codes = [
        code
        for code, _, _ in _codes(
            """
[initiatives.a]
title = "A"
duration = "-2d"
depends_on = ["b"]

[initiatives.b]
title = "B"
duration = "1d"
depends_on = ["a"]
"""
        )
    ]
    assert codes.count("invalid-duration") == 1
    assert codes.count("dependency-cycle") == 1


def test_broken_initiative_is_not_scheduled_and_dependents_do_not_fail() -> None:
    analysis = analyze(
        parse_plan(
            HEAD
            + """
[initiatives.a]
title = "A"
duration = "soon"

[initiatives.b]
title = "B"
duration = "1d"
depends_on = ["a"]
""",
            file="plan.toml",
        )
    )
    assert analysis.schedule is not None
    assert list(analysis.schedule.initiatives) == ["b"]
    assert [problem.code for problem in analysis.errors] == ["invalid-duration"]
