"""The 20 標準化対象事務: ``systems`` validated with did-you-mean, and ``roadmap systems``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap.cli.main import main
from roadmap.core.analysis.checks import check_plan
from roadmap.core.planfile.loader import parse_plan

PLAN = """
[plan]
title = "標準化"
start = 2025-04-01

[initiatives.juki]
title = "住記・税の移行"
duration = "10d"
not_before = 2026-03-01
systems = ["住民記録", "個人住民税"]
stage = 3

[initiatives.koseki]
title = "戸籍の移行"
duration = "5d"
not_before = 2026-04-01
systems = ["戸籍"]

[initiatives.kaigo]
title = "介護の移行 (特定移行支援システム)"
duration = "5d"
not_before = 2027-04-01
systems = ["介護保険"]
specific_migration = true
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_twenty_with_cutover_deadline_and_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    code, out, _ = run(capsys, "systems", str(path), "--json")
    assert code == 0
    rows = {row["system"]: row for row in json.loads(out)["systems"]}
    assert len(rows) == 20
    # 2026-03-02 (Mon) + 10 working days -> 2026-03-13 (20 March is 春分の日, not reached)
    assert rows["住民基本台帳"] == {
        "system": "住民基本台帳",
        "initiative": "juki",
        "vendor": None,
        "usage": None,
        "cutover": "2026-03-13",
        "deadline": "2026-03-31",
        "specific_migration": False,
        "covered": True,
        "late": False,
        "late_by_days": 0,
    }
    # 2026-04-01 (Wed) + 5 working days -> Tue 04-07: seven days after 2026-03-31
    assert (rows["戸籍"]["late"], rows["戸籍"]["late_by_days"]) == (True, 7)
    assert rows["介護保険"]["deadline"] == "2031-03-31"
    assert rows["介護保険"]["late"] is False
    assert rows["国民年金"]["covered"] is False
    assert rows["国民年金"]["initiative"] is None


def test_table_shows_summary_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    code, out, _ = run(capsys, "systems", str(path))
    assert code == 0
    assert "20業務中 計画済み 4、未計画 16、期限超過 1" in out
    code, out, _ = run(capsys, "systems", str(path), "--lang", "en")
    assert "Of 20: 4 covered, 16 not covered, 1 late" in out


def test_unknown_name_is_an_error_with_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.replace('"戸籍"]', '"戸籍の付票"]'), encoding="utf-8")
    code, _, err = run(capsys, "systems", str(path), "--lang", "en")
    assert code == 1
    assert "unknown-system" in err
    assert "Did you mean '戸籍の附票'?" in err


def test_alias_suggestion_names_the_canonical_system() -> None:
    loaded = parse_plan(PLAN.replace('"住民記録"', '"住民記録システム"'))
    assert loaded.plan is not None
    [problem] = [p for p in check_plan(loaded.plan) if p.code == "unknown-system"]
    assert problem.field == "systems.0"
    assert problem.hint("en") == "Did you mean '住民基本台帳'?"


def test_the_same_system_twice_is_a_warning() -> None:
    loaded = parse_plan(PLAN.replace('systems = ["戸籍"]', 'systems = ["戸籍", "個人住民税"]'))
    assert loaded.plan is not None
    [problem] = [p for p in check_plan(loaded.plan) if p.code == "duplicate-system"]
    assert problem.args == {"value": "個人住民税", "others": "juki, koseki"}


def test_stage_out_of_range_is_an_error() -> None:
    loaded = parse_plan(PLAN.replace("stage = 3", "stage = 4"))
    assert [p.code for p in loaded.problems] == ["invalid-value"]
    assert loaded.problems[0].field == "stage"


STEPS = """
[plan]
title = "t"
start = 2026-04-01

[initiatives.baseline]
title = "現状の窓口待ち時間を測る"
step = "measure"
duration = "1mo"
{flag}

[initiatives.std]
title = "標準化"
step = "standardize"
duration = "3mo"
depends_on = ["baseline"]
"""


def test_waiting_for_a_baseline_measurement_is_not_a_step_order_warning() -> None:
    for flag, expected in (("", ["step-order"]), ("measures_baseline = true", [])):
        loaded = parse_plan(STEPS.format(flag=flag))
        assert loaded.plan is not None
        assert [p.code for p in check_plan(loaded.plan)] == expected


def test_the_starter_plan_covers_all_twenty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from roadmap.core.planfile.templates import __file__ as templates_init

    path = Path(templates_init).parent / "small-town.toml"
    code, out, err = run(capsys, "systems", str(path), "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)["systems"]
    assert all(row["covered"] and not row["late"] for row in rows)
