"""Benchmark of the plan core, run by hand: ``python benchmarks/bench_core.py``.

Measures, on this machine, what the targets of the plan core are about:

- load + validate + schedule of a synthetic plan of 10,000 initiatives (about 25,000
  dependencies): under 2 s, under 400 MB peak memory;
- the analysis the editor reruns after every edit (:func:`roadmap.core.analysis.pipeline.analyze_plan` on
  a plan already in memory, 2,000 initiatives): a figure, no target of its own (the editor's
  target, an edit on screen in under 100 ms, is measured by ``bench_tui.py``);
- ``roadmap --help``: under 0.2 s (a subprocess, best of 5);
- ``roadmap check plans/example-town.toml``: under 0.5 s (a subprocess, best of 5).

Each core figure is the best of a few runs in a fresh process, so one run's import and cache
warm-up does not flatter the next. Peak memory is the child's maximum resident set size
(``resource.getrusage``), which includes the interpreter and imported libraries; the
tracemalloc peak of the work itself is shown beside it. Prints a table; exits 1 when a target
is missed so the script can also guard a release by hand. Not part of the test suite: timing
assertions there would be flaky on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_plan  # noqa: E402

ROADMAP = Path(sys.executable).with_name("roadmap")
EXAMPLE = ROOT / "plans" / "example-town.toml"


def _child(size: int, seed: int, trace: bool) -> None:
    """Time one load + validate + schedule in this fresh process; print JSON figures."""
    import tracemalloc

    data = synthetic_plan(size, seed).encode("utf-8")
    from roadmap.core.analysis.pipeline import analyze
    from roadmap.core.planfile.loader import parse_plan_bytes

    if trace:
        tracemalloc.start()
    began, cpu_began = time.perf_counter(), time.process_time()
    loaded = parse_plan_bytes(data, file="synthetic.toml")
    loaded_at = time.perf_counter()
    analysis = analyze(loaded)
    finished, cpu_finished = time.perf_counter(), time.process_time()
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    assert analysis.schedule is not None and not analysis.has_errors, analysis.errors[:3]
    figures = {
        "load": loaded_at - began,
        "check_schedule": finished - loaded_at,
        "total": finished - began,
        "cpu": cpu_finished - cpu_began,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "traced_peak_mb": peak / 2**20,
        "initiatives": len(analysis.schedule.initiatives),
        "dependencies": sum(len(item.depends_on) for item in analysis.plan.initiatives.values())
        if analysis.plan
        else 0,
        "waves": len(analysis.schedule.waves),
        "finish": analysis.schedule.finish.isoformat(),
    }
    print(json.dumps(figures))


def _edit_child(size: int, seed: int, repeats: int = 7) -> None:
    """Time the per-edit analysis of an in-memory plan (best of ``repeats``); print JSON."""
    from roadmap.core.analysis.pipeline import analyze_plan
    from roadmap.core.planfile.loader import parse_plan

    plan = parse_plan(synthetic_plan(size, seed)).plan
    assert plan is not None
    analyze_plan(plan)  # the first run builds the calendar, as the editor's load does
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        analyze_plan(plan)
        best = min(best, time.perf_counter() - began)
    print(json.dumps({"analyze": best, "initiatives": len(plan.initiatives)}))


def _run_edit_child(size: int, seed: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--edit-child", str(size), "--seed", str(seed)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def _run_child(size: int, seed: int, trace: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", str(size), "--seed", str(seed)]
    if trace:
        command.append("--trace")
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def _best_wall(command: list[str], runs: int = 5) -> float:
    """The best wall time of ``command`` over ``runs`` runs, in seconds."""
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        best = min(best, time.perf_counter() - began)
    return best


def _row(name: str, value: str, target: str, ok: bool) -> str:
    return f"{name:<52} {value:>12} {target:>10}  {'ok' if ok else 'MISSED'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the plan core.")
    parser.add_argument("--child", type=int, metavar="SIZE", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--edit-child", type=int, metavar="SIZE", help=argparse.SUPPRESS)
    parser.add_argument(
        "--edit-size", type=int, default=2_000, help="initiatives for the re-analysis figure"
    )
    parser.add_argument("--size", type=int, default=10_000, help="initiatives (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per core figure")
    args = parser.parse_args(argv)
    if args.child is not None:
        _child(args.child, args.seed, args.trace)
        return 0
    if args.edit_child is not None:
        _edit_child(args.edit_child, args.seed)
        return 0

    timed = [_run_child(args.size, args.seed, trace=False) for _ in range(args.runs)]
    best = min(timed, key=lambda figures: figures["total"])
    traced = _run_child(args.size, args.seed, trace=True)
    help_time = _best_wall([str(ROADMAP), "--help"])
    check_time = _best_wall([str(ROADMAP), "check", str(EXAMPLE)])
    maxrss = max(figures["maxrss_mb"] for figures in timed)
    edit = _run_edit_child(args.edit_size, args.seed)

    rows = [
        _row(
            f"load+validate+schedule, {best['initiatives']:.0f} initiatives",
            f"{best['total']:.2f} s",
            "< 2 s",
            best["total"] < 2,
        ),
        _row("  the same in CPU time (less sensitive to load)", f"{best['cpu']:.2f} s", "", True),
        _row("  of which load (decode, TOML, validation)", f"{best['load']:.2f} s", "", True),
        _row("  of which checks + schedule", f"{best['check_schedule']:.2f} s", "", True),
        _row("peak memory (max RSS of the process)", f"{maxrss:.0f} MB", "< 400 MB", maxrss < 400),
        _row(
            "peak memory (tracemalloc, the work only)",
            f"{traced['traced_peak_mb']:.0f} MB",
            "",
            True,
        ),
        _row(
            f"re-analysis in memory (per edit), {edit['initiatives']:.0f} initiatives",
            f"{edit['analyze'] * 1000:.0f} ms",
            "",
            True,
        ),
        _row("roadmap --help (best of 5)", f"{help_time:.3f} s", "< 0.2 s", help_time < 0.2),
        _row(
            "roadmap check plans/example-town.toml (best of 5)",
            f"{check_time:.3f} s",
            "< 0.5 s",
            check_time < 0.5,
        ),
    ]
    load = os.getloadavg()[0]
    print(
        f"dx-roadmap core benchmark — Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load average {load:.1f} at the end"
    )
    print(
        f"synthetic plan: {best['initiatives']:.0f} initiatives, {best['dependencies']:.0f} "
        f"dependencies, {best['waves']:.0f} waves, finish {best['finish']}"
    )
    print(f"{'measure':<52} {'value':>12} {'target':>10}")
    print("\n".join(rows))
    return 0 if all(row.endswith("ok") for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
