"""The version for residents in Markdown (``roadmap export --audience public``).

What residents read on the town's web page or in the 広報誌: what changes for them and when,
in plain words. The selection (which work, which facts) is
:func:`roadmap.core.analysis.public.public_view`; this module only words and lays it out:

1. the title with 「住民の皆さまへ」, a sentence on what the page is, and a short table: the
   計画期間 (the same label as the internal report), the 基準日, how much of the plan is done,
   when it is expected to be complete (a month: a resident does not need a day);
2. 「これから変わること」: resident-facing work not yet done, by start, with when (months),
   what it is, where it stands (予定 / 実施中 (40%) / 一時休止), what changes for residents
   (the plan's ``residents`` text) and whom to ask (an organisational unit only);
3. 「実現したこと」: the same for finished work;
4. the Mermaid chart of that work only (no critical-path marks) and its legend.

No costs, vendors, ids, people's names, risks or critical-path words appear: the view does not
hold them.
"""

from __future__ import annotations

import datetime as dt

from exporters.base import ExportOptions
from exporters.dates import shown_date
from exporters.markdown_text import md_table, md_text
from exporters.mermaid import build_charts, chart_legend, fenced
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.public import PublicItem, PublicView, public_view
from roadmap.core.calendar.wareki import wareki_month
from roadmap.core.i18n import Lang, text
from roadmap.core.model.plan import Status

__all__ = ["export", "render", "shown_month"]


def shown_month(day: dt.date, options: ExportOptions) -> str:
    """The month of ``day`` as a resident reads it: ``令和9年4月``, ``2027-04`` (ISO, English)."""
    if options.lang == "ja" and options.dates == "wareki":
        return wareki_month(day)
    return f"{day.year}-{day.month:02d}"


def _when(item: PublicItem, options: ExportOptions) -> str:
    lang = options.lang
    first = shown_month(item.start, options)
    if item.milestone or (item.start.year, item.start.month) == (
        item.finish.year,
        item.finish.month,
    ):
        return text("public_report.when.month", lang, month=first)
    last = shown_month(item.finish, options)
    return text("public_report.when.span", lang, first=first, last=last)


def _status(item: PublicItem, lang: Lang) -> str:
    if item.status is Status.IN_PROGRESS:
        return text("public_report.status.in_progress", lang, progress=f"{item.progress:g}")
    return text(f"public_report.status.{item.status.value}", lang)


def _area(item: PublicItem, lang: Lang) -> str:
    return text(f"public_report.step.{item.step.value if item.step else 'common'}", lang)


def _table(items: list[PublicItem], options: ExportOptions) -> list[str]:
    lang = options.lang
    with_owner = any(item.owner for item in items)
    with_changes = any(item.changes for item in items)
    header = [
        text("public_report.column.when", lang),
        text("public_report.column.what", lang),
        text("public_report.column.area", lang),
        text("public_report.column.status", lang),
    ]
    if with_changes:
        header.append(text("public_report.column.changes", lang))
    if with_owner:
        header.append(text("public_report.column.contact", lang))
    rows: list[list[str]] = []
    for item in items:
        row = [
            md_text(_when(item, options)),
            md_text(item.title) or "\u200b",
            md_text(_area(item, lang)),
            md_text(_status(item, lang)),
        ]
        if with_changes:
            row.append(md_text(item.changes) if item.changes else "-")
        if with_owner:
            row.append(md_text(item.owner) if item.owner else "-")
        rows.append(row)
    return md_table([md_text(cell) for cell in header], rows)


def _facts(view: PublicView, options: ExportOptions) -> list[str]:
    lang = options.lang
    rows = [[md_text(text("export.period", lang)), md_text(view.period.label(lang))]]
    if view.as_of is not None:
        rows.append([md_text(text("export.as_of", lang)), md_text(shown_date(view.as_of, options))])
    rows.append(
        [
            md_text(text("public_report.fact.progress", lang)),
            md_text(text("public_report.fact.progress_value", lang, n=view.total, done=view.done)),
        ]
    )
    rows.append(
        [
            md_text(text("public_report.fact.finish", lang)),
            md_text(
                text("public_report.when.month", lang, month=shown_month(view.finish, options))
            ),
        ]
    )
    header = [md_text(text("export.item", lang)), md_text(text("export.value", lang))]
    return md_table(header, rows)


def render(analysis: Analysis, options: ExportOptions) -> str:
    """The version for residents as Markdown text."""
    view = public_view(analysis, options.as_of)
    lang = options.lang
    title = f"{view.title} {text('public_report.heading_suffix', lang)}"
    organization = view.organization or text("public_report.our_town", lang)
    blocks: list[list[str]] = [
        [
            f"# {md_text(title)}",
            "",
            md_text(text("public_report.intro", lang, organization=organization)),
            "",
            *_facts(view, options),
        ]
    ]
    coming = [item for item in view.items if item.status is not Status.DONE]
    done = [item for item in view.items if item.status is Status.DONE]
    heading = f"## {md_text(text('public_report.coming', lang))}"
    if coming:
        blocks.append([heading, "", *_table(coming, options)])
    else:
        blocks.append([heading, "", md_text(text("public_report.nothing_coming", lang))])
    if done:
        blocks.append(
            [f"## {md_text(text('public_report.done', lang))}", "", *_table(done, options)]
        )
    if view.items:
        chart = [f"## {md_text(text('public_report.schedule', lang))}", ""]
        for part in build_charts(analysis, options):
            if part.label is not None:
                chart.extend([f"### {md_text(part.label)}", ""])
            chart.extend([*fenced(part).rstrip("\n").split("\n"), ""])
        chart.append(md_text(chart_legend(analysis, options)))
        blocks.append(chart)
    blocks.append([md_text(text("public_report.note", lang))])
    return "\n\n".join("\n".join(block).rstrip("\n") for block in blocks) + "\n"


def export(analysis: Analysis, options: ExportOptions) -> bytes:
    """The version for residents as UTF-8 Markdown."""
    return render(analysis, options).encode("utf-8")
