"""The detail form: every field of the selected initiative, validated as it is entered.

A value is applied when the field is submitted (Enter) or left (Tab, click elsewhere); until
then the field holds *pending* text (:meth:`DetailForm.pending_fields`), which the app applies
before a save or a quit, and shows as unsaved. A value that cannot be read (a bad duration, a
date that is not a date) is shown next to the field and not applied; problems the core finds
after an edit are shown next to their field as well. The
dependency editor finds initiatives by a fuzzy search over ids and titles, with the link type
(FS/SS/FF) and lag, and refuses a dependency that would close a cycle, naming the cycle.

The form only posts :class:`DetailForm.FieldChanged`; the app applies the edit. Plan text
(ids, titles) is shown as written, never read as markup.

Why one module of this size: one form, one field per plan key, each with its input, its check
and its apply; the checks themselves are the core's (:mod:`roadmap.core.planfile.fieldcheck`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.fuzzy import Matcher
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from roadmap.core.calendar.council import driver_label
from roadmap.core.i18n import Lang, as_lang, field_label, status_label, step_label, text
from roadmap.core.model.plan import DependencyType, Status, Step, parse_dependency
from roadmap.core.model.problems import Problem
from roadmap.core.planfile.document import dependency_value, ids_in
from tui.bindings import LocalizedBindings
from tui.fields import FIELD_KINDS, Parsed, format_value, parse_value
from tui.safety import SafeHandlers
from tui.state import PlanState

__all__ = ["DetailForm", "dependency_candidates", "form_label", "widget_id"]

_NO_STEP = "-"

#: The fields in the order the form shows them ("depends_on" is the dependency editor).
FORM_FIELDS: tuple[str, ...] = (
    "title",
    "step",
    "owner",
    "duration",
    "depends_on",
    "not_before",
    "deadline",
    "status",
    "progress",
    "actual_start",
    "actual_finish",
    "tags",
    "notes",
    "cost.initial",
    "cost.annual",
    "cost.annual_before",
    "cost.subsidy",
    "cost.booking",
    "cost.funding",
    "staffing",
    "kpis",
)


def widget_id(field: str) -> str:
    """The id of the editor of ``field`` (``cost.initial`` -> ``field-cost-initial``)."""
    return "field-" + field.replace(".", "-").replace("_", "-")


def _message_id(field: str) -> str:
    return "msg-" + field.replace(".", "-").replace("_", "-")


def form_label(field: str, lang: Lang) -> str:
    """The label the form shows for ``field`` (``cost.initial`` -> 初期費用)."""
    if field.startswith("cost."):
        return text(f"tui.cost.{field.split('.', 1)[1]}", lang)
    return field_label(field, lang)


def form_field_of(problem_field: str | None) -> str | None:
    """The form field a problem's field path belongs to (``depends_on.1`` -> ``depends_on``)."""
    if not problem_field:
        return None
    for field in FORM_FIELDS:
        if problem_field == field or problem_field.startswith(field + "."):
            return field
    head = problem_field.split(".", 1)[0]
    return head if head in FORM_FIELDS else None


def dependency_candidates(
    state: PlanState, initiative_id: str, query: str, limit: int = 8
) -> list[tuple[str, str]]:
    """Up to ``limit`` (id, title) pairs matching ``query``: substring hits first, then fuzzy."""
    query = query.strip()
    if not query:
        return []
    needle = query.casefold()
    found: list[tuple[float, int, str, str]] = []
    pool: list[tuple[int, str, str]] = []
    for position, other in enumerate(state.order):
        if other == initiative_id:
            continue
        title = state.row(other).title if other not in state.models else state.models[other].title
        haystack = f"{other} {title}"
        if needle in haystack.casefold():
            score = 2.0 if other.casefold().startswith(needle) else 1.5
            found.append((score, position, other, title))
        else:
            pool.append((position, other, title))
    if len(found) < limit:
        matcher = Matcher(query)
        for position, other, title in pool[:3000]:
            score = matcher.match(f"{other} {title}")
            if score > 0:
                found.append((score, position, other, title))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [(other, title) for _score, _position, other, title in found[:limit]]


class DependencyList(SafeHandlers, OptionList):
    """The current dependencies; Delete removes the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace,x", "remove", "Remove dependency", show=False),
    ]

    class Remove(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def action_remove(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Remove(self.highlighted))


class DependencySearch(SafeHandlers, Input):
    """The search box of the dependency editor; Down moves into the candidates."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "candidates", "Candidates", show=False),
    ]

    def action_candidates(self) -> None:
        candidates = self.screen.query_one("#dep-candidates", OptionList)
        if candidates.option_count:
            candidates.focus()
            candidates.highlighted = 0


_DRIVERS = {
    "start": "start",
    "not_before": "not_before",
    "status_date": "status_date",
    "actual": "actual_start",
}


def _driver(state: PlanState, driver: str, lang: Lang) -> str:
    """What held an initiative's start, in words: a constraint's label or the predecessor."""
    if driver in _DRIVERS:
        return field_label(_DRIVERS[driver], lang)
    town = driver_label(driver, lang)  # 予算, 補正, 議会, 作業不可期間: words, not codes
    if town is not None:
        return town
    other = state.models.get(driver)
    return f"{driver} ({other.title})" if other is not None else driver


def _days(state: PlanState, count: int, lang: Lang) -> str:
    """``12開庁日`` on the business calendar, ``12日`` on the calendar calendar."""
    schedule = state.analysis.schedule
    working = schedule is None or schedule.calendar.kind == "business"
    return text("working_days" if working else "days", lang, n=count)


def _update(widget: Static, content: Text | str, *, layout: bool = True) -> None:
    """Update ``widget`` only when its content changes (each update costs a layout pass)."""
    if getattr(widget, "_shown_content", None) != content:
        widget._shown_content = content  # type: ignore[attr-defined]
        # plan text is shown as written: "[/]" in a title is not markup
        widget.update(Text(content) if isinstance(content, str) else content, layout=layout)


def _show(widget: Widget, visible: bool) -> None:
    if widget.display != visible:
        widget.display = visible


class DetailForm(SafeHandlers, LocalizedBindings, VerticalScroll):
    """The editor of one initiative."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False, id="back"),
    ]

    class FieldChanged(Message):
        """The user entered a valid new value for ``field`` of ``initiative_id``."""

        def __init__(self, initiative_id: str, field: str, value: Any) -> None:
            super().__init__()
            self.initiative_id = initiative_id
            self.field = field
            self.value = value

    class Back(Message):
        """The user left the form (Escape)."""

    class PendingChanged(Message):
        """A field started or stopped holding typed text that is not applied yet."""

        def __init__(self, pending: bool) -> None:
            super().__init__()
            self.pending = pending

    class EditKpis(Message):
        """The user asked to edit the initiative's KPIs (the KPI editor opens)."""

    @classmethod
    def lang_argument(cls, args: tuple[Any, ...]) -> Lang:
        """``DetailForm(lang)``: the bindings are labelled in ``lang``."""
        return as_lang(args[0] if args else None)

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.state: PlanState | None = None
        self.initiative_id: str | None = None
        self._errors: dict[str, str] = {}
        self._shown_values: dict[str, str] = {}
        self._pending = False
        self._inputs: dict[str, Input] = {}

    # -- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Static(text("tui.detail.none", lang), id="detail-heading")
        yield Static("", id="detail-schedule")
        for field in FORM_FIELDS:
            with Vertical(classes="field", id="row-" + widget_id(field)):
                yield Label(form_label(field, lang), classes="field-label")
                yield from self._editor(field)
                yield Static("", id=_message_id(field), classes="field-message")

    def _editor(self, field: str) -> ComposeResult:
        lang = self.lang
        if field == "step":
            options = [(step_label(step.value, lang), step.value) for step in Step]
            options.append((step_label(None, lang), _NO_STEP))
            yield Select(options, allow_blank=False, id=widget_id(field), compact=True)
        elif field == "status":
            options = [(status_label(status.value, lang), status.value) for status in Status]
            yield Select(options, allow_blank=False, id=widget_id(field), compact=True)
        elif field == "cost.booking":
            options = [
                (text(f"tui.booking.{name}", lang), name) for name in ("start", "spread", "finish")
            ]
            yield Select(options, prompt="-", id=widget_id(field), compact=True)
        elif field == "depends_on":
            yield DependencyList(id="dep-list")
            with Horizontal(id="dep-add"):
                yield DependencySearch(
                    placeholder=text("tui.dep.search", lang), id="dep-search", compact=True
                )
                yield Select(
                    [(kind.value, kind.value) for kind in DependencyType],
                    allow_blank=False,
                    value="FS",
                    id="dep-type",
                    compact=True,
                )
                yield Input(placeholder=field_label("lag", lang), id="dep-lag", compact=True)
            yield OptionList(id="dep-candidates")
        elif field == "kpis":
            yield Static("", id=widget_id(field))
            yield Button(text("tui.binding.edit_kpis", lang), id="kpi-edit", compact=True)
        else:
            placeholder = ""
            if field == "duration":
                placeholder = "3mo / 2w / 10d / 4mo/5mo/8mo"
            elif FIELD_KINDS.get(field) == "date":
                placeholder = "YYYY-MM-DD"
            elif field == "staffing":
                placeholder = text("tui.staffing.hint", lang)
            yield Input(placeholder=placeholder, id=widget_id(field), compact=True)

    # -- showing ---------------------------------------------------------------------------

    def show(
        self, state: PlanState, initiative_id: str | None, *, reset: Iterable[str] = ()
    ) -> None:
        """Fill the form for ``initiative_id``; a field being typed in is left alone, except
        the fields named in ``reset`` (an undo or redo of theirs shows the value it restored)."""
        changed = initiative_id != self.initiative_id
        resets = set(reset)
        self.state = state
        self.initiative_id = initiative_id
        if changed:
            self._errors.clear()
            self._forget_typing()
        lang = self.lang
        heading = self.query_one("#detail-heading", Static)
        schedule_line = self.query_one("#detail-schedule", Static)
        exists = initiative_id is not None and initiative_id in state.order
        disabled = not exists or not state.editable
        if self.disabled != disabled:
            self.disabled = disabled
        if not exists or initiative_id is None:
            _update(heading, text("tui.detail.none", lang))
            _update(schedule_line, "")
            self._check_pending()
            return
        _update(heading, Text(f"{field_label('id', lang)}: {initiative_id}", style="bold"))
        _update(schedule_line, self._schedule_text(state, initiative_id), layout=False)
        raw = state.raw(initiative_id)
        for field in FORM_FIELDS:
            self._fill(field, raw, changed or field in resets)
        self._show_dependencies(state, initiative_id, raw)
        self._show_messages(state.problems_of(initiative_id))
        self._check_pending()

    def _forget_typing(self) -> None:
        """Another initiative is shown: the dependency search, its candidates and the form's
        own error messages belong to the one before."""
        search = self.query_one("#dep-search", Input)
        if search.value:
            with search.prevent(Input.Changed):
                search.value = ""
        candidates = self.query_one("#dep-candidates", OptionList)
        candidates.clear_options()
        candidates.display = False
        for field in FORM_FIELDS:
            for widget in self.query("#" + _message_id(field)):
                if isinstance(widget, Static):
                    _update(widget, "")
                    _show(widget, False)
            for editor in self.query("#" + widget_id(field)):
                editor.remove_class("-invalid")

    def _schedule_text(self, state: PlanState, initiative_id: str) -> Text:
        lang = self.lang
        item = state.scheduled(initiative_id)
        if item is None:
            return Text(text("tui.no_schedule", lang), style="dim")
        critical = field_label("critical", lang) if item.critical else ""
        line = Text(
            text(
                "tui.detail.schedule",
                lang,
                start=item.start.isoformat(),
                finish=item.finish.isoformat(),
                float=_days(state, item.total_float, lang),
                critical=critical,
            ),
            style="bold red" if item.critical else "",
        )
        line.append(
            "\n" + text("tui.detail.driver", lang, driver=_driver(state, item.driver, lang)),
            style="dim",
        )
        return line

    def _value_of(self, raw: dict[str, Any], field: str) -> Any:
        current: Any = raw
        for part in field.split("."):
            if not isinstance(current, dict):
                return None
            current = current.get(part)
        return current

    def _fill(self, field: str, raw: dict[str, Any], changed: bool) -> None:
        if field == "depends_on":
            return
        value = self._value_of(raw, field)
        editor = self.query_one("#" + widget_id(field))
        if field == "kpis":
            names = ", ".join(str(kpi.get("name", "")) for kpi in value or [])
            editor_static = editor if isinstance(editor, Static) else None
            if editor_static is not None:
                _update(
                    editor_static,
                    text("tui.field.kpis_readonly", self.lang, names=names)
                    if names
                    else text("tui.field.none", self.lang),
                )
            return
        if isinstance(editor, Select):
            if field == "step":
                wanted = value if isinstance(value, str) else _NO_STEP
                wanted = Step(wanted).value if wanted in {s.value for s in Step} else wanted
            elif field == "status":
                wanted = value or Status.PLANNED.value
            else:
                wanted = value
            # setting the value here is showing, not editing: post no Changed message
            with editor.prevent(Select.Changed):
                if wanted is None:
                    if not editor.is_blank():
                        editor.clear()
                elif editor.value != wanted:
                    # an unknown value written in the file leaves the select as it is
                    with contextlib.suppress(Exception):
                        editor.value = wanted
            return
        if isinstance(editor, Input):
            shown = format_value(FIELD_KINDS.get(field, "text"), value)
            keep = not changed and (editor.has_focus or field in self._errors)
            if not keep:
                if editor.value != shown:
                    editor.value = shown
                editor.remove_class("-invalid")
            self._shown_values[field] = shown

    def _show_dependencies(self, state: PlanState, initiative_id: str, raw: dict[str, Any]) -> None:
        listing = self.query_one("#dep-list", DependencyList)
        entries = raw.get("depends_on", []) or []
        options = []
        for entry in entries:
            try:
                dependency = parse_dependency(entry)
                label = f"{dependency.id}  {dependency.type.value}"
                if not dependency.lag.is_zero:
                    label += f" {dependency.lag}"
                other = state.models.get(dependency.id)
                if other is not None:
                    label += f"  {other.title}"
            except Exception:
                label = f"! {entry}"
            options.append(Option(Content(label)))  # ids and titles are not markup
        labels = [str(option.prompt) for option in options]
        if labels == getattr(listing, "_labels", None):
            return
        listing._labels = labels  # type: ignore[attr-defined]
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(options)
        _show(listing, bool(options))
        if highlighted is not None and options:
            listing.highlighted = min(highlighted, len(options) - 1)

    def _show_messages(self, problems: list[Problem]) -> None:
        by_field: dict[str, list[Problem]] = {}
        for problem in problems:
            field = form_field_of(problem.field)
            if field is None and problem.code in (
                "unknown-dependency",
                "self-dependency",
                "duplicate-dependency",
                "dependency-cycle",
                "cancelled-dependency",
                "step-order",
            ):
                field = "depends_on"
            if field is None and problem.code == "deadline-missed":
                field = "deadline"
            if field is not None:
                by_field.setdefault(field, []).append(problem)
        for field in FORM_FIELDS:
            message = self.query_one("#" + _message_id(field), Static)
            local = self._errors.get(field)
            if local is not None:
                _update(message, Text(local, style="bold red"))
                _show(message, True)
                continue
            found = by_field.get(field, [])
            if not found:
                _update(message, "")
                _show(message, False)
                continue
            line = Text()
            for problem in found:
                if line:
                    line.append("\n")
                line.append(
                    problem.message(self.lang), style="red" if problem.is_error else "yellow"
                )
            _update(message, line)
            _show(message, True)

    def set_error(self, field: str, message: str | None) -> None:
        """Show (or clear) a message of the form's own next to ``field``."""
        if message is None:
            self._errors.pop(field, None)
        else:
            self._errors[field] = message
        widget = self.query_one("#" + _message_id(field), Static)
        editor = self.query("#" + widget_id(field))
        if message is None:
            _update(widget, "")
            _show(widget, False)
            for item in editor:
                item.remove_class("-invalid")
            if self.state is not None and self.initiative_id is not None:
                self._show_messages(self.state.problems_of(self.initiative_id))
        else:
            _update(widget, Text(message, style="bold red"))
            _show(widget, True)
            for item in editor:
                item.add_class("-invalid")

    def focus_field(self, field: str | None) -> None:
        """Focus the editor of ``field`` (the first field when unknown) and scroll to it."""
        target = field if field in FORM_FIELDS else "title"
        if target == "depends_on":
            widget: Widget = self.query_one("#dep-search")
        elif target == "kpis":
            widget = self.query_one("#kpi-edit")
        else:
            widget = self.query_one("#" + widget_id(target or "title"))
        row = self.query_one("#row-" + widget_id(target or "title"))
        self.scroll_to_widget(row, animate=False)
        if widget.can_focus:
            widget.focus()

    # -- input -----------------------------------------------------------------------------

    def pending_fields(self) -> list[str]:
        """The fields whose text was typed but not applied yet (Enter or leaving applies it).

        Text that reads as the value the field shows (``1000`` for ``1,000``) is not pending.
        """
        if self.initiative_id is None or self.state is None or self.disabled:
            return []
        pending: list[str] = []
        for field, editor in self._text_editors().items():
            shown = self._shown_values.get(field, "")
            if editor.value == shown:
                continue
            kind = FIELD_KINDS[field]
            parsed = parse_value(kind, editor.value, self.lang)
            if not parsed.ok or format_value(kind, parsed.value) != shown:
                pending.append(field)
        return pending

    def _text_editors(self) -> dict[str, Input]:
        """The text field editors by field (found once: the form's widgets never change)."""
        if not self._inputs:
            for field in FORM_FIELDS:
                if field in FIELD_KINDS:
                    editor = self.query_one("#" + widget_id(field))
                    if isinstance(editor, Input):
                        self._inputs[field] = editor
        return self._inputs

    def pending_values(self) -> list[tuple[str, Parsed]]:
        """Each pending field with its typed text read as a value (or why it cannot be)."""
        values: list[tuple[str, Parsed]] = []
        for field in self.pending_fields():
            editor = self.query_one("#" + widget_id(field), Input)
            values.append((field, parse_value(FIELD_KINDS[field], editor.value, self.lang)))
        return values

    def mark_applied(self, field: str) -> None:
        """The app applies the text typed in ``field``: it is no longer pending."""
        editor = self.query_one("#" + widget_id(field), Input)
        self._shown_values[field] = editor.value
        if field in self._errors:
            self.set_error(field, None)
        self._check_pending()

    def revert_pending(self) -> list[str]:
        """Put back the shown value of every field holding typed text; the fields reverted."""
        reverted = self.pending_fields()
        for field in reverted:
            self.query_one("#" + widget_id(field), Input).value = self._shown_values.get(field, "")
            if field in self._errors:
                self.set_error(field, None)
        self._check_pending()
        return reverted

    def _check_pending(self) -> None:
        """Tell the app when the form starts or stops holding text not yet applied."""
        pending = bool(self.pending_fields())
        if pending != self._pending:
            self._pending = pending
            self.post_message(self.PendingChanged(pending))

    def _field_of(self, widget: Widget) -> str | None:
        identifier = widget.id or ""
        for field in FORM_FIELDS:
            if widget_id(field) == identifier:
                return field
        return None

    def _apply_text(self, editor: Input) -> None:
        field = self._field_of(editor)
        if field is None or self.initiative_id is None or self.state is None:
            return
        if editor.value == self._shown_values.get(field) and field not in self._errors:
            return
        parsed = parse_value(FIELD_KINDS.get(field, "text"), editor.value, self.lang)
        if not parsed.ok:
            self.set_error(field, text("tui.field.not_applied", self.lang, reason=parsed.error))
            return
        self.set_error(field, None)
        self._shown_values[field] = editor.value
        self._check_pending()
        self.post_message(self.FieldChanged(self.initiative_id, field, parsed.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "dep-search":
            event.stop()
            self._add_first_candidate()
            return
        if event.input.id == "dep-lag":
            event.stop()
            self._add_first_candidate()
            return
        event.stop()
        self._apply_text(event.input)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if event.input.id in ("dep-search", "dep-lag"):
            return
        self._apply_text(event.input)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "dep-search":
            event.stop()
            self._check_pending()
            return
        if self.state is None or self.initiative_id is None:
            return
        event.stop()
        candidates = self.query_one("#dep-candidates", OptionList)
        candidates.clear_options()
        found = dependency_candidates(self.state, self.initiative_id, event.value)
        candidates.add_options(
            [Option(Content(f"{other}  {title}"), id=other) for other, title in found]
        )
        candidates.display = bool(found)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "dep-type" or self.state is None or self.initiative_id is None:
            return
        event.stop()
        field = self._field_of(event.select)
        if field is None or self.state.document is None:
            return
        value: Any = None if event.value is Select.NULL else event.value
        if field == "step" and value == _NO_STEP:
            value = None
        current = self.state.document.get_field(self.initiative_id, field)
        if field == "status" and current is None:
            current = Status.PLANNED.value
        if field == "step" and isinstance(current, str) and current in {s.value for s in Step}:
            current = Step(current).value
        if value == current:
            return
        self.post_message(self.FieldChanged(self.initiative_id, field, value))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "dep-candidates":
            event.stop()
            if event.option.id is not None:
                self.add_dependency(event.option.id)
        elif event.option_list.id == "dep-list":
            event.stop()

    def on_dependency_list_remove(self, event: DependencyList.Remove) -> None:
        event.stop()
        if self.state is None or self.initiative_id is None or self.state.document is None:
            return
        entries = list(self.state.document.get_field(self.initiative_id, "depends_on") or [])
        if 0 <= event.index < len(entries):
            del entries[event.index]
            self.post_message(self.FieldChanged(self.initiative_id, "depends_on", entries or None))

    def _add_first_candidate(self) -> None:
        candidates = self.query_one("#dep-candidates", OptionList)
        index = candidates.highlighted if candidates.highlighted is not None else 0
        if candidates.option_count == 0:
            query = self.query_one("#dep-search", Input).value.strip()
            if query and self.state is not None and query in self.state.order:
                self.add_dependency(query)
            return
        option = candidates.get_option_at_index(index)
        if option.id is not None:
            self.add_dependency(option.id)

    def add_dependency(self, dependency_id: str) -> bool:
        """Add ``dependency_id`` with the chosen type and lag; refuse cycles, self and repeats."""
        if self.state is None or self.initiative_id is None or self.state.document is None:
            return False
        lang = self.lang
        entries = list(self.state.document.get_field(self.initiative_id, "depends_on") or [])
        if dependency_id == self.initiative_id:
            self.set_error("depends_on", text("tui.dep.self", lang))
            return False
        if dependency_id in ids_in(entries):
            self.set_error("depends_on", text("tui.dep.exists", lang, id=dependency_id))
            return False
        cycle = self.state.cycle_if_added(self.initiative_id, dependency_id)
        if cycle is not None:
            self.set_error("depends_on", text("tui.dep.cycle", lang, cycle=" → ".join(cycle)))
            return False
        lag_text = self.query_one("#dep-lag", Input).value
        lag = parse_value("lag", lag_text or "0d", lang)
        if not lag.ok:
            self.set_error("depends_on", text("tui.field.not_applied", lang, reason=lag.error))
            return False
        kind = self.query_one("#dep-type", Select).value
        link = parse_dependency(
            {"id": dependency_id, "type": kind if isinstance(kind, str) else "FS", "lag": lag.value}
        )
        entries.append(dependency_value(link))
        self.set_error("depends_on", None)
        self.query_one("#dep-search", Input).value = ""
        self.query_one("#dep-lag", Input).value = ""
        candidates = self.query_one("#dep-candidates", OptionList)
        candidates.clear_options()
        candidates.display = False
        self.post_message(self.FieldChanged(self.initiative_id, "depends_on", entries))
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "kpi-edit":
            event.stop()
            self.post_message(self.EditKpis())

    def action_back(self) -> None:
        self.post_message(self.Back())
