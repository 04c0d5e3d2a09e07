"""The xlsx export: an Excel workbook with a printable 工程表, the schedule table and problems.

Sheets (English names with ``lang="en"``):

- **要約** (Summary, first): the one-page summary for the 首長 (:mod:`exporters.xlsx_summary`),
  printed on one A4 landscape page; it also says 「問題はありません」 when the check found nothing.
- **工程表** (Gantt): row 1 holds the plan title over the frozen columns and one merged 年度
  cell per fiscal year (``R8年度 (2026年度)``); row 2 the column names and one column per
  month over whole fiscal years (:func:`exporters.svg.chart_span`). Then one row per scheduled
  initiative in file order: ID, 名称, ステップ, 担当, 開始, 完了, 余裕 (frozen with the two header
  rows), and its months filled in its step's colour (:mod:`exporters.colors`; lighter when
  done), critical work in red. A milestone's month shows ◆, a deadline's month ▼; with
  the 基準日 (``options.as_of``, else the plan's ``status_date``) its month header is highlighted. With ``--baseline`` each initiative's baseline months are underlined in
  grey (基準計画). A legend follows the rows. Printing is set to A3 landscape, one page wide
  (and one page high when the rows fit), with the header rows repeated on every page.
- **日程** (Schedule): the CSV columns (:mod:`exporters.csv_export`) with labels in the
  reader's language, real date cells, a frozen header and an auto-filter.
- **問題** (Problems): every problem with its location, message and hint; left out when there
  is none (the summary says so).

Every sheet, the providers' included, is set up for printing (:func:`print_setup`): landscape,
one page wide, print titles from its frozen header rows, page numbers, and 作成日 and 基準日 in
the header. The 作成日 is the plan's date (``--as-of``, else its ``status_date``, else its
start), never the clock, so the bytes stay the same.

Later sections (baseline, budget, risk) add sheets through :data:`SHEET_PROVIDERS`.

The bytes are deterministic: document properties carry a date taken from the plan (its status
date, else its start) and every zip entry carries the same timestamp. Text that a user typed is
always written as text, never as a formula, and characters XML forbids are dropped.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from exporters import colors
from exporters.base import ExportOptions
from exporters.csv_export import COLUMNS
from exporters.dates import shown_date
from exporters.report_labels import table_word
from exporters.svg import chart_span
from exporters.xlsx_cells import (
    BOLD,
    HEADER_FILL,
    CellStyles,
    clean_text,
    excel_day,
    new_cell,
    put_cell,
)
from exporters.xlsx_summary import fill_summary_sheet
from roadmap.core.analysis.period import plan_period
from roadmap.core.analysis.pipeline import Analysis
from roadmap.core.analysis.schedule import ScheduledInitiative
from roadmap.core.calendar.fiscal import fiscal_year_label, fiscal_year_of
from roadmap.core.calendar.months import months_from
from roadmap.core.i18n import Lang, field_label, status_label, step_label, text
from roadmap.core.model.plan import STEP_ORDER, Plan, Status

__all__ = [
    "DEADLINE_MARK",
    "GANTT_COLUMNS",
    "MILESTONE_MARK",
    "SHEET_PROVIDERS",
    "build_workbook",
    "export",
    "month_columns",
    "print_setup",
]

#: ``(module, function)`` pairs called as ``function(workbook, analysis, options)`` after the
#: standard sheets; imported by name only when a workbook is built.
SHEET_PROVIDERS: list[tuple[str, str]] = [
    ("exporters.xlsx_baseline", "add_baseline_sheet"),
    ("exporters.xlsx_budget", "add_budget_sheets"),
    ("exporters.xlsx_benefit", "add_benefit_sheet"),
    ("exporters.xlsx_risk", "add_risk_sheet"),
    ("exporters.xlsx_systems", "add_systems_sheet"),
]

#: The frozen columns of the 工程表, by field name.
GANTT_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "step",
    "owner",
    "start",
    "finish",
    "total_float",
)
_GANTT_WIDTHS = (14.0, 40.0, 11.0, 16.0, 11.0, 11.0, 6.0)
_MONTH_WIDTH = 4.6
MILESTONE_MARK = "◆"
DEADLINE_MARK = "▼"
_DATE_FORMAT = "yyyy-mm-dd"
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_THIN = Side(style="thin", color=colors.argb(colors.GRID))
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center")
_BASELINE_SIDE = Side(style="thick", color=colors.argb("#555555"))
_BASELINE_BORDER = Border(bottom=_BASELINE_SIDE)
#: A 工程表 with at most this many rows is printed on one page (fit to height too).
_ONE_PAGE_ROWS = 45


def _one_line(value: str) -> str:
    return " ".join(clean_text(value).splitlines())


class _Fills:
    """One solid fill object per colour, shared by all cells of that colour."""

    def __init__(self) -> None:
        self._fills: dict[str, PatternFill] = {}

    def __call__(self, color: str) -> PatternFill:
        fill = self._fills.get(color)
        if fill is None:
            code = colors.argb(color)
            fill = PatternFill(fill_type="solid", start_color=code, end_color=code)
            self._fills[color] = fill
        return fill


def month_columns(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """``(year, month)`` of every month from ``first`` to ``last``, one 工程表 column each."""
    return [(month.year, month.month) for month in months_from(first, last)]


def _fiscal_year_header(fiscal_year: int, lang: Lang) -> str:
    """``R8年度 (2026年度)``; ``FY2026 (Reiwa 8)`` in English."""
    if lang == "en":
        return fiscal_year_label(fiscal_year, "en")
    return f"{fiscal_year_label(fiscal_year, short=True)} ({fiscal_year}年度)"


def _plan_date(analysis: Analysis, as_of: dt.date | None = None) -> dt.datetime:
    """The date the document properties carry (the 作成日): ``as_of`` (``--as-of``), else the
    plan's status date, else its start; never the clock."""
    plan = analysis.plan
    day = dt.date(2000, 1, 1)
    if plan is not None:
        day = plan.plan.status_date or plan.plan.start
    day = as_of or day
    return dt.datetime(day.year, day.month, day.day)


# -- 工程表 -------------------------------------------------------------------------------------


class _GanttSheet:
    """Builds the 工程表 sheet."""

    def __init__(self, sheet: Any, analysis: Analysis, options: ExportOptions) -> None:
        self.sheet = sheet
        self.analysis = analysis
        self.options = options
        self.lang: Lang = options.lang
        plan = analysis.plan
        # the 基準日: ``--as-of``, else the plan's own status_date (highlighted without asking)
        self.as_of = options.as_of or (plan.plan.status_date if plan is not None else None)
        self.start_month = plan.plan.fiscal_year_start_month if plan is not None else 4
        first, last = chart_span(analysis)
        self.months = month_columns(first, last)
        self.first_month_column = len(GANTT_COLUMNS) + 1
        self.fills = _Fills()
        self.styles = CellStyles(sheet.parent, "roadmap-gantt")
        self.critical_font = Font(bold=True, color=colors.argb(colors.CRITICAL))
        self.mark_fonts: dict[str, Font] = {}
        self.legend_rows = 0
        schedule = analysis.schedule
        self.items: list[ScheduledInitiative] = (
            list(schedule.initiatives.values()) if schedule is not None else []
        )

    def column_of(self, day: dt.date) -> int | None:
        """The column of the month ``day`` falls in, if the chart shows it."""
        first_year, first_month = self.months[0]
        offset = (day.year - first_year) * 12 + day.month - first_month
        if 0 <= offset < len(self.months):
            return self.first_month_column + offset
        return None

    def build(self) -> None:
        self.header()
        for index, item in enumerate(self.items):
            self.row(3 + index, item)
        self.legend(3 + len(self.items) + 1)
        self.layout()

    def header(self) -> None:
        sheet, lang = self.sheet, self.lang
        plan = self.analysis.plan
        title = plan.plan.title if plan is not None else ""
        organization = plan.plan.organization if plan is not None else None
        if organization and organization not in title:
            title = f"{organization} {title}"
        schedule = self.analysis.schedule
        if schedule is not None and plan is not None:
            period = plan_period(plan, schedule).label(lang)
            title += f"  {text('export.period', lang)} {period}"
        if self.as_of is not None:
            shown = shown_date(self.as_of, self.options)
            title += "  " + text("export.chart.as_of", lang, date=shown)
        cell = put_cell(sheet, 1, 1, _one_line(title))
        cell.font = Font(bold=True, size=12)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(GANTT_COLUMNS))
        for column, name in enumerate(GANTT_COLUMNS, start=1):
            cell = put_cell(sheet, 2, column, field_label(name, lang))
            cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, _BOX, _CENTER
        month_names = text("export.chart.months", lang).split(",")
        as_of_column = self.column_of(self.as_of) if self.as_of is not None else None
        span_start: dict[int, int] = {}
        for offset, (year, month) in enumerate(self.months):
            column = self.first_month_column + offset
            fiscal_year = fiscal_year_of(dt.date(year, month, 1), self.start_month)
            span_start.setdefault(fiscal_year, column)
            cell = put_cell(sheet, 2, column, month_names[month - 1])
            cell.font = Font(bold=column == as_of_column, size=9)
            cell.fill = self.fills(colors.TODAY) if column == as_of_column else HEADER_FILL
            cell.border, cell.alignment = _BOX, _CENTER
        last_column = self.first_month_column + len(self.months) - 1
        starts = sorted(span_start.items())
        for number, (fiscal_year, column) in enumerate(starts):
            end = starts[number + 1][1] - 1 if number + 1 < len(starts) else last_column
            cell = put_cell(sheet, 1, column, _fiscal_year_header(fiscal_year, lang))
            cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, _BOX, _CENTER
            if end > column:
                sheet.merge_cells(start_row=1, start_column=column, end_row=1, end_column=end)

    def row(self, row: int, item: ScheduledInitiative) -> None:
        sheet, lang = self.sheet, self.lang
        plan = self.analysis.plan
        owner = plan.initiatives[item.id].owner if plan is not None else None
        step = item.step.value if item.step is not None else None
        font = self.critical_font if item.critical else None
        # the styles asked for in the order of the columns, as they were cell by cell: their
        # names (and so the workbook's list of styles) follow the order they are first used
        text_style = self.styles.named(font=font, border=_BOX)
        date_style = self.styles.named(font=font, border=_BOX, number_format=_DATE_FORMAT)
        cells = [
            new_cell(sheet, _one_line(item.id), text_style),
            new_cell(sheet, _one_line(item.title), text_style),
            new_cell(sheet, step_label(step, lang), text_style),
            new_cell(sheet, _one_line(owner or ""), text_style),
            new_cell(sheet, excel_day(item.early_start), date_style),
            new_cell(sheet, excel_day(item.early_finish), date_style),
            new_cell(sheet, item.total_float, text_style),
        ]
        sheet.append(cells)  # after the rows above it: this is row ``row``
        if cells[0].row != row:
            raise RuntimeError(f"Gantt row {row} was appended as row {cells[0].row}")
        color = colors.CRITICAL if item.critical else colors.step_color(step)
        if item.status is Status.DONE:
            color = colors.tint(color)
        filled: set[int] = set()
        marks: dict[int, str] = {}
        if item.milestone:
            milestone_column = self.column_of(item.early_start)
            if milestone_column is not None:
                marks[milestone_column] = MILESTONE_MARK
        else:
            first = self.column_of(item.early_start)
            last = self.column_of(item.early_finish)
            if first is not None and last is not None:
                filled = set(range(first, last + 1))
                fill_style = self.styles.named(fill=self.fills(color)).name
                for month_column in range(first, last + 1):
                    sheet.cell(row=row, column=month_column).style = fill_style
        self.baseline_bar(row, item.id)
        deadline_column = self.column_of(item.deadline) if item.deadline is not None else None
        if deadline_column is not None:
            marks[deadline_column] = marks.get(deadline_column, "") + DEADLINE_MARK
        for mark_column, mark in marks.items():
            cell = put_cell(sheet, row, mark_column, mark)
            cell.alignment = _CENTER
            ink = colors.text_color_on(color) if mark_column in filled else color
            cell.font = self.mark_font(ink)

    def mark_font(self, ink: str) -> Font:
        """The bold font of a ◆/▼ mark in ``ink``, one object per colour."""
        font = self.mark_fonts.get(ink)
        if font is None:
            font = self.mark_fonts[ink] = Font(bold=True, color=colors.argb(ink))
        return font

    def baseline_bar(self, row: int, key: str) -> None:
        """Underline the months the baseline gave this initiative (``--baseline``)."""
        baseline = self.options.baseline
        schedule = baseline.schedule if baseline is not None else None
        old = schedule.initiatives.get(key) if schedule is not None else None
        if old is None:
            return
        first = self.column_of(old.early_start)
        last = self.column_of(old.early_finish)
        if first is None or last is None:
            return
        for column in range(first, last + 1):
            self.sheet.cell(row=row, column=column).border = _BASELINE_BORDER

    def legend(self, row: int) -> None:
        """Step colours and the meaning of red, ◆ and ▼, below the rows."""
        sheet, lang = self.sheet, self.lang
        put_cell(sheet, row, 1, text("export.chart.legend", lang)).font = BOLD
        column = 2
        entries: list[tuple[str, str | None, str]] = [
            (step_label(step.value, lang), colors.step_color(step), "") for step in STEP_ORDER
        ]
        entries.append((step_label(None, lang), colors.step_color(None), ""))
        entries.append((status_label("done", lang), colors.tint(colors.step_color(None)), ""))
        entries.append((field_label("critical", lang), colors.CRITICAL, ""))
        entries.append((field_label("milestone", lang), None, MILESTONE_MARK))
        entries.append((field_label("deadline", lang), None, DEADLINE_MARK))
        if self.as_of is not None:
            as_of = f"{text('export.as_of', lang)} {shown_date(self.as_of, self.options)}"
            entries.append((as_of, colors.TODAY, ""))
        baseline_row = None
        if self.options.baseline is not None:
            label = self.options.baseline_label or ""
            entries.append((f"{text('baseline.bar', lang)} {label}".strip(), None, ""))
            baseline_row = row + len(entries) - 1
        for offset, (label, color, mark) in enumerate(entries):
            target_row = row + offset
            swatch = put_cell(sheet, target_row, column, mark)
            swatch.alignment = _CENTER
            if color is not None:
                swatch.fill = self.fills(color)
            if target_row == baseline_row:
                swatch.border = _BASELINE_BORDER
            put_cell(sheet, target_row, column + 1, label)
        self.legend_rows = len(entries)

    def layout(self) -> None:
        """Column widths, frozen panes and print settings."""
        sheet = self.sheet
        for column, width in enumerate(_GANTT_WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        for offset in range(len(self.months)):
            letter = get_column_letter(self.first_month_column + offset)
            sheet.column_dimensions[letter].width = _MONTH_WIDTH
        sheet.freeze_panes = sheet.cell(row=3, column=self.first_month_column).coordinate
        rows = 2 + len(self.items) + 1 + self.legend_rows
        last = get_column_letter(self.first_month_column + len(self.months) - 1)
        sheet.print_area = f"A1:{last}{rows}"


def _header_text(value: str) -> str:
    # "&" starts a header code; a doubled "&&" prints one ampersand.
    return _one_line(value).replace("&", "&&")


def print_setup(
    sheet: Any,
    analysis: Analysis,
    options: ExportOptions,
    *,
    paper: str = "A4",
    one_page: bool = False,
) -> None:
    """Landscape on ``paper`` (``"A3"``/``"A4"``), one page wide (and high with ``one_page``),
    print titles from the frozen header rows, the plan title, 作成日 and 基準日 in the header,
    page numbers and the sheet name in the footer."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3 if paper == "A3" else sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    frozen = sheet.freeze_panes
    if frozen and not sheet.print_title_rows:
        first_row = sheet[frozen].row
        if first_row > 1:
            sheet.print_title_rows = f"1:{first_row - 1}"
    lang = options.lang
    plan = analysis.plan
    if plan is not None:
        sheet.oddHeader.left.text = _header_text(plan.plan.title)[:100]
    made = _made_on(analysis, options)
    stamps = [text("print.created", lang, date=shown_date(made, options))]
    as_of = options.as_of or (plan.plan.status_date if plan is not None else None)
    if as_of is not None:
        stamps.append(text("print.as_of", lang, date=shown_date(as_of, options)))
    sheet.oddHeader.right.text = _header_text("  ".join(stamps))
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddFooter.right.text = "&A"


def _made_on(analysis: Analysis, options: ExportOptions) -> dt.date:
    """The 作成日 printed: ``--as-of``, else the plan's status date, else its start (no clock)."""
    return _plan_date(analysis, options.as_of).date()


# -- 日程 and 問題 -------------------------------------------------------------------------------


def _schedule_sheet(sheet: Any, analysis: Analysis, lang: Lang) -> None:
    """The schedule table: one row per initiative, the CSV columns with translated labels."""
    from exporters.json_doc import schedule_document

    for column, name in enumerate(COLUMNS, start=1):
        cell = put_cell(sheet, 1, column, field_label(name, lang))
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, _BOX
    document = schedule_document(analysis, lang)
    plan = analysis.plan
    # the words of a step, status, driver or yes/no, made once per value, not once per cell
    words: dict[tuple[str, type, object], object] = {}
    for initiative in document["initiatives"]:
        values: list[object] = []
        for name in COLUMNS:
            value = initiative[name]
            if value is not None and (name in _WORD_COLUMNS or isinstance(value, bool)):
                key = (name, type(value), value)
                word = words.get(key, words)
                if word is words:
                    word = words[key] = _table_value(name, value, lang, plan)
                value = word
            else:
                value = _table_value(name, value, lang, plan)
            values.append(value)
        sheet.append(
            [
                new_cell(sheet, excel_day(value), number_format=_DATE_FORMAT)
                if isinstance(value, dt.date)
                else new_cell(sheet, value)
                for value in values
            ]
        )
    widths = {"id": 16.0, "title": 48.0, "owner": 18.0, "driver": 16.0}
    for column, name in enumerate(COLUMNS, start=1):
        width = widths.get(name, 12.0)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C2"
    last = f"{get_column_letter(len(COLUMNS))}{len(document['initiatives']) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"


def _table_value(name: str, value: object, lang: Lang, plan: Plan | None = None) -> object:
    """A JSON document value as a table cell: words for step, status and driver, real dates."""
    if value is None:
        return None
    if name in _WORD_COLUMNS or isinstance(value, bool):
        return table_word(name, value, plan, lang)
    if isinstance(value, str) and name in _DATE_COLUMNS:
        return dt.date.fromisoformat(value)
    return value


#: 日程 columns shown in words (:func:`exporters.report_labels.table_word`), and as dates.
_WORD_COLUMNS = frozenset({"step", "status", "driver"})
_DATE_COLUMNS = frozenset({"early_start", "early_finish", "late_start", "late_finish", "deadline"})


def _problems_sheet(sheet: Any, analysis: Analysis, lang: Lang) -> None:
    """Every problem: severity, code, location, initiative, field, message, hint."""
    headers = (
        text("export.problem.severity", lang),
        text("export.problem.code", lang),
        text("export.problem.location", lang),
        text("export.problem.initiative", lang),
        text("export.problem.field", lang),
        text("export.problem.message", lang),
        text("hint", lang),
    )
    for column, header in enumerate(headers, start=1):
        cell = put_cell(sheet, 1, column, header)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, _BOX
    for problem in analysis.problems:
        values = (
            text(f"severity.{problem.severity}", lang),
            problem.code,
            problem.location(),
            problem.initiative or "",
            problem.field or "",
            problem.message(lang),
            problem.hint(lang) or "",
        )
        sheet.append([new_cell(sheet, value) for value in values])
    for column, width in enumerate((8.0, 22.0, 28.0, 16.0, 14.0, 60.0, 50.0), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


# -- the workbook ------------------------------------------------------------------------------


def _providers() -> Iterator[Any]:
    """The sheet-provider functions (their modules imported only when a workbook is built)."""
    for module_name, function_name in SHEET_PROVIDERS:
        yield getattr(importlib.import_module(module_name), function_name)


def build_workbook(analysis: Analysis, options: ExportOptions) -> Workbook:
    """The workbook of ``analysis``: 要約, 工程表, 日程, 問題 (when there are problems), then the
    providers' sheets; every sheet set up for printing."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = text("export.sheet.summary", options.lang)
    fill_summary_sheet(summary, analysis, options)
    gantt = workbook.create_sheet(text("export.sheet.gantt", options.lang))
    gantt_sheet = _GanttSheet(gantt, analysis, options)
    gantt_sheet.build()
    _schedule_sheet(
        workbook.create_sheet(text("export.sheet.schedule", options.lang)),
        analysis,
        options.lang,
    )
    if analysis.problems:
        _problems_sheet(
            workbook.create_sheet(text("export.sheet.problems", options.lang)),
            analysis,
            options.lang,
        )
    for provide in _providers():
        provide(workbook, analysis, options)
    for sheet in workbook.worksheets:
        if sheet is summary:
            print_setup(sheet, analysis, options, paper="A4", one_page=True)
        elif sheet is gantt:
            one_page = len(gantt_sheet.items) <= _ONE_PAGE_ROWS
            print_setup(sheet, analysis, options, paper="A3", one_page=one_page)
        else:
            wide = sheet.max_column > 8
            print_setup(sheet, analysis, options, paper="A3" if wide else "A4")
    stamp = _plan_date(analysis, options.as_of)
    properties = workbook.properties
    properties.creator = "dx-roadmap"
    properties.title = _one_line(analysis.plan.plan.title) if analysis.plan is not None else None
    properties.created = stamp
    properties.modified = stamp
    return workbook


def _fixed_zip(data: bytes) -> bytes:
    """``data`` (a zip) rewritten with one fixed timestamp and no file modes on every entry."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        # the content types first, as Office itself writes them
        entries = sorted(source.infolist(), key=lambda e: e.filename != "[Content_Types].xml")
        for entry in entries:
            info = zipfile.ZipInfo(entry.filename, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same bytes whichever system writes them
            info.external_attr = 0
            target.writestr(info, source.read(entry.filename))
    return target_buffer.getvalue()


def export(analysis: Analysis, options: ExportOptions) -> bytes:
    """The workbook of ``analysis`` as xlsx bytes, identical for identical input."""
    workbook = build_workbook(analysis, options)
    buffer = io.BytesIO()
    # stored, not compressed: _fixed_zip compresses every entry once, as it rewrites it
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True)
    # ExcelWriter, unlike Workbook.save, keeps our ``modified`` instead of the clock's.
    ExcelWriter(workbook, archive).save()
    return _fixed_zip(buffer.getvalue())
