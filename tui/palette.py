"""The command palette (ctrl+p): an entry for every action of the editor."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from roadmap.core.i18n import text

if TYPE_CHECKING:
    from tui.app import RoadmapApp

__all__ = ["ACTIONS", "RoadmapCommands"]

#: (action, label key, key binding) of every palette entry.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("save", "tui.binding.save", "ctrl+s"),
    ("undo", "tui.binding.undo", "ctrl+z"),
    ("redo", "tui.binding.redo", "ctrl+y"),
    ("add_initiative", "tui.binding.add", "a"),
    ("duplicate_initiative", "tui.binding.duplicate", "c"),
    ("rename_initiative", "tui.binding.rename", "n"),
    ("delete_initiative", "tui.binding.delete", "delete"),
    ("edit", "tui.binding.edit", "enter / e"),
    ("edit_kpis", "tui.binding.edit_kpis", "k"),
    ("plan_settings", "tui.binding.plan_settings", "ctrl+e"),
    ("search", "tui.binding.search", "/"),
    ("critical_only", "tui.binding.critical", "!"),
    ("clear_filters", "tui.binding.clear_filters", "ctrl+l"),
    ("sort", "tui.binding.sort", "s"),
    ("show_tab('tab-table')", "tui.tab.table", "f2"),
    ("show_tab('tab-gantt')", "tui.tab.gantt", "f3"),
    ("show_tab('tab-phases')", "tui.tab.phases", "f4"),
    ("show_tab('tab-problems')", "tui.tab.problems", "f5"),
    ("show_tab('tab-budget')", "tui.tab.budget", "f7"),
    ("show_tab('tab-staffing')", "tui.tab.staffing", "f8"),
    ("show_tab('tab-kpi')", "tui.tab.kpi", "f9"),
    ("show_tab('tab-risk')", "tui.tab.risk", "f10"),
    ("run_risk", "tui.binding.run_risk", "r"),
    ("show_baseline", "tui.binding.baseline", ""),
    ("zoom_in", "tui.binding.zoom_in", "+"),
    ("zoom_out", "tui.binding.zoom_out", "-"),
    ("next_problem", "tui.binding.problems_next", ""),
    ("toggle_detail", "tui.binding.detail", "f6"),
    ("export", "tui.binding.export", "ctrl+o"),
    ("reload", "tui.binding.reload", "ctrl+r"),
    ("help", "tui.binding.help", "f1 / ?"),
    ("quit", "tui.binding.quit", "ctrl+q"),
)


class RoadmapCommands(Provider):
    """Every editor action, by its label in the reader's language."""

    def _entries(self) -> list[tuple[str, str, str]]:
        app = cast("RoadmapApp", self.app)
        lang = app.lang
        return [
            (text(label, lang, count="").strip(), action, key) for action, label, key in ACTIONS
        ]

    async def discover(self) -> Hits:
        app = self.app
        for label, action, key in self._entries():
            yield DiscoveryHit(label, partial(app.run_action, action), help=key or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = cast("RoadmapApp", self.app)
        found = False
        for label, action, key in self._entries():
            score = max(matcher.match(label), matcher.match(action))
            if score > 0:
                found = True
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(app.run_action, action),
                    help=key or None,
                )
        if not found and query.strip():
            # in the reader's language, instead of the palette's own "No matches found"
            yield Hit(0.01, text("editor.palette.no_match", app.lang), _nothing)


async def _nothing() -> None:
    """Choosing the "no match" line does nothing."""
