"""The built-in table of Japanese national holidays equals the ``holidays`` package, day by day."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import holidays

from roadmap.core.calendar.jp_holiday_dates import FIRST_YEAR, LAST_YEAR, holiday_days
from roadmap.core.calendar.workdays import WorkCalendar


def test_table_equals_holidays_package_every_day_to_2099() -> None:
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        expected = set(holidays.country_holidays("JP", years=year))
        assert set(holiday_days(year)) == expected, year
    # outside the package's range (older releases raise there) the table has no holidays
    for year in (FIRST_YEAR - 2, FIRST_YEAR - 1, LAST_YEAR + 1, LAST_YEAR + 2):
        assert not holiday_days(year), year


def test_every_day_of_every_year_agrees() -> None:
    """Not only the set: each day from 1949 to 2099 is a holiday in both or in neither."""
    package = holidays.country_holidays("JP", years=range(FIRST_YEAR, LAST_YEAR + 1))
    day = dt.date(FIRST_YEAR, 1, 1)
    end = dt.date(LAST_YEAR, 12, 31)
    while day <= end:
        assert (day in holiday_days(day.year)) == (day in package), day
        day += dt.timedelta(days=1)


def test_hand_checked_days() -> None:
    # 2019-05-01 即位の日, 2020-07-24 スポーツの日 (moved for the Olympics), 2026-05-06 振替休日
    for day in (dt.date(2019, 5, 1), dt.date(2020, 7, 24), dt.date(2026, 5, 6)):
        assert day in holiday_days(day.year)
    assert dt.date(2020, 10, 12) not in holiday_days(2020)  # the moved スポーツの日
    calendar = WorkCalendar(dt.date(2026, 4, 1))
    assert not calendar.is_working(dt.date(2026, 5, 6))
    assert calendar.is_working(dt.date(2026, 5, 7))


def test_checking_an_acyclic_plan_imports_neither_holidays_nor_networkx(tmp_path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[plan]\ntitle = "t"\nstart = 2026-04-01\n\n'
        '[initiatives.a]\ntitle = "a"\nduration = "5d"\n\n'
        '[initiatives.b]\ntitle = "b"\nduration = "1w"\ndepends_on = ["a"]\n',
        encoding="utf-8",
    )
    probe = (
        "import sys\n"
        "from roadmap.cli.main import main\n"
        f"code = main(['check', {str(plan)!r}])\n"
        "print(sorted(m for m in ('holidays', 'networkx') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
