"""The command palette (ctrl+p): an entry for every action of the editor."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from roadmap.i18n import text

if TYPE_CHECKING:
    from tui.app import RoadmapApp

__all__ = ["ACTIONS", "RoadmapCommands"]

#: (action, label key, help key) of every palette entry.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("save", "tui.binding.save"),
    ("undo", "tui.binding.undo"),
    ("redo", "tui.binding.redo"),
    ("add_initiative", "tui.binding.add"),
    ("duplicate_initiative", "tui.binding.duplicate"),
    ("delete_initiative", "tui.binding.delete"),
    ("edit", "tui.binding.edit"),
    ("search", "tui.binding.search"),
    ("critical_only", "tui.binding.critical"),
    ("clear_filters", "tui.binding.clear_filters"),
    ("sort", "tui.binding.sort"),
    ("show_tab('tab-table')", "tui.tab.table"),
    ("show_tab('tab-gantt')", "tui.tab.gantt"),
    ("show_tab('tab-phases')", "tui.tab.phases"),
    ("show_tab('tab-problems')", "tui.tab.problems"),
    ("zoom_in", "tui.binding.zoom_in"),
    ("zoom_out", "tui.binding.zoom_out"),
    ("next_problem", "tui.binding.problems_next"),
    ("toggle_detail", "tui.binding.detail"),
    ("export", "tui.binding.export"),
    ("reload", "tui.binding.reload"),
    ("help", "tui.binding.help"),
    ("quit", "tui.binding.quit"),
)


class RoadmapCommands(Provider):
    """Every editor action, by its label in the reader's language."""

    def _entries(self) -> list[tuple[str, str]]:
        app = cast("RoadmapApp", self.app)
        lang = app.lang
        return [
            (text(label, lang, count="").strip(), action) for action, label in ACTIONS
        ]

    async def discover(self) -> Hits:
        app = self.app
        for label, action in self._entries():
            yield DiscoveryHit(label, partial(app.run_action, action), help=action)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = self.app
        for label, action in self._entries():
            score = max(matcher.match(label), matcher.match(action))
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(app.run_action, action), help=action)
