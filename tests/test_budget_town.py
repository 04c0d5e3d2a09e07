"""The budget as a town budgets it: 節, 財源, contracts, 債務負担行為, 繰越明許費, actuals.

Every amount below is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.core.analysis.budget import GENERAL, BudgetReport, budget_report, to_thousands
from roadmap.core.analysis.budget_request import budget_request
from roadmap.core.analysis.pipeline import Analysis, analyze
from roadmap.core.model.money import BUDGET_ITEMS, FUNDING_SOURCES
from roadmap.core.planfile.loader import parse_plan

HEAD = """
[plan]
title = "予算"
start = {start}
calendar = "calendar"
year_end_closure = ["12-31", "12-31"]
"""


def analysis_of(body: str, start: str = "2026-04-01") -> Analysis:
    text = textwrap.dedent(HEAD.format(start=start)) + textwrap.dedent(body)
    return analyze(parse_plan(text, "plan.toml"))


def report_of(body: str, start: str = "2026-04-01") -> BudgetReport:
    analysis = analysis_of(body, start)
    assert analysis.plan is not None and analysis.schedule is not None, analysis.problems
    assert not analysis.has_errors, analysis.problems
    return budget_report(analysis.plan, analysis.schedule)


def codes(body: str, start: str = "2026-04-01") -> list[tuple[str, str | None, str | None]]:
    return [(p.code, p.initiative, p.field) for p in analysis_of(body, start).problems]


def by_year(report: BudgetReport, name: str) -> dict[int, int]:
    return {year.fiscal_year: getattr(year, name) for year in report.years if getattr(year, name)}


# A build signed in February 2027 (令和8年度) and accepted (検収) on 2027-06-30 (令和9年度).
FEBRUARY_BUILD = """
[budget]
horizon_end = 2028-03-31
[initiatives.build]
title = "標準準拠システム構築"
duration = "136d"
not_before = 2027-02-15
[[initiatives.build.costs]]
name = "構築委託"
item = "委託料"
amount = 10_000_000
{contract}
"""


class TestContracts:
    def test_a_build_signed_in_february_and_paid_in_april_needs_a_debt_burden(self) -> None:
        report = report_of(FEBRUARY_BUILD.format(contract='contract = "debt"'))
        # paid at 検収 (finish 2027-06-30): all of it in 令和9年度
        assert by_year(report, "initial") == {2027: 10_000_000}
        (debt,) = report.debts
        assert (debt.set_in, debt.first_year, debt.last_year, debt.limit) == (
            2026,
            2027,
            2027,
            10_000_000,
        )
        # set in the 令和8年度 budget: 当初 at the March 2026 session, or a 補正 by the last
        # session before signing (December 2026); 定例会 default to day 1 of 3/6/9/12
        assert debt.vote_session == dt.date(2026, 3, 1)
        assert debt.latest_session == dt.date(2026, 12, 1)
        assert report.carryovers == ()

    def test_the_same_build_as_a_single_year_contract_needs_a_carryover(self) -> None:
        report = report_of(FEBRUARY_BUILD.format(contract=""))
        (carry,) = report.carryovers
        assert (carry.budget_year, carry.paid_in, carry.amount) == (2026, 2027, 10_000_000)
        # the 繰越明許費 is set at the last 定例会 of 令和8年度: March 2027
        assert carry.session == dt.date(2027, 3, 1)
        found = [c for c in codes(FEBRUARY_BUILD.format(contract="")) if c[0] == "carryover-needed"]
        assert found == [("carryover-needed", "build", "costs.0")]

    def test_work_accepted_on_march_31_needs_no_carryover_but_april_1_does(self) -> None:
        body = """
        [initiatives.a]
        title = "改修"
        duration = "{days}d"
        not_before = 2027-03-01
        [[initiatives.a.costs]]
        item = "委託料"
        amount = 1_000_000
        """
        on_time = report_of(body.format(days=31))  # 03-01 .. 03-31
        late = report_of(body.format(days=32))  # 03-01 .. 04-01
        assert on_time.carryovers == ()
        assert [(c.budget_year, c.paid_in) for c in late.carryovers] == [(2026, 2027)]

    def test_monthly_billing_across_the_fiscal_year_boundary(self) -> None:
        report = report_of(
            """
            [budget]
            horizon_end = 2028-03-31
            [initiatives.cloud]
            title = "ガバメントクラウド利用"
            duration = "1d"
            [[initiatives.cloud.costs]]
            name = "利用料"
            item = "使用料及び賃借料"
            annual = 1_200_000
            start = 2027-01-01
            months = 12
            """
        )
        # January-March 2027 (3 months) in 令和8年度, April-December (9 months) in 令和9年度
        assert by_year(report, "running") == {2026: 300_000, 2027: 900_000}
        (debt,) = report.debts  # a fixed term paying after the year it is signed in
        assert (debt.set_in, debt.first_year, debt.last_year, debt.limit) == (
            2026,
            2027,
            2027,
            900_000,
        )

    def test_a_long_term_continuing_contract_needs_no_debt_burden(self) -> None:
        body = """
        [budget]
        horizon_end = 2031-03-31
        [initiatives.cloud]
        title = "機器賃貸借"
        duration = "1d"
        [[initiatives.cloud.costs]]
        item = "{item}"
        annual = 1_200_000
        start = 2027-01-01
        months = 60
        contract = "long-term"
        """
        report = report_of(body.format(item="使用料及び賃借料"))
        assert report.debts == ()
        # January 2027 to March 2031 (51 months) inside the horizon
        assert sum(by_year(report, "running").values()) == 100_000 * 51
        assert [c[0] for c in codes(body.format(item="備品購入費"))] == ["long-term-contract-item"]

    def test_running_cost_ends_with_its_contract_unless_renewed(self) -> None:
        body = """
        [initiatives.a]
        title = "保守"
        duration = "1d"
        [[initiatives.a.costs]]
        item = "委託料"
        annual = 1_200_000
        start = 2026-04-01
        months = 24
        {renew}
        """
        # the horizon runs 令和8〜12年度
        head = "[budget]\nhorizon_end = 2031-03-31\n"
        ended = report_of(head + body.format(renew=""))
        renewed = report_of(head + body.format(renew="renew = true"))
        assert by_year(ended, "running") == {2026: 1_200_000, 2027: 1_200_000}
        assert by_year(renewed, "running") == {year: 1_200_000 for year in range(2026, 2031)}

    def test_the_old_system_runs_on_during_parallel_operation(self) -> None:
        report = report_of(
            """
            [budget]
            horizon_end = 2028-03-31
            [initiatives.a]
            title = "新システム"
            duration = "1d"
            not_before = 2026-06-30
            [[initiatives.a.costs]]
            item = "使用料及び賃借料"
            annual = 1_200_000
            annual_before = 2_400_000
            parallel_months = 3
            """
        )
        # new from 2026-07-01 (9 months of 令和8年度); old stops three months later, from
        # October: 6 months of 2,400,000 no longer paid in 令和8年度
        assert by_year(report, "running") == {2026: 900_000, 2027: 1_200_000}
        assert by_year(report, "running_replaced") == {2026: 1_200_000, 2027: 2_400_000}


class TestFunding:
    BODY = """
    [budget]
    horizon_end = 2028-03-31
    [initiatives.a]
    title = "移行"
    duration = "365d"
    [[initiatives.a.costs]]
    name = "移行委託"
    item = "委託料"
    amount = 40_000_000
    booking = "spread"
    [[initiatives.a.costs]]
    name = "研修"
    item = "報償費"
    amount = 1_000_000
    booking = "start"
    [[initiatives.a.financing]]
    source = "国庫支出金"
    name = "デジタル基盤改革支援補助金"
    rate = 0.5
    cap = 15_000_000
    lines = ["移行委託"]
    """

    def test_a_subsidy_is_its_rate_of_the_cost_up_to_its_cap(self) -> None:
        report = report_of(self.BODY)
        # 2026-04-01 .. 2027-03-31 is all 令和8年度: 40,000,000 x 1/2 = 20,000,000, capped
        assert by_year(report, "subsidy") == {2026: 15_000_000}
        year = report.years[0]
        assert dict(year.by_source) == {"国庫支出金": 15_000_000}
        assert year.general == 41_000_000 - 15_000_000

    def test_the_cap_is_spent_year_by_year(self) -> None:
        report = report_of(self.BODY.replace('duration = "365d"', 'duration = "730d"'))
        # 20,000,000 of cost a year: 10,000,000 paid in 令和8年度, the 5,000,000 left in 令和9年度
        assert by_year(report, "subsidy") == {2026: 10_000_000, 2027: 5_000_000}

    def test_by_item_and_by_source_both_add_up_to_the_total(self) -> None:
        year = report_of(self.BODY).years[0]
        assert dict(year.by_item) == {"報償費": 1_000_000, "委託料": 40_000_000}
        assert [name for name, _ in year.by_item] == ["報償費", "委託料"]  # 別記 order
        assert sum(dict(year.by_source).values()) + year.general == year.total

    def test_tax_allocation_is_reported_apart_and_never_netted(self) -> None:
        report = report_of(
            """
            [initiatives.cio]
            title = "CIO補佐官"
            duration = "1d"
            [[initiatives.cio.costs]]
            item = "報酬"
            annual = 1_200_000
            start = 2026-04-01
            months = 12
            contract = "single"
            [[initiatives.cio.tax_allocation]]
            kind = "special"
            name = "外部デジタル人材"
            rate = 0.7
            """
        )
        year = report.years[0]
        # 0.7 of the 一般財源 1,200,000 (特別交付税 措置率: docs/research/budget-facts.md §5)
        assert (year.total, year.general, year.tax_allocation) == (1_200_000, 1_200_000, 840_000)

    def test_funding_beyond_the_cost_is_cut_and_reported(self) -> None:
        found = codes(
            """
            [initiatives.a]
            title = "過大"
            duration = "1d"
            [[initiatives.a.costs]]
            amount = 1_000
            [[initiatives.a.financing]]
            source = "基金繰入金"
            amount = 3_000
            """
        )
        assert ("financing-above-cost", "a", "financing") in found


class TestNames:
    def test_a_misspelt_item_gets_a_did_you_mean(self) -> None:
        analysis = analysis_of(
            """
            [initiatives.a]
            title = "委託"
            duration = "1d"
            [[initiatives.a.costs]]
            item = "委託費"
            amount = 1
            [[initiatives.a.financing]]
            source = "国庫補助金"
            amount = 1
            lines = ["構築"]
            """
        )
        found = {p.code: p for p in analysis.problems}
        assert found["unknown-budget-item"].field == "costs.0.item"
        assert "委託料" in (found["unknown-budget-item"].hint() or "")
        assert found["unknown-budget-item"].line == 12
        assert "国庫支出金" in (found["unknown-funding-source"].hint() or "")
        assert found["unknown-cost-line"].field == "financing.0.lines.0"

    def test_aliases_are_read_as_their_item(self) -> None:
        report = report_of(
            """
            [initiatives.a]
            title = "借上げ"
            duration = "1d"
            [[initiatives.a.costs]]
            item = "使用料"
            amount = 5
            """
        )
        assert dict(report.years[0].by_item) == {"使用料及び賃借料": 5}

    def test_bad_contract_keys_are_reported_with_their_line(self) -> None:
        found = codes(
            """
            [initiatives.a]
            title = "契約"
            duration = "1d"
            [[initiatives.a.costs]]
            annual = 1
            start = 2027-04-01
            end = 2026-04-01
            [[initiatives.a.costs]]
            annual = 1
            end = 2027-04-01
            months = 3
            [[initiatives.a.financing]]
            source = "交付金"
            """
        )
        assert ("contract-reversed", "a", "costs.0") in found
        assert ("contract-end-and-months", "a", "costs.1") in found
        assert ("financing-rate-or-amount", "a", "financing.0") in found


class TestHorizonAndActuals:
    def test_a_slip_does_not_invent_a_year_outside_the_plan_period(self) -> None:
        body = """
        [initiatives.a]
        title = "運用"
        duration = "{days}d"
        [[initiatives.a.costs]]
        amount = 1_000
        annual = 1_200
        """
        head = '[plan]\ntitle = "x"\nstart = 2026-04-01\ncalendar = "calendar"\nperiod = [2026, 2027]\n'
        text = head + textwrap.dedent(body)
        for days in (30, 400):
            analysis = analyze(parse_plan(text.format(days=days), "plan.toml"))
            assert analysis.plan is not None and analysis.schedule is not None
            report = budget_report(analysis.plan, analysis.schedule)
            assert (report.first_year, report.last_year) == (2026, 2027)
        # the slipped one pays its 1,000 at 検収 in 令和9年度 and runs from 2027-06
        assert by_year(report, "initial") == {2027: 1_000}
        assert by_year(report, "running") == {2027: 1_000}  # 10 months of 1,200

    def test_execution_rate_and_difference_from_plan(self) -> None:
        report = report_of(
            """
            [budget]
            horizon_end = 2027-03-31
            [initiatives.a]
            title = "執行"
            duration = "30d"
            [[initiatives.a.costs]]
            item = "委託料"
            amount = 2_000_000
            actuals = { 2026 = { budget = 2_000_000, spent = 1_500_000 } }
            """
        )
        year = report.years[0]
        assert (year.budgeted, year.spent, year.planned_with_actuals) == (
            2_000_000,
            1_500_000,
            2_000_000,
        )
        assert year.execution_rate == 0.75


class TestRequest:
    def test_request_by_item_and_source_against_the_year_before(self) -> None:
        analysis = analysis_of(TestFunding.BODY.replace('duration = "365d"', 'duration = "730d"'))
        assert analysis.plan is not None and analysis.schedule is not None
        request = budget_request(analysis.plan, analysis.schedule, 2027)
        # 令和9年度: the second half of the spread (20,000,000); 令和8年度 also had 研修 1,000,000
        assert [(r.key, r.amount, r.previous, r.change) for r in request.by_item] == [
            ("報償費", 0, 1_000_000, -1_000_000),
            ("委託料", 20_000_000, 20_000_000, 0),
        ]
        assert [(r.key, r.amount) for r in request.by_source] == [
            ("国庫支出金", 5_000_000),
            (GENERAL, 15_000_000),
        ]
        # spread over two 年度 from one contract: a 債務負担行為 set in 令和8年度, still paying
        assert [(d.set_in, paid) for d, paid in request.continuing_debts] == [(2026, 20_000_000)]

    def test_request_against_a_baseline_lists_what_needs_a_supplementary_budget(self) -> None:
        body = """
        [initiatives.a]
        title = "構築"
        duration = "30d"
        [[initiatives.a.costs]]
        item = "委託料"
        amount = {amount}
        """
        old = analysis_of(body.format(amount="5_000_000"))
        new = analysis_of(body.format(amount="6_500_000"))
        assert old.plan and old.schedule and new.plan and new.schedule
        request = budget_request(new.plan, new.schedule, 2026, (old.plan, old.schedule))
        assert request.supplementary is not None
        assert [
            (line.baseline, line.amount, line.supplementary) for line in request.supplementary
        ] == [(5_000_000, 6_500_000, 1_500_000)]


def test_thousands_rounding_rules() -> None:
    assert [to_thousands(1_000_001, rule) for rule in ("up", "half-up", "down")] == [
        1001,
        1000,
        1000,
    ]
    assert [to_thousands(1_500, rule) for rule in ("up", "half-up", "down")] == [2, 2, 1]


# -- properties on random plans ------------------------------------------------------------

_LINE = st.fixed_dictionaries(
    {
        "item": st.sampled_from(BUDGET_ITEMS[:14]),
        "amount": st.integers(0, 10**9),
        "booking": st.sampled_from(["finish", "start", "spread", "monthly"]),
        "annual": st.integers(0, 10**8),
        "billing": st.sampled_from(["monthly", "annual", "lump"]),
        "months": st.one_of(st.none(), st.integers(1, 90)),
        "offset": st.integers(0, 700),
    }
)
_FUNDING = st.fixed_dictionaries(
    {
        "source": st.sampled_from(FUNDING_SOURCES),
        "rate": st.one_of(st.none(), st.sampled_from([0.5, 0.6667, 0.75, 1.0])),
        "amount": st.integers(0, 10**9),
        "cap": st.one_of(st.none(), st.integers(0, 10**9)),
        "part": st.sampled_from(["initial", "running", "all"]),
    }
)


def _random_plan(
    lines: list[dict[str, object]], funding: list[dict[str, object]], days: int
) -> str:
    out = [
        '[plan]\ntitle = "p"\nstart = 2026-04-01\ncalendar = "calendar"\nperiod = [2026, 2031]\n',
        f'[initiatives.a]\ntitle = "a"\nduration = "{days}d"\n',
    ]
    for number, line in enumerate(lines):
        start = dt.date(2026, 4, 1) + dt.timedelta(days=int(str(line["offset"])))
        months = f"months = {line['months']}\n" if line["months"] is not None else ""
        out.append(
            f'[[initiatives.a.costs]]\nname = "l{number}"\nitem = "{line["item"]}"\n'
            f'amount = {line["amount"]}\nbooking = "{line["booking"]}"\n'
            f'annual = {line["annual"]}\nbilling = "{line["billing"]}"\n'
            f"start = {start.isoformat()}\n{months}"
        )
    for entry in funding:
        money = (
            f"rate = {entry['rate']}"
            if entry["rate"] is not None
            else f"amount = {entry['amount']}"
        )
        cap = f"cap = {entry['cap']}\n" if entry["cap"] is not None else ""
        out.append(
            f'[[initiatives.a.financing]]\nsource = "{entry["source"]}"\n{money}\n{cap}'
            f'part = "{entry["part"]}"\n'
        )
    return "\n".join(out)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_LINE, min_size=1, max_size=4),
    st.lists(_FUNDING, max_size=3),
    st.integers(1, 900),
)
def test_totals_by_item_and_by_source_equal_the_total_cost(
    lines: list[dict[str, object]], funding: list[dict[str, object]], days: int
) -> None:
    analysis = analyze(parse_plan(_random_plan(lines, funding, days), "plan.toml"))
    assert analysis.plan is not None and analysis.schedule is not None, analysis.problems
    report = budget_report(analysis.plan, analysis.schedule)
    for year in report.years:
        assert sum(yen for _, yen in year.by_item) == year.total
        assert sum(yen for _, yen in year.by_source) + year.general == year.total
        assert 0 <= year.subsidy <= year.total
    for line in report.initiatives[0].lines:
        last = line.contract_last
        if last is not None and line.annual and line.amount == 0:
            month = analysis.plan.plan.fiscal_year_start_month
            first_year = line.contract_first.year - (line.contract_first.month < month)
            last_year = last.year - (last.month < month)
            # nothing is booked outside the contract
            assert all(first_year <= year <= last_year for year, *_ in line.years if _[1])


def test_fmt_orders_the_keys_of_cost_lines_and_funding_as_documented() -> None:
    from roadmap.core.planfile.layout import format_plan_text

    text = textwrap.dedent(HEAD.format(start="2026-04-01")) + textwrap.dedent(
        """
        [initiatives.a]
        title = "A"
        duration = "3mo"
        # 構築は検収払い
        [[initiatives.a.costs]]
        amount = 1_000
        item = "委託料"
        name = "構築"
        [[initiatives.a.financing]]
        rate = 0.5
        source = "国庫支出金"
        """
    )
    formatted = format_plan_text(text)
    lines = formatted.splitlines()
    line = lines.index("[[initiatives.a.costs]]")
    assert lines[line - 1] == "# 構築は検収払い"
    assert lines[line + 1 : line + 4] == ['name = "構築"', 'item = "委託料"', "amount = 1_000"]
    funding = lines.index("[[initiatives.a.financing]]")
    assert lines[funding + 1 : funding + 3] == ['source = "国庫支出金"', "rate = 0.5"]
