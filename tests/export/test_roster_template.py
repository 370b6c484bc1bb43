"""The blank roster template: filled in the way a team would, in Excel, it imports cleanly."""

from __future__ import annotations

from openpyxl import load_workbook

from equitycohort.data.roster import COLUMNS, apply_import, plan_import
from equitycohort.export import export_roster_template


def test_the_template_has_the_roster_s_columns_and_says_how_to_fill_it_in(tmp_path):
    path = export_roster_template(tmp_path / "template.xlsx")
    book = load_workbook(path)
    roster, help_sheet = book["Roster"], book["How to fill it in"]
    assert tuple(c.value for c in roster[1]) == COLUMNS and roster.max_row == 1
    assert roster.freeze_panes == "A2"
    described = [help_sheet.cell(row=r, column=1).value for r in range(3, 3 + len(COLUMNS))]
    assert described == list(COLUMNS)
    assert "Executive Director" in help_sheet["B6"].value
    codes = {help_sheet.cell(row=r, column=1).value for r in range(1, help_sheet.max_row + 1)}
    assert {"IA", "DC", "PR", "GU"} <= codes
    [check] = roster.data_validations.dataValidation
    assert check.type == "list" and str(check.sqref) == "A2:A1000" and check.errorStyle == "warning"


def test_a_filled_in_template_imports_every_leader(ws, cohort, tmp_path):
    path = export_roster_template(tmp_path / "template.xlsx")
    book = load_workbook(path)
    sheet = book["Roster"]
    for row in (("NM", "Nuevo México Kids", "Ana Ruiz", "Executive Director", "ana@example.org", "(505) 555-0100",
                 "Spanish", "she/her"),
                ("New Mexico", "Nuevo México Kids", "Lê Văn Thành", "Policy Lead", "", "", "", ""),
                ("nm", "Nuevo México Kids", "Sam O'Neil", "Organizer", "sam@example.org", "", "", "")):
        sheet.append(row)
    book.save(path)  # as a team saves it
    plan = plan_import(ws, cohort, path)
    assert plan.ok, plan.problems
    apply_import(ws, plan)
    assert ws.count("teams") == 1 and ws.count("team_members") == 3


def test_the_csv_template_is_the_header_alone(tmp_path):
    path = export_roster_template(tmp_path / "template.csv")
    assert path.read_bytes().decode("utf-8-sig") == ",".join(COLUMNS) + "\r\n"
