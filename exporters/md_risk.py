"""The schedule-risk section of the Markdown report (``## スケジュールリスク``).

The section shows the finish-date percentiles next to the CPM finish, the chance of meeting the
plan deadline and each initiative's deadline, a small table of when the runs finish, and the
risk drivers. The numbers come from the analysis's kept simulation
(:meth:`roadmap.core.analysis.pipeline.Analysis.risk`) with the plan's
``risk_seed`` and :data:`REPORT_RUNS` runs, so the report is the same every time it is built and
agrees with ``roadmap risk`` run with its defaults. Plans without a three-point estimate get no
section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exporters.dates import shown_date
from exporters.md_sections import md_table, md_text
from exporters.risk_words import risk_plain_lines
from roadmap.core.analysis.risk_result import DEFAULT_RUNS, RiskResult, finish_buckets
from roadmap.core.calendar.fiscal import fiscal_quarter_of, fiscal_year_label
from roadmap.core.calendar.wareki import quarter_label
from roadmap.core.i18n import Lang, field_label, text
from roadmap.core.model.plan import Plan, Status, ThreePointDuration

if TYPE_CHECKING:
    from exporters.base import ExportOptions
    from roadmap.core.analysis.pipeline import Analysis

__all__ = [
    "REPORT_RUNS",
    "TOP_DRIVERS",
    "has_estimates",
    "report_risk",
    "risk_section",
    "spread_buckets",
    "spread_rows",
]

#: Runs behind the report's numbers: the CLI's default, so both say the same.
REPORT_RUNS = DEFAULT_RUNS
#: Risk drivers listed in the report.
TOP_DRIVERS = 5
#: More monthly rows than this and the spread table counts fiscal quarters instead.
_MAX_MONTH_ROWS = 12


def has_estimates(plan: Plan) -> bool:
    """Whether any initiative that can still move has a non-degenerate three-point estimate."""
    for initiative in plan.initiatives.values():
        duration = initiative.duration
        if initiative.status in (Status.DONE, Status.CANCELLED):
            continue
        if isinstance(duration, ThreePointDuration) and (
            duration.optimistic.count != duration.pessimistic.count
        ):
            return True
    return False


def report_risk(analysis: Analysis) -> RiskResult | None:
    """The simulation the report shows, or ``None`` when there is nothing to simulate."""
    plan = analysis.plan
    if plan is None or analysis.schedule is None or analysis.has_errors:
        return None
    if not analysis.schedule.initiatives or not has_estimates(plan):
        return None
    from roadmap.core.calendar.workdays import CalendarRangeError

    try:
        return analysis.risk(runs=REPORT_RUNS, seed=plan.plan.risk_seed)
    except CalendarRangeError:
        return None


def percent(value: float | None) -> str:
    """``0.873`` -> ``87.3%``; ``None`` -> ``-``."""
    return "-" if value is None else f"{value * 100:.1f}%"


def spread_buckets(
    result: RiskResult, lang: Lang, fiscal_start_month: int = 4
) -> list[tuple[str, int, float, float]]:
    """When the runs finish: ``(period, runs, share, cumulative share)`` by month, or by fiscal
    quarter when there would be more than twelve months."""
    buckets = finish_buckets(result, "month")
    by_quarter = len(buckets) > _MAX_MONTH_ROWS
    if by_quarter:
        buckets = finish_buckets(result, "quarter", fiscal_start_month)
    rows: list[tuple[str, int, float, float]] = []
    for first, _last, runs, cumulative in buckets:
        if by_quarter:
            fiscal_year, quarter = fiscal_quarter_of(first, fiscal_start_month)
            period = (
                f"{fiscal_year_label(fiscal_year, lang, short=True)} Q{quarter}"
                if lang == "en"
                else quarter_label(fiscal_year, quarter, fiscal_start_month)
            )
        else:
            period = f"{first.year}-{first.month:02d}"
        rows.append((period, runs, runs / result.runs, cumulative))
    return rows


def spread_rows(result: RiskResult, lang: Lang, fiscal_start_month: int = 4) -> list[list[str]]:
    """:func:`spread_buckets` as text cells."""
    return [
        [period, f"{runs:,}", percent(share), percent(cumulative)]
        for period, runs, share, cumulative in spread_buckets(result, lang, fiscal_start_month)
    ]


def risk_section(analysis: Analysis, options: ExportOptions) -> list[str]:
    """The Markdown lines of the risk section (empty without three-point estimates)."""
    result = report_risk(analysis)
    if result is None or analysis.plan is None:
        return []
    lang = options.lang
    settings = analysis.plan.plan
    distribution = text(f"risk.distribution.{result.distribution}", lang)
    lines = [
        f"## {md_text(text('risk.title', lang))}",
        "",
        *(f"- {md_text(line)}" for line in risk_plain_lines(result, lang, options.dates)),
        "",
        md_text(
            text(
                "risk.method",
                lang,
                distribution=distribution,
                runs=f"{result.runs:,}",
                seed=result.seed,
            )
        ),
        "",
    ]
    rows = [[md_text(text("risk.cpm_finish", lang)), shown_date(result.cpm_finish, options)]]
    rows.extend(
        [md_text(text("risk.percentile", lang, p=p)), shown_date(day, options)]
        for p, day in result.finish_percentiles.items()
    )
    lines.extend(
        md_table([md_text(text("risk.measure", lang)), md_text(field_label("finish", lang))], rows)
    )
    lines.append("")
    probability = text(
        "risk.cpm_probability",
        lang,
        finish=shown_date(result.cpm_finish, options),
        probability=percent(result.cpm_finish_probability),
    )
    lines.append(f"- {md_text(probability)}")
    if result.deadline is not None:
        deadline = text(
            "risk.deadline",
            lang,
            deadline=shown_date(result.deadline, options),
            probability=percent(result.deadline_probability),
        )
        lines.append(f"- {md_text(deadline)}")
    lines.append("")
    lines.extend(_spread(result, lang, settings.fiscal_year_start_month))
    lines.extend(_deadlines(result, options))
    lines.extend(_drivers(result, lang))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _spread(result: RiskResult, lang: Lang, fiscal_start_month: int) -> list[str]:
    header = [text(key, lang) for key in ("risk.period", "risk.runs", "risk.share")]
    header.append(text("risk.cumulative", lang))
    table = md_table(
        [md_text(cell) for cell in header],
        spread_rows(result, lang, fiscal_start_month),
        ["left", "right", "right", "right"],
    )
    return [f"### {md_text(text('risk.finish_spread', lang))}", "", *table, ""]


def _deadlines(result: RiskResult, options: ExportOptions) -> list[str]:
    lang = options.lang
    items = [item for item in result.initiatives if item.deadline is not None]
    if not items:
        return []
    header = [field_label(name, lang) for name in ("title", "deadline")]
    header += [text("risk.cpm", lang), text("risk.finish_p", lang, p=80)]
    header.append(text("risk.probability", lang))
    rows = [
        [
            md_text(item.title),
            shown_date(item.deadline, options, compact=True) if item.deadline else "",
            shown_date(item.cpm_finish, options, compact=True),
            shown_date(item.finish_percentiles[80], options, compact=True),
            percent(item.deadline_probability),
        ]
        for item in items
    ]
    align = ["left", "left", "left", "left", "right"]
    table = md_table([md_text(cell) for cell in header], rows, align)
    return [f"### {md_text(text('risk.deadlines', lang))}", "", *table, ""]


def _drivers(result: RiskResult, lang: Lang) -> list[str]:
    drivers = result.top_drivers(TOP_DRIVERS)
    if not drivers:
        return []
    header = [field_label("title", lang), text("risk.estimate", lang)]
    header += [text("risk.sensitivity", lang), text("risk.criticality", lang)]
    rows: list[list[str]] = []
    for item in drivers:
        low, likely, high = item.estimate_days or (0, 0, 0)
        rows.append(
            [
                md_text(item.title),
                f"{low} / {likely} / {high}",
                f"{item.sensitivity or 0.0:+.2f}",
                percent(item.criticality),
            ]
        )
    align = ["left", "right", "right", "right"]
    table = md_table([md_text(cell) for cell in header], rows, align)
    return [f"### {md_text(text('risk.drivers', lang))}", "", *table, ""]
