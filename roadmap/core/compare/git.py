"""Reading plan files as they were at a git revision.

Plans live in git, so git is the planning history. This module owns the only calls to the
``git`` program: :func:`read_at_revision` returns the bytes of a file at a revision with
``git cat-file blob REV:PATH`` (what ``git show REV:PATH`` prints for a file, but it refuses
folders and applies no textconv filter), the path taken relative to the repository's top folder (so a plan can be
named from any working folder), and :func:`load_revision_analysis` loads, checks and schedules
that version like :func:`roadmap.core.analysis.pipeline.analyze_path` does for the file on disk.

The pseudo-revision :data:`WORKTREE` means the file on disk, uncommitted edits included.
Failures are :class:`GitError` values with a stable ``reason``: ``"not-a-repo"``,
``"unknown-revision"``, ``"path-not-in-revision"`` or ``"git-missing"``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from roadmap.core.analysis.pipeline import Analysis
    from roadmap.core.planfile.loader import LoadedPlan

__all__ = [
    "WORKTREE",
    "GitError",
    "GitLocation",
    "RevisionFiles",
    "load_revision",
    "load_revision_analysis",
    "locate_in_repo",
    "read_at_revision",
    "revision_date",
    "revision_exists",
]

#: The pseudo-revision for the file on disk, as it is now.
WORKTREE = "WORKTREE"


class GitError(OSError):
    """A plan cannot be read at a revision; ``reason`` says why, :meth:`message` tells a person.

    ``reason`` is one of ``"not-a-repo"``, ``"unknown-revision"``, ``"path-not-in-revision"``
    and ``"git-missing"``.
    """

    def __init__(self, reason: str, path: str, revision: str = "", detail: str = "") -> None:
        super().__init__(f"{reason}: {path} @ {revision} {detail}".strip())
        self.reason = reason
        self.path = path
        self.revision = revision
        self.detail = detail

    def message(self, lang: Lang = "ja") -> str:
        return text(
            f"diff.git.{self.reason}",
            lang,
            path=self.path,
            revision=self.revision,
            detail=self.detail,
        )


@dataclass(frozen=True)
class GitLocation:
    """Where a file stands in its repository: the top folder and the path inside it."""

    top: Path
    path_in_repo: str


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run ``git`` with a neutral environment; ``FileNotFoundError`` becomes ``git-missing``."""
    environment = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            env=environment,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git-missing", str(cwd)) from None


def _existing_folder(path: Path) -> tuple[Path, list[str]]:
    """The nearest existing folder holding ``path`` and the names below it down to the file."""
    folder = path.parent if str(path.parent) else Path(".")
    below = [path.name]
    while not folder.is_dir():
        if folder.parent == folder:
            break
        below.insert(0, folder.name)
        folder = folder.parent
    return folder, below


def locate_in_repo(path: str | os.PathLike[str]) -> GitLocation:
    """The repository top and the repository path of ``path`` (which may be absent on disk).

    Raises
    ------
    GitError
        ``not-a-repo`` when ``path`` is not inside a git working tree.
    """
    folder, below = _existing_folder(Path(path))
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        raise GitError("not-a-repo", str(path), detail=_first_line(top.stderr))
    prefix = _git(["rev-parse", "--show-prefix"], folder)
    inside = PurePosixPath(prefix.stdout.decode("utf-8", "replace").strip() or ".")
    relative = inside.joinpath(*below).as_posix()
    return GitLocation(Path(top.stdout.decode("utf-8", "replace").strip()), _normal(relative))


def _normal(path: str) -> str:
    """``a/./b`` -> ``a/b``; ``..`` parts are resolved textually."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == ".." and parts:
            parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def _first_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else ""


def revision_exists(top: Path, revision: str) -> bool:
    """Whether ``revision`` names a commit in the repository at ``top``."""
    if revision.startswith("-"):
        return False
    result = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], top
    )
    return result.returncode == 0


def read_at_revision(path: str | os.PathLike[str], revision: str) -> bytes:
    """The bytes of ``path`` at ``revision`` (``WORKTREE``: the file on disk).

    Raises
    ------
    GitError
        ``not-a-repo``, ``unknown-revision`` or ``path-not-in-revision``.
    roadmap.core.planfile.loader.PlanIOError
        For ``WORKTREE`` when the file cannot be read.
    """
    if revision == WORKTREE:
        from roadmap.core.planfile.loader import read_plan_bytes

        return read_plan_bytes(path)
    location = locate_in_repo(path)
    if not revision_exists(location.top, revision):
        raise GitError("unknown-revision", str(path), revision)
    shown = _git(["cat-file", "blob", f"{revision}:{location.path_in_repo}"], location.top)
    if shown.returncode != 0:
        raise GitError(
            "path-not-in-revision", location.path_in_repo, revision, _first_line(shown.stderr)
        )
    return shown.stdout


class RevisionFiles:
    """The files of a multi-file plan as they were at a revision (see :mod:`roadmap.core.planfile.includes`)."""

    def __init__(self, top: Path, folder: str, revision: str, shown_folder: str) -> None:
        self.top = top
        self.folder = folder
        self.revision = revision
        self.shown_folder = shown_folder

    def _in_repo(self, relative: str) -> str:
        return _normal(f"{self.folder}/{relative}" if self.folder else relative)

    def list_files(self) -> list[str]:
        command = ["ls-tree", "-r", "-z", "--full-name", "--name-only", self.revision]
        if self.folder:
            command += ["--", self.folder + "/"]
        listed = _git(command, self.top)
        prefix = f"{self.folder}/" if self.folder else ""
        names = listed.stdout.decode("utf-8", "replace").split("\0")
        return sorted(name[len(prefix) :] for name in names if name.startswith(prefix) and name)

    def read(self, relative: str) -> bytes:
        shown = _git(["cat-file", "blob", f"{self.revision}:{self._in_repo(relative)}"], self.top)
        if shown.returncode != 0:
            raise GitError(
                "path-not-in-revision",
                self._in_repo(relative),
                self.revision,
                _first_line(shown.stderr),
            )
        return shown.stdout

    def real(self, relative: str) -> str | None:
        return _normal(relative)

    def name(self, relative: str) -> str:
        return f"{self.revision}:{os.path.normpath(os.path.join(self.shown_folder, relative))}"


def revision_date(path: str | os.PathLike[str], revision: str) -> dt.date | None:
    """The committer date of ``revision`` (in its own time zone), ``None`` when unknown."""
    if revision == WORKTREE:
        return None
    try:
        location = locate_in_repo(path)
    except GitError:
        return None
    if not revision_exists(location.top, revision):
        return None
    shown = _git(["log", "-1", "--format=%cd", "--date=short", revision, "--"], location.top)
    try:
        return dt.date.fromisoformat(shown.stdout.decode("ascii", "replace").strip())
    except ValueError:
        return None


def load_revision(path: str | os.PathLike[str], revision: str) -> LoadedPlan:
    """The plan at ``path`` as it was at ``revision``, with its included files of then."""
    from roadmap.core.planfile.includes import load_included_files, load_with_includes

    if revision == WORKTREE:
        return load_with_includes(path)
    read_at_revision(path, revision)  # the errors a person can act on, in order
    location = locate_in_repo(path)
    folder, _, name = location.path_in_repo.rpartition("/")
    shown_folder = os.path.dirname(os.fspath(path))
    return load_included_files(RevisionFiles(location.top, folder, revision, shown_folder), name)


def load_revision_analysis(plan_path: str | os.PathLike[str], revision: str) -> Analysis:
    """Load, check and schedule the plan at ``plan_path`` as it was at ``revision``.

    ``WORKTREE`` analyses the file on disk (with its included files).
    """
    from roadmap.core.analysis.pipeline import analyze

    return analyze(load_revision(plan_path, revision))
