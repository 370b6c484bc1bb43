"""Editable workbooks (workplan, attendance, roster) read back with openpyxl, and with
LibreOffice where it is installed; the roster CSV safe from formula injection."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from equitycohort.data.roster import COLUMNS, import_roster, neutralize, roster_csv
from equitycohort.export import export_attendance, export_roster, export_workplan_xlsx
from equitycohort.export.common import ExportError
from equitycohort.export.xlsx import attendance_workbook, roster_workbook, workplan_workbook
from tests.export.conftest import TODAY


def load(data: bytes | Path):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)


def table(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def check_is_a_table(sheet) -> None:
    """One real header row, frozen and filtered, every column wide enough for its header."""
    from openpyxl.utils import get_column_letter

    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert all(isinstance(h, str) and h for h in header)
    assert all(c.font.b for c in sheet[1])
    if sheet.max_row > 1:
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}{sheet.max_row}"
    for n, title in enumerate(header, start=1):
        width = sheet.column_dimensions[get_column_letter(n)].width
        assert width >= min(len(max(title.split(), key=len)), 18), title


# --- workplan ----------------------------------------------------------------------------------

def test_workplan_workbook_has_the_teams_plan_as_typed_values(ws, built):
    book = load(workplan_workbook(ws, built.teams["IA"], today=TODAY))
    assert book.sheetnames == ["Goals", "Actions", "Milestones", "Team", "About"]
    for sheet in book.worksheets:
        check_is_a_table(sheet)
    goals = table(book["Goals"])
    assert goals[0] == ["Goal #", "Goal", "Description", "Indicator", "Unit", "Baseline", "Target",
                        "Current value", "Progress", "Actions", "Actions done"]
    assert goals[1] == [1, "Expand child care subsidies", None, "Families enrolled", "families", 1200, 2000, 1600,
                        0.5, 2, 1]
    assert goals[2][:2] == [2, "Equity screen for every bill"] and goals[2][8] == pytest.approx(0.5)
    assert book["Goals"]["I2"].number_format == "0%"

    actions = table(book["Actions"])
    assert actions[0] == ["Goal #", "Goal", "Action", "Owner", "Start date", "Due date", "Status", "Overdue",
                          "Support needed", "Partner"]
    brief = next(r for r in actions if r[2] == "Publish the subsidy brief")
    assert brief[5] == dt.datetime(2026, 4, 15) and brief[6] == "In progress" and brief[7] is None
    screen = next(r for r in actions if r[2] == "Draft the equity screen")
    assert (screen[0], screen[6], screen[7]) == (2, "Blocked", "Yes")  # due March 1, today is March 3
    due = next(c for c in book["Actions"]["F"] if c.row > 1 and c.value is not None)
    assert due.is_date and due.number_format == "m/d/yyyy"

    milestones = table(book["Milestones"])
    assert ["Expand child care subsidies milestone", 1, "Expand child care subsidies",
            dt.datetime(2026, 5, 1), None, "Upcoming"] in milestones[1:]
    leaders = [r[0] for r in table(book["Team"])[1:]]
    assert leaders[0] == "Ben Okafor" and "Ana Pérez" in leaders and len(leaders) == 3 + 8
    about = dict(r for r in table(book["About"])[1:])
    assert about["Team"] == "Iowa Children First, Iowa (IA)" and about["Exported"] == dt.datetime(2026, 3, 3)
    assert book.properties.title == "Iowa Children First (IA): Workplan"


def test_workplan_workbook_holds_nothing_of_another_team(ws, built):
    data = workplan_workbook(ws, built.teams["IA"], today=TODAY)
    book = load(data)
    text = " ".join(str(v) for sheet in book.worksheets for row in table(sheet) for v in row if v is not None)
    for other in ("Minnesota", "Dana Whitfield", "Secret Minnesota paid leave goal", "WI goal"):
        assert other not in text


def test_text_that_looks_like_a_formula_stays_text(ws, built):
    goal = ws.rows("SELECT id FROM goals WHERE title = 'Expand child care subsidies'")[0]["id"]
    ws.update("goals", goal, {"title": '=HYPERLINK("http://evil.example","Click")', "indicator": "+1 families",
                              "unit": "@home"})
    book = load(workplan_workbook(ws, built.teams["IA"], today=TODAY))
    cell = book["Goals"]["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil.example","Click")'
    assert cell.quotePrefix
    assert book["Goals"]["D2"].value == "+1 families" and book["Goals"]["E2"].value == "@home"
    assert book["Actions"]["B2"].data_type == "s"


def test_export_workplan_xlsx_writes_the_file(ws, built, tmp_path):
    out = export_workplan_xlsx(ws, built.teams["MN"], tmp_path / "out" / "mn.xlsx", today=TODAY)
    assert out.name == "mn.xlsx" and [p.name for p in out.parent.iterdir()] == ["mn.xlsx"]
    assert table(load(out)["Goals"])[1][1] == "Secret Minnesota paid leave goal"


# --- attendance -------------------------------------------------------------------------------

def test_attendance_grid_of_every_leader_by_session_with_rates(ws, built):
    book = load(attendance_workbook(ws, built.cohort))
    assert book.sheetnames == ["Attendance", "Sessions", "Teams"]
    for sheet in book.worksheets:
        check_is_a_table(sheet)
    grid = table(book["Attendance"])
    header = grid[0]
    # the cancelled workshop is not a column; the two one-to-one calls are
    assert header[:4] == ["State", "Organization", "Name", "Role"]
    assert header[4:-3] == ["1/20/2026 Kickoff", "2/17/2026 Data for equity", "4/21/2026 Spring convening",
                            "5/5/2026 Iowa support call", "5/6/2026 Minnesota support call"]
    assert header[-3:] == ["Present", "Recorded", "Rate"]
    rows = {r[2]: r for r in grid[1:]}
    assert len(rows) == 11 + 3 + 3 + 3
    ana, chloe, dana = rows["Ana Pérez"], rows["Chloé Martin"], rows["Dana Whitfield"]
    assert ana[:4] == ["IA", "Iowa Children First", "Ana Pérez", "Policy Director"]
    assert ana[4:9] == ["Present", "Present", None, None, "not expected"]
    assert ana[-3:] == [2, 2, 1]
    assert chloe[4:6] == ["Absent", "Absent"] and chloe[-3:] == [0, 2, 0]
    assert dana[7:9] == ["not expected", None]  # Iowa's call is not Minnesota's
    rate = book["Attendance"].cell(row=1 + 1 + list(rows).index("Ana Pérez"), column=len(header))
    assert rate.number_format == "0%"

    sessions = table(book["Sessions"])
    assert sessions[0] == ["Date", "Start", "Time zone", "Title", "For", "Status", "Expected", "Present",
                           "Recorded", "Rate"]
    kickoff = sessions[1]
    assert kickoff[0] == dt.datetime(2026, 1, 20) and kickoff[1] == dt.time(13, 0)
    assert kickoff[2:6] == ["America/Chicago", "Kickoff", "Cohort-wide", "Held"]
    assert kickoff[6:9] == [20, 19, 20] and kickoff[9] == pytest.approx(0.95)
    assert book["Sessions"]["A2"].number_format == "m/d/yyyy"
    assert book["Sessions"]["B2"].number_format == "h:mm AM/PM"
    assert [r[5] for r in sessions[1:]].count("Cancelled") == 1
    assert next(r for r in sessions if r[3] == "Iowa support call")[4] == "Iowa"
    teams = {r[0]: r for r in table(book["Teams"])[1:]}
    assert teams["IA"][2:] == [11, 20, 22, pytest.approx(20 / 22)]  # Chloé missed both held sessions


def test_attendance_is_a_workbook_only(ws, built, tmp_path):
    with pytest.raises(ExportError, match="name the file .xlsx"):
        export_attendance(ws, built.cohort, tmp_path / "attendance.csv")
    assert not (tmp_path / "attendance.csv").exists()
    out = export_attendance(ws, built.cohort, tmp_path / "attendance.XLSX")
    assert load(out).sheetnames[0] == "Attendance"


# --- roster ------------------------------------------------------------------------------------

def test_roster_csv_neutralizes_cells_a_spreadsheet_would_run(ws, built, tmp_path):
    person = built.people["Ana Pérez"]
    ws.update("people", person, {"name": '=HYPERLINK("http://evil.example","Click")', "phone": "+1 515 555 0100",
                                 "pronouns": "@she", "preferred_language": "-"})
    rows = list(csv.reader(io.StringIO(roster_csv(ws, built.cohort).decode("utf-8-sig"))))
    ana = next(r for r in rows if "HYPERLINK" in r[2])
    assert ana[2] == '\'=HYPERLINK("http://evil.example","Click")'
    assert (ana[5], ana[6], ana[7]) == ("'+1 515 555 0100", "'-", "'@she")
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    # importing the file back takes the quotes off again: nothing changes
    out = export_roster(ws, built.cohort, tmp_path / "roster.csv")
    plan = import_roster(ws, built.cohort, out, dry_run=True)
    assert plan.ok and {a for r in plan.rows for a in r.actions} == {"unchanged"}


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2", "'-2"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Ana", "Ana"), ("", ""), ("a=b", "a=b"),
])
def test_neutralize(cell, expected):
    assert neutralize(cell) == expected


def test_roster_workbook_round_trips_and_keeps_every_cell_text(ws, built, program, tmp_path):
    ws.update("people", built.people["Ana Pérez"], {"phone": "+1 515 555 0100"})
    out = export_roster(ws, built.cohort, tmp_path / "roster.xlsx")
    book = load(out)
    sheet = book["Roster"]
    check_is_a_table(sheet)
    rows = table(sheet)
    assert tuple(rows[0]) == COLUMNS
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None)
    assert next(r for r in rows if r[2] == "Ana Pérez")[5] == "+1 515 555 0100"
    assert {r[2] for r in rows[1:]} >= {"محمد عبد الله", "Sam 🎉 Rivera 😀", "<b>Bold</b> Baker"}
    # the workbook imports into an empty cohort as the same roster
    empty = ws.insert("cohorts", {"program_id": program, "name": "Cohort 2", "start_date": "2026-09-01",
                                  "end_date": "2027-03-01"}).id
    assert import_roster(ws, empty, out).applied
    assert table(load(roster_workbook(ws, empty))["Roster"])[1:] == rows[1:]


def test_roster_files_are_readable_by_their_owner_only(ws, built, tmp_path):
    import os
    import stat

    if os.name != "posix":
        pytest.skip("file modes exist on POSIX systems only")
    for name in ("roster.csv", "roster.xlsx"):
        out = export_roster(ws, built.cohort, tmp_path / name)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600, name


# --- as LibreOffice reads them (where it is installed; CI does not need it) -------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_workbooks(ws, built, tmp_path):
    export_roster(ws, built.cohort, tmp_path / "roster.xlsx")
    export_attendance(ws, built.cohort, tmp_path / "attendance.xlsx")
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path / "csv"),
         str(tmp_path / "roster.xlsx"), str(tmp_path / "attendance.xlsx")],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    roster = list(csv.reader(io.StringIO((tmp_path / "csv" / "roster.csv").read_text(encoding="utf-8"))))
    assert tuple(roster[0]) == COLUMNS
    assert sorted(r[2] for r in roster[1:]) == sorted(r[2] for r in table(load(tmp_path / "roster.xlsx")["Roster"])[1:])
    attendance = list(csv.reader(io.StringIO((tmp_path / "csv" / "attendance.csv").read_text(encoding="utf-8"))))
    chloe = next(r for r in attendance if r[2] == "Chloé Martin")
    assert chloe[4:6] == ["Absent", "Absent"] and chloe[-1] == "0%"
    ana = next(r for r in attendance if r[2] == "Ana Pérez")
    assert ana[-1] == "100%"
