"""An edit made while the editor still parses the plan in the background is applied at once,
shown, undoable and saved: the slow comment-keeping parse of a big plan never holds it up."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from test_tui_safety import PLAN, SIZE, enter_field

from roadmap.core.i18n import text
from roadmap.core.planfile import document as document_module
from tui.app import RoadmapApp


@pytest.fixture
def held_parse(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The whole plan's parse waits until the returned event is set (as a big plan's parse
    takes seconds); the parse of one initiative's tables does not."""
    release = threading.Event()
    real_parse = document_module._parse

    def held(source: str) -> Any:
        if source.startswith("# 小さな計画"):  # the whole text
            release.wait(10)
        return real_parse(source)

    monkeypatch.setattr(document_module, "_parse", held)
    return release


async def test_a_field_edit_during_the_background_parse_is_applied_and_saved(
    tmp_path: Path, held_parse: threading.Event
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    app = RoadmapApp(path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.select("b")
            await pilot.pause()
            await enter_field(app, pilot, "owner", "住民課")
            assert not app.state.document.is_parsed  # the parse is still held
            assert app.state.models["b"].owner == "住民課"
            assert app.state.raw("b")["owner"] == "住民課"
            assert app.dirty
            await enter_field(app, pilot, "duration", "3mo")
            await pilot.press("ctrl+z")  # undo the duration, before the parse too
            await pilot.pause()
            assert app.state.models["b"].duration.count == 2
            held_parse.set()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.messages[-1] == ("information", text("tui.saved", "ja", path=path))
    finally:
        held_parse.set()
    saved = path.read_text(encoding="utf-8")
    assert saved == PLAN.replace('"Fit&Gap"\n', '"Fit&Gap"\nowner = "住民課"\n')


def test_the_form_reads_the_documents_text_even_when_it_is_put_back_unparsed() -> None:
    """After a failed action the state puts back the texts of the moment before it, as new
    unparsed documents; the form then shows that text, not the text read at load."""
    from tui.state import PlanState

    state = PlanState(PLAN)
    assert state.document is not None and not state.document.is_parsed
    assert state.raw("b")["duration"] == "2mo"  # read at load, no parse needed
    state.set_field("b", "duration", "4mo")
    assert state.raw("b")["duration"] == "4mo"
    state._adopt_texts(state.file_texts())  # as a rollback does
    assert not state.document.is_parsed
    assert state.raw("b")["duration"] == "4mo"


def test_a_document_made_from_data_already_read_reads_without_reading_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from roadmap.core.planfile.source import load_toml

    data = load_toml(PLAN)
    document = document_module.PlanDocument.unparsed(PLAN, data)

    def refuse(text: str) -> Any:
        raise AssertionError("read again")

    monkeypatch.setattr(document_module, "_check_toml", refuse)
    monkeypatch.setattr(document_module, "_parse", refuse)
    assert document.initiative_ids() == ["a", "b"]
    assert document.get_field("a", "title") == "現行調査"
    assert document.to_text() == PLAN
