"""Hostile plan files through the real command line: a problem is reported, never a traceback.

Each case runs ``roadmap check`` (and where it matters ``roadmap schedule --json``) in-process
through :func:`roadmap.cli.main.main`, with output captured, and asserts the exit code, the problem
code a user sees, and that no ``Traceback`` or ``RecursionError`` escaped.
"""

from __future__ import annotations

import json
import os
import random
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from roadmap.cli.main import main
from roadmap.core.planfile.loader import MAX_PLAN_BYTES, parse_plan, read_plan_bytes
from roadmap.core.planfile.source import MAX_ITEMS, LineIndex

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
    ],
    # a closure of the whole year is refused by its own check (tests/test_blackouts.py)
    ids=["year-9999", "year-1", "end-of-2099", "status-2150"],
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


# -- resource limits: refused before reading or parsing -----------------------------------------

PLANS = Path(__file__).resolve().parent / "plans"
CORE_COMMANDS = [
    ["check"],
    ["schedule"],
    ["schedule", "--json"],
    ["budget"],
    ["staffing"],
    ["kpi"],
    ["risk"],
    ["level"],
    ["fmt", "--check"],
    ["export"],
]


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``argv``; it must exit 2 with exactly one line on stderr, which is returned."""
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert "Traceback" not in captured.out + captured.err
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
@pytest.mark.parametrize("command", CORE_COMMANDS, ids=lambda command: "-".join(command))
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    fifo = tmp_path / "plan.toml"
    os.mkfifo(fifo)
    line = refused([*command, str(fifo)], capsys)
    assert (
        line == f"roadmap: {fifo}: 通常のファイルではありません (パイプ・デバイスなどは読みません)"
    )


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
@pytest.mark.parametrize("command", CORE_COMMANDS, ids=lambda command: "-".join(command))
def test_a_device_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str], command: list[str], device: str
) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    line = refused([*command, "--lang", "en", device], capsys)
    assert line == f"roadmap: {device} is not a regular file (pipes and devices are not read)"


def test_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(["check", str(tmp_path)], capsys)
    assert "フォルダです" in line


def test_a_file_over_20_mib_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as stream:  # sparse: its size is known without writing 20 MiB
        stream.truncate(MAX_PLAN_BYTES + 1)
    line = refused(["check", "--lang", "en", str(path)], capsys)
    assert line == (
        f"roadmap: {path}: the file is too large (20,971,521 bytes; "
        "a plan file may have 20,971,520 bytes)"
    )


def test_a_file_of_exactly_20_mib_is_read(tmp_path: Path) -> None:
    comment = b"# " + b"x" * 97 + b"\n"
    data = (HEAD + ITEM).encode()
    data += comment * ((MAX_PLAN_BYTES - len(data)) // len(comment))
    data += b"#" * (MAX_PLAN_BYTES - len(data))
    assert len(data) == MAX_PLAN_BYTES
    path = tmp_path / "limit.toml"
    path.write_bytes(data)
    assert read_plan_bytes(path) == data


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_an_included_named_pipe_is_a_problem_of_the_portfolio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(tmp_path / "dept.toml")
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[plan]\ntitle = "x"\nstart = 2026-04-01\ninclude = ["dept.toml"]\n' + ITEM,
        encoding="utf-8",
    )
    code, output = run_cli(["check", str(plan)], capsys)
    assert code == 1
    assert "[include-unreadable]" in output
    assert "not a regular file" in output


def test_the_stray_dotted_key_sample_is_too_deep_at_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The file once left at the repository root as ``h.toml``: one key of 5,000 parts."""
    sample = PLANS / "dotted-key-5000-parts.toml"
    for argv in (["check", str(sample)], ["schedule", "--json", str(sample)]):
        code, output = run_cli(argv, capsys)
        assert code == 1
        assert "too-deep" in output
    code, output = run_cli(["check", str(sample)], capsys)
    assert output.startswith(f"{sample}:9: エラー [too-deep]")
    assert "32 段まで" in output


def peak_bytes(function: Any, *args: Any) -> int:
    """The most memory Python allocated while ``function(*args)`` ran."""
    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_20000_part_dotted_key_is_refused_without_parsing_it() -> None:
    text = HEAD + ITEM + ".".join(["a"] * 20_000) + " = 1\n"
    assert len(text) < 41_000
    loaded = parse_plan(text)
    assert [(problem.code, problem.line) for problem in loaded.problems] == [("too-deep", 7)]
    # parsing it took 2.4 GB; the scan that refuses it takes less than 1 MB
    assert peak_bytes(parse_plan, text) < 1_000_000


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        (HEAD + ITEM + "tags." + ".".join(["p"] * 31) + " = 1\n", False),  # 32 parts
        (HEAD + ITEM + "tags." + ".".join(["p"] * 32) + " = 1\n", True),  # 33 parts
        (HEAD + "[" + ".".join(["t"] * 32) + "]\n", False),
        (HEAD + "[" + ".".join(["t"] * 33) + "]\n", True),
        (HEAD + ITEM + "tags = " + "[" * 32 + "]" * 32 + "\n", False),
        (HEAD + ITEM + "tags = " + "[" * 33 + "]" * 33 + "\n", True),
        (HEAD + ITEM + "tags = " + "{a = " * 32 + "1" + "}" * 32 + "\n", False),
        (HEAD + ITEM + "tags = " + "{a = " * 33 + "1" + "}" * 33 + "\n", True),
    ],
    ids=[
        "key-32",
        "key-33",
        "header-32",
        "header-33",
        "array-32",
        "array-33",
        "inline-32",
        "inline-33",
    ],
)
def test_nesting_is_allowed_to_32_levels(text: str, deep: bool) -> None:
    codes = {problem.code for problem in parse_plan(text).problems}
    assert ("too-deep" in codes) is deep
    assert codes  # every case is some problem (an unknown key, a wrong type)


def test_brackets_dots_and_quotes_inside_strings_and_comments_are_not_structure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "[" * 100 + "." * 100 + "{" * 100
    text = (
        HEAD
        + f"# {deep}\n"
        + ITEM
        + f'notes = """\n{deep} \\""" {deep}\n"""\n'
        + f"owner = '{deep}'\n"
        + f'tags = ["{deep}", \'{deep}\', "\\"{deep}"]  # {deep}\n'
        + f"[initiatives.b]\ntitle = '''{deep}'''\nduration = \"1d\"\n"
        + f'"{deep}".x = 1\n'
    )
    code, output = check(tmp_path, text, capsys)
    assert "too-deep" not in output
    assert "[unknown-key]" in output  # only the last, quoted key is wrong
    assert code == 1


def test_too_many_keys_are_refused_before_parsing() -> None:
    text = HEAD + "[x]\n" + "k = 1\n" * (MAX_ITEMS + 1)
    problems = parse_plan(text).problems
    assert [problem.code for problem in problems] == ["too-many-keys"]
    # [plan], two keys and [x] are 4 items: line 4 + 249,997 holds item 250,001
    assert problems[0].line == MAX_ITEMS + 1
    assert "include" in (problems[0].hint("en") or "")


def test_an_integer_of_5000_digits_is_a_syntax_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = check(tmp_path, HEAD + "risk_seed = 1" + "0" * 5000 + "\n" + ITEM, capsys)
    assert code == 1
    assert ":4: エラー [toml-syntax]" in output
    path = tmp_path / "hostile.toml"
    code, output = run_cli(["fmt", "--check", str(path)], capsys)
    assert code == 1


@pytest.mark.parametrize(
    "body",
    ["住民記録システムの移行メモ。" * 1_000_000, "x" * 20_000_000, "\\n" * 5_000_000],
    ids=["japanese", "ascii-20-mb", "escapes"],
)
def test_the_line_index_of_a_huge_notes_string_takes_memory_linear_in_it(body: str) -> None:
    text = HEAD + ITEM + f'notes = "{body}"\nowner = "x"\n'
    index = LineIndex(text)
    assert index.line_of(("initiatives", "a", "owner")) == 8
    # a few copies of the text (a character is 1, 2 or 4 bytes), not a stack per character:
    # 2.7 GB for 20 MB before the string scan was made possessive
    assert peak_bytes(LineIndex, text) < 8 * len(text.encode("utf-8")) + 10_000_000
