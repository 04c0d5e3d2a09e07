"""Field edits while the comment-keeping parse is not done: the same text, and nothing lost.

A big plan's whole tomlkit parse takes seconds, in a thread after the editor opens and after
each whole-initiative edit. Until it is done, :class:`PlanDocument` reads with the fast reader
and edits each initiative's tables on their own; these tests hold that to the edits of the
parsed document, and check that a parse finishing after such an edit never brings back the
text from before it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_editing import SMALL, durations, plan_texts, titles

from roadmap.core.planfile import document as document_module
from roadmap.core.planfile.document import EditError, PlanDocument

#: Field edits as the editor makes them: values, new keys, a sub-table, removals.
EDITS: list[tuple[str, st.SearchStrategy[Any]]] = [
    ("title", titles),
    ("duration", durations),
    ("owner", st.sampled_from(["住民課", "情報政策係", None])),
    ("tags", st.sampled_from([["基幹業務"], ["基幹業務", "cutover"], None])),
    ("cost.initial", st.sampled_from([0, 1_500_000, None])),
    ("progress", st.sampled_from([10, 50, None])),
    ("not_before", st.sampled_from([dt.date(2026, 10, 1), None])),
]


@contextlib.contextmanager
def parse_held(monkeypatch: pytest.MonkeyPatch, document: PlanDocument) -> Iterator[list[str]]:
    """``document``'s whole parse running in a thread, held while the block runs (as the
    editor's background parse is while the user types); the block gets the list of the whole
    texts parsed so far. On leaving, the parse is let go and must finish."""
    loaded = document.to_text()
    real_parse = document_module._parse
    started, release = threading.Event(), threading.Event()
    whole: list[str] = []

    def slow(text: str) -> Any:
        if text.startswith(loaded.split("\n", 1)[0]):  # the whole text, not one initiative's
            whole.append(text)
        if text == loaded:
            started.set()
            release.wait(5)
        return real_parse(text)

    monkeypatch.setattr(document_module, "_parse", slow)
    worker = threading.Thread(target=document.ensure_parsed)
    worker.start()
    assert started.wait(5)
    try:
        yield whole
    finally:
        release.set()
        worker.join(5)
    assert not worker.is_alive()


def both(text: str) -> tuple[PlanDocument, PlanDocument]:
    """``text`` as a document not parsed yet, and as one parsed at once."""
    return PlanDocument(text, None), PlanDocument.from_text(text)


@settings(max_examples=80, deadline=None)
@given(plan_texts(), st.data())
def test_edits_before_the_parse_give_the_text_the_parsed_document_gives(
    generated: tuple[str, list[str]], data: st.DataObject
) -> None:
    text, names = generated
    unparsed, parsed = both(text)
    for _ in range(data.draw(st.integers(1, 4))):
        target = data.draw(st.sampled_from(names))
        field, values = data.draw(st.sampled_from(EDITS))
        value = data.draw(values)
        parsed.set_field(target, field, value)
        unparsed.set_field(target, field, value)
        assert unparsed.to_text() == parsed.to_text()
        assert unparsed.modified == parsed.modified
        for name in names:
            assert unparsed.initiative_data(name) == parsed.initiative_data(name)
            assert unparsed.get_field(name, field) == parsed.get_field(name, field)
    assert not unparsed.is_parsed  # every edit was made without the whole parse
    unparsed.ensure_parsed()
    assert unparsed.to_text() == parsed.to_text()


@settings(max_examples=60, deadline=None)
@given(plan_texts(), st.data())
def test_whole_initiative_edits_before_the_parse_give_the_same_text(
    generated: tuple[str, list[str]], data: st.DataObject
) -> None:
    """Adding, duplicating and deleting initiatives between field edits, unparsed or not."""
    text, names = generated
    unparsed, parsed = both(text)
    alive = list(names)
    for number in range(data.draw(st.integers(1, 4))):
        action = data.draw(st.sampled_from(["field", "add", "duplicate", "delete"]))
        target = data.draw(st.sampled_from(alive)) if alive else None
        for document in (parsed, unparsed):
            if action == "field" and target is not None:
                document.set_field(target, "owner", "住民課")
            elif action == "add":
                document.add_initiative(f"new{number}", {"title": "追加", "duration": "1w"})
            elif action == "duplicate" and target is not None:
                document.duplicate_initiative(target, f"copy{number}", title="写し")
            elif action == "delete" and target is not None and len(alive) > 1:
                document.delete_initiative(target)
        if action == "add":
            alive.append(f"new{number}")
        elif action == "duplicate" and target is not None:
            alive.append(f"copy{number}")
        elif action == "delete" and target is not None and len(alive) > 1:
            alive.remove(target)
        assert unparsed.to_text() == parsed.to_text()
        assert unparsed.initiative_ids() == parsed.initiative_ids()


def test_an_edit_needs_no_parse_of_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    document = PlanDocument(SMALL, None)
    parsed: list[int] = []
    real_parse = document_module._parse

    def counting(text: str) -> Any:
        parsed.append(len(text))
        return real_parse(text)

    monkeypatch.setattr(document_module, "_parse", counting)
    document.set_field("b", "duration", "5mo")
    assert document.get_field("b", "duration") == "5mo"
    assert parsed and max(parsed) < len(SMALL) / 2  # only the tables of "b"
    assert 'duration = "5mo"' in document.to_text()
    assert "# ---- 住民サービス ----" in document.to_text()


def test_a_parse_that_finishes_after_an_edit_does_not_bring_the_old_text_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The editor parses in a thread; an edit made meanwhile stands. The parse of the old text
    is brought up to date with the edited initiative's tables, not done again whole."""
    document = PlanDocument(SMALL, None)
    with parse_held(monkeypatch, document) as whole:
        document.set_field("a", "title", "現行調査 (改)")  # while the parse of the old text runs
    assert document.is_parsed
    assert whole == [SMALL]  # parsed whole once
    assert document.get_field("a", "title") == "現行調査 (改)"
    assert 'title = "現行調査 (改)" # 住民課と一緒に' in document.to_text()
    document.set_field("c", "duration", "2w")  # the parsed document holds the edit too
    assert 'title = "現行調査 (改)"' in document.to_text()


def test_a_parse_is_done_again_when_the_text_changed_otherwise_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A whole-initiative edit while the old text is parsed: that parse is of no use."""
    document = PlanDocument(SMALL, None)
    with parse_held(monkeypatch, document):
        document.set_field("a", "title", "改")
        document.add_initiative("d", {"title": "新規", "duration": "1w"}, after="c")
    assert document.is_parsed
    assert document.initiative_ids() == ["a", "b", "c", "d"]
    assert document.get_field("a", "title") == "改"
    assert PlanDocument.from_text(document.to_text()).initiative_data("d") == {
        "title": "新規",
        "duration": "1w",
    }


def test_tables_written_apart_are_edited_on_the_parsed_document() -> None:
    """An initiative whose tables stand in two places is not edited by its tables alone."""
    unparsed, parsed = both(SMALL + "\n[initiatives.a.cost]\ninitial = 5\n")
    for document in (unparsed, parsed):
        document.set_field("a", "cost.initial", 7)
        document.set_field("a", "owner", "住民課")
    assert unparsed.to_text() == parsed.to_text()
    assert unparsed.get_field("a", "cost") == {"initial": 7}


def test_unknown_ids_and_wrong_kinds_are_refused_as_on_the_parsed_document() -> None:
    for document in both(SMALL):
        with pytest.raises(EditError):
            document.set_field("nope", "title", "x")
        with pytest.raises(EditError):
            document.initiative_data("nope")
        assert not document.has_initiative("nope") and document.has_initiative("c")
        assert document.initiative_ids() == ["a", "b", "c"]


def test_data_read_before_the_parse_is_a_copy() -> None:
    document = PlanDocument(SMALL, None)
    table = document.initiative_data("a")
    table["title"] = "changed by the caller"
    assert document.get_field("a", "title") == "現行調査"
