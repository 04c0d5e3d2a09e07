"""Saving keeps the file as it was: link, BOM, line endings, mode; and never a half or lost write.

These are the contracts of :mod:`roadmap.core.planfile.fileio` that every writer (editor, fmt, level, init,
export) relies on; ``tests/test_saving_writers.py`` checks each writer through them.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap.core.planfile.fileio import (
    FileChangedError,
    FileState,
    TextForm,
    WriteError,
    atomic_write,
)

BOM = b"\xef\xbb\xbf"


def listing(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


# -- the text form: BOM and line endings ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "bom", "newline"),
    [
        (b"a = 1\nb = 2\n", False, "\n"),
        (b"a = 1\r\nb = 2\r\n", False, "\r\n"),
        (BOM + b"a = 1\nb = 2\n", True, "\n"),
        (BOM + b"a = 1\r\nb = 2\r\n", True, "\r\n"),
        (b"a = 1\rb = 2\r", False, "\r"),
        (b"a = 1", False, "\n"),  # no line break at all: LF
        (b"", False, "\n"),
        (b"a\r\nb\r\nc\n", False, "\r\n"),  # mixed: what most lines end with
        (b"a\r\nb\nc\n", False, "\n"),
        (b"a\r\nb\n", False, "\n"),  # a tie: LF
    ],
)
def test_text_form_is_read_from_the_bytes(data: bytes, bom: bool, newline: str) -> None:
    assert TextForm.of(data) == TextForm(bom, newline)


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_text_form_is_applied_again_at_save(bom: bool, newline: str) -> None:
    form = TextForm(bom, newline)
    data = form.encode('[plan]\ntitle = "町"\n\n[initiatives.a]\n')
    assert TextForm.of(data) == form
    assert data.startswith(BOM) == bom
    body = data.removeprefix(BOM).decode("utf-8")
    assert body == '[plan]\ntitle = "町"\n\n[initiatives.a]\n'.replace("\n", newline)


def test_text_with_crlf_already_is_not_doubled() -> None:
    assert TextForm(False, "\r\n").encode("a\r\nb\n") == b"a\r\nb\r\n"


# -- the state at load: what counts as a change on disk ------------------------------------------


def _touch(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))


def _same_size_edit_same_mtime(path: Path) -> None:
    info = path.stat()
    path.write_bytes(path.read_bytes().replace(b"1mo", b"2mo"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _rewrite_identical(path: Path) -> None:
    path.write_bytes(path.read_bytes())


def _append(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"# git pull\n")


def _delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize(
    ("change", "changed"),
    [
        (lambda path: None, False),
        (_touch, False),  # a new modification time alone is not a change
        (_rewrite_identical, False),
        (_same_size_edit_same_mtime, True),  # caught by the hash
        (_append, True),
        (_delete, True),
    ],
    ids=["nothing", "touch", "identical-rewrite", "same-size-same-mtime", "append", "delete"],
)
def test_a_change_on_disk_is_the_content_not_the_time(
    tmp_path: Path, change: Callable[[Path], None], changed: bool
) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b'[initiatives.a]\nduration = "1mo"\n')
    state = FileState.of(path)
    assert state is not None
    change(path)
    assert state.changed_on_disk(path) is changed


def test_state_of_bytes_is_the_state_of_what_was_parsed(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(BOM + b"a = 1\r\n")
    read = path.read_bytes()
    path.write_bytes(b"a = 2\n")  # changed after it was read, before the state was taken
    state = FileState.of_bytes(path, read)
    assert state.form == TextForm(True, "\r\n")
    assert state.changed_on_disk(path)


# -- atomic_write ------------------------------------------------------------------------------


def test_through_a_symlink_the_target_is_written_and_the_link_kept(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "plan.toml"
    target.write_bytes(b"old\n")
    link = tmp_path / "plan.toml"
    link.symlink_to(os.path.relpath(target, tmp_path))
    atomic_write(link, b"new\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"new\n"
    assert listing(shared) == ["plan.toml"]
    assert listing(tmp_path) == ["plan.toml", "shared"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_the_file_mode_is_kept(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"old\n")
    path.chmod(mode)
    atomic_write(path, b"new\n")
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_new_file_gets_the_usual_mode_not_the_temporary_files(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.toml", b"x\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o644


def test_the_returned_state_is_the_written_content(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    state = atomic_write(path, BOM + b"a\r\n")
    assert state == FileState.of(path)
    assert state.form == TextForm(True, "\r\n")


def test_a_long_name_that_the_system_allows_is_written(tmp_path: Path) -> None:
    path = tmp_path / ("計" * 80 + ".toml")  # 245 bytes: the temporary file must stay shorter
    atomic_write(path, b"x\n")
    assert path.read_bytes() == b"x\n"
    assert listing(tmp_path) == [path.name]


def test_a_change_made_while_writing_is_caught_right_before_the_replacement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"a = 1\n")
    state = FileState.of(path)
    real_fsync = os.fsync

    def another_program_saves(descriptor: int) -> None:
        real_fsync(descriptor)
        path.write_bytes(b"a = 9\n")  # same size; written after our temporary file

    monkeypatch.setattr(os, "fsync", another_program_saves)
    with pytest.raises(FileChangedError) as caught:
        atomic_write(path, b"a = 2\n", unchanged_since=state)
    assert caught.value.reason == "changed"
    assert path.read_bytes() == b"a = 9\n"
    assert listing(tmp_path) == ["plan.toml"]


def test_a_touch_is_not_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"a = 1\n")
    state = FileState.of(path)
    _touch(path)
    atomic_write(path, b"a = 2\n", unchanged_since=state)
    assert path.read_bytes() == b"a = 2\n"


def test_a_file_that_appeared_is_not_overwritten_when_none_was_there(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"someone else's\n")
    with pytest.raises(FileChangedError):
        atomic_write(path, b"mine\n", must_not_exist=True)
    assert path.read_bytes() == b"someone else's\n"
    assert listing(tmp_path) == ["plan.toml"]


def _raise(code: int) -> Callable[..., object]:
    def fail(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("function", "code", "reason"),
    [
        ("write", errno.ENOSPC, "no-space"),
        ("fsync", errno.ENOSPC, "no-space"),
        ("fsync", errno.EIO, "failed"),
        ("chmod", errno.EPERM, "permission"),
        ("replace", errno.EACCES, "permission"),
        ("replace", errno.EROFS, "read-only"),
        ("replace", errno.EXDEV, "failed"),
    ],
)
def test_no_temporary_file_is_left_when_a_step_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, function: str, code: int, reason: str
) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"old\n")
    monkeypatch.setattr(os, function, _raise(code))
    with pytest.raises(WriteError) as caught:
        atomic_write(path, b"new\n")
    monkeypatch.undo()
    assert caught.value.reason == reason
    assert caught.value.errno == code
    assert path.read_bytes() == b"old\n"
    assert listing(tmp_path) == ["plan.toml"]


@pytest.mark.parametrize(
    ("code", "reason"), [(errno.EACCES, "permission"), (errno.EROFS, "read-only")]
)
def test_a_folder_that_cannot_take_a_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"old\n")
    monkeypatch.setattr(tempfile, "mkstemp", _raise(code))
    with pytest.raises(WriteError) as caught:
        atomic_write(path, b"new\n")
    assert caught.value.reason == reason
    assert path.read_bytes() == b"old\n"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="needs POSIX permissions, not root"
)
def test_a_read_only_folder_is_a_write_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "plan.toml").write_bytes(b"old\n")
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError) as caught:
            atomic_write(folder / "plan.toml", b"new\n")
    finally:
        folder.chmod(0o755)
    assert caught.value.reason == "permission"
    assert listing(folder) == ["plan.toml"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("x" * 300 + ".toml", "name-too-long"),
        ("no/such/folder/plan.toml", "no-folder"),
        ("", "is-folder"),
    ],
    ids=["too-long", "no-folder", "folder"],
)
def test_a_name_that_cannot_be_written(tmp_path: Path, name: str, reason: str) -> None:
    with pytest.raises(WriteError) as caught:
        atomic_write(tmp_path / name, b"x\n")
    assert caught.value.reason == reason
    assert listing(tmp_path) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_dev_full_is_a_full_disk_and_is_not_replaced() -> None:
    with pytest.raises(WriteError) as caught:
        atomic_write("/dev/full", b"x" * 10_000)
    assert caught.value.reason == "no-space"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_device_is_written_into_not_replaced() -> None:
    atomic_write(os.devnull, b"x\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.parametrize(
    "reason",
    ["no-space", "read-only", "permission", "name-too-long", "no-folder", "is-folder", "failed"],
)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_write_error_is_one_line_naming_the_file(reason: str, lang: str) -> None:
    error = WriteError("plan.toml", reason, OSError(errno.EIO, "Input/output error"))
    message = error.message("en" if lang == "en" else "ja")
    assert "plan.toml" in message and "\n" not in message
    assert isinstance(error, OSError)
    assert FileChangedError("plan.toml").message("en").startswith("plan.toml changed on disk")
