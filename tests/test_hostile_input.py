"""Hostile plan files through the real command line: a problem is reported, never a traceback.

Each case runs ``roadmap check`` (and where it matters ``roadmap schedule --json``) in-process
through :func:`roadmap.cli.main`, with output captured, and asserts the exit code, the problem
code a user sees, and that no ``Traceback`` or ``RecursionError`` escaped.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from roadmap.cli import main

HEAD = '[plan]\ntitle = "x"\nstart = 2026-04-01\n'
ITEM = '[initiatives.a]\ntitle = "a"\nduration = "1d"\n'


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    assert "RecursionError" not in output
    return code, output


def check(tmp_path: Path, data: str | bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "hostile.toml"
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return run_cli(["check", str(path)], capsys)


def test_arrays_nested_5000_deep_are_reported_as_too_deep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = check(tmp_path, "a = " + "[" * 5000 + "]" * 5000 + "\n", capsys)
    assert code == 1
    assert "[too-deep]" in output


def test_inline_tables_nested_5000_deep_are_reported_as_too_deep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = check(
        tmp_path, HEAD + ITEM + "tags = " + "{a = " * 5000 + "1" + "}" * 5000, capsys
    )
    assert code == 1
    assert "[too-deep]" in output


@pytest.mark.parametrize("depth", [200, 450, 900])
@pytest.mark.parametrize("key", ["tags", "depends_on", "duration", "staffing", "kpis", "stray"])
def test_nesting_just_under_the_parser_limit_is_a_plain_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int, key: str
) -> None:
    text = HEAD + ITEM + f"{key} = " + "[" * depth + "1" + "]" * depth + "\n"
    code, output = check(tmp_path, text, capsys)
    assert code == 1
    assert "エラー" in output


def test_a_5000_long_cycle_is_printed_whole_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = 5000
    parts = [HEAD]
    for number in range(size):
        parts.append(
            f'[initiatives.t{number}]\ntitle = "t{number}"\nduration = "1d"\n'
            f'depends_on = ["t{(number - 1) % size}"]\n'
        )
    code, output = check(tmp_path, "".join(parts), capsys)
    assert code == 1
    assert output.count("[dependency-cycle]") == 1
    expected = " → ".join(f"t{number}" for number in [*range(size), 0])
    assert expected in output


def test_a_5000_long_cycle_still_prints_a_schedule_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = 5000
    parts = [HEAD]
    for number in range(size):
        parts.append(
            f'[initiatives.t{number}]\ntitle = "t{number}"\nduration = "1d"\n'
            f'depends_on = ["t{(number + 1) % size}"]\n'
        )
    path = tmp_path / "cycle.toml"
    path.write_text("".join(parts), encoding="utf-8")
    code, output = run_cli(["schedule", "--json", str(path)], capsys)
    assert code == 1
    document = json.loads(output)
    assert len(document["initiatives"]) == size
    assert [problem["code"] for problem in document["problems"]] == ["dependency-cycle"]


def test_a_10_mb_file_of_notes_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = HEAD + ITEM + 'notes = """' + ("住民記録システムの移行メモ。\n" * 400_000) + '"""\n'
    assert len(text.encode("utf-8")) > 10_000_000
    code, output = check(tmp_path, text, capsys)
    assert code == 0, output


def test_a_10_mb_file_with_a_syntax_error_at_the_end_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comments = "# " + "x" * 98 + "\n"
    lines = 100_000
    text = HEAD + ITEM + comments * lines + "oops = \n"
    code, output = check(tmp_path, text, capsys)
    assert code == 1
    assert f":{lines + 7}:" in output
    assert "[toml-syntax]" in output


def test_10_mb_of_random_bytes_is_an_encoding_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = check(tmp_path, random.Random(20260401).randbytes(10_000_000), capsys)
    assert code == 1
    assert "[encoding]" in output or "[toml-syntax]" in output


def test_nul_byte_is_a_syntax_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = check(tmp_path, HEAD + "\x00\n", capsys)
    assert code == 1
    assert "[toml-syntax]" in output


@pytest.mark.parametrize(
    ("extra", "code_seen"),
    [
        ("progress = nan\n", "progress-range"),
        ("progress = inf\n", "progress-range"),
        ("progress = 100000000000000000000000000\n", "progress-range"),
        ("not_before = 9999-01-01\n", "date-out-of-range"),
        ("deadline = 1800-01-01\n", "date-out-of-range"),
        ('status = "in_progress"\nactual_start = 1900-01-01\n', "date-out-of-range"),
        ('duration = "999999999d"\n', "toml-syntax"),
        ("depends_on = [3]\n", "invalid-type"),
        ('depends_on = [{ type = "SS" }]\n', "missing-key"),
        ('notes = "\\ud800"\n', "toml-syntax"),
        ("step = 3\n", "invalid-step"),
    ],
)
def test_strange_values_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, code_seen: str
) -> None:
    code, output = check(tmp_path, HEAD + ITEM + extra, capsys)
    assert code == 1
    assert f"[{code_seen}]" in output


@pytest.mark.parametrize(
    "plan_table",
    [
        '[plan]\ntitle = "x"\nstart = 9999-12-31\n',
        '[plan]\ntitle = "x"\nstart = 0001-01-01\n',
        '[plan]\ntitle = "x"\nstart = 2099-12-31\n',
        '[plan]\ntitle = "x"\nstart = 2026-04-01\nstatus_date = 2150-01-01\n',
        '[plan]\ntitle = "x"\nstart = 2026-04-01\nyear_end_closure = ["01-01", "12-31"]\n',
    ],
    ids=["year-9999", "year-1", "end-of-2099", "status-2150", "closed-all-year"],
)
def test_dates_the_calendar_cannot_reach_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], plan_table: str
) -> None:
    code, output = check(tmp_path, plan_table + ITEM, capsys)
    assert code == 1
    assert "range]" in output


@pytest.mark.parametrize("duration", ["100y", "36600d", "1200mo"])
def test_work_running_past_2099_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], duration: str
) -> None:
    code, output = check(tmp_path, HEAD + ITEM.replace('"1d"', f'"{duration}"'), capsys)
    assert code == 1
    assert "[out-of-range]" in output


@pytest.mark.parametrize("lag", ["-99y", "-1200mo", "-36000d"])
def test_huge_negative_lags_are_harmless(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lag: str
) -> None:
    text = (
        HEAD
        + ITEM
        + '[initiatives.b]\ntitle = "b"\nduration = "1d"\n'
        + f'depends_on = [{{ id = "a", type = "SS", lag = "{lag}" }}]\n'
    )
    code, output = check(tmp_path, text, capsys)
    assert code == 0, output


def test_twenty_thousand_unknown_keys_are_each_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + ITEM + "".join(f"k{number} = 1\n" for number in range(20_000))
    code, output = check(tmp_path, text, capsys)
    assert code == 1
    assert output.count("[unknown-key]") == 20_000


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ufeff",
        "plan = 3\n",
        HEAD + "initiatives = [1, 2]\n",
        HEAD + '[[initiatives]]\ntitle = "a"\n',
        HEAD + '[initiatives."a b"]\ntitle = "x"\nduration = "1d"\n',
        HEAD + '[initiatives.""]\ntitle = "x"\nduration = "1d"\n',
        HEAD + "[initiatives.a]\n",
    ],
    ids=[
        "empty",
        "bom-only",
        "plan-not-table",
        "initiatives-array",
        "array-of-tables",
        "id-with-space",
        "empty-id",
        "empty-initiative",
    ],
)
def test_wrong_shapes_are_errors_not_crashes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    code, _ = check(tmp_path, text, capsys)
    assert code == 1


def test_schedule_of_hostile_nesting_exits_1_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    for argv in (["schedule", str(path)], ["schedule", "--json", str(path)]):
        code, output = run_cli(argv, capsys)
        assert code == 1
        assert "too-deep" in output
