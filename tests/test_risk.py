"""Schedule risk (``roadmap risk``): the Monte Carlo simulation agrees with the CPM, samples the
distributions it claims, finds the critical work, and is reproducible."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from synthetic_plans import synthetic_plan

from exporters.base import ExportOptions
from exporters.md_risk import risk_section
from exporters.xlsx_risk import add_risk_sheet
from roadmap.cli.main import main
from roadmap.core.analysis.pipeline import analyze_plan
from roadmap.core.analysis.risk import simulate
from roadmap.core.analysis.risk_result import RiskResult, risk_document
from roadmap.core.analysis.schedule import schedule_plan
from roadmap.core.model.plan import Plan
from roadmap.core.planfile.loader import parse_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "plans" / "example-town.toml"


#: Every rule the CPM knows: SS/FF links with lags, a month lag, not_before, a status date,
#: done work with actuals, work in progress, a cancelled initiative, deadlines, milestones.
RULES = """
[plan]
title = "規則の町"
start = 2026-04-01
status_date = 2026-06-15
deadline = 2027-03-31

[initiatives.policy]
title = "方針"
duration = "1mo"
status = "done"
actual_start = 2026-04-01
actual_finish = 2026-05-08

[initiatives.fitgap]
title = "Fit&Gap"
duration = {{ optimistic = "{fitgap}", likely = "3mo", pessimistic = "{fitgap_high}" }}
depends_on = ["policy"]
status = "in_progress"
progress = 40
actual_start = 2026-05-11

[initiatives.vendor]
title = "事業者選定"
duration = {{ optimistic = "{vendor}", likely = "15d", pessimistic = "{vendor_high}" }}
depends_on = [{{ id = "fitgap", type = "SS", lag = "2w" }}]
not_before = 2026-07-01

[initiatives.migration]
title = "データ移行"
duration = "1mo"
depends_on = ["vendor", {{ id = "fitgap", type = "FF", lag = "1mo" }}]
deadline = 2026-12-25

[initiatives.training]
title = "研修"
duration = "3w"
depends_on = [{{ id = "vendor", type = "FS", lag = "1mo" }}]

[initiatives.dropped]
title = "中止した取組"
duration = "1y"
status = "cancelled"

[initiatives.cutover]
title = "本番移行"
duration = "0d"
depends_on = ["migration", {{ id = "training", type = "FS", lag = "-2d" }}, "dropped"]
deadline = 2027-01-29
"""


def load(text: str) -> Plan:
    loaded = parse_plan(text)
    assert loaded.plan is not None, loaded.problems
    return loaded.plan


def degenerate(text: str) -> str:
    """Every three-point estimate with optimistic = likely = pessimistic."""
    pattern = re.compile(
        r'\{ optimistic = "[^"]+", likely = "(?P<likely>[^"]+)", pessimistic = "[^"]+" \}'
    )
    return pattern.sub(
        lambda m: (
            f'{{ optimistic = "{m["likely"]}", likely = "{m["likely"]}", '
            f'pessimistic = "{m["likely"]}" }}'
        ),
        text,
    )


def assert_every_run_is_the_cpm(plan: Plan, runs: int = 40) -> None:
    schedule = schedule_plan(plan)
    result = simulate(plan, runs=runs, seed=7)
    assert result.earliest_finish == result.latest_finish == schedule.finish
    assert result.cpm_finish == schedule.finish
    assert result.finish_counts == ((schedule.finish, runs),)
    for item in result.initiatives:
        scheduled = schedule.initiatives[item.id]
        assert set(item.finish_percentiles.values()) == {scheduled.early_finish}, item.id
        assert item.criticality == (1.0 if scheduled.critical else 0.0), item.id
        assert item.cpm_critical == scheduled.critical, item.id


class TestSameAsTheCriticalPath:
    def test_degenerate_estimates_reproduce_the_cpm_under_every_scheduling_rule(self) -> None:
        plan = load(RULES.format(fitgap="3mo", fitgap_high="3mo", vendor="15d", vendor_high="15d"))
        assert_every_run_is_the_cpm(plan)

    def test_degenerate_estimates_reproduce_the_cpm_of_the_example_town(self) -> None:
        plan = load(degenerate(EXAMPLE.read_text(encoding="utf-8")))
        assert_every_run_is_the_cpm(plan)

    def test_a_large_plan_without_estimates_is_its_cpm_in_every_run(self) -> None:
        assert_every_run_is_the_cpm(load(synthetic_plan(300, seed=3)), runs=5)

    def test_cancelled_initiatives_are_left_out(self) -> None:
        plan = load(RULES.format(fitgap="2mo", fitgap_high="5mo", vendor="10d", vendor_high="30d"))
        ids = [item.id for item in simulate(plan, runs=10).initiatives]
        assert "dropped" not in ids
        assert ids[0] == "policy"

    def test_done_work_never_moves_and_is_never_critical(self) -> None:
        plan = load(RULES.format(fitgap="2mo", fitgap_high="5mo", vendor="10d", vendor_high="30d"))
        policy = simulate(plan, runs=200).initiative("policy")
        assert set(policy.finish_percentiles.values()) == {policy.cpm_finish}
        assert policy.criticality == 0.0


def chain(length: int, estimate: str) -> str:
    lines = ['[plan]\ntitle = "連鎖"\nstart = 2026-04-01\ncalendar = "calendar"\n']
    for number in range(length):
        lines.append(f'[initiatives.t{number}]\ntitle = "作業{number}"\nduration = {estimate}\n')
        if number:
            lines.append(f'depends_on = ["t{number - 1}"]\n')
    return "".join(lines)


def mean_length_in_days(plan: Plan, runs: int, distribution: str) -> float:
    result = simulate(plan, runs=runs, seed=11, distribution=distribution)  # type: ignore[arg-type]
    start = plan.plan.start
    total = sum(((day - start).days + 1) * count for day, count in result.finish_counts)
    return total / runs


class TestSampling:
    ESTIMATE = '{ optimistic = "2d", likely = "4d", pessimistic = "12d" }'

    def test_a_chain_of_pert_tasks_has_the_pert_mean(self) -> None:
        plan = load(chain(10, self.ESTIMATE))
        # PERT mean (a + 4m + b) / 6 = (2 + 16 + 12) / 6 = 5 days a task
        assert mean_length_in_days(plan, 20_000, "pert") == pytest.approx(50, abs=0.4)

    def test_a_chain_of_triangular_tasks_has_the_triangular_mean(self) -> None:
        plan = load(chain(10, self.ESTIMATE))
        # triangular mean (a + m + b) / 3 = 6 days a task
        assert mean_length_in_days(plan, 20_000, "triangular") == pytest.approx(60, abs=0.4)

    def test_samples_stay_within_optimistic_and_pessimistic(self) -> None:
        result = simulate(load(chain(1, self.ESTIMATE)), runs=5_000, seed=3)
        assert result.earliest_finish.isoformat() >= "2026-04-02"  # 2 days: Apr 1-2
        assert result.latest_finish.isoformat() <= "2026-04-12"  # 12 days: Apr 1-12

    def test_month_estimates_are_measured_in_working_days_at_the_cpm_start(self) -> None:
        plan = load(
            '[plan]\ntitle = "月"\nstart = 2026-04-01\n'
            '[initiatives.a]\ntitle = "A"\n'
            'duration = { optimistic = "1mo", likely = "2mo", pessimistic = "3mo" }\n'
        )
        item = simulate(plan, runs=10).initiative("a")
        # working days: April 2026 21, May 18 (Golden Week), June 22
        assert item.estimate_days == (21, 39, 61)


SPREAD = """
[plan]
title = "余裕の町"
start = 2026-04-01
calendar = "calendar"

[initiatives.long]
title = "長い作業"
duration = { optimistic = "20d", likely = "30d", pessimistic = "60d" }

[initiatives.after]
title = "後続"
duration = "5d"
depends_on = ["long"]
deadline = 2026-05-10

[initiatives.short]
title = "短い作業"
duration = { optimistic = "1d", likely = "2d", pessimistic = "3d" }
"""


class TestCriticalityAndDrivers:
    def test_work_on_the_only_long_chain_is_always_critical(self) -> None:
        result = simulate(load(SPREAD), runs=2_000)
        assert result.initiative("long").criticality == 1.0
        assert result.initiative("after").criticality == 1.0

    def test_work_with_huge_float_is_never_critical(self) -> None:
        result = simulate(load(SPREAD), runs=2_000)
        assert result.initiative("short").criticality == 0.0

    def test_work_that_misses_its_deadline_is_critical_as_in_the_cpm(self) -> None:
        text = SPREAD + (
            '[initiatives.report]\ntitle = "報告"\n'
            'duration = { optimistic = "4d", likely = "5d", pessimistic = "9d" }\n'
            "deadline = 2026-04-03\n"
        )
        plan = load(text)
        assert schedule_plan(plan).initiatives["report"].critical
        report = simulate(plan, runs=500).initiative("report")
        assert report.criticality == 1.0
        assert report.deadline_probability == 0.0

    def test_the_driver_of_the_finish_ranks_first(self) -> None:
        result = simulate(load(SPREAD), runs=2_000)
        assert result.drivers[0] == "long"
        assert result.initiative("long").sensitivity == pytest.approx(1.0)
        assert [item.id for item in result.top_drivers()] == ["long"]

    def test_deadline_probability_is_the_share_of_runs_finishing_by_it(self) -> None:
        plan = load(SPREAD)
        result = simulate(plan, runs=4_000)
        after = result.initiative("after")
        # long + after finish by May 10 when long takes at most 35 days: a real coin toss
        assert after.deadline_probability is not None
        assert 0.2 < after.deadline_probability < 0.9
        late = simulate(plan, runs=4_000, distribution="triangular").initiative("after")
        assert late.deadline_probability is not None
        assert late.deadline_probability < after.deadline_probability  # triangular is wider

    def test_plan_deadline_probability_counts_runs_on_or_before_it(self) -> None:
        text = SPREAD.replace(
            'calendar = "calendar"', 'calendar = "calendar"\ndeadline = 2026-05-10'
        )
        result = simulate(load(text), runs=3_000)
        on_time = sum(
            count for day, count in result.finish_counts if day.isoformat() <= "2026-05-10"
        )
        assert result.deadline_probability == on_time / 3_000


class TestPercentiles:
    """Nearest rank: with ``n`` finishes sorted, percentile ``p`` is the ``ceil(p n / 100)``-th."""

    @staticmethod
    def sorted_finishes(result: RiskResult) -> list[dt.date]:
        return [day for day, count in result.finish_counts for _ in range(count)]

    @pytest.mark.parametrize(
        ("runs", "ranks"),
        [
            (1, {50: 1, 80: 1, 95: 1}),
            (2, {50: 1, 80: 2, 95: 2}),
            (3, {50: 2, 80: 3, 95: 3}),
            (5, {50: 3, 80: 4, 95: 5}),  # exactly 80 % of 5 runs have finished by the 4th
            (10, {50: 5, 80: 8, 95: 10}),
            (20, {50: 10, 80: 16, 95: 19}),
        ],
    )
    def test_percentiles_of_a_few_runs_are_the_nearest_rank(
        self, runs: int, ranks: dict[int, int]
    ) -> None:
        plan = load(SPREAD)
        distinct = 0
        for seed in range(8):
            result = simulate(plan, runs=runs, seed=seed)
            finishes = self.sorted_finishes(result)
            assert len(finishes) == runs
            distinct += len(set(finishes)) > 1
            expected = {p: finishes[rank - 1] for p, rank in ranks.items()}
            assert result.finish_percentiles == expected, seed
            assert result.initiative("after").finish_percentiles == expected, seed
        assert runs == 1 or distinct > 0  # the runs did differ: the ranks were really tested


class TestReproducible:
    def test_the_same_seed_gives_the_same_result(self) -> None:
        plan = load(EXAMPLE.read_text(encoding="utf-8"))
        first = risk_document(simulate(plan, runs=3_000, seed=5))
        again = risk_document(simulate(plan, runs=3_000, seed=5))
        assert json.dumps(first) == json.dumps(again)

    def test_another_seed_gives_another_result(self) -> None:
        plan = load(EXAMPLE.read_text(encoding="utf-8"))
        first = risk_document(simulate(plan, runs=3_000, seed=5))
        other = risk_document(simulate(plan, runs=3_000, seed=6))
        assert first["finish_counts"] != other["finish_counts"]

    def test_the_plan_risk_seed_is_the_default(self) -> None:
        plan = load(EXAMPLE.read_text(encoding="utf-8"))
        assert simulate(plan, runs=100).seed == plan.plan.risk_seed == 20260401


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


class TestCommand:
    def test_json_document_has_percentiles_deadlines_and_drivers(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(["risk", write(tmp_path, SPREAD), "--runs", "500", "--json"])
        document = json.loads(capsys.readouterr().out)
        assert code == 0
        assert set(document) == {"version", "file", "plan", "risk", "problems"}
        risk = document["risk"]
        assert risk["runs"] == 500 and risk["seed"] == 20260401 and risk["distribution"] == "pert"
        assert set(risk["finish_percentiles"]) == {"p50", "p80", "p95"}
        assert risk["drivers"][0]["id"] == "long"
        after = next(item for item in risk["initiatives"] if item["id"] == "after")
        assert after["deadline"] == "2026-05-10"
        assert 0 < after["deadline_probability"] < 1
        assert after["criticality"] == 1.0

    def test_the_table_shows_percentiles_in_english(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(["risk", write(tmp_path, SPREAD), "--runs", "200", "--lang", "en"])
        out = capsys.readouterr().out
        assert code == 0
        assert "P80 (80% of runs finished)" in out
        assert "Risk drivers" in out

    def test_seed_and_distribution_options_reach_the_simulation(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, SPREAD)
        argv = ["risk", path, "--runs", "300", "--seed", "9", "--json"]
        main([*argv, "--distribution", "triangular"])
        risk = json.loads(capsys.readouterr().out)["risk"]
        assert (risk["seed"], risk["distribution"]) == (9, "triangular")

    def test_zero_runs_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as exit_info:
            main(["risk", write(tmp_path, SPREAD), "--runs", "0"])
        assert exit_info.value.code == 2
        assert "--runs" in capsys.readouterr().err

    def test_a_plan_with_errors_exits_1_without_simulating(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        broken = SPREAD.replace('depends_on = ["long"]', 'depends_on = ["nothing"]')
        code = main(["risk", write(tmp_path, broken), "--json"])
        document = json.loads(capsys.readouterr().out)
        assert code == 1
        assert document["risk"] is None
        assert document["problems"]

    def test_no_progress_bar_when_stderr_is_not_a_terminal(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["risk", write(tmp_path, SPREAD), "--runs", "3000", "--json"])
        assert capsys.readouterr().err == ""


class TestReports:
    def test_markdown_section_shows_percentiles_spread_deadlines_and_drivers(self) -> None:
        analysis = analyze_plan(load(EXAMPLE.read_text(encoding="utf-8")))
        lines = risk_section(analysis, ExportOptions(lang="en"))
        text = "\n".join(lines)
        assert lines[0] == "## Schedule risk (Monte Carlo)"
        assert "| P80 (80% of runs finished) |" in text
        assert "### When the plan finishes" in text
        # deadlines and drivers are named by title, not id, for the council's readers
        assert (
            "| Council report: summary of the DX plan" in text
            or "| 議会報告：DX推進計画の総括" in text
        )
        assert "| council-final |" not in text
        assert "| std-koseki-migration |" not in text
        assert lines == risk_section(analysis, ExportOptions(lang="en"))

    def test_a_plan_without_estimates_gets_no_section(self) -> None:
        analysis = analyze_plan(load(synthetic_plan(20, seed=2)))
        assert risk_section(analysis, ExportOptions()) == []

    def test_xlsx_gets_a_risk_sheet_with_real_numbers(self) -> None:
        analysis = analyze_plan(load(SPREAD))
        workbook = Workbook()
        add_risk_sheet(workbook, analysis, ExportOptions(lang="en"))
        sheet = workbook["Risk"]
        values = [row for row in sheet.iter_rows(values_only=True)]
        header = next(row for row in values if row[0] == "ID")
        rows = {row[0]: row for row in values[values.index(header) + 1 :]}
        criticality = rows["long"][header.index("Criticality")]
        assert criticality == 1.0
