"""Key binding labels in the reader's language.

Bindings carry an ``id``; :func:`localize_bindings` gives an app or screen instance the
description ``tui.binding.<id>`` from :mod:`roadmap.i18n`, so the footer, the help screen and
the command palette speak Japanese by default and English with ``--lang en``.
"""

from __future__ import annotations

import dataclasses

from textual.binding import Binding
from textual.dom import DOMNode

from roadmap.i18n import Lang, has_text, text

__all__ = ["binding_rows", "localize_bindings"]


def localize_bindings(node: DOMNode, lang: Lang) -> None:
    """Replace the descriptions of ``node``'s bindings that have an id with their labels."""
    table = node._bindings.key_to_bindings
    for key, bindings in list(table.items()):
        table[key] = [_localized(binding, lang) for binding in bindings]


def _label_key(binding: Binding) -> str | None:
    """The catalogue key of a binding's label: its id when it names one, else tui.binding.<id>."""
    if binding.id is None:
        return None
    key = binding.id if binding.id.startswith("tui.") else f"tui.binding.{binding.id}"
    return key if has_text(key) else None


def _localized(binding: Binding, lang: Lang) -> Binding:
    key = _label_key(binding)
    if key is None:
        return binding
    return dataclasses.replace(binding, description=text(key, lang, count="").strip())


def binding_rows(nodes: list[DOMNode]) -> list[tuple[str, str]]:
    """(keys, description) per action of ``nodes``' own labelled bindings (not Textual's)."""
    keys_of: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    for node in nodes:
        for key, bindings in node._bindings.key_to_bindings.items():
            for binding in bindings:
                if not binding.description or _label_key(binding) is None:
                    continue
                action = binding.action
                shown = _KEY_NAMES.get(key, key)
                if action not in described:
                    described[action] = binding.description
                    keys_of[action] = []
                if shown not in keys_of[action]:
                    keys_of[action].append(shown)
    return [(" / ".join(keys_of[action]), described[action]) for action in described]


_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "exclamation_mark": "!",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
}
