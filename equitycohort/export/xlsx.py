"""Editable copies as Excel workbooks (.xlsx): a team's workplan, a cohort's
attendance, the roster.

For teams who adapt their plan and funders who want figures. Every sheet is a
table: one real header row (bold, frozen, filterable), then one record a row;
dates are dates shown month/day/year, times are times shown as a 12-hour
clock, figures are numbers and shares are percentages, and each column is as
wide as what it holds. Text is always stored as text (never a formula, even
when it starts with = + - or @). openpyxl is imported only here, when a
workbook is made. Like the PDFs, a team's workbook holds only that team's data.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import formats, i18n
from equitycohort.data.schema import ACTION_STATUSES, ATTENDANCE, SESSION_STATUSES
from equitycohort.data.states import state_name
from equitycohort.export.common import Progress, cohort_record, notify, team_info, today_or, write_atomic
from equitycohort.i18n import N_, _, pgettext

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

    from equitycohort.data.workspace import Workspace

US_DATE = "m/d/yyyy"
US_TIME = "h:mm AM/PM"
#: how a language that writes the day first (Spanish), on a 24-hour clock, shows them
DAY_FIRST_DATE = "d/m/yyyy"
CLOCK_24 = "hh:mm"


def date_format() -> str:
    """The number format of a date cell in the current language."""
    return DAY_FIRST_DATE if formats.babel_locale() else US_DATE


def time_format() -> str:
    """The number format of a time cell in the current language."""
    return CLOCK_24 if formats.babel_locale() else US_TIME
PERCENT = "0%"
NUMBER = "#,##0.##"
MAX_WIDTH = 60
#: the height of a line of 11-point text, in points; a row shows at most MAX_LINES of them
LINE_HEIGHT = 15
MAX_LINES = 20
HEADER_FILL = "DCE6F1"
NOT_EXPECTED_FILL = "EEEEEE"


@dataclass(frozen=True)
class Column:
    title: str
    #: text | wrap (long text) | date | time | number | integer | percent
    kind: str = "text"
    #: at most this wide; a longer header wraps
    max_width: int = MAX_WIDTH


def _text_width(text: str) -> int:
    """Characters a column needs for ``text``: East Asian wide letters count twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide, wrapped at spaces."""
    count = 0
    for paragraph in text.splitlines() or [""]:
        lines, used = 1, 0
        for word in paragraph.split():
            size = _text_width(word)
            if used and used + 1 + size > width:
                lines += 1
                used = 0
            used += (1 if used else 0) + size
            while used > width:  # a word longer than the column breaks anywhere
                lines += 1
                used -= width
        count += lines
    return count


def _shown(value: object, kind: str) -> str:
    """Roughly what a cell shows, to size its column."""
    if value is None:
        return ""
    if kind == "date":
        return "12/31/2026"
    if kind == "time":
        return "12:00 PM"
    if kind == "percent":
        return "100%"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return max(str(value).splitlines() or [""], key=len)


def add_sheet(book: Workbook, title: str, columns: Sequence[Column], rows: Sequence[Sequence[object]], *,
              fills: dict[tuple[int, int], str] | None = None) -> Worksheet:
    """A sheet holding a table: the header row, then the rows, formatted by column kind."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    centered = Alignment(vertical="top", horizontal="center")
    for c, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=c)
        _put_text(cell, column.title)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="bottom", wrap_text=True)
    widths = [min(column.max_width, max(_text_width(w) for w in column.title.split())) if column.max_width
              < _text_width(column.title) else _text_width(column.title) for column in columns]
    for r, values in enumerate(rows, start=2):
        for c, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = sheet.cell(row=r, column=c)
            if value is None or value == "":
                pass
            elif isinstance(value, str):
                _put_text(cell, value)
            else:
                cell.value = value
            if column.kind == "date":
                cell.number_format = date_format()
            elif column.kind == "time":
                cell.number_format = time_format()
            elif column.kind == "percent":
                cell.number_format = PERCENT
            elif column.kind == "number":
                cell.number_format = NUMBER
            cell.alignment = wrap if column.kind == "wrap" else centered if column.kind in ("date", "time") else top
            widths[c - 1] = max(widths[c - 1], _text_width(_shown(value, column.kind)))
    for (r, c), color in (fills or {}).items():
        sheet.cell(row=r, column=c).fill = PatternFill("solid", fgColor=color)
    final = [min(column.max_width, width) for column, width in zip(columns, widths, strict=True)]
    for c, width in enumerate(final, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width + 2
    # rows that wrap are made tall enough (spreadsheets do not always fit them when opening)
    header_lines = max(_lines(column.title, width) for column, width in zip(columns, final, strict=True))
    if header_lines > 1:
        sheet.row_dimensions[1].height = LINE_HEIGHT * header_lines
    for r, values in enumerate(rows, start=2):
        lines = max((_lines(str(value), width) for column, width, value in zip(columns, final, values, strict=True)
                     if column.kind == "wrap" and isinstance(value, str)), default=1)
        if lines > 1:
            sheet.row_dimensions[r].height = LINE_HEIGHT * min(lines, MAX_LINES)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    # printed: landscape, one page wide, the header on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    return sheet


def _put_text(cell: Cell, text: str) -> None:
    """Text as text: a value starting with = + - @ is shown, never run as a formula."""
    cell.value = text
    cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True  # and stays text when edited in Excel


def new_book(title: str, subject: str) -> Workbook:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's own deprecations are no concern of ours
        from openpyxl import Workbook

    book = Workbook()
    blank = book.active  # the empty sheet every new workbook starts with
    if blank is not None:
        book.remove(blank)
    book.properties.title = title
    book.properties.subject = subject
    book.properties.creator = "Equity Cohort"
    return book


def book_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def _yes(flag: bool) -> str:
    return _("Yes") if flag else ""


# --- the team workplan ------------------------------------------------------------

def workplan_workbook(ws: Workspace, team_id: str, *, today: dt.date | None = None, lang: str | None = None) -> bytes:
    """A team's workplan as a workbook in ``lang`` (default: the current language): goals, actions and
    milestones, and what the file is."""
    with i18n.use(lang):
        return _workplan_workbook(ws, team_id, today=today)


def _workplan_workbook(ws: Workspace, team_id: str, *, today: dt.date | None) -> bytes:
    from equitycohort.data.teams import team_leaders
    from equitycohort.data.workplans import load_workplan, milestone_overdue

    today = today_or(today)
    info = team_info(ws, team_id)
    team, cohort = info.team, info.cohort
    plan = load_workplan(ws, team_id)
    book = new_book(_("{organization} ({state}): Workplan").format(organization=team.organization,
                                                                   state=team.state),
                    f"{cohort.program_name}, {cohort.name}")
    numbers = {goal.id: n for n, goal in enumerate(plan.goals, start=1)}
    add_sheet(book, _("Goals"), [
        Column(_("Goal #"), "integer"), Column(_("Goal"), "wrap"), Column(_("Description"), "wrap"),
        Column(_("Indicator"), "wrap"), Column(_("Unit")), Column(_("Baseline"), "number"),
        Column(_("Target"), "number"), Column(_("Current value"), "number"), Column(_("Progress"), "percent"),
        Column(_("Actions"), "integer"), Column(_("Actions done"), "integer"),
    ], [[numbers[g.id], g.title, g.description, g.indicator, g.unit, g.baseline, g.target, g.current,
         g.progress, g.action_count, g.actions_done] for g in plan.goals])
    add_sheet(book, _("Actions"), [
        Column(_("Goal #"), "integer"), Column(_("Goal"), "wrap"), Column(_("Action"), "wrap"), Column(_("Owner")),
        Column(_("Start date"), "date"), Column(_("Due date"), "date"), Column(_("Status")), Column(_("Overdue")),
        Column(_("Support needed"), "wrap"), Column(_("Partner")),
    ], [[numbers[g.id], g.title, a.title, a.owner_name, _date(a.start_date), _date(a.due_date),
         i18n.label(ACTION_STATUSES, a.status), _yes(a.overdue(today)), a.support_needed, a.partner_name]
        for g in plan.goals for a in g.actions])
    titles = {g.id: g.title for g in plan.goals}
    add_sheet(book, _("Milestones"), [
        Column(_("Milestone"), "wrap"), Column(_("Goal #"), "integer"), Column(_("Goal"), "wrap"),
        Column(_("Due date"), "date"), Column(_("Reached on"), "date"), Column(_("Status")),
    ], [[m["title"], numbers.get(m["goal_id"]), titles.get(m["goal_id"]), _date(m["due_date"]),
         _date(m["reached_date"]), _milestone_status(m, today, milestone_overdue)] for m in plan.milestones])
    add_sheet(book, _("Team"), [Column(_("Leader")), Column(_("Role")), Column(_("Executive director"))],
              [[leader.name, leader.role, _yes(leader.is_executive_director)]
               for leader in team_leaders(ws, team_id)])
    about = _("About")
    add_sheet(book, about, [Column(_("Item")), Column(_("Value"), "wrap")], [
        [_("Team"), f"{team.organization}, {state_name(team.state)} ({team.state})"],
        [_("Cohort"), cohort.name], [_("Program"), cohort.program_name],
        [_("Exported"), today], [_("Progress"), _("From each goal's baseline, target and current value")],
    ])
    book[about]["B5"].number_format = date_format()
    return book_bytes(book)


def _milestone_status(milestone: dict, today: dt.date, overdue) -> str:
    if milestone["reached_date"]:
        return _("Reached")
    if overdue(milestone["due_date"], milestone["reached_date"], today):
        return _("Overdue")
    return _("Upcoming") if milestone["due_date"] else ""


def export_workplan_xlsx(ws: Workspace, team_id: str, out_path: Path | str, *, today: dt.date | None = None,
                         progress: Progress | None = None, lang: str | None = None) -> Path:
    """Write a team's workplan as an editable .xlsx in ``lang`` (default: the current language); returns
    the path."""
    with i18n.use(lang):
        notify(progress, 0, 1, _("Writing the workplan"))
        out = write_atomic(Path(out_path), workplan_workbook(ws, team_id, today=today))
        notify(progress, 1, 1, pgettext("the end of an export's progress", "Done"))
    return out


# --- the cohort's attendance ---------------------------------------------------------

def attendance_workbook(ws: Workspace, cohort_id: str, *, lang: str | None = None) -> bytes:
    """A cohort's attendance in ``lang`` (default: the current language): a grid of every leader by
    session, with rates; the sessions; the teams."""
    with i18n.use(lang):
        return _attendance_workbook(ws, cohort_id)


def _attendance_workbook(ws: Workspace, cohort_id: str) -> bytes:
    from equitycohort.data.attendance import cohort_attendance
    from equitycohort.data.schedule import list_sessions
    from equitycohort.data.teams import list_teams, team_leaders

    cohort = cohort_record(ws, cohort_id)
    book = new_book(_("{cohort}: Attendance").format(cohort=cohort.name), cohort.program_name)
    sessions = list_sessions(ws, cohort_id)
    held = [s for s in sessions if s.status != "cancelled"]
    teams = list_teams(ws, cohort_id)
    records = {(r[0], r[1]): r[2] for r in ws.query(
        "SELECT a.session_id, a.person_id, a.status FROM attendance a JOIN sessions s ON s.id = a.session_id "
        "WHERE s.cohort_id = ?", (cohort_id,))}

    columns = [Column(_("State")), Column(_("Organization")), Column(_("Name")), Column(_("Role"))]
    columns += [Column(f"{_us_date(s.date)} {s.title}", max_width=18) for s in held]
    columns += [Column(_("Present"), "integer"), Column(_("Recorded"), "integer"), Column(_("Rate"), "percent")]
    rows: list[list[object]] = []
    fills: dict[tuple[int, int], str] = {}
    team_totals: dict[str, list[int]] = {}
    for team in teams:
        totals = team_totals.setdefault(team.id, [0, 0])
        for leader in team_leaders(ws, team.id):
            row: list[object] = [team.state, team.organization, leader.name, leader.role]
            present = recorded = 0
            for s in held:
                if s.kind == "team" and s.team_id != team.id:
                    fills[(len(rows) + 2, len(row) + 1)] = NOT_EXPECTED_FILL
                    row.append(_("not expected"))
                    continue
                status = records.get((s.id, leader.person_id))
                row.append(i18n.label(ATTENDANCE, status) if status in ATTENDANCE else "")
                recorded += status is not None
                present += status == "present"
            row += [present, recorded, present / recorded if recorded else None]
            totals[0] += present
            totals[1] += recorded
            rows.append(row)
    add_sheet(book, _("Attendance"), columns, rows, fills=fills)

    counts = cohort_attendance(ws, cohort_id)
    states = {t.id: t.state for t in teams}
    session_rows = []
    for s in sessions:
        c = counts.get(s.id)
        session_rows.append([
            _date(s.date), _time(s.start_time), s.timezone, s.title,
            _("Cohort-wide") if s.kind == "cohort" else state_name(states.get(s.team_id or "", s.team_state or "")),
            i18n.label(SESSION_STATUSES, s.status), c.expected if c else None, c.present if c else None,
            c.recorded if c else None, c.rate if c else None])
    add_sheet(book, _("Sessions"), [
        Column(_("Date"), "date"), Column(_("Start"), "time"), Column(_("Time zone")), Column(_("Title"), "wrap"),
        Column(pgettext("the team a session is for", "For")), Column(_("Status")), Column(_("Expected"), "integer"),
        Column(_("Present"), "integer"), Column(_("Recorded"), "integer"), Column(_("Rate"), "percent"),
    ], session_rows)
    add_sheet(book, _("Teams"), [
        Column(_("State")), Column(_("Organization")), Column(_("Leaders"), "integer"), Column(_("Present"), "integer"),
        Column(_("Recorded"), "integer"), Column(_("Rate"), "percent"),
    ], [[t.state, t.organization, t.leader_count, team_totals[t.id][0], team_totals[t.id][1],
         team_totals[t.id][0] / team_totals[t.id][1] if team_totals[t.id][1] else None] for t in teams])
    return book_bytes(book)


def _us_date(iso: str) -> str:
    """"3/9/2027" (Spanish, day first: "9/3/2027")."""
    return formats.numeric_date(dt.date.fromisoformat(iso))


def export_attendance(ws: Workspace, cohort_id: str, out_path: Path | str, *, progress: Progress | None = None,
                      lang: str | None = None) -> Path:
    """Write a cohort's attendance as an .xlsx workbook in ``lang`` (default: the current language); returns
    the path."""
    from equitycohort.export.common import ExportError

    with i18n.use(lang):
        if Path(out_path).suffix.lower() != ".xlsx":
            raise ExportError(_("Attendance is exported as an Excel workbook: name the file .xlsx, not "
                                "{name}.").format(name=Path(out_path).name))
        notify(progress, 0, 1, _("Writing the attendance"))
        out = write_atomic(Path(out_path), attendance_workbook(ws, cohort_id))
        notify(progress, 1, 1, pgettext("the end of an export's progress", "Done"))
    return out


# --- the roster --------------------------------------------------------------------------

def roster_workbook(ws: Workspace, cohort_id: str, *, lang: str | None = None) -> bytes:
    """The roster as a workbook: the roster's columns, every cell text (phone numbers keep their form).

    The column names are the roster's file format, in English in every language (the import reads
    them, whatever the language of the app that reads the file); the sheet's name is in ``lang``."""
    from equitycohort.data.roster import COLUMNS, roster_rows

    with i18n.use(lang):
        cohort = cohort_record(ws, cohort_id)
        book = new_book(_("{cohort}: Roster").format(cohort=cohort.name), cohort.program_name)
        add_sheet(book, _("Roster"), [Column(c) for c in COLUMNS], roster_rows(ws, cohort_id))
        return book_bytes(book)


#: what each column of the roster takes, for the template's instructions (shown through ``_()``; the
#: column names themselves stay in English: they are the file's format)
ROSTER_HELP = (
    ("state", N_("Required. The state's two-letter code or its name (IA or Iowa); DC and the territories too.")),
    ("organization", N_("Required. The state organization taking part; the same on each of its leaders' rows.")),
    ("name", N_("Required. The leader's full name, as they write it (any script, accents kept).")),
    ("role", N_("Their role or title. Write Executive Director for the team's executive director (one per team).")),
    ("email", N_("Their e-mail address. It matches a person already in the workspace, so they are not added "
                 "twice.")),
    ("phone", N_("Any form: (515) 555-0123, 515.555.0123, +1 515 555 0123.")),
    ("preferred_language", N_("The language they prefer (English, Spanish …): a team's documents follow it.")),
    ("pronouns", N_("If they want them shown, e.g. she/her, they/them.")),
)


def roster_template(*, lang: str | None = None) -> bytes:
    """A blank roster for teams to fill in, its instructions in ``lang`` (default: the current language):
    the Roster sheet's columns (in English, the file's format; the state checked against the list of
    states as it is typed) and a sheet saying what each column takes."""
    with i18n.use(lang):
        return _roster_template()


def _roster_template() -> bytes:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from equitycohort.data.roster import COLUMNS
    from equitycohort.data.states import ALL_PLACES

    book = new_book(_("Roster template"), _("One row per team leader: three per state team"))
    sheet = add_sheet(book, _("Roster"), [Column(c, max_width=28) for c in COLUMNS], [])
    for c in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 22
    help_title = _("How to fill it in")
    help_sheet = book.create_sheet(help_title)
    help_sheet["A1"] = _("One row per team leader (a team is three leaders). Keep the column names in row 1.")
    help_sheet["A1"].font = Font(bold=True)
    for r, (column, text) in enumerate(ROSTER_HELP, start=3):
        _put_text(help_sheet.cell(row=r, column=1), column)
        help_sheet.cell(row=r, column=1).font = Font(bold=True)
        _put_text(help_sheet.cell(row=r, column=2), _(text))
        help_sheet.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    codes_row = len(ROSTER_HELP) + 4
    _put_text(help_sheet.cell(row=codes_row, column=1), _("State codes"))
    help_sheet.cell(row=codes_row, column=1).font = Font(bold=True)
    for r, (code, name) in enumerate(sorted(ALL_PLACES.items(), key=lambda kv: kv[1]), start=codes_row + 1):
        _put_text(help_sheet.cell(row=r, column=1), code)
        _put_text(help_sheet.cell(row=r, column=2), name)
    help_sheet.column_dimensions["A"].width = 22
    help_sheet.column_dimensions["B"].width = 90
    # a state typed as a code is checked as it is typed (a name is accepted by the import too, so only warn)
    quoted = help_title.replace("'", "''")
    codes = f"'{quoted}'!$A${codes_row + 1}:$A${codes_row + len(ALL_PLACES)}"
    check = DataValidation(type="list", formula1=codes, allow_blank=True, showErrorMessage=True,
                           errorStyle="warning", errorTitle=_("State"),
                           error=_("Type the state's two-letter code (IA) or its name (Iowa)."))
    sheet.add_data_validation(check)
    check.add("A2:A1000")
    return book_bytes(book)
