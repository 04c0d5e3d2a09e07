"""The one pipeline every face calls: load -> check -> schedule -> located problems -> reports.

:func:`analyze` takes a loaded plan and returns the model, the schedule and every problem with
its file and line filled in. The CLI, the TUI and the exporters never run the steps
themselves, so they never disagree about what is wrong or when work finishes.

The reports built on the schedule (budget, staffing, KPI progress and the risk simulation) are
computed once per :class:`Analysis`, on first use, and kept: the warnings of
:func:`analyze_plan`, the terminal tables, every exporter and every TUI view read the same
values (``analysis.budget``, ``analysis.staffing``, ``analysis.kpis``, ``analysis.risk(...)``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from roadmap.core.analysis import budget as _budget
from roadmap.core.analysis import kpi as _kpi
from roadmap.core.analysis import staffing as _staffing
from roadmap.core.analysis.checks import check_plan
from roadmap.core.analysis.graph import plan_graph
from roadmap.core.analysis.resource_checks import portfolio_problems
from roadmap.core.analysis.risk_result import DEFAULT_RUNS, Distribution, Progress, RiskResult
from roadmap.core.analysis.schedule import Schedule, schedule_plan
from roadmap.core.model.plan import Plan
from roadmap.core.model.problems import Problem, has_errors, sort_problems
from roadmap.core.planfile.includes import load_with_includes
from roadmap.core.planfile.loader import LoadedPlan
from roadmap.core.planfile.source import LineIndex

if TYPE_CHECKING:
    from roadmap.core.analysis.budget import BudgetReport
    from roadmap.core.analysis.kpi import KpiProgress
    from roadmap.core.analysis.staffing import StaffingReport

__all__ = ["Analysis", "Reports", "analyze", "analyze_path", "analyze_plan"]

#: Finds ``(file, line)`` for a problem about an initiative field (or the plan).
Locator = Callable[[Problem], tuple[str | None, int | None]]

_T = TypeVar("_T")


class Reports:
    """The reports of one scheduled plan, each computed on first use and then kept.

    Thread-safe: the TUI simulates in a worker thread while the UI thread draws; a report asked
    for by two threads at once is computed by one and waited for by the other. Each report has
    its own lock, so a long simulation never holds up the budget table.
    """

    def __init__(self, plan: Plan | None, schedule: Schedule | None) -> None:
        self.plan = plan
        self.schedule = schedule
        self._values: dict[Hashable, object] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def _once(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        if key in self._values:
            return self._values[key]  # type: ignore[return-value]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:
                self._values[key] = compute()
            return self._values[key]  # type: ignore[return-value]

    @property
    def budget(self) -> BudgetReport | None:
        """:func:`~roadmap.core.analysis.budget.budget_report`, or ``None`` when unscheduled."""
        plan, schedule = self.plan, self.schedule
        if plan is None or schedule is None:
            return None
        return self._once("budget", lambda: _budget.budget_report(plan, schedule))

    @property
    def staffing(self) -> StaffingReport | None:
        """:func:`~roadmap.core.analysis.staffing.staffing_report`, or ``None`` when
        unscheduled."""
        plan, schedule = self.plan, self.schedule
        if plan is None or schedule is None:
            return None
        return self._once("staffing", lambda: _staffing.staffing_report(plan, schedule))

    def kpis(self, as_of: dt.date | None = None) -> list[KpiProgress]:
        """:func:`~roadmap.core.analysis.kpi.kpi_report` judged at ``as_of`` (default: the
        plan's ``status_date``); empty without a plan."""
        plan = self.plan
        if plan is None:
            return []
        when = as_of or plan.plan.status_date
        return self._once(("kpis", when), lambda: _kpi.kpi_report(plan, self.schedule, when))

    def risk(
        self,
        runs: int | None = None,
        seed: int | None = None,
        distribution: Distribution = "pert",
        progress: Progress | None = None,
    ) -> RiskResult:
        """:func:`~roadmap.core.analysis.risk.simulate`, kept per ``(runs, seed, distribution)``
        (``seed`` defaults to the plan's ``risk_seed``). ``progress`` is only called when the
        simulation actually runs. Raises what ``simulate`` raises (nothing is kept then)."""
        plan = self.plan
        if plan is None:
            raise ValueError("no plan to simulate")
        runs = DEFAULT_RUNS if runs is None else runs
        seed = plan.plan.risk_seed if seed is None else seed

        def run() -> RiskResult:
            from roadmap.core.analysis.risk import simulate  # numpy: only when it runs

            return simulate(plan, runs, seed, distribution, progress=progress)

        return self._once(("risk", runs, seed, distribution), run)


@dataclass(frozen=True)
class Analysis:
    """A plan with its schedule and all its problems, sorted errors first.

    The reports (:attr:`budget`, :attr:`staffing`, :attr:`kpis`, :meth:`kpis_at`, :meth:`risk`)
    are computed on first use and kept, so every face asking one analysis gets the same values
    for the price of one computation.
    """

    plan: Plan | None
    schedule: Schedule | None
    problems: list[Problem]
    reports: Reports = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        reports = self.reports
        if (
            reports is None
            or reports.plan is not self.plan
            or reports.schedule is not self.schedule
        ):
            # new, or kept by another plan (``dataclasses.replace``): never share stale reports
            object.__setattr__(self, "reports", Reports(self.plan, self.schedule))

    @property
    def budget(self) -> BudgetReport | None:
        """The budget report (``None`` without a schedule)."""
        return self.reports.budget

    @property
    def staffing(self) -> StaffingReport | None:
        """The staffing report (``None`` without a schedule)."""
        return self.reports.staffing

    @property
    def kpis(self) -> list[KpiProgress]:
        """Every KPI's progress at the plan's ``status_date`` (empty without a plan)."""
        return self.reports.kpis()

    def kpis_at(self, as_of: dt.date | None) -> list[KpiProgress]:
        """Every KPI's progress judged at ``as_of`` (``None``: the plan's ``status_date``)."""
        return self.reports.kpis(as_of)

    def risk(
        self,
        runs: int | None = None,
        seed: int | None = None,
        distribution: Distribution = "pert",
        progress: Progress | None = None,
    ) -> RiskResult:
        """The Monte Carlo simulation of the plan, kept per parameters (see
        :meth:`Reports.risk`)."""
        return self.reports.risk(runs, seed, distribution, progress)

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
    reports = Reports(plan, schedule)
    if plan is not None and schedule is not None:
        problems.extend(portfolio_problems(plan, schedule, reports))
    if isinstance(locate, _LoadedLocator):
        problems = locate.located(problems)
    elif locate is not None:
        problems = [_located(problem, locate) for problem in problems]
    return Analysis(plan, schedule, sort_problems(problems), reports)


class _LoadedLocator:
    """Locates problems in the text of a loaded plan by initiative and field; a whole list of
    problems in one scan of each file (:meth:`LineIndex.lines_of`)."""

    def __init__(self, loaded: LoadedPlan) -> None:
        self._loaded = loaded

    def _where(self, problem: Problem) -> tuple[str | None, LineIndex | None, list[str | int]]:
        loaded = self._loaded
        file, lines = loaded.file, loaded.lines
        if problem.initiative is not None and problem.initiative in loaded.sources:
            file, lines = loaded.sources[problem.initiative]
        path: list[str | int] = []
        if problem.initiative is not None:
            path = ["initiatives", problem.initiative]
        elif problem.field is not None and problem.field.split(".")[0] not in ("budget", "teams"):
            path = ["plan"]
        if problem.field:
            path.extend(int(part) if part.isdigit() else part for part in problem.field.split("."))
        return file, lines, path

    def __call__(self, problem: Problem) -> tuple[str | None, int | None]:
        file, lines, path = self._where(problem)
        if lines is None:
            return file, None
        return file, lines.line_of(path) if path else None

    def located(self, problems: list[Problem]) -> list[Problem]:
        """:func:`_located` of each problem, the lines of each file found in one scan."""
        pending: list[tuple[int, str | None, list[str | int]]] = []
        by_index: dict[int, tuple[LineIndex, list[int]]] = {}
        for position, problem in enumerate(problems):
            if problem.line is not None and problem.file is not None:
                continue
            file, lines, path = self._where(problem)
            pending.append((position, file, path))
            if lines is not None and path:
                by_index.setdefault(id(lines), (lines, []))[1].append(len(pending) - 1)
        found: list[int | None] = [None] * len(pending)
        for lines, members in by_index.values():
            for member, line in zip(
                members, lines.lines_of([pending[member][2] for member in members]), strict=True
            ):
                found[member] = line
        result = list(problems)
        for (position, file, _), line in zip(pending, found, strict=True):
            problem = problems[position]
            result[position] = dataclasses.replace(
                problem, file=problem.file or file, line=problem.line or line
            )
        return result


def loaded_locator(loaded: LoadedPlan) -> Locator:
    """Locate problems in the text of ``loaded`` by initiative and field."""
    return _LoadedLocator(loaded)


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
    # the parsed TOML is not read again once the model is built: each initiative's table is
    # freed as its model is made, and the rest before the analysis (at 100,000 initiatives
    # the tables are a quarter of the memory the command needs)
    loaded = load_with_includes(path, keep_data=False)
    loaded.data = {}
    return analyze(loaded)
