"""Checks of a plan's meaning: located, with the initiative, field and a fix hint."""

from __future__ import annotations

import pytest

from roadmap.core.analysis.pipeline import Analysis, analyze
from roadmap.core.model.problems import Problem, Severity
from roadmap.core.planfile.loader import parse_plan

HEAD = '[plan]\ntitle = "テスト町"\nstart = 2026-04-01\n'


def item(name: str, extra: str = "", duration: str = "5d") -> str:
    return f'\n[initiatives.{name}]\ntitle = "{name}"\nduration = "{duration}"\n{extra}'


def analysis_of(text: str) -> Analysis:
    return analyze(parse_plan(text, file="plan.toml"))


def codes(text: str) -> list[str]:
    return [problem.code for problem in analysis_of(text).problems]


def only(text: str, code: str) -> Problem:
    found = [problem for problem in analysis_of(text).problems if problem.code == code]
    assert len(found) == 1, codes(text)
    return found[0]


def test_a_sound_plan_has_no_problems() -> None:
    text = HEAD + item("a") + item("b", 'depends_on = ["a"]\n')
    assert analysis_of(text).problems == []


def test_unknown_dependency_suggests_the_closest_id() -> None:
    text = HEAD + item("juki-fitgap") + item("juki-procure", 'depends_on = ["juki-fitgp"]\n')
    problem = only(text, "unknown-dependency")
    assert problem.severity is Severity.ERROR
    assert (problem.initiative, problem.field) == ("juki-procure", "depends_on.0")
    assert problem.line == 12
    assert problem.hint("en") == "Did you mean 'juki-fitgap'?"


def test_unknown_dependency_with_nothing_close_has_no_guess() -> None:
    text = HEAD + item("a") + item("b", 'depends_on = ["zzzzzz"]\n')
    problem = only(text, "unknown-dependency")
    assert problem.hint("en") is None or "Did you mean" not in (problem.hint("en") or "")


def test_self_dependency_is_an_error_with_the_line() -> None:
    problem = only(HEAD + item("a", 'depends_on = ["a"]\n'), "self-dependency")
    assert (problem.initiative, problem.field, problem.line) == ("a", "depends_on.0", 8)
    assert "a" in (problem.hint("en") or "")


def test_cycle_is_printed_whole_and_in_order() -> None:
    text = (
        HEAD
        + item("x", 'depends_on = ["z"]\n')
        + item("y", 'depends_on = ["x"]\n')
        + item("z", 'depends_on = ["y"]\n')
    )
    problem = only(text, "dependency-cycle")
    assert problem.args["ids"] == ["x", "y", "z", "x"]
    assert "x → y → z → x" in problem.message("en")
    assert problem.line is not None


def test_two_separate_cycles_are_both_reported() -> None:
    text = (
        HEAD
        + item("a", 'depends_on = ["b"]\n')
        + item("b", 'depends_on = ["a"]\n')
        + item("c", 'depends_on = ["d"]\n')
        + item("d", 'depends_on = ["c"]\n')
    )
    cycles = [p.args["ids"] for p in analysis_of(text).problems if p.code == "dependency-cycle"]
    assert cycles == [["a", "b", "a"], ["c", "d", "c"]]


def test_a_plan_with_a_cycle_still_gets_a_schedule() -> None:
    text = HEAD + item("a", 'depends_on = ["b"]\n') + item("b", 'depends_on = ["a"]\n')
    analysis = analysis_of(text)
    assert analysis.has_errors
    assert analysis.schedule is not None
    assert set(analysis.schedule.initiatives) == {"a", "b"}


def test_actual_finish_without_actual_start_is_an_error() -> None:
    problem = only(HEAD + item("a", "actual_finish = 2026-05-01\n"), "actual-finish-without-start")
    assert (problem.initiative, problem.field, problem.line) == ("a", "actual_finish", 8)
    assert "actual_start" in (problem.hint("en") or "")


def test_actual_finish_before_actual_start_is_an_error() -> None:
    text = HEAD + item("a", "actual_start = 2026-05-10\nactual_finish = 2026-05-01\n")
    problem = only(text, "actual-finish-before-start")
    assert "2026-05-01" in problem.message("en") and "2026-05-10" in problem.message("en")


def test_not_before_later_than_deadline_is_an_error() -> None:
    text = HEAD + item("a", "not_before = 2026-09-01\ndeadline = 2026-08-31\n")
    problem = only(text, "not-before-after-deadline")
    assert (problem.initiative, problem.field, problem.line) == ("a", "not_before", 8)


def test_empty_plan_is_an_error() -> None:
    problem = only(HEAD, "empty-plan")
    assert problem.is_error
    assert "[initiatives." in (problem.hint("en") or "")


def test_dependency_against_the_step_order_is_a_warning() -> None:
    text = (
        HEAD
        + item("cloud", 'step = "gov-cloud"\ndepends_on = ["chatbot"]\n')
        + item("chatbot", 'step = "resident-services"\n')
    )
    analysis = analysis_of(text)
    assert not analysis.has_errors
    problem = only(text, "step-order")
    assert problem.severity is Severity.WARNING
    assert (problem.initiative, problem.field) == ("cloud", "depends_on.0")
    assert "ガバクラ" in problem.message("ja") and "住民サービス" in problem.message("ja")


def test_dependency_along_the_step_order_is_fine() -> None:
    text = (
        HEAD
        + item("fitgap", 'step = "standardize"\n')
        + item("cloud", 'step = "gov-cloud"\ndepends_on = ["fitgap"]\n')
        + item("training", 'depends_on = ["cloud"]\n')
    )
    assert codes(text) == []


def test_missed_deadline_is_a_warning_with_the_days_late() -> None:
    text = HEAD + item("a", "deadline = 2026-04-03\n", duration="5d")
    analysis = analysis_of(text)
    assert not analysis.has_errors
    problem = only(text, "deadline-missed")
    assert problem.severity is Severity.WARNING
    assert problem.initiative == "a" and problem.line == 8
    assert problem.args["late_by"] == 2  # finishes 04-07, two working days after 04-03
    assert problem.args["finish"] == "2026-04-07"


def test_plan_finishing_after_its_deadline_is_a_warning() -> None:
    text = HEAD + "deadline = 2026-04-02\n" + item("a", duration="5d")
    problem = only(text, "plan-deadline-missed")
    assert problem.severity is Severity.WARNING
    assert problem.line == 4
    assert problem.args == {"finish": "2026-04-07", "deadline": "2026-04-02"}


def test_dependency_on_cancelled_work_is_a_warning() -> None:
    text = HEAD + item("a", 'status = "cancelled"\n') + item("b", 'depends_on = ["a"]\n')
    problem = only(text, "cancelled-dependency")
    assert problem.severity is Severity.WARNING


def test_done_without_actual_dates_is_a_warning() -> None:
    problem = only(HEAD + item("a", 'status = "done"\n'), "done-without-actuals")
    assert problem.severity is Severity.WARNING


def test_every_problem_is_found_at_once() -> None:
    text = (
        HEAD
        + item("a", 'depends_on = ["a", "bb"]\n')
        + item("b", "actual_finish = 2026-05-01\n")
        + item("c", "not_before = 2026-09-01\ndeadline = 2026-08-01\n")
        + item("d", "progress = 300\n")
    )
    errors = {problem.code for problem in analysis_of(text).errors}
    assert sorted(errors) == [
        "actual-finish-without-start",
        "not-before-after-deadline",
        "progress-range",
        "self-dependency",
        "unknown-dependency",
    ]


def test_errors_come_before_warnings() -> None:
    text = (
        HEAD
        + item("cloud", 'step = "gov-cloud"\ndepends_on = ["chat"]\n')
        + item("chat", 'step = "resident-services"\ndepends_on = ["nope"]\n')
    )
    severities = [problem.severity for problem in analysis_of(text).problems]
    assert severities == sorted(severities, key=[Severity.ERROR, Severity.WARNING].index)
    assert severities[0] is Severity.ERROR


def test_date_the_calendar_cannot_reach_is_an_error_on_its_line() -> None:
    problem = only(HEAD + item("a", "deadline = 2150-03-31\n"), "date-out-of-range")
    assert (problem.initiative, problem.field, problem.line) == ("a", "deadline", 8)
    assert "2150-03-31" in problem.message("en")
    assert "2099" in (problem.hint("en") or "")


def test_plan_start_before_1951_is_an_error_on_its_line() -> None:
    text = '[plan]\ntitle = "x"\nstart = 1926-12-25\n' + item("a")
    problem = only(text, "date-out-of-range")
    assert (problem.initiative, problem.field, problem.line) == (None, "start", 3)


# -- boundaries: the last value that passes and the first that does not ------------------------

#: (plan text, the problems ``roadmap check`` reports as (code, initiative, field)).
BOUNDARIES: dict[str, tuple[str, list[tuple[str, str | None, str | None]]]] = {
    "duplicate dependency is reported on its second entry": (
        HEAD + item("a") + item("b", 'depends_on = ["a", "a"]\n'),
        [("duplicate-dependency", "b", "depends_on.1")],
    ),
    "the same predecessor by two link types is no duplicate": (
        HEAD + item("a") + item("b", 'depends_on = ["a", { id = "a", type = "FF" }]\n'),
        [],
    ),
    "not_before on the deadline itself is allowed": (
        HEAD + item("a", "not_before = 2026-09-01\ndeadline = 2026-09-01\n", duration="1d"),
        [],
    ),
    "not_before one day after the deadline is an error": (
        HEAD + item("a", "not_before = 2026-09-02\ndeadline = 2026-09-01\n", duration="1d"),
        [("not-before-after-deadline", "a", "not_before"), ("deadline-missed", "a", "deadline")],
    ),
    "dates in 2099 are allowed": (
        HEAD + item("a", "not_before = 2099-01-05\ndeadline = 2099-12-28\n"),
        [],
    ),
    "a plan that runs in 2099 is allowed": (
        '[plan]\ntitle = "x"\nstart = 2099-01-05\nstatus_date = 2099-06-01\n'
        "deadline = 2099-12-31\n" + item("a"),
        [],
    ),
    "a date in 2100 is out of range": (
        HEAD + item("a", "deadline = 2100-01-01\n"),
        [("date-out-of-range", "a", "deadline"), ("out-of-range", None, None)],
    ),
    "cancelled work depending on cancelled work gives no warning": (
        HEAD
        + item("a", 'status = "cancelled"\n')
        + item("b", 'status = "cancelled"\ndepends_on = ["a"]\n'),
        [],
    ),
    "planned work depending on cancelled work is warned": (
        HEAD + item("a", 'status = "cancelled"\n') + item("b", 'depends_on = ["a"]\n'),
        [("cancelled-dependency", "b", "depends_on.0")],
    ),
    "a zero duration is a milestone": (HEAD + item("a", duration="0d"), []),
    "minus one day is refused as a duration": (
        HEAD + item("a", duration="-1d"),
        [("invalid-duration", "a", "duration")],
    ),
}


@pytest.mark.parametrize("case", list(BOUNDARIES), ids=list(BOUNDARIES))
def test_boundary_cases_report_exactly_what_they_should(case: str) -> None:
    text, expected = BOUNDARIES[case]
    found = [(p.code, p.initiative, p.field) for p in analysis_of(text).problems]
    assert found == expected
