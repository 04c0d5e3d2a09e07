"""The plan model: what a plan file means, as pydantic models.

One name for one idea: each field here is the TOML key of the plan format, the key of the JSON
output, and (through :mod:`roadmap.core.i18n`) the label the TUI shows. The initiative id is the key
of its ``[initiatives.<id>]`` table and is not written inside the table.

Format version 1. Sections for money, staffing and KPIs are optional, so plans written before
they existed stay valid.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    TypeAdapter,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic_core import PydanticCustomError

from roadmap.core.calendar.council import CouncilCalendar
from roadmap.core.i18n import step_word
from roadmap.core.model.durations import (
    READ_DURATIONS,
    READ_LAGS,
    ZERO,
    Duration,
    DurationError,
    parse_duration,
)
from roadmap.core.model.money import CostLine, Financing, TaxAllocation

__all__ = [
    "MAX_FTE",
    "MAX_KPI_VALUE",
    "MAX_RISK_SEED",
    "STEP_ORDER",
    "Blackout",
    "Budget",
    "Cost",
    "Council",
    "Dependency",
    "DependencyType",
    "Initiative",
    "Kpi",
    "Plan",
    "PlanSettings",
    "Status",
    "Step",
    "Team",
    "ThreePointDuration",
    "field_names",
    "parse_dependency",
]

#: Validation codes raised by the model itself (PydanticCustomError types that are catalogue
#: codes): the loader reports them under their own code, with ``ctx`` as the message args.
MODEL_CODES = frozenset(
    {
        "year-end-closure-reversed",
        "year-end-closure-too-long",
        "blackout-mixed",
        "blackout-reversed",
        "blackout-month-day",
        "council-sessions-order",
        "contract-end-and-months",
        "contract-reversed",
        "financing-rate-or-amount",
        "period-reversed",
    }
)
#: The longest 年末年始 closure accepted: the state's is 6 days (12/29-1/3) and a town's may not
#: be longer (地方自治法 第4条の2; research-calendar.md §3); 14 leaves room for odd layouts.
MAX_YEAR_END_CLOSURE_DAYS = 14

#: The most FTE one initiative may ask of a team, and the largest team capacity.
MAX_FTE = 100_000
#: The largest size of a KPI value (baseline, target, actual, fiscal-year targets): beyond it
#: sums and differences lose every digit that matters. Use a larger unit (百万円, 千件).
MAX_KPI_VALUE = 10**15
#: ``risk_seed`` is a TOML integer: 0 to the largest 64-bit signed integer.
MAX_RISK_SEED = 2**63 - 1

#: An FTE: finite (``nan`` and ``inf`` are refused by the model config), 0 to :data:`MAX_FTE`.
Fte = Annotated[float, Field(ge=0, le=MAX_FTE)]
#: A KPI value: finite, within plus or minus :data:`MAX_KPI_VALUE`.
KpiValue = Annotated[float, Field(ge=-MAX_KPI_VALUE, le=MAX_KPI_VALUE)]


class Step(StrEnum):
    """The five steps of the cost-saving path recommended for small towns, in their fixed order.

    Not the national procedure: the 自治体DX推進手順書 (総務省) has stages 0-3, see ``stage``.
    """

    STANDARDIZE = "standardize"
    GOV_CLOUD = "gov-cloud"
    ADOPT_CASES = "adopt-cases"
    MEASURE = "measure"
    RESIDENT_SERVICES = "resident-services"

    @property
    def order(self) -> int:
        return STEP_ORDER.index(self)


STEP_ORDER: tuple[Step, ...] = tuple(Step)

#: Japanese words accepted in ``step = "..."`` beside the English ids: each step's label in
#: the catalogue (``roadmap/core/i18n/labels.toml``) and the long form of ガバクラ.
STEP_JA_ALIASES: dict[str, Step] = {
    name: step
    for step in Step
    for name in (step_word(step).ja, *(("ガバメントクラウド",) if step is Step.GOV_CLOUD else ()))
}
#: Every text ``step`` accepts (after stripping spaces), and its step.
_STEP_OF: dict[str, Step] = {**{step.value: step for step in Step}, **STEP_JA_ALIASES}


class Status(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"


class DependencyType(StrEnum):
    """Finish-to-start (default), start-to-start, finish-to-finish."""

    FS = "FS"
    SS = "SS"
    FF = "FF"


def _parse(value: object, allow_negative: bool) -> Duration:
    try:
        return parse_duration(value, allow_negative=allow_negative)
    except DurationError as error:
        raise PydanticCustomError(
            "duration",
            "invalid duration {text}: {reason}",
            {"text": error.text, "reason": error.reason},
        ) from None


# The validators below run inside pydantic for each initiative (and each dependency), so the
# usual input takes a short path first: a text read before, a step written as its id or label,
# a duration that is a text (at 100,000 initiatives the load took 0.07 s less).


def _duration_reader(
    read: dict[str, Duration], allow_negative: bool
) -> Callable[[object], Duration]:
    """The validator of a duration (``allow_negative``: a lag): a text in ``read``, the
    durations :func:`parse_duration` has read before, is taken from there."""

    def parse(value: object) -> Duration:
        if type(value) is str:
            known = read.get(value)
            if known is not None:
                return known
        return _parse(value, allow_negative)

    return parse


_parse_duration = _duration_reader(READ_DURATIONS, allow_negative=False)
_parse_lag = _duration_reader(READ_LAGS, allow_negative=True)


def _duration_schema(pattern: str) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "type": "string",
            "pattern": pattern,
            "description": "N followed by d (days), w (weeks), mo (months) or y (years)",
        }
    )


DurationField = Annotated[
    Duration,
    BeforeValidator(_parse_duration),
    PlainSerializer(str, return_type=str),
    _duration_schema("^[0-9]+(d|w|mo|y)$"),
]
LagField = Annotated[
    Duration,
    BeforeValidator(_parse_lag),
    PlainSerializer(str, return_type=str),
    _duration_schema("^-?[0-9]+(d|w|mo|y)$"),
]


def _step(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        return _STEP_OF.get(text, text)
    return value


StepField = Annotated[Step, BeforeValidator(_step)]


class _Strict(BaseModel):
    """Unknown keys are errors, models are immutable, and no number is ``nan`` or ``inf``."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_enum_values=False, allow_inf_nan=False
    )


class ThreePointDuration(_Strict):
    """A three-point estimate for schedule risk; the CPM uses ``likely``."""

    optimistic: DurationField
    likely: DurationField
    pessimistic: DurationField

    @model_validator(mode="after")
    def _ordered(self) -> ThreePointDuration:
        if not (self.optimistic.unit == self.likely.unit == self.pessimistic.unit):
            raise PydanticCustomError("three_point_units", "three-point estimates need one unit")
        if not (self.optimistic.count <= self.likely.count <= self.pessimistic.count):
            raise PydanticCustomError(
                "three_point_order", "optimistic <= likely <= pessimistic is required"
            )
        return self


# A dataclass with slots rather than a model: a plan has a few of these per initiative, and as
# models (each with its own attribute dict and set of given fields) they were 2 KB of every
# initiative's 3.8 KB (at 100,000 initiatives, 200 MB). Validate one with parse_dependency.
# (The docstring is the JSON schema's description.)
@pydantic_dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid", allow_inf_nan=False))
class Dependency:
    """One entry of ``depends_on``: a plain id string or ``{ id, type, lag }``."""

    id: str
    type: DependencyType = DependencyType.FS
    lag: LagField = ZERO

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        if isinstance(value, str):
            return {"id": value}
        return value


_DEPENDENCY = TypeAdapter(Dependency)


def field_names(model: type[Any]) -> tuple[str, ...]:
    """The keys a table of ``model`` (a model or :class:`Dependency`) may have, in order."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        return tuple(name for name, info in model.model_fields.items() if not info.exclude)
    return tuple(field.name for field in dataclasses.fields(model))


def parse_dependency(value: object) -> Dependency:
    """A ``depends_on`` entry (an id, or a table of ``id``, ``type`` and ``lag``) validated;
    raises :class:`pydantic.ValidationError`."""
    return _DEPENDENCY.validate_python(value)


class Cost(_Strict):
    """Money of one initiative, in integer yen."""

    initial: int = Field(0, ge=0)
    booking: Literal["start", "spread", "finish"] = "start"
    annual: int = Field(0, ge=0)
    annual_before: int = Field(0, ge=0)
    subsidy: int = Field(0, ge=0)
    funding: str | None = None


class Kpi(_Strict):
    """A key performance indicator the initiative is measured by."""

    name: str = Field(min_length=1)
    unit: str = ""
    kind: Literal["output", "outcome"] = "outcome"
    baseline: KpiValue | None = None
    target: KpiValue | None = None
    actual: KpiValue | None = None
    direction: Literal["lower", "higher"] = "higher"
    due: dt.date | None = None
    #: Targets at fiscal-year ends, keyed by western fiscal year (``2026 = 20``).
    targets: dict[int, KpiValue] = Field(default_factory=dict)
    #: Staff hours a year this KPI's initiative saves once it is finished (費用対効果).
    saves_hours_per_year: float | None = Field(None, ge=0, le=10_000_000)


def _duration_kind(value: object) -> str:
    if type(value) is str:
        return "plain"
    return "three_point" if isinstance(value, dict | ThreePointDuration) else "plain"


class Initiative(_Strict):
    """One 取組: a piece of work with a duration, dependencies and optional money and KPIs."""

    id: str = Field(exclude=True)
    title: str = Field(min_length=1)
    step: StepField | None = None
    owner: str | None = None
    duration: Annotated[
        Annotated[DurationField, Tag("plain")] | Annotated[ThreePointDuration, Tag("three_point")],
        Discriminator(_duration_kind),
    ]
    depends_on: list[Dependency] = Field(default_factory=list)
    not_before: dt.date | None = None
    deadline: dt.date | None = None
    status: Status = Status.PLANNED
    progress: float = Field(0, ge=0, le=100)
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    tags: list[str] = Field(default_factory=list)
    notes: str | None = None
    #: What changes for residents, in plain words (the version for residents shows it).
    residents: str | None = None
    cost: Cost | None = None
    #: Cost lines by 節 (``[[initiatives.<id>.costs]]``); see :mod:`roadmap.core.model.money`.
    costs: list[CostLine] = Field(default_factory=list)
    #: 特定財源: subsidies, 交付金, 地方債, 基金 (``[[initiatives.<id>.financing]]``).
    financing: list[Financing] = Field(default_factory=list)
    #: Expected 交付税措置 (``[[initiatives.<id>.tax_allocation]]``).
    tax_allocation: list[TaxAllocation] = Field(default_factory=list)
    staffing: dict[str, Fte] = Field(default_factory=dict)
    kpis: list[Kpi] = Field(default_factory=list)
    #: What must exist before the work starts: an approved 当初予算 (``budget``), a 補正予算 at
    #: the next 定例会 (``supplementary``), a council 議決 (``council``).
    needs: list[Literal["budget", "supplementary", "council"]] = Field(default_factory=list)
    #: A milestone placed on the next 定例会 (``"council"``).
    on: Literal["council"] | None = None
    #: ``cutover``: a system switch-over that must avoid the plan's blackout windows.
    kind: Literal["cutover"] | None = None
    #: The stage of the 自治体DX推進手順書 (0-3).
    stage: int | None = Field(None, ge=0, le=3)
    #: The 標準化対象事務 (of the 20) this initiative migrates.
    systems: list[str] = Field(default_factory=list)
    #: Its systems are 特定移行支援システム (deadline 2031-03-31 instead of 2026-03-31).
    specific_migration: bool = False
    #: The vendor (ベンダー) of the systems it migrates to.
    vendor: str | None = Field(None, min_length=1)
    #: How they are run: ``shared`` (共同利用, with other towns) or ``single`` (単独利用).
    system_usage: Literal["shared", "single"] | None = None
    #: It only measures a baseline (現状の数値化): earlier steps may wait for it.
    measures_baseline: bool = False

    @property
    def is_cutover(self) -> bool:
        return self.kind == "cutover" or "cutover" in self.tags

    @property
    def planned_duration(self) -> Duration:
        """The duration the critical path uses (``likely`` of a three-point estimate)."""
        if isinstance(self.duration, ThreePointDuration):
            return self.duration.likely
        return self.duration

    @property
    def is_milestone(self) -> bool:
        return self.planned_duration.is_zero


class PlanSettings(_Strict):
    """The ``[plan]`` table."""

    version: Literal[1] = 1
    title: str = Field(min_length=1)
    organization: str | None = None
    start: dt.date
    status_date: dt.date | None = None
    calendar: Literal["business", "calendar"] = "business"
    holidays: list[dt.date] = Field(default_factory=list)
    year_end_closure: tuple[str, str] | None = ("12-29", "01-03")
    deadline: dt.date | None = None
    fiscal_year_start_month: int = Field(4, ge=1, le=12)
    risk_seed: int = Field(20260401, ge=0, le=MAX_RISK_SEED)
    #: 人件費単価: yen per staff hour, for the 費用対効果 of KPIs' saved hours.
    labor_cost_per_hour: int | None = Field(None, ge=0, le=1_000_000)
    include: list[str] = Field(default_factory=list)
    #: 計画期間 as first and last fiscal year (``[2025, 2029]`` = 令和7〜11年度): the horizon
    #: of every report, so a slip never invents spending in a new year. Default: from the
    #: fiscal year of ``start`` to that of ``deadline`` (or of the schedule's finish).
    period: (
        tuple[Annotated[int, Field(ge=1900, le=9998)], Annotated[int, Field(ge=1900, le=9998)]]
        | None
    ) = None

    @field_validator("period")
    @classmethod
    def _period_order(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and value[1] < value[0]:
            raise PydanticCustomError(
                "period-reversed",
                "period [{first}, {last}] is reversed",
                {"first": value[0], "last": value[1]},
            )
        return value

    @field_validator("year_end_closure")
    @classmethod
    def _month_days(cls, value: tuple[str, str] | None) -> tuple[str, str] | None:
        if value is None:
            return value
        for text in value:
            try:
                month, day = (int(part) for part in text.split("-"))
                dt.date(2000, month, day)  # a leap year accepts 02-29
            except ValueError:
                raise PydanticCustomError(
                    "month_day", "'{text}' is not a MM-DD day (e.g. 12-29)", {"text": text}
                ) from None
        first, last = value
        if first[:2] < "07" and last[:2] >= "07":
            raise PydanticCustomError(
                "year-end-closure-reversed",
                "year_end_closure [{first}, {last}] is reversed",
                {"first": first, "last": last},
            )
        days = _closure_days(first, last)
        if days > MAX_YEAR_END_CLOSURE_DAYS:
            raise PydanticCustomError(
                "year-end-closure-too-long",
                "year_end_closure [{first}, {last}] is {days} days",
                {"first": first, "last": last, "days": days, "limit": MAX_YEAR_END_CLOSURE_DAYS},
            )
        return value


def _closure_days(first: str, last: str) -> int:
    """Days from ``first`` (in December or earlier) to ``last`` (possibly in the new year)."""
    start = dt.date(2000, *(int(part) for part in first.split("-")))
    end = dt.date(2000, *(int(part) for part in last.split("-")))
    if end < start:
        end = end.replace(year=2001)
    return (end - start).days + 1


def _month_day_of(text: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in text.split("-"))
        dt.date(2000, month, day)
    except ValueError:
        raise PydanticCustomError(
            "blackout-month-day", "'{text}' is not a MM-DD day (e.g. 02-16)", {"text": text}
        ) from None
    return month, day


class Blackout(_Strict):
    """A ``[[blackouts]]`` window (作業不可期間) where cut-overs must not fall.

    ``start``/``end`` are dates (once) or ``"MM-DD"`` strings (every year; a window may run
    over the new year). With ``avoid = true`` the scheduler moves cut-overs to the first
    working day after the window; without it a cut-over inside is a warning.
    """

    name: str = Field(min_length=1)
    start: dt.date | Annotated[str, Field(pattern=r"^\d{2}-\d{2}$")]
    end: dt.date | Annotated[str, Field(pattern=r"^\d{2}-\d{2}$")]
    avoid: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Blackout:
        if isinstance(self.start, str) != isinstance(self.end, str):
            raise PydanticCustomError(
                "blackout-mixed", "start and end must both be dates or both MM-DD", {}
            )
        if isinstance(self.start, str) and isinstance(self.end, str):
            _month_day_of(self.start)
            _month_day_of(self.end)
        elif (
            isinstance(self.start, dt.date)
            and isinstance(self.end, dt.date)
            and self.end < self.start
        ):
            raise PydanticCustomError(
                "blackout-reversed",
                "end {end} is before start {start}",
                {"start": self.start.isoformat(), "end": self.end.isoformat()},
            )
        return self

    def windows(self, first_year: int, last_year: int) -> list[tuple[dt.date, dt.date]]:
        """The window's ``(first, last)`` days (inclusive) that touch years ``first_year``..``last_year``."""
        if isinstance(self.start, dt.date) and isinstance(self.end, dt.date):
            return [(self.start, self.end)]
        assert isinstance(self.start, str) and isinstance(self.end, str)
        (m1, d1), (m2, d2) = _month_day_of(self.start), _month_day_of(self.end)
        found: list[tuple[dt.date, dt.date]] = []
        for year in range(first_year - 1, last_year + 1):
            first = _safe_date(year, m1, d1)
            last = _safe_date(year + ((m2, d2) < (m1, d1)), m2, d2)
            found.append((first, last))
        return found


def _safe_date(year: int, month: int, day: int) -> dt.date:
    """``year-month-day``, with 02-29 read as 02-28 in a common year."""
    if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = 28
    return dt.date(year, month, day)


MonthField = Annotated[int, Field(ge=1, le=12)]


class Council(_Strict):
    """The ``[council]`` table: 定例会 and the budget cycle (defaults: the usual pattern)."""

    months: list[MonthField] = Field(default_factory=lambda: [3, 6, 9, 12])
    day: int = Field(1, ge=1, le=28)
    sessions: list[dt.date] = Field(default_factory=list)
    budget_request: tuple[MonthField, MonthField] = (10, 11)
    assessment: tuple[MonthField, MonthField] = (12, 1)
    budget_vote: MonthField = 3
    settlement: MonthField = 9

    @field_validator("sessions")
    @classmethod
    def _ordered(cls, value: list[dt.date]) -> list[dt.date]:
        if value != sorted(set(value)):
            raise PydanticCustomError(
                "council-sessions-order", "sessions must be in order, each once", {}
            )
        return value

    def calendar(self, fiscal_year_start_month: int = 4) -> CouncilCalendar:
        return CouncilCalendar(
            months=tuple(self.months),
            day=self.day,
            sessions=tuple(self.sessions),
            budget_request=self.budget_request,
            assessment=self.assessment,
            budget_vote_month=self.budget_vote,
            settlement_month=self.settlement,
            fiscal_year_start_month=fiscal_year_start_month,
        )


class Team(_Strict):
    capacity: Fte


class Budget(_Strict):
    """The ``[budget]`` table: caps per fiscal year and how amounts are compared and shown."""

    caps: dict[int, int] = Field(default_factory=dict)
    horizon_end: dt.date | None = None
    #: What a cap limits: the 一般財源 (default; towns allocate by 一般財源 ceilings) or the
    #: gross cost (``gross``).
    cap_basis: Literal["general", "gross"] = "general"
    #: How reports round to 千円 (JSON stays exact): up (切上げ, the default: a budget must
    #: hold the amount), half-up (四捨五入) or down (切捨て).
    rounding: Literal["up", "half-up", "down"] = "up"


class Plan(BaseModel):
    """A whole plan: settings, initiatives in file order, teams and budget.

    Built by :func:`roadmap.core.planfile.loader.load_plan`; initiatives that failed validation are absent and
    their ids are kept in ``invalid_ids`` so that checks do not report them twice. Where such an
    initiative can be rebuilt without its bad fields, the rebuilt model is in ``salvaged``: the
    checks of meaning (dependencies, cycles, step order) still see it, the scheduler never does.
    """

    model_config = ConfigDict(frozen=False)

    plan: PlanSettings
    initiatives: dict[str, Initiative] = Field(default_factory=dict)
    teams: dict[str, Team] = Field(default_factory=dict)
    budget: Budget = Field(default_factory=Budget)
    council: Council = Field(default_factory=Council)
    blackouts: list[Blackout] = Field(default_factory=list)
    invalid_ids: frozenset[str] = Field(default_factory=frozenset, exclude=True)
    salvaged: dict[str, Initiative] = Field(default_factory=dict, exclude=True)
