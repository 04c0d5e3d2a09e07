"""Recovery files: the unsaved text of a plan, written when the editor has to stop.

When the editor stops on an error it cannot recover from, the text of every plan file with
unsaved edits is written beside it as ``.<name>.recover`` (``plan.toml`` ->
``.plan.toml.recover``), as plain UTF-8 TOML with the plan's permissions, so it can also be read
or renamed by hand. The next ``roadmap edit`` of that plan offers to restore it; a successful
save, or choosing to discard it, removes it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from roadmap.core.planfile.fileio import atomic_write

__all__ = ["find_recovery", "recovery_path", "remove_recovery", "write_recovery"]

#: The largest recovery file read back (a plan file is refused above the same size).
_MAX_BYTES = 20 * 1024 * 1024


def recovery_path(plan: str | os.PathLike[str]) -> Path:
    """Where the unsaved text of ``plan`` is kept: ``.<name>.recover`` in the same folder."""
    path = Path(plan)
    return path.with_name(f".{path.name}.recover")


def write_recovery(texts: Mapping[str, str]) -> list[Path]:
    """Write each plan file's unsaved text beside it; returns the files written.

    A file that cannot be written is skipped (the others are still written).
    """
    written: list[Path] = []
    for file, content in texts.items():
        target = recovery_path(file)
        try:
            atomic_write(target, content.encode("utf-8"))
        except OSError:
            continue
        with contextlib.suppress(OSError):  # as private as the plan it keeps
            os.chmod(target, stat.S_IMODE(os.stat(file).st_mode))
        written.append(target)
    return written


def find_recovery(files: Iterable[str]) -> dict[str, str]:
    """The recovered text of each of ``files`` that has a readable recovery file."""
    found: dict[str, str] = {}
    for file in files:
        target = recovery_path(file)
        try:
            if not target.is_file() or target.stat().st_size > _MAX_BYTES:
                continue
            found[file] = target.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return found


def remove_recovery(files: Iterable[str]) -> None:
    """Remove the recovery files of ``files`` (those that exist)."""
    for file in files:
        with contextlib.suppress(OSError):
            recovery_path(file).unlink(missing_ok=True)
