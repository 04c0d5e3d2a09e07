"""The JSON export is the document of ``roadmap schedule --json``, byte for byte."""

from __future__ import annotations

import json

import pytest
from export_samples import (
    EXAMPLE_PLAN,
    assert_golden,
    example_analysis,
    hostile_analysis,
    tiny_analysis,
)

from exporters.base import ExportOptions
from exporters.json_doc import schedule_document
from exporters.json_export import export
from roadmap.cli.main import main
from roadmap.core.analysis.pipeline import analyze_path


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_json_export_parses_to_the_schedule_document(lang: str) -> None:
    analysis = hostile_analysis()
    data = export(analysis, ExportOptions(lang=lang))  # type: ignore[arg-type]
    assert json.loads(data) == schedule_document(analysis, lang)  # type: ignore[arg-type]


def test_json_export_is_byte_identical_to_roadmap_schedule_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schedule", "--json", str(EXAMPLE_PLAN)]) == 0
    printed = capsys.readouterr().out
    exported = export(analyze_path(str(EXAMPLE_PLAN)), ExportOptions())
    assert exported == printed.encode("utf-8")


def test_json_export_keeps_japanese_and_emoji_unescaped_and_ends_with_a_newline() -> None:
    data = export(hostile_analysis(), ExportOptions())
    assert "住基-移行".encode() in data
    assert "🎉launch".encode() in data
    assert b"\\u" not in data.replace(b"\\u0001", b"")  # only the control character is escaped
    assert data.endswith(b"}\n")
    assert b'\n  "version": 1,\n' in data  # two-space indent


def test_json_export_of_an_unreadable_plan_still_lists_its_problems() -> None:
    document = json.loads(export(tiny_analysis("[plan\n"), ExportOptions()))
    assert document["plan"] is None
    assert document["initiatives"] == []
    assert document["problems"][0]["code"] == "toml-syntax"


def test_json_export_is_byte_identical_twice() -> None:
    assert export(example_analysis(), ExportOptions()) == export(
        example_analysis(), ExportOptions()
    )


@pytest.mark.parametrize(
    ("name", "make"),
    [("json_example-town.json", example_analysis), ("json_hostile.json", hostile_analysis)],
)
def test_json_export_matches_golden_file(name: str, make: object) -> None:
    assert callable(make)
    assert_golden(name, export(make(), ExportOptions()))
