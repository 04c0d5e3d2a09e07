"""Key binding labels in the reader's language.

Bindings carry an ``id``; the label of a binding is ``tui.binding.<id>`` (or the id itself when
it names a catalogue key) from :mod:`roadmap.core.i18n`, so the footer, the help screen and the
command palette speak Japanese by default and English with ``--lang en``.

Textual reads a class's ``BINDINGS`` when the class is created, so the language is chosen by
class: :func:`localized` gives the subclass of a screen, widget or app whose ``BINDINGS`` carry
the labels in one language (made once per class and language). A class whose instances know
their language at construction picks it in ``__new__`` (see :class:`LocalizedBindings`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from textual.binding import Binding
from textual.dom import DOMNode

from roadmap.core.i18n import Lang, has_text, text

__all__ = ["LocalizedBindings", "binding_rows", "class_bindings", "localized"]

NodeType = TypeVar("NodeType", bound=DOMNode)

_LOCALIZED: dict[tuple[type, str], type] = {}


def class_bindings(cls: type) -> dict[str, list[Binding]]:
    """Every key bound by ``cls`` and its bases, as Textual merges them (subclasses win)."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(cls.__mro__):
        declared = base.__dict__.get("BINDINGS")
        if not declared or not issubclass(base, DOMNode):
            continue
        by_key: dict[str, list[Binding]] = {}
        for binding in Binding.make_bindings(declared):
            by_key.setdefault(binding.key, []).append(binding)
        keys.update(by_key)
    return keys


def localized(cls: type[NodeType], lang: Lang) -> type[NodeType]:
    """The subclass of ``cls`` whose labelled bindings are described in ``lang``.

    It has the same name, so CSS that names ``cls`` applies to it unchanged.
    """
    if cls.__dict__.get("binding_lang") == lang:
        return cls
    base: type[NodeType] = cls.__dict__.get("binding_base", cls)
    made = _LOCALIZED.get((base, lang))
    if made is None:
        bindings = [
            _localized(binding, lang)
            for key_bindings in class_bindings(base).values()
            if any(_label_key(binding) is not None for binding in key_bindings)
            for binding in key_bindings
        ]
        namespace: dict[str, Any] = {
            "BINDINGS": bindings,
            "binding_lang": lang,
            "binding_base": base,
            "__module__": base.__module__,
            "__qualname__": base.__qualname__,
            "__doc__": base.__doc__,
        }
        made = type(base.__name__, (base,), namespace)
        _LOCALIZED[(base, lang)] = made
    return made


class LocalizedBindings:
    """Mixin: an instance is made of the subclass for its language (``lang`` argument)."""

    #: The language the bindings of this class are labelled in (``None``: as declared).
    binding_lang: str | None = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang", cls.lang_argument(args))
        chosen = localized(cls, lang)  # type: ignore[type-var]
        return super().__new__(chosen)

    @classmethod
    def lang_argument(cls, args: tuple[Any, ...]) -> Lang:
        """The language among the positional arguments (by default: none given, Japanese)."""
        return "ja"


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
        for key, bindings in class_bindings(type(node)).items():
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
