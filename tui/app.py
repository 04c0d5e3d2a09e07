"""The roadmap editor app: it owns the plan being edited and keeps every view in step with it.

State lives here and only here: the :class:`~tui.state.PlanState` (document, models, analysis),
the undo/redo :class:`~tui.history.History`, the file's state at load (to detect changes on
disk), the finish date at the last save (for the status bar), the filters, sort and selection.
Widgets show what the app gives them and post messages; the app applies edits, recomputes
through the core, and refreshes the table, Gantt chart, problems, form and status bar, and the
phases, budget, staffing and KPI tabs while on show. The risk simulation runs only on demand
(``r`` on the risk tab); every edit marks its result stale.

The editor never loses work. Every handler runs guarded (:mod:`tui.safety`): an unexpected error
puts the plan back as it was before that action and says what failed, and the editor goes on.
If the app stops anyway (an error inside Textual's own drawing), the unsaved text is written to
a recovery file beside the plan (:mod:`tui.recovery`), which the next start offers to restore.
ctrl+s and ctrl+q first apply what is typed in the form (or point at a value that cannot be
read); while a field holds text not yet applied, the plan shows as unsaved.

The plan file is watched while open (:meth:`RoadmapApp.check_disk`). A change on disk (a ``git
pull``, a colleague's save) is merged with the edits made here, field by field, by
:mod:`roadmap.core.planfile.merge`: what changed on one side only is merged at once, what both
sides changed is chosen in the merge screen (:mod:`tui.screens.merge`, ctrl+r); a merge is one
undoable step, and afterwards the file on disk is the base a save checks against.

A baseline (``roadmap edit PLAN --baseline REV``) is the analysis of the plan at a git revision,
drawn thin beside each Gantt bar. A plan with ``include = [...]`` is edited as one multi-file plan and
saved back file by file (only the files whose text changed are written).

Why one module of this size: the app owns the plan being edited and every action on it (edit,
undo, save, export, recovery, tabs); it calls the core for every computation, and screens and
widgets only present.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import gc
import os
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.content import Content
from textual.widgets import Input, TabbedContent
from textual.worker import Worker, WorkerState

from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.i18n import Lang, as_lang, has_text, text
from roadmap.core.model.problems import Problem
from roadmap.core.planfile.document import ConflictError, EditError, save_plan
from roadmap.core.planfile.fileio import FileState
from roadmap.core.planfile.merge import (
    MergeError,
    MergeResult,
    Side,
    merge_plan,
    operations_between,
)
from roadmap.core.planfile.multifile import save_changed_files
from tui.bindings import LocalizedBindings, binding_rows
from tui.history import FieldEdit, History, ReloadEdit, TextEdit
from tui.palette import ACTIONS, RoadmapCommands
from tui.recovery import find_recovery, recovery_path, remove_recovery, write_recovery
from tui.safety import SafeHandlers, guarded
from tui.screens.dialogs import ChoiceDialog, IdDialog, PathDialog
from tui.screens.help import HelpScreen
from tui.screens.main import REPORT_TABS, MainScreen
from tui.screens.merge import MergeScreen
from tui.screens.new_plan import NewPlanScreen
from tui.state import PlanState
from tui.widgets.budget_view import BudgetView
from tui.widgets.detail_form import DetailForm
from tui.widgets.filter_bar import FilterBar
from tui.widgets.gantt import GanttView
from tui.widgets.initiative_table import Filters, InitiativeTable, select_rows
from tui.widgets.kpi_view import KpiView
from tui.widgets.phases import PhaseView
from tui.widgets.problems_panel import ProblemsPanel
from tui.widgets.risk_panel import RiskPanel
from tui.widgets.staffing_view import StaffingView
from tui.widgets.status_bar import StatusBar

__all__ = ["RoadmapApp"]


@dataclasses.dataclass(frozen=True)
class FilesEdit(TextEdit):
    """A whole-initiative edit in a multi-file plan: the text of every file before and after it."""

    before_files: Mapping[str, str] = dataclasses.field(default_factory=dict)
    after_files: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class FilesReloadEdit(FilesEdit):
    """A multi-file plan read again from disk (its edits dropped): undoing it brings back the
    texts as edited and the files they were edited against (``*_saved``: the texts on disk,
    ``*_states``: their :class:`FileState`, by file name)."""

    before_saved: Mapping[str, str] = dataclasses.field(default_factory=dict)
    after_saved: Mapping[str, str] = dataclasses.field(default_factory=dict)
    before_states: Mapping[str, FileState | None] = dataclasses.field(default_factory=dict)
    after_states: Mapping[str, FileState | None] = dataclasses.field(default_factory=dict)


#: The tabs whose view is redrawn from the analysis after each edit while on show.
_REPORT_TABS = {"tab-budget": "#budget", "tab-staffing": "#staffing", "tab-kpi": "#kpi"}

#: The widget a tab focuses when it is shown.
_TAB_FOCUS = {
    "tab-table": "#table",
    "tab-gantt": "#gantt",
    "tab-problems": "#problems",
    "tab-kpi": "#kpi DataTable",
    "tab-risk": "#risk-run",
}

#: How many guarded handlers are running in this task (only the outermost one checkpoints).
_GUARD_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("guard_depth", default=0)

#: How often (seconds) the plan file is looked at for a change on disk.
WATCH_INTERVAL = 2.0

#: What the status bar says of the file on disk (see :attr:`RoadmapApp.disk_notice`).
DiskNotice = Literal["changed", "merged"] | None

#: Severity of a notification, as Textual names it.
Severity = Literal["information", "warning", "error"]


@dataclasses.dataclass(frozen=True)
class _Checkpoint:
    """What the app puts back when a handler fails (the plan state rolls back on its own)."""

    state: PlanState
    history: Any
    selected: str | None
    unsaved_new: bool
    loaded_state: FileState | None
    file_states: dict[str, FileState | None]
    saved_finish: dt.date | None
    disk_notice: DiskNotice
    filters: Filters
    sort: tuple[str | None, bool]
    title: str


class RoadmapApp(SafeHandlers, LocalizedBindings, App[None]):
    """``roadmap edit PLAN``: view, edit and save a plan with live critical-path updates."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "dx-roadmap"
    #: Only the editor's own commands: Textual's system commands are labelled in English.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {RoadmapCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", id="help", key_display="f1/?"),
        # declared here, so the footer labels it from the catalogue (not Textual's "palette")
        Binding("ctrl+p", "command_palette", "Commands", id="palette", priority=True, show=False),
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("ctrl+z", "undo", "Undo", id="undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", id="redo", priority=True),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("k", "edit_kpis", "KPIs", id="edit_kpis", show=False),
        Binding("ctrl+e", "plan_settings", "Plan settings", id="plan_settings", show=False),
    ]

    def __init__(
        self,
        path: str | Path,
        lang: Lang = "ja",
        *,
        create: bool = False,
        baseline: Analysis | None = None,
        baseline_label: str | None = None,
        baseline_date: dt.date | None = None,
    ) -> None:
        """``baseline`` is the plan at another revision (``--baseline REV``), drawn thin in the
        Gantt chart beside each current bar; ``baseline_label`` names that revision."""
        super().__init__()
        self.path = Path(path)
        self.baseline = baseline
        self.baseline_label = baseline_label
        #: The commit date of the baseline revision, named in exported comparisons.
        self.baseline_date = baseline_date
        self.lang: Lang = lang
        self.create_new = create
        self.history = History()
        self.filters = Filters()
        self.sort: tuple[str | None, bool] = (None, False)
        self.selected: str | None = None
        self.loaded_state: FileState | None = None
        self.saved_finish: dt.date | None = None
        self.unsaved_new = False
        #: The state at load of each included file of a multi-file plan (the main file: loaded_state).
        self.file_states: dict[str, FileState | None] = {}
        #: Exports running in worker threads, each set when its file is written (or failed).
        self._exports: list[threading.Event] = []
        #: The last notifications shown (severity, message), newest last.
        self.messages: deque[tuple[str, str]] = deque(maxlen=50)
        #: The recovery files written when the app stopped on an error.
        self.recovered_to: list[Path] = []
        self._main_shown = False
        #: What the status bar says of the file on disk: ``"changed"`` (not merged yet, ctrl+r)
        #: or ``"merged"`` (a change on disk was merged in), else ``None``.
        self.disk_notice: DiskNotice = None
        #: (modification time, size) of the file when last looked at (:meth:`check_disk`).
        self._disk_seen: dict[str, tuple[int, int] | None] = {}
        self.state = self._load()

    @classmethod
    def lang_argument(cls, args: tuple[Any, ...]) -> Lang:
        """``RoadmapApp(path, lang)``: the bindings are labelled in ``lang``."""
        return as_lang(args[1] if len(args) > 1 else None)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Severity = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification; its text is always shown as written (plan text is not markup)."""
        self.messages.append((severity, message))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- loading ---------------------------------------------------------------------------

    def _load(self) -> PlanState:
        """Read the plan from disk (an empty plan when the file does not exist yet)."""
        from roadmap.core.planfile.loader import PlanIOError, read_plan_bytes
        from roadmap.core.planfile.source import decode_plan_bytes

        try:
            data = read_plan_bytes(self.path)
        except PlanIOError:
            self.loaded_state = None
            state = PlanState("", file=str(self.path))
            return state
        decoded, problems = decode_plan_bytes(data, str(self.path))
        state = PlanState(decoded or "", file=str(self.path))
        if decoded is None:
            state.base_problems = problems
            state.reanalyze()
        self.loaded_state = FileState.of(self.path)
        self.file_states = {file: FileState.of(file) for file in state.parts}
        for file, file_state in self._file_states().items():
            self._saw_disk(file, file_state)
        self.saved_finish = state.finish()
        self.selected = state.order[0] if state.order else None
        return state

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.lang, self.state.owners())

    def on_mount(self) -> None:
        self.title = self._title()

    def main_ready(self) -> None:
        """The main screen is composed: fill it, offer to restore unsaved edits of a session that
        stopped on an error, and offer a new plan when there is no file."""
        gc.freeze()  # the loaded plan lives long: keep it out of the collector's full passes
        self._main_shown = True
        if self.baseline is not None:
            label = text("tui.tab.gantt_baseline", self.lang, label=self.baseline_label or "")
            tab = self.main.query_one("#views", TabbedContent).get_tab("tab-gantt")
            tab.label = Content(label)  # a revision name is not markup
        self.refresh_views()
        # after the first paint: the parse holds the interpreter's lock for most of its
        # seconds at thousands of initiatives, and would slow the paint by about as much
        self.call_after_refresh(self.parse_in_background)
        self.table.focus()
        self.set_interval(WATCH_INTERVAL, guarded(self, "tui.binding.reload", self.check_disk))
        if self.state.multi_file:
            count = len(self.state.parts) + 1
            self.notify(text("tui.files.opened", self.lang, count=count), timeout=6)
        if not self._offer_recovery():
            self._offer_new_plan()

    def _offer_new_plan(self) -> None:
        if self.create_new or not self.path.exists():
            self.push_screen(
                NewPlanScreen(str(self.path), self.lang),
                guarded(self, "tui.new.create", self._created),
            )

    # -- recovery after an error ------------------------------------------------------------

    def _offer_recovery(self) -> bool:
        """Ask to restore, discard or keep (and quit) the unsaved edits of a session that stopped
        on an error; whether there were any."""
        found = find_recovery(self.state.file_texts())
        if not found:
            return False
        lang = self.lang
        written = [recovery_path(file) for file in found]
        body = text("tui.recover.body", lang, files="\n".join(f"  {path}" for path in written))
        with contextlib.suppress(OSError):
            if any(
                Path(file).stat().st_mtime > recovery_path(file).stat().st_mtime
                for file in found
                if Path(file).exists()
            ):
                body += "\n" + text("tui.recover.newer", lang)
        dialog = ChoiceDialog(
            text("tui.recover.title", lang, path=self.path),
            [
                ("restore", text("tui.recover.restore", lang), "primary"),
                ("discard", text("tui.recover.discard", lang), "error"),
                ("cancel", text("tui.recover.cancel", lang), "default"),
            ],
            body,
            id="confirm-recover",
        )

        def answered(choice: str | None) -> None:
            if choice == "restore":
                self.restore_recovery(found)
            elif choice == "discard":
                remove_recovery(found)
                self.notify(text("tui.recover.discarded", lang))
                self._offer_new_plan()
            else:
                self.exit()

        self.push_screen(dialog, guarded(self, "tui.recover.restore", answered))
        return True

    def restore_recovery(self, found: Mapping[str, str]) -> None:
        """Show the recovered texts as one unsaved edit (undo goes back to the files on disk)."""
        state = self.state
        before = state.file_texts()
        after = {**before, **found}
        main = state.file or ""
        selected = self.selected
        edit: TextEdit
        if len(after) > 1:
            state.load_files(after)
            edit = FilesEdit(
                "recover",
                before[main],
                after[main],
                selected,
                selected,
                before_files=before,
                after_files=after,
            )
        else:
            state.load_text(after[main])
            edit = TextEdit("recover", before[main], after[main], selected, selected)
        if not self.path.exists():
            self.unsaved_new = True
        self.history.push(edit)
        self.parse_in_background()
        self.title = self._title()
        self.refresh_views()
        self.notify(text("tui.recover.restored", self.lang), timeout=8)

    def unsaved_texts(self) -> dict[str, str]:
        """The text of each plan file whose edits are not saved (what a recovery file keeps)."""
        state = self.state
        main = state.file or str(self.path)
        if state.multi_file:
            texts = dict(state.changed_files())
            if self.unsaved_new:
                texts[main] = state.current_text()
            return texts if self.edited else {}
        return {main: state.current_text()} if self.edited else {}

    def write_recovery(self) -> list[Path]:
        """Write the unsaved text of every changed plan file beside it (see :mod:`tui.recovery`)."""
        try:
            texts = self.unsaved_texts()
        except Exception:  # the plan state itself is broken: keep what the last load read
            texts = {}
        self.recovered_to = write_recovery(texts) if texts else []
        return self.recovered_to

    def on_unmount(self) -> None:
        """The app stops: after an error Textual could not survive, keep the unsaved edits."""
        if self.return_code not in (None, 0):
            self.write_recovery()
        for done in self._exports:  # a report being written is finished, not cut off
            done.wait(timeout=60)

    # -- guarded handlers --------------------------------------------------------------------

    @contextlib.contextmanager
    def guarded(self, what: str, args: tuple[Any, ...]) -> Iterator[None]:
        """Run one handler: if it raises, the plan goes back to how it was before, and a
        notification says what failed. Nested handlers report through the outermost one."""
        depth = _GUARD_DEPTH.get()
        token = _GUARD_DEPTH.set(depth + 1)
        if depth:
            try:
                yield
            finally:
                _GUARD_DEPTH.reset(token)
            return
        checkpoint = self._checkpoint()
        try:
            yield
        except SkipAction:
            checkpoint.state.commit()
            raise
        except Exception as error:
            self._failed(what, args, error, checkpoint)
        else:
            checkpoint.state.commit()
            self.state.commit()
        finally:
            _GUARD_DEPTH.reset(token)

    def _checkpoint(self) -> _Checkpoint:
        state = self.state
        state.begin()
        return _Checkpoint(
            state=state,
            history=self.history.snapshot(),
            selected=self.selected,
            unsaved_new=self.unsaved_new,
            loaded_state=self.loaded_state,
            file_states=dict(self.file_states),
            saved_finish=self.saved_finish,
            disk_notice=self.disk_notice,
            filters=self.filters,
            sort=self.sort,
            title=self.title,
        )

    def _failed(
        self, what: str, args: tuple[Any, ...], error: Exception, checkpoint: _Checkpoint
    ) -> None:
        """A handler raised: put the plan back, redraw, and say what failed."""
        self.log.error("".join(traceback.format_exception(error)))
        lang = self.lang
        summary = f"{type(error).__name__}: {error}"
        message = text("tui.failed", lang, action=self._describe(what, args), error=summary)
        try:
            self._restore(checkpoint)
        except Exception as second:
            self.log.error("".join(traceback.format_exception(second)))
            self.notify(message, severity="error", timeout=15)
            failure = f"{type(second).__name__}: {second}"
            self.notify(text("tui.failed.rollback", lang, error=failure), severity="error")
            return
        self.notify(message, severity="error", timeout=15)
        if self._main_shown:
            try:
                self.table.forget()
                self.refresh_views()
            except Exception as third:  # the views cannot show it: the plan itself is fine
                self.log.error("".join(traceback.format_exception(third)))

    def _restore(self, checkpoint: _Checkpoint) -> None:
        self.state = checkpoint.state
        if self.state.rollback():
            self.parse_in_background()
        self.history.restore(checkpoint.history)
        self.selected = checkpoint.selected
        self.unsaved_new = checkpoint.unsaved_new
        self.loaded_state = checkpoint.loaded_state
        self.file_states = dict(checkpoint.file_states)
        self.saved_finish = checkpoint.saved_finish
        self.disk_notice = checkpoint.disk_notice
        self.filters = checkpoint.filters
        self.sort = checkpoint.sort
        self.title = checkpoint.title

    def _describe(self, what: str, args: tuple[Any, ...]) -> str:
        """What the user was doing, in words: the action's label, or the field being changed."""
        lang = self.lang
        if has_text(what):
            return text(what, lang, count="").strip()
        if what.startswith("action_"):
            action = what.removeprefix("action_")
            for name, label, _key in ACTIONS:
                if name.split("(", 1)[0] == action:
                    return text(label, lang, count="").strip()
        if what == "on_detail_form_field_changed" and args:
            from tui.widgets.detail_form import form_label

            field = str(getattr(args[0], "field", ""))
            return text("tui.failed.field", lang, field=form_label(field, lang))
        return text("tui.failed.handler", lang, name=what)

    def _created(self, new_text: str | None) -> None:
        if new_text is None:
            self.exit()
            return
        self.state.load_text(new_text)
        self.unsaved_new = True
        self.parse_in_background()
        self.saved_finish = self.state.finish()
        self.selected = self.state.order[0] if self.state.order else None
        self.refresh_views()

    def parse_in_background(self) -> None:
        """Do the document's comment-keeping parse in a thread, before the first edit needs it."""
        document = self.state.document
        if document is not None:
            self.run_worker(document.ensure_parsed, thread=True, group="parse", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """After the background parse, move the new document out of the collector's way: a
        full collection over it costs 60-90 ms at 2,000 initiatives, on some edit or other."""
        if event.worker.group == "parse" and event.state is WorkerState.SUCCESS:
            gc.freeze()
        if event.worker.group == "export" and event.state in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            self._export_finished(event.worker)

    def _title(self) -> str:
        settings = self.state.settings
        return f"{settings.title} - {self.path.name}" if settings else self.path.name

    # -- widgets ---------------------------------------------------------------------------

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0] if self.screen_stack else self.screen
        assert isinstance(screen, MainScreen)
        return screen

    @property
    def table(self) -> InitiativeTable:
        return self.main.query_one("#table", InitiativeTable)

    @property
    def gantt(self) -> GanttView:
        return self.main.query_one("#gantt", GanttView)

    @property
    def form(self) -> DetailForm:
        return self.main.query_one("#detail", DetailForm)

    @property
    def edited(self) -> bool:
        """Whether the plan as edited differs from the file on disk."""
        return self.unsaved_new or not self.history.at_saved

    @property
    def dirty(self) -> bool:
        """Whether there is anything unsaved: edits, or text typed in a field not yet applied."""
        return self.edited or bool(self.pending_fields())

    def pending_fields(self) -> list[str]:
        """The form fields holding typed text that is not applied yet."""
        if not self._main_shown or not self.screen_stack:
            return []
        return self.form.pending_fields()

    def visible_rows(self) -> list[Any]:
        rows = self.state.rows()
        return select_rows(rows, self.filters, self.sort[0], self.sort[1])

    def refresh_views(self, *, form: bool = True, reset: Iterable[str] = ()) -> None:
        """Show the current state in every widget of the main screen (``reset``: form fields
        that show the state even while being typed in)."""
        main = self.main
        state = self.state
        rows = self.visible_rows()
        if self.selected not in state.order:
            self.selected = rows[0].id if rows else (state.order[0] if state.order else None)
        table = self.table
        table.show(state, rows, self.selected)
        plan, schedule = state.analysis.plan, state.analysis.schedule
        if plan is not None and schedule is not None:
            ids = [row.id for row in rows]
            baseline = self.baseline.schedule if self.baseline is not None else None
            self.gantt.show(plan, schedule, self.selected, self.lang, ids, baseline=baseline)
        self._refresh_phases()
        self._refresh_risk()
        problems = state.analysis.problems
        main.query_one("#problems", ProblemsPanel).show(problems, self.lang)
        tabs = main.query_one("#views", TabbedContent)
        label = text("tui.tab.problems", self.lang, count=f"({len(problems)})" if problems else "")
        tab = tabs.get_tab("tab-problems")
        if tab.label_text != label:
            tab.label = label
        main.query_one(FilterBar).set_owners(state.owners())
        if form:
            self.form.show(state, self.selected, reset=reset)
        self.refresh_status()
        self.call_after_refresh(state.warm)

    def _refresh_phases(self) -> None:
        """Refresh the tab on show (the views of hidden tabs catch up when they are shown)."""
        main = self.main
        active = main.query_one("#views", TabbedContent).active
        analysis = self.state.analysis
        if active == "tab-phases":
            plan, schedule = analysis.plan, analysis.schedule
            if plan is not None and schedule is not None:
                main.query_one("#phases", PhaseView).show(
                    plan, schedule, self.selected, self.lang, unscheduled=self.state.cycle_members
                )
        elif active in _REPORT_TABS:
            view = main.query_one(_REPORT_TABS[active])
            assert isinstance(view, (BudgetView, StaffingView, KpiView))
            view.show(analysis, self.lang)

    def _refresh_risk(self) -> None:
        """Give the risk panel the current plan: cheap, it marks an older result stale."""
        self.main.query_one("#risk", RiskPanel).show(self.state.analysis, self.lang)

    def refresh_status(self) -> None:
        notice = (
            text(f"tui.merge.status.{self.disk_notice}", self.lang) if self.disk_notice else None
        )
        self.main.query_one("#status", StatusBar).show(
            self.state, self.saved_finish, self.dirty, self.lang, notice=notice
        )

    def select(self, initiative_id: str | None, *, from_table: bool = False) -> None:
        """Make ``initiative_id`` the selected initiative in every view."""
        if initiative_id is None or initiative_id == self.selected:
            return
        self.selected = initiative_id
        if not from_table:
            self.table.select_id(initiative_id)
        self.gantt.select(initiative_id)
        self._refresh_phases()
        self.form.show(self.state, initiative_id)

    # -- messages from the widgets ---------------------------------------------------------

    def on_data_table_row_highlighted(self, event: InitiativeTable.RowHighlighted) -> None:
        if event.data_table.id == "table" and event.row_key.value is not None:
            self.select(str(event.row_key.value), from_table=True)

    def on_data_table_row_selected(self, event: InitiativeTable.RowSelected) -> None:
        if event.data_table.id == "table":
            self.action_edit()

    def on_initiative_table_sort_requested(self, event: InitiativeTable.SortRequested) -> None:
        self.sort = (event.column, event.reverse)
        self.table.set_sort(event.column, event.reverse)
        self.refresh_views(form=False)

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        self.filters = event.filters
        self.refresh_views(form=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table.focus()

    def on_gantt_view_selected(self, event: GanttView.Selected) -> None:
        self.select(event.initiative_id)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._refresh_phases()
        if event.pane.id == "tab-gantt":  # hidden, it could not scroll to the selection
            self.gantt.select(self.selected)

    def on_problems_panel_jump(self, event: ProblemsPanel.Jump) -> None:
        self.jump_to(event.problem)

    def on_kpi_view_selected(self, event: KpiView.Selected) -> None:
        """A KPI row was chosen: show its initiative in the table and the form."""
        self.jump_to_initiative(event.initiative_id, "kpis")

    def jump_to_initiative(self, initiative_id: str, field: str | None = None) -> None:
        """Select ``initiative_id`` (clearing filters that hide it) and open it in the form."""
        if initiative_id not in self.state.order:
            return
        if self.main.active_tab in REPORT_TABS:
            self.action_show_tab("tab-table")  # reports hide the form: go back to the list
        if initiative_id not in self.table.ids:
            self.main.query_one(FilterBar).clear()
            self.filters = Filters()
            self.refresh_views(form=False)
        self.select(initiative_id)
        self.main.show_detail(True)
        self.main.remove_class("hide-detail")
        self.form.focus_field(field)

    def jump_to(self, problem: Problem) -> None:
        """Select the problem's initiative and focus the field it is about."""
        if problem.initiative is None:
            return
        from tui.widgets.detail_form import form_field_of

        field = form_field_of(problem.field)
        if field is None and problem.code in ("unknown-dependency", "dependency-cycle"):
            field = "depends_on"
        self.jump_to_initiative(problem.initiative, field)

    def on_detail_form_field_changed(self, event: DetailForm.FieldChanged) -> None:
        self.apply_field(event.initiative_id, event.field, event.value)

    def on_detail_form_pending_changed(self, event: DetailForm.PendingChanged) -> None:
        self.refresh_status()

    def on_detail_form_edit_kpis(self, event: DetailForm.EditKpis) -> None:
        self.action_edit_kpis()

    def on_detail_form_back(self, event: DetailForm.Back) -> None:
        self.main.show_detail(False)
        self.focus_view()

    # -- editing ---------------------------------------------------------------------------

    def _pause_collector_until_painted(self) -> None:
        """Pause Python's cyclic garbage collector until the screen shows the edit.

        An edit that moves the project finish makes new scheduled items, rows and cells for
        most initiatives (about 10,000 new objects at 2,000 initiatives); collecting them as
        they are made cost about 10 ms of each edit (timed with :data:`gc.callbacks`).
        Paused, the same collections run after the repaint, while the user reads it. Nothing
        is done when the collector is already paused (by an edit waiting for its repaint, or
        by anything else: then that is left to re-enable it).
        """
        if not gc.isenabled():
            return
        gc.disable()
        if not self.call_after_refresh(gc.enable):  # pragma: no cover - the app is closing
            gc.enable()

    def _editable(self) -> bool:
        if not self.state.editable:
            self.notify(text("tui.edit.readonly", self.lang), severity="error")
            return False
        return True

    def apply_field(self, initiative_id: str, field: str, value: Any) -> bool:
        """Write one field, record it for undo, recompute and refresh; whether it was written."""
        if not self._editable() or self.state.document is None:
            return False
        self._pause_collector_until_painted()
        document = self.state.document  # in a multi-file plan: routes to the initiative's own file
        try:
            before = document.get_field(initiative_id, field)
            self.state.set_field(initiative_id, field, value)
        except EditError as error:
            self.notify(str(error), severity="error")
            return False
        after = document.get_field(initiative_id, field)
        if before != after:
            self.history.push(FieldEdit(initiative_id, field, before, after))
        self.refresh_views()
        return True

    def apply_pending(self, *, saving: bool = False) -> bool:
        """Apply what is typed in the form but not applied yet (before a save or a quit).

        When a value cannot be read, nothing is applied: the field is focused, its message
        shown, and a notification names it (``saving``: and says nothing was saved); returns
        ``False`` then.
        """
        if not self._main_shown or not isinstance(self.screen, MainScreen):
            return True
        form = self.form
        pending = form.pending_values()
        for field, parsed in pending:
            if not parsed.ok:
                from tui.widgets.detail_form import form_label

                reason = parsed.error or ""
                form.set_error(field, text("tui.field.not_applied", self.lang, reason=reason))
                if self.main.has_class("narrow"):
                    self.main.show_detail(True)
                self.main.remove_class("hide-detail")
                form.focus_field(field)
                label = form_label(field, self.lang)
                key = "tui.save.refused" if saving else "tui.pending.invalid"
                self.notify(text(key, self.lang, field=label, reason=reason), severity="error")
                return False
        initiative_id = form.initiative_id
        for field, parsed in pending:
            form.mark_applied(field)
            if initiative_id is None or not self.apply_field(initiative_id, field, parsed.value):
                return False
        return True

    def _structural(self, label: str, change: Any, select_after: str | None) -> bool:
        """Run a whole-initiative edit on the document and record it for undo."""
        if not self._editable() or self.state.document is None:
            return False
        selected_before = self.selected
        multi_file = self.state.multi_file
        try:
            before, after = self.state.restructure(change)
        except EditError as error:
            self.notify(str(error), severity="error")
            return False
        main = self.state.file or ""
        if multi_file:
            # a multi-file plan: the edit is made in the files it touches, each undone on its own
            edit: TextEdit = FilesEdit(
                label,
                before[main],
                after[main],
                selected_before,
                select_after,
                before_files=before,
                after_files=after,
            )
        else:
            edit = TextEdit(label, before[main], after[main], selected_before, select_after)
        self.history.push(edit)
        self._structural_done(select_after)
        return True

    def _structural_done(self, select_after: str | None) -> None:
        self.selected = select_after
        self.refresh_views()
        self.parse_in_background()
        self.table.select_id(select_after)

    def id_problem(self, candidate: str, current: str | None = None) -> str | None:
        """What is wrong with ``candidate`` as a new id (``None``: fine); ``current`` is the id
        being renamed, which may be kept."""
        if not candidate:
            return text("editor.id.empty", self.lang)
        if any(ch.isspace() or not ch.isprintable() for ch in candidate):
            return text("editor.id.invalid", self.lang)
        if candidate != current and candidate in self.state.order:
            return text("editor.id.exists", self.lang, id=candidate)
        return None

    def _ask_id(self, title: str, default: str, answered: Any, current: str | None = None) -> None:
        dialog = IdDialog(
            title,
            default,
            lambda candidate: self.id_problem(candidate, current),
            text("editor.id.hint", self.lang),
            text("editor.id.ok", self.lang),
            text("tui.confirm.cancel", self.lang),
            id="ask-id",
        )
        self.push_screen(dialog, guarded(self, "tui.binding.add", answered))

    def action_add_initiative(self) -> None:
        """Ask for the id, then add a new initiative after the selected one."""
        if not self._editable() or self.state.document is None:
            return

        def answered(new_id: str | None) -> None:
            if new_id:
                self.add_initiative(new_id)

        self._ask_id(text("editor.add.title", self.lang), self.state.new_id("new"), answered)

    def add_initiative(self, new_id: str) -> None:
        """Add the initiative ``new_id`` after the selected one and open it in the form."""
        fields = {"title": text("tui.edit.new_title", self.lang), "duration": "1mo"}
        anchor = self.selected

        def change(document: Any) -> None:
            document.add_initiative(new_id, fields, after=anchor)

        if self._structural(f"+{new_id}", change, new_id):
            self.notify(text("tui.edit.added", self.lang, id=new_id))
            self.action_edit()

    def action_duplicate_initiative(self) -> None:
        """Ask for the id of the copy, then duplicate the selected initiative."""
        source = self.selected
        if source is None or not self._editable() or self.state.document is None:
            return

        def answered(new_id: str | None) -> None:
            if new_id:
                self.duplicate_initiative(source, new_id)

        self._ask_id(
            text("editor.duplicate.title", self.lang, id=source),
            self.state.new_id(f"{source}-copy"),
            answered,
        )

    def duplicate_initiative(self, source: str, new_id: str) -> None:
        """Copy ``source`` (without its dependents) right after it as ``new_id``; the copy
        starts as planned: no status, progress or actual dates, and none of what was recorded
        of the original's work (its KPIs' measured values, its cost lines' 予算額・執行額)."""
        suffix = text("tui.edit.copy_suffix", self.lang)
        model = self.state.models.get(source)
        title = model.title + suffix if model is not None else None

        def change(document: Any) -> None:
            document.duplicate_initiative(source, new_id, title=title)
            for field in ("status", "progress", "actual_start", "actual_finish"):
                document.set_field(new_id, field, None)
            costs = document.get_field(new_id, "costs")
            for index, line in enumerate(costs if isinstance(costs, list) else []):
                if isinstance(line, dict) and "actuals" in line:
                    document.set_field(new_id, f"costs.{index}.actuals", None)
            kpis = document.kpis(new_id)
            if any("actual" in kpi for kpi in kpis):
                planned = [{k: v for k, v in kpi.items() if k != "actual"} for kpi in kpis]
                document.set_kpis(new_id, planned)

        if self._structural(f"+{new_id}", change, new_id):
            self.notify(text("tui.edit.duplicated", self.lang, id=new_id))

    def action_rename_initiative(self) -> None:
        """Ask for a new id of the selected initiative, then rename it everywhere."""
        source = self.selected
        if source is None or not self._editable() or self.state.document is None:
            return

        def answered(new_id: str | None) -> None:
            if new_id and new_id != source:
                self.rename_initiative(source, new_id)

        self._ask_id(text("editor.rename.title", self.lang, id=source), source, answered, source)

    def rename_initiative(self, old_id: str, new_id: str) -> bool:
        """Rename ``old_id`` and every reference to it, as one undoable edit."""
        changed: list[str] = []

        def change(document: Any) -> None:
            changed.extend(document.rename_initiative(old_id, new_id))

        if not self._structural(f"{old_id}→{new_id}", change, new_id):
            return False
        self.notify(
            text("editor.rename.done", self.lang, old=old_id, new=new_id, count=len(changed))
        )
        return True

    def action_delete_initiative(self) -> None:
        """Ask, listing the dependents, KPIs, cost lines and 財源 that go with the initiative,
        then delete it."""
        target = self.selected
        if target is None or not self._editable() or self.state.document is None:
            return
        document = self.state.document
        dependents = document.dependents_of(target)
        parts: list[str] = []
        if dependents:
            parts.append(
                text("tui.confirm.delete.dependents", self.lang)
                + "\n"
                + "\n".join(f"  - {other}" for other in dependents)
            )
        kpis = document.kpis(target)
        if kpis:
            parts.append(
                text("editor.delete.kpis", self.lang)
                + "\n"
                + "\n".join(f"  - {kpi.get('name', '?')}" for kpi in kpis)
            )
        cost = document.get_field(target, "cost")
        lines = (
            [_cost_line(key, value, self.lang) for key, value in (cost or {}).items()]
            if isinstance(cost, dict)
            else []
        )
        costs = document.get_field(target, "costs")
        if isinstance(costs, list):
            lines += [_costs_line(line, self.lang) for line in costs if isinstance(line, dict)]
        if lines:
            parts.append(
                text("editor.delete.cost", self.lang)
                + "\n"
                + "\n".join(f"  - {line}" for line in lines)
            )
        sources = [
            _funding_line(line, self.lang)
            for field in ("financing", "tax_allocation")
            for line in _tables(document.get_field(target, field))
        ]
        if sources:
            parts.append(
                text("editor.delete.funding", self.lang)
                + "\n"
                + "\n".join(f"  - {line}" for line in sources)
            )
        body = "\n\n".join(parts)
        dialog = ChoiceDialog(
            text("tui.confirm.delete.title", self.lang, id=target),
            [
                ("delete", text("tui.confirm.delete.ok", self.lang), "error"),
                ("cancel", text("tui.confirm.cancel", self.lang), "default"),
            ],
            body,
            id="confirm-delete",
        )

        def answered(choice: str | None) -> None:
            if choice == "delete":
                self.delete_initiative(target)

        self.push_screen(dialog, guarded(self, "tui.binding.delete", answered))

    def delete_initiative(self, target: str) -> None:
        """Delete ``target`` and the dependency entries naming it."""
        order = self.state.order
        position = order.index(target) if target in order else 0
        rest = [other for other in order if other != target]
        after = rest[min(position, len(rest) - 1)] if rest else None

        def change(document: Any) -> None:
            document.delete_initiative(target, remove_dependents=True)

        if self._structural(f"-{target}", change, after):
            self.notify(text("tui.edit.deleted", self.lang, id=target))

    def action_edit_kpis(self) -> None:
        """Open the KPI editor of the selected initiative; its result is one undoable edit."""
        from tui.screens.kpi_editor import KpiEditor

        target = self.selected
        document = self.state.document
        if not isinstance(self.screen, MainScreen) or target is None or not self._editable():
            return
        assert document is not None
        try:
            kpis = document.kpis(target)
        except EditError as error:
            self.notify(str(error), severity="error")
            return

        def answered(new_kpis: list[dict[str, Any]] | None) -> None:
            if new_kpis is not None:
                self.apply_kpis(target, new_kpis)

        self.push_screen(
            KpiEditor(target, kpis, self.lang), guarded(self, "tui.binding.edit_kpis", answered)
        )

    def apply_kpis(self, initiative_id: str, kpis: list[dict[str, Any]]) -> bool:
        """Write an initiative's KPIs (only what changed) as one undoable edit."""
        document = self.state.document
        if document is None or self.state.raw(initiative_id).get("kpis", []) == kpis:
            return False

        def change(document: Any) -> None:
            document.set_kpis(initiative_id, kpis)

        if self._structural(f"{initiative_id}.kpis", change, initiative_id):
            self.notify(text("tui.kpi_editor.changed", self.lang, id=initiative_id))
            return True
        return False

    def action_plan_settings(self) -> None:
        """Open the ``[plan]`` settings; the changed keys are one undoable edit."""
        from tui.screens.plan_settings import PlanSettingsScreen

        if not isinstance(self.screen, MainScreen) or not self._editable():
            return

        def answered(changes: dict[str, Any] | None) -> None:
            self.apply_plan_settings(changes)

        self.push_screen(
            PlanSettingsScreen(self.state.settings_data, self.lang),
            guarded(self, "tui.binding.plan_settings", answered),
        )

    def apply_plan_settings(self, changes: dict[str, Any] | None) -> bool:
        """Write the changed ``[plan]`` keys (``None`` removes one), recompute, and refresh."""
        if not changes:
            return False

        def change(document: Any) -> None:
            for key, value in changes.items():
                document.set_plan_field(key, value)

        if self._structural("plan", change, self.selected):
            self.title = self._title()
            self.notify(text("tui.plan_settings.changed", self.lang))
            return True
        return False

    def action_undo(self) -> None:
        """Undo the last edit; text typed in a field and not applied yet is reverted first."""
        if not isinstance(self.screen, MainScreen):
            return
        if self.form.revert_pending():
            self.refresh_status()
            return
        edit = self.history.undo()
        if edit is None:
            self.notify(text("tui.edit.nothing", self.lang))
            return
        self._pause_collector_until_painted()
        if isinstance(edit, FieldEdit):
            self.state.set_field(edit.initiative_id, edit.field, edit.before)
            self.selected = edit.initiative_id
            self.form.set_error(_form_field(edit.field), None)
        elif isinstance(edit, ReloadEdit):
            self._reload_to(edit.before, edit.before_base, edit.before_state)
            self.selected = edit.selected_before
            self.notify(text("tui.merge.undone", self.lang))
        elif isinstance(edit, FilesReloadEdit):
            self._reload_files_to(edit.before_files, edit.before_saved, edit.before_states)
            self.selected = edit.selected_before
            self.notify(text("tui.merge.undone", self.lang))
        elif isinstance(edit, FilesEdit):
            self.state.load_files(edit.before_files)
            self.selected = edit.selected_before
            self.parse_in_background()
        else:
            self.state.load_text(edit.before)
            self.selected = edit.selected_before
            self.parse_in_background()
        self.title = self._title()  # the edit may have been of the plan's title
        self.refresh_views(reset=_reset_fields(edit))
        self.table.select_id(self.selected)

    def action_redo(self) -> None:
        if not isinstance(self.screen, MainScreen):
            return
        edit = self.history.redo()
        if edit is None:
            self.notify(text("tui.edit.nothing_redo", self.lang))
            return
        self._pause_collector_until_painted()
        if isinstance(edit, FieldEdit):
            self.state.set_field(edit.initiative_id, edit.field, edit.after)
            self.selected = edit.initiative_id
        elif isinstance(edit, ReloadEdit):
            self._reload_to(edit.after, edit.after_base, edit.after_state)
            self.selected = edit.selected_after
        elif isinstance(edit, FilesReloadEdit):
            self._reload_files_to(edit.after_files, edit.after_saved, edit.after_states)
            self.selected = edit.selected_after
        elif isinstance(edit, FilesEdit):
            self.state.load_files(edit.after_files)
            self.selected = edit.selected_after
            self.parse_in_background()
        else:
            self.state.load_text(edit.after)
            self.selected = edit.selected_after
            self.parse_in_background()
        self.title = self._title()
        self.refresh_views(reset=_reset_fields(edit))
        self.table.select_id(self.selected)

    # -- saving, reloading, quitting -------------------------------------------------------

    def action_save(self) -> None:
        """Save, after applying what is typed in the form (a value that cannot be read is
        pointed at, and nothing is saved); a KPI or plan-settings dialog must be closed first."""
        if self._in_editing_dialog():
            self.notify(text("tui.quit.dialog_open", self.lang), severity="warning")
        elif isinstance(self.screen, MainScreen) and self.apply_pending(saving=True):
            self.save()

    def _in_editing_dialog(self) -> bool:
        """Whether a dialog holding edits of its own (KPIs, plan settings) is open."""
        from tui.screens.kpi_editor import KpiEditor
        from tui.screens.plan_settings import PlanSettingsScreen

        return isinstance(self.screen, KpiEditor | PlanSettingsScreen)

    def save(self, *, overwrite: bool = False, then_exit: bool = False) -> bool:
        """Save atomically; on a change on disk ask to reload, overwrite or cancel."""
        if not self._editable():
            return False
        if self.state.multi_file:
            return self._save_files(overwrite=overwrite, then_exit=then_exit)
        if not self.edited and self.path.exists() and not overwrite:
            self._notify_saved()
            if then_exit:
                self.exit()
            return True
        content = self.state.current_text()
        try:
            self.loaded_state = save_plan(
                self.path, content, self.loaded_state, overwrite=overwrite
            )
        except ConflictError:
            self._ask_conflict(then_exit)
            return False
        except OSError as error:
            self.notify(text("tui.save.failed", self.lang, detail=error), severity="error")
            return False
        self.state.mark_saved(self.state.file or "", content)
        self._saw_disk(str(self.path), self.loaded_state)
        self.disk_notice = None
        self.history.mark_saved()
        self.unsaved_new = False
        self.saved_finish = self.state.finish()
        remove_recovery([str(self.path)])
        self.refresh_status()
        self._notify_saved()
        if then_exit:
            self.exit()
        return True

    def _notify_saved(self) -> None:
        """Say the plan was saved, naming what is typed in the form and was not applied (a
        dependency searched for but not added)."""
        typed = self._typed_not_applied()
        if typed is None:
            self.notify(text("tui.saved", self.lang, path=self.path))
            return
        field, value = typed
        message = text("tui.save.not_applied", self.lang, path=self.path, field=field, value=value)
        self.notify(message, severity="warning")

    def _typed_not_applied(self) -> tuple[str, str] | None:
        """(field label, text) of text typed in the form that a save does not write."""
        if not self._main_shown or not isinstance(self.screen, MainScreen):
            return None
        from tui.widgets.detail_form import form_label, widget_id

        for field in self.form.pending_fields():
            value = self.form.query_one("#" + widget_id(field), Input).value
            return form_label(field, self.lang), value
        searched = self.form.query_one("#dep-search", Input).value.strip()
        if searched:
            return form_label("depends_on", self.lang), searched
        return None

    def _save_files(self, *, overwrite: bool, then_exit: bool) -> bool:
        """Write back each file of the multi-file plan whose text changed, and only those.

        Every file to write is checked for a change on disk before any is written.
        """
        main = str(self.path)
        states = {**self.file_states, main: self.loaded_state}
        saving = save_changed_files(self.state.changed_files(), states, overwrite=overwrite)
        written: list[str] = []
        try:
            for file, content, state in saving:
                if file == main:
                    self.loaded_state = state
                else:
                    self.file_states[file] = state
                self.state.mark_saved(file, content)
                self._saw_disk(file, state)
                written.append(file)
        except ConflictError as conflict:
            self._ask_conflict(then_exit, Path(conflict.path))
            return False
        except OSError as error:
            self.notify(text("tui.save.failed", self.lang, detail=error), severity="error")
            return False
        self.history.mark_saved()
        self.saved_finish = self.state.finish()
        self.disk_notice = "changed" if self._changed_on_disk() else None
        remove_recovery(self.state.file_texts())
        self.refresh_status()
        if written:
            paths = ", ".join(written)
            self.notify(text("tui.files.saved", self.lang, count=len(written), paths=paths))
        else:
            self._notify_saved()
        if then_exit:
            self.exit()
        return True

    def _ask_conflict(self, then_exit: bool, path: Path | None = None) -> None:
        """A file changed on disk since it was loaded: merge, overwrite, or cancel."""
        lang = self.lang
        dialog = ChoiceDialog(
            text("tui.confirm.conflict.title", lang, path=path or self.path),
            [
                ("merge", text("tui.merge.choice", lang), "primary"),
                ("overwrite", text("tui.confirm.conflict.overwrite", lang), "error"),
                ("cancel", text("tui.confirm.cancel", lang), "default"),
            ],
            id="confirm-conflict",
        )

        def answered(choice: str | None) -> None:
            if choice == "overwrite":
                self.save(overwrite=True, then_exit=then_exit)
            elif choice == "merge":
                self.merge_from_disk()

        self.push_screen(dialog, guarded(self, "tui.binding.save", answered))

    def action_reload(self) -> None:
        """Take in the files on disk: merged with the edits made here when they changed on
        disk; otherwise read again, asking first when that drops edits."""
        if self._can_merge() and self._changed_on_disk():
            if self.apply_pending():
                self.merge_from_disk()
            return
        if not self.dirty:
            self.reload()
            return
        lang = self.lang
        dialog = ChoiceDialog(
            text("tui.confirm.quit.title", lang),
            [
                ("reload", text("tui.confirm.conflict.reload", lang), "warning"),
                ("cancel", text("tui.confirm.cancel", lang), "default"),
            ],
            id="confirm-reload",
        )

        def answered(choice: str | None) -> None:
            if choice == "reload":
                self.reload()

        self.push_screen(dialog, guarded(self, "tui.binding.reload", answered))

    def reload(self) -> None:
        """Read the file again from disk; the edits made here are dropped, and one undo brings
        them back (a plan not yet saved to a file is read afresh, for good)."""
        main = self.state.file or ""
        if self._can_merge() and not self.state.multi_file:
            read = self._read_file(self.path)
            if read is not None:
                self._adopt({main: read}, {main: read[0]})
                self.notify(text("tui.reloaded", self.lang))
                return
        undoable = self.state.multi_file and not self.unsaved_new and self.state.editable
        before = (self.state.file_texts(), dict(self.state.saved_texts), self._file_states())
        if not undoable:
            self.history.clear()
        self.unsaved_new = False
        self.disk_notice = None
        selected = self.selected
        self.state = self._load()
        if selected in self.state.order:
            self.selected = selected
        if undoable and self.state.editable:
            main = self.state.file or ""
            after_files = self.state.file_texts()
            edit = FilesReloadEdit(
                "reload",
                before[0].get(main, ""),
                after_files.get(main, ""),
                selected,
                self.selected,
                before_files=before[0],
                after_files=after_files,
                before_saved=before[1],
                after_saved=dict(self.state.saved_texts),
                before_states=before[2],
                after_states=self._file_states(),
            )
            self.history.push(edit)
            self.history.mark_saved()
        elif undoable:
            self.history.clear()
        self.title = self._title()
        from tui.widgets.detail_form import FORM_FIELDS

        self.refresh_views(reset=FORM_FIELDS)  # what was typed belonged to the dropped edits
        self.parse_in_background()
        self.notify(text("tui.reloaded", self.lang))

    # -- the files on disk: watching and merging -----------------------------------------

    def _saw_disk(self, file: str, state: FileState | None) -> None:
        """The file ``file`` on disk is known to be ``state`` (read or written just now)."""
        self._disk_seen[file] = (state.mtime_ns, state.size) if state is not None else None

    def _can_merge(self) -> bool:
        """Whether changes on disk can be merged: the plan was read from a file."""
        return not self.unsaved_new and self.loaded_state is not None

    def _changed_on_disk(self) -> list[str]:
        """The files of the plan whose content on disk is no longer what was read or saved."""
        return [
            file
            for file, state in self._file_states().items()
            if state is not None and state.changed_on_disk(file)
        ]

    def check_disk(self) -> bool:
        """Look whether a file of the plan changed on disk (run every :data:`WATCH_INTERVAL`
        seconds); returns whether a new change was found.

        The modification time and size are compared first, the content (size and hash, as
        saving does) only when they moved. A change that merges without a conflict is merged at
        once (one undo step takes it back) unless a field holds typed text; otherwise the status
        bar says the file changed, and ctrl+r merges it (showing the conflicts).
        """
        if not self._main_shown or not isinstance(self.screen, MainScreen):
            return False  # a dialog is open: look again later
        if not self._can_merge():
            return False
        moved = False
        for file in self._file_states():
            try:
                info = os.stat(file)
                seen: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
            except OSError:
                seen = None
            if seen != self._disk_seen.get(file):
                self._disk_seen[file] = seen
                moved = True
        if not moved or not self._changed_on_disk():
            return False  # nothing moved, or touched only: the content is the same
        self._take_in(automatic=True)
        return True

    def merge_from_disk(self) -> bool:
        """Merge the files changed on disk with the edits made here: at once when nothing
        conflicts, else through the merge screen (fields changed on both sides, side by side);
        whether the plan was merged now."""
        return self._take_in(automatic=False)

    def _take_in(self, *, automatic: bool) -> bool:
        """Merge what changed on disk; ``automatic`` (the watch): only when nothing conflicts
        and no field holds typed text, else say so in the status bar."""

        def later() -> bool:
            self.disk_notice = "changed"
            self.refresh_status()
            return False

        theirs: dict[str, tuple[str, FileState]] = {}
        for file in self._changed_on_disk():
            read = self._read_file(Path(file))
            if read is None:
                if automatic:
                    return later()
                detail = text("tui.merge.absent", self.lang)
                self.notify(text("tui.merge.failed", self.lang, detail=detail), severity="error")
                return False
            theirs[file] = read
        if not theirs or (automatic and self.form.pending_fields()):
            return later() if theirs else False
        their_texts = {file: body for file, (body, _state) in theirs.items()}
        try:
            results = self._merge_files(their_texts)
        except MergeError as error:
            if automatic:
                return later()
            self.notify(text("tui.merge.failed", self.lang, detail=error), severity="error")
            return False
        conflicts = [conflict for result in results.values() for conflict in result.conflicts]
        if not conflicts:
            self._adopt(theirs, {file: result.text for file, result in results.items()})
            applied = sum(len(result.applied) for result in results.values())
            key = "tui.merge.merged" if applied else "tui.merge.reloaded"
            self.notify(text(key, self.lang, count=applied))
            return True
        if automatic:
            return later()

        def answered(choices: dict[str, Side] | None) -> None:
            if choices is None:
                return
            final = self._merge_files(their_texts, choices)
            self._adopt(theirs, {file: result.text for file, result in final.items()})
            self.notify(text("tui.merge.resolved", self.lang, count=len(conflicts)))

        paths = ", ".join(theirs)
        self.push_screen(
            MergeScreen(paths, conflicts, self.lang), guarded(self, "tui.binding.reload", answered)
        )
        return False

    def _read_file(self, path: Path) -> tuple[str, FileState] | None:
        """A plan file's text on disk now and its state, or ``None`` when it cannot be read."""
        from roadmap.core.planfile.loader import PlanIOError, read_plan_bytes
        from roadmap.core.planfile.source import decode_plan_bytes

        try:
            data = read_plan_bytes(path)
        except PlanIOError:
            return None
        decoded, _problems = decode_plan_bytes(data, str(path))
        if decoded is None:
            return None
        return decoded, FileState.of_bytes(path, data)

    def _merge_files(
        self, their_texts: Mapping[str, str], choices: Mapping[str, Side] | None = None
    ) -> dict[str, MergeResult]:
        """Our edits of each file (since it was last read or saved) re-applied onto its text
        on disk now."""
        texts = self.state.file_texts()
        results: dict[str, MergeResult] = {}
        for file, their_text in their_texts.items():
            base = self.state.saved_texts.get(file, texts.get(file, ""))
            ours = texts.get(file, base)
            if base == ours:
                results[file] = MergeResult(their_text)
            else:
                operations = operations_between(base, ours)
                results[file] = merge_plan(base, their_text, operations, choices, our_text=ours)
        return results

    def _adopt(
        self, theirs: Mapping[str, tuple[str, FileState]], merged: Mapping[str, str]
    ) -> None:
        """Make the ``merged`` texts the plan, edited against ``theirs`` (the files on disk
        now, with their states), as one undoable step."""
        main = self.state.file or ""
        edit: TextEdit
        if not self.state.multi_file:
            their_text, their_state = theirs[main]
            edit = ReloadEdit(
                "reload",
                self.state.current_text(),
                merged[main],
                self.selected,
                self.selected,
                before_base=self.state.saved_texts.get(main, self.state.text),
                after_base=their_text,
                before_state=self.loaded_state,
                after_state=their_state,
            )
            self._reload_to(merged[main], their_text, their_state)
        else:
            before_files = self.state.file_texts()
            before_saved = dict(self.state.saved_texts)
            before_states = self._file_states()
            saved = {**before_saved, **{file: body for file, (body, _) in theirs.items()}}
            states = {**before_states, **{file: state for file, (_, state) in theirs.items()}}
            self._reload_files_to({**before_files, **merged}, saved, states)
            after_files = self.state.file_texts()
            edit = FilesReloadEdit(
                "reload",
                before_files.get(main, ""),
                after_files.get(main, ""),
                self.selected,
                self.selected,
                before_files=before_files,
                after_files=after_files,
                before_saved=before_saved,
                after_saved=saved,
                before_states=before_states,
                after_states=states,
            )
        self.history.push(edit)
        if not self.state.changed_files():
            self.history.mark_saved()
        self.disk_notice = "merged"
        self.title = self._title()
        from tui.widgets.detail_form import FORM_FIELDS

        self.refresh_views(reset=FORM_FIELDS)
        self.table.select_id(self.selected)

    def _file_states(self) -> dict[str, FileState | None]:
        """The state at load of every file of the plan, the main file's included."""
        return {**self.file_states, str(self.path): self.loaded_state}

    def _reload_files_to(
        self,
        texts: Mapping[str, str],
        saved: Mapping[str, str],
        states: Mapping[str, FileState | None],
    ) -> None:
        """Show a multi-file plan's ``texts``, edited against ``saved`` (the texts on disk,
        whose file states are ``states``)."""
        self.state.load_files(texts)
        for file, body in saved.items():
            self.state.mark_saved(file, body)
        main = str(self.path)
        self.loaded_state = states.get(main)
        self.file_states = {file: state for file, state in states.items() if file != main}
        self.disk_notice = "changed" if self._changed_on_disk() else None
        self.parse_in_background()

    def _reload_to(self, plan_text: str, base: str, disk: FileState | None) -> None:
        """Show ``plan_text``, edited against ``base`` whose file state is ``disk``."""
        self.state.load_text(plan_text)
        self.state.mark_saved(self.state.file or "", base)
        self.loaded_state = disk
        self.disk_notice = (
            "changed" if disk is not None and disk.changed_on_disk(self.path) else None
        )
        self.parse_in_background()

    async def action_quit(self) -> None:
        """Quit; with unsaved changes ask to save, discard or cancel.

        What is typed in the form is applied first (a value that cannot be read is pointed at,
        and the editor stays); a KPI or plan-settings dialog must be closed first.
        """
        if self._in_editing_dialog():
            self.notify(text("tui.quit.dialog_open", self.lang), severity="warning")
            return
        if not self.apply_pending():
            return
        if not self.dirty:
            self.exit()
            return
        if not isinstance(self.screen, MainScreen):
            return
        lang = self.lang
        dialog = ChoiceDialog(
            text("tui.confirm.quit.title", lang),
            [
                ("save", text("tui.confirm.quit.save", lang), "primary"),
                ("discard", text("tui.confirm.quit.discard", lang), "error"),
                ("cancel", text("tui.confirm.cancel", lang), "default"),
            ],
            id="confirm-quit",
        )

        def answered(choice: str | None) -> None:
            if choice == "save":
                self.save(then_exit=True)
            elif choice == "discard":
                self.exit()

        self.push_screen(dialog, guarded(self, "tui.binding.quit", answered))

    # -- other actions ---------------------------------------------------------------------

    def action_command_palette(self) -> None:
        """The command palette, with its search prompt in the reader's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = text("editor.palette.placeholder", self.lang)
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        rows = binding_rows([self.main, self, self.table])
        rows.append(
            (
                "+ / -",
                f"{text('tui.binding.zoom_in', self.lang)} / "
                f"{text('tui.binding.zoom_out', self.lang)} ({text('tui.tab.gantt', self.lang)})",
            )
        )
        gantt_tab = text("tui.tab.gantt", self.lang)
        for key, label in (
            ("l", "gantt_legend"),
            ("f", "gantt_fit"),
            ("x", "gantt_next_critical"),
            ("t", "gantt_today"),
        ):
            rows.append((key, f"{text(f'tui.binding.{label}', self.lang)} ({gantt_tab})"))
        rows.append(("ctrl+p", text("tui.binding.palette", self.lang)))
        rows.append(("esc", text("tui.binding.back", self.lang)))
        self.push_screen(HelpScreen(rows, self.lang))

    def action_search(self) -> None:
        self.action_show_tab("tab-table")
        self.main.show_detail(False)
        self.main.query_one("#search", Input).focus()

    def action_edit(self) -> None:
        """Open the selected initiative in the form."""
        if self.selected is None:
            return
        if self.main.active_tab in REPORT_TABS:
            self.action_show_tab("tab-table")  # the reports take the form's place
        self.main.show_detail(True)
        self.main.remove_class("hide-detail")
        self.form.show(self.state, self.selected)
        self.form.focus_field("title")

    def action_toggle_detail(self) -> None:
        """Hide or show the detail form (in a narrow terminal: switch between it and the tabs)."""
        main = self.main
        if main.has_class("narrow"):
            if main.has_class("show-detail"):
                main.show_detail(False)
                self.focus_view()
            else:
                self.action_edit()
            return
        hidden = not main.has_class("hide-detail")
        main.set_class(hidden, "hide-detail")
        if hidden:
            self.focus_view()

    def focus_view(self) -> None:
        """Focus the view of the tab on show (the table, the Gantt chart...), staying on that
        tab: focusing the table would bring its tab to the front."""
        main = self.main
        target = _TAB_FOCUS.get(main.active_tab)
        if target is not None:
            main.query_one(target).focus()
            return
        pane = main.query_one("#views", TabbedContent).active_pane
        focusable = [widget for widget in pane.query("*") if widget.focusable] if pane else []
        if focusable:
            focusable[0].focus()
        else:
            main.set_focus(None)

    def action_show_tab(self, tab: str) -> None:
        self.main.query_one("#views", TabbedContent).active = tab
        self.main.show_detail(False)
        if tab in _TAB_FOCUS:
            self.main.query_one(_TAB_FOCUS[tab]).focus()
        self._refresh_phases()

    def action_run_risk(self) -> None:
        """Show the risk tab and simulate the plan as it is now (in a worker thread)."""
        self.action_show_tab("tab-risk")
        self.main.action_run_risk()

    def action_focus_table(self) -> None:
        self.main.show_detail(False)
        self.table.focus()

    def action_critical_only(self) -> None:
        self.main.query_one(FilterBar).toggle_critical()

    def action_clear_filters(self) -> None:
        self.main.query_one(FilterBar).clear()

    def action_sort(self) -> None:
        self.table.action_sort_next()

    def action_zoom_in(self) -> None:
        self.action_show_tab("tab-gantt")
        self.gantt.action_zoom_in()

    def action_zoom_out(self) -> None:
        self.action_show_tab("tab-gantt")
        self.gantt.action_zoom_out()

    def action_next_problem(self) -> None:
        problems = [p for p in self.state.analysis.problems if p.initiative is not None]
        if not problems:
            self.notify(text("tui.problems.none", self.lang))
            return
        ids = [p.initiative for p in problems]
        current = ids.index(self.selected) if self.selected in ids else -1
        self.jump_to(problems[(current + 1) % len(problems)])

    def report_path(self) -> Path:
        """Where the export action writes: ``<plan>.report.md`` beside the plan."""
        return self.path.with_name(self.path.stem + ".report.md")

    def action_export(self) -> None:
        """Ask where to write the report (``<plan>.report.md`` by default), then write it."""
        if not isinstance(self.screen, MainScreen):
            return
        lang = self.lang
        dialog = PathDialog(
            text("tui.export.title", lang),
            str(self.report_path()),
            text("tui.export.hint", lang),
            text("tui.export.ok", lang),
            text("tui.confirm.cancel", lang),
            id="export-path",
        )

        def answered(path: str | None) -> None:
            if path:
                self.export_to(Path(path).expanduser())

        self.push_screen(dialog, guarded(self, "tui.binding.export", answered))

    def export_to(self, target: Path) -> bool:
        """Write the plan as it is now to ``target``, in the format its extension names.

        The report is rendered and written by :func:`exporters.base.export` in a worker thread,
        so the editor stays responsive; :meth:`_export_finished` reports how it went. Returns
        whether the export was started.
        """
        from exporters.base import exporter, format_for_path

        name = format_for_path(target.name)
        if name is None:
            self.notify(text("tui.export.unknown_format", self.lang, path=target), severity="error")
            return False
        try:
            exporter(name)
        except ImportError:
            self.notify(text("tui.export.missing", self.lang), severity="warning")
            return False
        folder = target.parent
        if not folder.is_dir():
            self.notify(text("editor.export.no_folder", self.lang, folder=folder), severity="error")
            return False
        analysis, lang = self.state.analysis, self.lang
        baseline, label, since = self.baseline, self.baseline_label, self.baseline_date
        done = threading.Event()
        self._exports.append(done)

        def work() -> Path:
            from exporters.base import export

            try:
                export(
                    analysis,
                    name,
                    target,
                    lang,
                    baseline=baseline,
                    baseline_label=label,
                    baseline_date=since,
                )
            finally:
                done.set()
            return target

        self.run_worker(work, name="export", group="export", thread=True, exit_on_error=False)
        return True

    def _export_finished(self, worker: Worker[Path]) -> None:
        """Say how an export went (an unexpected error is reported like a failed handler)."""
        self._exports = [done for done in self._exports if not done.is_set()]
        error = worker.error
        if error is None:
            self.notify(text("tui.export.done", self.lang, path=worker.result))
        elif isinstance(error, ImportError):
            self.notify(text("tui.export.missing", self.lang), severity="warning")
        elif isinstance(error, PermissionError):
            self.notify(text("editor.export.denied", self.lang), severity="error")
        elif isinstance(error, OSError):
            # the message, not str(error): that names the temporary file written first
            detail = error.strerror or type(error).__name__
            self.notify(text("tui.export.failed", self.lang, detail=detail), severity="error")
        elif isinstance(error, ValueError):
            self.notify(text("tui.export.failed", self.lang, detail=error), severity="error")
        else:  # reported as a failed handler is; the plan was not touched
            self.log.error("".join(traceback.format_exception(error)))
            action = self._describe("tui.binding.export", ())
            summary = f"{type(error).__name__}: {error}"
            message = text("tui.failed", self.lang, action=action, error=summary)
            self.notify(message, severity="error", timeout=15)

    def action_show_baseline(self) -> None:
        """Say which baseline the Gantt chart compares with, and both finish dates."""
        baseline = self.baseline
        if baseline is None or baseline.schedule is None:
            self.notify(text("tui.baseline.none", self.lang))
            return
        now = self.state.finish()
        self.notify(
            text(
                "tui.baseline.shown",
                self.lang,
                label=self.baseline_label or "",
                finish=baseline.schedule.finish.isoformat(),
                now=now.isoformat() if now else "-",
            )
        )


def _reset_fields(edit: FieldEdit | TextEdit) -> Iterable[str]:
    """The form fields an undo or redo of ``edit`` writes (every field for a whole-text edit)."""
    from tui.widgets.detail_form import FORM_FIELDS

    return (_form_field(edit.field),) if isinstance(edit, FieldEdit) else FORM_FIELDS


def _cost_line(key: str, value: object, lang: Lang) -> str:
    """One line of an initiative's cost table: its label and value (yen with separators)."""
    label_key = f"tui.cost.{key}"
    label = text(label_key, lang) if has_text(label_key) else key
    shown = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    return f"{label}: {shown}"


def _costs_line(line: dict[str, object], lang: Lang) -> str:
    """One ``[[costs]]`` line: its 節 and name, then its amount or yearly amount in yen."""
    subject = " ".join(str(line[key]) for key in ("item", "name") if line.get(key))
    for key in ("amount", "annual"):
        value = line.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{subject}  {_cost_line(key, value, lang)}".strip()
    return subject or "-"


def _tables(value: object) -> list[dict[str, object]]:
    """The tables of an array of tables (``[[...financing]]``); nothing for anything else."""
    return [line for line in value if isinstance(line, dict)] if isinstance(value, list) else []


def _funding_line(line: dict[str, object], lang: Lang) -> str:
    """One 特定財源 or 交付税措置 line: its source (or kind) and name, then its amount or rate."""
    kind = line.get("kind")
    source = text(f"editor.delete.tax.{kind}", lang) if kind in ("special", "ordinary") else None
    subject = " ".join(
        str(part) for part in (line.get("source") or source, line.get("name")) if part
    )
    amount, rate = line.get("amount"), line.get("rate")
    if isinstance(amount, int) and not isinstance(amount, bool):
        return f"{subject}  {_cost_line('amount', amount, lang)}".strip()
    if isinstance(rate, int | float) and not isinstance(rate, bool):
        shown = text("editor.delete.rate", lang, rate=f"{rate * 100:g}%")
        return f"{subject}  {shown}".strip()
    return subject or "-"


def _form_field(field: str) -> str:
    from tui.widgets.detail_form import form_field_of

    return form_field_of(field) or field
