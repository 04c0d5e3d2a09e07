"""The schedule-risk findings in plain words, for a reader who does not know PERT or P80.

Shared by the Markdown report's risk section and the xlsx リスク sheet: how many initiatives the
simulation varies (of how many), and 「8割の確率で令和◯年◯月までに完了」.
"""

from __future__ import annotations

from roadmap.core.analysis.risk_result import RiskResult
from roadmap.core.calendar.wareki import wareki_date, wareki_month
from roadmap.core.i18n import Lang, text

__all__ = ["risk_plain_lines"]


def _month(result: RiskResult, percentile: int, lang: Lang) -> str:
    day = result.finish_percentiles[percentile]
    return wareki_month(day) if lang == "ja" else f"{day:%B %Y}"


def risk_plain_lines(result: RiskResult, lang: Lang, dates: str = "wareki") -> list[str]:
    """Plain sentences (no markup): coverage, the 8割 finish month, the deadline chance
    (its date in 和暦 in Japanese unless ``dates`` is ``"iso"``)."""
    total = len(result.initiatives)
    estimated = result.estimated_count
    lines = [
        text("risk.plain.coverage", lang, n=estimated, total=total, rest=total - estimated),
    ]
    if 80 in result.finish_percentiles:
        lines.append(text("risk.plain.p80", lang, month=_month(result, 80, lang)))
    if result.deadline is not None and result.deadline_probability is not None:
        lines.append(
            text(
                "risk.plain.deadline",
                lang,
                deadline=wareki_date(result.deadline)
                if lang == "ja" and dates == "wareki"
                else result.deadline.isoformat(),
                percent=round(result.deadline_probability * 100),
                n=estimated,
            )
        )
    return lines
