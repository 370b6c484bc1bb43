"""Every validation rule at the write door, and the warnings that never refuse.

A refused write names the field (by its label) and leaves the workspace as it
was: same rows, no new undo step.
"""

from __future__ import annotations

import datetime as dt

import pytest

from equitycohort.data import ValidationError
from equitycohort.data.schema import KINDS, LINE_MAX, TEXT_MAX

# --- helpers ---------------------------------------------------------------


def snapshot(ws):
    return ({t: ws.rows(f"SELECT * FROM {t} ORDER BY id") for t in KINDS}, ws.undo_label, ws.redo_label)


def refused(ws, table, values, field, row_id=None) -> str:
    """Write ``values``; assert it is refused for ``field`` with nothing written.

    Returns the message for the field, which must start with the field's label.
    """
    # a known last undo step, to see that the refused write adds none
    ws.insert("frameworks", {"name": "Marker"}, label="Marker step")
    before = snapshot(ws)
    with pytest.raises(ValidationError) as caught:
        if row_id is None:
            ws.insert(table, values)
        else:
            ws.update(table, row_id, values)
    message = caught.value.for_field(field)
    assert message, f"no message for {field}: {caught.value.errors}"
    label = KINDS[table].field(field).label
    assert message.startswith(f"{label}:"), message
    assert str(caught.value)
    assert snapshot(ws) == before
    return message


@pytest.fixture
def team(ws, cohort):
    return ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Kids"}).id


@pytest.fixture
def goal(ws, team):
    return ws.insert("goals", {"team_id": team, "title": "Publish data"}).id


@pytest.fixture
def person(ws):
    return ws.insert("people", {"name": "Ana Lima"}).id


def cohort_row(program, **over):
    row = {"program_id": program, "name": "Cohort 2", "start_date": "2026-01-13", "end_date": "2026-07-13"}
    row.update(over)
    return row


def session_row(cohort, **over):
    row = {"cohort_id": cohort, "title": "Kickoff", "date": "2026-02-10"}
    row.update(over)
    return row


# --- names and text --------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t", None])
def test_required_name_cannot_be_empty(ws, name):
    assert refused(ws, "programs", {"name": name}, "name") == "Name: cannot be empty."


def test_a_missing_required_name_is_refused(ws):
    assert refused(ws, "frameworks", {"description": "no name"}, "name") == "Name: cannot be empty."


@pytest.mark.parametrize("table,field,values", [
    ("teams", "organization", {"state": "IA", "organization": " "}),
    ("sessions", "title", {"title": ""}),
    ("goals", "title", {"title": "  "}),
])
def test_other_required_fields_cannot_be_empty(ws, cohort, table, field, values):
    if table == "teams":
        row = {"cohort_id": cohort, **values}
    elif table == "sessions":
        row = session_row(cohort, **values)
    else:
        team = ws.insert("teams", {"cohort_id": cohort, "state": "NE", "organization": "N"}).id
        row = {"team_id": team, **values}
    assert refused(ws, table, row, field).endswith("cannot be empty.")


def test_emptying_a_required_name_on_edit_is_refused(ws, program):
    refused(ws, "programs", {"name": ""}, "name", row_id=program)
    assert ws.get("programs", program)["name"] == "Operationalizing Equity"


@pytest.mark.parametrize("text", ["two\nlines", "carriage\rreturn", "windows\r\nbreak",
                                  "line\u2028separator", "paragraph\u2029separator", "trailing\n"])
def test_single_line_fields_refuse_line_breaks(ws, text):
    assert refused(ws, "programs", {"name": text}, "name") == "Name: must be a single line."
    assert refused(ws, "programs", {"name": "P", "organization": text}, "organization") == \
        "Organization: must be a single line."


@pytest.mark.parametrize("text", ["\n", "\r\n", " \u2028 "])
def test_an_optional_single_line_field_refuses_a_bare_line_break(ws, text):
    """A value of only a line break is not "empty": it is a line break."""
    assert refused(ws, "programs", {"name": "P", "organization": text}, "organization") == \
        "Organization: must be a single line."


def test_multi_line_fields_keep_line_breaks(ws):
    text = "First line\nSecond line\r\nThird\u2028Fourth\tTabbed"
    program = ws.insert("programs", {"name": "P", "description": text}).id
    assert ws.get("programs", program)["description"] == text


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"])
def test_control_characters_are_refused(ws, char):
    message = refused(ws, "programs", {"name": f"Bad{char}name"}, "name")
    assert message == f"Name: contains an invisible control character (U+{ord(char):04X})."
    message = refused(ws, "programs", {"name": "P", "description": f"Notes{char}here"}, "description")
    assert "control character" in message


@pytest.mark.parametrize("char", ["\x1c", "\x1d", "\x1e", "\x1f", "\x0b", "\x0c"])
def test_control_characters_are_refused_even_alone_in_an_optional_field(ws, char):
    """str.strip() counts these as whitespace; they are still control characters."""
    message = refused(ws, "programs", {"name": "P", "organization": char}, "organization")
    assert "control character" in message
    message = refused(ws, "programs", {"name": "P", "description": char}, "description")
    assert "control character" in message


def test_broken_unicode_is_refused(ws):
    message = refused(ws, "programs", {"name": "Bad \ud800 half"}, "name")
    assert "broken character" in message


def test_tabs_and_unusual_characters_are_kept(ws):
    name = "Équipe\tÑandú 日本 🙂 \u200b\u00ad العربية"
    program = ws.insert("programs", {"name": name}).id
    assert ws.get("programs", program)["name"] == name


def test_text_over_the_limit_is_refused_naming_the_limit(ws):
    assert refused(ws, "programs", {"name": "x" * (LINE_MAX + 1)}, "name") == \
        f"Name: is {LINE_MAX + 1:,} characters long; the limit is {LINE_MAX:,}."
    assert refused(ws, "programs", {"name": "P", "description": "x" * (TEXT_MAX + 1)}, "description") == \
        f"Description: is {TEXT_MAX + 1:,} characters long; the limit is {TEXT_MAX:,}."
    assert refused(ws, "people", {"name": "A", "phone": "5" * 61}, "phone") == \
        "Phone: is 61 characters long; the limit is 60."


def test_blank_text_over_the_limit_is_refused_too(ws):
    """Spaces count: a blank optional value is not exempt from the limit."""
    message = refused(ws, "programs", {"name": "P", "organization": " " * (LINE_MAX + 1)}, "organization")
    assert message.endswith(f"the limit is {LINE_MAX:,}.")
    message = refused(ws, "programs", {"name": "P", "description": " " * (TEXT_MAX + 1)}, "description")
    assert message.endswith(f"the limit is {TEXT_MAX:,}.")


def test_text_at_the_limit_is_kept(ws):
    program = ws.insert("programs", {"name": "n" * LINE_MAX, "description": "d" * TEXT_MAX}).id
    row = ws.get("programs", program)
    assert len(row["name"]) == LINE_MAX and len(row["description"]) == TEXT_MAX


def test_next_step_description_has_its_own_limit(ws, goal, team):
    checkin = ws.insert("checkins", {"team_id": team, "date": "2026-02-01"}).id
    message = refused(ws, "next_steps", {"checkin_id": checkin, "description": "x" * 2001}, "description")
    assert message.endswith("the limit is 2,000.")


def test_text_that_is_not_a_string_is_refused(ws):
    assert refused(ws, "programs", {"name": 42}, "name") == "Name: must be text."


# --- dates and times -------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29", "yesterday",
                                   "3026-01-01", "1899-12-31", "2200-01-01", "26-01-01", "2026/01/13",
                                   "2026-1-13", " 2026-01-13", "2026-01-13\n", "2026-01-13T10:00",
                                   dt.date(3026, 1, 1), dt.date(1, 1, 1), "٢٠٢٦-٠١-١٣", 20260113])
def test_impossible_dates_are_refused(ws, program, value):
    message = refused(ws, "cohorts", cohort_row(program, start_date=value), "start_date")
    assert message.startswith("Start date:")
    assert "is not a real date" in message


@pytest.mark.parametrize("value,expected", [
    ("2024-02-29", "2024-02-29"), (dt.date(2026, 3, 1), "2026-03-01"),
    (dt.datetime(2026, 3, 1, 15, 30), "2026-03-01"), ("1900-01-01", "1900-01-01"),
    ("2199-12-31", "2199-12-31"),
])
def test_real_dates_are_stored_as_iso(ws, program, value, expected):
    cohort = ws.insert("cohorts", cohort_row(program, start_date=value, end_date="2199-12-31")).id
    assert ws.get("cohorts", cohort)["start_date"] == expected


def test_cohort_end_date_before_start_is_refused(ws, program):
    message = refused(ws, "cohorts", cohort_row(program, start_date="2026-07-13", end_date="2026-01-13"),
                      "end_date")
    assert message == "End date: must not be before the start date."


def test_cohort_end_date_before_start_is_refused_on_edit(ws, cohort):
    refused(ws, "cohorts", {"end_date": "2025-12-31"}, "end_date", row_id=cohort)
    refused(ws, "cohorts", {"start_date": "2026-08-01"}, "end_date", row_id=cohort)


def test_cohort_may_start_and_end_on_the_same_day(ws, program):
    ws.insert("cohorts", cohort_row(program, start_date="2026-05-01", end_date="2026-05-01"))


def test_action_due_before_start_is_refused(ws, goal):
    message = refused(ws, "actions", {"goal_id": goal, "title": "Draft",
                                          "start_date": "2026-03-01", "due_date": "2026-02-28"}, "due_date")
    assert message == "Due date: must not be before the start date."


def test_checkin_next_date_before_date_is_refused(ws, team):
    message = refused(ws, "checkins", {"team_id": team, "date": "2026-03-01",
                                           "next_checkin_date": "2026-02-01"}, "next_checkin_date")
    assert message == "Next check-in: must not be before the date of this check-in."


@pytest.mark.parametrize("value", ["25:00", "24:00", "12:60", "9:30", "noon", "13:00:00", "13:00\n",
                                   "1٣:00", "", 1300])
def test_bad_times_are_refused(ws, cohort, value):
    message = refused(ws, "sessions", session_row(cohort, start_time=value), "start_time")
    assert message.startswith("Start time:")


@pytest.mark.parametrize("value,expected", [("00:00", "00:00"), ("23:59", "23:59"),
                                            (dt.time(9, 5), "09:05")])
def test_good_times_are_kept(ws, cohort, value, expected):
    session = ws.insert("sessions", session_row(cohort, start_time=value)).id
    assert ws.get("sessions", session)["start_time"] == expected


# --- choices, states, e-mail, zones, numbers ---------------------------------


def test_unknown_state_code_is_refused(ws, cohort):
    message = refused(ws, "teams", {"cohort_id": cohort, "state": "XX", "organization": "X"}, "state")
    assert message == "State: XX is not a US state, DC or territory."
    refused(ws, "teams", {"cohort_id": cohort, "state": "ia", "organization": "X"}, "state")
    refused(ws, "teams", {"cohort_id": cohort, "state": "Iowa", "organization": "X"}, "state")


@pytest.mark.parametrize("state", ["DC", "PR", "GU", "WY"])
def test_dc_and_territories_are_places(ws, cohort, state):
    ws.insert("teams", {"cohort_id": cohort, "state": state, "organization": "X"})


def test_duplicate_state_in_a_cohort_is_refused(ws, cohort, team):
    message = refused(ws, "teams", {"cohort_id": cohort, "state": "IA", "organization": "Other"}, "state")
    assert message == "State: Iowa already has a team in this cohort."
    other = ws.insert("teams", {"cohort_id": cohort, "state": "NE", "organization": "N"}).id
    refused(ws, "teams", {"state": "IA"}, "state", row_id=other)


def test_the_same_state_in_another_cohort_is_fine(ws, program, team):
    other = ws.insert("cohorts", cohort_row(program)).id
    ws.insert("teams", {"cohort_id": other, "state": "IA", "organization": "Iowa Kids"})


@pytest.mark.parametrize("email", ["not-an-email", "ana@", "@example.org", "ana@example", "ana @example.org",
                                   "ana@@example.org", "ana@example.org.", "ana@exa mple.org"])
def test_bad_email_is_refused(ws, email):
    message = refused(ws, "people", {"name": "Ana", "email": email}, "email")
    assert message.startswith("E-mail:") and "is not an e-mail address" in message


def test_good_email_is_kept(ws):
    person = ws.insert("people", {"name": "Ana", "email": "ana.lima+cohort@example.org"}).id
    assert ws.get("people", person)["email"] == "ana.lima+cohort@example.org"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "EST", "america/chicago", "America/Chicago ",
                                  "America/", "../../etc/passwd", "", "GMT+5", 5])
def test_bad_time_zone_is_refused(ws, cohort, zone):
    message = refused(ws, "sessions", session_row(cohort, timezone=zone), "timezone")
    assert message.startswith("Time zone:")


@pytest.mark.parametrize("zone", ["America/Chicago", "Pacific/Guam", "UTC", "America/Indiana/Indianapolis"])
def test_good_time_zone_is_kept(ws, cohort, zone):
    session = ws.insert("sessions", session_row(cohort, timezone=zone)).id
    assert ws.get("sessions", session)["timezone"] == zone


@pytest.mark.parametrize("table,field,make_row", [
    ("cohorts", "phase", lambda ids: cohort_row(ids["program"], phase="finished")),
    ("people", "kind", lambda ids: {"name": "A", "kind": "boss"}),
    ("sessions", "kind", lambda ids: session_row(ids["cohort"], kind="workshop")),
    ("sessions", "format", lambda ids: session_row(ids["cohort"], format="hybrid")),
    ("sessions", "status", lambda ids: session_row(ids["cohort"], status="Held")),
    ("checkins", "mode", lambda ids: {"team_id": ids["team"], "date": "2026-02-01", "mode": "fax"}),
    ("actions", "status", lambda ids: {"goal_id": ids["goal"], "title": "A", "status": "later"}),
])
def test_choice_values_outside_the_list_are_refused(ws, program, cohort, team, goal, table, field, make_row):
    ids = {"program": program, "cohort": cohort, "team": team, "goal": goal}
    message = refused(ws, table, make_row(ids), field)
    assert "must be one of" in message
    for label in KINDS[table].field(field).choices.values():
        assert label in message


def test_attendance_needs_a_status(ws, cohort, person):
    session = ws.insert("sessions", session_row(cohort)).id
    assert refused(ws, "attendance", {"session_id": session, "person_id": person}, "status") == \
        "Attendance: cannot be empty."
    message = refused(ws, "attendance", {"session_id": session, "person_id": person, "status": "late"},
                      "status")
    assert "Present, Absent, Excused" in message


@pytest.mark.parametrize("field,value,phrase", [
    ("duration_minutes", 4, "at least 5"),
    ("duration_minutes", 24 * 60 + 1, "at most 1440"),
    ("duration_minutes", "ninety", "is not a number"),
    ("duration_minutes", 90.5, "whole number"),
    ("duration_minutes", float("nan"), "finite"),
    ("duration_minutes", float("inf"), "finite"),
])
def test_numbers_out_of_range_are_refused(ws, cohort, field, value, phrase):
    message = refused(ws, "sessions", session_row(cohort, **{field: value}), field)
    assert phrase in message


def test_reals_and_bools(ws, team):
    assert "finite" in refused(ws, "goals", {"team_id": team, "title": "G", "target": float("nan")}, "target")
    assert "too large" in refused(ws, "goals", {"team_id": team, "title": "G", "target": 1e13}, "target")
    goal = ws.insert("goals", {"team_id": team, "title": "G", "target": "1,200.5"}).id
    assert ws.get("goals", goal)["target"] == 1200.5
    person = ws.insert("people", {"name": "P"}).id
    message = refused(ws, "team_members", {"team_id": team, "person_id": person,
                                               "is_executive_director": 2}, "is_executive_director")
    assert message == "Executive director: must be yes or no."


def test_positions_cannot_be_negative(ws, team):
    assert refused(ws, "goals", {"team_id": team, "title": "G", "position": -1}, "position") == \
        "Position: must be at least 0."


def test_bad_web_address_is_refused(ws, cohort):
    message = refused(ws, "sessions", session_row(cohort, link="meet me at noon"), "link")
    assert message == "Video link: should be a web address, starting with https://."


def test_partner_focus_areas_must_be_a_list_of_names(ws):
    assert refused(ws, "partners", {"name": "P", "focus_areas": "Data"}, "focus_areas").startswith(
        "Focus areas:")
    assert refused(ws, "partners", {"name": "P", "focus_areas": [1, 2]}, "focus_areas") == \
        "Focus areas: must be a list of names."
    assert refused(ws, "partners", {"name": "P", "focus_areas": ["a\x00b"]}, "focus_areas").startswith(
        "Focus areas:")


# --- references and rules across records ------------------------------------


def test_reference_to_a_missing_record_is_refused(ws):
    message = refused(ws, "cohorts", cohort_row("0" * 32), "program_id")
    assert message == "Program: no such program."


def test_team_session_without_team_is_refused(ws, cohort):
    message = refused(ws, "sessions", session_row(cohort, kind="team"), "team_id")
    assert message == "Team: choose the team this session supports."


def test_team_session_with_a_team_of_another_cohort_is_refused(ws, program, cohort):
    other = ws.insert("cohorts", cohort_row(program)).id
    team = ws.insert("teams", {"cohort_id": other, "state": "IA", "organization": "I"}).id
    message = refused(ws, "sessions", session_row(cohort, kind="team", team_id=team), "team_id")
    assert message == "Team: is not in this session's cohort."


@pytest.fixture
def framework(ws, team):
    """A framework with levels 1..4, one dimension, and a baseline assessment of ``team``."""
    with ws.operation("Framework") as op:
        fw = op.insert("frameworks", {"name": "Capacity"})
        for rank in range(1, 5):
            op.insert("levels", {"framework_id": fw, "rank": rank, "name": f"Level {rank}"})
        dimension = op.insert("dimensions", {"framework_id": fw, "name": "Data"})
        assessment = op.insert("assessments", {"team_id": team, "framework_id": fw,
                                               "round": "baseline", "date": "2026-01-20"})
    return {"framework": fw, "dimension": dimension, "assessment": assessment}


@pytest.mark.parametrize("level", [5, 0, -1, 20])
def test_rating_outside_the_frameworks_levels_is_refused(ws, framework, level):
    message = refused(ws, "ratings", {"assessment_id": framework["assessment"],
                                      "dimension_id": framework["dimension"], "level": level}, "level")
    assert message == f"Rating: level {level} is outside this framework's levels (1 to 4)."


def test_rating_inside_the_levels_is_kept_and_edit_outside_refused(ws, framework):
    rating = ws.insert("ratings", {"assessment_id": framework["assessment"],
                                   "dimension_id": framework["dimension"], "level": 4}).id
    message = refused(ws, "ratings", {"level": 5}, "level", row_id=rating)
    assert "(1 to 4)" in message
    assert ws.get("ratings", rating)["level"] == 4


def test_rating_a_dimension_of_another_framework_is_refused(ws, framework):
    other = ws.insert("frameworks", {"name": "Other"}).id
    dimension = ws.insert("dimensions", {"framework_id": other, "name": "Other data"}).id
    message = refused(ws, "ratings", {"assessment_id": framework["assessment"], "dimension_id": dimension,
                                      "level": 1}, "dimension_id")
    assert message == "Dimension: belongs to another framework."


def test_a_dimension_is_rated_once_per_assessment(ws, framework):
    ws.insert("ratings", {"assessment_id": framework["assessment"], "dimension_id": framework["dimension"],
                          "level": 2})
    message = refused(ws, "ratings", {"assessment_id": framework["assessment"],
                                      "dimension_id": framework["dimension"], "level": 3}, "dimension_id")
    assert message == "Dimension: this assessment already rates it."


def test_level_ranks_are_unique_in_a_framework(ws, framework):
    message = refused(ws, "levels", {"framework_id": framework["framework"], "rank": 4, "name": "Again"}, "rank")
    assert message == "Rank: this framework already has a level 4."
    assert "at most 20" in refused(ws, "levels", {"framework_id": framework["framework"], "rank": 21,
                                                  "name": "Too high"}, "rank")


def test_descriptor_level_of_another_framework_is_refused(ws, framework):
    other = ws.insert("frameworks", {"name": "Other"}).id
    level = ws.insert("levels", {"framework_id": other, "rank": 1, "name": "One"}).id
    message = refused(ws, "descriptors", {"dimension_id": framework["dimension"], "level_id": level}, "level_id")
    assert message == "Level: belongs to another framework."


def test_a_custom_round_needs_a_name(ws, framework, team):
    message = refused(ws, "assessments", {"team_id": team, "framework_id": framework["framework"],
                                          "round": "custom", "date": "2026-05-01"}, "label")
    assert message == "Round name: give a custom round a name."


def test_a_milestone_goal_must_be_of_the_same_team(ws, cohort, goal):
    other = ws.insert("teams", {"cohort_id": cohort, "state": "NE", "organization": "N"}).id
    message = refused(ws, "milestones", {"team_id": other, "goal_id": goal, "title": "M"}, "goal_id")
    assert message == "Goal: belongs to another team."


@pytest.mark.parametrize("table", ["team_members", "attendance", "session_facilitators"])
def test_a_person_is_listed_once(ws, cohort, team, person, table):
    session = ws.insert("sessions", session_row(cohort)).id
    row = {"team_members": {"team_id": team, "person_id": person},
           "attendance": {"session_id": session, "person_id": person, "status": "present"},
           "session_facilitators": {"session_id": session, "person_id": person}}[table]
    ws.insert(table, row)
    field = "person_id"
    assert refused(ws, table, row, field)


def test_every_error_of_a_row_is_reported_at_once(ws, program):
    with pytest.raises(ValidationError) as caught:
        ws.insert("cohorts", {"program_id": program, "name": "", "start_date": "2026-02-30",
                                  "end_date": "yesterday", "phase": "later"})
    fields = {e.field for e in caught.value.errors}
    assert fields == {"name", "start_date", "end_date", "phase"}
    assert caught.value.for_field("notes") is None


# --- warnings: written, but flagged ------------------------------------------


def test_cohort_with_five_teams_warns_and_is_written(ws, cohort):
    for state in ("IA", "NE", "KS", "MO"):
        ws.insert("teams", {"cohort_id": cohort, "state": state, "organization": state})
    change = ws.insert("teams", {"cohort_id": cohort, "state": "MN", "organization": "Minnesota"})
    assert "Cohort 1 has 5 state teams; a cohort is meant to have 6 to 8." in change.warnings
    assert ws.get("teams", change.id) is not None
    assert ws.count("teams") == 5


def test_cohort_with_six_teams_does_not_warn(ws, cohort):
    for state in ("IA", "NE", "KS", "MO", "MN"):
        ws.insert("teams", {"cohort_id": cohort, "state": state, "organization": state})
    change = ws.insert("teams", {"cohort_id": cohort, "state": "WI", "organization": "Wisconsin"})
    assert not [w for w in change.warnings if "Cohort 1" in w]


def test_cohort_with_nine_teams_warns(ws, cohort):
    states = ("IA", "NE", "KS", "MO", "MN", "WI", "IL", "SD")
    for state in states:
        ws.insert("teams", {"cohort_id": cohort, "state": state, "organization": state})
    change = ws.insert("teams", {"cohort_id": cohort, "state": "ND", "organization": "ND"})
    assert "Cohort 1 has 9 state teams; a cohort is meant to have 6 to 8." in change.warnings


def add_leader(ws, team, name, director=False):
    person = ws.insert("people", {"name": name}).id
    return ws.insert("team_members", {"team_id": team, "person_id": person,
                                      "is_executive_director": int(director)})


def test_team_with_two_leaders_warns_and_is_written(ws, team):
    add_leader(ws, team, "One", director=True)
    change = add_leader(ws, team, "Two")
    assert "The Iowa team has 2 leaders; the program asks for a team of 3." in change.warnings
    assert ws.get("team_members", change.id) is not None
    assert ws.count("team_members") == 2


def test_team_with_no_executive_director_warns(ws, team):
    add_leader(ws, team, "One")
    add_leader(ws, team, "Two")
    change = add_leader(ws, team, "Three")
    assert change.warnings == ("The Iowa team has no executive director among its leaders.",)
    assert ws.count("team_members") == 3


def test_complete_team_does_not_warn(ws, team):
    add_leader(ws, team, "One", director=True)
    add_leader(ws, team, "Two")
    change = add_leader(ws, team, "Three")
    assert change.warnings == ()


def test_a_new_team_warns_about_its_leaders_and_its_cohort(ws, cohort):
    change = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa"})
    assert any("has 0 leaders" in w for w in change.warnings)
    assert any("no executive director" in w for w in change.warnings)
    assert any("has 1 state team;" in w for w in change.warnings)


# --- no write through the door leaves a workspace `check` calls unhealthy -------


@pytest.mark.parametrize("change", ["delete level", "re-rank level", "move assessment to another framework"])
def test_ratings_stay_within_their_frameworks_levels(ws, framework, change):
    """`check` reports ratings outside their framework's levels as a problem;
    the door must not let an ordinary edit create one: refuse it, or keep the
    workspace healthy."""
    from equitycohort.data.maintenance import check_workspace

    ws.insert("ratings", {"assessment_id": framework["assessment"], "dimension_id": framework["dimension"],
                          "level": 4})
    level4 = ws.scalar("SELECT id FROM levels WHERE framework_id = ? AND rank = 4", (framework["framework"],))
    other = ws.insert("frameworks", {"name": "Three levels"}).id
    for rank in (1, 2, 3):
        ws.insert("levels", {"framework_id": other, "rank": rank, "name": f"L{rank}"})
    assert check_workspace(ws.path).healthy
    before = snapshot(ws)
    try:
        if change == "delete level":
            ws.delete("levels", level4)
        elif change == "re-rank level":
            ws.update("levels", level4, {"rank": 5})
        else:
            ws.update("assessments", framework["assessment"], {"framework_id": other})
    except ValidationError as exc:
        assert str(exc)
        assert snapshot(ws) == before
    report = check_workspace(ws.path)
    assert report.healthy, report.problems
