"""Benchmark of the schedule-risk simulation, run by hand: ``python benchmarks/bench_risk.py``.

Targets:

- 10,000 runs on the 40-initiative example plan (``plans/example-town.toml``): under 1 s;
- 1,000 runs on a synthetic plan of 2,000 initiatives with three-point estimates: under 5 s.

The synthetic plan is :func:`synthetic.synthetic_plan` with every third non-zero duration
turned into a three-point estimate (optimistic 3/4, pessimistic 3/2 + 1 of the count, same
unit). Each figure is the best of a few calls of :func:`roadmap.core.analysis.risk.simulate` on a plan that
is already loaded (loading and checking are the core benchmark's business); the first call is
timed separately, as it also builds the calendar tables. Prints a table; exits 1 when a target
is missed. Not part of the test suite: timing assertions there would be flaky on a shared
machine.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_plan  # noqa: E402

from roadmap.core.analysis.risk import simulate  # noqa: E402
from roadmap.core.model.plan import Plan  # noqa: E402
from roadmap.core.planfile.loader import load_plan, parse_plan  # noqa: E402

EXAMPLE = ROOT / "plans" / "example-town.toml"
_DURATION = re.compile(r'^duration = "(?P<count>\d+)(?P<unit>d|w|mo|y)"$', re.MULTILINE)


def with_estimates(text: str, every: int = 3) -> str:
    """``text`` with every ``every``-th non-zero plain duration made a three-point estimate."""
    seen = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal seen
        count, unit = int(match["count"]), match["unit"]
        if count == 0:
            return match[0]
        seen += 1
        if seen % every:
            return match[0]
        low, high = max(1, count * 3 // 4), count * 3 // 2 + 1
        return (
            f'duration = {{ optimistic = "{low}{unit}", likely = "{count}{unit}", '
            f'pessimistic = "{high}{unit}" }}'
        )

    return _DURATION.sub(replace, text)


def _plan_of(text: str) -> Plan:
    loaded = parse_plan(text)
    assert loaded.plan is not None, loaded.problems[:3]
    return loaded.plan


def _time(plan: Plan, runs: int, repeat: int) -> tuple[float, float, int]:
    """First-call seconds, best-of-``repeat`` seconds, and the number of sampled initiatives."""
    began = time.perf_counter()
    result = simulate(plan, runs=runs)
    first = time.perf_counter() - began
    best = first
    for _ in range(repeat):
        began = time.perf_counter()
        simulate(plan, runs=runs)
        best = min(best, time.perf_counter() - began)
    return first, best, result.estimated_count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="timed calls after the first")
    parser.add_argument("--size", type=int, default=2_000, help="synthetic plan size")
    args = parser.parse_args(argv)
    example = load_plan(EXAMPLE).plan
    assert example is not None
    cases = [
        ("example-town, 10,000 runs", example, 10_000, 1.0),
        (
            f"synthetic {args.size:,}, 1,000 runs",
            _plan_of(with_estimates(synthetic_plan(args.size, seed=1))),
            1_000,
            5.0,
        ),
    ]
    missed = False
    print(f"{'case':<34} {'estimated':>9} {'first s':>8} {'best s':>8} {'target':>7}  ok")
    for name, plan, runs, target in cases:
        first, best, estimated = _time(plan, runs, args.repeat)
        ok = first < target
        missed |= not ok
        print(
            f"{name:<34} {estimated:>9} {first:>8.3f} {best:>8.3f} {target:>6.1f}s  "
            f"{'yes' if ok else 'NO'}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
