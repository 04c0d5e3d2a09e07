"""A plan cannot drive the terminal: control characters in plan text are printed escaped.

Every command that prints plan text is run on a hostile plan whose titles, team names, KPI
names, funding, keys and file name carry an OSC window title (``ESC ] 0 ; … BEL``), an
erase-line sequence (``ESC [ 2 K``), a carriage return, C1 controls (U+009B, U+0085), DEL and a
bidirectional override. The output must hold none of them raw, and must show them escaped (so
the text is not silently dropped either).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from exporters.markdown_text import md_text
from exporters.terminal.safe import json_safe, terminal_safe
from roadmap.cli.main import main

#: What must never reach the terminal raw (newline is ours, between lines).
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: TOML escapes, so the plan file itself stays printable.
OSC_TITLE = r"\u001b]0;PWNED\u0007"
ERASE_LINE = r"\u001b[2K\r"
C1_CSI = r"\u009b31m"

HOSTILE = f"""\
[plan]
title = "計画{OSC_TITLE}{ERASE_LINE}偽の行"
organization = "町{C1_CSI}"
start = 2026-04-01
deadline = 2026-05-15

[teams."係{ERASE_LINE}"]
capacity = 1

[initiatives.a]
title = "取組{OSC_TITLE}\\u202e"
owner = "担当\\u001b[31m"
notes = "メモ{ERASE_LINE}"
duration = {{ optimistic = "10d", likely = "20d", pessimistic = "40d" }}
deadline = 2026-05-01
staffing = {{ "係{ERASE_LINE}" = 2 }}
cost = {{ initial = 100, funding = "基金\\u007f{C1_CSI}" }}

[[initiatives.a.kpis]]
name = "件数\\u001b]8;;http://evil.example\\u0007"
unit = "件\\u0085"
baseline = 1
target = 2
due = 2027-03-31
"""

#: Errors and warnings whose messages and hints quote plan text.
BROKEN = f"""\
[plan]
title = "壊れた計画"
start = 2026-04-01

[initiatives."bad{ERASE_LINE}id"]
title = "x"
duration = "5d"

[initiatives.b]
title = "B"
duration = "5d"
depends_on = ["nosuch{OSC_TITLE}"]
"depend_on{ERASE_LINE}" = ["b"]
"""


def _assert_terminal_safe(printed: str) -> None:
    raw = RAW_CONTROL.findall(printed)
    assert not raw, f"raw control characters {raw!r} in:\n{printed!r}"
    assert "Traceback" not in printed


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    # the file name is plan text too: it is printed in every problem line
    path = tmp_path / "plan\x1b]0;FILE\x07.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["schedule"], r"計画\x1b]0;PWNED\x07\x1b[2K\r偽の行"),
        (["schedule"], r"町\u009b31m"),
        (["schedule"], r"取組\x1b]0;PWNED\x07\u202e"),
        (["risk", "--runs", "50"], r"取組\x1b]0;PWNED\x07"),
        # the 取組別 table is at most 100 cells wide and folds long cells: the escape shows
        (["budget"], r"基金\x7f\u009b"),
        (["staffing"], r"係\x1b[2K\r"),
        (["kpi"], r"件数\x1b]8;;http://evil.example\x07"),
        (["kpi"], r"件\u0085"),
        (["level"], r"係\x1b[2K\r"),
    ],
)
def test_plan_text_is_shown_escaped(
    argv: list[str],
    shown: str,
    hostile: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # no fold in tables narrower than the terminal
    code = main([argv[0], str(hostile), *argv[1:]])
    assert code in (0, 1)
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    _assert_terminal_safe(printed)
    assert shown in printed


def test_problem_lines_hints_and_file_names_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken\x1b[2K.toml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["check", str(path), "--lang", "en"]) == 1
    printed = capsys.readouterr().out
    _assert_terminal_safe(printed)
    lines = printed.splitlines()
    # one line per problem (plus its hint): a carriage return or newline cannot forge a line
    assert all(line.startswith((str(tmp_path), "    ")) for line in lines[:-1]), lines
    assert r"broken\x1b[2K.toml:" in printed
    assert r"bad\x1b[2K\rid" in printed
    assert r"nosuch\x1b]0;PWNED\x07" in printed
    assert r"depend_on\x1b[2K\r" in printed and "depends_on" in printed  # did-you-mean


def test_json_outputs_escape_c1_and_keep_the_data(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["check", "--format", "json"], ["schedule", "--json"], ["budget", "--json"]):
        main([argv[0], str(hostile), *argv[1:]])
        out = capsys.readouterr().out
        _assert_terminal_safe(out)
        json.loads(out)  # still JSON
    main(["schedule", str(hostile), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert "町\u009b31m" in json.dumps(document, ensure_ascii=False)  # the value is unchanged


def test_usage_errors_escape_the_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "missing\x1b]0;X\x07.toml")]) == 2
    err = capsys.readouterr().err
    _assert_terminal_safe(err)
    assert r"missing\x1b]0;X\x07.toml" in err


def test_diff_escapes_titles_and_version_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old\x1b[2K.toml"
    new = tmp_path / "new\u009b.toml"
    old.write_text(HOSTILE, encoding="utf-8")
    changed = HOSTILE.replace("取組", "新しい取組\\u001b[8m").replace("target = 2", "target = 3")
    new.write_text(changed.replace('duration = "5d"', 'duration = "9d"'), encoding="utf-8")
    for fmt in ("text", "md", "json"):
        assert main(["diff", str(old), str(new), "--format", fmt]) == 0
        out = capsys.readouterr().out
        _assert_terminal_safe(out)
        if fmt == "text":
            assert r"old\x1b[2K.toml" in out and r"new\u009b.toml" in out
            assert r"新しい取組\x1b[8m\x1b]0;PWNED\x07\u202e" in out


class TestTerminalSafe:
    @pytest.mark.parametrize(
        ("raw", "shown"),
        [
            ("\x1b]0;t\x07", r"\x1b]0;t\x07"),
            ("a\rb", r"a\rb"),
            ("a\nb", r"a\nb"),
            ("tab\there", r"tab\there"),
            ("\x00\x7f", r"\x00\x7f"),
            ("\u0085\u009b\u009f", r"\u0085\u009b\u009f"),
            ("\u202eevil\u2066", r"\u202eevil\u2066"),
            ("\u2028", r"\u2028"),
            ("\udcff", r"\udcff"),  # a file name that is not UTF-8
            ("みどり町 [/] C:\\plans", "みどり町 [/] C:\\plans"),
            ("\u0080\u00a0", "\\u0080\u00a0"),  # the no-break space is text
        ],
    )
    def test_escapes(self, raw: str, shown: str) -> None:
        assert terminal_safe(raw) == shown

    def test_multiline_keeps_newline_and_tab_only(self) -> None:
        assert terminal_safe("a\n\tb\r", multiline=True) == "a\n\tb\\r"

    def test_json_safe_decodes_to_the_same_value(self) -> None:
        value = {"t": "x\u009b\u007f\u202e\u2028y"}
        text = json_safe(json.dumps(value, ensure_ascii=False))
        assert not RAW_CONTROL.search(text)
        assert json.loads(text) == value

    def test_markdown_text_escapes_control_characters_too(self) -> None:
        assert not RAW_CONTROL.search(md_text("a\x1b[2Kb\u009b"))
