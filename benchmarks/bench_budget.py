"""Benchmark of budget and staffing, run by hand: ``python benchmarks/bench_budget.py``.

Target: :func:`roadmap.core.analysis.budget.budget_report` plus :func:`roadmap.core.analysis.staffing.staffing_report` of
10,000 initiatives over 10 fiscal years in under 1 s (the schedule is computed before the
clock starts; the portfolio warnings of :func:`roadmap.core.analysis.pipeline.analyze_plan` are timed too,
since every face pays for them). The plan is ``benchmarks/synthetic.py``'s, with a cost and
staffing added to every initiative (seeded, so every run is the same): a third of the costs
spread, a third booked at finish, running costs and replaced running costs on half, one to
three of six teams per initiative, ``not_before`` on a fifth of them spreading the work over
ten years, and a ``horizon_end`` ten years after the start. Best of a
few runs. Exits 1 when the target is missed. Not part of the test suite: timing assertions
there would be flaky on a shared machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from synthetic import synthetic_plan  # noqa: E402

from roadmap.core.analysis.budget import budget_report  # noqa: E402
from roadmap.core.analysis.resource_checks import portfolio_problems  # noqa: E402
from roadmap.core.analysis.schedule import schedule_plan  # noqa: E402
from roadmap.core.analysis.staffing import staffing_report  # noqa: E402
from roadmap.core.model.plan import Budget, Cost, Plan, Team  # noqa: E402
from roadmap.core.planfile.loader import parse_plan  # noqa: E402

TARGET_SECONDS = 1.0
TEAMS = ("住民課", "税務課", "福祉課", "情報政策課", "総務課", "子育て支援課")


def money_plan(size: int, seed: int) -> Plan:
    """The synthetic plan of ``size`` initiatives with costs, staffing, teams and caps."""
    loaded = parse_plan(synthetic_plan(size, seed), "synthetic.toml")
    assert loaded.plan is not None
    plan = loaded.plan
    rng = random.Random(seed)
    initiatives = {}
    for initiative_id, initiative in plan.initiatives.items():
        cost = Cost(
            initial=rng.randrange(0, 50_000_000, 1_000),
            booking=rng.choice(("start", "spread", "finish")),
            annual=rng.randrange(0, 5_000_000, 1_000) if rng.random() < 0.5 else 0,
            annual_before=rng.randrange(0, 5_000_000, 1_000) if rng.random() < 0.5 else 0,
            subsidy=rng.randrange(0, 20_000_000, 1_000) if rng.random() < 0.3 else 0,
        )
        staffing = {
            team: rng.choice((0.1, 0.2, 0.3, 0.5))
            for team in rng.sample(TEAMS, 3)[: rng.randint(1, 3)]
        }
        update: dict[str, object] = {"cost": cost, "staffing": staffing}
        if rng.random() < 0.2:  # spread the work over ten years
            update["not_before"] = plan.plan.start + dt.timedelta(days=rng.randint(0, 3400))
        initiatives[initiative_id] = initiative.model_copy(update=update)
    start = plan.plan.start
    caps = {year: 40_000_000_000 for year in range(start.year, start.year + 10)}
    return plan.model_copy(
        update={
            "initiatives": initiatives,
            "teams": {team: Team(capacity=30.0) for team in TEAMS},
            "budget": Budget(caps=caps, horizon_end=start + dt.timedelta(days=3652)),
        }
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    plan = money_plan(args.size, args.seed)
    schedule = schedule_plan(plan)
    figures: dict[str, float] = {"budget": 1e9, "staffing": 1e9, "warnings": 1e9}
    for _ in range(args.runs):
        began = time.perf_counter()
        budget = budget_report(plan, schedule)
        middle = time.perf_counter()
        staffing = staffing_report(plan, schedule)
        ended = time.perf_counter()
        portfolio_problems(plan, schedule)
        checked = time.perf_counter()
        figures["budget"] = min(figures["budget"], middle - began)
        figures["staffing"] = min(figures["staffing"], ended - middle)
        figures["warnings"] = min(figures["warnings"], checked - ended)
    together = figures["budget"] + figures["staffing"]
    print(f"initiatives: {len(plan.initiatives):,}  schedule {schedule.start} - {schedule.finish}")
    print(f"fiscal years: {budget.first_year}-{budget.last_year} ({len(budget.years)})")
    print(f"months x teams: {len(staffing.months)} x {len(staffing.teams)}")
    print(f"budget_report:       {figures['budget']:.3f} s")
    print(f"staffing_report:     {figures['staffing']:.3f} s")
    print(f"budget + staffing:   {together:.3f} s  (target < {TARGET_SECONDS} s)")
    print(f"portfolio warnings:  {figures['warnings']:.3f} s")
    return 0 if together < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
