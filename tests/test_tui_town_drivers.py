"""The editor says in words what drove a date held by the town's calendar: 当初予算, 補正予算,
議会 and 作業不可期間, never the raw codes ``budget`` or ``blackout``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import RoadmapApp

PLAN = """\
[plan]
title = "町の暦"
start = 2027-05-10
status_date = 2027-05-20

[[blackouts]]
name = "確定申告"
start = "02-16"
end = "03-15"
avoid = true

[initiatives.buy]
title = "機器の調達"
duration = "1mo"
needs = ["budget"]

[initiatives.hosei]
title = "補正で委託"
duration = "5d"
needs = ["supplementary"]

[initiatives.report]
title = "議会報告"
duration = "0d"
on = "council"

[initiatives.switch]
title = "本番切替"
kind = "cutover"
duration = "5d"
not_before = 2028-02-20
"""

SIZE = (120, 40)


@pytest.mark.parametrize(
    ("lang", "initiative", "words", "code"),
    [
        ("ja", "buy", "開始を決めたもの: 当初予算", "budget"),
        ("ja", "hosei", "開始を決めたもの: 補正予算", "supplementary"),
        ("ja", "report", "開始を決めたもの: 議会 (次の定例会)", "council"),
        ("ja", "switch", "開始を決めたもの: 作業不可期間の後", "blackout"),
        ("en", "buy", "Start driven by: initial budget", "budget"),
    ],
)
async def test_the_driver_is_named_in_words(
    tmp_path: Path, lang: str, initiative: str, words: str, code: str
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    app = RoadmapApp(path, lang)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        app.select(initiative)
        await pilot.pause()
        assert app.state.analysis.schedule is not None
        assert app.state.analysis.schedule.initiatives[initiative].driver == code
        shown = str(app.form.query_one("#detail-schedule").render())
        assert words in shown
        assert f": {code}" not in shown
