"""Synthetic plans for benchmarks and stress tests: N initiatives, about 2.5 N dependencies.

The plan is written as TOML text, as a person would write it, so a benchmark measures the whole
path a user's file takes (decode, parse, line index, validation, checks, schedule). The same
``size`` and ``seed`` always give byte-identical text.

Each initiative depends on a few earlier ones (so the graph is acyclic), mostly
finish-to-start, sometimes start-to-start or finish-to-finish with a lag; steps, owners, some
deadlines, ``not_before`` dates and done or in-progress work make the schedule do real work.

Usage::

    python benchmarks/synthetic.py 10000 > /tmp/plan-10k.toml
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys

__all__ = ["synthetic_plan"]

_STEPS = ("standardize", "gov-cloud", "adopt-cases", "measure", "resident-services")
_OWNERS = ("住民課", "税務課", "福祉課", "情報政策課", "総務課", "子育て支援課")
_UNITS = ("d", "d", "d", "w", "w", "mo")


def _duration(rng: random.Random) -> str:
    unit = rng.choice(_UNITS)
    if unit == "d":
        return f"{rng.randint(0, 30) if rng.random() < 0.95 else 0}d"
    if unit == "w":
        return f"{rng.randint(1, 8)}w"
    return f"{rng.randint(1, 3)}mo"


def _dependency(rng: random.Random, target: int) -> str:
    kind = rng.random()
    if kind < 0.8:
        return f'"i{target:05d}"'
    link = "SS" if kind < 0.9 else "FF"
    lag = rng.choice(("0d", "2d", "1w", "-1d", "-1w"))
    return f'{{ id = "i{target:05d}", type = "{link}", lag = "{lag}" }}'


def synthetic_plan(size: int, seed: int = 1, dependencies_per_initiative: float = 2.5) -> str:
    """The TOML text of a plan with ``size`` initiatives, deterministic by ``seed``.

    Parameters
    ----------
    size : int
        Number of initiatives.
    seed : int
        Seed of the random generator; equal seeds give equal text.
    dependencies_per_initiative : float
        Average number of ``depends_on`` entries; the total is about this times ``size``.

    Examples
    --------
    >>> text = synthetic_plan(3, seed=7)
    >>> text.count("[initiatives.")
    3
    >>> synthetic_plan(50, seed=7) == synthetic_plan(50, seed=7)
    True
    """
    rng = random.Random(seed)
    start = dt.date(2026, 4, 1)
    lines = [
        "[plan]",
        f'title = "合成計画 {size}件 (seed {seed})"',
        'organization = "ベンチマーク町"',
        f"start = {start.isoformat()}",
        "status_date = 2026-06-01",
        'calendar = "business"',
        "holidays = [2026-08-14, 2027-08-13]",
        "",
    ]
    for number in range(size):
        lines.append(f"[initiatives.i{number:05d}]")
        lines.append(f'title = "取組 {number}"')
        # steps advance through the file, so dependencies mostly follow the five-step order
        step = None if rng.random() < 0.15 else _STEPS[number * 5 // size]
        if step is not None:
            lines.append(f'step = "{step}"')
        lines.append(f'owner = "{rng.choice(_OWNERS)}"')
        lines.append(f'duration = "{_duration(rng)}"')
        if number:
            wanted = min(number, round(rng.expovariate(1 / dependencies_per_initiative)))
            # any earlier initiative: a network some tens of waves deep, as wide as it is long
            targets = sorted(rng.sample(range(number), wanted))
            if targets:
                links = ", ".join(_dependency(rng, target) for target in targets)
                lines.append(f"depends_on = [{links}]")
        roll = rng.random()
        if roll < 0.05:
            lines.append('status = "done"')
            lines.append("progress = 100")
            lines.append("actual_start = 2026-04-01")
            lines.append("actual_finish = 2026-05-15")
        elif roll < 0.10:
            lines.append('status = "in_progress"')
            lines.append(f"progress = {rng.randint(0, 90)}")
            lines.append("actual_start = 2026-04-15")
        elif roll < 0.15:
            offset = dt.timedelta(days=rng.randint(0, 400))
            lines.append(f"not_before = {(start + offset).isoformat()}")
        if rng.random() < 0.05:
            offset = dt.timedelta(days=rng.randint(450, 2000))
            lines.append(f"deadline = {(start + offset).isoformat()}")
        if rng.random() < 0.2:
            lines.append('tags = ["基幹業務"]')
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("size", type=int, help="number of initiatives")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dependencies", type=float, default=2.5, help="average per initiative")
    args = parser.parse_args(argv)
    sys.stdout.write(synthetic_plan(args.size, args.seed, args.dependencies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
