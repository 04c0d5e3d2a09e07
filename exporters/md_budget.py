"""The money, staffing and KPI sections of the Markdown report.

:func:`budget_sections` returns, for a plan that has them: 予算 by 年度 with cap and headroom,
運用経費の増減, a staffing heatmap table (months down, teams across) and a KPI table with
achievement. Every number comes from :mod:`roadmap.core.analysis.budget`, :mod:`roadmap.core.analysis.staffing` and
:mod:`roadmap.core.analysis.kpi`; fiscal-year labels from :func:`roadmap.core.calendar.fiscal.fiscal_year_label`; every
text cell is escaped with :func:`exporters.md_sections.md_text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exporters.md_sections import md_table, md_text
from roadmap.core.analysis.budget import BudgetReport, format_number, format_yen
from roadmap.core.analysis.kpi import KpiProgress, target_years
from roadmap.core.analysis.staffing import StaffingReport
from roadmap.core.calendar.fiscal import fiscal_year_label
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from exporters.base import ExportOptions
    from roadmap.core.analysis.pipeline import Analysis

__all__ = ["budget_lines", "budget_sections", "kpi_lines", "staffing_lines"]


def _escaped(labels: list[str]) -> list[str]:
    return [md_text(label) for label in labels]


def budget_lines(
    report: BudgetReport, lang: Lang, plan_costs: list[tuple[str, str, int, int]] | None = None
) -> list[str]:
    """``## 年度別予算`` and, when any initiative replaces a running cost, ``## 運用経費の増減``.

    ``plan_costs`` lists ``(title, running_from, annual, annual_before)`` of the initiatives that
    replace a running cost, for the like-for-like table under the yearly change.
    """
    if not report.initiatives:
        return []
    names = ("initial", "subsidy", "running", "total", "net_total", "cumulative_total", "cap")
    header = [text("budget.fiscal_year", lang)]
    header += [text(f"budget.{name}", lang) for name in names]
    header.append(text("budget.headroom", lang))
    rows: list[list[str]] = []
    for year in report.years:
        label = md_text(fiscal_year_label(year.fiscal_year, lang))
        cells = [format_yen(getattr(year, name), lang) for name in names]
        headroom = format_yen(year.headroom, lang)
        if year.over_cap:
            label, headroom = f"**{label}**", f"**{headroom}** ({text('budget.over', lang)})"
        rows.append([label, *cells, headroom])
    rows.append(
        [
            f"**{text('budget.sum', lang)}**",
            format_yen(sum(year.initial for year in report.years), lang),
            format_yen(sum(year.subsidy for year in report.years), lang),
            format_yen(sum(year.running for year in report.years), lang),
            format_yen(report.total, lang),
            format_yen(report.net_total, lang),
            "",
            "",
            "",
        ]
    )
    lines = [f"## {md_text(text('budget.title', lang))}", ""]
    lines += md_table(_escaped(header), rows, ["left"] + ["right"] * (len(header) - 1))
    lines += ["", md_text(text("budget.rules", lang))]
    replaced = [item for item in report.initiatives if any(p.running_replaced for p in item.years)]
    if replaced:
        lines += ["", f"## {md_text(text('budget.running_title', lang))}", ""]
        change_header = [
            text("budget.fiscal_year", lang),
            text("budget.running", lang),
            text("budget.running_replaced", lang),
            text("budget.running_change", lang),
        ]
        change_rows = [
            [
                md_text(fiscal_year_label(year.fiscal_year, lang)),
                format_yen(year.running, lang),
                format_yen(year.running_replaced, lang),
                format_yen(year.running_change, lang),
            ]
            for year in report.years
        ]
        lines += md_table(_escaped(change_header), change_rows, ["left", "right", "right", "right"])
        lines += ["", *_replacement_lines(plan_costs, lang)] if plan_costs else []
    return lines


def _replacement_lines(costs: list[tuple[str, str, int, int]], lang: Lang) -> list[str]:
    """Per replacing initiative (by title): running from, yearly cost after and before, and the change."""
    header = [
        text("kpi.initiative", lang),
        text("budget.running_from", lang),
        text("budget.annual", lang),
        text("budget.annual_before", lang),
        text("budget.running_change", lang),
    ]
    rows = [
        [
            md_text(item),
            day,
            format_yen(after, lang),
            format_yen(before, lang),
            format_yen(after - before, lang),
        ]
        for item, day, after, before in costs
    ]
    return md_table(_escaped(header), rows, ["left", "left", "right", "right", "right"])


def staffing_lines(report: StaffingReport, lang: Lang) -> list[str]:
    """``## 体制の負荷``: months down, teams across; over capacity in bold with ``▲``."""
    if not report.cells:
        return []
    header = [text("staffing.month", lang)]
    for team in report.teams:
        capacity = report.capacities[team]
        limit = f"{capacity:g}" if capacity is not None else text("staffing.undeclared", lang)
        header.append(f"{md_text(team)} ({md_text(text('staffing.capacity', lang))} {limit})")
    rows: list[list[str]] = []
    for month in report.months:
        row = [f"{month:%Y-%m}"]
        for team in report.teams:
            cell = report.cell(team, month)
            if cell is None:
                row.append("")
            elif cell.over:
                row.append(f"**▲{cell.load:.2f}**")
            else:
                row.append(f"{cell.load:.2f}")
        rows.append(row)
    lines = [f"## {md_text(text('staffing.title', lang))}", ""]
    lines += md_table(header, rows, ["left"] + ["right"] * len(report.teams))
    lines += ["", md_text(text("staffing.rule", lang))]
    overloads = report.overloads
    if overloads:
        lines += ["", f"### {md_text(text('staffing.overloads', lang))}", ""]
        for cell in overloads:
            causes = ", ".join(
                f"{md_text(part.initiative)} ({part.load:.2f})" for part in cell.contributions
            )
            lines.append(
                f"- {cell.month:%Y-%m} {md_text(cell.team)}: {cell.load:.2f} / "
                f"{cell.capacity:g} ({md_text(text('staffing.causes', lang))}: {causes})"
            )
    return lines


def kpi_lines(progress: list[KpiProgress], as_of: str | None, lang: Lang) -> list[str]:
    """``## KPI``: one row per indicator: 目標設定時, each 年度末 target, the final target,
    actual, achievement and status (悪化 rather than a negative achievement)."""
    if not progress:
        return []
    years = target_years(progress)
    header = [text(f"kpi.{name}", lang) for name in ("initiative", "name", "kind", "unit")]
    header.append(text("kpi.baseline", lang))
    header += [
        text("kpi.year_end", lang, year=fiscal_year_label(year, lang, short=True)) for year in years
    ]
    header += [text(f"kpi.{name}", lang) for name in ("target", "due", "actual")]
    header += [text(f"kpi.{name}", lang) for name in ("achievement", "status")]
    rows: list[list[str]] = []
    for item in progress:
        percent = item.achievement_percent
        status = md_text(text(f"kpi.status.{item.status}", lang))
        if item.status in ("behind", "missed", "worsened"):
            status = f"**{status}**"
        rows.append(
            [
                md_text(item.initiative_title),
                md_text(item.name),
                md_text(text(f"kpi.kind.{item.kind}", lang)),
                md_text(item.unit),
                format_number(item.baseline),
                *(format_number(item.targets.get(year)) for year in years),
                format_number(item.target),
                item.due.isoformat() if item.due else "-",
                format_number(item.actual),
                "-" if percent is None else f"{percent:.1f}%",
                status,
            ]
        )
    title = text("kpi.title", lang, date=as_of) if as_of else text("kpi.title_no_date", lang)
    align = ["left"] * 4 + ["right"] * (len(years) + 2) + ["left"] + ["right"] * 2 + ["left"]
    lines = [f"## {md_text(title)}", "", *md_table(_escaped(header), rows, align)]
    if any(item.status == "worsened" for item in progress):
        lines += ["", md_text(text("kpi.worsened_note", lang))]
    return lines


def budget_sections(analysis: Analysis, options: ExportOptions) -> list[str]:
    """The report's 予算, 運用経費の増減, 体制 and KPI sections (empty when the plan has none)."""
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None or analysis.has_errors or not schedule.initiatives:
        return []
    lang = options.lang
    report = analysis.budget
    assert report is not None
    replacing = [
        (item.title, item.running_from.isoformat(), cost.annual, cost.annual_before)
        for item in report.initiatives
        if (cost := plan.initiatives[item.id].cost) is not None and cost.annual_before > 0
    ]
    sections = [
        budget_lines(report, lang, replacing),
        staffing_lines(analysis.staffing, lang) if analysis.staffing is not None else [],
    ]
    as_of = options.as_of or plan.plan.status_date
    progress = analysis.kpis_at(as_of)
    sections.append(kpi_lines(progress, as_of.isoformat() if as_of else None, lang))
    lines: list[str] = []
    for section in sections:
        if section:
            if lines:
                lines.append("")
            lines.extend(section)
    return lines
