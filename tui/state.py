"""The plan being edited: document, validated models, analysis; kept current after each edit.

:class:`PlanState` is the TUI's model and has no Textual in it. It keeps one validated
:class:`~roadmap.model.Initiative` per id, so a field edit revalidates only the edited
initiative (through :func:`roadmap.loader.plan_from_data`) and then reruns the core's checks and
schedule (:func:`roadmap.analysis.analyze_plan`) on the assembled plan. The TOML text is parsed
again only for whole-initiative edits (add, duplicate, delete) and reloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from roadmap.analysis import Analysis, analyze_plan
from roadmap.editing import EditError, PlanDocument
from roadmap.graph import dependency_graph
from roadmap.loader import parse_plan, plan_from_data
from roadmap.model import Budget, Initiative, Plan, PlanSettings, Team
from roadmap.problems import Problem
from roadmap.schedule import ScheduledInitiative

__all__ = ["PlanState", "Row"]


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


class PlanState:
    """A plan file being edited, with its analysis always matching the document."""

    def __init__(self, text: str, file: str | None = None) -> None:
        self.file = file
        self.document: PlanDocument | None = None
        self.text = text
        self.settings: PlanSettings | None = None
        self.settings_data: dict[str, Any] = {}
        self.teams: dict[str, Team] = {}
        self.budget = Budget()
        self.models: dict[str, Initiative] = {}
        self.order: list[str] = []
        self.item_problems: dict[str, list[Problem]] = {}
        self.base_problems: list[Problem] = []
        self.analysis = Analysis(None, None, [])
        self.load_text(text)

    # -- loading ---------------------------------------------------------------------------

    def load_text(self, text: str, document: PlanDocument | None = None) -> None:
        """Read the whole text again (start, reload, undo of a whole-initiative edit).

        ``document`` is the already parsed document of ``text``, when the caller has it.
        """
        self.text = text
        loaded = parse_plan(text, file=self.file)
        initiatives = loaded.data.get("initiatives", {}) if loaded.data else {}
        self._loaded_initiatives: dict[str, Any] = (
            initiatives if isinstance(initiatives, dict) else {}
        )
        if document is not None and loaded.data:
            self.document = document
        else:
            # the text is valid TOML (tomllib read it): tomlkit's slower parse can wait
            self.document = PlanDocument(text, None) if loaded.data else None
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
        self.order = [str(key) for key in self._loaded_initiatives] or list(self.models)
        raw_settings = loaded.data.get("plan", {}) if loaded.data else {}
        self.settings_data = dict(raw_settings) if isinstance(raw_settings, dict) else {}
        self.analysis = analyze_plan(plan, loaded.problems)

    @property
    def editable(self) -> bool:
        return self.document is not None

    def current_text(self) -> str:
        return self.document.to_text() if self.document else self.text

    # -- edits -----------------------------------------------------------------------------

    def set_field(self, initiative_id: str, field: str, value: object) -> None:
        """Write one field and bring models and analysis up to date."""
        document = self._document()
        document.set_field(initiative_id, field, value)
        self.refresh_initiative(initiative_id)

    def refresh_initiative(self, initiative_id: str) -> None:
        """Revalidate one initiative from the document and rerun checks and schedule."""
        document = self._document()
        if self.settings is None:
            self.load_text(document.to_text())
            return
        raw = document.initiative_data(initiative_id)
        plan, problems = plan_from_data(
            {"plan": self.settings_data, "initiatives": {initiative_id: raw}}, file=self.file
        )
        model = plan.initiatives.get(initiative_id) if plan else None
        if model is None:
            self.models.pop(initiative_id, None)
        else:
            self.models[initiative_id] = model
        self.item_problems[initiative_id] = [p for p in problems if p.initiative == initiative_id]
        self.reanalyze()

    def reanalyze(self) -> None:
        """Check and schedule the plan assembled from the current models."""
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
        )
        self.analysis = analyze_plan(plan, self._all_problems())

    def _all_problems(self) -> list[Problem]:
        problems = list(self.base_problems)
        for key in self.order:
            problems.extend(self.item_problems.get(key, ()))
        return problems

    def replace_text(self, text: str) -> None:
        """Adopt a whole new text (after add/duplicate/delete, or to undo one)."""
        self.load_text(text)

    def _document(self) -> PlanDocument:
        if self.document is None:
            raise EditError("the plan is not valid TOML")
        return self.document

    # -- questions the screens ask ---------------------------------------------------------

    @property
    def plan(self) -> Plan | None:
        return self.analysis.plan

    def scheduled(self, initiative_id: str) -> ScheduledInitiative | None:
        schedule = self.analysis.schedule
        return schedule.initiatives.get(initiative_id) if schedule else None

    def problems_of(self, initiative_id: str) -> list[Problem]:
        return [p for p in self.analysis.problems if p.initiative == initiative_id]

    def row(self, initiative_id: str) -> Row:
        """The table row of one initiative (a broken one shows what the file says)."""
        model = self.models.get(initiative_id)
        item = self.scheduled(initiative_id)
        if model is None:
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

    def _raw(self, initiative_id: str) -> dict[str, Any]:
        return self.raw(initiative_id)

    def raw(self, initiative_id: str) -> dict[str, Any]:
        """What the file says for one initiative, as plain data ({} when unknown).

        Until the document's own parse is done, the data read at load answers (it is the same
        text); after that the document does.
        """
        if self.document is not None and self.document.is_parsed:
            if not self.document.has_initiative(initiative_id):
                return {}
            return self.document.initiative_data(initiative_id)
        value = self._loaded_initiatives.get(initiative_id, {})
        return value if isinstance(value, dict) else {}

    def owners(self) -> list[str]:
        """Every owner named in the plan, sorted."""
        return sorted({model.owner for model in self.models.values() if model.owner})

    def cycle_if_added(self, initiative_id: str, dependency_id: str) -> list[str] | None:
        """The cycle that ``initiative_id`` depending on ``dependency_id`` would close, if any.

        Edges run from a prerequisite to its dependent, so the new edge
        ``dependency -> initiative`` closes a cycle exactly when ``initiative`` already leads
        to ``dependency``.
        """
        if initiative_id == dependency_id:
            return [initiative_id, initiative_id]
        plan = self.plan
        if plan is None:
            return None
        graph = dependency_graph(plan, include_cancelled=True)
        if initiative_id not in graph or dependency_id not in graph:
            return None
        try:
            path: list[str] = nx.shortest_path(graph, initiative_id, dependency_id)
        except nx.NetworkXNoPath:
            return None
        return [*path, initiative_id]

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
        schedule = self.analysis.schedule
        return schedule.finish if schedule else None

    def finish_delta(self, since: dt.date | None) -> tuple[int, bool] | None:
        """How far the finish moved since ``since``: (days, counted in working days?)."""
        schedule = self.analysis.schedule
        if schedule is None or since is None:
            return None
        now = schedule.finish
        working = schedule.calendar.kind == "business"
        if working:
            first, last = sorted((since, now))
            days = max(0, schedule.calendar.working_days(first, last) - 1)
        else:
            days = abs((now - since).days)
        return (days if now >= since else -days), working


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
