"""``roadmap init``: a new town gets a plan that passes ``roadmap check`` at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roadmap.cli.main import main
from roadmap.core.analysis.pipeline import analyze_path
from roadmap.core.model.plan import Status, Step

STANDARD_SYSTEMS = (
    "住民基本台帳", "選挙人名簿管理", "固定資産税", "個人住民税", "法人住民税", "軽自動車税",
    "国民健康保険", "国民年金", "障害者福祉", "後期高齢者医療", "介護保険", "児童手当",
    "健康管理", "就学", "児童扶養手当", "生活保護", "子ども・子育て支援", "印鑑登録", "戸籍",
    "戸籍の附票",
)  # fmt: skip


@pytest.mark.parametrize("template", ["small-town", "minimal"])
def test_each_template_passes_check(
    template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / "town"), "--template", template]) == 0
    plan = tmp_path / "town" / "plan.toml"
    assert main(["check", str(plan)]) == 0
    assert "問題はありません" in capsys.readouterr().out
    assert (tmp_path / "town" / "plan.schema.json").is_file()


@pytest.mark.parametrize("template", ["small-town", "minimal"])
def test_each_template_is_already_formatted(template: str, tmp_path: Path) -> None:
    assert main(["init", str(tmp_path), "--template", template]) == 0
    assert main(["fmt", "--check", str(tmp_path / "plan.toml")]) == 0


def test_init_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("# my own plan\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert plan.read_text(encoding="utf-8") == "# my own plan\n"
    assert main(["init", str(tmp_path), "--force", "--template", "minimal"]) == 0
    assert plan.read_text(encoding="utf-8").startswith("#:schema ./plan.schema.json\n")


def test_init_into_a_file_path_exits_2(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("", encoding="utf-8")
    assert main(["init", str(target)]) == 2


def test_small_town_covers_the_full_path_of_a_small_municipality(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    text = (tmp_path / "plan.toml").read_text(encoding="utf-8")
    analysis = analyze_path(tmp_path / "plan.toml")
    assert analysis.plan is not None
    initiatives = analysis.plan.initiatives.values()
    titles = " ".join(item.title for item in initiatives)
    for system in STANDARD_SYSTEMS:
        assert system in titles, system
    assert {item.step for item in initiatives} >= set(Step)
    for word in ("CIO補佐官", "DX推進方針", "ガバメントクラウド", "AIチャットボット",
                 "オンライン申請", "書かない窓口", "RPA", "AI-OCR", "KPI", "議会報告",
                 "eラーニング"):  # fmt: skip
        assert word in titles, word
    special = [item for item in initiatives if "特定移行支援システム" in item.tags]
    assert special and all(item.status is not Status.DONE for item in special)
    assert any(item.deadline is not None and item.deadline.isoformat() == "2031-03-31"
               for item in special)  # fmt: skip
    migrated = [item for item in initiatives if "第1グループ" in item.tags]
    assert migrated and all(item.status is Status.DONE for item in migrated)
    assert "数値はすべて例示です" in text
    assert re.search(r"〇〇町", text)
