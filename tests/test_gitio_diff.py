"""``roadmap diff``: versions of a plan read from a git repository built by the test itself."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from roadmap.cli.main import main
from roadmap.core.compare.git import WORKTREE, GitError, load_revision_analysis, read_at_revision

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PLAN_V1 = """\
[plan]
title = "テスト町 DX"
start = 2026-04-06

[initiatives.policy]
title = "DX推進方針の策定"
duration = "10d"

[initiatives.chatbot]
title = "AIチャットボット導入"
step = "adopt-cases"
duration = "20d"
depends_on = ["policy"]

[initiatives.survey]
title = "住民アンケート"
step = "measure"
duration = "5d"
depends_on = ["policy"]
"""

#: chatbot renamed and 5 working days longer (so it finishes later), survey removed,
#: online added.
PLAN_V2 = """\
[plan]
title = "テスト町 DX"
start = 2026-04-06

[initiatives.policy]
title = "DX推進方針の策定"
duration = "10d"

[initiatives.chatbot]
title = "AIチャットボットによる問い合わせ対応"
step = "adopt-cases"
duration = "25d"
depends_on = ["policy"]

[initiatives.online]
title = "オンライン申請"
step = "resident-services"
duration = "30d"
depends_on = ["policy"]
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with plans/plan.toml committed twice: tags v1 and v2."""
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    git(root, "init", "-q")
    (root / "plans" / "plan.toml").write_text(PLAN_V1, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v1")
    git(root, "tag", "v1")
    (root / "plans" / "plan.toml").write_text(PLAN_V2, encoding="utf-8")
    git(root, "commit", "-q", "-am", "v2")
    git(root, "tag", "v2")
    return root


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["diff", *argv, "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def test_diff_between_tags_reports_added_removed_renamed_and_slips(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = run_json(capsys, str(repo / "plans" / "plan.toml"), "v1", "v2")
    assert document["added"] == [{"id": "online", "title": "オンライン申請"}]
    assert document["removed"] == [{"id": "survey", "title": "住民アンケート"}]
    assert document["renamed"] == [
        {
            "id": "chatbot",
            "old_title": "AIチャットボット導入",
            "new_title": "AIチャットボットによる問い合わせ対応",
        }
    ]
    assert {"section": "initiatives", "id": "chatbot", "field": "duration", "old": "20d",
            "new": "25d"} in document["changes"]  # fmt: skip
    slips = document["slips"]
    assert isinstance(slips, list)
    assert [(slip["id"], slip["start_days"], slip["finish_days"]) for slip in slips] == [
        ("chatbot", 0, 5)
    ]


def test_plan_finish_moves_with_the_longest_path(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = run_json(capsys, str(repo / "plans" / "plan.toml"), "v1", "v2")
    # v1 ends with chatbot (10 + 20 working days), v2 with online (10 + 30); Golden Week is closed
    assert document["finish"] == {"old": "2026-05-21", "new": "2026-06-04", "working_days": 10}
    critical = document["critical_path"]
    assert isinstance(critical, dict)
    assert critical["old"] == ["policy", "chatbot"]
    assert critical["new"] == ["policy", "online"]
    assert critical["joined"] == ["online"] and critical["left"] == ["chatbot"]


def test_default_compares_head_with_the_working_tree(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = repo / "plans" / "plan.toml"
    plan.write_text(PLAN_V2.replace('duration = "10d"', 'duration = "12d"'), encoding="utf-8")
    monkeypatch.chdir(repo / "plans")
    document = run_json(capsys, "plan.toml")
    assert document["old"] == "HEAD"
    assert document["new"] == "作業中のファイル"
    slips = document["slips"]
    assert isinstance(slips, list)
    assert {slip["id"] for slip in slips} == {"policy", "chatbot", "online"}
    assert all(slip["finish_days"] == 2 for slip in slips)


def test_slips_are_sorted_largest_first(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = repo / "plans" / "plan.toml"
    text = PLAN_V2.replace('duration = "25d"', 'duration = "27d"').replace(
        'duration = "30d"', 'duration = "40d"'
    )
    plan.write_text(text, encoding="utf-8")
    document = run_json(capsys, str(plan))
    slips = document["slips"]
    assert isinstance(slips, list)
    assert [(slip["id"], slip["finish_days"]) for slip in slips] == [
        ("online", 10),
        ("chatbot", 2),
    ]


def test_markdown_section_is_ready_for_the_council_report(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(repo / "plans" / "plan.toml"), "v1", "v2", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## 前回報告からの変更点\n")
    assert "### 追加された取組" in out and "- オンライン申請 (`online`)" in out
    assert "### 削除された取組" in out and "住民アンケート (`survey`)" in out
    assert "AIチャットボット導入 → AIチャットボットによる問い合わせ対応" in out
    assert "| AIチャットボットによる問い合わせ対応 (`chatbot`) |" in out
    assert "+5開庁日" in out
    assert "2026-05-21 → 2026-06-04" in out


def test_markdown_in_english(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["diff", str(repo / "plans" / "plan.toml"), "v1", "v2", "--format", "md"]
    assert main([*argv, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Changes since the last report\n")
    assert "### Initiatives added" in out
    assert "+5 working days" in out


def test_text_output_names_the_renamed_initiative(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(repo / "plans" / "plan.toml"), "v1", "v2"]) == 0
    out = capsys.readouterr().out
    assert "AIチャットボット導入 → AIチャットボットによる問い合わせ対応" in out
    assert "+5開庁日" in out


def test_unchanged_plan_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(repo / "plans" / "plan.toml"), "--format", "md"]) == 0
    assert "変更はありません。" in capsys.readouterr().out


def test_unknown_revision_exits_2_with_its_name(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(repo / "plans" / "plan.toml"), "no-such-tag"]) == 2
    err = capsys.readouterr().err
    assert "no-such-tag" in err and "見つかりません" in err
    assert "Traceback" not in err


def test_path_not_in_revision_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "plans" / "new.toml").write_text(PLAN_V1, encoding="utf-8")
    assert main(["diff", str(repo / "plans" / "new.toml"), "v1", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "plans/new.toml does not exist in revision v1" in err


def test_outside_a_repository_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_V1, encoding="utf-8")
    env_ceiling = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path.parent)
    try:
        assert main(["diff", str(plan), "--lang", "en"]) == 2
    finally:
        if env_ceiling is None:
            del os.environ["GIT_CEILING_DIRECTORIES"]
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = env_ceiling
    assert "not inside a git repository" in capsys.readouterr().err


def test_two_files_are_compared_without_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(PLAN_V1, encoding="utf-8")
    new.write_text(PLAN_V2, encoding="utf-8")
    document = run_json(capsys, str(old), str(new))
    assert document["old"] == str(old) and document["new"] == str(new)
    assert [item["id"] for item in document["added"]] == ["online"]  # type: ignore[union-attr,index]


def test_plan_settings_changes_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(PLAN_V1, encoding="utf-8")
    new.write_text(PLAN_V1.replace('title = "テスト町 DX"', 'title = "テスト町 DX 改訂"'), "utf-8")
    document = run_json(capsys, str(old), str(new))
    assert document["changes"] == [
        {"section": "plan", "id": None, "field": "title", "old": "テスト町 DX",
         "new": "テスト町 DX 改訂"}
    ]  # fmt: skip


def test_read_at_revision_from_another_working_folder(
    repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert read_at_revision(repo / "plans" / "plan.toml", "v1").decode() == PLAN_V1
    with pytest.raises(GitError) as raised:
        read_at_revision(repo / "plans" / "plan.toml", "nope")
    assert raised.value.reason == "unknown-revision"


def test_load_revision_analysis_schedules_that_version(repo: Path) -> None:
    old = load_revision_analysis(repo / "plans" / "plan.toml", "v1")
    now = load_revision_analysis(repo / "plans" / "plan.toml", WORKTREE)
    assert old.plan is not None and now.plan is not None
    assert "survey" in old.plan.initiatives and "survey" not in now.plan.initiatives
    assert old.schedule is not None and old.schedule.finish.isoformat() == "2026-05-21"


def test_cost_change_shows_per_fiscal_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    cost = "\n[initiatives.policy.cost]\ninitial = {amount}\n"
    old.write_text(PLAN_V1 + cost.format(amount="1_000_000"), encoding="utf-8")
    new.write_text(PLAN_V1 + cost.format(amount="1_500_000"), encoding="utf-8")
    document = run_json(capsys, str(old), str(new))
    assert document["budget"] == [
        {"fiscal_year": 2026, "old": 1_000_000, "new": 1_500_000, "change": 500_000}
    ]
    assert main(["diff", str(old), str(new), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "### 年度別の経費の変更" in out
    assert "| 令和8年度 (2026年度) | 1,000,000 | 1,500,000 | +500,000 |" in out


def test_team_capacity_change_is_a_changed_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    team = '\n[teams."情報政策係"]\ncapacity = {fte}\n'
    old.write_text(PLAN_V1 + team.format(fte="1.0"), encoding="utf-8")
    new.write_text(PLAN_V1 + team.format(fte="1.5"), encoding="utf-8")
    document = run_json(capsys, str(old), str(new))
    assert document["changes"] == [
        {"section": "teams", "id": "情報政策係", "field": "capacity", "old": 1.0, "new": 1.5}
    ]


#: Five independent initiatives whose start and finish move by different amounts (June 2026
#: has no holidays; 2026-06-01 is a Monday).
SLIPS_OLD = """\
[plan]
title = "ずれの順"
start = 2026-06-01

[initiatives.small]
title = "完了が3日遅れる"
duration = "10d"

[initiatives.pulled]
title = "10日前倒し"
duration = "5d"
not_before = 2026-06-15

[initiatives.late_start]
title = "開始が7日遅れ、完了は2日遅れ"
duration = "10d"

[initiatives.tie_early]
title = "4日早まる"
duration = "10d"

[initiatives.tie_late]
title = "4日遅れる"
duration = "10d"
"""

SLIPS_NEW = (
    SLIPS_OLD.replace(
        'title = "完了が3日遅れる"\nduration = "10d"', 'title = "完了が3日遅れる"\nduration = "13d"'
    )
    .replace("not_before = 2026-06-15", "not_before = 2026-06-01")
    .replace(
        'title = "開始が7日遅れ、完了は2日遅れ"\nduration = "10d"',
        'title = "開始が7日遅れ、完了は2日遅れ"\nduration = "5d"\nnot_before = 2026-06-10',
    )
    .replace('title = "4日早まる"\nduration = "10d"', 'title = "4日早まる"\nduration = "6d"')
    .replace('title = "4日遅れる"\nduration = "10d"', 'title = "4日遅れる"\nduration = "14d"')
)


def test_slips_are_ordered_by_the_larger_of_the_start_and_finish_shift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Largest first, whether earlier or later and whether the start or the finish moved;
    between equal shifts the later finish first, then the file's order."""
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(SLIPS_OLD, encoding="utf-8")
    new.write_text(SLIPS_NEW, encoding="utf-8")
    document = run_json(capsys, str(old), str(new))
    slips = document["slips"]
    assert isinstance(slips, list)
    assert [(slip["id"], slip["start_days"], slip["finish_days"]) for slip in slips] == [
        ("pulled", -10, -10),  # a shift earlier counts by its size
        ("late_start", 7, 2),  # the start moved more than the finish
        ("tie_late", 0, 4),
        ("tie_early", 0, -4),
        ("small", 0, 3),
    ]
    assert main(["diff", str(old), str(new), "--format", "md"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    order = [re.search(r"`(\w+)`", row) for row in rows[2:]]
    assert [match.group(1) for match in order if match] == [
        "pulled",
        "late_start",
        "tie_late",
        "tie_early",
        "small",
    ]


BUDGET_PLAN = PLAN_V1 + "\n[initiatives.policy.cost]\ninitial = {initial}\nsubsidy = {subsidy}\n"


def test_budget_diff_compares_totals_before_subsidies_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(BUDGET_PLAN.format(initial="1_000_000", subsidy="400_000"), encoding="utf-8")
    new.write_text(BUDGET_PLAN.format(initial="1_500_000", subsidy="400_000"), encoding="utf-8")
    document = run_json(capsys, str(old), str(new))
    assert document["budget_basis"] == "total-before-subsidies"
    # before subsidies: 1,000,000 -> 1,500,000 (after them it would be 600,000 -> 1,100,000)
    assert document["budget"] == [
        {"fiscal_year": 2026, "old": 1_000_000, "new": 1_500_000, "change": 500_000}
    ]
    assert main(["diff", str(old), str(new), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "補助金を差し引く前の総額" in out
    assert "| 令和8年度 (2026年度) | 1,000,000 | 1,500,000 | +500,000 |" in out
    assert main(["diff", str(old), str(new), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "totals before subsidies" in out and "1,500,000" in out


def test_a_subsidy_change_alone_moves_no_total(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(BUDGET_PLAN.format(initial="1_000_000", subsidy="400_000"), encoding="utf-8")
    new.write_text(BUDGET_PLAN.format(initial="1_000_000", subsidy="600_000"), encoding="utf-8")
    document = run_json(capsys, str(old), str(new))
    assert document["budget"] == [
        {"fiscal_year": 2026, "old": 1_000_000, "new": 1_000_000, "change": 0}
    ]
    changes = document["changes"]
    assert isinstance(changes, list)
    assert [(item["id"], item["field"]) for item in changes] == [("policy", "cost")]
    assert main(["diff", str(old), str(new), "--format", "md"]) == 0
    assert "年度別の経費の変更" not in capsys.readouterr().out
