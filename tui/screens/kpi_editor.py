"""The KPI editor: a modal listing one initiative's KPIs, to add, edit and delete them.

Each KPI is edited in a small form holding every field of :class:`roadmap.core.model.plan.Kpi`. A value
that cannot be read (a number that is not a number, a date that is not a date, a ``targets``
pair that is not ``2026=20``) or that :class:`~roadmap.core.model.plan.Kpi` refuses is shown next to its
field and not applied. The screen works on a copy of the KPIs and dismisses with the new list
(``None`` on cancel); the app writes it to the plan through its normal edit path (undo, redo,
recompute), so nothing here touches the document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from roadmap.core.i18n import Lang, text
from roadmap.core.model.plan import Kpi
from tui.safety import SafeHandlers

__all__ = ["KPI_FORM_FIELDS", "KpiEditor", "format_number", "kpi_form_values", "read_kpi_form"]

#: The fields of the KPI form, in the plan format's order.
KPI_FORM_FIELDS: tuple[str, ...] = (
    "name",
    "unit",
    "kind",
    "baseline",
    "target",
    "actual",
    "direction",
    "due",
    "targets",
)

_NUMBERS = ("baseline", "target", "actual")
_SELECTS: dict[str, tuple[str, ...]] = {
    "kind": ("output", "outcome"),
    "direction": ("lower", "higher"),
}
_DEFAULTS = {"kind": "outcome", "direction": "higher"}
_PAIR_SPLIT = re.compile(r"\s*[,、，]\s*")
_PAIR = re.compile(r"^(\d{4})\s*[=＝:]\s*(\S+)$")


def format_number(value: object) -> str:
    """A number as a person writes it: ``30`` rather than ``30.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def kpi_form_values(kpi: Mapping[str, Any]) -> dict[str, str]:
    """The text each form field shows for ``kpi`` (plain data as written in the file)."""
    values: dict[str, str] = {}
    for field in KPI_FORM_FIELDS:
        value = kpi.get(field)
        if field in _SELECTS:
            values[field] = str(value) if value in _SELECTS[field] else _DEFAULTS[field]
        elif field == "targets":
            pairs = value.items() if isinstance(value, Mapping) else []
            values[field] = ", ".join(f"{year}={format_number(v)}" for year, v in pairs)
        elif isinstance(value, dt.date):
            values[field] = value.isoformat()
        else:
            values[field] = format_number(value) if value is not None else ""
    return values


def read_kpi_form(
    values: Mapping[str, str], base: Mapping[str, Any], lang: Lang = "ja"
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The KPI the form describes, or the message of each field that is wrong.

    ``base`` is the KPI as the file holds it: a select left at its default stays unwritten
    when the file did not write it, so an edit changes only what the user changed.
    """
    kpi: dict[str, Any] = {k: v for k, v in base.items() if k not in KPI_FORM_FIELDS}
    errors: dict[str, str] = {}
    for field in KPI_FORM_FIELDS:
        raw = values.get(field, "").strip()
        if field in _SELECTS:
            if raw and (field in base or raw != _DEFAULTS[field]):
                kpi[field] = raw
        elif field in _NUMBERS:
            if raw:
                try:
                    kpi[field] = _number(float(raw.replace(",", "").replace("_", "")))
                except ValueError:
                    errors[field] = text("tui.field.bad_number", lang)
        elif field == "due":
            if raw:
                try:
                    kpi[field] = dt.date.fromisoformat(raw)
                except ValueError:
                    errors[field] = text("tui.field.bad_date", lang)
        elif field == "targets":
            targets = _read_targets(raw)
            if targets is None:
                errors[field] = text("tui.kpi_editor.bad_targets", lang)
            elif targets:
                kpi[field] = targets
        elif field == "name" and not raw:
            errors[field] = text("tui.field.required", lang)
        elif raw:
            kpi[field] = raw
    if errors:
        return None, errors
    try:
        Kpi.model_validate(kpi)
    except ValidationError as error:
        for detail in error.errors():
            location = str(detail["loc"][0]) if detail["loc"] else "name"
            field = location if location in KPI_FORM_FIELDS else "name"
            errors.setdefault(field, str(detail["msg"]))
        return None, errors
    return kpi, {}


def _read_targets(raw: str) -> dict[int, int | float] | None:
    """``"2026=20, 2027=10"`` -> ``{2026: 20, 2027: 10}``; ``None`` when it cannot be read."""
    targets: dict[int, int | float] = {}
    for part in _PAIR_SPLIT.split(raw.strip()) if raw.strip() else []:
        match = _PAIR.match(part)
        if match is None:
            return None
        try:
            targets[int(match[1])] = _number(float(match[2]))
        except ValueError:
            return None
    return targets


def _field_label(field: str, lang: Lang) -> str:
    key = "tui.kpi_editor.targets" if field == "targets" else f"kpi.{field}"
    return text(key, lang)


class KpiEditor(SafeHandlers, ModalScreen[list[dict[str, Any]] | None]):
    """The KPIs of one initiative: a list, a form for the KPI chosen, and the buttons."""

    DEFAULT_CSS = """
    KpiEditor { align: center middle; }
    KpiEditor .dialog { width: 84; height: 90%; }
    KpiEditor #kpi-list { height: auto; max-height: 6; margin-bottom: 1; }
    KpiEditor #kpi-empty { color: $text-muted; margin-bottom: 1; }
    KpiEditor #kpi-form { height: 1fr; }
    KpiEditor .kpi-row { height: auto; }
    KpiEditor .kpi-label { width: 16; color: $text-muted; text-style: bold; }
    KpiEditor .kpi-row Input, KpiEditor .kpi-row Select { width: 1fr; }
    KpiEditor .kpi-message { height: auto; display: none; padding-left: 16; }
    KpiEditor Input.-invalid { background: $error 30%; }
    KpiEditor .dialog-buttons { margin-top: 1; }
    KpiEditor .dialog-buttons Button { margin-left: 1; min-width: 6; width: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("ctrl+n", "add", "Add", show=False),
    ]

    def __init__(
        self,
        initiative_id: str,
        kpis: list[dict[str, Any]],
        lang: Lang = "ja",
        *,
        id: str | None = "kpi-editor",
    ) -> None:
        super().__init__(id=id)
        self.initiative_id = initiative_id
        self.lang: Lang = lang
        self.kpis: list[dict[str, Any]] = [dict(kpi) for kpi in kpis]
        #: The KPI the form edits (``len(self.kpis)`` for a new one, ``None`` for none).
        self.index: int | None = 0 if kpis else None
        self.errors: dict[str, str] = {}

    # -- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(classes="dialog"):
            title = text("tui.kpi_editor.title", lang, id=self.initiative_id)
            yield Label(Content(title), classes="dialog-title")  # an id is not markup
            yield OptionList(id="kpi-list")
            yield Static(text("tui.kpi_editor.none", lang), id="kpi-empty")
            with VerticalScroll(id="kpi-form"):
                for field in KPI_FORM_FIELDS:
                    with Horizontal(classes="kpi-row"):
                        yield Label(_field_label(field, lang), classes="kpi-label")
                        yield self._editor(field)
                    yield Static("", id=f"kpi-msg-{field}", classes="kpi-message")
            with Horizontal(classes="dialog-buttons"):
                for key, label, variant in (
                    ("add", "tui.kpi_editor.add", "default"),
                    ("delete", "tui.kpi_editor.delete", "error"),
                    ("apply", "tui.kpi_editor.apply", "default"),
                    ("ok", "tui.dialog.ok", "primary"),
                    ("cancel", "tui.confirm.cancel", "default"),
                ):
                    yield Button(
                        text(label, lang),
                        id=f"kpi-{key}",
                        variant=variant,  # type: ignore[arg-type]
                        compact=True,
                    )

    def _editor(self, field: str) -> Input | Select[str]:
        lang = self.lang
        if field in _SELECTS:
            options = [(text(f"kpi.{field}.{name}", lang), name) for name in _SELECTS[field]]
            return Select(options, allow_blank=False, id=f"kpi-{field}", compact=True)
        placeholder = {"due": "YYYY-MM-DD", "targets": "2026=20, 2027=10"}.get(field, "")
        return Input(placeholder=placeholder, id=f"kpi-{field}", compact=True)

    def on_mount(self) -> None:
        self._show_list()
        self._fill()
        if self.kpis:
            self.query_one("#kpi-list", OptionList).focus()
        else:
            self.query_one("#kpi-add", Button).focus()

    # -- showing ---------------------------------------------------------------------------

    def _show_list(self) -> None:
        listing = self.query_one("#kpi-list", OptionList)
        options: list[Option] = []
        for kpi in self.kpis:
            line = Text(str(kpi.get("name", "")), style="bold")
            target = kpi.get("target")
            if target is not None:
                line.append(f"  → {format_number(target)}{kpi.get('unit', '')}")
            options.append(Option(line))
        if self.index is not None and self.index >= len(self.kpis):
            options.append(Option(Text(text("tui.kpi_editor.new", self.lang), style="italic")))
        with listing.prevent(OptionList.OptionHighlighted):
            listing.clear_options()
            listing.add_options(options)
            if self.index is not None and options:
                listing.highlighted = min(self.index, len(options) - 1)
        listing.display = bool(options)
        self.query_one("#kpi-empty").display = not options
        self.query_one("#kpi-form").display = self.index is not None
        self.query_one("#kpi-delete", Button).disabled = self.index is None

    def _fill(self) -> None:
        """Show the KPI being edited in the form (a new one: empty fields)."""
        current = self._current()
        for field, value in kpi_form_values(current).items():
            editor = self.query_one(f"#kpi-{field}")
            if isinstance(editor, Select):
                with editor.prevent(Select.Changed):
                    editor.value = value
            elif isinstance(editor, Input):
                editor.value = value
        self._show_errors({})

    def _current(self) -> dict[str, Any]:
        if self.index is None or self.index >= len(self.kpis):
            return {}
        return self.kpis[self.index]

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.errors = errors
        for field in KPI_FORM_FIELDS:
            message = self.query_one(f"#kpi-msg-{field}", Static)
            problem = errors.get(field)
            message.update(Text(problem or "", style="bold red"))
            message.display = problem is not None
            self.query_one(f"#kpi-{field}").set_class(problem is not None, "-invalid")

    def _form_values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for field in KPI_FORM_FIELDS:
            editor = self.query_one(f"#kpi-{field}")
            if isinstance(editor, Select):
                values[field] = "" if editor.value is Select.NULL else str(editor.value)
            elif isinstance(editor, Input):
                values[field] = editor.value
        return values

    # -- editing ---------------------------------------------------------------------------

    def apply_form(self) -> bool:
        """Put the form's KPI into the list; on a bad value show why and keep the list."""
        if self.index is None:
            return True
        current = self._current()
        if self.index < len(self.kpis) and self._form_values() == kpi_form_values(current):
            self._show_errors({})
            return True
        kpi, errors = read_kpi_form(self._form_values(), current, self.lang)
        if kpi is None:
            self._show_errors(errors)
            return False
        if self.index < len(self.kpis):
            self.kpis[self.index] = kpi
        else:
            self.kpis.append(kpi)
        self._show_errors({})
        self._show_list()
        return True

    def action_add(self) -> None:
        """Start a new KPI (added to the list when applied)."""
        if self.index is not None and self.index < len(self.kpis) and not self.apply_form():
            return
        self.index = len(self.kpis)
        self._show_list()
        self._fill()
        self.query_one("#kpi-name", Input).focus()

    def action_delete(self) -> None:
        """Remove the KPI being edited (a new one not yet applied is dropped)."""
        if self.index is None:
            return
        if self.index < len(self.kpis):
            del self.kpis[self.index]
        self.index = min(self.index, len(self.kpis) - 1) if self.kpis else None
        self._show_list()
        self._fill()

    def action_ok(self) -> None:
        """Apply the form, then close with the KPIs (a bad value keeps the editor open)."""
        if not self.apply_form():
            self.notify(text("tui.dialog.fix_first", self.lang), severity="error")
            return
        self.dismiss(self.kpis)

    def action_cancel(self) -> None:
        self.dismiss(None)

    # -- events ----------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index == self.index:
            return
        if self.index is not None and self.index >= len(self.kpis):
            # leaving a new KPI that was never applied drops it
            self.index = event.option_index
            self._show_list()
        self.index = event.option_index
        self._fill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#kpi-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_form()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {
            "kpi-add": self.action_add,
            "kpi-delete": self.action_delete,
            "kpi-apply": self.apply_form,
            "kpi-ok": self.action_ok,
            "kpi-cancel": self.action_cancel,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()
