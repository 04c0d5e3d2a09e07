"""Multi-file plans: a plan that includes other files, merged into one plan.

A plan may name other files in ``[plan] include = ["departments/*.toml"]`` so that each 課 owns
its own file and merges rarely conflict. This module owns the rules:

- patterns are relative to the including file's folder and may not leave the plan's folder
  (absolute paths and ``..`` escapes are rejected; symlinks are resolved before the check);
- an included file holds only ``[initiatives.*]`` and ``[teams.*]`` tables, and may itself have
  a top-level ``include = [...]``; a file that includes itself, directly or through others, is
  an include cycle (a wildcard that happens to match the including file itself is skipped);
- ids are unique across the multi-file plan: a duplicate is an error naming both files and lines;
- every initiative remembers the file it came from (``LoadedPlan.sources``), so problems point
  at the right file and line, and editors can save it back there.

Files are read through a :class:`PlanFiles` source: the disk (:class:`DiskFiles`) or a git
revision (:class:`roadmap.core.compare.git.RevisionFiles`), so ``roadmap diff`` sees a multi-file plan as it was.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from roadmap.core.model.plan import Team
from roadmap.core.model.problems import Problem, Severity
from roadmap.core.planfile.loader import (
    LoadedPlan,
    paused_gc,
    plan_from_data,
    plan_from_parsed,
    read_plan_bytes,
)
from roadmap.core.planfile.source import LineIndex, decode_plan_bytes, parse_toml

__all__ = [
    "DiskFiles",
    "PlanFiles",
    "glob_pattern",
    "included_files",
    "load_included_files",
    "load_with_includes",
]

#: The top-level keys an included file may hold.
INCLUDED_KEYS = ("initiatives", "teams", "include")


class PlanFiles(Protocol):
    """Where the files of a multi-file plan are read from; paths are POSIX, relative to the root."""

    def list_files(self) -> list[str]:
        """Every file under the root (sorted)."""
        ...

    def read(self, relative: str) -> bytes:
        """The bytes of one file; ``OSError`` when it cannot be read."""
        ...

    def real(self, relative: str) -> str | None:
        """The file's path after resolving links, or ``None`` when it leaves the root."""
        ...

    def name(self, relative: str) -> str:
        """How problems name the file."""
        ...


class DiskFiles:
    """The files of a multi-file plan on disk, below ``root`` (the main plan's folder)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root = root.resolve()

    def list_files(self) -> list[str]:
        found: list[str] = []
        for folder, folders, files in os.walk(self.root):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            base = Path(folder).relative_to(self.root)
            found.extend((base / name).as_posix() for name in files)
        return sorted(found)

    def read(self, relative: str) -> bytes:
        return read_plan_bytes(self.root / relative)

    def real(self, relative: str) -> str | None:
        resolved = (self.root / relative).resolve()
        try:
            return resolved.relative_to(self._real_root).as_posix()
        except ValueError:
            return None

    def name(self, relative: str) -> str:
        return os.path.normpath(self.root / relative)


def glob_pattern(pattern: str) -> re.Pattern[str]:
    """A glob as a regular expression over POSIX paths: ``*`` and ``?`` stay within a folder,
    ``**/`` spans folders.

    Examples
    --------
    >>> bool(glob_pattern("departments/*.toml").match("departments/kikaku.toml"))
    True
    >>> bool(glob_pattern("departments/*.toml").match("departments/a/b.toml"))
    False
    >>> bool(glob_pattern("**/*.toml").match("a/b/c.toml"))
    True
    """
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:[^/]+/)*")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts) + r"\Z")


def _inside(folder: str, pattern: str) -> str | None:
    """``pattern`` relative to the root when written in ``folder``; ``None`` if it escapes."""
    if not pattern or pattern.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", pattern):
        return None
    parts = [part for part in PurePosixPath(folder).parts if part != "."]
    for part in pattern.replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
            continue
        parts.append(part)
    return "/".join(parts) if parts else None


@dataclass
class _Merge:
    """The state of one multi-file plan load: merged tables, where each came from, problems."""

    files: PlanFiles
    main: str
    main_lines: LineIndex
    initiatives: dict[str, Any] = field(default_factory=dict)
    teams: dict[str, Any] = field(default_factory=dict)
    where: dict[str, tuple[str, LineIndex]] = field(default_factory=dict)
    team_where: dict[str, tuple[str, LineIndex]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)
    included_teams: list[tuple[str, Any, str, LineIndex]] = field(default_factory=list)

    def at(self, file: str, lines: LineIndex, *path: str) -> str:
        line = lines.line_of(path)
        return f"{file}:{line}" if line else file


def _include_list(data: Mapping[str, Any], main: bool) -> list[str]:
    """The include patterns of a file: ``[plan] include`` in the main plan, else ``include``."""
    if main:
        settings = data.get("plan")
        raw = settings.get("include", []) if isinstance(settings, Mapping) else []
    else:
        raw = data.get("include", [])
    return [item for item in raw if isinstance(item, str)] if isinstance(raw, list) else []


def _add_tables(
    merge: _Merge, data: Mapping[str, Any], file: str, lines: LineIndex, main: bool
) -> None:
    """Add the initiatives and teams of one file, reporting ids defined twice."""
    raw_initiatives = data.get("initiatives", {})
    if isinstance(raw_initiatives, Mapping):
        for key, raw in raw_initiatives.items():
            if key in merge.initiatives:
                first_file, first_lines = merge.where[key]
                merge.problems.append(
                    Problem(
                        "duplicate-id",
                        file=file,
                        line=lines.line_of(("initiatives", key)),
                        initiative=key,
                        args={
                            "id": key,
                            "other": merge.at(first_file, first_lines, "initiatives", key),
                        },
                    )
                )
                continue
            merge.initiatives[key] = raw
            merge.where[key] = (file, lines)
    elif not main:
        merge.problems.append(
            Problem(
                "include-key",
                file=file,
                line=lines.line_of(("initiatives",)),
                args={"key": "initiatives"},
            )
        )
    raw_teams = data.get("teams", {})
    if not isinstance(raw_teams, Mapping):
        return
    for name, raw in raw_teams.items():
        if name in merge.teams:
            first_file, first_lines = merge.team_where[name]
            merge.problems.append(
                Problem(
                    "duplicate-team",
                    file=file,
                    line=lines.line_of(("teams", name)),
                    args={"team": name, "other": merge.at(first_file, first_lines, "teams", name)},
                )
            )
            continue
        merge.teams[name] = raw
        merge.team_where[name] = (file, lines)
        if not main:
            merge.included_teams.append((name, raw, file, lines))


def _follow(
    merge: _Merge,
    relative: str,
    data: Mapping[str, Any],
    lines: LineIndex,
    stack: list[str],
    main: bool,
) -> None:
    """Load the files ``relative`` includes, depth first, in pattern then name order."""
    file = merge.files.name(relative)
    folder = PurePosixPath(relative).parent.as_posix()
    include_line = lines.line_of(("plan", "include") if main else ("include",))
    listing: list[str] | None = None
    for pattern in _include_list(data, main):
        target = _inside(folder, pattern)
        if target is None:
            merge.problems.append(
                Problem("include-outside", file=file, line=include_line, args={"pattern": pattern})
            )
            continue
        if listing is None:
            listing = merge.files.list_files()
        matcher = glob_pattern(target)
        matches = [name for name in listing if matcher.match(name)]
        if not matches:
            merge.problems.append(
                Problem(
                    "include-missing",
                    Severity.WARNING,
                    file=file,
                    line=include_line,
                    args={"pattern": pattern},
                )
            )
        for match in matches:
            real = merge.files.real(match)
            if real is None:
                merge.problems.append(
                    Problem(
                        "include-outside", file=file, line=include_line, args={"pattern": match}
                    )
                )
                continue
            if real == stack[-1] and any(mark in pattern for mark in "*?"):
                continue  # a wildcard that also matches the including file itself
            if real in stack:
                cycle = [*stack[stack.index(real) :], real]
                merge.problems.append(
                    Problem(
                        "include-cycle",
                        file=file,
                        line=include_line,
                        args={"cycle": " → ".join(merge.files.name(item) for item in cycle)},
                    )
                )
                continue
            if real in merge.loaded:
                continue  # included twice through different patterns: read once
            merge.loaded.append(real)
            _load_included(merge, real, [*stack, real])


def _load_included(merge: _Merge, relative: str, stack: list[str]) -> None:
    """Read one included file and add its tables."""
    file = merge.files.name(relative)
    try:
        raw = merge.files.read(relative)
    except OSError as error:
        detail = getattr(error, "detail", "") or str(getattr(error, "strerror", "") or error)
        merge.problems.append(
            Problem("include-unreadable", file=file, args={"path": file, "detail": detail})
        )
        return
    text, problems = decode_plan_bytes(raw, file)
    merge.problems.extend(problems)
    if text is None:
        return
    parsed = parse_toml(text, file)
    merge.problems.extend(parsed.problems)
    if parsed.data is None:
        return
    lines = LineIndex(text)
    for key in parsed.data:
        if key not in INCLUDED_KEYS:
            merge.problems.append(
                Problem("include-key", file=file, line=lines.line_of((key,)), args={"key": key})
            )
    _add_tables(merge, parsed.data, file, lines, main=False)
    _follow(merge, relative, parsed.data, lines, stack, main=False)


class _IncludedLines(LineIndex):
    """Lines of the merged plan: initiatives and teams from included files use their file."""

    def __init__(self, merge: _Merge) -> None:
        self._merge = merge

    def line_of(self, path: Any) -> int | None:
        key = tuple(path)
        if len(key) >= 2 and key[0] == "initiatives" and key[1] in self._merge.where:
            return self._merge.where[str(key[1])][1].line_of(key)
        return self._merge.main_lines.line_of(key)


def load_included_files(files: PlanFiles, main: str, *, keep_data: bool = True) -> LoadedPlan:
    """Load the plan ``main`` (relative to the root of ``files``) with everything it includes.

    A plan without ``include`` loads exactly as :func:`roadmap.core.planfile.loader.parse_plan` does;
    ``keep_data=False`` as in :func:`~roadmap.core.planfile.loader.plan_from_parsed`.
    """
    file = files.name(main)
    raw = files.read(main)
    text, problems = decode_plan_bytes(raw, file)
    if text is None:
        return LoadedPlan(file=file, text="", problems=problems)
    with paused_gc(text):
        parsed = parse_toml(text, file)
    if parsed.data is None or not _include_list(parsed.data, main=True):
        return plan_from_parsed(text, parsed, file=file, keep_data=keep_data)  # parsed once
    lines = LineIndex(text)
    merge = _Merge(files=files, main=main, main_lines=lines)
    _add_tables(merge, parsed.data, file, lines, main=True)
    root = files.real(main) or main
    merge.loaded.append(root)
    _follow(merge, main, parsed.data, lines, [root], main=True)
    included_team_names = {name for name, *_ in merge.included_teams}
    data = dict(parsed.data)
    data["initiatives"] = merge.initiatives
    data["teams"] = {
        name: raw for name, raw in merge.teams.items() if name not in included_team_names
    }
    plan, build_problems = plan_from_data(data, file, _IncludedLines(merge))
    sources = {key: where for key, where in merge.where.items() if where[0] != file}
    for problem in build_problems:
        if problem.initiative in sources:
            problem = _moved(problem, sources[problem.initiative][0])
        merge.problems.append(problem)
    if plan is not None:
        _add_included_teams(plan.teams, merge)
    return LoadedPlan(
        file=file,
        text=text,
        data=data,
        plan=plan,
        problems=merge.problems,
        lines=lines,
        sources=sources,
    )


def _moved(problem: Problem, file: str) -> Problem:
    import dataclasses

    return dataclasses.replace(problem, file=file)


def _add_included_teams(teams: dict[str, Team], merge: _Merge) -> None:
    """Validate the teams of included files against their own file and line."""
    from pydantic import ValidationError

    for name, raw, file, lines in merge.included_teams:
        try:
            teams[name] = Team.model_validate(raw)
        except ValidationError as error:
            for item in error.errors():
                merge.problems.append(
                    Problem(
                        "invalid-value",
                        file=file,
                        line=lines.line_of(("teams", name, *map(str, item["loc"]))),
                        field=".".join(str(part) for part in item["loc"]) or None,
                        args={"key": f"teams.{name}", "detail": item.get("msg", "")},
                    )
                )


def load_with_includes(path: str | os.PathLike[str], *, keep_data: bool = True) -> LoadedPlan:
    """Load the plan at ``path`` and the files it includes, merged into one plan (``keep_data``
    as in :func:`load_included_files`).

    Raises
    ------
    roadmap.core.planfile.loader.PlanIOError
        When the main plan file itself cannot be read; unreadable included files are problems.
    """
    target = Path(path)
    data = read_plan_bytes(target)  # the main file's I/O errors surface as PlanIOError
    folder = target.parent if str(target.parent) else Path(".")
    return load_included_files(
        _NamedDiskFiles(folder, target, data), target.name, keep_data=keep_data
    )


class _NamedDiskFiles(DiskFiles):
    """Disk files that name the main plan exactly as the user wrote it (and read it once)."""

    def __init__(self, root: Path, main: Path, main_bytes: bytes | None = None) -> None:
        super().__init__(root)
        self._main = main
        self._main_bytes = main_bytes

    def read(self, relative: str) -> bytes:
        if relative == self._main.name and self._main_bytes is not None:
            data, self._main_bytes = self._main_bytes, None
            return data
        return super().read(relative)

    def name(self, relative: str) -> str:
        if relative == self._main.name:
            return str(self._main)
        return super().name(relative)


def included_files(path: str | os.PathLike[str]) -> list[Path]:
    """The main plan file and every file it includes (for ``roadmap fmt``), main first."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    files = _NamedDiskFiles(folder, target)
    raw = files.read(target.name)
    text, _ = decode_plan_bytes(raw, str(target))
    if text is None:
        return [target]
    parsed = parse_toml(text, str(target))
    if parsed.data is None or not _include_list(parsed.data, main=True):
        return [target]
    merge = _Merge(files=files, main=target.name, main_lines=LineIndex(text))
    root = files.real(target.name) or target.name
    merge.loaded.append(root)
    _follow(merge, target.name, parsed.data, merge.main_lines, [root], main=True)
    return [target, *(folder / relative for relative in merge.loaded[1:])]
