"""The editor's incremental re-analysis gives exactly what a full analysis gives.

:class:`~roadmap.core.analysis.incremental.IncrementalAnalyzer` redoes only what an edit
reaches; the property test edits random plans (durations in days to years, status, progress,
actuals, deadlines near and far, ``not_before``, steps, cancelled work, new links with month
lags) one initiative at a time and compares every result with
:func:`~roadmap.core.analysis.pipeline.analyze_plan` on the same plan. Between edits the
analyzer is sometimes warmed (:meth:`IncrementalAnalyzer.warm`), so that late dates are redone
both from the kept late-date terms and by the backward pass.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_schedule_properties import Link, Node, RandomPlan, deadline_plans

from roadmap.core.analysis.incremental import IncrementalAnalyzer
from roadmap.core.analysis.pipeline import Analysis, analyze_plan
from roadmap.core.analysis.schedule import plan_calendar
from roadmap.core.model.plan import Plan
from roadmap.core.planfile.loader import parse_plan

#: What an edit may write in place of an initiative's extra lines.
EXTRAS = (
    "",
    'status = "in_progress"\nprogress = 40',
    'status = "in_progress"\nprogress = 90\nactual_start = 2026-04-06',
    'status = "done"\nactual_start = 2026-04-01\nactual_finish = 2026-04-20',
    'status = "done"',
    'status = "cancelled"',
    "deadline = 2026-05-01",
    "deadline = 2026-04-03",
    "deadline = 2027-03-31",
    "not_before = 2026-07-01",
    'not_before = 2026-09-01\ndeadline = 2026-06-01\nstep = "measure"',
    'step = "measure"',
    'step = "standardize"',
    'systems = ["住民基本台帳"]',
    # the portfolio checks that read one initiative, and those that run only when some
    # initiative has costs or staffing
    "cost = { initial = 1000, subsidy = 2000 }",
    'staffing = { "住民課" = 3 }',
    'kpis = [{ name = "満足度", unit = "点" }]',
    'costs = [{ item = "委託費", amount = 1 }]',
)
#: Durations an edit may set: days and weeks, and months and years that stretch the plan far
#: enough for late dates to fall before the calendar's first day.
DURATIONS = ((0, "d"), (3, "d"), (12, "d"), (2, "w"), (2, "mo"), (18, "mo"), (2, "y"))


@st.composite
def edited(draw: st.DrawFn, node: Node, number: int) -> Node:
    """``node`` with one thing changed: its duration, its extra lines or its links."""
    kind = draw(st.sampled_from(["duration", "duration", "extra", "extra", "links"]))
    if kind == "duration":
        count, unit = draw(st.sampled_from(DURATIONS))
        return Node(count, unit, node.links, node.extra)
    if kind == "extra":
        return Node(node.count, node.unit, node.links, draw(st.sampled_from(EXTRAS)))
    sources = draw(st.sets(st.integers(0, number - 1), max_size=2)) if number else set()
    links = tuple(
        Link(source, draw(st.sampled_from(["FS", "SS", "FF"])), draw(st.integers(-1, 1)), "mo")
        for source in sorted(sources)
    )
    return Node(node.count, node.unit, links, node.extra)


def _same(got: Analysis, expected: Analysis) -> None:
    assert got.schedule == expected.schedule
    assert got.problems == expected.problems
    assert got == expected


@settings(max_examples=150, deadline=None)
@given(deadline_plans(), st.data())
def test_incremental_analysis_equals_a_full_analysis(plan: RandomPlan, data: st.DataObject) -> None:
    analyzer = IncrementalAnalyzer()
    loaded = parse_plan(plan.toml())
    current = loaded.plan
    assert current is not None
    _same(analyzer.analyze(current, loaded.problems), analyze_plan(current, loaded.problems))
    nodes = list(plan.nodes)
    for _ in range(data.draw(st.integers(1, 6))):
        if data.draw(st.booleans()):
            analyzer.warm()
        number = data.draw(st.integers(0, len(nodes) - 1))
        nodes[number] = data.draw(edited(nodes[number], number))
        text = RandomPlan(plan.calendar, plan.start, tuple(nodes), plan.status_date).toml()
        reloaded = parse_plan(text)
        assert reloaded.plan is not None
        key = f"n{number}"
        # the editor's way: only the edited initiative gets a new model
        initiatives = dict(current.initiatives)
        initiatives[key] = reloaded.plan.initiatives[key]
        current = current.model_copy(update={"initiatives": initiatives})
        _same(
            analyzer.analyze(current, reloaded.problems), analyze_plan(current, reloaded.problems)
        )


CHAIN = """\
[plan]
title = "chain"
start = 2026-04-01

[initiatives.a]
title = "A"
duration = "5d"

[initiatives.b]
title = "B"
duration = "5d"
depends_on = ["a"]

[initiatives.c]
title = "C"
duration = "5d"
depends_on = ["b"]
deadline = 2026-04-10

[initiatives.other]
title = "Other"
duration = "30d"
"""


def _with(plan: Plan, key: str, text: str) -> Plan:
    """``plan`` with initiative ``key`` replaced by the one of ``text`` (a new model, the
    others kept as they are: the editor's way)."""
    reloaded = parse_plan(text).plan
    assert reloaded is not None
    initiatives = dict(plan.initiatives)
    initiatives[key] = reloaded.initiatives[key]
    return plan.model_copy(update={"initiatives": initiatives})


def test_a_duration_edit_moves_the_successors_and_is_redone_incrementally() -> None:
    loaded = parse_plan(CHAIN)
    assert loaded.plan is not None
    analyzer = IncrementalAnalyzer()
    first = analyzer.analyze(loaded.plan)
    assert first.schedule is not None
    assert str(first.schedule.initiatives["c"].finish) == "2026-04-21"
    longer = _with(
        loaded.plan, "b", CHAIN.replace('"5d"\ndepends_on = ["a"]', '"10d"\ndepends_on = ["a"]')
    )
    second = analyzer.analyze(longer)
    assert analyzer.last == "incremental"
    assert second.schedule is not None
    # B: 10 working days from 04-08; C: 04-22 to 04-28, 12 working days after its 04-10
    assert str(second.schedule.initiatives["b"].finish) == "2026-04-21"
    assert str(second.schedule.initiatives["c"].start) == "2026-04-22"
    assert second.schedule.initiatives["c"].late_by == 12
    assert second == analyze_plan(longer)


def test_a_new_link_or_a_calendar_change_falls_back_to_the_full_analysis() -> None:
    loaded = parse_plan(CHAIN)
    assert loaded.plan is not None
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(loaded.plan)
    linked_text = CHAIN + 'depends_on = ["c"]\n'
    linked = _with(loaded.plan, "other", linked_text)
    assert analyzer.analyze(linked) == analyze_plan(linked)
    assert analyzer.last == "full"
    far_text = linked_text.replace('"A"\n', '"A"\nnot_before = 2026-06-01\n')
    far = _with(linked, "a", far_text)  # a date within the calendar's years
    assert analyzer.analyze(far) == analyze_plan(far)
    assert analyzer.last == "incremental"
    early_text = far_text.replace('"A"\n', '"A"\ndeadline = 1999-03-31\n')
    early = _with(far, "a", early_text)  # the calendar starts in another year
    assert analyzer.analyze(early) == analyze_plan(early)
    assert analyzer.last == "full"


BROKEN = """\
[plan]
title = "broken"
start = 2026-04-01

[initiatives.a]
title = "A"
duration = "5d"
systems = ["住民基本台帳"]

[initiatives.b]
title = "B"
duration = "5d"
depends_on = ["a", "aa-typo"]
step = "measure"

[initiatives.bad]
title = "Bad"
duration = "soon"
depends_on = ["b"]

[initiatives.c]
title = "C"
duration = "5d"
depends_on = ["b"]
step = "standardize"
systems = ["住民基本台帳"]
"""


def test_unknown_links_and_invalid_initiatives_give_the_full_analysis_too() -> None:
    loaded = parse_plan(BROKEN)
    assert loaded.plan is not None and loaded.plan.salvaged
    analyzer = IncrementalAnalyzer()
    assert analyzer.analyze(loaded.plan, loaded.problems) == analyze_plan(
        loaded.plan, loaded.problems
    )
    for key, old, new in (
        ("b", 'duration = "5d"\ndepends_on = ["a", "aa', 'duration = "9d"\ndepends_on = ["a", "aa'),
        (
            "a",
            'systems = ["住民基本台帳"]\n\n[initiatives.b]',
            'status = "done"\n\n[initiatives.b]',
        ),
        ("b", 'step = "measure"', 'step = "standardize"'),
    ):
        changed = _with(loaded.plan, key, BROKEN.replace(old, new))
        assert analyzer.analyze(changed, loaded.problems) == analyze_plan(changed, loaded.problems)
        assert analyzer.last == "incremental"


def test_the_editor_state_keeps_the_full_analysis_after_each_edit() -> None:
    from tui.state import PlanState

    state = PlanState(CHAIN)
    for field, value in (("duration", "12d"), ("deadline", "2026-04-01"), ("duration", "1d")):
        state.set_field("b", field, value)
        assert state.analysis == analyze_plan(state.analysis.plan, state._all_problems())
    finish = state.scheduled("c")
    assert finish is not None and str(finish.finish) == "2026-04-15"


LATE = """\
[plan]
title = "late"
start = 2026-04-01

[initiatives.a]
title = "A"
duration = "5d"

[initiatives.b]
title = "B"
duration = "5d"
depends_on = [{ id = "a", type = "SS", lag = "2d" }]

[initiatives.c]
title = "C"
duration = "5d"
depends_on = ["b", { id = "a", type = "FF", lag = "1w" }]

[initiatives.d]
title = "D"
duration = "3d"
depends_on = ["a"]
deadline = 2026-04-08

[initiatives.e]
title = "E"
duration = "2d"
depends_on = ["d"]
"""


def test_late_dates_follow_a_moving_finish_from_the_kept_terms() -> None:
    """With lags in days and weeks, late dates are kept as terms of the project finish: edits
    that move the finish (and others that do not) match the full analysis, warmed or not."""
    loaded = parse_plan(LATE)
    assert loaded.plan is not None
    for warm in (False, True):
        analyzer = IncrementalAnalyzer()
        current = loaded.plan
        assert analyzer.analyze(current) == analyze_plan(current)
        text = LATE
        for old, new in (
            ('"B"\nduration = "5d"', '"B"\nduration = "15d"'),  # the finish moves later
            ('"E"\nduration = "2d"', '"E"\nduration = "4d"'),  # a deadline holds D, not E
            ('"B"\nduration = "15d"', '"B"\nduration = "2d"'),  # earlier again
            ('"A"\nduration = "5d"', '"A"\nduration = "5d"\nstatus = "done"'),
            ('"D"\nduration = "3d"', '"D"\nduration = "1w"'),
        ):
            if warm:
                analyzer.warm()
            text = text.replace(old, new)
            key = new.split('"')[1].lower()
            current = _with(current, key, text)
            assert analyzer.analyze(current) == analyze_plan(current)
            assert analyzer.last == "incremental"


def test_the_kept_calendar_is_the_one_a_full_analysis_takes_after_other_plans() -> None:
    """Analyses of other plans push the edited plan's calendar out of the kept calendars;
    the incremental analysis puts it back, so that a full one gives the same object."""
    loaded = parse_plan(CHAIN)
    assert loaded.plan is not None
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(loaded.plan)
    for year in range(2030, 2042):  # more calendars than are kept
        other = parse_plan(
            f'[plan]\ntitle = "other"\nstart = {year}-04-01\n\n'
            '[initiatives.a]\ntitle = "A"\nduration = "1d"\n'
        )
        assert other.plan is not None
        plan_calendar(other.plan)
    longer = _with(
        loaded.plan, "b", CHAIN.replace('"5d"\ndepends_on = ["a"]', '"9d"\ndepends_on = ["a"]')
    )
    assert analyzer.analyze(longer) == analyze_plan(longer)
    assert analyzer.last == "incremental"
