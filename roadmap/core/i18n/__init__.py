"""The one catalogue of user-facing words: step, status and field labels, and messages.

The words are data, not code: ``labels.toml`` holds the step, status and field labels and
``messages/*.toml`` the messages, one file per part of the tool, each entry with its Japanese
and English text side by side::

    ["check.summary"]
    ja = "エラー {errors}件、警告 {warnings}件"
    en = "{errors} error(s), {warnings} warning(s)"

Japanese first, English with ``lang="en"``. Every face (CLI, TUI, exporters) takes its labels
from here, so the TOML key ``owner``, the JSON key ``owner`` and the TUI label 担当 stay one idea.
The files are read once, on the first lookup.

>>> text("check.summary", "en", errors=1, warnings=2)
'1 error(s), 2 warning(s)'
>>> step_label("gov-cloud")
'ガバクラ'
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Literal, NamedTuple

__all__ = [
    "LANGS",
    "Label",
    "Lang",
    "UnknownMessageError",
    "as_lang",
    "catalogue",
    "field_label",
    "has_text",
    "status_label",
    "step_label",
    "step_word",
    "text",
]

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")


def as_lang(value: object) -> Lang:
    """The language a ``--lang`` value (or ``ROADMAP_LANG``) asks for: ``"en"``, else ``"ja"``.

    >>> as_lang("en"), as_lang("fr"), as_lang(None)
    ('en', 'ja', 'ja')
    """
    return "en" if value == "en" else "ja"


_HERE = Path(__file__).resolve().parent

#: Set (to anything) to make an unknown key raise instead of falling back to the key: the test
#: suite sets it, so a typo in a key fails a test instead of showing the key to a user.
STRICT_ENV = "ROADMAP_I18N_STRICT"


class UnknownMessageError(KeyError):
    """A message key that is not in the catalogue (raised only in strict mode)."""


class Label(NamedTuple):
    """A word in both languages, used as a message argument and rendered in the reader's."""

    ja: str
    en: str

    def __str__(self) -> str:
        return self.ja


#: A message table's header and its two lines, as the catalogue writes them (see
#: :func:`_read_plain`); the string is a TOML basic string without control characters.
_HEADER = re.compile(r'\["([^"\\\x00-\x1f\x7f]*)"\]')
_ENTRY = re.compile(
    r'(ja|en) = "((?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[btnfr"\\]|\\u[0-9A-Fa-f]{4})*)"'
)
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|.)")
_ESCAPED = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    code = match[1]
    return chr(int(code[1:], 16)) if len(code) == 5 else _ESCAPED[code]


def _read_plain(text: str) -> dict[str, Label] | None:
    """The messages of a catalogue file written the plain way (``["key"]`` then ``ja = "..."``
    and ``en = "..."``, comments and blank lines), read line by line in a tenth of the time
    ``tomllib`` takes (a command reads every file; at 17 files that was 13 ms of the 0.2 s a
    ``check`` may take). ``None`` for anything else, which :mod:`tomllib` then reads, so the
    result is always what ``tomllib`` would give (``tests/test_i18n_plain_read.py``)."""
    if "\r" in text or _CONTROL.search(text):
        return None
    found: dict[str, Label] = {}
    key: str | None = None
    values: dict[str, str] = {}
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        match = _ENTRY.fullmatch(line)
        if match is not None:
            if key is None or match[1] in values:
                return None
            body = match[2]
            if "\\" in body:
                body = _ESCAPE.sub(_unescape, body)
                if any(0xD800 <= ord(char) <= 0xDFFF for char in body):
                    return None
            values[match[1]] = body
            continue
        match = _HEADER.fullmatch(line)
        if match is None or match[1] in found or (key is not None and len(values) != 2):
            return None
        if key is not None:
            found[key] = Label(values["ja"], values["en"])
        key, values = match[1], {}
        if key in found:
            return None
    if key is not None:
        if len(values) != 2:
            return None
        found[key] = Label(values["ja"], values["en"])
    return found


#: Characters TOML allows nowhere in a file (tab aside; newlines are the line breaks).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _read(path: Path) -> dict[str, Label]:
    text = path.read_bytes().decode("utf-8")
    plain = _read_plain(text)
    if plain is not None:
        return plain
    data = tomllib.loads(text)
    return {key: Label(entry["ja"], entry["en"]) for key, entry in data.items()}


@cache
def catalogue() -> dict[str, Label]:
    """Every message, keyed by its name (``messages/*.toml``, read once).

    Raises ``ValueError`` when two files define the same key.
    """
    merged: dict[str, Label] = {}
    for path in sorted((_HERE / "messages").glob("*.toml")):
        for key, label in _read(path).items():
            if key in merged:
                raise ValueError(f"message {key!r} is defined twice (again in {path.name})")
            merged[key] = label
    return merged


@cache
def _labels() -> dict[str, dict[str, Label]]:
    with (_HERE / "labels.toml").open("rb") as stream:
        data = tomllib.load(stream)
    return {
        kind: {key: Label(entry["ja"], entry["en"]) for key, entry in table.items()}
        for kind, table in data.items()
    }


def _pick(label: Label, lang: Lang) -> str:
    return label.en if lang == "en" else label.ja


def text(key: str, lang: Lang = "ja", /, **args: object) -> str:
    """The message ``key`` in ``lang`` with ``args`` filled in.

    An unknown key gives the key itself (a user sees a name, not a crash), or raises
    :class:`UnknownMessageError` when ``ROADMAP_I18N_STRICT`` is set, as it is under test.
    """
    label = catalogue().get(key)
    if label is None:
        if os.environ.get(STRICT_ENV):
            raise UnknownMessageError(key)
        return key
    template = _pick(label, lang)
    rendered = {
        name: (_pick(value, lang) if isinstance(value, Label) else value)
        for name, value in args.items()
    }
    try:
        return template.format(**rendered)
    except (KeyError, IndexError):
        return template


def has_text(key: str) -> bool:
    """Whether ``key`` is in the catalogue."""
    return key in catalogue()


def _label(kind: str, key: str) -> Label:
    return _labels()[kind].get(key, Label(key, key))


def step_word(step: str | None) -> Label:
    """The step's label in both languages, for message arguments."""
    return _label("step", "common" if step is None else str(step))


def step_label(step: str | None, lang: Lang = "ja") -> str:
    """``"standardize"`` -> ``"標準化"``; ``None`` (cross-cutting work) -> ``"共通 (基盤整備)"``."""
    return _pick(step_word(step), lang)


def status_label(status: str, lang: Lang = "ja") -> str:
    """``"in_progress"`` -> ``"進行中"``."""
    return _pick(_label("status", status), lang)


def field_label(field: str, lang: Lang = "ja") -> str:
    """``"owner"`` -> ``"担当"``: the TOML key, the JSON key and the TUI label are one idea."""
    return _pick(_label("field", field), lang)
