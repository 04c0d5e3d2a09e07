"""One initiative field checked with the loader's rules and messages (the editor's form)."""

from __future__ import annotations

from roadmap.core.planfile.fieldcheck import field_problems
from tui.fields import parse_value


def test_a_value_the_model_allows_has_no_problem() -> None:
    assert field_problems("progress", 100) == []
    assert field_problems("cost.initial", 1_200_000) == []
    assert (
        field_problems("duration", {"optimistic": "1mo", "likely": "2mo", "pessimistic": "3mo"})
        == []
    )


def test_a_value_out_of_range_gets_the_loaders_problem() -> None:
    [problem] = field_problems("progress", 120)
    assert problem.code == "progress-range"
    assert problem.message("en") == "progress must be between 0 and 100: 120"
    assert problem.file is None and problem.initiative is None


def test_problems_inside_a_table_field_are_its_own() -> None:
    assert [p.field for p in field_problems("staffing", {"係": 200_000})] == ["staffing.係"]
    assert [p.code for p in field_problems("duration", "3 months")] == ["invalid-duration"]


def test_the_form_reports_the_loaders_message_for_a_bad_value() -> None:
    assert parse_value("percent", "120", "en").error == "progress must be between 0 and 100: 120"
    error = parse_value("staffing", "係=200000", "en").error or ""
    assert error.startswith("'係' of 200000 FTE must be between 0 and 100,000")


def test_the_form_keeps_its_own_words_where_the_loader_has_only_a_generic_message() -> None:
    assert parse_value("yen", "-5", "en").error == "Enter a whole number (yen)"
    assert parse_value("duration", "4d/5mo/8mo", "en").error == (
        "Three-point: optimistic/likely/pessimistic (e.g. 4mo/5mo/8mo)"
    )
