"""A plan split across files, edited as one: loading the files as documents, routing edits to
the file of each initiative, and saving only the changed files with the conflict checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.core.planfile.document import ConflictError, PlanDocument
from roadmap.core.planfile.fileio import FileState
from roadmap.core.planfile.multifile import (
    MultiFileDocument,
    has_includes,
    load_plan_files,
    save_changed_files,
)

MAIN = """\
[plan]
title = "t"
start = 2026-04-01
include = ["parts/*.toml"]

[initiatives.a]
title = "A"
duration = "1w"
"""

PART = """\
# 住民課
[initiatives.b]
title = "B"
duration = "1w"
depends_on = ["a"]
"""


def write_plan(tmp_path: Path) -> Path:
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "b.toml").write_text(PART, encoding="utf-8")
    main = tmp_path / "plan.toml"
    main.write_text(MAIN, encoding="utf-8")
    return main


def documents(main: Path) -> tuple[MultiFileDocument, dict[str, str]]:
    loaded, texts = load_plan_files(str(main), main.read_text(encoding="utf-8"))
    path_of = {key: file for key, (file, _lines) in loaded.sources.items()}
    parts = {file: PlanDocument(body, None) for file, body in texts.items()}
    return MultiFileDocument(PlanDocument(MAIN, None), parts, path_of), texts


def test_a_plan_names_files_to_include_only_with_a_non_empty_list() -> None:
    assert has_includes({"plan": {"include": ["x.toml"]}})
    assert not has_includes({"plan": {"include": []}})
    assert not has_includes({"plan": {}})


def test_loading_merges_the_files_and_keeps_each_included_text(tmp_path: Path) -> None:
    main = write_plan(tmp_path)
    loaded, texts = load_plan_files(str(main), MAIN)
    part = str(tmp_path / "parts" / "b.toml")
    assert loaded.plan is not None
    assert list(loaded.plan.initiatives) == ["a", "b"]
    assert texts == {part: PART}
    assert loaded.sources["b"][0] == part


def test_edited_texts_are_read_instead_of_the_disk(tmp_path: Path) -> None:
    main = write_plan(tmp_path)
    part = str(tmp_path / "parts" / "b.toml")
    edited = PART.replace('title = "B"', 'title = "B2"')
    loaded, texts = load_plan_files(str(main), MAIN, {part: edited})
    assert loaded.plan is not None
    assert loaded.plan.initiatives["b"].title == "B2"
    assert texts[part] == edited


def test_an_edit_goes_to_the_file_of_its_initiative(tmp_path: Path) -> None:
    main = write_plan(tmp_path)
    document, _texts = documents(main)
    document.set_field("b", "title", "住民票")
    texts = document.file_texts(str(main))
    assert texts[str(main)] == MAIN
    assert texts[str(tmp_path / "parts" / "b.toml")] == PART.replace('"B"', '"住民票"')
    assert document.initiative_ids() == ["a", "b"]


def test_deleting_an_initiative_removes_links_to_it_in_every_file(tmp_path: Path) -> None:
    main = write_plan(tmp_path)
    document, _texts = documents(main)
    assert document.delete_initiative("a") == ["b"]
    texts = document.file_texts(str(main))
    assert "[initiatives.a]" not in texts[str(main)]
    assert "depends_on" not in texts[str(tmp_path / "parts" / "b.toml")]


def test_only_the_changed_files_are_written(tmp_path: Path) -> None:
    main = write_plan(tmp_path)
    part = tmp_path / "parts" / "b.toml"
    states = {str(main): FileState.of(main), str(part): FileState.of(part)}
    edited = PART.replace('"B"', '"B2"')
    written = list(save_changed_files([(str(part), edited)], states))
    assert [(file, text) for file, text, _state in written] == [(str(part), edited)]
    assert written[0][2] == FileState.of(part)
    assert part.read_text(encoding="utf-8") == edited
    assert main.read_text(encoding="utf-8") == MAIN


def test_a_file_changed_on_disk_stops_the_save_before_any_file_is_written(
    tmp_path: Path,
) -> None:
    main = write_plan(tmp_path)
    part = tmp_path / "parts" / "b.toml"
    states = {str(main): FileState.of(main), str(part): FileState.of(part)}
    part.write_text(PART + "# someone else\n", encoding="utf-8")
    changed = [(str(main), MAIN + "# mine\n"), (str(part), PART + "# mine\n")]
    with pytest.raises(ConflictError) as caught:
        list(save_changed_files(changed, states))
    assert caught.value.path == str(part)
    assert main.read_text(encoding="utf-8") == MAIN  # nothing was written
    list(save_changed_files(changed, states, overwrite=True))
    assert part.read_text(encoding="utf-8") == PART + "# mine\n"


def test_a_file_not_read_before_counts_as_a_conflict(tmp_path: Path) -> None:
    main = write_plan(tmp_path)
    with pytest.raises(ConflictError):
        list(save_changed_files([(str(main), MAIN)], {}))
