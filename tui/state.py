"""The plan being edited: document, validated models, analysis; kept current after each edit.

:class:`PlanState` is the TUI's model and has no Textual in it. It keeps one validated
:class:`~roadmap.core.model.plan.Initiative` per id, so a field edit revalidates only the edited
initiative (through :func:`roadmap.core.planfile.loader.plan_from_data`) and then reruns the core's checks and
schedule (:func:`roadmap.core.analysis.pipeline.analyze_plan`) on the assembled plan. The TOML text is parsed
again only for whole-initiative edits (add, duplicate, delete) and reloads.

An unexpected error must not leave the plan half edited: :meth:`PlanState.begin` starts a
checkpoint (cheap: the state is copied only when something first changes), :meth:`rollback`
puts the plan back as it was then (without recomputing anything), :meth:`commit` forgets it.

A plan that includes other files (``[plan] include = [...]``, :mod:`roadmap.core.planfile.includes`) is
loaded as one multi-file plan by :func:`roadmap.core.planfile.multifile.load_plan_files`: every
initiative is shown, and a :class:`~roadmap.core.planfile.multifile.MultiFileDocument` routes
each field edit to the document of the file the initiative came from, so saving writes each
file back on its own (:meth:`PlanState.changed_files`). A whole-initiative edit (add, duplicate,
delete) works in the file of the initiative it starts from; the state then re-merges the
multi-file plan from the edited texts (:meth:`PlanState.load_files`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from roadmap.core.analysis.graph import would_create_cycle
from roadmap.core.analysis.incremental import IncrementalAnalyzer
from roadmap.core.analysis.pipeline import Analysis, analyze_plan
from roadmap.core.analysis.schedule import ScheduledInitiative
from roadmap.core.model.plan import Budget, Initiative, Plan, PlanSettings, Team
from roadmap.core.model.problems import Problem
from roadmap.core.planfile.document import EditError, PlanDocument
from roadmap.core.planfile.loader import parse_plan, plan_from_data
from roadmap.core.planfile.multifile import MultiFileDocument, has_includes, load_plan_files

__all__ = ["PlanState", "Row", "ids_matching"]


@dataclass(frozen=True)
class Row:
    """What the initiative table shows for one initiative, and the values it sorts by."""

    id: str
    title: str
    step: str | None
    owner: str
    duration: str
    start: dt.date | None
    finish: dt.date | None
    total_float: int | None
    critical: bool
    status: str
    progress: float
    late_by: int | None
    valid: bool
    tags: tuple[str, ...] = ()


@dataclass
class _Checkpoint:
    """How to put a :class:`PlanState` back: its attributes when it first changed, and the
    edits made in place on its documents since, each with the call that reverses it."""

    attributes: dict[str, Any] | None = None
    reverts: list[Callable[[], None]] = field(default_factory=list)


class _MadeRows:
    """The table rows made so far, by id (an object, so that checkpoints keep it as it is)."""

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows: dict[str, tuple[Initiative, ScheduledInitiative | None, Row]] = {}


def _copied(value: Any) -> Any:
    """A shallow copy of a container attribute (its items are never changed in place)."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


class PlanState:
    """A plan file being edited, with its analysis always matching the document."""

    def __init__(self, text: str, file: str | None = None) -> None:
        self._checkpoint: _Checkpoint | None = None
        self.file = file
        self.document: PlanDocument | None = None
        self.text = text
        self.settings: PlanSettings | None = None
        self.settings_data: dict[str, Any] = {}
        self.teams: dict[str, Team] = {}
        self.budget = Budget()
        self.models: dict[str, Initiative] = {}
        #: Initiatives that failed validation, rebuilt without their bad fields (link checks).
        self.salvaged: dict[str, Initiative] = {}
        self.order: list[str] = []
        self.item_problems: dict[str, list[Problem]] = {}
        self.base_problems: list[Problem] = []
        self.analysis = Analysis(None, None, [])
        self.load_text(text)

    # -- loading ---------------------------------------------------------------------------

    def load_text(
        self,
        text: str,
        document: PlanDocument | None = None,
        included: Mapping[str, str] | None = None,
    ) -> None:
        """Read the whole text again (start, reload, undo of a whole-initiative edit).

        ``document`` is the already parsed document of ``text``, when the caller has it.
        In a multi-file plan, ``included`` are the included files' texts as edited here (by file
        name); without it they are read from disk, and what was read counts as saved.
        """
        self._changing()
        self.text = text
        loaded = parse_plan(text, file=self.file)
        self.parts: dict[str, PlanDocument] = {}
        self.path_of: dict[str, str] = {}
        if loaded.data and self.file is not None and has_includes(loaded.data):
            loaded, texts = load_plan_files(self.file, text, included or {})
            self.path_of = {key: file for key, (file, _lines) in loaded.sources.items()}
            self.parts = {file: PlanDocument(body, None) for file, body in texts.items()}
            document = None
        initiatives = loaded.data.get("initiatives", {}) if loaded.data else {}
        if document is not None and loaded.data:
            self.document = document
        elif self.parts and loaded.data:
            main = PlanDocument(text, None)
            self.document = MultiFileDocument(main, self.parts, self.path_of)
        else:
            # the text is valid TOML (tomllib read it): tomlkit's slower parse can wait
            self.document = PlanDocument.unparsed(text, loaded.data) if loaded.data else None
        if included is None:
            self.saved_texts: dict[str, str] = {self.file or "": text}
            self.saved_texts.update({file: part.to_text() for file, part in self.parts.items()})
        self.base_problems = []
        self.item_problems = {}
        for problem in loaded.problems:
            if problem.initiative is not None:
                self.item_problems.setdefault(problem.initiative, []).append(problem)
            else:
                self.base_problems.append(problem)
        plan = loaded.plan
        self.settings = plan.plan if plan else None
        self.teams = dict(plan.teams) if plan else {}
        self.budget = plan.budget if plan else Budget()
        self.models = dict(plan.initiatives) if plan else {}
        self.salvaged = dict(plan.salvaged) if plan else {}
        written = initiatives if isinstance(initiatives, dict) else {}
        self.order = [str(key) for key in written] or list(self.models)
        raw_settings = loaded.data.get("plan", {}) if loaded.data else {}
        self.settings_data = dict(raw_settings) if isinstance(raw_settings, dict) else {}
        self.analysis = self._analyzer().analyze(plan, loaded.problems)

    @property
    def editable(self) -> bool:
        return self.document is not None

    def current_text(self) -> str:
        """The main file's text as edited (in a multi-file plan: without the included files)."""
        return self.document.to_text() if self.document else self.text

    @property
    def multi_file(self) -> bool:
        """Whether the plan includes other files whose initiatives are shown and edited here."""
        return bool(self.parts)

    def file_of(self, initiative_id: str) -> str | None:
        """The file an initiative is written in (the main plan unless it was included)."""
        return self.path_of.get(initiative_id, self.file)

    def file_texts(self) -> dict[str, str]:
        """The text of every file of the plan as edited: the main plan first, then the
        included files in load order."""
        if isinstance(self.document, MultiFileDocument):
            return self.document.file_texts(self.file or "")
        return {self.file or "": self.current_text()}

    def load_files(self, texts: Mapping[str, str]) -> None:
        """Adopt the texts of every file (undo and redo of a whole-initiative edit)."""
        main = self.file or ""
        self.load_text(texts[main], included={k: v for k, v in texts.items() if k != main})

    def changed_files(self) -> list[tuple[str, str]]:
        """(file, text) of every file of the plan whose text differs from what is on disk."""
        return [
            (file, body)
            for file, body in self.file_texts().items()
            if self.saved_texts.get(file) != body
        ]

    def mark_saved(self, file: str, text: str) -> None:
        """``text`` is now what ``file`` holds on disk."""
        self._changing()
        self.saved_texts[file] = text

    # -- checkpoints -----------------------------------------------------------------------

    def begin(self) -> None:
        """Start a checkpoint: :meth:`rollback` will put the plan back as it is now."""
        self._checkpoint = _Checkpoint()

    def commit(self) -> None:
        """Keep what was done since :meth:`begin`."""
        self._checkpoint = None

    def rollback(self) -> bool:
        """Put the plan back as it was at :meth:`begin`; whether anything had changed.

        Nothing is recomputed: the models and analysis of that moment come back as they were.
        """
        checkpoint, self._checkpoint = self._checkpoint, None
        if checkpoint is None or checkpoint.attributes is None:
            return False
        vars(self).update(checkpoint.attributes)
        for revert in reversed(checkpoint.reverts):
            revert()
        return True

    def _changing(self) -> None:
        """Something is about to change: remember the state first, if a checkpoint is open."""
        checkpoint = self._checkpoint
        if checkpoint is not None and checkpoint.attributes is None:
            checkpoint.attributes = {
                key: _copied(value) for key, value in vars(self).items() if key != "_checkpoint"
            }

    def _adopt_texts(self, texts: Mapping[str, str]) -> None:
        """Make the documents hold ``texts`` again (by file name), leaving the models alone."""
        main = texts[self.file or ""]
        if self.parts:
            self.parts = {
                file: PlanDocument(body, None)
                for file, body in texts.items()
                if file != (self.file or "")
            }
            self.document = MultiFileDocument(PlanDocument(main, None), self.parts, self.path_of)
        else:
            self.document = PlanDocument(main, None)

    # -- edits -----------------------------------------------------------------------------

    def set_field(self, initiative_id: str, field: str, value: object) -> None:
        """Write one field and bring models and analysis up to date."""
        document = self._document()
        self._changing()
        if self._checkpoint is not None:
            self._checkpoint.reverts.append(self._field_revert(document, initiative_id, field))
        document.set_field(initiative_id, field, value)
        self.refresh_initiative(initiative_id)

    def _field_revert(
        self, document: PlanDocument, initiative_id: str, field: str
    ) -> Callable[[], None]:
        """The call that undoes setting ``field``: its old value written back or, when the edit
        creates a sub-table (a first ``cost.*``), the text as it is now (rare, and slower)."""
        parts = field.split(".")
        creates_table = any(
            document.get_field(initiative_id, ".".join(parts[:depth])) is None
            for depth in range(1, len(parts))
        )
        if creates_table:
            texts = self.file_texts()
            return lambda: self._adopt_texts(texts)
        before = document.get_field(initiative_id, field)
        return lambda: document.set_field(initiative_id, field, before)

    def restructure(
        self, change: Callable[[PlanDocument], None]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Run a whole-initiative edit on the document, then read the plan again from it.

        ``change`` edits the document in place (add, duplicate, delete, KPIs, ``[plan]``
        keys). Returns the text of every file before and after. When ``change`` raises
        :class:`EditError` the documents are put back as they were and the error raised.
        """
        document = self._document()
        before = self.file_texts()
        self._changing()
        if self._checkpoint is not None:
            self._checkpoint.reverts.append(lambda: self._adopt_texts(before))
        try:
            change(document)
        except EditError:
            self._adopt_texts(before)
            raise
        after = self.file_texts()
        if self.multi_file:
            self.load_files(after)
        else:
            self.load_text(after[self.file or ""], document)
        return before, after

    def refresh_initiative(self, initiative_id: str) -> None:
        """Revalidate one initiative from the document and rerun checks and schedule."""
        document = self._document()
        self._changing()
        if self.settings is None:
            if self.multi_file:
                self.load_files(self.file_texts())
            else:
                self.load_text(document.to_text())
            return
        raw = document.initiative_data(initiative_id)
        plan, problems = plan_from_data(
            {"plan": self.settings_data, "initiatives": {initiative_id: raw}},
            file=self.file_of(initiative_id),
        )
        model = plan.initiatives.get(initiative_id) if plan else None
        rebuilt = plan.salvaged.get(initiative_id) if plan else None
        if model is None:
            self.models.pop(initiative_id, None)
        else:
            self.models[initiative_id] = model
        if rebuilt is None:
            self.salvaged.pop(initiative_id, None)
        else:
            self.salvaged[initiative_id] = rebuilt
        self.item_problems[initiative_id] = [p for p in problems if p.initiative == initiative_id]
        self.reanalyze()

    def reanalyze(self) -> None:
        """Check and schedule the plan assembled from the current models."""
        self._changing()
        if self.settings is None:
            self.analysis = analyze_plan(None, self._all_problems())
            return
        initiatives = {key: self.models[key] for key in self.order if key in self.models}
        plan = Plan.model_construct(
            plan=self.settings,
            initiatives=initiatives,
            teams=self.teams,
            budget=self.budget,
            invalid_ids=frozenset(key for key in self.order if key not in self.models),
            salvaged={key: self.salvaged[key] for key in self.order if key in self.salvaged},
        )
        self.analysis = self._analyzer().analyze(plan, self._all_problems())

    def warm(self) -> None:
        """Make ready, while the user reads the screen, what the next edit would otherwise
        make first (:meth:`IncrementalAnalyzer.warm`)."""
        self._analyzer().warm()

    def _analyzer(self) -> IncrementalAnalyzer:
        """The analyzer that redoes only what an edit reaches (kept across checkpoints: it
        finds what changed since its last call by itself)."""
        analyzer: IncrementalAnalyzer | None = self.__dict__.get("_incremental")
        if analyzer is None:
            analyzer = self.__dict__["_incremental"] = IncrementalAnalyzer()
        return analyzer

    def _all_problems(self) -> list[Problem]:
        problems = list(self.base_problems)
        for key in self.order:
            problems.extend(self.item_problems.get(key, ()))
        return problems

    def _document(self) -> PlanDocument:
        if self.document is None:
            raise EditError("the plan is not valid TOML")
        return self.document

    # -- questions the screens ask ---------------------------------------------------------

    @property
    def plan(self) -> Plan | None:
        return self.analysis.plan

    def scheduled(self, initiative_id: str) -> ScheduledInitiative | None:
        """The computed dates of an initiative; ``None`` for a member of a dependency cycle,
        which cannot be scheduled (the scheduler's dates for it would mislead)."""
        schedule = self.analysis.schedule
        if schedule is None or initiative_id in self.cycle_members:
            return None
        return schedule.initiatives.get(initiative_id)

    @property
    def cycle_members(self) -> frozenset[str]:
        """The ids in a dependency cycle (from the checks' ``dependency-cycle`` problems)."""
        cached: tuple[Analysis, frozenset[str]] | None = self.__dict__.get("_cycle_members")
        if cached is not None and cached[0] is self.analysis:
            return cached[1]
        members = frozenset(
            str(member)
            for problem in self.analysis.problems
            if problem.code == "dependency-cycle"
            for member in (problem.args or {}).get("ids", ())
        )
        self.__dict__["_cycle_members"] = (self.analysis, members)
        return members

    def problems_of(self, initiative_id: str) -> list[Problem]:
        return [p for p in self.analysis.problems if p.initiative == initiative_id]

    def row(self, initiative_id: str) -> Row:
        """The table row of one initiative (a broken one shows what the file says).

        A valid initiative's row is made from its model and its scheduled item alone, so the
        row made last time is given again while both are the same objects: an edit rebuilds
        the edited model and the items whose dates moved, and only their rows are made anew.
        """
        model = self.models.get(initiative_id)
        item = self.scheduled(initiative_id)
        if model is not None:
            made_rows = self._made_rows()
            made = made_rows.get(initiative_id)
            if made is not None and made[0] is model and made[1] is item:
                return made[2]
            row = _valid_row(initiative_id, model, item)
            made_rows[initiative_id] = (model, item, row)
            return row
        raw = self._raw(initiative_id)
        return Row(
            id=initiative_id,
            title=str(raw.get("title", "")),
            step=None,
            owner=str(raw.get("owner", "")),
            duration=str(raw.get("duration", "")),
            start=None,
            finish=None,
            total_float=None,
            critical=False,
            status=str(raw.get("status", "planned")),
            progress=0,
            late_by=None,
            valid=False,
        )

    def rows(self) -> list[Row]:
        """The table row of every initiative, in file order (:meth:`row` for each, faster)."""
        schedule = self.analysis.schedule
        items = schedule.initiatives if schedule is not None else {}
        cycle = self.cycle_members
        models = self.models
        made_rows = self._made_rows()
        rows: list[Row] = []
        for initiative_id in self.order:
            model = models.get(initiative_id)
            if model is None:
                rows.append(self.row(initiative_id))
                continue
            item = None if initiative_id in cycle else items.get(initiative_id)
            made = made_rows.get(initiative_id)
            if made is not None and made[0] is model:
                if made[1] is item:
                    rows.append(made[2])
                    continue
                if item is not None and made[1] is not None:
                    # the same model, other dates: only the scheduled fields can differ
                    row = _rescheduled(made[2], item)
                    made_rows[initiative_id] = (model, item, row)
                    rows.append(row)
                    continue
            row = _valid_row(initiative_id, model, item)
            made_rows[initiative_id] = (model, item, row)
            rows.append(row)
        return rows

    def _made_rows(self) -> dict[str, tuple[Initiative, ScheduledInitiative | None, Row]]:
        """The rows made so far, with the model and item each was made from (kept by
        reference, not in the checkpoints: every entry is checked against both objects)."""
        made = self.__dict__.get("_rows_made")
        if made is None:
            made = self.__dict__["_rows_made"] = _MadeRows()
        return made.rows

    def _raw(self, initiative_id: str) -> dict[str, Any]:
        return self.raw(initiative_id)

    def raw(self, initiative_id: str) -> dict[str, Any]:
        """What the file says for one initiative, as plain data ({} when unknown, or when the
        text is not TOML and there is no document).

        The document answers, parsed or not (before its parse, from the data read at load
        or at its last edit).
        """
        document = self.document
        if document is None or not document.has_initiative(initiative_id):
            return {}
        return document.initiative_data(initiative_id)

    def owners(self) -> list[str]:
        """Every owner named in the plan, sorted."""
        return sorted({model.owner for model in self.models.values() if model.owner})

    def cycle_if_added(self, initiative_id: str, dependency_id: str) -> list[str] | None:
        """The cycle that ``initiative_id`` depending on ``dependency_id`` would close, if any
        (:func:`roadmap.core.analysis.graph.would_create_cycle`)."""
        if initiative_id == dependency_id:
            return [initiative_id, initiative_id]
        plan = self.plan
        if plan is None:
            return None
        return would_create_cycle(plan, initiative_id, [dependency_id])

    def new_id(self, base: str) -> str:
        """An unused id built from ``base`` (``base``, ``base-2``, ``base-3``...)."""
        existing = set(self.order)
        if base not in existing:
            return base
        number = 2
        while f"{base}-{number}" in existing:
            number += 1
        return f"{base}-{number}"

    def finish(self) -> dt.date | None:
        """The plan's finish; with a dependency cycle, the last finish of what can be
        scheduled (the scheduler's dates for the cycle's members would mislead)."""
        schedule = self.analysis.schedule
        if schedule is None:
            return None
        cycle = self.cycle_members
        if not cycle:
            return schedule.finish
        return max(
            (item.early_finish for key, item in schedule.initiatives.items() if key not in cycle),
            default=None,
        )

    def finish_delta(self, since: dt.date | None) -> tuple[int, bool] | None:
        """How far the finish moved since ``since``: (days, counted in working days?)."""
        schedule = self.analysis.schedule
        now = self.finish()
        if schedule is None or since is None or now is None:
            return None
        working = schedule.calendar.kind == "business"
        if working:
            first, last = sorted((since, now))
            days = max(0, schedule.calendar.working_days(first, last) - 1)
        else:
            days = abs((now - since).days)
        return (days if now >= since else -days), working


def _valid_row(initiative_id: str, model: Initiative, item: ScheduledInitiative | None) -> Row:
    """The table row of a valid initiative, from its model and its scheduled item."""
    return Row(
        id=initiative_id,
        title=model.title,
        step=model.step.value if model.step else None,
        owner=model.owner or "",
        duration=str(model.planned_duration),
        start=item.start if item else None,
        finish=item.finish if item else None,
        total_float=item.total_float if item else None,
        critical=item.critical if item else False,
        status=model.status.value,
        progress=model.progress,
        late_by=item.late_by if item else None,
        valid=True,
        tags=tuple(model.tags),
    )


def _rescheduled(row: Row, item: ScheduledInitiative) -> Row:
    """``row`` with the scheduled fields of ``item`` (the same row when they are the same).

    When an edit moves the project finish, the float of most rows changes: the new row is a
    copy of the old one's fields with those of ``item`` (a few times faster than the frozen
    dataclass's ``__init__``, which sets each field through ``object.__setattr__``).
    """
    start, finish, total_float = item.start, item.finish, item.total_float
    critical, late_by = item.critical, item.late_by
    if (
        row.total_float == total_float
        and row.critical == critical
        and row.start == start
        and row.finish == finish
        and row.late_by == late_by
    ):
        return row
    made: Row = object.__new__(Row)
    values = made.__dict__
    values.update(row.__dict__)
    values["start"] = start
    values["finish"] = finish
    values["total_float"] = total_float
    values["critical"] = critical
    values["late_by"] = late_by
    return made


def ids_matching(rows: Iterable[Row], text: str) -> list[str]:
    """Ids of rows whose id, title, owner or tags contain ``text`` (case-insensitive)."""
    needle = text.casefold().strip()
    return [
        row.id
        for row in rows
        if not needle
        or needle in row.id.casefold()
        or needle in row.title.casefold()
        or needle in row.owner.casefold()
        or any(needle in tag.casefold() for tag in row.tags)
    ]
