"""The Markdown report (``roadmap export -o report.md``): a 工程表 a mayor can read.

Sections, in order:

1. the title, organization, as-of date and plan period in 年度 (both labels);
1a. the one-page summary for the 首長 (:mod:`exporters.md_summary`): finish and its change
    since the baseline, deadlines at risk, this 年度's spending against its cap, the decisions;
2. a summary: start and finish, finish against the plan deadline, the critical path as a chain
   of titles, counts by status, and every warning;
3. the Mermaid gantt chart(s) (:mod:`exporters.mermaid`);
4. the plain table Gantt (:mod:`exporters.table_gantt`);
5. the phase ordering: the waves and each step's window;
6. the sections of later features (budget, staffing, KPIs, risk), from
   :mod:`exporters.md_sections`;
7. the 費用対効果 (:mod:`exporters.md_benefit`), when KPIs declare the hours they save.

With ``--baseline REV`` the comparison (:mod:`exporters.md_baseline`) follows the summary.

Every date, float and fiscal year comes from the core; text is escaped with
:func:`exporters.md_sections.md_text`. The output depends only on the plan and the options
(no clock), so the same input gives byte-identical reports that diff cleanly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from exporters.base import ExportOptions
from exporters.dates import shown_date
from exporters.md_baseline import baseline_lines
from exporters.md_benefit import benefit_lines
from exporters.md_sections import SectionProvider, md_table, md_text, section_providers
from exporters.md_summary import summary_page_lines
from exporters.mermaid import build_charts, chart_legend, fenced
from exporters.table_gantt import table_gantt
from roadmap.core.analysis.period import plan_period
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.schedule import Schedule
from roadmap.core.i18n import Lang, field_label, status_label, step_label, text
from roadmap.core.model.plan import Plan, Status
from roadmap.core.model.problems import Problem

__all__ = ["export", "md_text", "render"]


def _list_separator(lang: Lang) -> str:
    return text("list.separator", lang)


def header_lines(analysis: Analysis, options: ExportOptions) -> list[str]:
    """The title and the facts table: organization, as-of date, plan period."""
    plan, schedule = _checked(analysis)
    lang, settings = options.lang, plan.plan
    as_of = options.as_of or settings.status_date
    period = plan_period(plan, schedule).label(lang)
    rows = [
        [md_text(field_label("organization", lang)), md_text(settings.organization or "") or "-"],
        [md_text(text("export.as_of", lang)), shown_date(as_of, options) if as_of else "-"],
        [md_text(text("export.period", lang)), md_text(period)],
    ]
    header = [md_text(text("export.item", lang)), md_text(text("export.value", lang))]
    return [f"# {md_text(settings.title)}", "", *md_table(header, rows)]


def _deadline_line(plan: Plan, schedule: Schedule, options: ExportOptions) -> str:
    lang = options.lang
    deadline = plan.plan.deadline
    if deadline is None:
        return text("export.no_deadline", lang)
    finish, calendar, day = schedule.finish, schedule.calendar, dt.timedelta(days=1)
    shown = shown_date(deadline, options)
    if finish > deadline:
        days = calendar.working_days(deadline + day, finish)
        return text("export.deadline_late", lang, deadline=shown, days=days)
    if finish == deadline:
        return text("export.deadline_on", lang, deadline=shown)
    days = calendar.working_days(finish + day, deadline)
    return text("export.deadline_met", lang, deadline=shown, days=days)


def _problem_line(problem: Problem, plan: Plan, lang: Lang) -> str:
    if problem.initiative is not None:
        initiative = plan.initiatives.get(problem.initiative)
        subject = initiative.title if initiative is not None else problem.initiative
    else:
        subject = text("export.plan_wide", lang)
    return f"- **{md_text(subject)}**: {md_text(problem.message(lang))}"


def summary_lines(analysis: Analysis, options: ExportOptions) -> list[str]:
    """Start and finish, the deadline, the critical path, status counts, warnings."""
    plan, schedule = _checked(analysis)
    lang = options.lang
    titles = [md_text(schedule.initiatives[node].title) for node in schedule.critical_path]
    chain = " → ".join(titles) if titles else md_text(text("export.no_critical_path", lang))
    counts = {status: 0 for status in Status}
    for initiative in plan.initiatives.values():
        counts[initiative.status] += 1
    count_text = _list_separator(lang).join(
        f"{status_label(status.value, lang)} {text('export.count', lang, n=number)}"
        for status, number in counts.items()
    )
    warnings = analysis.warnings
    lines = [
        f"## {md_text(text('export.summary', lang))}",
        "",
        "- "
        + md_text(
            text(
                "export.start_finish",
                lang,
                start=shown_date(schedule.start, options),
                finish=shown_date(schedule.finish, options),
            )
        ),
        "- " + md_text(_deadline_line(plan, schedule, options)),
        f"- {md_text(text('schedule.critical_path', lang))}: {chain}",
        f"- {md_text(text('export.status_counts', lang))}: {md_text(count_text)}",
        "",
        f"### {md_text(text('export.warnings', lang, n=len(warnings)))}",
        "",
    ]
    if warnings:
        lines.extend(_problem_line(problem, plan, lang) for problem in warnings)
    else:
        lines.append(md_text(text("export.no_warnings", lang)))
    lines.extend(_negative_float_note(analysis, schedule, lang))
    return lines


def _negative_float_note(analysis: Analysis, schedule: Schedule, lang: Lang) -> list[str]:
    """Why work shows negative float and as critical when done work waits on unfinished work."""
    if not any(problem.code == "done-before-predecessor" for problem in analysis.warnings):
        return []
    negative = sum(1 for item in schedule.initiatives.values() if item.total_float < 0)
    return ["", md_text(text("export.done_before_note", lang, n=negative))]


def chart_lines(analysis: Analysis, options: ExportOptions) -> list[str]:
    """The Mermaid chart, or one chart per step / fiscal year under its own heading."""
    lang = options.lang
    charts = build_charts(analysis, options)
    lines = [f"## {md_text(text('export.gantt_chart', lang))}", ""]
    if len(charts) > 1:
        lines.extend([md_text(text("export.charts_split", lang, n=len(charts))), ""])
    for chart in charts:
        if chart.label is not None:
            lines.extend([f"### {md_text(chart.label)}", ""])
        lines.extend([*fenced(chart).rstrip("\n").split("\n"), ""])
    lines.extend([md_text(chart_legend(analysis, options)), ""])
    return lines[:-1] if lines[-1] == "" else lines


def table_lines(analysis: Analysis, options: ExportOptions) -> list[str]:
    """The plain table Gantt under its heading."""
    heading = f"## {md_text(text('export.table_gantt', options.lang))}"
    return [heading, "", *table_gantt(analysis, options)]


def phase_lines(analysis: Analysis, options: ExportOptions) -> list[str]:
    """The waves (work that can run together) with their spans, and each step's window."""
    _plan, schedule = _checked(analysis)
    lang = options.lang
    separator = _list_separator(lang)
    wave_rows: list[list[str]] = []
    for number, wave in enumerate(schedule.waves, start=1):
        members = [schedule.initiatives[node] for node in wave if node in schedule.initiatives]
        if not members:
            continue
        wave_rows.append(
            [
                md_text(text("export.wave", lang, n=number)),
                shown_date(min(item.early_start for item in members), options, compact=True),
                shown_date(max(item.early_finish for item in members), options, compact=True),
                md_text(separator.join(item.title for item in members)),
            ]
        )
    span_header = [md_text(field_label("start", lang)), md_text(field_label("finish", lang))]
    wave_header = [
        md_text(field_label("wave", lang)),
        *span_header,
        md_text(text("export.initiative", lang)),
    ]
    step_rows = [
        [
            md_text(step_label(window.step.value if window.step else None, lang)),
            shown_date(window.start, options, compact=True) if window.start else "-",
            shown_date(window.finish, options, compact=True) if window.finish else "-",
            str(window.count),
        ]
        for window in schedule.steps
    ]
    step_header = [
        md_text(text("export.step", lang)),
        *span_header,
        md_text(text("export.initiatives_count", lang)),
    ]
    return [
        f"## {md_text(text('export.phases', lang))}",
        "",
        md_text(text("export.phases_intro", lang)),
        "",
        *md_table(wave_header, wave_rows),
        "",
        f"### {md_text(text('schedule.steps', lang))}",
        "",
        *md_table(step_header, step_rows, ["left", "left", "left", "right"]),
    ]


def render(
    analysis: Analysis,
    options: ExportOptions,
    sections: Sequence[SectionProvider] | None = None,
) -> str:
    """The whole report as text.

    ``sections`` are the providers of the later sections; by default those registered in
    :mod:`exporters.md_sections`.
    """
    blocks = [
        header_lines(analysis, options),
        summary_page_lines(analysis, options),
        summary_lines(analysis, options),
        baseline_lines(analysis, options),
        chart_lines(analysis, options),
        table_lines(analysis, options),
        phase_lines(analysis, options),
    ]
    providers = section_providers() if sections is None else sections
    blocks = [block for block in blocks if block]
    for provider in providers:
        extra = provider(analysis, options)
        if extra:
            blocks.append(list(extra))
    if sections is None:
        blocks.append(benefit_lines(analysis, options))
    blocks = [block for block in blocks if block]
    return "\n\n".join("\n".join(block).rstrip("\n") for block in blocks) + "\n"


def export(analysis: Analysis, options: ExportOptions) -> bytes:
    """The ``md`` format: the report as UTF-8 (the version for residents with ``public``)."""
    if options.audience == "public":
        from exporters.md_public import export as export_public

        return export_public(analysis, options)
    return render(analysis, options).encode("utf-8")


def _checked(analysis: Analysis) -> tuple[Plan, Schedule]:
    plan, schedule = analysis.plan, analysis.schedule
    if plan is None or schedule is None or analysis.has_errors:
        raise ValueError("only a plan without errors can be exported")
    return plan, schedule
