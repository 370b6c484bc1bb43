"""Values the app cannot use, from two sides. At the write door each is refused
with a ValidationError naming the field (never another exception, never "the
file could not be written"). In a file written by some other program (or
damaged), `check` names every record that holds one, and the exports, the
import and the unattended start-up end with a plain message or work, never
with a traceback or a wait; `check --repair` makes a usable copy.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import cli
from equitycohort.data.checkins import save_checkin
from equitycohort.data.errors import DamagedError, ValidationError, WriteFailedError
from equitycohort.data.frameworks import parse_framework_json
from equitycohort.data.maintenance import check_workspace, repair_workspace
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def team(ws, cohort) -> str:
    return ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Families"}).id


# --- refused at the door -------------------------------------------------------------------------


def refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    message = str(caught.value)
    message.encode("utf-8")  # printable: a broken character in the value is not copied into it
    return caught.value


def test_a_lone_surrogate_in_a_reference_is_refused(ws, cohort):
    error = refusal(lambda: ws.insert("teams", {"cohort_id": cohort[:-1] + "\udc80", "state": "IA",
                                                "organization": "Iowa"}))
    assert error.for_field("cohort_id") == "Cohort: is not a record id."
    error = refusal(lambda: ws.get("teams", "\ud800"))
    assert "is not a record id" in str(error)


@pytest.mark.parametrize("bad_id", [["a", "b"], 7, None, {"id": "x"}, "x" * 65, "\ud83d", ""])
def test_an_id_that_is_not_text_is_a_validation_error_not_a_write_failure(ws, program, bad_id):
    for call in (lambda: ws.update("programs", bad_id, {"name": "Renamed"}),
                 lambda: ws.delete("programs", bad_id)):
        try:
            call()
        except WriteFailedError as exc:  # pragma: no cover - the bug this test is about
            pytest.fail(f"an id of {bad_id!r} was reported as a failed write: {exc}")
        except ValidationError as exc:
            assert "is not a record id" in str(exc)
        else:
            pytest.fail("a bad id was accepted")
    assert ws.get("programs", program)["name"] == "Operationalizing Equity"


def test_unknown_fields_and_values_that_are_not_a_mapping_are_refused(ws, program):
    error = refusal(lambda: ws.insert("programs", {"name": "P", "budget": 10}))
    assert "has no field budget" in str(error)
    assert "has no field" in str(refusal(lambda: ws.update("programs", program, {3: "x"})))
    assert "named fields" in str(refusal(lambda: ws.insert("programs", ["name", "P"])))
    assert "named fields" in str(refusal(lambda: ws.update("programs", program, None)))


def test_deeply_nested_json_is_refused(ws):
    for text in ("[" * 5000 + "]" * 5000, '["a", ' + "[" * 30 + "]" * 30 + "]"):
        error = refusal(lambda t=text: ws.insert("partners", {"name": "Partner", "focus_areas": t}))
        assert error.for_field("focus_areas")


@pytest.mark.parametrize("steps", [None, "call back", [None], ["call back"], [{"id": ["x"]}], 3])
def test_next_steps_that_are_not_a_list_of_steps_are_refused(ws, team, steps):
    error = refusal(lambda: save_checkin(ws, {"team_id": team, "date": "2026-02-03"}, steps))
    assert error.for_field("next_steps")
    assert ws.count("checkins") == 0


@pytest.mark.parametrize("text", [
    "[" * 100_000,
    '{"name": "F", "levels": [{"rank": "²", "name": "Exploring"}], "dimensions": [{"name": "Data"}]}',
    '{"name": "F", "levels": [{"rank": "1e3", "name": "Exploring"}], "dimensions": [{"name": "Data"}]}',
    '{"name": "F", "levels": [{"rank": 1, "name": "A"}], "dimensions": [{"name": "D", "descriptors": {"¹": "t"}}]}',
])
def test_a_framework_file_with_nested_brackets_or_a_rank_that_is_no_number_is_refused(text):
    error = refusal(lambda: parse_framework_json(text))
    assert error.errors


# --- names that deceive --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["\u200b", " \u2060 \ufeff", "\u200d\u200c", "\u2066\u2069", "\u3164"])
def test_a_name_of_invisible_characters_only_is_empty(ws, name):
    error = refusal(lambda: ws.insert("programs", {"name": name}))
    assert error.for_field("name").startswith("Name: cannot be empty")


@pytest.mark.parametrize("name", ["Acme\u202eslidexe.pdf", "\u202aEmbedded\u202c", "\u202dOver\u202c"])
def test_a_name_that_reverses_how_text_is_shown_is_refused(ws, name):
    error = refusal(lambda: ws.insert("people", {"name": name}))
    assert "reverses how the text around it is shown" in error.for_field("name")


@pytest.mark.parametrize("name", ["مريم الحسيني\u200f", "שרה\u200e (Sarah)", "👩‍👩‍👧 Families Together",
                                  "Zoë\u2066 (she/her)\u2069", "नमस्ते"])
def test_names_in_any_script_with_the_marks_they_need_are_kept(ws, name):
    person = ws.insert("people", {"name": name, "notes": "A note may quote \u202eanything\u202c."}).id
    assert ws.get("people", person)["name"] == name


# --- written by another program: check names each record --------------------------------------------


def unusable(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A workspace in which another program wrote values the app cannot use."""
    path = tmp_path / "odd.ecw"
    ws = create_workspace(path)
    program = ws.insert("programs", {"name": "Program"}).id
    cohort = ws.insert("cohorts", {"program_id": program, "name": "Cohort 1", "start_date": "2026-01-13",
                                   "end_date": "2026-07-13"}).id
    team = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Families"}).id
    ids = {"team": team}
    for title in ("Zone", "Length", "Words", "Day", "Clock", "Kind"):
        ids[title] = ws.insert("sessions", {"cohort_id": cohort, "title": title, "date": "2026-02-10"}).id
    ws.insert("people", {"name": "Ana Diaz", "email": "ana@example.org"})
    ws.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sessions SET timezone = 'Mars/Olympus_Mons' WHERE title = 'Zone'")
    conn.execute("UPDATE sessions SET duration_minutes = 0 WHERE title = 'Length'")
    conn.execute("UPDATE sessions SET duration_minutes = 'ninety' WHERE title = 'Words'")
    conn.execute("UPDATE sessions SET date = '2026-02-30' WHERE title = 'Day'")
    conn.execute("UPDATE sessions SET start_time = '25:61' WHERE title = 'Clock'")
    conn.execute("UPDATE sessions SET status = 'postponed' WHERE title = 'Kind'")
    conn.execute("UPDATE teams SET organization = CAST(X'496f776120c3' AS TEXT)")  # "Iowa " + half a character
    conn.commit()
    conn.close()
    return path, ids


def test_check_names_every_record_whose_value_the_exports_cannot_use(tmp_path, capsys):
    path, ids = unusable(tmp_path)
    before = path.read_bytes()
    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    problems = [line for line in out.splitlines() if line.startswith("problem: ")]
    expected = {
        "Zone": "Time zone: Mars/Olympus_Mons is not a known time zone",
        "Length": "Duration: must be at least 5",
        "Words": "Duration: ninety is not a number",
        "Day": "Date: 2026-02-30 is not a real date",
        "Clock": "Start time: 25:61 is not a time of day",
        "Kind": "Status: must be one of",
    }
    for title, phrase in expected.items():
        assert any(f"session “{title}” (id {ids[title]})" in p and phrase in p for p in problems), (title, problems)
    assert any(f"(id {ids['team']})" in p and "Organization: holds text that is not valid UTF-8" in p
               for p in problems), problems
    assert len(problems) == 7, problems
    assert path.read_bytes() == before


def test_exports_and_the_import_end_in_a_message_or_work_never_a_traceback(tmp_path, capsys):
    path, ids = unusable(tmp_path)
    before = path.read_bytes()
    roster = tmp_path / "roster.csv"
    roster.write_text("state,organization,name,role,email,phone,preferred_language,pronouns\n"
                      "IA,Iowa Families,Ana Diaz,Executive Director,ana@example.org,,,\n")
    out = tmp_path / "out"
    commands = [
        ["info", str(path)], ["list", "teams", str(path)], ["list", "sessions", str(path)],
        ["export", "calendar", str(path), "--cohort", "Cohort 1", "--out", str(out / "c.ics")],
        ["export", "cohort", str(path), "--cohort", "Cohort 1", "--out", str(out / "c.pdf")],
        ["export", "session", str(path), "--session", ids["Zone"], "--out", str(out / "s.pdf")],
        ["export", "workplan", str(path), "--team", "IA", "--out", str(out / "w.pdf")],
        ["export", "roster", str(path), "--cohort", "Cohort 1", "--out", str(out / "r.csv")],
        ["export", "packets", str(path), "--cohort", "Cohort 1", "--out", str(out / "packets")],
        ["import", "roster", str(path), str(roster), "--cohort", "Cohort 1", "--dry-run"],
    ]
    listed = ""
    for args in commands:
        code = cli.main(args)
        said = capsys.readouterr()
        listed += said.out
        assert code in (0, 1), (args, said.err)
        assert "Traceback" not in said.err + said.out
        if code:
            assert "equitycohort check" in said.err, (args, said.err)
    assert path.read_bytes() == before
    # text that is not UTF-8 is read with a replacement character, not refused
    assert "Iowa: Iowa \ufffd" in listed
    assert cli.main(["import", "roster", str(path), str(roster), "--cohort", "Cohort 1"]) == 0
    capsys.readouterr()


def test_repair_makes_a_copy_the_app_can_use(tmp_path, capsys):
    path, ids = unusable(tmp_path)
    before = path.read_bytes()
    assert cli.main(["check", str(path), "--repair"]) == 1
    out = capsys.readouterr().out
    assert "repaired copy: healthy" in out
    assert path.read_bytes() == before
    copy = tmp_path / "odd (repaired).ecw"
    with open_read_only(copy) as ws:
        zone = ws.get("sessions", ids["Zone"])
        assert zone["timezone"] == "America/New_York"  # the default, and the report says so
        assert ws.get("sessions", ids["Day"]) is None  # a session needs a date: left out, and said
        assert ws.get("teams", ids["team"])["organization"] == "Iowa \ufffd"
        assert ws.count("sessions") == 5
    assert "Time zone: Mars/Olympus_Mons is not a known time zone (e.g. America/Chicago). Set to " in out
    assert "left out: Date: 2026-02-30 is not a real date" in out


def drop(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql,phrase", [
    ("DROP TABLE milestones", "the table of milestone records (milestones) is missing"),
    ("ALTER TABLE attendance DROP COLUMN note", "the table attendance lacks the column(s) note"),
])
def test_a_dropped_table_or_column_is_damage_named_at_open_and_repairable(tmp_path, capsys, sql, phrase):
    path, _ = unusable(tmp_path)
    drop(path, sql)
    before = path.read_bytes()
    with pytest.raises(DamagedError) as caught:
        open_workspace(path, backups=False)
    assert phrase in str(caught.value) and "repaired copy" in str(caught.value)
    with pytest.raises(DamagedError, match="is damaged"):
        open_read_only(path)
    assert cli.main(["export", "roster", str(path), "--cohort", "Cohort 1", "--out", str(tmp_path / "r.csv")]) == 2
    assert phrase in capsys.readouterr().err
    report = check_workspace(path)
    assert report.exit_code == 1 and any(phrase in p for p in report.problems)
    assert path.read_bytes() == before
    repair = repair_workspace(path)
    assert repair.made and repair.after is not None and repair.after.healthy, repair.lines()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("odd")) == ["odd (repaired).ecw",
                                                                                        "odd.ecw"]


def start_unattended(path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "equitycohort", str(path), "--exit-after-startup"], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env=env)


def test_the_unattended_start_never_waits_on_a_dialog(tmp_path):
    """--exit-after-startup on a workspace with damaged text, and on one missing a
    table: it starts (or says why not) and exits, whatever it meets."""
    path, _ = unusable(tmp_path)
    done = start_unattended(path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    drop(path, "DROP TABLE checkins")
    done = start_unattended(path)
    assert done.returncode == 1
    assert "the table of check-in records (checkins) is missing" in done.stderr
    assert "Traceback" not in done.stderr
