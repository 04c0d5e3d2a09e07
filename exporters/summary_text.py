"""The one-page summary for the 首長 as plain sentences, shared by the Markdown and xlsx reports.

What to say is chosen by :func:`roadmap.core.analysis.summary.summarize`; this module only words
it, with dates in the report's style (:func:`exporters.dates.shown_date`) and yen with digit
grouping.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporters.base import ExportOptions
from exporters.dates import shown_date
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.summary import DeadlineRisk, Decision, Summary, summarize
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.compare.baseline import PlanChange, plan_change
from roadmap.core.i18n import Lang, text

__all__ = [
    "RISK_LIMIT",
    "SummaryText",
    "build_summary",
    "change_text",
    "is_business",
    "summary_text",
    "yen_text",
]


#: The deadlines at risk listed on the page (latest first); the rest are counted.
RISK_LIMIT = 5


def yen_text(amount: int, lang: Lang) -> str:
    """``1,234,567円`` (``¥1,234,567`` in English)."""
    sign = "-" if amount < 0 else ""
    return sign + text("summary.yen", lang, amount=f"{abs(amount):,}")


def build_summary(analysis: Analysis, options: ExportOptions) -> Summary | None:
    """The summary of an exportable analysis (``None`` when it has no schedule)."""
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None:
        return None
    change = plan_change(analysis, options.baseline) if options.baseline is not None else None
    return summarize(plan, schedule, analysis.budget, options.as_of, change, analysis.warnings)


def change_text(change: PlanChange, lang: Lang, business: bool = True) -> str:
    """``+38開庁日 / 約2か月`` (days, not 開庁日, in a plan on the plain calendar); ``変更なし``
    when the finish did not move."""
    if change.working_days == 0:
        return text("summary.unchanged", lang)
    days = f"{change.working_days:+d}"
    months = abs(change.months)
    if change.months:
        if business:
            return text("summary.shift_months", lang, days=days, months=months)
        return text("summary.shift_months.calendar", lang, days=days, months=months)
    if business:
        return text("summary.shift_days", lang, days=days)
    return text("summary.shift_days.calendar", lang, days=days)


def is_business(analysis: Analysis) -> bool:
    """Whether the plan counts 開庁日 (its ``calendar`` is ``business``)."""
    return analysis.plan is None or analysis.plan.plan.calendar == "business"


@dataclass(frozen=True)
class SummaryText:
    """The summary's sentences: facts (label, value), deadlines at risk, decisions."""

    title: str
    facts: list[tuple[str, str]]
    risks_title: str
    risks: list[str]
    decisions_title: str
    decisions: list[str]
    #: ``ほか2件 …`` when more decisions were found than listed.
    more: str | None = None


def _risk_line(risk: DeadlineRisk, options: ExportOptions) -> str:
    lang = options.lang
    key = "summary.risk.late" if risk.is_late else "summary.risk.tight"
    title = risk.title if risk.id is not None else text("summary.whole_plan", lang)
    return text(
        key,
        lang,
        title=title,
        deadline=shown_date(risk.deadline, options),
        finish=shown_date(risk.finish, options),
        days=abs(risk.late_days),
    )


def _decision_line(decision: Decision, options: ExportOptions) -> str:
    lang = options.lang
    kind = decision.kind
    if decision.problem is not None:
        subject = decision.title or text("summary.whole_plan", lang)
        return text(
            "summary.decision.warning", lang, title=subject, message=decision.problem.message(lang)
        )
    year = (
        fiscal_year_label(decision.fiscal_year, lang, western=False)
        if decision.fiscal_year is not None
        else ""
    )
    return text(
        f"summary.decision.{kind}",
        lang,
        title=decision.title or "",
        year=year,
        amount=yen_text(decision.size, lang),
        days=abs(decision.size),
        day=shown_date(decision.day, options) if decision.day is not None else "",
    )


def _spend_text(summary: Summary, lang: Lang) -> str:
    spend = summary.spend
    if spend is None:
        return text("summary.spend.none", lang)
    total = yen_text(spend.total, lang)
    if spend.cap is None or spend.headroom is None:
        return text("summary.spend.no_cap", lang, total=total)
    key = "summary.spend.over" if spend.headroom < 0 else "summary.spend.within"
    basis = "gross" if spend.basis == "gross" else "general"
    return text(
        key,
        lang,
        total=total,
        basis=text(f"budget.basis.{basis}", lang),
        capped=yen_text(spend.capped, lang),
        cap=yen_text(spend.cap, lang),
        rest=yen_text(abs(spend.headroom), lang),
    )


def _deadline_text(summary: Summary, options: ExportOptions) -> str:
    lang = options.lang
    if summary.deadline is None or summary.deadline_late_days is None:
        return text("export.no_deadline", lang)
    shown = shown_date(summary.deadline, options)
    late = summary.deadline_late_days
    if late > 0:
        return text("summary.deadline.late", lang, deadline=shown, days=late)
    if late == 0:
        return text("summary.deadline.on", lang, deadline=shown)
    return text("summary.deadline.met", lang, deadline=shown, days=-late)


def summary_text(summary: Summary, options: ExportOptions, business: bool = True) -> SummaryText:
    """The summary worded in the report's language and date style."""
    lang = options.lang
    finish = shown_date(summary.finish, options)
    if summary.change is not None:
        change = summary.change
        finish = text(
            "summary.finish_change",
            lang,
            before=shown_date(change.baseline_finish, options),
            after=finish,
            change=change_text(change, lang, business),
        )
        label = options.baseline_label or "baseline"
        if options.baseline_date is not None:
            label = text(
                "summary.baseline_dated",
                lang,
                label=label,
                date=shown_date(options.baseline_date, options),
            )
        finish += " " + text("summary.since_baseline", lang, label=label)
    year = fiscal_year_label(summary.fiscal_year, lang, western=False)
    facts = [
        (text("summary.finish", lang), finish),
        (text("summary.deadline", lang), _deadline_text(summary, options)),
        (text("summary.spend", lang, year=year), _spend_text(summary, lang)),
    ]
    if summary.as_of is not None:
        facts.insert(0, (text("export.as_of", lang), shown_date(summary.as_of, options)))
    risks = [_risk_line(risk, options) for risk in summary.at_risk[:RISK_LIMIT]]
    if not risks:
        risks = [text("summary.no_risks", lang)]
    elif len(summary.at_risk) > RISK_LIMIT:
        rest = len(summary.at_risk) - RISK_LIMIT
        risks.append(text("summary.more_risks", lang, n=rest))
    decisions = [_decision_line(decision, options) for decision in summary.decisions]
    if not decisions:
        decisions = [text("summary.no_decisions", lang)]
    more = (
        text("summary.more_decisions", lang, n=summary.more_decisions)
        if summary.more_decisions
        else None
    )
    return SummaryText(
        title=text("summary.title", lang),
        facts=facts,
        risks_title=text("summary.risks", lang, n=len(summary.at_risk)),
        risks=risks,
        decisions_title=text("summary.decisions", lang),
        decisions=decisions,
        more=more,
    )
