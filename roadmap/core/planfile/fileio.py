"""Saving files without losing anything a person wrote.

Every writer of a plan file (the editor, ``roadmap fmt``, ``roadmap level -o``, ``roadmap init
--force``) and every exporter goes through :func:`atomic_write`:

- a temporary file is written in the folder of the file it replaces, flushed and fsynced, given
  the original permissions and replaced over the file in one step, and the folder is fsynced: a
  crash leaves either the old file or the new one, never half of each;
- through a symbolic link the link's *target* is replaced and the link stays a link;
- a device or a pipe (``/dev/null``, ``/dev/stdout``, a FIFO) is written into, never replaced;
- with ``unchanged_since`` (a :class:`FileState` taken at load) the file on disk is compared,
  right before the replacement, with what was read: size and SHA-256 (a ``touch`` that changes
  only the modification time is not a change; an edit that keeps the size and the time is);
- every failure (full disk, read-only folder, name too long, changed on disk) is one
  :class:`WriteError` with a message in both languages, and no temporary file is left behind.

:class:`TextForm` is how a text file's bytes were laid out (a UTF-8 byte-order mark or not, LF
or CRLF line endings). The loaders decode to plain text with ``\\n`` line endings; the form
taken at load (it is part of :class:`FileState`) is applied again at save, so a Windows user's
file keeps its BOM and CRLF and a save is not a whole-file diff.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from roadmap.core.i18n import Lang, text

__all__ = ["FileChangedError", "FileState", "TextForm", "WriteError", "atomic_write"]

#: Line endings a text file can have, as written in :attr:`TextForm.newline`.
NEWLINES = ("\n", "\r\n", "\r")


@dataclass(frozen=True)
class TextForm:
    """How a text file's bytes are laid out: a UTF-8 byte-order mark or not, and the line ending.

    >>> form = TextForm.of(b"\\xef\\xbb\\xbfa = 1\\r\\nb = 2\\r\\n")
    >>> form
    TextForm(bom=True, newline='\\r\\n')
    >>> form.encode("a = 1\\nb = 3\\n")
    b'\\xef\\xbb\\xbfa = 1\\r\\nb = 3\\r\\n'
    """

    bom: bool = False
    newline: str = "\n"

    @classmethod
    def of(cls, data: bytes) -> TextForm:
        """The form of ``data``: its BOM, and the line ending most of its lines end with.

        A file without line breaks (or with as many LF as CRLF) counts as LF.
        """
        crlf = data.count(b"\r\n")
        counts = {
            "\n": data.count(b"\n") - crlf,
            "\r\n": crlf,
            "\r": data.count(b"\r") - crlf,
        }
        newline = max(NEWLINES, key=lambda ending: counts[ending])  # ties go to the first, LF
        return cls(data.startswith(codecs.BOM_UTF8), newline)

    def encode(self, content: str) -> bytes:
        """``content`` (text with ``\\n`` or ``\\r\\n`` line endings) as UTF-8 bytes in this form."""
        body = content.replace("\r\n", "\n")
        if self.newline != "\n":
            body = body.replace("\n", self.newline)
        return (codecs.BOM_UTF8 if self.bom else b"") + body.encode("utf-8")


@dataclass(frozen=True)
class FileState:
    """A file as it was read: modification time, size, content hash and text form."""

    mtime_ns: int
    size: int
    sha256: str
    form: TextForm = field(default_factory=TextForm)

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileState | None:
        """The state of ``path`` now (through a link: of its target), or ``None`` when missing."""
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            return None
        return cls.of_bytes(path, data)

    @classmethod
    def of_bytes(cls, path: str | os.PathLike[str], data: bytes) -> FileState:
        """The state of ``path`` whose content was just read as ``data``.

        Take the state from the very bytes that were parsed, so that a change made between
        reading and recording cannot go unnoticed.
        """
        try:
            mtime_ns = os.stat(path).st_mtime_ns
        except OSError:
            mtime_ns = 0
        return cls(mtime_ns, len(data), hashlib.sha256(data).hexdigest(), TextForm.of(data))

    def changed_on_disk(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` no longer holds what was read: its content differs, or it is gone.

        The content decides: a new modification time alone (``touch``) is not a change, and an
        edit that keeps the size and the modification time is one.
        """
        try:
            now = FileState.of(path)
        except OSError:
            return True
        if now is None:
            return True
        return now.size != self.size or now.sha256 != self.sha256


#: errno -> the reason :class:`WriteError` gives (``write.<reason>`` in :mod:`roadmap.core.i18n`).
_REASONS = {
    errno.ENOSPC: "no-space",
    errno.EROFS: "read-only",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.ENAMETOOLONG: "name-too-long",
    errno.ENOENT: "no-folder",
    errno.ENOTDIR: "no-folder",
    errno.EISDIR: "is-folder",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "no-space"


class WriteError(OSError):
    """A file could not be written; the file that was there is unchanged, no temporary remains.

    ``reason`` is one of ``no-space``, ``read-only``, ``permission``, ``name-too-long``,
    ``no-folder``, ``is-folder``, ``changed`` (see :class:`FileChangedError`) or ``failed``;
    :meth:`message` renders it as one line in the reader's language. ``errno`` and
    ``strerror`` are those of the operating system's error, when there was one.
    """

    def __init__(self, path: str, reason: str, cause: OSError | None = None) -> None:
        code = cause.errno if cause is not None else None
        detail = (cause.strerror or str(cause)) if cause is not None else reason
        super().__init__(code, detail, path)
        self.path = path
        self.reason = reason
        self.detail = detail

    @classmethod
    def of(cls, path: str | os.PathLike[str], error: OSError) -> WriteError:
        """``error`` (raised while writing ``path``) as a :class:`WriteError`."""
        if isinstance(error, WriteError):
            return error
        reason = _REASONS.get(error.errno or 0, "failed")
        return cls(os.fspath(path), reason, error)

    def message(self, lang: Lang = "ja") -> str:
        """One line saying what could not be written and why."""
        return text(f"write.{self.reason}", lang, path=self.path, detail=self.detail)

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


class FileChangedError(WriteError):
    """The file on disk is no longer the one that was read; it was not overwritten."""

    def __init__(self, path: str) -> None:
        super().__init__(path, "changed")
        self.detail = self.strerror = "changed on disk since it was read"


def _default_mode() -> int:
    """The permissions of a new file: ``0o666`` less the umask (not mkstemp's ``0o600``)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _check_unchanged(
    path: str, target: Path, unchanged_since: FileState | None, must_not_exist: bool
) -> None:
    if must_not_exist and os.path.lexists(target):
        raise FileChangedError(path)
    if unchanged_since is not None and unchanged_since.changed_on_disk(target):
        raise FileChangedError(path)


def _write_into(path: str, target: Path, data: bytes) -> None:
    """Write into a device or a pipe, which has nothing to replace."""
    descriptor = os.open(target, os.O_WRONLY)
    try:
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a folder
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    unchanged_since: FileState | None = None,
    must_not_exist: bool = False,
) -> FileState:
    """Replace the file at ``path`` with ``data`` in one step; returns the new file's state.

    Parameters
    ----------
    path
        The file to write. A symbolic link is followed: its target is replaced, the link kept.
        A device or a pipe is written into. The permissions of a replaced file are kept.
    data
        The complete new content.
    unchanged_since
        The state of the file when it was read: the write is refused when the file on disk
        no longer has that content (checked right before the replacement).
    must_not_exist
        Refuse the write when a file exists at ``path`` (it was absent when the caller looked).

    Raises
    ------
    FileChangedError
        The file changed since ``unchanged_since`` (or appeared, with ``must_not_exist``).
    WriteError
        Anything else that stops the write (full disk, read-only folder, name too long, ...).
        The old file is untouched and no temporary file is left behind.
    """
    name = os.fspath(path)
    try:
        return _atomic_write(name, data, unchanged_since, must_not_exist)
    except OSError as error:
        raise WriteError.of(name, error) from error


def _atomic_write(
    name: str, data: bytes, unchanged_since: FileState | None, must_not_exist: bool
) -> FileState:
    target = Path(os.path.realpath(name))
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteError(
            name, "is-folder", IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        )
    digest = hashlib.sha256(data).hexdigest()
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(name, target, data)
        return FileState(0, len(data), digest, TextForm.of(data))
    mode = stat.S_IMODE(info.st_mode) if info is not None else _default_mode()
    folder = target.parent
    # a short prefix, so that the temporary's name is not too long where the target's is not
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name[:64]}.", suffix=".tmp", dir=folder
    )
    try:
        try:
            _write_all(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.chmod(temporary, mode)
        if info is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # keep the owner when allowed to
                os.chown(temporary, info.st_uid, info.st_gid)
        _check_unchanged(name, target, unchanged_since, must_not_exist)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)
    try:
        mtime_ns = os.stat(target).st_mtime_ns
    except OSError:
        mtime_ns = 0
    return FileState(mtime_ns, len(data), digest, TextForm.of(data))
