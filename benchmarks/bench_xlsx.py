"""Benchmark of the xlsx export, run by hand: ``python benchmarks/bench_xlsx.py [SIZE]``.

Target: the workbook of a 2,000-initiative plan in under 10 s, including loading and
scheduling the plan. The plan comes from :mod:`benchmarks.synthetic`. Prints the best of a few
runs (load + schedule, build + save, total) and the workbook's size; exits 1 when the target
is missed. Not part of the test suite: timing assertions there would be flaky on a shared
machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_plan  # noqa: E402

from exporters.base import ExportOptions  # noqa: E402
from exporters.xlsx import export  # noqa: E402
from roadmap.core.analysis.pipeline import analyze  # noqa: E402
from roadmap.core.planfile.loader import parse_plan_bytes  # noqa: E402

TARGET_SECONDS = 10.0


def run_once(data: bytes) -> tuple[float, float, int]:
    """Seconds to load and schedule, seconds to build and save, and the workbook's bytes."""
    began = time.perf_counter()
    analysis = analyze(parse_plan_bytes(data, file="synthetic.toml"))
    scheduled = time.perf_counter()
    workbook = export(analysis, ExportOptions())
    finished = time.perf_counter()
    assert analysis.schedule is not None and not analysis.has_errors
    return scheduled - began, finished - scheduled, len(workbook)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("size", type=int, nargs="?", default=2000, help="initiatives")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    data = synthetic_plan(args.size, args.seed).encode("utf-8")
    results = [run_once(data) for _ in range(args.runs)]
    schedule_time, export_time, size = min(results, key=lambda result: result[0] + result[1])
    total = schedule_time + export_time
    print(f"xlsx export of {args.size} initiatives (best of {args.runs}):")
    print(f"  load + schedule  {schedule_time:6.2f} s")
    print(f"  build + save     {export_time:6.2f} s")
    print(f"  total            {total:6.2f} s  (target < {TARGET_SECONDS:.0f} s)")
    print(f"  workbook         {size / 1024:6.0f} KiB")
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
