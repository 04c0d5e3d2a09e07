"""The problems panel: the core's errors and warnings, live; choosing one jumps to its field."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roadmap.core.i18n import Lang, text
from roadmap.core.model.problems import Problem
from tui.safety import SafeHandlers

__all__ = ["ProblemsPanel", "problem_text"]


def problem_text(problem: Problem, lang: Lang) -> Text:
    """One line: severity, where (initiative.field), message and hint."""
    line = Text()
    severity = text(f"severity.{problem.severity}", lang)
    line.append(f"{severity} ", style="bold red" if problem.is_error else "bold yellow")
    subject = ".".join(part for part in (problem.initiative, problem.field) if part)
    if subject:
        line.append(subject + ": ", style="bold")
    elif problem.line:
        line.append(f"{problem.line}: ", style="bold")
    line.append(problem.message(lang))
    hint = problem.hint(lang)
    if hint:
        line.append(f"  ({hint})", style="dim")
    return line


class ProblemsPanel(SafeHandlers, OptionList):
    """Every problem of the plan, errors first."""

    class Jump(Message):
        """The user chose a problem: show its initiative and field."""

        def __init__(self, problem: Problem) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._problems: list[Problem] = []
        self._lang: Lang = "ja"

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def show(self, problems: list[Problem], lang: Lang) -> None:
        """Show ``problems`` (unchanged lists are not redrawn)."""
        if problems == self._problems and lang == self._lang and self.option_count:
            return
        highlighted = self.highlighted
        self._problems = list(problems)
        self._lang = lang
        self.clear_options()
        if not problems:
            self.add_option(Option(text("tui.problems.none", lang), disabled=True))
            return
        self.add_options([Option(problem_text(problem, lang)) for problem in problems])
        if highlighted is not None:
            self.highlighted = min(highlighted, len(problems) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._problems):
            self.post_message(self.Jump(self._problems[event.option_index]))
