"""Attendance without a display: who is expected, the grid, rates, absences in
a row, team coverage and taking attendance as one undoable step."""

from __future__ import annotations

import datetime as dt

import pytest

from equitycohort.data.attendance import (
    _rate,
    _streak,
    attendance_grid,
    cohort_attendance,
    expected_people,
    set_attendance,
    team_coverage,
    team_rates,
)


def leader(ws, team: str, name: str, director: bool = False, role: str = "") -> str:
    person = ws.insert("people", {"name": name, "organization": f"{name}'s office"}).id
    ws.insert("team_members", {"team_id": team, "person_id": person, "role": role,
                               "is_executive_director": int(director)})
    return person


def session(ws, cohort: str, date: str, title: str, start: str = "13:00", **over) -> str:
    return ws.insert("sessions", {"cohort_id": cohort, "title": title, "date": date, "start_time": start,
                                  **over}).id


def mark(ws, session_id: str, **marks: str) -> None:
    """Record marks directly (not through set_attendance, which is tested on its own)."""
    with ws.operation("Marks") as op:
        for person_id, status in marks.items():
            op.insert("attendance", {"session_id": session_id, "person_id": person_id, "status": status})


class Cohort:
    """A cohort with Iowa (three leaders) and Nebraska (two), and a cohort beside it."""

    def __init__(self, ws, program: str, cohort: str):
        self.ws, self.id = ws, cohort
        self.iowa = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Kids"}).id
        self.nebraska = ws.insert("teams", {"cohort_id": cohort, "state": "NE",
                                            "organization": "Nebraska Voices"}).id
        # names chosen so that the director comes first and case does not decide the order
        self.bea = leader(ws, self.iowa, "Bea Brown")
        self.carl = leader(ws, self.iowa, "Carl Cruz", director=True, role="Executive director")
        self.ana = leader(ws, self.iowa, "ana Alves")
        self.dan = leader(ws, self.nebraska, "Dan Diaz", director=True)
        self.eve = leader(ws, self.nebraska, "Eve Evans")
        other = ws.insert("cohorts", {"program_id": program, "name": "Cohort 2",
                                      "start_date": "2025-01-01", "end_date": "2025-12-31"}).id
        self.other = other
        self.other_team = ws.insert("teams", {"cohort_id": other, "state": "KS", "organization": "Kansas"}).id
        self.zed = leader(ws, self.other_team, "Zed Zane", director=True)


@pytest.fixture
def c(ws, program, cohort) -> Cohort:
    return Cohort(ws, program, cohort)


@pytest.fixture
def history(ws, c):
    """Four cohort sessions in the past (the third cancelled), an Iowa team session, one in the future.

    Bea: absent, absent, (team session) excused, absent -> three absences in a row, rate 0.
    ana: present, absent, (team) absent, absent; marked present at the cancelled one, which never counts.
    Carl: excused, present, (team) present, no mark at the fourth.
    """
    s = {
        "one": session(ws, c.id, "2025-01-14", "Kickoff"),
        "two": session(ws, c.id, "2025-02-11", "Data"),
        "team": session(ws, c.id, "2025-02-20", "Iowa data walk", kind="team", team_id=c.iowa),
        "cancelled": session(ws, c.id, "2025-03-11", "Snowed out", status="cancelled"),
        "four": session(ws, c.id, "2025-04-08", "Practice"),
        "future": session(ws, c.id, "2099-01-13", "Later"),
    }
    mark(ws, s["one"], **{c.ana: "present", c.bea: "absent", c.carl: "excused", c.dan: "present"})
    mark(ws, s["two"], **{c.ana: "absent", c.bea: "absent", c.carl: "present", c.dan: "absent"})
    mark(ws, s["team"], **{c.ana: "absent", c.bea: "excused", c.carl: "present"})
    mark(ws, s["cancelled"], **{c.ana: "present", c.bea: "present", c.dan: "present"})
    mark(ws, s["four"], **{c.ana: "absent", c.bea: "absent", c.dan: "present"})
    return s


# --- who is expected -------------------------------------------------------------


def test_a_cohort_session_expects_every_leader_of_the_cohort_by_team(ws, c):
    kickoff = session(ws, c.id, "2025-01-14", "Kickoff")
    people = expected_people(ws, kickoff)
    assert [p.name for p in people] == ["Carl Cruz", "ana Alves", "Bea Brown", "Dan Diaz", "Eve Evans"]
    assert [p.team_id for p in people] == [c.iowa] * 3 + [c.nebraska] * 2
    carl = people[0]
    assert (carl.is_executive_director, carl.role, carl.organization, carl.team_state) == (
        True, "Executive director", "Carl Cruz's office", "IA")
    assert carl.team_label == "Iowa: Iowa Kids"
    assert [p.is_executive_director for p in people] == [True, False, False, True, False]
    assert c.zed not in {p.person_id for p in people}


def test_a_team_session_expects_only_that_teams_leaders(ws, c):
    walk = session(ws, c.id, "2025-02-20", "Nebraska data walk", kind="team", team_id=c.nebraska)
    assert [p.name for p in expected_people(ws, walk)] == ["Dan Diaz", "Eve Evans"]


def test_a_missing_session_expects_no_one(ws, c):
    assert expected_people(ws, "0" * 32) == []
    assert attendance_grid(ws, "0" * 32) == []


def test_a_new_leader_is_expected_at_once(ws, c):
    kickoff = session(ws, c.id, "2025-01-14", "Kickoff")
    fay = leader(ws, c.nebraska, "Fay Fox")
    assert fay in {p.person_id for p in expected_people(ws, kickoff)}


# --- rates and absences in a row, as pure rules ------------------------------------


@pytest.mark.parametrize("statuses,rate", [
    ([], None),
    (["present"], 1.0),
    (["absent"], 0.0),
    (["present", "absent"], 0.5),
    (["present", "excused"], 0.5),                  # excused is recorded and not present
    (["present", "absent", "excused", "present"], 0.5),
    (["excused", "excused", "excused"], 0.0),
])
def test_rate_is_present_over_recorded(statuses, rate):
    assert _rate(statuses) == rate


@pytest.mark.parametrize("statuses,streak", [
    ([], 0),
    (["present"], 0),
    (["absent"], 1),
    (["absent", "absent", "excused", "absent"], 3),  # excused neither counts nor breaks the run
    (["absent", "present", "absent"], 1),           # present ends the run
    (["present", "absent", "absent"], 2),
    (["absent", "excused"], 1),                      # ending on excused keeps the run
    (["excused", "excused"], 0),
    (["absent", "present", "excused", "excused"], 0),
])
def test_consecutive_absences_count_back_to_the_last_present(statuses, streak):
    assert _streak(statuses) == streak


# --- the grid for one session -------------------------------------------------------


def rows_by_id(rows):
    return {r.person.person_id: r for r in rows}


def test_the_grid_counts_history_up_to_and_including_its_session(ws, c, history):
    rows = rows_by_id(attendance_grid(ws, history["two"]))
    assert set(rows) == {c.ana, c.bea, c.carl, c.dan, c.eve}
    assert (rows[c.ana].status, rows[c.ana].rate, rows[c.ana].consecutive_absences) == ("absent", 0.5, 1)
    assert (rows[c.bea].status, rows[c.bea].rate, rows[c.bea].consecutive_absences) == ("absent", 0.0, 2)
    assert (rows[c.carl].status, rows[c.carl].rate, rows[c.carl].consecutive_absences) == ("present", 0.5, 0)
    assert (rows[c.eve].status, rows[c.eve].rate, rows[c.eve].consecutive_absences) == (None, None, 0)
    first = rows_by_id(attendance_grid(ws, history["one"]))
    # later sessions do not count at the first
    assert (first[c.ana].rate, first[c.bea].consecutive_absences) == (1.0, 1)


def test_the_grid_skips_the_cancelled_session_and_counts_team_sessions(ws, c, history):
    rows = rows_by_id(attendance_grid(ws, history["four"]))
    # Bea: absent, absent, excused, absent (the cancelled "present" never counts)
    assert (rows[c.bea].rate, rows[c.bea].consecutive_absences) == (0.0, 3)
    # ana: present, absent, absent, absent
    assert (rows[c.ana].rate, rows[c.ana].consecutive_absences) == (0.25, 3)
    # Carl is not marked at the fourth: his history stops at the team session
    assert (rows[c.carl].status, rows[c.carl].rate, rows[c.carl].consecutive_absences) == (None, 2 / 3, 0)
    # Dan was not expected at Iowa's session: present, absent, present
    assert (rows[c.dan].rate, rows[c.dan].consecutive_absences) == (2 / 3, 0)


def test_the_grid_of_a_team_session_lists_that_team(ws, c, history):
    rows = attendance_grid(ws, history["team"])
    assert [(r.person.name, r.status) for r in rows] == [
        ("Carl Cruz", "present"), ("ana Alves", "absent"), ("Bea Brown", "excused")]
    assert [r.consecutive_absences for r in rows] == [0, 2, 2]


def test_two_sessions_on_one_day_are_ordered_by_start_time(ws, c):
    morning = session(ws, c.id, "2025-05-05", "Morning", start="09:00")
    afternoon = session(ws, c.id, "2025-05-05", "Afternoon", start="14:00")
    mark(ws, morning, **{c.ana: "absent"})
    mark(ws, afternoon, **{c.ana: "absent"})
    assert rows_by_id(attendance_grid(ws, morning))[c.ana].consecutive_absences == 1
    assert rows_by_id(attendance_grid(ws, afternoon))[c.ana].consecutive_absences == 2


def test_team_coverage_counts_present_over_expected_per_team(ws, c, history):
    assert team_coverage(attendance_grid(ws, history["one"])) == {c.iowa: (1, 3), c.nebraska: (1, 2)}
    assert team_coverage(attendance_grid(ws, history["two"])) == {c.iowa: (1, 3), c.nebraska: (0, 2)}
    assert team_coverage(attendance_grid(ws, history["team"])) == {c.iowa: (1, 3)}
    assert team_coverage([]) == {}


# --- over the whole cohort ----------------------------------------------------------


def test_a_session_not_yet_held_does_not_change_any_rate(ws, c, history):
    before = team_rates(ws, c.id)
    session(ws, c.id, "2099-02-10", "Even later")
    assert team_rates(ws, c.id) == before


def test_team_rates_pool_their_leaders_marks(ws, c, history):
    rates = team_rates(ws, c.id)
    # Iowa: ana 1 of 4, Bea 0 of 4, Carl 2 of 3 -> 3 of 11; Nebraska: Dan 2 of 3, Eve none
    assert rates == {c.iowa: pytest.approx(3 / 11), c.nebraska: pytest.approx(2 / 3)}
    assert team_rates(ws, c.other) == {c.other_team: None}


def test_cancelling_a_session_takes_its_marks_out_of_every_rate(ws, c, history):
    """A session that did not take place counts for no one."""
    teams = team_rates(ws, c.id)
    ws.update("sessions", history["two"], {"status": "cancelled"})
    # Iowa: ana 1 of 3, Bea 0 of 3, Carl 1 of 2; Nebraska: Dan 2 of 2
    assert team_rates(ws, c.id) == {c.iowa: 0.25, c.nebraska: 1.0}
    ws.update("sessions", history["two"], {"status": "held"})
    assert team_rates(ws, c.id) == teams


def test_cohort_attendance_per_session(ws, c, history):
    got = cohort_attendance(ws, c.id)
    assert {k: (v.expected, v.present, v.recorded) for k, v in got.items()} == {
        history["one"]: (5, 2, 4),
        history["two"]: (5, 1, 4),
        history["team"]: (3, 1, 3),        # a team session expects its team
        history["cancelled"]: (5, 3, 3),   # reported as recorded; the screens leave it blank
        history["four"]: (5, 1, 3),
        history["future"]: (5, 0, 0),
    }
    assert got[history["one"]].rate == 0.5
    assert got[history["team"]].rate == pytest.approx(1 / 3)
    assert got[history["future"]].rate is None
    assert cohort_attendance(ws, c.other) == {}


def test_a_team_session_of_a_team_with_no_leaders_expects_no_one(ws, c):
    kansas = ws.insert("teams", {"cohort_id": c.id, "state": "KS", "organization": "Empty"}).id
    walk = session(ws, c.id, "2025-02-20", "Walk", kind="team", team_id=kansas)
    assert expected_people(ws, walk) == []
    assert cohort_attendance(ws, c.id)[walk].expected == 0


# --- taking attendance --------------------------------------------------------------


def test_set_attendance_records_marks_as_one_undo_step(ws, c):
    kickoff = session(ws, c.id, "2025-01-14", "Kickoff")
    ws.insert("frameworks", {"name": "Marker"}, label="Marker step")
    change = set_attendance(ws, kickoff, {c.ana: "present", c.bea: "absent", c.carl: "excused"})
    assert change.label == "Take attendance" and ws.undo_label == "Take attendance"
    assert {r.person.person_id: r.status for r in attendance_grid(ws, kickoff)} == {
        c.ana: "present", c.bea: "absent", c.carl: "excused", c.dan: None, c.eve: None}
    # a session in the past that was scheduled is now held, in the same step
    assert ws.get("sessions", kickoff)["status"] == "held"
    ws.undo()
    assert ws.undo_label == "Marker step"
    assert ws.count("attendance") == 0
    assert ws.get("sessions", kickoff)["status"] == "scheduled"


def test_changing_and_clearing_marks(ws, c):
    kickoff = session(ws, c.id, "2025-01-14", "Kickoff")
    set_attendance(ws, kickoff, {c.ana: "present", c.bea: "absent"})
    set_attendance(ws, kickoff, {c.ana: "excused", c.bea: None}, label="Fix marks")
    assert ws.undo_label == "Fix marks"
    assert ws.rows("SELECT person_id, status FROM attendance") == [{"person_id": c.ana, "status": "excused"}]
    ws.undo()
    assert {r["person_id"]: r["status"] for r in ws.rows("SELECT person_id, status FROM attendance")} == {
        c.ana: "present", c.bea: "absent"}


def test_marking_the_same_again_adds_no_undo_step(ws, c):
    kickoff = session(ws, c.id, "2025-01-14", "Kickoff")
    set_attendance(ws, kickoff, {c.ana: "present"}, label="First")
    set_attendance(ws, kickoff, {c.ana: "present"}, label="Again")
    assert ws.undo_label == "First"
    assert ws.count("attendance") == 1


def test_clearing_a_mark_that_is_not_there_changes_nothing(ws, c):
    """Delete on an unmarked person of a past session records nothing: no mark, no status, no undo step."""
    kickoff = session(ws, c.id, "2025-01-14", "Kickoff")
    ws.insert("frameworks", {"name": "Marker"}, label="Marker step")
    set_attendance(ws, kickoff, {c.ana: None}, label="Clear attendance of ana Alves")
    assert ws.undo_label == "Marker step"
    assert ws.count("attendance") == 0
    assert ws.get("sessions", kickoff)["status"] == "scheduled"


def test_a_future_or_cancelled_session_keeps_its_status(ws, c):
    today = dt.date.today()
    upcoming = session(ws, c.id, (today + dt.timedelta(days=7)).isoformat(), "Upcoming")
    cancelled = session(ws, c.id, "2025-01-14", "Snowed out", status="cancelled")
    today_session = session(ws, c.id, today.isoformat(), "Today")
    set_attendance(ws, upcoming, {c.ana: "excused"})
    set_attendance(ws, cancelled, {c.ana: "present"})
    set_attendance(ws, today_session, {c.ana: "present"})
    assert ws.get("sessions", upcoming)["status"] == "scheduled"
    assert ws.get("sessions", cancelled)["status"] == "cancelled"
    assert ws.get("sessions", today_session)["status"] == "held"


def test_an_empty_set_of_marks_writes_nothing(ws, c):
    kickoff = session(ws, c.id, "2025-01-14", "Kickoff")
    ws.insert("frameworks", {"name": "Marker"}, label="Marker step")
    set_attendance(ws, kickoff, {})
    assert ws.undo_label == "Marker step"
    assert ws.get("sessions", kickoff)["status"] == "scheduled"
