"""The status bar: plan finish, its change since the last save, critical count, unsaved mark,
and what the editor knows of the file on disk (changed there, or merged in)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Static

from roadmap.core.i18n import Lang, text
from tui.safety import SafeHandlers
from tui.state import PlanState

__all__ = ["StatusBar", "delta_text"]


def delta_text(delta: tuple[int, bool] | None, lang: Lang) -> str | None:
    """``+45開庁日`` / ``-3日`` / ``+45 working days``; ``None`` when the finish did not move."""
    if delta is None or delta[0] == 0:
        return None
    days, working = delta
    sign = "+" if days > 0 else "-"
    unit = text("working_days" if working else "days", lang, n=abs(days))
    return f"{sign}{unit}"


class StatusBar(SafeHandlers, Static):
    """One line at the bottom of the main screen."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(
        self,
        state: PlanState,
        saved_finish: dt.date | None,
        dirty: bool,
        lang: Lang,
        *,
        notice: str | None = None,
    ) -> None:
        """Show the plan's state; ``notice`` says what happened to the file on disk."""
        # the line reads only the analysis (a new object after each change) and the arguments:
        # asked again for the same (the form and the app both ask after an edit), it is kept
        asked = (saved_finish, dirty, lang, notice)
        last = getattr(self, "_asked", None)
        if last is not None and last[0] is state.analysis and last[1] == asked:
            return
        self._asked = (state.analysis, asked)
        line = Text()
        if notice:
            # first: a narrow terminal cuts the end of the line, and this one asks for action
            line.append(notice, style="bold magenta")
            line.append("  ")
        finish = state.finish()
        if finish is None:
            line.append(text("tui.no_schedule", lang), style="bold red")
        else:
            line.append(text("tui.finish", lang, date=finish.isoformat()), style="bold")
            delta = delta_text(state.finish_delta(saved_finish), lang)
            if delta:
                later = delta.startswith("+")
                line.append("  ")
                line.append(
                    text("tui.since_save", lang, delta=delta),
                    style="bold red" if later else "bold green",
                )
            schedule = state.analysis.schedule
            cycle = state.cycle_members  # not schedulable, so not critical either
            critical = (
                sum(1 for item in schedule.critical_ids if item not in cycle) if schedule else 0
            )
            line.append("  " + text("tui.critical_count", lang, count=critical))
        errors = len(state.analysis.errors)
        warnings = len(state.analysis.warnings)
        line.append("  ")
        line.append(
            text("tui.problem_count", lang, errors=errors, warnings=warnings),
            style="bold red" if errors else ("yellow" if warnings else ""),
        )
        if dirty:
            line.append("  ")
            line.append(text("tui.unsaved", lang), style="bold yellow")
        if line != getattr(self, "_shown", None):
            self._shown = line
            self.update(line, layout=False)
