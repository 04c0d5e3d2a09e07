"""``roadmap budget PLAN --request YEAR [--baseline REV]``: the 予算要求 of one 年度.

The plan is the one of tests/test_budget_reports.py (its docstring works every figure out). For
令和9年度 (千円, 切上げ):

- 窓口改修 (1,000,500円, 一般財源) is budgeted in 令和8年度 and paid in 令和9年度 (繰越明許費): the
  request of a year leaves out what is carried into it and counts what it carries out, so it
  belongs to 令和8年度's budget (8,000,500 + 1,000,500 = 9,001,000円 of 委託料), not 令和9年度's.
- 節: 委託料 0 against 9,001 the year before: ▲9,001; 使用料及び賃借料 1,200 against 1,100:
  +100; 計 1,200 against 10,101: ▲8,901.
- 財源: 国庫支出金 0 against 3,000; 一般財源 1,200 against 7,101 (6,101 + 1,001): ▲5,901.
- 債務負担行為: none new; 利用料 (set in 令和8年度, 限度額 1,300) pays 1,200 this year.
- 繰越: 窓口改修 1,001 carried in from 令和8年度; nothing carried out.
- 交付税算入見込み 600, apart.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from test_budget_reports import row_of, section, write_plan

from roadmap.cli.main import main

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    return write_plan(tmp_path)


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


@pytest.mark.parametrize("year", ["2027", "R9", "令和9", "令和9年度", "2027年度", "r9"])
def test_the_year_may_be_western_or_reiwa(
    year: str, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["budget", str(plan_file), "--request", year]) == 0
    assert capsys.readouterr().out.startswith("令和9年度 (2027年度) 予算要求")


def test_request_by_item_and_source_against_the_year_before(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["budget", str(plan_file), "--request", "2027"]) == 0
    out = capsys.readouterr().out
    items = section(out, "節別")
    assert row_of(items, "委託料") == ["委託料", "0", "9,001", "▲9,001"]
    assert row_of(items, "使用料及び賃借料") == ["使用料及び賃借料", "1,200", "1,100", "100"]
    assert row_of(items, "計") == ["計", "1,200", "10,101", "▲8,901"]
    sources = section(out, "財源別")
    assert row_of(sources, "国庫支出金") == ["国庫支出金", "0", "3,000", "▲3,000"]
    assert row_of(sources, "一般財源") == ["一般財源", "1,200", "7,101", "▲5,901"]
    assert "単位: 千円 (千円未満切上げ)" in items


def test_request_lists_debts_carryovers_and_the_tax_allocation(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["budget", str(plan_file), "--request", "2027"]) == 0
    out = capsys.readouterr().out
    assert section(out, "新たに設定する債務負担行為").splitlines()[1].strip() == "なし"
    continuing = section(out, "設定済みの債務負担行為")
    assert row_of(continuing, "標準準拠システム構築")[-4:] == [
        "令和9年度〜令和10年度",
        "令和8年度当初予算",
        "1,300",
        "1,200",
    ]
    carried_in = section(out, "前年度からの繰越")
    assert row_of(carried_in, "窓口改修")[-1] == "1,001"
    assert section(out, "翌年度への繰越見込み").splitlines()[1].strip() == "なし"
    assert "交付税算入見込み (別掲): 600千円" in out


def test_the_year_the_debt_is_set_lists_it_as_new(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["budget", str(plan_file), "--request", "R8"]) == 0
    out = capsys.readouterr().out
    new = section(out, "新たに設定する債務負担行為")
    assert row_of(new, "標準準拠システム構築")[-1] == "1,300"
    carried_out = section(out, "翌年度への繰越見込み")
    assert row_of(carried_out, "窓口改修")[-1] == "1,001"


def test_request_json_is_exact_yen(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", str(plan_file), "--request", "R9", "--json"]) == 0
    request = json.loads(capsys.readouterr().out)["request"]
    assert (request["fiscal_year"], request["total"], request["previous_total"]) == (
        2027,
        1_200_000,
        10_101_000,
    )
    assert request["by_item"][0] == {
        "item": "委託料",
        "amount": 0,
        "previous": 9_001_000,
        "change": -9_001_000,
    }
    assert [row["source"] for row in request["by_source"]] == ["国庫支出金", "一般財源"]
    assert request["general"] == 1_200_000
    # the lines add up to the request: 窓口改修 counts in the year whose budget holds it
    assert sum(line["amount"] for line in request["lines"]) == request["total"]
    [debt] = request["continuing_debts"]
    assert (debt["limit"], debt["amount"]) == (1_300_000, 1_200_000)
    assert [carry["amount"] for carry in request["carried_in"]] == [1_000_500]
    assert request["carried_out"] == [] and request["new_debts"] == []
    assert request["tax_allocation"] == 600_000
    assert (request["baseline"], request["supplementary"]) == (None, None)


def test_request_in_english(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", str(plan_file), "--request", "2027", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Budget request for FY2027 (Reiwa 9)")
    assert row_of(out, "委託料") == ["委託料", "0", "9,001", "-9,001"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--request", "someday"], "「someday」は年度ではありません"),
        (["--request", "R99"], "計画期間 (令和8年度〜令和10年度) の外です"),
        (["--request", "2031"], "計画期間 (令和8年度〜令和10年度) の外です"),
        (["--baseline", "HEAD"], "--baseline は --request と一緒に指定してください"),
        (["--request", "2027", "--baseline", "HEAD"], "git"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    argv: list[str], message: str, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["budget", str(plan_file), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err


@needs_git
class TestBaseline:
    @pytest.fixture
    def repo_plan(self, tmp_path: Path) -> Path:
        """The plan committed as the 当初予算 (tag initial), then, in the working tree, 窓口改修
        raised to 1,500,500 and 利用料 lowered to 1,080,000 a year."""
        root = tmp_path / "repo"
        root.mkdir()
        git(root, "init", "-q")
        path = write_plan(root)
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", "当初予算")
        git(root, "tag", "initial")
        text = path.read_text(encoding="utf-8").replace("amount = 1_000_500", "amount = 1_500_500")
        path.write_text(text.replace("annual = 1_200_000", "annual = 1_080_000"), encoding="utf-8")
        return path

    def test_lines_changed_since_the_initial_budget_need_a_supplementary_budget(
        self, repo_plan: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["budget", str(repo_plan), "--request", "2027", "--baseline", "initial"]) == 0
        out = capsys.readouterr().out
        supplementary = section(out, "補正予算が必要な内訳 (当初予算: initial)")
        # 利用料: 1,200 in the 当初予算, 1,080 now: ▲120 (減額)
        assert row_of(supplementary, "標準準拠システム構築") == [
            "標準準拠システム構築",
            "利用料",
            "使用料及び賃借料",
            "減額",
            "1,200",
            "1,080",
            "▲120",
        ]
        # 窓口改修 is carried from 令和8年度: its increase is a 補正 of that year's budget
        assert "窓口改修" not in supplementary
        assert len(supplementary.splitlines()) == 5  # title, header, rule, one line, unit
        assert main(["budget", str(repo_plan), "--request", "2026", "--baseline", "initial"]) == 0
        earlier = section(capsys.readouterr().out, "補正予算が必要な内訳 (当初予算: initial)")
        # 窓口改修 (委託料): 1,001 in the 当初予算, 1,501 now: +500 (増額)
        assert row_of(earlier, "窓口改修") == [
            "窓口改修",
            "委託料",
            "増額",
            "1,001",
            "1,501",
            "500",
        ]

    def test_nothing_changed_needs_no_supplementary_budget(
        self, repo_plan: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        write_plan(repo_plan.parent)  # back to the plan as committed
        assert main(["budget", str(repo_plan), "--request", "2027", "--baseline", "initial"]) == 0
        out = capsys.readouterr().out
        assert "当初予算からの変更はありません (補正予算は不要)" in out

    def test_baseline_json(self, repo_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ["budget", str(repo_plan), "--request", "2027", "--baseline", "initial", "--json"]
        assert main(argv) == 0
        request = json.loads(capsys.readouterr().out)["request"]
        assert request["baseline"] == "initial"
        assert [
            (line["initiative"], line["line"], line["baseline"], line["amount"], line["change"])
            for line in request["supplementary"]
        ] == [
            ("build", "利用料", 1_200_000, 1_080_000, -120_000),
        ]

    def test_an_unknown_revision_exits_2(
        self, repo_plan: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["budget", str(repo_plan), "--request", "2027", "--baseline", "nope"]) == 2
        err = capsys.readouterr().err
        assert "nope" in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1
