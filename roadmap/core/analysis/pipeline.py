"""The one pipeline every face calls: load -> check -> schedule -> located problems.

:func:`analyze` takes a loaded plan and returns the model, the schedule and every problem with
its file and line filled in. The CLI, the TUI and the exporters never run the steps
themselves, so they never disagree about what is wrong or when work finishes.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from roadmap.core.analysis.checks import check_plan
from roadmap.core.analysis.graph import plan_graph
from roadmap.core.analysis.resource_checks import portfolio_problems
from roadmap.core.analysis.schedule import Schedule, schedule_plan
from roadmap.core.model.plan import Plan
from roadmap.core.model.problems import Problem, has_errors, sort_problems
from roadmap.core.planfile.includes import load_portfolio
from roadmap.core.planfile.loader import LoadedPlan

__all__ = ["Analysis", "analyze", "analyze_path", "analyze_plan"]

#: Finds ``(file, line)`` for a problem about an initiative field (or the plan).
Locator = Callable[[Problem], tuple[str | None, int | None]]


@dataclass(frozen=True)
class Analysis:
    """A plan with its schedule and all its problems, sorted errors first."""

    plan: Plan | None
    schedule: Schedule | None
    problems: list[Problem]

    @property
    def has_errors(self) -> bool:
        return has_errors(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]


def analyze_plan(
    plan: Plan | None,
    base_problems: Sequence[Problem] = (),
    locate: Locator | None = None,
) -> Analysis:
    """Check and schedule an in-memory ``plan``; add located problems to ``base_problems``."""
    problems = list(base_problems)
    schedule: Schedule | None = None
    if plan is not None:
        graph = plan_graph(plan)  # built once, shared by the cycle check and the scheduler
        problems.extend(check_plan(plan, graph))
        schedule = schedule_plan(plan, graph)
        problems.extend(schedule.problems)
        problems.extend(portfolio_problems(plan, schedule))
    if locate is not None:
        problems = [_located(problem, locate) for problem in problems]
    return Analysis(plan, schedule, sort_problems(problems))


def loaded_locator(loaded: LoadedPlan) -> Locator:
    """Locate problems in the text of ``loaded`` by initiative and field."""

    def locate(problem: Problem) -> tuple[str | None, int | None]:
        file, lines = loaded.file, loaded.lines
        if problem.initiative is not None and problem.initiative in loaded.sources:
            file, lines = loaded.sources[problem.initiative]
        if lines is None:
            return file, None
        path: list[str | int] = []
        if problem.initiative is not None:
            path = ["initiatives", problem.initiative]
        elif problem.field is not None and problem.field.split(".")[0] not in ("budget", "teams"):
            path = ["plan"]
        if problem.field:
            path.extend(int(part) if part.isdigit() else part for part in problem.field.split("."))
        return file, lines.line_of(path) if path else None

    return locate


def _located(problem: Problem, locate: Locator) -> Problem:
    if problem.line is not None and problem.file is not None:
        return problem
    file, line = locate(problem)
    return dataclasses.replace(problem, file=problem.file or file, line=problem.line or line)


def analyze(loaded: LoadedPlan) -> Analysis:
    """Check and schedule a loaded plan."""
    return analyze_plan(loaded.plan, loaded.problems, loaded_locator(loaded))


def analyze_path(path: str | os.PathLike[str]) -> Analysis:
    """Load, check and schedule the plan at ``path`` (raises ``PlanIOError`` for I/O failures)."""
    return analyze(load_portfolio(path))
