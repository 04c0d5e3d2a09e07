"""The shared helpers that replaced repeated code: month arithmetic, the TOML value scanner,
the language of ``--lang``."""

from __future__ import annotations

import datetime as dt
import tomllib

from roadmap.core.calendar.fiscal import quarter_bounds
from roadmap.core.calendar.months import add_months, iso_date, month_after, months_from
from roadmap.core.i18n import as_lang
from roadmap.core.model.plan import STEP_JA_ALIASES, Step
from roadmap.core.planfile.layout import format_plan_text
from roadmap.core.planfile.source import LineIndex, value_end


def test_months_cross_the_year_and_clamp_to_short_months() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 1, 15), -1) == dt.date(2025, 12, 15)
    assert month_after(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
    assert list(months_from(dt.date(2026, 12, 5), dt.date(2027, 1, 31))) == [
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 1),
    ]
    assert list(months_from(dt.date(2026, 5, 2), dt.date(2026, 4, 30))) == []
    assert iso_date(dt.date(2027, 3, 31)) == "2027-03-31"


def test_fiscal_quarters_start_in_april_by_default() -> None:
    assert quarter_bounds(2026, 4) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert quarter_bounds(2026, 1, start_month=1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_a_value_ends_after_its_brackets_and_strings() -> None:
    lines = ['a = [ "x]", # ]', "  1,", "]", "b = 2"]
    assert value_end(lines, 0, 4) == 3
    assert value_end(lines, 3, 4) == 4
    quote = '"' * 3
    assert value_end([f"a = {quote}one", "[looks.like.a.table]", f"two{quote}", "b = 1"], 0, 4) == 3
    assert value_end(['a = "never closed', "b = 1"], 0, 4) == 1


def test_lines_inside_a_multiline_string_are_not_keys_or_tables() -> None:
    quote = '"' * 3
    text = (
        f'[plan]\ntitle = "T"\n\n[initiatives.a]\nnotes = {quote}\n[initiatives.b]\n'
        f'duration = "1y"\n{quote}\nduration = "1d"\n'
    )
    index = LineIndex(text)
    assert index.line_of(("initiatives", "a", "duration")) == 9
    assert index.line_of(("initiatives", "b")) == 4  # only its parent: line 6 is notes text
    formatted = format_plan_text(text)  # duration moves above notes; notes keep their lines
    assert formatted.index('duration = "1d"') < formatted.index("notes")
    assert tomllib.loads(formatted) == tomllib.loads(text)


def test_lang_values_other_than_en_mean_japanese() -> None:
    assert [as_lang(value) for value in ("en", "ja", "EN", "", None)] == ["en", *["ja"] * 4]


def test_step_aliases_are_the_catalogue_labels() -> None:
    assert STEP_JA_ALIASES["ガバクラ"] is Step.GOV_CLOUD
    assert STEP_JA_ALIASES["ガバメントクラウド"] is Step.GOV_CLOUD
    assert STEP_JA_ALIASES["住民サービス"] is Step.RESIDENT_SERVICES
