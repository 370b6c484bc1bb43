"""The data layer's writers: each one step, each returning the Change that names its record.

These are the rules that used to live in dialogs (one executive director per
team, a team with its leaders, a cohort with a new program, a session with
its facilitators); here they are tested without a display.
"""

from __future__ import annotations

import pytest

from equitycohort.data.cohorts import add_cohort, delete_cohort, save_program
from equitycohort.data.errors import ValidationError
from equitycohort.data.partners import (
    delete_partner,
    focus_areas,
    list_partners,
    partner_choices,
    save_partner,
)
from equitycohort.data.schedule import (
    cohort_zone,
    delete_session,
    save_session,
    session_facilitator_ids,
    set_session_status,
)
from equitycohort.data.teams import (
    add_team,
    cohort_has_teams,
    make_executive_director,
    remove_leader,
    save_leader,
    taken_states,
    team_leaders,
)

LEADERS = [
    {"name": "Ana Ruiz", "email": "ana@example.org", "role": "Executive Director", "executive_director": True},
    {"name": "Ben Okafor", "role": "Policy Director"},
    {"name": "  ", "role": "left blank"},
    {"name": "Chen Li"},
]


def test_add_team_with_leaders_is_one_step_naming_the_team(ws, cohort):
    change = add_team(ws, cohort, {"state": "NM", "organization": "New Mexico Voices"}, LEADERS)
    assert change.label == "Add New Mexico team"
    assert ws.get("teams", change.id)["state"] == "NM"
    leaders = team_leaders(ws, change.id)
    assert [leader.name for leader in leaders] == ["Ana Ruiz", "Ben Okafor", "Chen Li"]
    assert [leader.is_executive_director for leader in leaders] == [True, False, False]
    assert ws.get("people", leaders[0].person_id)["organization"] == "New Mexico Voices"
    assert taken_states(ws, cohort) == {"NM"} and cohort_has_teams(ws, cohort)
    assert ws.undo().label == "Undo Add New Mexico team"
    assert ws.count("teams") == 0 and ws.count("people") == 0


def test_add_team_refuses_two_executive_directors(ws, cohort):
    leaders = [dict(LEADERS[0]), dict(LEADERS[1], executive_director=True)]
    with pytest.raises(ValidationError) as refused:
        add_team(ws, cohort, {"state": "IA", "organization": "Iowa Kids"}, leaders)
    assert refused.value.for_field("leaders") == "Leaders: a team has one executive director; 2 are marked."
    assert ws.count("teams") == 0


def test_add_team_names_the_leader_at_fault(ws, cohort):
    leaders = [LEADERS[0], {"name": "Ben", "email": "not an address"}]
    with pytest.raises(ValidationError) as refused:
        add_team(ws, cohort, {"state": "IA", "organization": "Iowa Kids"}, leaders)
    assert refused.value.for_field("leaders").startswith("Leader 2: ")
    assert ws.count("teams") == 0 and ws.count("people") == 0


def test_a_new_executive_director_takes_over_in_the_same_step(ws, cohort):
    team = add_team(ws, cohort, {"state": "IA", "organization": "Iowa Kids"}, LEADERS[:2]).id
    change = save_leader(ws, team, {"name": "Dana Cole"}, role="Executive Director", executive_director=True)
    assert change.label == "Add leader Dana Cole"
    assert ws.get("people", change.id)["name"] == "Dana Cole"
    directors = [leader.name for leader in team_leaders(ws, team) if leader.is_executive_director]
    assert directors == ["Dana Cole"]
    ws.undo()
    assert [leader.name for leader in team_leaders(ws, team) if leader.is_executive_director] == ["Ana Ruiz"]


def test_editing_a_leader_keeps_one_director(ws, cohort):
    team = add_team(ws, cohort, {"state": "IA", "organization": "Iowa Kids"}, LEADERS[:2]).id
    ben = next(leader for leader in team_leaders(ws, team) if leader.name == "Ben Okafor")
    change = save_leader(ws, team, {"name": "Ben Okafor", "email": "ben@example.org"}, role="ED",
                         executive_director=True, member_id=ben.member_id)
    assert change.id == ben.person_id and change.label == "Edit Ben Okafor"
    by_name = {leader.name: leader for leader in team_leaders(ws, team)}
    assert by_name["Ben Okafor"].is_executive_director and not by_name["Ana Ruiz"].is_executive_director
    assert by_name["Ben Okafor"].email == "ben@example.org" and by_name["Ben Okafor"].role == "ED"


def test_make_executive_director_and_remove_leader(ws, cohort):
    team = add_team(ws, cohort, {"state": "IA", "organization": "Iowa Kids"}, LEADERS[:2]).id
    ben = next(leader for leader in team_leaders(ws, team) if leader.name == "Ben Okafor")
    assert make_executive_director(ws, ben.member_id).label == "Make Ben Okafor executive director"
    assert [leader.name for leader in team_leaders(ws, team) if leader.is_executive_director] == ["Ben Okafor"]
    change = remove_leader(ws, ben.member_id)
    assert change.label == "Remove Ben Okafor from team"
    assert [leader.name for leader in team_leaders(ws, team)] == ["Ana Ruiz"]
    assert ws.get("people", ben.person_id) is not None  # stays in the directory
    assert "The Iowa team has no executive director among its leaders." in change.warnings


def test_a_leader_who_left_cannot_be_edited(ws, cohort):
    team = add_team(ws, cohort, {"state": "IA", "organization": "Iowa Kids"}, LEADERS[:1]).id
    with pytest.raises(ValidationError) as refused:
        save_leader(ws, team, {"name": "Ghost"}, role="", executive_director=False, member_id="gone")
    assert refused.value.for_field("id") == "This leader is no longer on the team."
    with pytest.raises(ValidationError):
        make_executive_director(ws, "gone")


def test_add_cohort_with_a_new_program_is_one_step(ws):
    change = add_cohort(ws, {"name": "Cohort 1", "start_date": "2027-01-12", "end_date": "2027-07-12"},
                        new_program="Operationalizing Equity")
    cohort = ws.get("cohorts", change.id)
    assert cohort["name"] == "Cohort 1"
    assert ws.get("programs", cohort["program_id"])["name"] == "Operationalizing Equity"
    ws.undo()
    assert ws.count("programs") == 0 and ws.count("cohorts") == 0


def test_add_cohort_reports_the_program_name_on_its_own_field(ws):
    with pytest.raises(ValidationError) as refused:
        add_cohort(ws, {"name": "Cohort 1", "start_date": "2027-01-12", "end_date": "2027-07-12"}, new_program=" ")
    assert refused.value.for_field("program_name").startswith("Program")
    assert ws.count("programs") == 0


def test_program_and_cohort_edits_and_delete(ws, program, cohort):
    assert save_program(ws, {"name": "Renamed"}, program).label == "Edit program"
    assert ws.get("programs", program)["name"] == "Renamed"
    assert delete_cohort(ws, cohort).label == "Delete Cohort 1"
    assert ws.get("cohorts", cohort) is None


def test_save_session_with_facilitators_then_edit_and_cancel(ws, cohort):
    maria = ws.insert("people", {"name": "Maria", "kind": "facilitator"}).id
    joe = ws.insert("people", {"name": "Joe", "kind": "facilitator"}).id
    values = {"title": "Shared language", "date": "2026-02-10", "start_time": "13:00",
              "timezone": "America/Chicago"}
    change = save_session(ws, cohort, values, [maria, joe])
    session = change.id
    assert change.label == "Add session" and ws.get("sessions", session)["cohort_id"] == cohort
    assert sorted(session_facilitator_ids(ws, session)) == sorted([maria, joe])
    edit = save_session(ws, cohort, {**values, "title": "Shared language, part 1"}, [joe], session)
    assert edit.id == session and edit.label == "Edit session"
    assert session_facilitator_ids(ws, session) == [joe]
    assert set_session_status(ws, session, "cancelled").label == "Cancel session"
    assert set_session_status(ws, session, "scheduled").label == "Restore session"
    assert cohort_zone(ws, cohort) == "America/Chicago"
    assert delete_session(ws, session).label == "Delete session"
    assert ws.count("session_facilitators") == 0


def test_cohort_zone_follows_the_teams_when_there_is_no_session(ws, cohort):
    assert cohort_zone(ws, cohort) == "America/New_York"
    add_team(ws, cohort, {"state": "AZ", "organization": "Arizona"}, [])
    add_team(ws, cohort, {"state": "NM", "organization": "New Mexico"}, [])
    add_team(ws, cohort, {"state": "CO", "organization": "Colorado"}, [])
    assert cohort_zone(ws, cohort) == "America/Denver"


def test_partners(ws):
    change = save_partner(ws, {"name": "Child Trends", "focus_areas": ["Communications"]})
    ws.insert("people", {"name": "Maria", "kind": "partner", "partner_id": change.id})
    assert partner_choices(ws) == [(change.id, "Child Trends")]
    [row] = list_partners(ws)
    assert row["contacts"] == 1 and focus_areas(row) == ["Communications"]
    assert focus_areas({"focus_areas": "{broken"}) == []
    assert delete_partner(ws, change.id).label == "Delete Child Trends"


def test_a_listener_that_fails_never_turns_a_committed_write_into_a_failure(ws, program, caplog):
    heard = []

    def broken(change):
        raise RuntimeError("a screen failed to redraw")

    ws.subscribe(broken)
    ws.subscribe(heard.append)
    change = ws.insert("cohorts", {"program_id": program, "name": "Cohort 9",
                                   "start_date": "2027-01-12", "end_date": "2027-07-12"})
    assert ws.get("cohorts", change.id)["name"] == "Cohort 9"
    assert [c.label for c in heard] == ["Add cohort"]  # the others still hear
    assert ws.undo_label == "Add cohort"
    assert "a listener failed after 'Add cohort'" in caplog.text


# --- the language of a team's documents (issue 14/16) ---------------------------------------------

def test_a_team_s_documents_follow_its_setting_else_its_leaders_else_english(ws, cohort):
    from equitycohort.data.teams import add_team, document_language, language_code, leaders_language

    assert [language_code(t) for t in ("Spanish", "español", "es-MX", "English, Spanish", "Tagalog", "", None)] == [
        "es", "es", "es", "en", None, None, None]
    team = add_team(ws, cohort, {"state": "TX", "organization": "Texas Kids"}, [
        {"name": "Ana", "executive_director": True}, {"name": "Ben"}, {"name": "Cy"}]).id
    assert leaders_language(ws, team) is None and document_language(ws, team) == "en"
    people = [r[0] for r in ws.query("SELECT person_id FROM team_members WHERE team_id = ? ORDER BY position",
                                     (team,))]
    ws.update("people", people[1], {"preferred_language": "Español"})
    ws.update("people", people[2], {"preferred_language": "spanish"})
    ws.update("people", people[0], {"preferred_language": "English"})
    assert document_language(ws, team) == "es"  # two of three
    ws.update("teams", team, {"language": "en"})
    assert document_language(ws, team) == "en"  # the team's own setting wins


def test_facilitators_are_listed_with_the_check_ins_they_held(ws, cohort):
    from equitycohort.data.partners import list_facilitators

    team = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Kids"}).id
    partner = ws.insert("partners", {"name": "Child Trends"}).id
    maria = ws.insert("people", {"name": "maria", "kind": "facilitator", "partner_id": partner}).id
    ws.insert("people", {"name": "Ben", "kind": "facilitator"})
    ws.insert("people", {"name": "Ann", "kind": "leader"})
    for day in ("2026-02-01", "2026-03-01"):
        ws.insert("checkins", {"team_id": team, "date": day, "mode": "call", "facilitator_id": maria})
    rows = list_facilitators(ws)
    assert [(r["name"], r["partner"], r["checkins"], r["last_checkin"]) for r in rows] == [
        ("Ben", None, 0, None), ("maria", "Child Trends", 2, "2026-03-01")]
