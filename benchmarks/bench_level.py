"""Benchmark of leveling, run by hand: ``python benchmarks/bench_level.py``.

Times ``roadmap level PLAN --allow-slip`` on plans with many overloaded initiatives that no
move can fix: each needs 1.5 FTE of a team of 1.0, so wherever it goes it overloads its team,
and leveling has to try every month within :data:`roadmap.core.analysis.leveling.SLIP_MONTHS` for it before
giving up. The plan is ``benchmarks/synthetic.py``'s (as many initiatives as there are
unfixable ones, with their dependencies, steps, actuals and deadlines), plus the unfixable
initiatives, their teams, and a few overloads that leveling can fix (two 0.6 FTE initiatives
sharing a team of 1.0, so one of them moves). Seeded: every run is the same.

Printed for each size: the leveling itself (:func:`roadmap.core.analysis.leveling.level_plan`, plan already
loaded), the whole command (``roadmap level --allow-slip -o OUT`` in this process, reading,
leveling and writing), the number of moves and of conflicts left. Not part of the test suite:
timing assertions there would be flaky on a shared machine.

Usage::

    python benchmarks/bench_level.py                 # 60 and 600 unfixable initiatives
    python benchmarks/bench_level.py --sizes 60 --runs 1
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from synthetic import synthetic_plan  # noqa: E402

from roadmap.core.analysis.leveling import level_plan  # noqa: E402
from roadmap.core.planfile.loader import parse_plan  # noqa: E402

#: Fixable overloads added to every plan (pairs of initiatives sharing a team).
FIXABLE_PAIRS = 5


def leveling_plan(unfixable: int, seed: int = 1) -> str:
    """The text of a plan with ``unfixable`` overloaded initiatives no move can fix.

    Examples
    --------
    >>> text = leveling_plan(3)
    >>> text.count('= 1.5 }')
    3
    """
    rng = random.Random(seed)
    start = dt.date(2026, 7, 1)  # after the synthetic plan's status date: no history
    lines = [synthetic_plan(unfixable, seed).rstrip("\n"), ""]
    for number in range(unfixable):
        lines += [f'[teams."U{number:04d}"]', "capacity = 1.0", ""]
    for number in range(FIXABLE_PAIRS):
        lines += [f'[teams."F{number}"]', "capacity = 1.0", ""]
    for number in range(unfixable):
        not_before = start + dt.timedelta(days=rng.randint(0, 700))
        lines += [
            f"[initiatives.over{number:04d}]",
            f'title = "能力超過 {number}"',
            f'duration = "{rng.randint(20, 60)}d"',
            f"not_before = {not_before.isoformat()}",
            f'staffing = {{ "U{number:04d}" = 1.5 }}',
            "",
        ]
    for number in range(FIXABLE_PAIRS):
        not_before = start + dt.timedelta(days=60 * number)
        for half in "ab":
            lines += [
                f"[initiatives.pair{number}{half}]",
                f'title = "共有チーム {number}{half}"',
                'duration = "30d"',
                f"not_before = {not_before.isoformat()}",
                f'staffing = {{ "F{number}" = 0.6 }}',
                "",
            ]
    return "\n".join(lines)


def _best(runs: int, work: object) -> float:
    assert callable(work)
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `roadmap level --allow-slip` on plans with unfixable overloads."
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[60, 600],
        metavar="N",
        help="numbers of unfixable overloaded initiatives (default: 60 600)",
    )
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from roadmap.cli.main import main as roadmap_main

    print(
        f"{'unfixable':>9} {'initiatives':>11} {'level_plan':>11} {'command':>9} {'moves':>6} "
        f"{'left':>5}"
    )
    for size in args.sizes:
        text = leveling_plan(size, args.seed)
        loaded = parse_plan(text, "bench.toml")
        assert loaded.plan is not None, loaded.problems
        plan = loaded.plan
        result = level_plan(plan, allow_slip=True)
        leveling = _best(args.runs, lambda plan=plan: level_plan(plan, allow_slip=True))
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "plan.toml"
            source.write_text(text, encoding="utf-8")
            target = os.path.join(folder, "out.toml")

            def command(source: Path = source, target: str = target) -> None:
                with contextlib.redirect_stdout(io.StringIO()):
                    code = roadmap_main(["level", str(source), "--allow-slip", "-o", target])
                assert code == 0, code

            whole = _best(args.runs, command)
        print(
            f"{size:>9} {len(plan.initiatives):>11} {leveling:>10.2f}s {whole:>8.2f}s "
            f"{len(result.moves):>6} {len(result.remaining):>5}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
