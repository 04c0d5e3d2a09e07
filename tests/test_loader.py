"""Loading plan files: every malformed thing is a located problem, never an exception."""

from __future__ import annotations

import datetime as dt

import pytest

from roadmap.core.model.plan import DependencyType, Step
from roadmap.core.model.problems import Problem
from roadmap.core.planfile.loader import PlanIOError, load_plan, parse_plan, parse_plan_bytes

HEAD = '[plan]\ntitle = "テスト町"\nstart = 2026-04-01\n'


def problems_of(text: str) -> list[Problem]:
    return parse_plan(text, file="plan.toml").problems


def only(problems: list[Problem], code: str) -> Problem:
    found = [problem for problem in problems if problem.code == code]
    assert len(found) == 1, [(p.code, p.args) for p in problems]
    return found[0]


def test_a_valid_plan_loads_with_no_problems() -> None:
    loaded = parse_plan(
        HEAD
        + """
[initiatives.policy]
title = "DX推進方針"
step = "標準化"
duration = "2w"
depends_on = ["other", { id = "other", type = "SS", lag = "-1w" }]
[initiatives.other]
title = "他"
duration = "1mo"
"""
    )
    assert loaded.problems == []
    assert loaded.plan is not None
    policy = loaded.plan.initiatives["policy"]
    assert policy.step is Step.STANDARDIZE
    assert [link.type for link in policy.depends_on] == [DependencyType.FS, DependencyType.SS]
    assert str(policy.depends_on[1].lag) == "-1w"


def test_toml_syntax_error_names_its_line_and_column() -> None:
    problem = only(problems_of(HEAD + '\n[initiatives.a]\ntitle = "A\n'), "toml-syntax")
    assert problem.line == 6
    assert problem.column is not None
    assert problem.file == "plan.toml"


def test_wrong_type_names_the_key_and_its_line() -> None:
    problems = problems_of(HEAD + '[initiatives.a]\ntitle = "A"\nduration = "1d"\ntags = "x"\n')
    problem = only(problems, "invalid-type")
    assert (problem.initiative, problem.field, problem.line) == ("a", "tags", 7)
    assert "配列" in problem.message("ja")


@pytest.mark.parametrize("value", ['"3 months"', '"-2d"', "3", '"3m"'])
def test_malformed_duration_is_an_error_with_the_format_hint(value: str) -> None:
    problems = problems_of(HEAD + f'[initiatives.a]\ntitle = "A"\nduration = {value}\n')
    problem = only(problems, "invalid-duration")
    assert (problem.initiative, problem.field, problem.line) == ("a", "duration", 6)
    hint = problem.hint("en")
    assert hint is not None and "3mo" in hint


def test_malformed_lag_points_at_the_dependency() -> None:
    text = (
        HEAD
        + '[initiatives.a]\ntitle = "A"\nduration = "1d"\n'
        + '[initiatives.b]\ntitle = "B"\nduration = "1d"\n'
        + 'depends_on = [{ id = "a", lag = "two days" }]\n'
    )
    problem = only(problems_of(text), "invalid-duration")
    assert problem.initiative == "b"
    assert problem.field == "depends_on.0.lag"
    assert problem.line == 10


@pytest.mark.parametrize("value", ['"2026-13-01"', '"next week"', "2026"])
def test_malformed_date_is_an_error_with_a_toml_date_hint(value: str) -> None:
    problems = problems_of(
        HEAD + f'[initiatives.a]\ntitle = "A"\nduration = "1d"\ndeadline = {value}\n'
    )
    problem = only(problems, "invalid-date")
    assert (problem.initiative, problem.field, problem.line) == ("a", "deadline", 7)
    hint = problem.hint("en")
    assert hint is not None and "2026-04-01" in hint


def test_invalid_toml_date_literal_is_a_syntax_error() -> None:
    problem = only(problems_of(HEAD + "deadline = 2026-02-30\n"), "toml-syntax")
    assert problem.line == 4


def test_missing_title_and_duration_are_each_reported() -> None:
    problems = problems_of(HEAD + "[initiatives.a]\nowner = '住民課'\n")
    missing = sorted(problem.args["key"] for problem in problems if problem.code == "missing-key")
    assert missing == ["duration", "title"]
    assert all(problem.line == 4 for problem in problems)


def test_missing_plan_table_is_reported_on_line_one() -> None:
    problem = only(problems_of('[initiatives.a]\ntitle = "A"\nduration = "1d"\n'), "missing-key")
    assert problem.args["key"] == "plan"
    assert problem.line == 1
    assert "[plan]" in (problem.hint("ja") or "")


def test_missing_plan_start_is_reported() -> None:
    problem = only(problems_of('[plan]\ntitle = "x"\n'), "missing-key")
    assert problem.args["key"] == "start"


def test_unknown_key_suggests_depends_on_for_depend_on() -> None:
    text = HEAD + '[initiatives.a]\ntitle = "A"\nduration = "1d"\ndepend_on = ["b"]\n'
    problem = only(problems_of(text), "unknown-key")
    assert (problem.initiative, problem.field, problem.line) == ("a", "depend_on", 7)
    assert problem.hint("en") == "Did you mean 'depends_on'?"
    assert problem.hint("ja") == "「depends_on」ではありませんか?"


def test_unknown_key_far_from_any_lists_the_allowed_keys() -> None:
    text = HEAD + '[initiatives.a]\ntitle = "A"\nduration = "1d"\nzzz = 1\n'
    hint = only(problems_of(text), "unknown-key").hint("en") or ""
    assert "depends_on" in hint and "duration" in hint


def test_unknown_key_inside_a_dependency_suggests_lag() -> None:
    text = (
        HEAD
        + '[initiatives.a]\ntitle = "A"\nduration = "1d"\n'
        + '[initiatives.b]\ntitle = "B"\nduration = "1d"\n'
        + 'depends_on = [{ id = "a", lagg = "1d" }]\n'
    )
    problem = only(problems_of(text), "unknown-key")
    assert problem.hint("en") == "Did you mean 'lag'?"


def test_unknown_key_in_plan_table_suggests_the_setting() -> None:
    problem = only(problems_of(HEAD + 'calender = "calendar"\n'), "unknown-key")
    assert problem.hint("en") == "Did you mean 'calendar'?"
    assert problem.line == 4


def test_unknown_top_level_table_is_reported() -> None:
    problem = only(problems_of(HEAD + "[initiative.a]\ntitle = 'A'\n"), "unknown-key")
    assert problem.hint("en") == "Did you mean 'initiatives'?"


def test_id_inside_the_table_is_refused_with_a_hint() -> None:
    text = HEAD + '[initiatives.a]\nid = "a"\ntitle = "A"\nduration = "1d"\n'
    loaded = parse_plan(text)
    problem = only(loaded.problems, "unknown-key")
    assert problem.line == 5
    assert loaded.plan is not None and "a" in loaded.plan.initiatives


def test_invalid_step_lists_the_five_steps() -> None:
    text = HEAD + '[initiatives.a]\ntitle = "A"\nduration = "1d"\nstep = "cloud"\n'
    problem = only(problems_of(text), "invalid-step")
    hint = problem.hint("en") or ""
    for step in ("standardize", "gov-cloud", "adopt-cases", "measure", "resident-services"):
        assert step in hint
    assert problem.line == 7


@pytest.mark.parametrize(
    ("label", "step"),
    [
        ("標準化", Step.STANDARDIZE),
        ("ガバクラ", Step.GOV_CLOUD),
        ("住民サービス", Step.RESIDENT_SERVICES),
    ],
)
def test_japanese_step_labels_are_accepted(label: str, step: Step) -> None:
    loaded = parse_plan(HEAD + f'[initiatives.a]\ntitle = "A"\nduration = "1d"\nstep = "{label}"\n')
    assert loaded.plan is not None
    assert loaded.plan.initiatives["a"].step is step


def test_invalid_status_lists_the_statuses() -> None:
    text = HEAD + '[initiatives.a]\ntitle = "A"\nduration = "1d"\nstatus = "finished"\n'
    hint = only(problems_of(text), "invalid-status").hint("en") or ""
    assert "in_progress" in hint and "cancelled" in hint


@pytest.mark.parametrize("value", ["101", "-1", "150.5"])
def test_progress_outside_0_to_100_is_an_error(value: str) -> None:
    text = HEAD + f'[initiatives.a]\ntitle = "A"\nduration = "1d"\nprogress = {value}\n'
    problem = only(problems_of(text), "progress-range")
    assert (problem.initiative, problem.field, problem.line) == ("a", "progress", 7)


def test_invalid_calendar_kind_lists_the_choices() -> None:
    problem = only(problems_of(HEAD + 'calendar = "lunar"\n'), "invalid-value")
    assert "business" in (problem.hint("en") or "")


def test_bad_year_end_closure_is_reported() -> None:
    problems = problems_of(HEAD + 'year_end_closure = ["12-32", "01-03"]\n')
    assert [problem.code for problem in problems] == ["invalid-value"]


def test_one_bad_initiative_does_not_hide_the_others() -> None:
    text = (
        HEAD
        + '[initiatives.a]\ntitle = "A"\nduration = "x"\n'
        + '[initiatives.b]\ntitle = "B"\nduration = "y"\n'
        + '[initiatives.c]\ntitle = "C"\nduration = "1d"\n'
    )
    loaded = parse_plan(text)
    assert [p.initiative for p in loaded.problems] == ["a", "b"]
    assert loaded.plan is not None
    assert list(loaded.plan.initiatives) == ["c"]
    assert loaded.plan.invalid_ids == {"a", "b"}


def test_initiative_that_is_not_a_table_is_a_type_error() -> None:
    problem = only(problems_of(HEAD + "[initiatives]\na = 3\n"), "invalid-type")
    assert problem.initiative == "a"


def test_utf8_bom_and_crlf_are_accepted() -> None:
    text = HEAD + '[initiatives.a]\ntitle = "住民記録"\nduration = "1d"\n'
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    loaded = parse_plan_bytes(data, file="win.toml")
    assert loaded.problems == []
    assert loaded.plan is not None
    assert loaded.plan.initiatives["a"].title == "住民記録"


def test_crlf_file_reports_the_same_lines_as_lf() -> None:
    text = HEAD + '[initiatives.a]\ntitle = "A"\nduration = "3 months"\n'
    data = text.replace("\n", "\r\n").encode("utf-8")
    problem = only(parse_plan_bytes(data).problems, "invalid-duration")
    assert problem.line == 6


def test_cp932_file_is_named_shift_jis_with_a_conversion_hint() -> None:
    text = (
        HEAD.replace("テスト町", "みどり町")
        + '[initiatives.a]\ntitle = "住民記録"\nduration = "1d"\n'
    )
    problems = parse_plan_bytes(text.encode("cp932"), file="sjis.toml").problems
    problem = only(problems, "encoding")
    assert "Shift_JIS (CP932)" in problem.message("ja")
    assert problem.line == 2
    hint = problem.hint("ja") or ""
    assert "iconv" in hint and "UTF-8" in hint


def test_utf16_file_is_named() -> None:
    data = HEAD.encode("utf-16")
    problem = only(parse_plan_bytes(data).problems, "encoding")
    assert "UTF-16" in problem.message("en")


def test_missing_file_raises_an_io_error(tmp_path: object) -> None:
    with pytest.raises(PlanIOError) as caught:
        load_plan(f"{tmp_path}/none.toml")
    assert caught.value.reason == "missing"


def test_directory_raises_an_io_error(tmp_path: object) -> None:
    with pytest.raises(PlanIOError) as caught:
        load_plan(str(tmp_path))
    assert caught.value.reason == "directory"


def test_plan_dates_are_read_as_dates() -> None:
    loaded = parse_plan(HEAD + "status_date = 2026-11-27\nholidays = [2026-08-14]\n")
    assert loaded.plan is not None
    assert loaded.plan.plan.status_date == dt.date(2026, 11, 27)
    assert loaded.plan.plan.holidays == [dt.date(2026, 8, 14)]


def test_quoted_initiative_id_with_a_dot_is_located() -> None:
    text = (
        HEAD
        + '[initiatives.a]\ntitle = "A"\nduration = "1d"\n[initiatives."juki.fitgap"]\ntitle = "B"\n'
    )
    problem = only(problems_of(text), "missing-key")
    assert (problem.initiative, problem.line) == ("juki.fitgap", 7)


def test_initiatives_written_with_dotted_keys_are_located() -> None:
    text = HEAD + "[initiatives]\nb.title = 'B'\nb.duration = 'soon'\n"
    problem = only(problems_of(text), "invalid-duration")
    assert (problem.initiative, problem.line) == ("b", 6)


def test_initiative_made_only_of_dotted_keys_is_located_at_its_first_key() -> None:
    text = HEAD + "[initiatives]\nb.title = 'B'\n"
    problem = only(problems_of(text), "missing-key")
    assert (problem.initiative, problem.line) == ("b", 5)


def test_initiative_implied_by_a_deeper_table_is_located_at_that_table() -> None:
    text = (
        HEAD + '[initiatives.a]\ntitle = "A"\nduration = "1d"\n[initiatives.b.cost]\ninitial = 1\n'
    )
    problems = problems_of(text)
    assert {p.args["key"] for p in problems if p.code == "missing-key"} == {"title", "duration"}
    assert all(problem.line == 7 for problem in problems)


def test_wrong_type_in_an_array_names_the_element() -> None:
    text = HEAD + '[initiatives.a]\ntitle = "A"\nduration = "1d"\ntags = ["x", 4]\n'
    problem = only(problems_of(text), "invalid-type")
    assert problem.field == "tags.1"
    assert "tags[1]" in problem.message("en")


def test_a_load_that_lets_the_tables_go_builds_the_same_plan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from roadmap.core.planfile.includes import load_with_includes

    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[plan]\ntitle = "町"\nstart = 2026-04-01\n\n'
        '[initiatives.a]\ntitle = "A"\nduration = "2w"\n\n'
        '[initiatives.b]\ntitle = "B"\nduration = "bad"\ndepends_on = ["a"]\n\n'
        '[initiatives.c]\ntitle = "C"\nduration = "1w"\ndepends_on = ["b", "a"]\n',
        encoding="utf-8",
    )
    kept = load_with_includes(plan)
    freed = load_with_includes(plan, keep_data=False)
    assert kept.plan is not None and freed.plan is not None
    assert freed.plan == kept.plan
    assert freed.problems == kept.problems  # the bad duration, with its line
    assert "b" in freed.plan.salvaged  # salvaged from the table before it was let go
    assert kept.data["initiatives"].keys() == {"a", "b", "c"}
    assert freed.data == {}


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ('"std-01"', True),
        ('"住民票_移行"', True),
        ('"two words"', False),
        ('"tab\\there"', False),
        ('"nbsp\\u00a0id"', False),  # a no-break space is whitespace too
        ('"ideographic\\u3000space"', False),  # 全角スペース
        ('"zero\\u200bwidth"', False),  # invisible: not printable
        ('"   "', False),
        ('""', False),
    ],
)
def test_an_id_with_spaces_or_invisible_characters_is_refused(key: str, valid: bool) -> None:
    text = HEAD + f'[initiatives.{key}]\ntitle = "A"\nduration = "1d"\n'
    loaded = parse_plan(text, file="plan.toml")
    codes = [problem.code for problem in loaded.problems]
    assert loaded.plan is not None
    if valid:
        assert codes == [] and len(loaded.plan.initiatives) == 1
    else:
        assert codes == ["invalid-id"] and not loaded.plan.initiatives
        assert loaded.problems[0].line == 4


def test_re_whitespace_is_exactly_what_str_isspace_calls_whitespace() -> None:
    """The loader finds spaces in ids with ``re``'s ``\\s``: the same characters as
    ``str.isspace``, over every code point."""
    import re
    import sys

    found = set(re.findall(r"\s", "".join(map(chr, range(sys.maxunicode + 1)))))
    assert found == {chr(point) for point in range(sys.maxunicode + 1) if chr(point).isspace()}
