"""Rosters as spreadsheets really save them: each is imported right or refused with a
clear message, and no name the workspace holds is ever degraded.

The files are made byte for byte as the programs write them: Excel for Windows'
"CSV (Comma delimited)" (Windows-1252, "?" for every letter it lacks, CRLF), older
Excel for Mac's CSV (Mac Roman, CR line ends), Excel's "Unicode Text" (UTF-16 LE with
a byte-order mark, tabs), "CSV UTF-8" with semicolons (Excel in most of Europe and
Latin America), workbooks made with openpyxl, and two files LibreOffice saved
(tests/fixtures/rosters, see its README).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from equitycohort.data.roster import degraded_copy, import_roster, plan_import, read_roster
from equitycohort.data.spreadsheets import MAC_ROMAN, UTF16_LE, WINDOWS_1252, decode_text, oddities
from equitycohort.data.workspace import create_workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rosters"

HEADER = ["state", "organization", "name", "role", "email", "phone", "preferred_language", "pronouns"]
#: the roster as typed: Arabic, Chinese, Cyrillic, Vietnamese, Polish, Spanish names
PEOPLE = [
    ["IA", "Iowa Children First", "Amira Haddad (أميرة حداد)", "Executive Director", "amira@iowa.example.org",
     "515-555-0100", "Arabic", "she/her"],
    ["IA", "Iowa Children First", "Wei Zhang (张伟)", "Organizer", "wei@iowa.example.org", "", "Mandarin", ""],
    ["IA", "Iowa Children First", "José Ñúñez", "Policy Lead", "jose@iowa.example.org", "", "Spanish", "he/him"],
    ["MN", "Minnesota Kids Alliance", "Ольга Петрова", "Executive Director", "olga@mn.example.org", "",
     "Russian", ""],
    ["MN", "Minnesota Kids Alliance", "Nguyễn Thị Hương", "Research Manager", "huong@mn.example.org", "", "", ""],
    ["MN", "Minnesota Kids Alliance", "Łucja Żółkiewska", "Organizer", "lucja@mn.example.org", "", "Polish", ""],
]
NAMES = {row[4]: row[2] for row in PEOPLE}


def csv_text(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\r\n") -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue()


def excel_1252(rows: list[list[str]]) -> bytes:
    """Excel for Windows' "CSV (Comma delimited)": every letter Windows-1252 lacks becomes "?"."""
    return csv_text(rows).encode("cp1252", errors="replace")


def stored_names(ws) -> dict[str, str]:
    return {r["email"]: r["name"] for r in ws.rows("SELECT email, name FROM people WHERE email IS NOT NULL")}


@pytest.fixture
def new_cohort(ws, program):
    def make(name: str = "Cohort 1") -> str:
        return ws.insert("cohorts", {"program_id": program, "name": name, "start_date": "2026-01-13",
                                     "end_date": "2026-07-13"}).id
    return make


@pytest.fixture
def holding(ws, new_cohort):
    """A workspace that holds the roster in full (imported from "CSV UTF-8")."""
    cohort = new_cohort()
    plan = import_roster(ws, cohort, ("\ufeff" + csv_text([HEADER, *PEOPLE])).encode("utf-8"))
    assert plan.applied and stored_names(ws) == NAMES
    return cohort


# --- what each program writes -----------------------------------------------------------------

def test_excel_windows_1252_keeps_every_name_the_workspace_holds_and_says_why(ws, holding):
    rows = [[*row] for row in PEOPLE]
    for row in rows:
        row[5] = "515-555-0199"  # a real change in the same file
    # Excel's best fit writes some letters as look-alikes instead of "?"
    rows[5][2] = "Lucja Zólkiewska"
    data = excel_1252([HEADER, *rows])
    assert b"Amira Haddad (????? ????)" in data and b"Wei Zhang (??)" in data
    plan = import_roster(ws, holding, data)
    assert plan.ok and plan.applied, plan.report()
    assert stored_names(ws) == NAMES
    assert {r["phone"] for r in ws.rows("SELECT phone FROM people")} >= {"515-555-0199"}
    report = "\n".join(plan.report())
    assert "The file is in Windows-1252" in report
    assert ("line 2: IA Amira Haddad (أميرة حداد): update person matched by e-mail (phone); kept the name "
            "“Amira Haddad (أميرة حداد)”: the file has “Amira Haddad (????? ????)”; Windows-1252 cannot carry "
            "its Arabic letters") in report
    assert "Windows-1252 cannot carry its Chinese letters" in report
    assert "Windows-1252 cannot carry its Cyrillic letters" in report
    assert "kept the name “Łucja Żółkiewska”: the file has “Lucja Zólkiewska”" in report
    kept = {kept.stored for _, kept in plan.kept}
    assert kept == {NAMES[e] for e in NAMES if e != "jose@iowa.example.org"}
    assert "5 degraded values kept as the workspace has them" in report


def test_excel_windows_1252_with_lost_letters_and_no_full_copy_is_refused(ws, new_cohort):
    cohort = new_cohort()
    before = ws.count("people")
    plan = import_roster(ws, cohort, excel_1252([HEADER, *PEOPLE]))
    assert not plan.ok and not plan.applied
    report = "\n".join(plan.report())
    assert ("line 2: Name: “Amira Haddad (????? ????)” has “?” or “�” where Windows-1252 lost letters it "
            "cannot carry, and the workspace has no full copy to keep. Save the roster from the spreadsheet as "
            "“CSV UTF-8” (or as .xlsx) and import that file.") in report
    # José's line (4) is whole in Windows-1252; Łucja's (7) lost its Ł, Ż and ł
    assert {p.line for p in plan.problems} == {2, 3, 5, 6, 7}
    assert ws.count("people") == before and ws.count("teams") == 0


def test_a_question_mark_that_is_punctuation_is_kept(ws, new_cohort):
    cohort = new_cohort()
    data = excel_1252([HEADER, ["NE", "Who Cares? Nebraska", "Dana Lee", "", "dana@ne.example.org", "", "", ""]])
    plan = import_roster(ws, cohort, data)
    assert plan.applied and ws.scalar("SELECT organization FROM teams") == "Who Cares? Nebraska"


def test_mac_roman_from_older_excel_for_mac(ws, new_cohort):
    """Mac Roman, CR line ends: "José Ñúñez" must not become "JosŽ „œ–ez"."""
    cohort = new_cohort()
    rows = [HEADER, ["NM", "Nuevo México Unidos", "José Ñúñez", "Executive Director", "jose@nm.example.org",
                     "", "Español", ""],
            ["NM", "Nuevo México Unidos", "François Müller", "Organizer", "fm@nm.example.org", "", "", ""],
            ["NM", "Nuevo México Unidos", "Zoë O’Neil – “Zo”", "Organizer", "zoe@nm.example.org", "", "", ""]]
    data = csv_text(rows, newline="\r").encode("mac_roman")
    text, charset = decode_text(data)
    assert charset is MAC_ROMAN
    plan = import_roster(ws, cohort, data)
    assert plan.applied, plan.report()
    assert sorted(stored_names(ws).values()) == ["François Müller", "José Ñúñez", "Zoë O’Neil – “Zo”"]
    assert ws.scalar("SELECT organization FROM teams") == "Nuevo México Unidos"
    assert [r.row.line for r in plan.rows] == [2, 3, 4]
    assert any("Mac Roman" in note for note in plan.notes)


def test_excel_unicode_text_is_utf16_with_tabs(ws, new_cohort):
    cohort = new_cohort()
    data = b"\xff\xfe" + csv_text([HEADER, *PEOPLE], delimiter="\t").encode("utf-16-le")
    plan = import_roster(ws, cohort, data)
    assert plan.applied, plan.report()
    assert stored_names(ws) == NAMES
    assert "The file is UTF-16 text (Excel's “Unicode Text”)." in plan.notes
    assert "Columns are separated by tabs." in plan.notes
    assert read_roster(data).charset is UTF16_LE


def test_utf16_big_endian_and_without_a_mark(ws, new_cohort):
    text = csv_text([HEADER, *PEOPLE], delimiter="\t")
    for data in (b"\xfe\xff" + text.encode("utf-16-be"), text.encode("utf-16-le")):
        result = read_roster(data)
        assert not result.problems and {r.email: r.name for r in result.rows} == NAMES


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_semicolons_as_excel_saves_in_most_of_europe_and_latin_america(ws, new_cohort, encoding):
    cohort = new_cohort()
    rows = [HEADER, ["TX", "Texas Familias; Unidas", "Begoña Ibáñez", "Executive Director", "bego@tx.example.org",
                     "", "Español", "ella"],
            ["TX", "Texas Familias; Unidas", "Ana Pérez", "Organizer", "ana@tx.example.org", "", "", ""]]
    plan = import_roster(ws, cohort, csv_text(rows, delimiter=";").encode(encoding))
    assert plan.applied, plan.report()
    assert sorted(stored_names(ws).values()) == ["Ana Pérez", "Begoña Ibáñez"]
    assert ws.scalar("SELECT organization FROM teams") == "Texas Familias; Unidas"
    assert "Columns are separated by semicolons." in plan.notes


def test_excel_sep_line_names_the_delimiter(ws, new_cohort):
    cohort = new_cohort()
    data = ("sep=;\r\n" + csv_text([HEADER, PEOPLE[2]], delimiter=";")).encode("utf-8")
    plan = import_roster(ws, cohort, data)
    assert plan.applied and [r.row.line for r in plan.rows] == [3]


def test_six_columns_only_and_the_header_in_any_case_order_and_spacing(ws, holding):
    ws.update("people", ws.scalar("SELECT id FROM people WHERE email = 'wei@iowa.example.org'"),
              {"pronouns": "he/him"})
    header = ["  E-Mail ", "NAME", "State", "Organisation", "Phone Number", "role", "Shirt size"]
    rows = [[p[4], p[2], p[0], p[1], "515-555-0123", p[3], "M"] for p in PEOPLE[:3]]
    plan = import_roster(ws, holding, csv_text([header, *rows]).encode("utf-8"))
    assert plan.applied, plan.report()
    assert "Ignored the column Shirt size (not part of a roster)." in plan.notes
    assert ("The file has no preferred language, pronouns columns; what the workspace holds there stays "
            "as it is.") in plan.notes
    wei = ws.rows("SELECT * FROM people WHERE email = 'wei@iowa.example.org'")[0]
    assert (wei["phone"], wei["pronouns"], wei["preferred_language"]) == ("515-555-0123", "he/him", "Mandarin")


def test_first_and_last_name_columns_are_joined(ws, new_cohort):
    cohort = new_cohort()
    data = ("First Name,Last Name,State,Organization\r\nAna,Pérez,IA,Iowa Children First\r\n").encode()
    plan = import_roster(ws, cohort, data)
    assert plan.applied and ws.scalar("SELECT name FROM people") == "Ana Pérez"


def test_a_file_of_another_kind_names_what_the_roster_needs(ws, new_cohort):
    plan = import_roster(ws, new_cohort(), b"Date;Amount\n2026-01-01;12\n")
    message = str(plan.problems[0])
    assert message.startswith("line 1: The header lacks the columns state, organization, name.")
    assert "it reads “Date”, “Amount”" in message


# --- workbooks ------------------------------------------------------------------------------------

def openpyxl_workbook(rows: list[list], *, title_rows: int = 0, other_sheet_first: bool = False) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if other_sheet_first:
        sheet.title = "Instructions"
        sheet["A1"] = "Fill in the Roster sheet."
        sheet = book.create_sheet("Roster")
    else:
        sheet.title = "Roster"
    for n in range(title_rows):
        sheet.append([f"Iowa roster, version {n + 1}"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_made_with_openpyxl(ws, new_cohort, tmp_path):
    cohort = new_cohort()
    rows = [HEADER, *[[*p[:5], 5155550100 + i if i < 2 else p[5], *p[6:]] for i, p in enumerate(PEOPLE)]]
    path = tmp_path / "roster.xlsx"
    path.write_bytes(openpyxl_workbook(rows, title_rows=1, other_sheet_first=True))
    plan = import_roster(ws, cohort, path)
    assert plan.applied, plan.report()
    assert stored_names(ws) == NAMES
    assert ws.scalar("SELECT phone FROM people WHERE email = 'amira@iowa.example.org'") == "5155550100"
    assert "Read the sheet “Roster” of the workbook." in plan.notes
    assert "Skipped one row above the header (row 2)." in plan.notes
    assert [r.row.line for r in plan.rows] == list(range(3, 9))
    assert plan.report()[-1].startswith("6 rows imported")


def test_xlsx_saved_by_libreoffice(ws, new_cohort):
    cohort = new_cohort()
    plan = import_roster(ws, cohort, FIXTURES / "libreoffice.xlsx")
    assert plan.applied, plan.report()
    assert stored_names(ws) == {
        "amira@iowa.example.org": "Amira Haddad (أميرة حداد)", "jose@iowa.example.org": "José Ñúñez",
        "wei@iowa.example.org": "Wei Zhang (张伟)", "olga@mn.example.org": "Ольга Петрова",
        "zoe@mn.example.org": "Zoë O’Neil"}
    phones = dict(ws.query("SELECT email, phone FROM people"))
    assert phones["amira@iowa.example.org"] == "5155550100" and phones["olga@mn.example.org"] == "+1 612 555 0199"
    assert "Ignored the column Notes (not part of a roster)." in plan.notes
    assert [t.describe() for t in plan.teams] == [
        "Iowa (IA), Iowa Children First (new team): three leaders, one executive director (Amira Haddad "
        "(أميرة حداد)).",
        "Minnesota (MN), Minnesota Kids Alliance (new team): two leaders, one executive director (Ольга "
        "Петрова) ⚠ the program asks for a team of three."]


def test_libreoffice_windows_1252_csv_never_degrades_a_stored_name(ws, new_cohort):
    """LibreOffice writes control bytes and garbage for letters Windows-1252 lacks (see the fixture's README)."""
    cohort = new_cohort()
    import_roster(ws, cohort, FIXTURES / "libreoffice.xlsx")
    names = stored_names(ws)
    plan = import_roster(ws, cohort, FIXTURES / "libreoffice-windows-1252.csv")
    assert plan.ok and plan.charset is WINDOWS_1252, plan.report()
    assert stored_names(ws) == names
    kept = {kept.stored for _, kept in plan.kept}
    assert kept == {"Amira Haddad (أميرة حداد)", "Wei Zhang (张伟)", "Ольга Петрова", "Zoë O’Neil"}
    assert "kept the name “Zoë O’Neil”: the file has “Zoë O�Neil”; letters were lost on the way to the file" \
        in "\n".join(plan.report())


def test_libreoffice_windows_1252_csv_into_a_new_workspace_is_refused(tmp_path):
    with create_workspace(tmp_path / "fresh.ecw", with_framework=False) as fresh:
        program = fresh.insert("programs", {"name": "P"}).id
        cohort = fresh.insert("cohorts", {"program_id": program, "name": "C", "start_date": "2026-01-13",
                                          "end_date": "2026-07-13"}).id
        plan = import_roster(fresh, cohort, FIXTURES / "libreoffice-windows-1252.csv")
        assert not plan.ok and fresh.count("people") == 0
        lines = {p.line for p in plan.problems}
        assert lines == {4, 5, 6}  # Wei, Olga and Zoë carry lost letters
        assert "line 4: Name: “Wei Zhang ( �)” has “?” or “�”" in "\n".join(plan.report())


# --- refused files ---------------------------------------------------------------------------------

def _damaged_xlsx() -> bytes:
    data = openpyxl_workbook([HEADER, PEOPLE[0]])
    return data[: len(data) // 2]


def _ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel 97–2003 workbook (.xls)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "This is a PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a text file or a spreadsheet"),
    (_damaged_xlsx(), "save it again as .xlsx"),
    (_ods(), "OpenDocument spreadsheet (.ods)"),
    (b"\xef\xbb\xbfstate,organization,name\nIA,Org,Ana \xff\n", "is not UTF-8 with a byte-order mark"),
])
def test_files_that_cannot_be_read_are_refused_clearly_and_change_nothing(ws, new_cohort, tmp_path, data,
                                                                         message):
    cohort = new_cohort()
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    undo = ws.undo_label
    plan = import_roster(ws, cohort, path)
    assert not plan.ok
    assert message in str(plan.problems[0])
    assert ws.count("teams") == 0 and ws.undo_label == undo
    assert path.read_bytes() == data


# --- telling the 8-bit sets apart on short files -------------------------------------------------------

@pytest.mark.parametrize("name", [
    "José Ñúñez", "José Núñez", "JOSÉ NÚÑEZ", "François Müller", "Zoë O’Neil", "Begoña", "Chloé", "Ana Pérez",
    "São Paulo", "Ærøskøbing", "naïve café", "García, María", "Rodríguez Martín", "Smith – Jones",
    "Renée “Ray” Dubois", "Iñupiat Community", "50° North", "Children’s Defense Fund", "Hawai’i Appleseed",
])
@pytest.mark.parametrize("codec", ["cp1252", "mac_roman"])
def test_short_files_in_either_8_bit_set_read_right(name, codec):
    data = csv_text([["state", "organization", "name"], ["IA", "Org", name]]).encode(codec)
    text, charset = decode_text(data)
    assert text == csv_text([["state", "organization", "name"], ["IA", "Org", name]])
    assert charset.codec == codec


def test_wrong_readings_look_odd_and_right_ones_do_not():
    assert oddities("JosŽ „œ–ez") >= 2 and oddities("José Ñúñez") == 0
    assert oddities("MÈxico") == 1 and oddities("México") == 0
    assert oddities("Garc’a") == 1 and oddities("O’Neil") == oddities("Children’s") == 0


@pytest.mark.parametrize("stored, value, charset, degraded", [
    ("Amira Haddad (أميرة حداد)", "Amira Haddad (????? ????)", WINDOWS_1252, True),
    ("Łucja Żółkiewska", "Lucja Zólkiewska", WINDOWS_1252, True),
    ("Sam 🎉 Rivera", "Sam ?? Rivera", WINDOWS_1252, True),
    ("Amira Haddad (أميرة حداد)", "Amira Haddad", WINDOWS_1252, False),  # a real change
    ("Amira Haddad (أميرة حداد)", "Amira Haddad (????? ????)", None, True),  # "?" from an earlier trip
    ("José Núñez", "Jos? N??ez", None, True),
    ("José Núñez", "Jose Nunez", None, False),  # someone typed it without accents: their choice
    ("José Núñez", "Jose Nunez", WINDOWS_1252, False),  # Windows-1252 has these letters
    ("Ana Pérez", "Ana Perez-Lopez", WINDOWS_1252, False),
])
def test_degraded_copy(stored, value, charset, degraded):
    assert degraded_copy(stored, value, charset) is degraded


def test_a_long_name_of_lost_letters_is_matched_at_once():
    stored = "أ" * 200 + " 🎉" * 40
    assert degraded_copy(stored, "?" * 200 + " ??" * 40, WINDOWS_1252)
    assert not degraded_copy(stored, "?" * 199 + "x" + " ??" * 39 + " ???", WINDOWS_1252)


def test_plan_says_what_each_team_looks_like_afterwards(ws, holding):
    rows = [HEADER,
            ["IA", "Iowa Children First", "Nia Brown", "Executive Director", "nia@iowa.example.org", "", "", ""]]
    plan = plan_import(ws, holding, csv_text(rows).encode("utf-8"))
    assert [t.describe() for t in plan.teams] == [
        "Iowa (IA), Iowa Children First: four leaders, two executive directors (Amira Haddad (أميرة حداد), "
        "Nia Brown) ⚠ the program asks for a team of three; a team has one executive director."]
    assert "Teams afterwards, if imported:" in plan.report()
    assert ws.scalar("SELECT count(*) FROM people WHERE name = 'Nia Brown'") == 0
