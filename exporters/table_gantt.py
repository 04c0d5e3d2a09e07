"""The plain Markdown table Gantt: a 工程表 that renders everywhere (email, print, old GitLab).

One row per initiative, grouped under a row per step (canonical order, 共通 last), one column
per fiscal quarter, or per fiscal year when quarters would make the table wider than a page
(more than :data:`MAX_QUARTER_COLUMNS`; ``--by quarter|month|fiscal-year`` chooses). A cell is
filled when the work runs in that period: ■ work, ★ critical work, 済 finished work (✓ in
English: an empty □ would read as "not done"), ◆ a milestone. Every piece of
text goes through :func:`exporters.md_sections.md_text`, so pipes, backslashes and newlines in
names never change a row's column count. Periods and fiscal years come from
:mod:`roadmap.core.calendar.fiscal`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from exporters.base import ExportOptions, Granularity
from exporters.dates import shown_date
from exporters.md_sections import md_table, md_text
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.schedule import ScheduledInitiative
from roadmap.core.calendar.fiscal import (
    era_year,
    fiscal_quarter_of,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    quarter_bounds,
)
from roadmap.core.calendar.months import month_after, months_from
from roadmap.core.calendar.wareki import quarter_label
from roadmap.core.i18n import Lang, field_label, status_label, step_label, text
from roadmap.core.model.plan import STEP_ORDER, Status, Step

__all__ = [
    "MARKS",
    "MAX_QUARTER_COLUMNS",
    "Period",
    "cell_mark",
    "columns_for",
    "periods",
    "table_gantt",
]

#: Cell marks: work, critical work, milestone; finished work is a word of the catalogue
#: (``public_report.mark.done``: 済, ✓ in English).
MARKS = {"work": "■", "critical": "★", "milestone": "◆"}
#: More quarter columns than this (three fiscal years) make the table wider than an A4
#: landscape page or GitHub's column: ``auto`` then shows fiscal years.
MAX_QUARTER_COLUMNS = 12


@dataclass(frozen=True)
class Period:
    """One column of the table: a label and its first and last day."""

    label: str
    first: dt.date
    last: dt.date


def _quarter_label(year: int, quarter: int, lang: Lang, start_month: int = 4) -> str:
    if lang == "en":
        return f"FY{year} Q{quarter}"
    return quarter_label(year, quarter, start_month, compact=True)


def _month_label(first: dt.date, lang: Lang) -> str:
    if lang == "en":
        return f"{first.year}-{first.month:02d}"
    return f"{era_year(first.year, short=True)}.{first.month}"


def periods(
    first: dt.date, last: dt.date, by: Granularity, lang: Lang, start_month: int = 4
) -> list[Period]:
    """The columns from the period holding ``first`` to the one holding ``last``."""
    result: list[Period] = []
    if by == "fiscal-year":
        for year in range(
            fiscal_year_of(first, start_month), fiscal_year_of(last, start_month) + 1
        ):
            begin, end = fiscal_year_bounds(year, start_month)
            result.append(Period(fiscal_year_label(year, lang, short=True), begin, end))
    elif by == "quarter":
        year, quarter = fiscal_quarter_of(first, start_month)
        while True:
            begin, end = quarter_bounds(year, quarter, start_month)
            if begin > last:
                break
            result.append(Period(_quarter_label(year, quarter, lang, start_month), begin, end))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    else:
        for month in months_from(first, last):
            following = month_after(month)
            result.append(
                Period(_month_label(month, lang), month, following - dt.timedelta(days=1))
            )
    return result


def columns_for(
    first: dt.date, last: dt.date, by: Granularity | Literal["auto"], start_month: int = 4
) -> Granularity:
    """The columns of a table from ``first`` to ``last``: ``by``, or for ``auto`` quarters
    unless there are more than :data:`MAX_QUARTER_COLUMNS` of them, then fiscal years."""
    if by != "auto":
        return by
    quarters = len(periods(first, last, "quarter", "en", start_month))
    return "quarter" if quarters <= MAX_QUARTER_COLUMNS else "fiscal-year"


def cell_mark(item: ScheduledInitiative, lang: Lang = "ja") -> str:
    """The mark filling the periods of ``item``."""
    if item.milestone:
        return MARKS["milestone"]
    if item.status is Status.DONE:
        return text("public_report.mark.done", lang)
    if item.critical:
        return MARKS["critical"]
    return MARKS["work"]


def _name_cell(item: ScheduledInitiative) -> str:
    name = md_text(item.title) or "\u200b"
    if item.critical:
        name = f"**{name}**"
    if item.late_by:
        name += " ⚠"
    return name


def _status_cell(item: ScheduledInitiative, progress: float, label: str) -> str:
    """The status label, with the progress of work in progress: ``進行中 (60%)``."""
    if item.status is Status.IN_PROGRESS:
        return f"{label} ({progress:g}%)"
    return label


def legend(lang: Lang) -> str:
    """The line explaining the marks."""
    return text("public_report.table_legend", lang)


def table_gantt(analysis: Analysis, options: ExportOptions) -> list[str]:
    """The table Gantt as Markdown lines (a legend line, a blank line, the table)."""
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None:
        raise ValueError("the plan cannot be scheduled")
    lang = options.lang
    month = plan.plan.fiscal_year_start_month
    by = columns_for(schedule.start, schedule.finish, options.by, month)
    columns = periods(schedule.start, schedule.finish, by, lang, month)
    starts = [period.first for period in columns]
    header = [
        md_text(text("export.initiative", lang)),
        md_text(field_label("status", lang)),
        md_text(field_label("start", lang)),
        md_text(field_label("finish", lang)),
        *(md_text(period.label) for period in columns),
    ]
    align = ["left"] * 4 + ["center"] * len(columns)
    blank = [""] * (len(header) - 1)
    by_step: dict[Step | None, list[ScheduledInitiative]] = {
        step: [] for step in (*STEP_ORDER, None)
    }
    for item in schedule.initiatives.values():
        by_step[item.step].append(item)
    statuses = {status: md_text(status_label(status.value, lang)) for status in Status}
    rows: list[list[str]] = []
    for step, members in by_step.items():
        if not members:
            continue
        label = step_label(step.value if step is not None else None, lang)
        rows.append([f"**{md_text(label)}**", *blank])
        for item in members:
            cells = [""] * len(columns)
            low = bisect.bisect_right(starts, item.early_start) - 1
            high = bisect.bisect_right(starts, item.early_finish) - 1
            mark = cell_mark(item, lang)
            for index in range(max(low, 0), high + 1):
                cells[index] = mark
            rows.append(
                [
                    _name_cell(item),
                    _status_cell(item, plan.initiatives[item.id].progress, statuses[item.status]),
                    shown_date(item.early_start, options, compact=True),
                    shown_date(item.early_finish, options, compact=True),
                    *cells,
                ]
            )
    return [legend(lang), "", *md_table(header, rows, align)]
