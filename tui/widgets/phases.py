"""The phase view: waves, step windows, and the selected initiative's dependency chain.

Three blocks, top to bottom:

- the waves (topological generations from :attr:`roadmap.core.analysis.schedule.Schedule.waves`): work in
  one wave does not wait for anything in the same wave; each with its count, its date window
  and the first titles;
- each step's window (:attr:`roadmap.core.analysis.schedule.Schedule.steps`) with a proportional bar of
  coloured spaces over the plan's span;
- the layered chain of the selected initiative: what it waits for (upstream, grouped by how
  many links away) and what waits for it (downstream), from
  :func:`roadmap.core.analysis.graph.dependency_graph`.

Dates are the core's; this module only groups and prints them. Members of a dependency cycle
cannot be scheduled: they get no dates here, and the waves name them on a line of their own.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from rich.cells import set_cell_size
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from exporters.colors import CRITICAL, step_color
from roadmap.core.analysis.graph import dependency_graph
from roadmap.core.analysis.schedule import Schedule, StepWindow
from roadmap.core.i18n import Lang, step_label, text
from roadmap.core.model.plan import Plan
from tui.safety import SafeHandlers

if TYPE_CHECKING:  # NetworkX is imported when the phases tab first shows a chain
    import networkx as nx

__all__ = ["PhaseView", "chain_layers"]

#: Cells of the name column (step label, wave name, distance); even for wide characters.
NAME_CELLS = 18
#: Cells of the step-window bar.
BAR_CELLS = 40
#: Titles listed per wave line and per chain layer before "ほか N件".
MAX_TITLES_PER_WAVE = 5
MAX_ITEMS_PER_LAYER = 12

_HEADING = Style(bold=True)
_DIM = Style(dim=True)
_CRITICAL_TEXT = Style(color=CRITICAL, bold=True)


def chain_layers(graph: nx.DiGraph, selected: str) -> tuple[list[list[str]], list[list[str]]]:
    """Upstream and downstream of ``selected`` grouped by distance (nearest layer first).

    Distance is the fewest links between the two; ids inside a layer keep the graph's node
    (file) order.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> chain_layers(g, "c")
    ([['a', 'b']], [['d']])
    """
    import networkx as nx

    if selected not in graph:
        return [], []
    rank = {node: position for position, node in enumerate(graph.nodes)}

    def layers(distances: dict[str, int]) -> list[list[str]]:
        grouped: dict[int, list[str]] = {}
        for node, distance in distances.items():
            if distance > 0:
                grouped.setdefault(distance, []).append(node)
        return [sorted(grouped[d], key=rank.__getitem__) for d in sorted(grouped)]

    upstream = nx.single_source_shortest_path_length(graph.reverse(copy=False), selected)
    downstream = nx.single_source_shortest_path_length(graph, selected)
    return layers(upstream), layers(downstream)


class PhaseView(SafeHandlers, VerticalScroll):
    """Waves, step windows and the selected initiative's upstream and downstream chain."""

    DEFAULT_CSS = """
    PhaseView {
        height: 1fr;
        overflow-x: auto;
        padding: 0 1;
    }
    PhaseView > Static {
        width: auto;
        text-wrap: nowrap;
        text-overflow: clip;
        margin-bottom: 1;
    }
    PhaseView > .phases--band { background: $surface-lighten-2; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"phases--band"}

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._graph: tuple[Schedule, nx.DiGraph] | None = None
        #: The ids in a dependency cycle: the scheduler's dates for them would mislead.
        self._unscheduled: Collection[str] = frozenset()

    def compose(self) -> ComposeResult:
        yield Static(id="phases-waves")
        yield Static(id="phases-steps")
        yield Static(id="phases-chain")

    def show(
        self,
        plan: Plan,
        schedule: Schedule,
        selected: str | None,
        lang: Lang,
        *,
        unscheduled: Collection[str] = frozenset(),
    ) -> None:
        """Show the waves and step windows of ``schedule`` and the chain of ``selected``;
        ``unscheduled`` are the members of a dependency cycle, shown without dates."""
        self._unscheduled = unscheduled
        self.query_one("#phases-waves", Static).update(self.waves_text(plan, schedule, lang))
        self.query_one("#phases-steps", Static).update(self.steps_text(schedule, lang))
        self.query_one("#phases-chain", Static).update(
            self.chain_text(plan, schedule, selected, lang)
        )

    # -- blocks ----------------------------------------------------------------------------

    def waves_text(self, plan: Plan, schedule: Schedule, lang: Lang) -> Text:
        """One line per wave: name, count, first start to last finish, first titles."""
        lines = Text(text("schedule.waves", lang), style=_HEADING, no_wrap=True)
        items = schedule.initiatives
        unscheduled = self._unscheduled
        number = 0
        for wave in schedule.waves:
            members = [items[node] for node in wave if node in items and node not in unscheduled]
            if not members:
                continue
            number += 1
            lines.append("\n  ")
            lines.append(set_cell_size(text("tui.phases.wave", lang, n=number), NAME_CELLS))
            lines.append(set_cell_size(text("tui.phases.items", lang, n=len(members)), 10))
            if members:
                start = min(item.early_start for item in members)
                finish = max(item.early_finish for item in members)
                lines.append(f"{start.isoformat()} 〜 {finish.isoformat()}  ")
            shown = members[:MAX_TITLES_PER_WAVE]
            for index, item in enumerate(shown):
                if index:
                    lines.append(text("list.separator", lang))
                lines.append(item.title, style=_CRITICAL_TEXT if item.critical else None)
            if len(members) > len(shown):
                more = text("tui.phases.more", lang, n=len(members) - len(shown))
                lines.append(f" {more}", style=_DIM)
        cycle = [plan.initiatives[node] for node in plan.initiatives if node in unscheduled]
        if cycle:
            lines.append("\n  ")
            lines.append(set_cell_size(text("tui.phases.unscheduled", lang), NAME_CELLS))
            lines.append(set_cell_size(text("tui.phases.items", lang, n=len(cycle)), 10))
            lines.append(text("list.separator", lang).join(item.title for item in cycle), _DIM)
        return lines

    def steps_text(self, schedule: Schedule, lang: Lang) -> Text:
        """One line per step: swatch, label, count, window, and a bar over the plan's span."""
        lines = Text(text("schedule.steps", lang), style=_HEADING, no_wrap=True)
        for window in schedule.steps:
            color = step_color(window.step)
            lines.append("\n  ")
            lines.append(" ", style=Style(bgcolor=color))
            lines.append(" " + set_cell_size(step_label(window.step, lang), NAME_CELLS - 2))
            lines.append(set_cell_size(text("tui.phases.items", lang, n=window.count), 8))
            if window.start is None or window.finish is None:
                continue
            lines.append(f"{window.start.isoformat()} 〜 {window.finish.isoformat()}  ")
            lines.append_text(self._window_bar(schedule, window, color))
        return lines

    def _window_bar(self, schedule: Schedule, window: StepWindow, color: str) -> Text:
        """:data:`BAR_CELLS` cells over the plan's span, the step's window in its colour."""
        assert window.start is not None and window.finish is not None
        span_days = max(1, (schedule.finish - schedule.start).days + 1)

        def cell(day_offset: int) -> int:
            return min(BAR_CELLS - 1, max(0, day_offset * BAR_CELLS // span_days))

        first = cell((window.start - schedule.start).days)
        last = cell((window.finish - schedule.start).days)
        band = self.get_component_rich_style("phases--band")
        bar = Text()
        bar.append(" " * first, style=band)
        bar.append(" " * (last - first + 1), style=Style(bgcolor=color))
        bar.append(" " * (BAR_CELLS - last - 1), style=band)
        return bar

    def chain_text(self, plan: Plan, schedule: Schedule, selected: str | None, lang: Lang) -> Text:
        """The selected initiative between its upstream and downstream layers."""
        items = schedule.initiatives
        initiative = plan.initiatives.get(selected) if selected else None
        if selected is None or initiative is None:
            return Text(text("tui.phases.no_selection", lang), style=_DIM, no_wrap=True)
        heading = text("tui.phases.chain", lang, title=initiative.title)
        lines = Text(heading, style=_HEADING, no_wrap=True)
        upstream, downstream = chain_layers(self._dependency_graph(plan, schedule), selected)
        if not upstream and not downstream:
            lines.append("\n  ")
            lines.append(text("tui.phases.no_links", lang), style=_DIM)
            return lines
        rows: list[tuple[str, list[str]]] = [
            (text("tui.phases.upstream", lang, n=distance), layer)
            for distance, layer in reversed(list(enumerate(upstream, start=1)))
        ]
        rows.append((text("tui.phases.selected", lang), [selected]))
        rows.extend(
            (text("tui.phases.downstream", lang, n=distance), layer)
            for distance, layer in enumerate(downstream, start=1)
        )
        for name, layer in rows:
            for index, node in enumerate(layer[:MAX_ITEMS_PER_LAYER]):
                lines.append("\n  ")
                lines.append(set_cell_size(name if index == 0 else "", NAME_CELLS))
                item = items.get(node) if node not in self._unscheduled else None
                title = item.title if item else plan.initiatives[node].title
                style = _CRITICAL_TEXT if item and item.critical else None
                if node == selected:
                    style = Style(bold=True, reverse=True)
                lines.append(title, style=style)
                lines.append(f" ({node})", style=_DIM)
                if item is not None:
                    dates = f"  {item.early_start.isoformat()} 〜 {item.early_finish.isoformat()}"
                    lines.append(dates, style=_DIM)
            if len(layer) > MAX_ITEMS_PER_LAYER:
                lines.append("\n  " + " " * NAME_CELLS)
                more = text("tui.phases.more", lang, n=len(layer) - MAX_ITEMS_PER_LAYER)
                lines.append(more, style=_DIM)
        return lines

    def _dependency_graph(self, plan: Plan, schedule: Schedule) -> nx.DiGraph:
        """The plan's dependency graph, rebuilt only when a new schedule arrives."""
        if self._graph is None or self._graph[0] is not schedule:
            self._graph = (schedule, dependency_graph(plan))
        return self._graph[1]
