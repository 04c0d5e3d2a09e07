"""Extreme values in a plan are problems with a code, a line and a hint, never a traceback.

Plans generated with extreme values once gave 117 tracebacks in 3,238 runs, from five causes:
a negative ``risk_seed``, a plan deadline years before its start, ``inf``/``nan``/``1e308`` in
staffing or team capacity, ``nan``/``inf`` KPI values (which made the JSON output invalid),
and staffed work in December 2099, the calendar's last month. Here every command runs
in-process over each of them, and a property test draws such values at random.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.cli.main import main
from roadmap.core.analysis.kpi import achievement_rate
from roadmap.core.analysis.schedule import schedule_plan
from roadmap.core.analysis.staffing import staffing_report
from roadmap.core.planfile.loader import parse_plan

HEAD = '[plan]\ntitle = "x"\nstart = 2026-04-01\n'


def plan_text(
    *,
    plan: str = "",
    capacity: str = "1.0",
    fte: str = "0.5",
    initiative: str = "",
    kpi: str = "baseline = 10\ntarget = 20\nactual = 15\n",
) -> str:
    """A small plan with a team, a staffed initiative and a KPI, with the given parts."""
    return (
        HEAD
        + plan
        + f"\n[teams.T]\ncapacity = {capacity}\n"
        + '\n[initiatives.a]\ntitle = "a"\nduration = "10d"\n'
        + initiative
        + f"\n[initiatives.a.staffing]\nT = {fte}\n"
        + '\n[[initiatives.a.kpis]]\nname = "k"\ndue = 2027-03-31\n'
        + kpi
    )


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line of ``text`` that contains ``fragment``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if fragment in line)


#: (id, plan text, the problem code ``check`` reports, text on the problem's line)
CASES: list[tuple[str, str, str, str]] = [
    ("risk-seed-negative", plan_text(plan="risk_seed = -1\n"), "risk-seed-range", "risk_seed"),
    (
        "risk-seed-huge",
        plan_text(plan="risk_seed = 123456789012345678901234567890\n"),
        "risk-seed-range",
        "risk_seed",
    ),
    (
        "deadline-years-before-start",
        plan_text(plan="deadline = 2000-03-31\n"),
        "deadline-before-start",
        "deadline",
    ),
    ("capacity-inf", plan_text(capacity="inf"), "not-finite", "capacity"),
    ("capacity-nan", plan_text(capacity="nan"), "not-finite", "capacity"),
    ("capacity-1e308", plan_text(capacity="1e308"), "fte-range", "capacity"),
    ("staffing-inf", plan_text(fte="inf"), "not-finite", "T = "),
    ("staffing-nan", plan_text(fte="nan"), "not-finite", "T = "),
    ("staffing-1e308", plan_text(fte="1e308"), "fte-range", "T = "),
    ("staffing-negative", plan_text(fte="-0.5"), "fte-range", "T = "),
    (
        "kpi-nan",
        plan_text(kpi="baseline = nan\ntarget = 20\nactual = 15\n"),
        "not-finite",
        "baseline",
    ),
    ("kpi-inf", plan_text(kpi="baseline = 0\ntarget = inf\nactual = 1\n"), "not-finite", "target"),
    (
        "kpi-target-1e308",
        plan_text(kpi="baseline = -1e308\ntarget = 1e308\nactual = 0\n"),
        "kpi-value-range",
        "baseline",
    ),
    (
        "kpi-fiscal-year-target-nan",
        plan_text(kpi="baseline = 0\ntarget = 1\ntargets = { 2026 = nan }\n"),
        "not-finite",
        "targets",
    ),
]

#: Plans at the edges that are valid: every command must work on them.
VALID_EDGES: list[tuple[str, str]] = [
    ("staffed-december-2099", plan_text(initiative="not_before = 2099-12-01\n")),
    (  # 10 working days ending on 2099-12-28, the calendar's last working day
        "staffed-to-the-last-working-day",
        plan_text(initiative="not_before = 2099-12-15\n"),
    ),
    ("risk-seed-max", plan_text(plan="risk_seed = 9223372036854775807\n")),
    ("risk-seed-zero", plan_text(plan="risk_seed = 0\n")),
    ("deadline-on-start", plan_text(plan="deadline = 2026-04-01\n")),
    ("fte-limits", plan_text(capacity="100000", fte="100000")),
    ("kpi-limits", plan_text(kpi="baseline = -1e15\ntarget = 1e15\nactual = 0\n")),
    (
        "kpi-target-a-hair-from-baseline",
        plan_text(kpi="baseline = 0\ntarget = 1e-300\nactual = 1e15\n"),
    ),
]

#: Every command a user runs on a plan; ``OUT`` is replaced by a file in a temporary folder.
COMMANDS: list[list[str]] = [
    ["check"],
    ["check", "--format", "json"],
    ["schedule"],
    ["schedule", "--json"],
    ["export", "-o", "OUT.md"],
    ["export", "-o", "OUT.xlsx"],
    ["export", "-o", "OUT.svg"],
    ["export", "-o", "OUT.csv"],
    ["export", "-o", "OUT.json"],
    ["budget"],
    ["budget", "--json"],
    ["staffing"],
    ["staffing", "--json"],
    ["kpi"],
    ["kpi", "--json"],
    ["risk", "--runs", "200"],
    ["risk", "--runs", "200", "--json"],
    ["level"],
    ["level", "--json"],
]


def strict_json(text: str) -> Any:
    """``text`` read as strict JSON: ``NaN``, ``Infinity`` and ``-Infinity`` are refused."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def run(command: list[str], path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``roadmap <command> <path>`` in-process; any exception fails the test with its
    traceback. Returns the exit code, stdout and stderr."""
    argv = [part.replace("OUT", str(path.with_suffix(""))) for part in command] + [str(path)]
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert code in (0, 1, 2), (command, code, captured.err)
    if code == 0 or "--json" in command or "json" in command:
        output_file = next((part for part in argv if part.endswith(".json")), None)
        if output_file is not None and Path(output_file).exists():
            strict_json(Path(output_file).read_text(encoding="utf-8"))
        elif captured.out.strip() and ("--json" in command or "json" in command):
            strict_json(captured.out)
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: "-".join(command))
@pytest.mark.parametrize(("name", "text", "code", "where"), CASES, ids=[c[0] for c in CASES])
def test_every_command_refuses_an_extreme_value_with_exit_1(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    name: str,
    text: str,
    code: str,
    where: str,
) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    exit_code, _, _ = run(command, path, capsys)
    assert exit_code == 1
    written = [file.name for file in tmp_path.iterdir() if file.suffix != ".toml"]
    assert written == [], "a plan with errors is not exported"


@pytest.mark.parametrize(("name", "text", "code", "where"), CASES, ids=[c[0] for c in CASES])
def test_check_names_the_code_the_line_and_a_hint(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    code: str,
    where: str,
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    exit_code, out, err = run(["check"], path, capsys)
    output = out + err
    assert exit_code == 1
    report = next(line for line in output.splitlines() if f"[{code}]" in line)
    assert report.startswith(f"{path}:{line_of(text, where)}: ")
    hint = output.splitlines()[output.splitlines().index(report) + 1]
    assert hint.strip().startswith("ヒント:")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: "-".join(command))
@pytest.mark.parametrize(("name", "text"), VALID_EDGES, ids=[c[0] for c in VALID_EDGES])
def test_every_command_works_on_values_at_the_edges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], name: str, text: str
) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    exit_code, _, err = run(command, path, capsys)
    assert exit_code == 0, err


def test_json_output_of_a_nan_kpi_is_strict_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(plan_text(kpi="baseline = nan\ntarget = inf\nactual = -inf\n"), "utf-8")
    exit_code, out, _ = run(["schedule", "--json"], path, capsys)
    assert exit_code == 1
    document = strict_json(out)
    assert {problem["code"] for problem in document["problems"]} == {"not-finite"}


def test_staffed_work_in_december_2099_loads_its_team_to_the_calendar_end() -> None:
    loaded = parse_plan(plan_text(initiative="not_before = 2099-12-01\n"))
    assert loaded.plan is not None and not loaded.problems
    schedule = schedule_plan(loaded.plan)
    report = staffing_report(loaded.plan, schedule)
    december = report.cell("T", dt.date(2099, 12, 1))
    assert december is not None
    assert december.load == pytest.approx(0.5 * 10 / december.working_days)
    # 12-01 .. 12-28 are the month's working days before the year-end closure
    assert december.working_days == 20


def test_a_plan_due_years_before_it_starts_is_not_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(plan_text(plan="deadline = 2000-03-31\n"), encoding="utf-8")
    exit_code, _, err = run(["export", "-o", "OUT.md"], path, capsys)
    assert exit_code == 1
    assert "[deadline-before-start]" in err
    assert not (tmp_path / "plan.md").exists()


def test_an_achievement_too_large_to_be_a_number_is_unmeasured() -> None:
    assert achievement_rate(0, 1e-300, 1e15) is None
    assert achievement_rate(0, -1e-300, 1e15) is None
    assert achievement_rate(10, 20, 15) == 0.5


@pytest.mark.parametrize("seed", ["-1", "9223372036854775808", "x"])
def test_risk_seed_option_out_of_range_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], seed: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["risk", "--seed", seed, "plans/example-town.toml"])
    assert stopped.value.code == 2
    assert "--seed" in capsys.readouterr().err


# -- property: any mix of extreme values -------------------------------------------------------

EXTREME_FLOATS = st.sampled_from(
    ["nan", "inf", "-inf", "1e308", "-1e308", "1e-300", "0", "0.5", "1e15", "-1e15", "100000"]
)
EXTREME_INTS = st.sampled_from(
    ["-1", "0", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "7"]
)
EDGE_DATES = st.sampled_from(
    ["1951-01-01", "2000-01-01", "2026-04-01", "2099-12-01", "2099-12-28", "2099-12-31"]
)
PROPERTY_COMMANDS = [
    ["check"],
    ["schedule", "--json"],
    ["staffing", "--json"],
    ["kpi", "--json"],
    ["budget", "--json"],
    ["risk", "--runs", "50", "--json"],
    ["export", "-o", "OUT.md"],
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=EXTREME_INTS,
    deadline=EDGE_DATES,
    not_before=EDGE_DATES,
    capacity=EXTREME_FLOATS,
    fte=EXTREME_FLOATS,
    baseline=EXTREME_FLOATS,
    target=EXTREME_FLOATS,
    actual=EXTREME_FLOATS,
)
def test_any_mix_of_extreme_values_gives_exit_0_1_or_2_and_strict_json(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    seed: str,
    deadline: str,
    not_before: str,
    capacity: str,
    fte: str,
    baseline: str,
    target: str,
    actual: str,
) -> None:
    text = plan_text(
        plan=f"risk_seed = {seed}\ndeadline = {deadline}\n",
        capacity=capacity,
        fte=fte,
        initiative=f"not_before = {not_before}\n",
        kpi=f"baseline = {baseline}\ntarget = {target}\nactual = {actual}\n",
    )
    path = tmp_path / "random.toml"
    path.write_text(text, encoding="utf-8")
    for command in PROPERTY_COMMANDS:
        run(command, path, capsys)
