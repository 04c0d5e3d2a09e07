"""The footer: the key bindings that fit, then the command palette key at the right edge.

Textual's :class:`~textual.widgets.Footer` lays every binding out in a row that scrolls
sideways, with the palette key docked over its right end. When the row is longer than the
terminal (the Gantt tab's keys at 120 columns, most screens at 80), the keys under the palette
key still cut the line where their edges fall, and a cut inside a double-width character
blanks it: ``^p コマンド`` showed as ``^p コマ  ド``. The keys that do not fit left of the palette
key are hidden instead (f1 lists every key), so nothing is drawn under it.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.safety import SafeHandlers

__all__ = ["EditorFooter"]


class EditorFooter(SafeHandlers, Footer):
    """A footer that shows only the bindings with room left of the palette key."""

    async def recompose(self) -> None:
        """Rebuild the keys for the focused widget, then hide those that do not fit."""
        await super().recompose()
        self.call_after_refresh(self.hide_overflow)

    def on_resize(self, event: events.Resize) -> None:
        """A new width: lay every key out again (hidden ones may fit now)."""
        if self.is_attached:
            self.call_after_refresh(self.recompose)

    def hide_overflow(self) -> None:
        """Hide each key (or group) whose right edge would pass under the palette key.

        A key's last cell is its blank right padding: it may lie under the palette key's
        one-cell border line, where a cut splits no double-width character.
        """
        if not self.is_attached:
            return
        children = list(self.children)
        palette = [child for child in children if child.has_class("-command-palette")]
        room = self.content_region.width - sum(child.outer_size.width for child in palette)
        room += 1 if palette else 0
        self.scroll_to(x=0, animate=False, immediate=True)
        for child in children:
            if child in palette:
                continue
            fits = child.virtual_region_with_margin.right <= room
            if child.display != fits:
                child.display = fits

    @property
    def shown_keys(self) -> list[str]:
        """The keys on show, left to right (the palette key last)."""
        keys = [
            key
            for key in self.query(FooterKey)
            if not key.has_class("-command-palette")
            and key.display
            and (key.parent is self or (isinstance(key.parent, Widget) and key.parent.display))
        ]
        keys.extend(key for key in self.query(FooterKey) if key.has_class("-command-palette"))
        return [key.key for key in keys]
