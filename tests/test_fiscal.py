"""Fiscal years (年度) and era years (和暦) as a town hall counts them."""

from __future__ import annotations

import datetime as dt

import pytest

from roadmap.core.calendar.fiscal import (
    era_year,
    fiscal_quarter_of,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    quarter_bounds,
)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2026, 4, 1), 2026),
        (dt.date(2027, 3, 31), 2026),
        (dt.date(2026, 3, 31), 2025),
        (dt.date(2026, 12, 31), 2026),
    ],
)
def test_fiscal_year_runs_from_april_to_march(day: dt.date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


def test_fiscal_year_bounds_are_april_first_and_march_thirty_first() -> None:
    assert fiscal_year_bounds(2026) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))


def test_leap_year_february_is_inside_its_fiscal_year() -> None:
    first, last = fiscal_year_bounds(2027)
    assert first <= dt.date(2028, 2, 29) <= last


def test_other_start_month_moves_the_fiscal_year() -> None:
    assert fiscal_year_of(dt.date(2026, 3, 15), start_month=1) == 2026
    assert fiscal_year_bounds(2026, start_month=1) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_quarters_start_in_april() -> None:
    assert fiscal_quarter_of(dt.date(2026, 4, 1)) == (2026, 1)
    assert fiscal_quarter_of(dt.date(2026, 12, 1)) == (2026, 3)
    assert fiscal_quarter_of(dt.date(2027, 2, 1)) == (2026, 4)
    assert quarter_bounds(2026, 4) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))


def test_reiwa_first_year_is_gannen() -> None:
    assert era_year(2019) == "令和元"
    assert era_year(2026) == "令和8"
    assert era_year(2018) == "平成30"
    assert era_year(2026, "en") == "Reiwa 8"


def test_fiscal_year_labels_in_both_languages() -> None:
    assert fiscal_year_label(2026) == "令和8年度 (2026年度)"
    assert fiscal_year_label(2026, short=True) == "R8年度"
    assert fiscal_year_label(2019, short=True) == "R元年度"
    assert fiscal_year_label(2030, "en") == "FY2030 (Reiwa 12)"
    assert fiscal_year_label(2030, "en", short=True) == "FY2030"
