"""The .ics calendar, the roster CSV both ways, and batch packets."""

from __future__ import annotations

import csv
import io

import pytest

from equitycohort.data.roster import COLUMNS, import_roster, plan_import, roster_csv
from equitycohort.export import export_calendar, export_packets, export_roster, safe_name
from equitycohort.export.calendar import session_uid
from tests.export.builders import TRICKY_NAMES, build_cohort
from tests.export.conftest import TODAY, pdf_text


def test_calendar_has_one_event_per_session_with_real_time_zones(ws, built, tmp_path):
    from icalendar import Calendar

    out = export_calendar(ws, built.cohort, tmp_path / "cohort.ics")
    cal = Calendar.from_ical(out.read_bytes())
    assert str(cal["METHOD"]) == "PUBLISH" and "Equity Cohort" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    assert len(events) == len(built.sessions)
    assert {str(e["UID"]) for e in events} == {session_uid(s) for s in built.sessions}
    for event in events:
        assert event["DTSTART"].params["TZID"] == "America/Chicago"
        assert event["DTEND"].params["TZID"] == "America/Chicago"
        assert event.decoded("DTSTART").tzinfo is not None
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Chicago"]
    by_uid = {str(e["UID"]): e for e in events}
    assert str(by_uid[session_uid(built.cancelled)]["STATUS"]) == "CANCELLED"
    assert {str(e["STATUS"]) for e in events} == {"CANCELLED", "CONFIRMED"}
    kickoff = by_uid[session_uid(built.sessions[0])]
    assert str(kickoff["SUMMARY"]) == "Kickoff"
    assert str(kickoff["LOCATION"]) == "Des Moines Public Library, Room 2"
    assert "Work on kickoff" in str(kickoff["DESCRIPTION"])
    assert kickoff.decoded("DTSTART").hour == 13
    virtual = by_uid[session_uid(built.sessions[1])]
    assert str(virtual["URL"]) == "https://meet.example.org/equity"
    # the same session keeps its UID in a later export
    again = Calendar.from_ical(export_calendar(ws, built.cohort, tmp_path / "again.ics").read_bytes())
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(by_uid)


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_roster_export_has_the_columns_and_names_as_typed(ws, built, tmp_path):
    out = export_roster(ws, built.cohort, tmp_path / "roster.csv")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    rows = _csv_rows(data)
    assert tuple(rows[0]) == COLUMNS
    names = [r[2] for r in rows[1:]]
    for name in TRICKY_NAMES:
        assert name in names
    ben = next(r for r in rows if r[2] == "Ben Okafor")
    assert ben[:4] == ["IA", "Iowa Children First", "Ben Okafor", "Executive Director"]
    assert ben[4] == "ben.1@iowa.example.org"
    assert len(rows) == 1 + 11 + 3 + 3 + 3


def _roster(ws, cohort_id) -> list[tuple]:
    return sorted(tuple(r) for r in _csv_rows(roster_csv(ws, cohort_id))[1:])


def test_export_then_import_into_an_empty_cohort_reproduces_the_roster(ws, built, program, tmp_path):
    out = export_roster(ws, built.cohort, tmp_path / "roster.csv")
    empty = ws.insert("cohorts", {"program_id": program, "name": "Cohort 2", "start_date": "2026-09-01",
                                  "end_date": "2027-03-01"}).id
    plan = import_roster(ws, empty, out)
    assert plan.ok and plan.applied
    # people matched by e-mail are reused (and join the new teams); the rest are new
    assert _roster(ws, empty) == _roster(ws, built.cohort)
    counts = plan.counts()
    assert counts["create team"] == 4
    assert counts["add to team"] == 19 and counts["create person"] == 1  # Chloé has no e-mail
    # importing the same file again changes nothing
    again = plan_import(ws, empty, out)
    assert again.ok and {a for r in again.rows for a in r.actions} == {"unchanged"}


def test_import_creates_updates_and_reports_per_row(ws, built):
    data = (",".join(COLUMNS) + "\n"
            "IA,Iowa Children First,Ben Okafor,Executive Director,BEN.1@iowa.example.org,515-555-0100,,he/him\n"
            "Nebraska,Nebraska Appleseed,Nia Brown,Executive Director,nia@ne.example.org,,Spanish,\n"
            "NE,Nebraska Appleseed,Omar Said,Organizer,,,,\n").encode()
    plan = plan_import(ws, built.cohort, data)
    assert plan.ok, plan.report()
    assert [r.actions for r in plan.rows] == [
        ("update person matched by e-mail",), ("create team", "create person"), ("create person",)]
    assert [r.row.line for r in plan.rows] == [2, 3, 4]
    assert ws.scalar("SELECT count(*) FROM teams WHERE state = 'NE'") == 0  # a plan writes nothing
    applied = import_roster(ws, built.cohort, data)
    assert applied.applied
    ben = ws.get("people", built.people["Ben Okafor"])
    assert ben["phone"] == "515-555-0100" and ben["pronouns"] == "he/him"
    assert ben["email"] == "ben.1@iowa.example.org"  # the e-mail's case is not a change
    team = ws.rows("SELECT * FROM teams WHERE state = 'NE' AND cohort_id = ?", (built.cohort,))[0]
    assert team["organization"] == "Nebraska Appleseed"
    members = ws.rows("SELECT m.*, p.name FROM team_members m JOIN people p ON p.id = m.person_id "
                      "WHERE m.team_id = ? ORDER BY position", (team["id"],))
    assert [(m["name"], m["is_executive_director"]) for m in members] == [("Nia Brown", 1), ("Omar Said", 0)]
    assert "2 rows" not in "\n".join(applied.report())
    assert applied.report()[-1].startswith("3 rows imported")


def test_import_is_one_undo_step(ws, built):
    before = _roster(ws, built.cohort)
    data = (",".join(COLUMNS) + "\nNE,Nebraska Appleseed,Nia Brown,Executive Director,nia@ne.example.org,,,\n"
            "IA,Iowa Children First,Ana Pérez,Policy Lead,ana.1@iowa.example.org,,,\n").encode()
    import_roster(ws, built.cohort, data)
    assert ws.undo_label == "Import roster"
    assert _roster(ws, built.cohort) != before
    ws.undo()
    assert _roster(ws, built.cohort) == before
    assert ws.scalar("SELECT count(*) FROM people WHERE name = 'Nia Brown'") == 0


def test_one_bad_row_imports_nothing_and_names_its_line(ws, built):
    before = _roster(ws, built.cohort)
    undo = ws.undo_label
    data = ("\ufeff" + ",".join(COLUMNS) + "\n"
            "NE,Nebraska Appleseed,Nia Brown,Executive Director,nia@ne.example.org,,,\n"
            "\n"
            "ZZ,Nowhere,Bad State,,,,,\n"
            "KS,Kansas Action,,Organizer,,,,\n"
            "KS,Kansas Action,Kim Lee,Organizer,not-an-email,,,\n"
            '"KS","Kansas Action","Multi\nLine","",,,,\n').encode()
    plan = import_roster(ws, built.cohort, data)
    assert not plan.ok and not plan.applied
    lines = {p.line for p in plan.problems}
    assert lines == {4, 5, 6, 7}  # the header is line 1; a blank line still counts
    report = "\n".join(plan.report())
    assert "line 4: State: 'ZZ' is not a US state" in report
    assert "line 5: Name: cannot be empty." in report
    assert "line 6: E-mail: 'not-an-email' is not an e-mail address." in report
    assert "line 7: Name: must be a single line." in report
    assert "nothing was imported" in report
    assert _roster(ws, built.cohort) == before and ws.undo_label == undo


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"name,email\nA,a@b.org\n", "lacks the columns"),
    ((b"state,organization,name,role,email,phone,preferred_language,pronouns\n"
      b"IA,X,A,,same@x.org,,,\nMN,Y,B,,SAME@x.org,,,\n"), "also on line 2"),
    ((b"state,organization,name,role,email,phone,preferred_language,pronouns\n"
      b"NE,One Org,A,,,,,\nNE,Other Org,B,,,,,\n"), "line 2 says"),
])
def test_roster_file_problems(ws, built, data, message):
    plan = import_roster(ws, built.cohort, data)
    assert not plan.ok
    assert message in "\n".join(plan.report())


def test_import_reads_windows_1252_and_no_bom(ws, built):
    data = (",".join(COLUMNS) + "\nNE,Nebraska Appleseed,José Núñez,,jose@ne.example.org,,,\n").encode("cp1252")
    plan = import_roster(ws, built.cohort, data)
    assert plan.ok and plan.applied
    assert ws.scalar("SELECT name FROM people WHERE email = 'jose@ne.example.org'") == "José Núñez"
    assert any("Windows-1252" in line for line in plan.report())


def test_packets_make_a_folder_per_team(ws, built, tmp_path):
    ws.update("teams", built.teams["MN"], {"organization": 'Minnesota / Kids: "Alliance"?'})
    calls = []
    result = export_packets(ws, built.cohort, tmp_path / "packets", today=TODAY,
                            progress=lambda done, total, what: calls.append((done, total, what)))
    root = tmp_path / "packets"
    assert (root / "Cohort 1 - Cohort summary.pdf").is_file()
    folders = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert folders == ["CO - CO Families Network", "IA - Iowa Children First", "MN - Minnesota Kids Alliance",
                       "WI - WI Families Network"]
    iowa = root / "IA - Iowa Children First"
    assert sorted(p.name for p in iowa.iterdir()) == [
        "Cohort 1 - Calendar.ics", "IA - Check-in history.pdf", "IA - Workplan.pdf"]
    history = pdf_text(iowa / "IA - Check-in history.pdf")
    assert "Iowa shared summary" in history and "PRIVATE" not in history
    assert "Minnesota" not in pdf_text(iowa / "IA - Workplan.pdf")
    assert len(result.files) == 1 + 3 * 4 == len(calls) - 1
    assert calls[-1][0] == calls[-1][1]


@pytest.mark.parametrize("text, expected", [
    ("IA - Iowa Children First", "IA - Iowa Children First"),
    ('a/b\\c:d*e?f"g<h>i|j', "a b c d e f g h i j"),
    ("  trailing dots...  ", "trailing dots"),
    ("CON", "_CON"),
    ("", "export"),
    ("x" * 200, "x" * 80),
])
def test_safe_name(text, expected):
    assert safe_name(text) == expected


def test_two_cohorts_share_people_by_email(ws, built):
    second = build_cohort(ws, cohort_name="Cohort 2", framework=built.framework)
    assert second.cohort != built.cohort
