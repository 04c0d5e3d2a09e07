"""Durations as written in plan files: what is read, what is refused and why."""

from __future__ import annotations

import pytest

from roadmap.core.model.durations import MAX_YEARS, Duration, DurationError, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3mo", Duration(3, "mo")),
        ("2w", Duration(2, "w")),
        ("10d", Duration(10, "d")),
        ("1y", Duration(1, "y")),
        ("0d", Duration(0, "d")),
        (" 5d ", Duration(5, "d")),
    ],
)
def test_plan_durations_are_read_as_count_and_unit(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


def test_negative_duration_is_refused_for_work_but_read_for_a_lag() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("-2d")
    assert caught.value.reason == "negative"
    assert parse_duration("-1w", allow_negative=True) == Duration(-1, "w")


@pytest.mark.parametrize("text", ["-1d", "-1w", "-1mo", "-1y", " -1d ", "- 1d"])
def test_a_negative_duration_is_refused_even_by_the_smallest_step(text: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert caught.value.reason == "negative"


@pytest.mark.parametrize("text", ["3 months", "3", "mo", "1.5d", "3m", "2 weeks", "", "d3"])
def test_words_and_fractions_are_refused_with_the_format_reason(text: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert caught.value.reason == "format"
    assert caught.value.text == text


@pytest.mark.parametrize("value", [3, 2.5, None, ["3d"]])
def test_a_non_string_duration_is_refused_with_the_type_reason(value: object) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(value)
    assert caught.value.reason == "type"


def test_a_duration_longer_than_a_century_is_refused() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(f"{MAX_YEARS + 1}y")
    assert caught.value.reason == "too-long"
    with pytest.raises(DurationError):
        parse_duration("999999d")


def test_a_duration_prints_as_it_is_written() -> None:
    assert str(parse_duration("-1w", allow_negative=True)) == "-1w"
    assert str(parse_duration("3mo")) == "3mo"


def test_zero_days_is_a_milestone_length() -> None:
    assert parse_duration("0d").is_zero
    assert not parse_duration("1d").is_zero


def test_a_text_read_again_is_the_same_duration_and_errors_are_not_remembered() -> None:
    from roadmap.core.model.durations import DurationError, parse_duration

    assert parse_duration("7w") is parse_duration("7w")
    assert parse_duration("-2d", allow_negative=True) == parse_duration(" -2d", allow_negative=True)
    for _ in range(2):  # a lag read before does not make a negative duration pass
        with pytest.raises(DurationError):
            parse_duration("-2d")
