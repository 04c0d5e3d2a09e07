"""The risk panel: the Monte Carlo finish-date simulation, run on demand in a worker thread.

The simulation (:func:`roadmap.core.analysis.risk.simulate`) is too heavy to rerun on every keystroke, so it
runs only when asked (the button or ``r``), in a Textual thread worker, while the editor stays
responsive; the progress is reported per chunk of runs. The panel remembers which plan its
result belongs to: after :meth:`RiskPanel.plan_changed` with a different plan the result stays
on screen, dimmed and marked stale, until the next run. The run asks the current analysis
(:meth:`roadmap.core.analysis.pipeline.Analysis.risk`), so an export of the same analysis with
the same runs and seed reuses the result instead of simulating again.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState, get_current_worker

from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.risk_result import DEFAULT_RUNS, Distribution, RiskResult
from roadmap.core.calendar.workdays import LAST_YEAR, CalendarRangeError
from roadmap.core.i18n import Lang, as_lang, text
from roadmap.core.model.plan import Plan
from tui.bindings import LocalizedBindings
from tui.safety import SafeHandlers

__all__ = ["DRIVER_COUNT", "RiskPanel", "result_text"]

#: How many risk drivers the panel lists.
DRIVER_COUNT = 5
#: Cells of the measure column (even).
_MEASURE_CELLS = 28


class _Cancelled(Exception):
    """Raised from the progress callback to stop a run whose worker was cancelled."""


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _probability_style(value: float | None) -> str:
    if value is None:
        return ""
    if value < 0.5:
        return "bold red"
    return "bold yellow" if value < 0.8 else "bold green"


def result_text(result: RiskResult, lang: Lang) -> Text:
    """Percentiles, the chances of meeting the deadline and the CPM finish, and the drivers."""
    body = Text(no_wrap=True, end="")
    distribution = text(f"risk.distribution.{result.distribution}", lang)
    summary = text(
        "risk.summary",
        lang,
        runs=f"{result.runs:,}",
        distribution=distribution,
        seed=result.seed,
        estimated=result.estimated_count,
    )
    body.append(summary + "\n")
    if not result.estimated_count:
        body.append(text("risk.no_estimates", lang) + "\n", style="yellow")
    body.append(text("risk.percentiles", lang) + "\n", style="bold")
    rows = [(text("risk.cpm_finish", lang), result.cpm_finish, "")]
    rows += [
        (text("risk.percentile", lang, p=p), day, "bold" if p == 80 else "")
        for p, day in result.finish_percentiles.items()
    ]
    for label, day, style in rows:
        body.append(f"  {set_cell_size(label, _MEASURE_CELLS)} {day.isoformat()}\n", style=style)
    earliest, latest = result.earliest_finish.isoformat(), result.latest_finish.isoformat()
    body.append("  " + text("risk.range", lang, earliest=earliest, latest=latest) + "\n")
    if result.deadline is not None:
        line = text(
            "risk.deadline",
            lang,
            deadline=result.deadline.isoformat(),
            probability=_percent(result.deadline_probability),
        )
        body.append(line + "\n", style=_probability_style(result.deadline_probability))
    chance = _percent(result.cpm_finish_probability)
    finish = result.cpm_finish.isoformat()
    body.append(text("risk.cpm_probability", lang, finish=finish, probability=chance) + "\n")
    body.append(text("risk.drivers", lang) + "\n", style="bold")
    drivers = result.top_drivers(DRIVER_COUNT)
    if not drivers:
        body.append("  " + text("tui.risk.no_drivers", lang))
    for item in drivers:
        line = text(
            "tui.risk.driver",
            lang,
            id=item.id,
            sensitivity=f"{item.sensitivity or 0.0:+.2f}",
            criticality=_percent(item.criticality),
            title=item.title,
        )
        body.append(f"  {line}\n")
    body.rstrip()
    return body


class RiskPanel(SafeHandlers, LocalizedBindings, Widget):
    """The risk tab: press ``r`` (or the button) to simulate the plan given to :meth:`show`."""

    DEFAULT_CSS = """
    RiskPanel { height: 1fr; }
    RiskPanel > Horizontal { height: auto; }
    RiskPanel Button { margin: 0 1 0 0; }
    RiskPanel .state { width: 1fr; height: auto; padding: 1 0 0 0; }
    RiskPanel > VerticalScroll { height: 1fr; }
    RiskPanel .result { width: auto; height: auto; padding: 1 1 0 1; }
    RiskPanel.-stale .result { text-opacity: 60%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "run", "Simulate", id="risk"),
    ]

    def __init__(
        self,
        lang: Lang = "ja",
        *,
        runs: int = DEFAULT_RUNS,
        seed: int | None = None,
        distribution: Distribution = "pert",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.lang: Lang = lang
        self.runs = runs
        self.seed = seed
        self.distribution: Distribution = distribution
        self.plan: Plan | None = None
        self.analysis: Analysis | None = None
        self.result: RiskResult | None = None
        self.result_plan: Plan | None = None
        self.error: str | None = None
        self.progress: tuple[int, int] | None = None
        self._worker: Worker[tuple[Plan, RiskResult]] | None = None
        #: The state line on show (it is written again only when it changes).
        self._state_line: Text | None = None

    @classmethod
    def lang_argument(cls, args: tuple[Any, ...]) -> Lang:
        """``RiskPanel(lang)``: the bindings are labelled in ``lang``."""
        return as_lang(args[0] if args else None)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Button(text("tui.risk.run", self.lang), id="risk-run")
            yield Static("", classes="state")
        with VerticalScroll():
            yield Static("", classes="result")

    def on_mount(self) -> None:
        self._render_state()

    # -- what the app calls ------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        )

    @property
    def stale(self) -> bool:
        """Whether the shown result was computed from a plan other than the current one."""
        if self.result is None or self.plan is self.result_plan:
            return False
        return self.plan != self.result_plan

    def show(self, analysis: Analysis, lang: Lang) -> None:
        """Take the current plan of ``analysis`` (cheap: nothing is simulated here)."""
        if lang != self.lang:
            self.lang = lang
            self.query_one("#risk-run", Button).label = text("tui.risk.run", lang)
            self._render_result()
        self.analysis = analysis
        self.plan_changed(analysis.plan)

    def plan_changed(self, plan: Plan | None) -> None:
        """The plan was edited: remember it for the next run and mark the result stale."""
        self.plan = plan
        self._render_state()

    def action_run(self) -> None:
        """Simulate the current plan in a worker thread (a run in progress is cancelled)."""
        plan = self.plan
        if plan is None:
            self.error = text("tui.risk.no_plan", self.lang)
            self._render_state()
            return
        self.error = None
        self.progress = (0, self.runs)
        analysis = (
            self.analysis if self.analysis is not None and self.analysis.plan is plan else None
        )
        self._worker = self.run_worker(
            lambda: self._simulate(plan, analysis),
            name="risk-simulation",
            group="risk",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )
        self._render_state()

    # -- the worker ----------------------------------------------------------------------------

    def _simulate(self, plan: Plan, analysis: Analysis | None) -> tuple[Plan, RiskResult]:
        """Runs in the worker thread: the simulation (kept by ``analysis`` when the plan is
        its plan), reporting progress to the UI thread."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Cancelled
            self.app.call_from_thread(self._show_progress, worker, done, total)

        if analysis is not None:
            result = analysis.risk(self.runs, self.seed, self.distribution, progress)
        else:
            # numpy is imported by the first run, not when the editor opens
            from roadmap.core.analysis.risk import simulate

            result = simulate(
                plan, self.runs, self.seed, distribution=self.distribution, progress=progress
            )
        return plan, result

    def _show_progress(
        self, worker: Worker[tuple[Plan, RiskResult]], done: int, total: int
    ) -> None:
        if worker is self._worker:
            self.progress = (done, total)
            self._render_state()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "risk-run":
            event.stop()
            self.action_run()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Take the result (or the error) of the current run; older runs are ignored."""
        worker = event.worker
        if worker is not self._worker or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        event.stop()
        self.progress = None
        if event.state == WorkerState.SUCCESS and worker.result is not None:
            self.result_plan, self.result = worker.result
            self._render_result()
        elif isinstance(worker.error, CalendarRangeError):
            self.error = text("risk.out_of_range", self.lang, limit=LAST_YEAR)
        elif worker.error is not None and not isinstance(worker.error, _Cancelled):
            self.error = text("tui.risk.failed", self.lang, detail=str(worker.error))
        self._render_state()

    # -- drawing -------------------------------------------------------------------------------

    def _render_result(self) -> None:
        body = result_text(self.result, self.lang) if self.result else Text()
        self.query_one(".result", Static).update(body)

    def _render_state(self) -> None:
        """The line beside the button: idle, running (with progress), fresh, stale or an error."""
        if not self.is_mounted:
            return
        stale = self.stale
        self.set_class(stale, "-stale")
        line = Text()
        if self.error:
            line.append(self.error, style="bold red")
        elif self.running:
            line.append(text("tui.risk.running", self.lang), style="bold")
            if self.progress:
                done, total = self.progress
                line.append(f" {done:,}/{total:,}")
        elif self.result is None:
            line.append(text("tui.risk.idle", self.lang, runs=f"{self.runs:,}"))
        elif stale:
            line.append(text("tui.risk.stale", self.lang), style="bold yellow")
        else:
            line.append(text("tui.risk.fresh", self.lang), style="green")
        if line != self._state_line:  # an update costs a layout pass of the whole screen
            self._state_line = line
            self.query_one(".state", Static).update(line)
