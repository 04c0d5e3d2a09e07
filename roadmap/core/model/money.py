"""The money of an initiative as a town budgets it: cost lines (節), 財源, 交付税措置, actuals.

One name for one idea: each field is the TOML key of the plan format and the JSON key; the
catalogue gives its Japanese label. The facts behind the lists and defaults are in
docs/research/budget-facts.md:

- 節 (:data:`BUDGET_ITEMS`): 地方自治法施行規則 第15条第2項 別記「歳出予算に係る節の区分」 as
  revised by 平成31年総務省令第37号 (in force 2020-04-01, 令和2年度: 賃金 removed). 予備費 is
  not a 節 of 別記 and is left out.
- 財源 (:data:`FUNDING_SOURCES`): the 特定財源 columns of the 予算に関する説明書 (事項別明細書:
  国(県)支出金 | 地方債 | その他, 地方自治法施行令 第144条); 交付金 and 基金繰入金 are kept apart
  because towns ask for them by name. What no source covers is 一般財源.
- 交付税措置 (:class:`TaxAllocation`) is an expected 算入見込み額, never a 財源 of the budget:
  特別交付税 is paid after the fact, and 普通交付税 enters the 基準財政需要額.
- A contract (:class:`CostLine` ``contract``): ``debt`` = 債務負担行為 (地方自治法 第214条),
  ``long-term`` = 長期継続契約 (第234条の3, 令 第167条の17 and the town's 条例), ``single`` = a
  single-year contract paid from one 年度's budget.

A plan written before these keys existed keeps its ``[initiatives.<id>.cost]`` table; the
budget reads it as one or two cost lines (see :func:`legacy_lines`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "BUDGET_ITEMS",
    "BUDGET_ITEM_ALIASES",
    "FUNDING_SOURCES",
    "LONG_TERM_ITEMS",
    "MAX_YEN",
    "Actual",
    "CostLine",
    "Financing",
    "TaxAllocation",
    "canonical_item",
]

#: The 節 of 歳出予算 since 令和2年度, in the order (and numbering, from 1) of 別記.
BUDGET_ITEMS: tuple[str, ...] = (
    "報酬",
    "給料",
    "職員手当等",
    "共済費",
    "災害補償費",
    "恩給及び退職年金",
    "報償費",
    "旅費",
    "交際費",
    "需用費",
    "役務費",
    "委託料",
    "使用料及び賃借料",
    "工事請負費",
    "原材料費",
    "公有財産購入費",
    "備品購入費",
    "負担金、補助及び交付金",
    "扶助費",
    "貸付金",
    "補償、補塡及び賠償金",
    "償還金、利子及び割引料",
    "投資及び出資金",
    "積立金",
    "寄附金",
    "公課費",
    "繰出金",
)

#: Other spellings towns and people use for the same 節.
BUDGET_ITEM_ALIASES: dict[str, str] = {
    "使用料": "使用料及び賃借料",
    "賃借料": "使用料及び賃借料",
    "使用料・賃借料": "使用料及び賃借料",
    "負担金": "負担金、補助及び交付金",
    "負担金補助及び交付金": "負担金、補助及び交付金",
    "負担金・補助及び交付金": "負担金、補助及び交付金",
    "補償補塡及び賠償金": "補償、補塡及び賠償金",
    "補償、補てん及び賠償金": "補償、補塡及び賠償金",
    "償還金利子及び割引料": "償還金、利子及び割引料",
    "職員手当": "職員手当等",
}

#: The 節 a 長期継続契約 can pay: 物品の借入れ and 役務の提供 (令 第167条の17), and the 電気通信
#: 役務 of 法 第234条の3 itself.
LONG_TERM_ITEMS: frozenset[str] = frozenset({"使用料及び賃借料", "委託料", "役務費"})

#: The typed 特定財源; the remainder of a cost is 一般財源.
FUNDING_SOURCES: tuple[str, ...] = (
    "国庫支出金",
    "都道府県支出金",
    "交付金",
    "地方債",
    "基金繰入金",
    "その他特定財源",
)

#: The remainder of a cost after its 特定財源: 一般財源 (the key reports use beside the sources).
GENERAL_REVENUE = "一般財源"

#: The source a legacy ``cost.subsidy`` stands for: a 国庫支出金 (the standardization subsidy).
LEGACY_SUBSIDY_SOURCE = FUNDING_SOURCES[0]

#: The largest amount of yen in one field (a trillion yen: far beyond any town's budget,
#: small enough that every sum stays exact).
MAX_YEN = 10**12

Yen = int


def canonical_item(name: str) -> str | None:
    """The 節 ``name`` stands for, or ``None`` when it is not one of :data:`BUDGET_ITEMS`.

    >>> canonical_item("使用料")
    '使用料及び賃借料'
    >>> canonical_item("賃金") is None
    True
    """
    name = name.strip()
    if name in BUDGET_ITEMS:
        return name
    return BUDGET_ITEM_ALIASES.get(name)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Actual(_Strict):
    """予算額 and 執行額 of a cost line in one 年度 (``[...actuals] 2026 = {...}``)."""

    #: 予算額: what the 年度's budget (当初＋補正) holds for this line.
    budget: int | None = Field(None, ge=0, le=MAX_YEN)
    #: 執行額 to date, or the 決算額 once ``settled``.
    spent: int | None = Field(None, ge=0, le=MAX_YEN)
    #: The 年度 is closed: ``spent`` is the 決算額.
    settled: bool = False


class CostLine(_Strict):
    """One line of an initiative's cost (``[[initiatives.<id>.costs]]``), in integer yen.

    A line is a one-off amount (``amount``, paid at 検収 by default), a running cost
    (``annual``, billed monthly by default), or both. A running cost starts on the first day of
    the month after the initiative finishes unless ``start`` says otherwise, and ends with its
    contract (``end`` or ``months``) unless ``renew``; without either it runs to the end of the
    計画期間.
    """

    #: 名称 (例: 標準準拠システム構築委託).
    name: str | None = Field(None, min_length=1)
    #: 節 (one of :data:`BUDGET_ITEMS`; checked with did-you-mean by the checks).
    item: str | None = None
    #: 一時経費.
    amount: int = Field(0, ge=0, le=MAX_YEN)
    #: When the one-off amount is paid: at 検収 (``finish``, the default), at the start, pro
    #: rata by days (``spread``) or in equal monthly parts (``monthly``).
    booking: Literal["finish", "start", "spread", "monthly"] = "finish"
    #: 運用経費 (年額).
    annual: int = Field(0, ge=0, le=MAX_YEN)
    #: How the running cost is billed: per month (default), once per contract year, or the
    #: whole contract at its end (``lump``).
    billing: Literal["monthly", "annual", "lump"] = "monthly"
    #: The contract's first day (running costs: default the month after the finish).
    start: dt.date | None = None
    #: The contract's last day (inclusive).
    end: dt.date | None = None
    #: The contract's length in months (instead of ``end``).
    months: int | None = Field(None, ge=1, le=1200)
    #: The contract is renewed at its end (the running cost continues).
    renew: bool = False
    #: 債務負担行為 (``debt``), 長期継続契約 (``long-term``) or a single-year contract
    #: (``single``); when absent, derived from the payments (see the budget analysis).
    contract: Literal["single", "debt", "long-term"] | None = None
    #: 契約日 (default: the contract start, or the initiative's start for a one-off amount).
    signed: dt.date | None = None
    #: The 年度 whose budget holds the one-off amount (default: the 年度 of ``signed``).
    budget_year: int | None = Field(None, ge=1900, le=9998)
    #: What the system this line replaces costs per year (stops when this one runs).
    annual_before: int = Field(0, ge=0, le=MAX_YEN)
    #: 並行稼働: months the replaced system keeps running after this one starts.
    parallel_months: int = Field(0, ge=0, le=120)
    #: 予算額 and 執行額 per 年度 (western fiscal year).
    actuals: dict[int, Actual] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _contract_dates(self) -> CostLine:
        if self.end is not None and self.months is not None:
            raise PydanticCustomError(
                "contract-end-and-months", "give either end or months, not both", {}
            )
        if self.start is not None and self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "contract-reversed",
                "contract end {end} is before its start {start}",
                {"start": self.start.isoformat(), "end": self.end.isoformat()},
            )
        return self


class Financing(_Strict):
    """A 特定財源 of an initiative (``[[initiatives.<id>.financing]]``).

    Either a fixed ``amount`` or a ``rate`` of the cost it applies to (``lines`` by name, and
    ``part``: the one-off amounts, the running costs, or both), limited to ``cap`` over the
    whole plan. A rate is applied year by year and rounded down to a yen.
    """

    #: 財源区分 (one of :data:`FUNDING_SOURCES`).
    source: str
    #: 名称 (例: デジタル基盤改革支援補助金).
    name: str | None = Field(None, min_length=1)
    #: 補助率 (0.5 = 1/2).
    rate: float | None = Field(None, gt=0, le=1)
    #: 上限額 (the most the source pays over the plan).
    cap: int | None = Field(None, ge=0, le=MAX_YEN)
    #: A fixed amount (instead of ``rate``).
    amount: int | None = Field(None, ge=0, le=MAX_YEN)
    #: The cost lines it applies to, by ``name`` (default: every line).
    lines: list[str] = Field(default_factory=list)
    #: Which part of those lines: ``initial`` (一時経費, the default), ``running`` or ``all``.
    part: Literal["initial", "running", "all"] = "initial"

    @model_validator(mode="after")
    def _rate_or_amount(self) -> Financing:
        if (self.rate is None) == (self.amount is None):
            raise PydanticCustomError("financing-rate-or-amount", "give either rate or amount", {})
        return self


class TaxAllocation(_Strict):
    """An expected 交付税措置 (``[[initiatives.<id>.tax_allocation]]``): reported beside the
    budget as 算入見込み額, never netted off the cost.

    The base is the 一般財源 of the lines it covers (``lines``, ``part``), the expected amount
    ``rate`` of it, rounded down to a yen, at most ``cap`` over the plan.
    """

    #: 特別交付税 (``special``) or 普通交付税 (``ordinary``).
    kind: Literal["special", "ordinary"]
    #: 名称 (例: 外部デジタル人材の確保 (CIO補佐官)).
    name: str | None = Field(None, min_length=1)
    #: 措置率 (0.7 = 70%).
    rate: float = Field(gt=0, le=1)
    #: 上限額 of the expected amount over the plan.
    cap: int | None = Field(None, ge=0, le=MAX_YEN)
    lines: list[str] = Field(default_factory=list)
    part: Literal["initial", "running", "all"] = "all"
