"""Saving files without losing anything a person wrote.

:func:`atomic_write` writes a temporary file in the target's folder, flushes and fsyncs it,
keeps the original permissions, replaces the target in one step and fsyncs the folder, so a
crash leaves either the old file or the new one, never half of each. :class:`FileState`
remembers a file as it was loaded so that a save can refuse to overwrite a file that changed on
disk since (after a ``git pull``, or another editor).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FileState", "atomic_write"]


@dataclass(frozen=True)
class FileState:
    """A file's identity at load time: modification time, size and content hash."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileState | None:
        """The state of ``path`` now, or ``None`` when it does not exist."""
        try:
            data = Path(path).read_bytes()
            info = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(info.st_mtime_ns, info.st_size, hashlib.sha256(data).hexdigest())

    def changed_on_disk(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` no longer holds what was loaded (its content differs or it is gone)."""
        now = FileState.of(path)
        if now is None:
            return True
        if now.mtime_ns == self.mtime_ns and now.size == self.size:
            return False
        return now.sha256 != self.sha256


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permissions."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is None:  # a new file gets the usual 0o666 & ~umask, not mkstemp's 0o600
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # not every platform can fsync a folder
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
