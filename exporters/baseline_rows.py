"""Planned-vs-baseline rows shared by the Markdown and xlsx exports (labels and cells).

Only what changed is listed (:func:`roadmap.core.compare.baseline.changed_rows`): moved or
changed initiatives by finish slip, latest first, then the new, cancelled and deleted ones, each
with a 区分 and the words for what changed (期間 7か月 → 9か月). Titles, never ids.
"""

from __future__ import annotations

import datetime as dt

from exporters.base import ExportOptions
from exporters.dates import shown_date
from exporters.summary_text import change_text, is_business
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.compare.baseline import (
    BaselineRow,
    Change,
    baseline_rows,
    changed_rows,
    plan_change,
)
from roadmap.core.i18n import Lang, field_label, status_label, text
from roadmap.core.model.durations import Duration

__all__ = [
    "BaselineTable",
    "baseline_header",
    "baseline_table",
    "baseline_title",
    "duration_words",
    "plan_line",
]


def duration_words(duration: Duration, lang: Lang, business: bool = False) -> str:
    """``7mo`` -> ``7か月``; days are 開庁日 in a business calendar."""
    key = f"duration.{duration.unit}"
    if duration.unit == "d" and business:
        key = "duration.d.business"
    return text(key, lang, n=duration.count)


def baseline_title(options: ExportOptions) -> str:
    """``基準計画との比較 (v1、令和8年4月1日時点)``; without a known date just the name."""
    label = options.baseline_label or "baseline"
    if options.baseline_date is not None:
        return text(
            "baseline.title_dated",
            options.lang,
            label=label,
            date=shown_date(options.baseline_date, options),
        )
    return text("export.baseline.title", options.lang, label=label)


def plan_line(analysis: Analysis, options: ExportOptions) -> str | None:
    """``完了見込み 令和12年2月6日 → 令和12年4月3日 (+38開庁日 / 約2か月)``."""
    if options.baseline is None:
        return None
    change = plan_change(analysis, options.baseline)
    if change is None:
        return None
    return text(
        "baseline.plan_line",
        options.lang,
        before=shown_date(change.baseline_finish, options),
        after=shown_date(change.finish, options),
        change=change_text(change, options.lang, is_business(analysis)),
    )


def baseline_header(options: ExportOptions) -> list[str]:
    lang = options.lang
    return [
        field_label("title", lang),
        text("baseline.kind", lang),
        text("export.baseline.span", lang),
        text("export.baseline.current", lang),
        text("export.baseline.finish_slip", lang),
        text("baseline.what", lang),
    ]


def _kind(row: BaselineRow, lang: Lang) -> str:
    if row.change:
        return text(f"export.baseline.{row.change}", lang)
    return text("baseline.kind.changed", lang)


def _slip(row: BaselineRow, lang: Lang) -> str:
    if row.finish_slip is None:
        return "—"
    return f"{row.finish_slip:+d}" if row.finish_slip else "0"


def _span(start: dt.date | None, finish: dt.date | None, options: ExportOptions) -> str:
    if start is None or finish is None:
        return "—"
    first = shown_date(start, options, compact=True)
    last = shown_date(finish, options, compact=True)
    return first if start == finish else f"{first} - {last}"


def _value(change: Change, value: object, lang: Lang, business: bool) -> str:
    if value is None or value == ():
        return text("baseline.nothing", lang)
    if isinstance(value, Duration):
        return duration_words(value, lang, business)
    if change.field == "status":
        return status_label(str(value), lang)
    if isinstance(value, tuple):
        return text("list.separator", lang).join(str(part) for part in value)
    return str(value)


def _changes(row: BaselineRow, lang: Lang, business: bool) -> str:
    if not row.change and not row.changes:
        # moved, though nothing of its own changed: its predecessors or the 基準日 moved it
        return text("baseline.moved_by_others", lang)
    parts = [
        text(
            f"baseline.change.{change.field}",
            lang,
            before=_value(change, change.before, lang, business),
            after=_value(change, change.after, lang, business),
        )
        for change in row.changes
    ]
    return text("list.separator", lang).join(parts)


class BaselineTable:
    """The changed rows with their plain-text cells, and how many rows were left unchanged."""

    def __init__(self, rows: list[tuple[BaselineRow, list[str]]], unchanged: int) -> None:
        self.rows = rows
        self.unchanged = unchanged


def baseline_table(analysis: Analysis, options: ExportOptions) -> BaselineTable | None:
    """The changed rows and their cells; ``None`` without a baseline."""
    if options.baseline is None:
        return None
    lang = options.lang
    business = is_business(analysis)
    every = baseline_rows(analysis, options.baseline)
    changed = changed_rows(every)
    rows = [
        (
            row,
            [
                row.title,
                _kind(row, lang),
                _span(row.baseline_start, row.baseline_finish, options),
                _span(row.start, row.finish, options),
                _slip(row, lang),
                _changes(row, lang, business),
            ],
        )
        for row in changed
    ]
    return BaselineTable(rows, len(every) - len(changed))
