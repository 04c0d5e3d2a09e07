"""When each cost line is paid: the yen per fiscal year (年度) of one line, and its contract.

This module owns the booking rules of :class:`roadmap.core.model.money.CostLine`. Everything is
integer yen, split with :func:`spread_yen` so that parts always add up to the whole.

One-off amounts (``amount``), by ``booking``
    ``finish`` (the default): paid at 検収, in the 年度 of the scheduled finish (委託料 is paid
    after the work is accepted: 政府契約の支払遅延防止等に関する法律). ``start``: in the 年度 of the
    start. ``spread``: pro rata by calendar days. ``monthly``: equal parts per calendar month
    from the start's month to the finish's month.

Running costs (``annual``), by ``billing``
    The service runs from the contract start (default: the first day of the month after the
    finish; the finish's next day when that is a 1st) to its end (``end``, or ``months``), or
    to the end of the horizon when open or ``renew``. Monthly billing counts months, never
    days: the yen of the first ``k`` months are ``annual * k // 12``, so twelve months always
    cost ``annual``. ``annual`` billing pays each contract year (12 months from the start) in
    the 年度 its last month falls in; ``lump`` pays the whole contract at its end.

The replaced system (``annual_before``)
    Stops ``parallel_months`` after the new service starts (並行稼働); the months no longer paid
    are ``running_replaced``, counted like monthly billing.

The contract (``contract``)
    ``debt`` (債務負担行為) when declared, or when a running cost with a fixed term, or a one-off
    amount paid in parts (``spread``, ``monthly``), pays in a 年度 after the one it is signed in; ``long-term`` (長期継続契約) only when declared; else a
    single-year contract. A one-off amount of a single-year contract paid after the 年度 whose
    budget holds it (``budget_year``, default the 年度 of ``signed``) is a 繰越 (繰越明許費).

Examples
--------
>>> spread_yen(1_000, [1, 1, 1])
[333, 333, 334]
>>> month_index(dt.date(2027, 4, 15))
24327
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from roadmap.core.calendar.fiscal import fiscal_year_bounds, fiscal_year_of
from roadmap.core.model.money import CostLine

__all__ = [
    "LineBooking",
    "book_line",
    "month_index",
    "running_start",
    "spread_yen",
]


def spread_yen(amount: int, weights: Iterable[int]) -> list[int]:
    """Split ``amount`` yen in proportion to integer ``weights``, exactly.

    The cumulative share through part ``k`` is ``floor(amount * w_1..k / sum(w))``; each part
    is the difference, so the parts add up to ``amount`` and later parts take the remainders.

    >>> spread_yen(10, [3, 0, 7])
    [3, 0, 7]
    >>> spread_yen(7, [1, 1])
    [3, 4]
    """
    weight_list = list(weights)
    whole = sum(weight_list)
    if whole <= 0:
        return [amount] + [0] * (len(weight_list) - 1) if weight_list else []
    parts: list[int] = []
    through = 0
    booked = 0
    for weight in weight_list:
        through += weight
        cumulative = amount * through // whole
        parts.append(cumulative - booked)
        booked = cumulative
    return parts


def month_index(day: dt.date) -> int:
    """Months since year 0: consecutive months have consecutive indexes."""
    return day.year * 12 + day.month - 1


def _month_first(index: int) -> dt.date:
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def _fiscal_year_of_month(index: int, start_month: int) -> int:
    year, month = divmod(index, 12)
    return year if month + 1 >= start_month else year - 1


def running_start(finish: dt.date) -> dt.date:
    """The first day of a running cost after work that finishes on ``finish``.

    >>> running_start(dt.date(2027, 3, 31)), running_start(dt.date(2027, 3, 15))
    (datetime.date(2027, 4, 1), datetime.date(2027, 4, 1))
    """
    if finish >= dt.date(9999, 12, 1):
        return dt.date(9999, 12, 1)
    return _month_first(month_index(finish) + 1)


@dataclass(frozen=True)
class LineBooking:
    """The payments of one cost line, not cut to any horizon.

    ``one_off``, ``running`` and ``replaced`` map a 年度 to yen. ``contract_first`` and
    ``contract_last`` are the contract's days (``None`` last: open-ended). ``payments`` are the
    contract's own payments by 年度 (for a 債務負担行為: without renewals or horizon).
    """

    one_off: dict[int, int]
    running: dict[int, int]
    replaced: dict[int, int]
    signed: dt.date
    contract: str
    contract_first: dt.date
    contract_last: dt.date | None
    payments: dict[int, int]
    budget_year: int
    running_from: dt.date | None


def _add(target: dict[int, int], year: int, yen: int) -> None:
    if yen:
        target[year] = target.get(year, 0) + yen


def _one_off(line: CostLine, start: dt.date, finish: dt.date, fy_month: int) -> dict[int, int]:
    parts: dict[int, int] = {}
    if line.amount <= 0:
        return parts
    if line.booking == "finish":
        _add(parts, fiscal_year_of(finish, fy_month), line.amount)
    elif line.booking == "start":
        _add(parts, fiscal_year_of(start, fy_month), line.amount)
    elif line.booking == "monthly":
        first, last = month_index(start), month_index(finish)
        months = [_fiscal_year_of_month(index, fy_month) for index in range(first, last + 1)]
        for year, yen in zip(months, spread_yen(line.amount, [1] * len(months)), strict=True):
            _add(parts, year, yen)
    else:
        years: list[int] = []
        days: list[int] = []
        year = fiscal_year_of(start, fy_month)
        while True:
            first_day, last_day = fiscal_year_bounds(year, fy_month)
            years.append(year)
            days.append((min(last_day, finish) - max(first_day, start)).days + 1)
            if last_day >= finish:
                break
            year += 1
        for year, yen in zip(years, spread_yen(line.amount, days), strict=True):
            _add(parts, year, yen)
    return parts


def _monthly(annual: int, first: int, last: int, fy_month: int, billing: str) -> dict[int, int]:
    """Yen per 年度 of ``annual`` over the months ``first..last`` (indexes, inclusive)."""
    parts: dict[int, int] = {}
    if annual <= 0 or last < first:
        return parts
    if billing == "lump":
        total = annual * (last - first + 1) // 12
        _add(parts, _fiscal_year_of_month(last, fy_month), total)
        return parts
    if billing == "annual":
        piece = first
        while piece <= last:
            piece_last = min(piece + 11, last)
            yen = annual * (piece_last - first + 1) // 12 - annual * (piece - first) // 12
            _add(parts, _fiscal_year_of_month(piece_last, fy_month), yen)
            piece = piece_last + 1
        return parts
    month = first
    while month <= last:
        year = _fiscal_year_of_month(month, fy_month)
        # the last month of this fiscal year, or of the contract
        year_last = min(last, year * 12 + fy_month - 1 + 11)
        yen = annual * (year_last - first + 1) // 12 - annual * (month - first) // 12
        _add(parts, year, yen)
        month = year_last + 1
    return parts


def _contract_last(line: CostLine, first: dt.date) -> dt.date | None:
    if line.end is not None:
        return line.end
    if line.months is not None:
        return _month_first(month_index(first) + line.months) - dt.timedelta(days=1)
    return None


def book_line(
    line: CostLine,
    start: dt.date,
    finish: dt.date,
    last_year: int,
    fy_month: int = 4,
) -> LineBooking:
    """The payments of ``line`` for work scheduled ``start``..``finish``.

    Running costs of an open or renewed contract run to the end of ``last_year`` (the last
    年度 of the horizon); a fixed-term contract runs to its own end, past the horizon if it
    lasts longer (its ``payments`` likewise).

    >>> line = CostLine(annual=1_200_000, start=dt.date(2027, 1, 1), months=12)
    >>> book = book_line(line, dt.date(2026, 4, 1), dt.date(2026, 12, 28), 2030)
    >>> book.running, book.contract, book.payments
    ({2026: 300000, 2027: 900000}, 'debt', {2026: 300000, 2027: 900000})
    """
    one_off = _one_off(line, start, finish, fy_month)
    horizon_last = month_index(fiscal_year_bounds(last_year, fy_month)[1])
    running: dict[int, int] = {}
    replaced: dict[int, int] = {}
    payments: dict[int, int] = dict(one_off)
    running_from: dt.date | None = None
    contract_first = line.start or start
    contract_last: dt.date | None = finish if line.amount > 0 else None
    if line.annual > 0 or line.annual_before > 0:
        running_from = line.start or running_start(finish)
        contract_first = running_from if line.amount <= 0 else contract_first
        term_last = _contract_last(line, running_from)
        contract_last = term_last if line.amount <= 0 else max(finish, term_last or finish)
        first = month_index(running_from)
        # an open or renewed contract runs to the horizon's end; a fixed term runs to its own
        # end, and what it pays after the horizon is counted as outside by the caller
        fixed_end = None if line.renew else term_last
        service_last = horizon_last if fixed_end is None else month_index(fixed_end)
        running = _monthly(line.annual, first, service_last, fy_month, line.billing)
        if term_last is not None:
            own = _monthly(line.annual, first, month_index(term_last), fy_month, line.billing)
            for year, yen in own.items():
                _add(payments, year, yen)
        replaced = _monthly(
            line.annual_before, first + line.parallel_months, horizon_last, fy_month, "monthly"
        )
    signed = line.signed or (line.start if line.start else start if line.amount else contract_first)
    signed_year = fiscal_year_of(signed, fy_month)
    contract = line.contract or _derived_contract(line, payments, signed_year)
    return LineBooking(
        one_off=one_off,
        running=running,
        replaced=replaced,
        signed=signed,
        contract=contract,
        contract_first=contract_first,
        contract_last=contract_last,
        payments=payments if contract_last is not None else dict(one_off),
        budget_year=line.budget_year if line.budget_year is not None else signed_year,
        running_from=running_from,
    )


def _derived_contract(line: CostLine, payments: dict[int, int], signed_year: int) -> str:
    """``debt`` when payments are planned in later 年度 (a fixed-term running cost, or a
    one-off amount paid in parts across 年度); else ``single``."""
    fixed_term = line.annual > 0 and (line.end is not None or line.months is not None)
    in_parts = line.amount > 0 and line.booking in ("spread", "monthly")
    if (fixed_term or in_parts) and any(year > signed_year for year in payments):
        return "debt"
    return "single"
