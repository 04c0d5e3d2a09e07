"""The 費用対効果 table as plain cells, shared by the Markdown and xlsx reports."""

from __future__ import annotations

from exporters.base import ExportOptions
from exporters.dates import shown_date
from exporters.summary_text import yen_text
from roadmap.core.analysis.benefit import BenefitReport, benefit_report
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import Lang, text

__all__ = ["YEAR_FIELDS", "benefit_notes", "hours_text", "report_of", "year_header"]

#: The year table's columns (after the 年度), as :class:`BenefitYear` fields.
YEAR_FIELDS = ("investment", "hours", "labor", "running_saved", "effect", "net", "cumulative_net")


def report_of(analysis: Analysis) -> BenefitReport | None:
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None:
        return None
    return benefit_report(plan, schedule, analysis.budget)


def hours_text(hours: float) -> str:
    """Hours with digit grouping, to one decimal only when needed (``1,234`` / ``12.5``)."""
    rounded = round(hours, 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"


def year_header(lang: Lang) -> list[str]:
    return [text("benefit.year", lang), *(text(f"benefit.{name}", lang) for name in YEAR_FIELDS)]


def benefit_notes(report: BenefitReport, options: ExportOptions) -> list[str]:
    """The intro, the full-year effect and when (or whether) the saving catches up."""
    lang = options.lang
    rate = report.labor_cost_per_hour
    notes = [
        text("benefit.intro", lang, rate=yen_text(rate, lang))
        if rate is not None
        else text("benefit.no_rate", lang)
    ]
    yen = report.yen_per_year
    hours = hours_text(report.hours_per_year)
    if yen is not None:
        notes.append(text("benefit.full_year", lang, hours=hours, yen=yen_text(yen, lang)))
    else:
        notes.append(text("benefit.full_year_hours", lang, hours=hours))
    if rate is not None and report.years:
        caught = next((year for year in report.years if year.cumulative_net >= 0), None)
        if caught is not None and caught.cumulative_investment > 0:
            label = fiscal_year_label(caught.fiscal_year, lang, western=False)
            notes.append(text("benefit.payback", lang, year=label))
        elif caught is None:
            amount = yen_text(report.years[-1].cumulative_net, lang)
            notes.append(text("benefit.no_payback", lang, amount=amount))
    return notes


def source_cells(report: BenefitReport, options: ExportOptions) -> list[list[str]]:
    lang = options.lang
    return [
        [
            saving.initiative_title,
            saving.kpi_name,
            hours_text(saving.hours_per_year),
            yen_text(saving.yen_per_year, lang) if saving.yen_per_year is not None else "—",
            shown_date(saving.effective_from, options, compact=True),
        ]
        for saving in report.savings
    ]


def source_header(lang: Lang) -> list[str]:
    return [
        text("benefit.initiative", lang),
        text("benefit.kpi", lang),
        text("benefit.hours_per_year", lang),
        text("benefit.yen_per_year", lang),
        text("benefit.from", lang),
    ]
