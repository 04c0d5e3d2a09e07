"""Textual internals are used in one adapter only, checked here; bindings are labelled through
the public ``BINDINGS``; every widget and screen of the editor guards its handlers."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual.dom import DOMNode

import tui
from roadmap.core.i18n import text
from tui.app import RoadmapApp
from tui.safety import HANDLER_PREFIXES, SafeHandlers
from tui.textual_adapter import FAST, internals_problems

TUI = Path(tui.__file__).resolve().parent

PLAN = """\
[plan]
title = "テスト町"
start = 2026-04-01

[initiatives.a]
title = "現行調査"
duration = "1mo"

[initiatives.b]
title = "Fit&Gap"
duration = "2mo"
depends_on = ["a"]
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_the_datatable_internals_of_the_adapter_are_as_it_expects() -> None:
    problems = internals_problems()
    assert problems == [], (
        "Textual changed the DataTable internals that tui/textual_adapter.py relies on; the "
        "initiative table now falls back to the slower public API. Update the adapter: "
        + "; ".join(problems)
    )
    assert FAST


def test_textual_internals_appear_only_in_the_adapter() -> None:
    private = re.compile(
        r"\._bindings\b|\._render_cell\b|\._render_line_in_row\b|\._data\b|\._update_count\b"
        r"|\._clear_caches\b|\._show_hover_cursor\b|\._pseudo_class_state\b|\._notifications\b"
        r"|\._update_dimensions\b|\._offset_cache\b|\._ordered_row_cache\b"
    )
    offenders = [
        f"{path.relative_to(TUI)}:{number}: {line.strip()}"
        for path in sorted(TUI.rglob("*.py"))
        if path.name != "textual_adapter.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert offenders == []


async def test_an_edit_repaints_the_rows_it_changed_with_their_new_dates(plan: Path) -> None:
    app = RoadmapApp(plan)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.press("f6")  # the table alone, every column on show
        await pilot.pause()
        table = app.table
        header = table.header_height

        def line(row: int) -> str:
            return table.render_line(header + row).text

        finish_b = app.state.scheduled("b").finish.isoformat()  # type: ignore[union-attr]
        assert finish_b in line(1)
        app.apply_field("a", "duration", "3mo")
        await pilot.pause()
        moved = app.state.scheduled("b").finish.isoformat()  # type: ignore[union-attr]
        assert moved != finish_b
        assert moved in line(1) and finish_b not in line(1)


async def test_bindings_are_labelled_in_the_language_of_each_app(plan: Path) -> None:
    for lang in ("en", "ja", "en"):
        app = RoadmapApp(plan, lang)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = {
                key: active.binding.description
                for key, active in app.screen.active_bindings.items()
            }
            assert shown["ctrl+s"] == text("tui.binding.save", lang)
            assert shown["a"] == text("tui.binding.add", lang)
            assert shown["s"] == text("tui.binding.sort", lang)


def _tui_classes() -> list[type]:
    found: list[type] = []
    for module_info in pkgutil.walk_packages([str(TUI)], prefix="tui."):
        if module_info.name == "roadmap.cli.commands.serve":
            continue
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if value.__module__ == module.__name__ and issubclass(value, DOMNode):
                found.append(value)
    return found


def test_every_screen_and_widget_of_the_editor_guards_its_handlers() -> None:
    classes = _tui_classes()
    assert RoadmapApp in classes and len(classes) > 15
    unguarded = [cls.__qualname__ for cls in classes if not issubclass(cls, SafeHandlers)]
    assert unguarded == []
    bare = [
        f"{cls.__qualname__}.{name}"
        for cls in classes
        for name, value in vars(cls).items()
        if name.startswith(HANDLER_PREFIXES)
        and inspect.isfunction(value)
        and not getattr(value, "__safe_handler__", False)
    ]
    assert bare == []
