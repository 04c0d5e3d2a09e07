"""Every row of the speed table, measured as the CLI runs: whole processes.

Each figure is the wall time of a fresh ``python -m roadmap.cli ...`` process (imports, reading,
parsing, checking, scheduling, writing the output to a file), the median over ``--runs`` runs.
``schedule --json`` is paired with the bare pure-Python CPM of ``bare_cpm.py`` over the same
graph, read from JSON: each run times the CLI and then the reference back to back, and the ratio
printed is the median of the per-pair ratios, so load from other work on the machine affects both
sides of a ratio alike. Peak memory is the child's own ``ru_maxrss`` (``os.wait4``); the inputs
are written by a child too, since a child's peak starts from its parent's. The children run
with compiled bytecode cached in the run's temporary folder, as an installed package does.

The code measured is the checkout this script lives in (``PYTHONPATH`` is set to it), so a copy
of ``benchmarks/`` in an export of an older commit measures that commit::

    python benchmarks/run_all.py                        # every row, 3 runs each
    python benchmarks/run_all.py --runs 5 --sizes 10000  # fewer sizes, more runs
    python benchmarks/run_all.py --no-tui --no-100k      # skip the slow rows

Not a test: it prints figures (and the load average, since other processes slow every figure).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


@dataclass
class Run:
    seconds: float
    rss_mb: float
    code: int
    error: str = ""


#: Where the children keep compiled bytecode (set by :func:`main`): an installed package has
#: its ``.pyc`` files, so the commands are timed with bytecode cached, never written into the
#: checkout, even where ``PYTHONDONTWRITEBYTECODE`` is set (it costs ``check`` 50 ms).
PYCACHE: list[str] = []


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.setdefault("COLUMNS", "120")
    if PYCACHE:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYCACHE[0]
    return env


def run(command: Sequence[str], stdout_path: Path | None = None) -> Run:
    """Run ``command`` in a fresh process (cwd outside the checkout); wall time and peak RSS."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        begin = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            stdout=out,
            stderr=subprocess.PIPE,
            env=_env(),
            cwd=tempfile.gettempdir(),
        )
        assert process.stderr is not None
        errors = process.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - begin
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout_path:
            out.close()  # type: ignore[union-attr]
    # the first error line, so a row that measured a refusal says so
    error = next((line for line in errors.splitlines() if "エラー" in line or "error" in line), "")
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode, error.strip()[:90])


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "roadmap.cli", *args]


@dataclass
class Row:
    measure: str
    value: str
    target: str
    note: str = ""


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


_INPUTS = """
import json, sys, tomllib
sys.path.insert(0, sys.argv[1])
from bare_cpm import graph_json
from synthetic import synthetic_plan
size, plan, graph = int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(plan, "w", encoding="utf-8") as stream:
    stream.write(synthetic_plan(size))
with open(plan, "rb") as stream:
    data = tomllib.load(stream)
with open(graph, "w", encoding="utf-8") as stream:
    json.dump(graph_json(data), stream)
"""


def write_inputs(folder: Path, size: int) -> tuple[Path, Path]:
    """The synthetic plan of ``size`` and its graph for the bare CPM, written by a child: a
    child's peak memory (``ru_maxrss``) starts from its parent's at the fork, so this process
    must never hold a large plan itself (the 100,000 plan parsed here once made every later
    row report 360 MB)."""
    plan = folder / f"plan-{size}.toml"
    graph = folder / f"graph-{size}.json"
    if not graph.exists():
        command = [sys.executable, "-c", _INPUTS, str(HERE), str(size), str(plan), str(graph)]
        subprocess.run(command, check=True)
    return plan, graph


def bench_schedule(folder: Path, size: int, runs: int, rows: list[Row]) -> None:
    """``schedule --json`` of ``size`` initiatives beside the bare CPM; at 10,000 and fewer,
    also the command's fixed cost (the same command on a plan of one initiative: interpreter,
    imports, pydantic's model building), as a ratio to the same bare runs, since the ratio
    target can never be below it."""
    plan, graph = write_inputs(folder, size)
    tiny, _ = write_inputs(folder, 1)
    cli_runs: list[Run] = []
    bare_runs: list[Run] = []
    fixed_runs: list[Run] = []
    for _ in range(runs):
        cli_runs.append(run(cli("schedule", "--json", str(plan)), folder / "out.json"))
        bare_runs.append(run([sys.executable, str(HERE / "bare_cpm.py"), str(graph)]))
        if size <= 10_000:
            fixed_runs.append(run(cli("schedule", "--json", str(tiny)), folder / "out.json"))
    ratios = [a.seconds / b.seconds for a, b in zip(cli_runs, bare_runs, strict=True)]
    seconds = _median([r.seconds for r in cli_runs])
    bare = _median([r.seconds for r in bare_runs])
    rss = max(r.rss_mb for r in cli_runs)
    codes = sorted({r.code for r in cli_runs})
    target = "<= 3x bare" if size <= 10_000 else "< 6 s, < 500 MB"
    rows.append(
        Row(
            f"schedule --json, {size:,} initiatives",
            f"{seconds:.2f} s ({_median(ratios):.1f}x bare {bare:.2f} s), {rss:.0f} MB",
            target,
            f"exit {codes}" + "".join(f" {r.error}" for r in cli_runs[:1] if r.error),
        )
    )
    print(f"  {rows[-1].measure}: {rows[-1].value} {rows[-1].note}", flush=True)
    if fixed_runs:
        fixed = [a.seconds / b.seconds for a, b in zip(fixed_runs, bare_runs, strict=True)]
        rows.append(
            Row(
                "  the same command on 1 initiative",
                f"{_median([r.seconds for r in fixed_runs]):.2f} s ({_median(fixed):.1f}x bare)",
                "(fixed cost)",
            )
        )


def bench_check_example(runs: int, rows: list[Row]) -> None:
    example = ROOT / "plans" / "example-town.toml"
    times = [run(cli("check", str(example))).seconds for _ in range(max(runs, 5))]
    rows.append(
        Row(
            "check on the example plan",
            f"{_median(times):.2f} s (best {min(times):.2f})",
            "< 0.2 s",
        )
    )


def bench_exports(folder: Path, size: int, runs: int, rows: list[Row]) -> None:
    plan, _ = write_inputs(folder, size)
    for suffix, target in (("xlsx", "< 4 s"), ("md", "< 2 s")):
        output = folder / f"out.{suffix}"
        results = [run(cli("export", str(plan), "-o", str(output))) for _ in range(runs)]
        name = "xlsx" if suffix == "xlsx" else "Markdown"
        rows.append(
            Row(
                f"{name} export, {size:,}",
                f"{_median([r.seconds for r in results]):.2f} s, "
                f"{max(r.rss_mb for r in results):.0f} MB",
                target,
                f"exit {sorted({r.code for r in results})}",
            )
        )


def bench_tui(sizes: list[int], edits: int, rows: list[Row]) -> None:
    command = [
        sys.executable,
        str(HERE / "bench_tui.py"),
        *map(str, sizes),
        "--no-example",
        "--json",
        "--edits",
        str(edits),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), check=False)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["?"]
        rows.append(Row("TUI", "failed", "", tail[0][:60]))
        return
    for line in done.stdout.splitlines():
        if not line.startswith("{"):
            continue
        figures = json.loads(line)
        size = int(figures["plan"])
        median_target, worst_target = ("< 50 ms", "< 100 ms") if size <= 2000 else ("< 100 ms", "")
        rows.append(
            Row(
                f"TUI edit -> repaint, {size:,} initiatives",
                f"{figures['key_to_paint_ms']:.0f} ms median, "
                f"{figures['key_to_paint_max_ms']:.0f} ms worst",
                f"{median_target} median" + (f", {worst_target} worst" if worst_target else ""),
                f"analyze {figures['analyze_ms']:.0f} ms",
            )
        )
        if size >= 5000:
            rows.append(
                Row(
                    f"TUI first paint, {size:,} initiatives",
                    f"{figures['first_paint_s']:.2f} s",
                    "< 1.5 s",
                )
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Every row of the speed table, as whole processes."
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median; default 3)")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000], help="schedule --json sizes"
    )
    parser.add_argument("--no-100k", action="store_true", help="skip sizes over 10,000")
    parser.add_argument("--no-tui", action="store_true", help="skip the editor rows")
    parser.add_argument("--no-export", action="store_true", help="skip the export rows")
    parser.add_argument("--tui-edits", type=int, default=8)
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    sizes = [size for size in args.sizes if not (args.no_100k and size > 10_000)]
    rows: list[Row] = []
    print(
        f"dx-roadmap speed table — {ROOT}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        PYCACHE[:] = [str(folder / "pycache")]
        run(cli("--help"))  # compiles the bytecode every later run reads
        run(cli("check", str(ROOT / "plans" / "example-town.toml")))
        for size in sizes:
            # the 100,000 plan takes half a minute a run: fewer runs there
            bench_schedule(folder, size, runs if size <= 10_000 else max(1, min(runs, 2)), rows)
        bench_check_example(runs, rows)
        if not args.no_tui:
            bench_tui([2000, 5000], args.tui_edits, rows)
        if not args.no_export:
            bench_exports(folder, 10_000, runs, rows)
    width = max(len(row.measure) for row in rows)
    value_width = max(len(row.value) for row in rows)
    print(f"{'measure':<{width}}  {'value':<{value_width}}  target")
    for row in rows:
        print(
            f"{row.measure:<{width}}  {row.value:<{value_width}}  {row.target}  {row.note}".rstrip()
        )
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
