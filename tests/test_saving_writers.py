"""Every writer of a plan keeps the file as it was and never loses a change made meanwhile.

The writers: the editor's save (:func:`roadmap.core.planfile.document.save_plan`, and the TUI's ctrl+s),
``roadmap fmt``, ``roadmap level -o`` and ``roadmap init --force``. Each keeps the file's BOM,
line endings, mode and symbolic link; each refuses to replace a file that another program
changed while it ran; each reports a failed write as one line with exit code 2 and leaves no
temporary file behind.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import Input

from roadmap.cli.main import main
from roadmap.core.planfile.document import ConflictError, PlanDocument, save_plan
from roadmap.core.planfile.fileio import FileState, TextForm, WriteError
from roadmap.core.planfile.source import decode_plan_bytes
from tui.app import RoadmapApp

BOM = b"\xef\xbb\xbf"

#: A plan each writer changes: fmt puts b's title first, level moves b's not_before to May,
#: the editor retitles a, init --force puts a template in its place.
PLAN = """\
# 平準化の計画
[plan]
title = "平準化"
start = 2026-04-01
calendar = "calendar"

[teams.T]
capacity = 1.0

[initiatives.long]
title = "長い取組"
duration = "120d"

[initiatives.a]
title = "A"
duration = "30d"
staffing = { T = 0.5 }

[initiatives.b]
duration = "30d"
title = "B"
not_before = 2026-04-01
staffing = { T = 0.6 }
"""


def _edit(path: Path) -> int:
    """The editor's save: load, retitle ``a``, save with the state taken at load."""
    state = FileState.of(path)
    text, _ = decode_plan_bytes(path.read_bytes())
    assert text is not None and state is not None
    document = PlanDocument.from_text(text)
    document.set_field("a", "title", "A (改)")
    try:
        save_plan(path, document.to_text(), state)
    except ConflictError:
        print("roadmap: conflict", file=sys.stderr)
        return 2
    except WriteError as error:
        print(f"roadmap: {error.message('ja')}", file=sys.stderr)
        return 2
    return 0


def _fmt(path: Path) -> int:
    return main(["fmt", str(path)])


def _level(path: Path) -> int:
    return main(["level", str(path), "-o", str(path)])


def _init(path: Path) -> int:
    return main(["init", str(path.parent), "--force", "--template", "minimal"])


@dataclass(frozen=True)
class Writer:
    name: str
    run: Callable[[Path], int]
    wrote: Callable[[str], bool]  # the text on disk shows this writer's change

    def __str__(self) -> str:
        return self.name


WRITERS = [
    Writer("editor", _edit, lambda text: 'title = "A (改)"' in text),
    Writer("fmt", _fmt, lambda text: '[initiatives.b]\ntitle = "B"\nduration = "30d"' in text),
    Writer("level", _level, lambda text: "not_before = 2026-05-01" in text),
    Writer("init", _init, lambda text: text.startswith("#:schema ./plan.schema.json\n")),
]
CLI_WRITERS = [writer for writer in WRITERS if writer.name != "editor"]
FORMS = [TextForm(bom, newline) for bom in (False, True) for newline in ("\n", "\r\n")]


def plan_file(folder: Path, form: TextForm | None = None) -> Path:
    path = folder / "plan.toml"
    path.write_bytes((form or TextForm()).encode(PLAN))
    return path


def text_of(data: bytes) -> str:
    return data.removeprefix(BOM).decode("utf-8").replace("\r\n", "\n")


def names(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("form", FORMS, ids=lambda form: f"bom={form.bom}-{form.newline!r}")
@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_each_writer_keeps_the_bom_and_line_endings(
    tmp_path: Path, writer: Writer, form: TextForm
) -> None:
    path = plan_file(tmp_path, form)
    assert writer.run(path) == 0
    data = path.read_bytes()
    assert TextForm.of(data) == form
    if form.newline == "\r\n":
        assert data.count(b"\n") == data.count(b"\r\n")  # the changed lines too
    assert writer.wrote(text_of(data))


@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_each_writer_writes_through_a_symlink_and_keeps_it(tmp_path: Path, writer: Writer) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = plan_file(shared)
    work = tmp_path / "work"
    work.mkdir()
    link = work / "plan.toml"
    link.symlink_to(target)
    assert writer.run(link) == 0
    assert link.is_symlink() and link.resolve() == target
    assert writer.wrote(text_of(target.read_bytes()))
    assert [name for name in names(shared) if name.endswith(".tmp")] == []


@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_each_writer_keeps_the_file_mode(tmp_path: Path, writer: Writer) -> None:
    path = plan_file(tmp_path)
    path.chmod(0o640)
    assert writer.run(path) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert writer.wrote(text_of(path.read_bytes()))


def _while_writing(monkeypatch: pytest.MonkeyPatch, path: Path, change: Callable[[], None]) -> None:
    """Run ``change`` once our temporary file is written, right before the replacement."""
    real_fsync = os.fsync
    done: list[bool] = []

    def fsync(descriptor: int) -> None:
        real_fsync(descriptor)
        if not done:
            done.append(True)
            change()

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_each_writer_refuses_a_same_size_change_saved_while_it_ran(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    writer: Writer,
) -> None:
    path = plan_file(tmp_path)
    theirs = PLAN.replace("120d", "121d").encode("utf-8")  # same size

    def another_program_saves() -> None:
        info = path.stat()
        path.write_bytes(theirs)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # and keeps the time

    _while_writing(monkeypatch, path, another_program_saves)
    assert writer.run(path) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("roadmap: ")
    assert path.read_bytes() == theirs
    assert names(tmp_path) == ["plan.toml"]


@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_a_touch_while_a_writer_runs_is_not_a_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: Writer
) -> None:
    path = plan_file(tmp_path)

    def touch() -> None:
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))

    _while_writing(monkeypatch, path, touch)
    assert writer.run(path) == 0
    assert writer.wrote(text_of(path.read_bytes()))


def test_fmt_conflict_message_says_the_file_was_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = plan_file(tmp_path)
    _while_writing(monkeypatch, path, lambda: path.write_text(PLAN + "# new\n", "utf-8"))
    assert main(["--lang", "en", "fmt", str(path)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert (
        line
        == f"roadmap: {path} changed on disk since it was read; not overwritten (run the command again)"
    )


def _fail(code: int) -> Callable[..., object]:
    def fail(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    return fail


#: (what fails, the function made to fail, its errno, words of the one line printed)
FAILURES = [
    ("full-disk", "write", errno.ENOSPC, "ディスクに空きがない"),
    ("full-disk-at-fsync", "fsync", errno.ENOSPC, "ディスクに空きがない"),
    ("read-only-folder", "mkstemp", errno.EACCES, "書き込む権限がありません"),
    ("read-only-file-system", "mkstemp", errno.EROFS, "読み取り専用"),
    ("final-rename-fails", "replace", errno.EIO, "書き込めません"),
]


@pytest.mark.parametrize(
    ("function", "code", "words"),
    [failure[1:] for failure in FAILURES],
    ids=[failure[0] for failure in FAILURES],
)
@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_a_failed_write_is_one_line_exit_2_and_leaves_nothing_behind(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    writer: Writer,
    function: str,
    code: int,
    words: str,
) -> None:
    path = plan_file(tmp_path, TextForm(True, "\r\n"))
    (tmp_path / "plan.schema.json").write_text("{}\n", encoding="utf-8")
    before = {name: (tmp_path / name).read_bytes() for name in names(tmp_path)}
    monkeypatch.setattr(tempfile if function == "mkstemp" else os, function, _fail(code))
    assert writer.run(path) == 2
    monkeypatch.undo()
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"roadmap: {path}: ") and words in line
    assert {name: (tmp_path / name).read_bytes() for name in names(tmp_path)} == before


@pytest.mark.parametrize("writer", CLI_WRITERS, ids=str)
def test_failed_writes_are_explained_in_english_with_the_file_name(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    writer: Writer,
) -> None:
    path = plan_file(tmp_path)
    monkeypatch.setattr(os, "write", _fail(errno.ENOSPC))
    argv = {"fmt": ["fmt", str(path)], "level": ["level", str(path), "-o", str(path)]}.get(
        writer.name, ["init", str(tmp_path), "--force"]
    )
    assert main(["--lang", "en", *argv]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "plan.toml: cannot write, the disk is full (the old file is unchanged)" in line


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_level_to_dev_full_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = plan_file(tmp_path)
    assert main(["--lang", "en", "level", str(path), "-o", "/dev/full"]) == 2
    assert "disk is full" in one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    "argv",
    [
        ["level", "{plan}", "-o", "{folder}/" + "x" * 300 + ".toml"],
        ["level", "{plan}", "-o", "{folder}/no/such/folder/out.toml"],
        ["level", "{plan}", "-o", "{folder}"],
        ["init", "{folder}/" + "x" * 300],
    ],
    ids=["level-name-too-long", "level-no-folder", "level-into-a-folder", "init-name-too-long"],
)
def test_an_output_that_cannot_be_a_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    path = plan_file(tmp_path)
    args = [part.format(plan=path, folder=tmp_path) for part in argv]
    assert main(args) == 2
    one_error_line(capsys.readouterr().err)
    assert names(tmp_path) == ["plan.toml"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="needs POSIX permissions, not root"
)
@pytest.mark.parametrize("writer", CLI_WRITERS, ids=str)
def test_a_read_only_folder_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], writer: Writer
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = plan_file(folder)
    (folder / "plan.schema.json").write_text("{}\n", encoding="utf-8")
    folder.chmod(0o555)
    try:
        assert writer.run(path) == 2
    finally:
        folder.chmod(0o755)
    one_error_line(capsys.readouterr().err)
    assert path.read_text(encoding="utf-8") == PLAN


@pytest.mark.parametrize(
    "argv",
    [["fmt", "{plan}"], ["level", "{plan}"]],
    ids=["fmt", "level-to-stdout"],
)
def test_a_closed_stdout_pipe_exits_0(tmp_path: Path, argv: list[str]) -> None:
    path = plan_file(tmp_path)
    reader, writer = os.pipe()
    os.close(reader)  # the reader went away, as with `| head`
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from roadmap.cli.main import main; sys.exit(main())",
            ]
            + [part.format(plan=path) for part in argv],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0
    assert [name for name in names(tmp_path) if name.endswith(".tmp")] == []


def test_fmt_check_accepts_a_formatted_file_with_bom_and_crlf(tmp_path: Path) -> None:
    path = plan_file(tmp_path, TextForm(True, "\r\n"))
    assert main(["fmt", str(path)]) == 0
    formatted = path.read_bytes()
    assert formatted.startswith(BOM)
    assert main(["fmt", "--check", str(path)]) == 0
    assert main(["fmt", str(path)]) == 0
    assert path.read_bytes() == formatted


def test_level_to_another_file_keeps_the_plans_bom_and_crlf(tmp_path: Path) -> None:
    path = plan_file(tmp_path, TextForm(True, "\r\n"))
    out = tmp_path / "leveled.toml"
    assert main(["level", str(path), "-o", str(out)]) == 0
    assert TextForm.of(out.read_bytes()) == TextForm(True, "\r\n")
    assert "not_before = 2026-05-01" in text_of(out.read_bytes())


def test_init_into_an_empty_folder_writes_lf_without_bom(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path), "--template", "minimal"]) == 0
    assert TextForm.of((tmp_path / "plan.toml").read_bytes()) == TextForm()


def test_editor_save_of_a_new_file_refuses_one_that_appeared(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("# someone else's\n", encoding="utf-8")
    with pytest.raises(ConflictError):
        save_plan(path, PLAN, None)
    assert path.read_text(encoding="utf-8") == "# someone else's\n"


async def test_the_tui_saves_through_a_symlink_keeping_bom_and_crlf(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = plan_file(shared, TextForm(True, "\r\n"))
    link = tmp_path / "plan.toml"
    link.symlink_to(target)
    app = RoadmapApp(link)
    async with app.run_test(size=(120, 40)) as pilot:
        app.select("a")
        await pilot.pause()
        editor = app.form.query_one("#field-duration", Input)
        editor.focus()
        editor.value = "40d"
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert link.is_symlink()
    data = target.read_bytes()
    assert TextForm.of(data) == TextForm(True, "\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert 'duration = "40d"' in text_of(data).split("[initiatives.b]")[0]
