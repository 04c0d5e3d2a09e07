"""A plan split across files, edited as one: every file an editable document, saved file by file.

A plan that includes other files (``[plan] include = [...]``, :mod:`roadmap.core.planfile.includes`)
is read by :func:`load_plan_files` into the merged plan and the text of each included file.
:class:`MultiFileDocument` puts the documents of all those files behind the one
:class:`~roadmap.core.planfile.document.PlanDocument` interface: each initiative's reads and edits
go to the document of the file it is written in. :func:`save_changed_files` writes back only the
files whose text changed, with the conflict checks of
:func:`~roadmap.core.planfile.document.save_plan`: every file to write is checked for a change on
disk before any is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from roadmap.core.planfile.document import ConflictError, EditError, PlanDocument, ids_in, save_plan
from roadmap.core.planfile.fileio import FileState
from roadmap.core.planfile.includes import DiskFiles, load_included_files
from roadmap.core.planfile.loader import LoadedPlan
from roadmap.core.planfile.source import decode_plan_bytes

__all__ = [
    "MultiFileDocument",
    "has_includes",
    "load_plan_files",
    "save_changed_files",
]


def has_includes(data: Mapping[str, Any]) -> bool:
    """Whether a plan's data names files to include (``[plan] include = [...]``).

    >>> has_includes({"plan": {"include": ["departments/*.toml"]}}), has_includes({"plan": {}})
    (True, False)
    """
    settings = data.get("plan")
    include = settings.get("include") if isinstance(settings, Mapping) else None
    return isinstance(include, list) and bool(include)


class _EditorFiles(DiskFiles):
    """The files on disk, with the main plan's text as the editor holds it.

    The main plan is named as the caller names it; ``texts`` are included files as edited (by
    file name), read instead of the disk; the bytes read are kept so that the documents start
    from exactly what was read.
    """

    def __init__(self, main: Path, main_text: str, texts: Mapping[str, str]) -> None:
        folder = main.parent if str(main.parent) else Path(".")
        super().__init__(folder)
        self._main = main
        self._main_text = main_text
        self._texts = texts
        self.read_bytes: dict[str, bytes] = {}

    def read(self, relative: str) -> bytes:
        if relative == self._main.name:
            return self._main_text.encode("utf-8")
        name = self.name(relative)
        if name in self._texts:
            data = self._texts[name].encode("utf-8")
            self.read_bytes[name] = data
            return data
        data = super().read(relative)
        self.read_bytes[self.name(relative)] = data
        return data

    def name(self, relative: str) -> str:
        if relative == self._main.name:
            return str(self._main)
        return super().name(relative)


def load_plan_files(
    file: str, text: str, edited: Mapping[str, str] | None = None
) -> tuple[LoadedPlan, dict[str, str]]:
    """The merged plan of ``file`` (whose text is ``text``) and the text of each included file.

    ``edited`` are included files' texts as edited (by file name), used instead of the disk.
    The texts returned are those of every included file that holds initiatives, and every
    ``edited`` one (even if emptied). ``LoadedPlan.sources`` tells the file of each included
    initiative.
    """
    edited = edited or {}
    main = Path(file)
    files = _EditorFiles(main, text, edited)
    loaded = load_included_files(files, main.name)
    texts: dict[str, str] = dict(edited)
    for source, _lines in loaded.sources.values():
        if source in texts or source not in files.read_bytes:
            continue
        decoded, _problems = decode_plan_bytes(files.read_bytes[source], source)
        if decoded is not None:
            texts[source] = decoded
    return loaded, texts


def save_changed_files(
    changed: Iterable[tuple[str, str]],
    states: Mapping[str, FileState | None],
    *,
    overwrite: bool = False,
) -> Iterator[tuple[str, str, FileState | None]]:
    """Write each ``(file, text)`` of ``changed`` atomically, yielding ``(file, text, state)``
    as each is written (``state``: the file's new :class:`FileState`).

    ``states`` are the files as they were read. Unless ``overwrite``, every file is checked
    before any is written: one that changed on disk since (or that was not there when read)
    raises :class:`~roadmap.core.planfile.document.ConflictError` naming it, and nothing is
    written. A write that fails raises ``OSError`` after the files already written were
    yielded.
    """
    changed = list(changed)
    if not overwrite:
        for file, _text in changed:
            known = states.get(file)
            if known is None or known.changed_on_disk(file):
                raise ConflictError(file)
    for file, text in changed:
        yield file, text, save_plan(file, text, states.get(file), overwrite=True)


class MultiFileDocument(PlanDocument):
    """Every file of a plan as one document: each initiative's reads and edits go to the
    document of the file it is written in.

    ``main`` is the main plan's document, ``parts`` the included files' documents by file name,
    ``path_of`` the file of each included initiative. :meth:`to_text` is the main file's text.
    A new initiative goes into the file of the one it is added after (a copy into the file of
    its original); deleting one also removes the dependency entries naming it in every file.
    Every method is delegated, so nothing of the single-file document runs on the merged view.
    """

    def __init__(
        self, main: PlanDocument, parts: Mapping[str, PlanDocument], path_of: Mapping[str, str]
    ) -> None:
        super().__init__(main.to_text(), None)
        self.main = main
        self.parts = dict(parts)
        self.path_of = dict(path_of)

    def _of(self, initiative_id: str | None) -> PlanDocument:
        """The document of the file ``initiative_id`` is written in (the main one if none)."""
        file = self.path_of.get(initiative_id) if initiative_id is not None else None
        return self.parts.get(file, self.main) if file is not None else self.main

    def _all(self) -> list[PlanDocument]:
        return [self.main, *self.parts.values()]

    @property
    def is_parsed(self) -> bool:
        return all(document.is_parsed for document in self._all())

    def ensure_parsed(self) -> None:
        for document in self._all():
            document.ensure_parsed()

    def to_text(self) -> str:
        return self.main.to_text()

    @property
    def modified(self) -> bool:
        return any(document.modified for document in self._all())

    def data(self) -> dict[str, Any]:
        return self.main.data()

    def section(self, name: str) -> dict[str, Any]:
        return self.main.section(name)

    def initiative_ids(self) -> list[str]:
        return [key for document in self._all() for key in document.initiative_ids()]

    def has_initiative(self, initiative_id: str) -> bool:
        return self._of(initiative_id).has_initiative(initiative_id)

    def initiative_data(self, initiative_id: str) -> dict[str, Any]:
        return self._of(initiative_id).initiative_data(initiative_id)

    def get_field(self, initiative_id: str, field: str) -> Any:
        return self._of(initiative_id).get_field(initiative_id, field)

    def set_field(self, initiative_id: str, field: str, value: object) -> None:
        self._of(initiative_id).set_field(initiative_id, field, value)

    def dependents_of(self, initiative_id: str) -> list[str]:
        return [key for document in self._all() for key in document.dependents_of(initiative_id)]

    def kpis(self, initiative_id: str) -> list[dict[str, Any]]:
        return self._of(initiative_id).kpis(initiative_id)

    def set_kpis(self, initiative_id: str, kpis: list[Mapping[str, Any]]) -> None:
        self._of(initiative_id).set_kpis(initiative_id, kpis)

    def set_plan_field(self, key: str, value: object) -> None:
        """The ``[plan]`` table is the main file's."""
        self.main.set_plan_field(key, value)

    def _check_unused(self, initiative_id: str) -> None:
        if initiative_id in self.initiative_ids():
            raise EditError(f"initiative {initiative_id!r} already exists")

    def add_initiative(
        self, initiative_id: str, fields: Mapping[str, object], after: str | None = None
    ) -> None:
        self._check_unused(initiative_id)
        self._of(after).add_initiative(initiative_id, fields, after)

    def duplicate_initiative(
        self, initiative_id: str, new_id: str, title: str | None = None
    ) -> None:
        self._check_unused(new_id)
        self._of(initiative_id).duplicate_initiative(initiative_id, new_id, title)
        if initiative_id in self.path_of:
            self.path_of[new_id] = self.path_of[initiative_id]

    def rename_initiative(self, old_id: str, new_id: str) -> list[str]:
        """Rename in the initiative's own file, then the references to it in every other."""
        if new_id == old_id:
            return []
        self._check_unused(new_id)
        owner = self._of(old_id)
        changed = owner.rename_initiative(old_id, new_id)
        if old_id in self.path_of:
            self.path_of[new_id] = self.path_of.pop(old_id)
        for document in self._all():
            if document is not owner:
                changed.extend(document.rename_references(old_id, new_id))
        return changed

    def delete_initiative(self, initiative_id: str, remove_dependents: bool = True) -> list[str]:
        owner = self._of(initiative_id)
        changed = owner.delete_initiative(initiative_id, remove_dependents)
        if remove_dependents:
            for document in self._all():
                if document is owner:
                    continue
                for dependent in document.dependents_of(initiative_id):
                    entries = document.get_field(dependent, "depends_on") or []
                    kept = [entry for entry in entries if ids_in([entry]) != [initiative_id]]
                    document.set_field(dependent, "depends_on", kept or None)
                    changed.append(dependent)
        return changed

    def file_texts(self, main_file: str) -> dict[str, str]:
        """The text of every file: the main plan under ``main_file``, then the included ones."""
        texts = {main_file: self.main.to_text()}
        texts.update({file: document.to_text() for file, document in self.parts.items()})
        return texts
