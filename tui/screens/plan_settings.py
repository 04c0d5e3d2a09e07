"""The plan settings editor: a modal for the ``[plan]`` table (title, organization, start,
status date, calendar, deadline, holidays, year-end closure).

Every value is read from text and checked with :class:`roadmap.core.model.plan.PlanSettings`; a value
that cannot be read or that the model refuses is shown next to its field and nothing is
applied. The screen dismisses with the keys that changed (``None`` as a value removes the key;
``None`` as the result means cancel); the app writes them through its normal edit path, so the
schedule is recomputed and the edit can be undone.
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
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from roadmap.core.i18n import Lang, field_label, text
from roadmap.core.model.plan import PlanSettings
from tui.safety import SafeHandlers

__all__ = ["PLAN_FORM_FIELDS", "PlanSettingsScreen", "plan_form_values", "read_plan_form"]

#: The ``[plan]`` keys the form edits, in the plan format's order.
PLAN_FORM_FIELDS: tuple[str, ...] = (
    "title",
    "organization",
    "start",
    "status_date",
    "calendar",
    "deadline",
    "holidays",
    "year_end_closure",
)

_DATES = ("start", "status_date", "deadline")
_CALENDARS = ("business", "calendar")
_SPLIT = re.compile(r"\s*[,、，]\s*")


def plan_form_values(settings: Mapping[str, Any]) -> dict[str, str]:
    """The text each field shows for the ``[plan]`` table as written in the file."""
    values: dict[str, str] = {}
    for field in PLAN_FORM_FIELDS:
        value = settings.get(field)
        if field == "calendar":
            values[field] = str(value) if value in _CALENDARS else "business"
        elif isinstance(value, list | tuple):
            values[field] = ", ".join(_text_of(item) for item in value)
        else:
            values[field] = "" if value is None else _text_of(value)
    return values


def _text_of(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def read_plan_form(
    values: Mapping[str, str], settings: Mapping[str, Any], lang: Lang = "ja"
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The ``[plan]`` keys that the form changes (``None`` = remove the key), or the message of
    each field that is wrong. ``settings`` is the ``[plan]`` table as the file holds it."""
    shown = plan_form_values(settings)
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in PLAN_FORM_FIELDS:
        raw = values.get(field, "").strip()
        if raw == shown[field].strip():
            continue
        value, problem = _read(field, raw, lang)
        if problem is not None:
            errors[field] = problem
        else:
            changes[field] = value
    if errors:
        return None, errors
    merged = {**settings, **{k: v for k, v in changes.items() if v is not None}}
    for key in [k for k, v in changes.items() if v is None]:
        merged.pop(key, None)
    try:
        PlanSettings.model_validate(merged)
    except ValidationError as error:
        for detail in error.errors():
            location = str(detail["loc"][0]) if detail["loc"] else "title"
            field = location if location in PLAN_FORM_FIELDS else "title"
            errors.setdefault(field, _model_message(field, str(detail["msg"]), lang))
        return None, errors
    return changes, {}


def _model_message(field: str, message: str, lang: Lang) -> str:
    """The reader's words for a value :class:`PlanSettings` refused."""
    if field == "year_end_closure":
        return text("tui.plan_settings.bad_closure", lang)
    if field in _DATES or field == "holidays":
        return text("tui.field.bad_date", lang)
    return message


def _read(field: str, raw: str, lang: Lang) -> tuple[Any, str | None]:
    """The value of one field read from its text, or why it cannot be read."""
    if field == "title":
        return (raw, None) if raw else (None, text("tui.field.required", lang))
    if field in _DATES:
        if not raw:
            return (None, text("tui.field.required", lang)) if field == "start" else (None, None)
        try:
            return dt.date.fromisoformat(raw), None
        except ValueError:
            return None, text("tui.field.bad_date", lang)
    if field == "holidays":
        try:
            days = [dt.date.fromisoformat(part) for part in _SPLIT.split(raw) if part]
        except ValueError:
            return None, text("tui.field.bad_date", lang)
        return (days or None), None
    if field == "year_end_closure":
        parts = [part for part in _SPLIT.split(raw) if part]
        if not parts:
            return None, None
        if len(parts) != 2 or not all(re.fullmatch(r"\d{2}-\d{2}", part) for part in parts):
            return None, text("tui.plan_settings.bad_closure", lang)
        return parts, None
    return (raw or None), None


class PlanSettingsScreen(SafeHandlers, ModalScreen[dict[str, Any] | None]):
    """The ``[plan]`` table in a form; dismisses with the changed keys."""

    DEFAULT_CSS = """
    PlanSettingsScreen { align: center middle; }
    PlanSettingsScreen .dialog { width: 80; height: auto; max-height: 95%; }
    PlanSettingsScreen #plan-form { height: auto; max-height: 20; }
    PlanSettingsScreen .plan-row { height: auto; }
    PlanSettingsScreen .plan-label { width: 16; color: $text-muted; text-style: bold; }
    PlanSettingsScreen .plan-row Input, PlanSettingsScreen .plan-row Select { width: 1fr; }
    PlanSettingsScreen .plan-message { height: auto; display: none; padding-left: 16; }
    PlanSettingsScreen Input.-invalid { background: $error 30%; }
    PlanSettingsScreen .dialog-buttons { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    def __init__(
        self, settings: Mapping[str, Any], lang: Lang = "ja", *, id: str | None = "plan-settings"
    ) -> None:
        super().__init__(id=id)
        self.settings = dict(settings)
        self.lang: Lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        values = plan_form_values(self.settings)
        with Vertical(classes="dialog"):
            yield Label(text("tui.binding.plan_settings", lang), classes="dialog-title")
            with VerticalScroll(id="plan-form"):
                for field in PLAN_FORM_FIELDS:
                    with Horizontal(classes="plan-row"):
                        label = field_label("title_plan" if field == "title" else field, lang)
                        yield Label(label, classes="plan-label")
                        yield self._editor(field, values[field])
                    yield Static("", id=f"plan-msg-{field}", classes="plan-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(text("tui.dialog.ok", lang), id="plan-ok", variant="primary")
                yield Button(text("tui.confirm.cancel", lang), id="plan-cancel")

    def _editor(self, field: str, value: str) -> Input | Select[str]:
        lang = self.lang
        if field == "calendar":
            options = [
                (text(f"tui.plan_settings.calendar.{name}", lang), name) for name in _CALENDARS
            ]
            return Select(options, allow_blank=False, value=value, id="plan-calendar", compact=True)
        placeholder = {
            "holidays": text("tui.plan_settings.dates_hint", lang),
            "year_end_closure": text("tui.plan_settings.closure_hint", lang),
        }.get(field, "YYYY-MM-DD" if field in _DATES else "")
        return Input(value, placeholder=placeholder, id=f"plan-{field}", compact=True)

    def on_mount(self) -> None:
        self.query_one("#plan-title", Input).focus()

    def _form_values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for field in PLAN_FORM_FIELDS:
            editor = self.query_one(f"#plan-{field}")
            if isinstance(editor, Select):
                values[field] = "" if editor.value is Select.NULL else str(editor.value)
            elif isinstance(editor, Input):
                values[field] = editor.value
        return values

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show each field's message (and clear the others)."""
        for field in PLAN_FORM_FIELDS:
            problem = errors.get(field)
            message = self.query_one(f"#plan-msg-{field}", Static)
            message.update(Text(problem or "", style="bold red"))
            message.display = problem is not None
            self.query_one(f"#plan-{field}").set_class(problem is not None, "-invalid")

    def action_ok(self) -> None:
        """Close with the changed keys; a bad value keeps the form open and says why."""
        changes, errors = read_plan_form(self._form_values(), self.settings, self.lang)
        if changes is None:
            self.show_errors(errors)
            return
        self.dismiss(changes)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_ok()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "plan-ok":
            self.action_ok()
        else:
            self.action_cancel()
