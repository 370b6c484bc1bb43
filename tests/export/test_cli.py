"""The export, import and list commands: exit codes, output, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from equitycohort import cli
from equitycohort.data.roster import COLUMNS
from equitycohort.data.workspace import create_workspace, open_read_only
from tests.export.builders import build_cohort
from tests.export.conftest import pdf_pages, pdf_text


@pytest.fixture
def path(tmp_path) -> Path:
    """A closed workspace with two cohorts that both have an Iowa team."""
    file = tmp_path / "cli.ecw"
    ws = create_workspace(file)
    first = build_cohort(ws, cohort_name="Cohort 1")
    build_cohort(ws, cohort_name="Cohort 2", start="2026-09-01", end="2027-03-01", framework=first.framework)
    ws.checkpoint()
    ws.close()
    return file


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def ids(capsys, what, path, *extra) -> dict[str, str]:
    code, out, _ = run(capsys, "list", what, path, *extra)
    assert code == 0
    return {line.split("\t")[1]: line.split("\t")[0] for line in out.splitlines()}


def test_list_commands(capsys, path):
    cohorts = ids(capsys, "cohorts", path)
    assert list(cohorts) == ["Cohort 1 (Operationalizing Equity)", "Cohort 2 (Operationalizing Equity)"]
    teams = ids(capsys, "teams", path, "--cohort", "Cohort 1")
    assert list(teams) == ["Iowa: Iowa Children First", "Minnesota: Minnesota Kids Alliance"]
    code, out, _ = run(capsys, "list", "teams", path)
    assert code == 0 and len(out.splitlines()) == 4
    sessions = ids(capsys, "sessions", path, "--cohort", "Cohort 2")
    assert "2026-01-20 13:00 Kickoff" in sessions and len(sessions) == 6


def test_export_each_kind(capsys, path, tmp_path):
    session = ids(capsys, "sessions", path, "--cohort", "Cohort 1")["2026-01-20 13:00 Kickoff"]
    cases = [
        ("workplan", ["--team", "IA", "--cohort", "Cohort 1", "--page-size", "a4"], "w.pdf", "Workplan"),
        ("cohort", ["--cohort", "Cohort 1"], "c.pdf", "Cohort summary"),
        ("session", ["--session", session], "s.pdf", "Sign-in"),
        ("checkins", ["--team", "Minnesota", "--cohort", "Cohort 1"], "h.pdf", "Minnesota shared summary"),
    ]
    for kind, extra, name, expected in cases:
        out_file = tmp_path / name
        code, out, err = run(capsys, "export", kind, path, *extra, "--out", out_file)
        assert (code, err) == (0, ""), (kind, err)
        assert out.strip() == str(out_file)
        assert expected in pdf_text(out_file)
    assert pdf_pages(tmp_path / "w.pdf")[0] == pytest.approx((595.28, 841.89), abs=0.5)
    assert "PRIVATE" not in pdf_text(tmp_path / "h.pdf")
    code, _, _ = run(capsys, "export", "checkins", path, "--team", "MN", "--cohort", "Cohort 1", "--internal",
                     "--out", tmp_path / "hi.pdf")
    assert code == 0 and "PRIVATE Minnesota note" in pdf_text(tmp_path / "hi.pdf")
    code, out, _ = run(capsys, "export", "calendar", path, "--cohort", "Cohort 1", "--out", tmp_path / "c.ics")
    assert code == 0 and (tmp_path / "c.ics").read_bytes().count(b"BEGIN:VEVENT") == 6
    code, out, _ = run(capsys, "export", "roster", path, "--cohort", "Cohort 1", "--out", tmp_path / "r.csv")
    assert code == 0 and (tmp_path / "r.csv").read_text("utf-8-sig").startswith(",".join(COLUMNS))
    code, out, _ = run(capsys, "export", "packets", path, "--cohort", "Cohort 1", "--out", tmp_path / "p")
    assert code == 0 and len(out.splitlines()) == 1 + 3 * 2
    assert (tmp_path / "p" / "IA - Iowa Children First" / "IA - Workplan.pdf").is_file()


def test_unknown_and_ambiguous_names_fail_clearly(capsys, path, tmp_path):
    out_file = tmp_path / "x.pdf"
    code, out, err = run(capsys, "export", "workplan", path, "--team", "Texas", "--out", out_file)
    assert code == 1 and out == ""
    assert "no team matches 'Texas'" in err and "Iowa: Iowa Children First" in err
    assert "Traceback" not in err
    # Iowa has a team in both cohorts: ambiguous without --cohort
    code, _, err = run(capsys, "export", "workplan", path, "--team", "IA", "--out", out_file)
    assert code == 1 and "matches 2 teams" in err and "--cohort" in err
    code, _, err = run(capsys, "export", "cohort", path, "--cohort", "Cohort 9", "--out", out_file)
    assert code == 1 and "no cohort matches 'Cohort 9'" in err and "Cohort 1" in err
    code, _, err = run(capsys, "export", "session", path, "--session", "nope", "--out", out_file)
    assert code == 1 and "no session has the id 'nope'" in err
    code, _, err = run(capsys, "export", "workplan", tmp_path / "missing.ecw", "--team", "IA", "--out", out_file)
    assert code == 2 and err.startswith("equitycohort: ")
    assert not out_file.exists()


def test_import_roster_dry_run_then_for_real(capsys, path, tmp_path):
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(",".join(COLUMNS) + "\nNE,Nebraska Appleseed,Nia Brown,Executive Director,"
                        "nia@ne.example.org,,,\n", encoding="utf-8")
    code, out, err = run(capsys, "import", "roster", path, "--cohort", "Cohort 1", csv_file, "--dry-run")
    assert code == 0 and "line 2: NE Nia Brown: create team, create person" in out
    assert "would import" in out
    with open_read_only(path) as ws:
        assert ws.scalar("SELECT count(*) FROM teams WHERE state = 'NE'") == 0
    code, out, err = run(capsys, "import", "roster", path, "--cohort", "Cohort 1", csv_file)
    assert code == 0 and "1 row imported" in out
    with open_read_only(path) as ws:
        assert ws.scalar("SELECT count(*) FROM teams WHERE state = 'NE'") == 1


def test_import_roster_with_a_bad_row_fails_naming_the_line(capsys, path, tmp_path):
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(",".join(COLUMNS) + "\nNE,Nebraska Appleseed,Nia Brown,,,,,\nXX,Nowhere,Bad,,,,,\n",
                        encoding="utf-8")
    code, out, err = run(capsys, "import", "roster", path, "--cohort", "Cohort 1", csv_file)
    assert code == 1 and out == ""
    assert "line 3: State: 'XX'" in err and "nothing was imported" in err
    with open_read_only(path) as ws:
        assert ws.scalar("SELECT count(*) FROM people WHERE name = 'Nia Brown'") == 0


def test_editable_workbooks_chosen_by_the_out_files_extension(capsys, path, tmp_path):
    from openpyxl import load_workbook

    code, out, err = run(capsys, "export", "workplan", path, "--team", "IA", "--cohort", "Cohort 1",
                         "--out", tmp_path / "iowa.xlsx")
    assert (code, err) == (0, "") and out.strip() == str(tmp_path / "iowa.xlsx")
    assert load_workbook(tmp_path / "iowa.xlsx").sheetnames[:3] == ["Goals", "Actions", "Milestones"]
    code, out, err = run(capsys, "export", "attendance", path, "--cohort", "Cohort 1", "--out", tmp_path / "a.xlsx")
    assert (code, err) == (0, "")
    assert load_workbook(tmp_path / "a.xlsx")["Attendance"]["C1"].value == "Name"
    code, out, err = run(capsys, "export", "roster", path, "--cohort", "Cohort 1", "--out", tmp_path / "r.xlsx")
    assert (code, err) == (0, "")
    assert tuple(c.value for c in load_workbook(tmp_path / "r.xlsx")["Roster"][1]) == COLUMNS
    code, out, err = run(capsys, "export", "attendance", path, "--cohort", "Cohort 1", "--out", tmp_path / "a.csv")
    assert code == 1 and "name the file .xlsx" in err and not (tmp_path / "a.csv").exists()


def test_calendar_of_one_team(capsys, path, tmp_path):
    code, out, err = run(capsys, "export", "calendar", path, "--cohort", "Cohort 1", "--team", "MN",
                         "--out", tmp_path / "mn.ics")
    assert (code, err) == (0, "")
    data = (tmp_path / "mn.ics").read_bytes()
    assert data.count(b"BEGIN:VEVENT") == 5 and b"Iowa support call" not in data
    code, out, err = run(capsys, "export", "calendar", path, "--cohort", "Cohort 1", "--team", "Texas",
                         "--out", tmp_path / "tx.ics")
    assert code == 1 and "no team matches 'Texas'" in err


def test_import_roster_reads_what_spreadsheets_write(capsys, path, tmp_path):
    header = "\t".join(["Name", "E-mail", "State", "Organization", "Role"])
    unicode_text = tmp_path / "roster.txt"  # Excel's "Unicode Text"
    unicode_text.write_bytes(b"\xff\xfe" + (header + "\r\nAmira Haddad (أميرة حداد)\tamira@ne.example.org\tNE\t"
                                            "Nebraska Appleseed\tExecutive Director\r\n").encode("utf-16-le"))
    code, out, err = run(capsys, "import", "roster", path, "--cohort", "Cohort 1", unicode_text)
    assert (code, err) == (0, ""), err
    assert "The file is UTF-16 text" in out and "1 row imported" in out
    # then Excel's "CSV (Comma delimited)" of the same roster, with the phone filled in
    excel_csv = tmp_path / "roster.csv"
    excel_csv.write_bytes("Name,E-mail,State,Organization,Role,Phone\r\nAmira Haddad (أميرة حداد),"
                          "amira@ne.example.org,NE,Nebraska Appleseed,Executive Director,402-555-0100\r\n"
                          .encode("cp1252", errors="replace"))
    code, out, err = run(capsys, "import", "roster", path, "--cohort", "Cohort 1", excel_csv, "--dry-run")
    assert code == 0 and "kept the name “Amira Haddad (أميرة حداد)”" in out
    assert "Teams afterwards, if imported:" in out and "Nebraska (NE), Nebraska Appleseed: one leader" in out
    code, out, err = run(capsys, "import", "roster", path, "--cohort", "Cohort 1", excel_csv)
    assert code == 0
    with open_read_only(path) as ws:
        amira = ws.rows("SELECT name, phone FROM people WHERE email = 'amira@ne.example.org'")[0]
    assert amira == {"name": "Amira Haddad (أميرة حداد)", "phone": "402-555-0100"}
