"""The rules across records, without a display.

Program rules (rules.py) never refuse: a team of three with one executive
director and a cohort of six to eight teams are checked after every write
that touches them, and the warnings ride on the write's ``Change``. Rules of
integrity (validation.py's check_rules and check_delete) refuse, naming the
field, and leave the workspace as it was.
"""

from __future__ import annotations

import datetime as dt

import pytest

from equitycohort.data import ValidationError
from equitycohort.data.rules import cohort_warnings, team_warnings, warnings_after
from equitycohort.data.schema import KINDS
from equitycohort.data.workspace import RowChange

STATES = ("IA", "NE", "KS", "MO", "MN", "WI", "IL", "SD", "ND")


def snapshot(ws):
    return {t: ws.rows(f"SELECT * FROM {t} ORDER BY id") for t in KINDS}, ws.undo_label


def refused(ws, write, field: str) -> str:
    """Run ``write``; assert it is refused for ``field`` (message starting with its label), nothing written."""
    before = snapshot(ws)
    with pytest.raises(ValidationError) as caught:
        write()
    message = caught.value.for_field(field)
    assert message, f"no message for {field}: {caught.value.errors}"
    assert snapshot(ws) == before
    return message


def add_team(ws, cohort: str, state: str) -> str:
    return ws.insert("teams", {"cohort_id": cohort, "state": state, "organization": f"{state} org"}).id


def add_leader(ws, team: str, name: str, director: bool = False):
    person = ws.insert("people", {"name": name}).id
    return ws.insert("team_members", {"team_id": team, "person_id": person, "is_executive_director": int(director)})


@pytest.fixture
def team(ws, cohort) -> str:
    return add_team(ws, cohort, "IA")


@pytest.fixture
def full_team(ws, team) -> dict[str, str]:
    """Iowa with three leaders, the first its executive director: no warnings."""
    return {"ed": add_leader(ws, team, "Ana", director=True).id, "b": add_leader(ws, team, "Bea").id,
            "c": add_leader(ws, team, "Cy").id}


# --- a team of three with one executive director ------------------------------------


def test_a_team_is_warned_as_it_grows_to_three(ws, team):
    first = add_leader(ws, team, "Ana", director=True)
    assert first.warnings == ("The Iowa team has 1 leader; the program asks for a team of 3.",)
    second = add_leader(ws, team, "Bea")
    assert second.warnings == ("The Iowa team has 2 leaders; the program asks for a team of 3.",)
    assert add_leader(ws, team, "Cy").warnings == ()
    # warned, never refused
    assert ws.count("team_members") == 3


def test_a_fourth_leader_is_written_and_warned(ws, team, full_team):
    change = add_leader(ws, team, "Dee")
    assert change.warnings == ("The Iowa team has 4 leaders; the program asks for a team of 3.",)
    assert ws.get("team_members", change.id) is not None


def test_two_executive_directors_are_warned(ws, team):
    add_leader(ws, team, "Ana", director=True)
    add_leader(ws, team, "Bea")
    change = add_leader(ws, team, "Cy", director=True)
    assert change.warnings == ("The Iowa team has 2 leaders marked executive director.",)


def test_unmarking_the_director_warns_and_marking_another_clears_it(ws, team, full_team):
    change = ws.update("team_members", full_team["ed"], {"is_executive_director": 0})
    assert change.warnings == ("The Iowa team has no executive director among its leaders.",)
    assert ws.update("team_members", full_team["b"], {"is_executive_director": 1}).warnings == ()


def test_handing_the_role_over_in_one_step_gives_no_warning(ws, team, full_team):
    """Rules are checked after the whole step, not after each row."""
    with ws.operation("Make Bea executive director") as op:
        op.update("team_members", full_team["b"], {"is_executive_director": 1})
        op.update("team_members", full_team["ed"], {"is_executive_director": 0})
    assert op.change.warnings == ()


def test_removing_a_leader_warns(ws, team, full_team):
    change = ws.delete("team_members", full_team["c"])
    assert change.warnings == ("The Iowa team has 2 leaders; the program asks for a team of 3.",)
    change = ws.delete("team_members", full_team["ed"])
    assert change.warnings == ("The Iowa team has 1 leader; the program asks for a team of 3.",
                               "The Iowa team has no executive director among its leaders.")


def test_deleting_a_person_warns_about_the_team_they_led(ws, team, full_team):
    person = ws.get("team_members", full_team["b"])["person_id"]
    change = ws.delete("people", person)
    assert change.warnings == ("The Iowa team has 2 leaders; the program asks for a team of 3.",)


def test_moving_a_leader_warns_about_both_teams(ws, cohort, team, full_team):
    nebraska = add_team(ws, cohort, "NE")
    change = ws.update("team_members", full_team["c"], {"team_id": nebraska})
    assert change.warnings == (
        "The Nebraska team has 1 leader; the program asks for a team of 3.",
        "The Nebraska team has no executive director among its leaders.",
        "The Iowa team has 2 leaders; the program asks for a team of 3.",
    )


def test_a_new_team_is_warned_about_its_leaders_and_its_cohort(ws, cohort):
    change = ws.insert("teams", {"cohort_id": cohort, "state": "NE", "organization": "Nebraska Voices"})
    assert change.warnings == (
        "The Nebraska team has 0 leaders; the program asks for a team of 3.",
        "The Nebraska team has no executive director among its leaders.",
        "Cohort 1 has 1 state team; a cohort is meant to have 6 to 8.",
    )
    # editing the team re-checks its cohort only; its leaders did not change
    assert ws.update("teams", change.id, {"organization": "Nebraska"}).warnings == (
        "Cohort 1 has 1 state team; a cohort is meant to have 6 to 8.",)


def test_a_team_is_named_by_its_place(ws, cohort):
    for state, name in (("DC", "District of Columbia"), ("GU", "Guam"), ("PR", "Puerto Rico")):
        team = add_team(ws, cohort, state)
        assert team_warnings(ws, team)[0] == f"The {name} team has 0 leaders; the program asks for a team of 3."


def test_writes_elsewhere_and_undo_carry_no_warnings(ws, team):
    """An incomplete team is not re-announced by every unrelated write, nor by undo and redo."""
    add_leader(ws, team, "Ana")
    assert ws.insert("goals", {"team_id": team, "title": "Publish data"}).warnings == ()
    assert ws.insert("people", {"name": "Unrelated"}).warnings == ()
    add_leader(ws, team, "Bea")
    undo = ws.undo()
    assert undo.label == "Undo Add team leader" and undo.warnings == ()
    assert ws.redo().warnings == ()


def test_an_operations_own_warnings_come_first(ws, team):
    with ws.operation("Add leader") as op:
        person = op.insert("people", {"name": "Ana"})
        op.insert("team_members", {"team_id": team, "person_id": person, "is_executive_director": 1})
        op.warn("Ana has no e-mail address.")
    assert op.change.warnings == ("Ana has no e-mail address.",
                                       "The Iowa team has 1 leader; the program asks for a team of 3.")


def test_rule_functions_on_missing_records_say_nothing(ws):
    assert team_warnings(ws, "0" * 32) == []
    assert cohort_warnings(ws, "0" * 32) == []
    assert warnings_after(ws, []) == []
    assert warnings_after(ws, [RowChange("goals", "x", None, {"id": "x", "team_id": "y"})]) == []


# --- a cohort of six to eight teams ----------------------------------------------------


@pytest.mark.parametrize("teams,warned", [(1, True), (5, True), (6, False), (7, False), (8, False), (9, True)])
def test_cohort_size_bounds(ws, cohort, teams, warned):
    for state in STATES[:teams]:
        change = ws.insert("teams", {"cohort_id": cohort, "state": state, "organization": f"{state} org"})
    noun = "team" if teams == 1 else "teams"
    expected = [f"Cohort 1 has {teams} state {noun}; a cohort is meant to have 6 to 8."] if warned else []
    assert cohort_warnings(ws, cohort) == expected
    # the write that made it so carries the same warning, after the new team's own
    last = change.warnings
    assert [w for w in last if w.startswith("Cohort 1")] == expected


def test_deleting_a_team_below_six_warns_about_the_cohort(ws, cohort):
    teams = [add_team(ws, cohort, state) for state in STATES[:6]]
    change = ws.delete("teams", teams[0])
    assert change.warnings == ("Cohort 1 has 5 state teams; a cohort is meant to have 6 to 8.",)


def test_moving_a_team_to_another_cohort_warns_about_both(ws, program, cohort):
    other = ws.insert("cohorts", {"program_id": program, "name": "Cohort 2", "start_date": "2026-01-13",
                                  "end_date": "2026-07-13"}).id
    teams = [add_team(ws, cohort, state) for state in STATES[:6]]
    change = ws.update("teams", teams[0], {"cohort_id": other})
    assert change.warnings == ("Cohort 2 has 1 state team; a cohort is meant to have 6 to 8.",
                               "Cohort 1 has 5 state teams; a cohort is meant to have 6 to 8.")


# --- integrity rules that refuse, naming the field ----------------------------------------


def test_a_team_session_must_keep_a_team_of_its_cohort(ws, program, cohort, team):
    other = ws.insert("cohorts", {"program_id": program, "name": "Cohort 2", "start_date": "2026-01-13",
                                  "end_date": "2026-07-13"}).id
    elsewhere = add_team(ws, other, "NE")
    walk = ws.insert("sessions", {"cohort_id": cohort, "title": "Walk", "date": "2026-02-10",
                                  "kind": "team", "team_id": team}).id
    message = refused(ws, lambda: ws.update("sessions", walk, {"team_id": elsewhere}), "team_id")
    assert message == "Team: is not in this session's cohort."
    message = refused(ws, lambda: ws.update("sessions", walk, {"cohort_id": other}), "team_id")
    assert message == "Team: is not in this session's cohort."
    message = refused(ws, lambda: ws.update("sessions", walk, {"team_id": None}), "team_id")
    assert message == "Team: choose the team this session supports."
    # moving session and team together is fine; a cohort-wide session needs no team
    ws.update("sessions", walk, {"cohort_id": other, "team_id": elsewhere})
    ws.update("sessions", walk, {"kind": "cohort", "team_id": None})
    assert ws.get("sessions", walk)["kind"] == "cohort"


def test_turning_a_cohort_session_into_a_team_session_needs_a_team(ws, cohort):
    kickoff = ws.insert("sessions", {"cohort_id": cohort, "title": "Kickoff", "date": "2026-02-10"}).id
    message = refused(ws, lambda: ws.update("sessions", kickoff, {"kind": "team"}), "team_id")
    assert message == "Team: choose the team this session supports."


def test_an_actions_owner_must_be_a_person_and_goes_with_them(ws, team):
    goal = ws.insert("goals", {"team_id": team, "title": "Publish data"}).id
    message = refused(ws, lambda: ws.insert("actions", {"goal_id": goal, "title": "Draft",
                                                        "owner_id": "0" * 32}), "owner_id")
    assert message == "Owner: no such person."
    owner = ws.insert("people", {"name": "Ana"}).id
    action = ws.insert("actions", {"goal_id": goal, "title": "Draft", "owner_id": owner}).id
    # deleting the owner keeps the action, without an owner; undo gives it back
    ws.delete("people", owner)
    assert ws.get("actions", action)["owner_id"] is None
    ws.undo()
    assert ws.get("actions", action)["owner_id"] == owner


def test_a_milestone_moved_to_another_team_cannot_keep_its_goal(ws, cohort, team):
    goal = ws.insert("goals", {"team_id": team, "title": "Publish data"}).id
    milestone = ws.insert("milestones", {"team_id": team, "goal_id": goal, "title": "Plan approved"}).id
    nebraska = add_team(ws, cohort, "NE")
    message = refused(ws, lambda: ws.update("milestones", milestone, {"team_id": nebraska}), "goal_id")
    assert message == "Goal: belongs to another team."
    ws.update("milestones", milestone, {"team_id": nebraska, "goal_id": None})
    assert ws.get("milestones", milestone)["team_id"] == nebraska


@pytest.fixture
def rated(ws, team) -> dict[str, str]:
    """A framework with levels 1..3, an assessment of Iowa and one rating at level 3."""
    with ws.operation("Framework") as op:
        fw = op.insert("frameworks", {"name": "Capacity"})
        levels = [op.insert("levels", {"framework_id": fw, "rank": r, "name": f"L{r}"}) for r in (1, 2, 3)]
        dimension = op.insert("dimensions", {"framework_id": fw, "name": "Data"})
        assessment = op.insert("assessments", {"team_id": team, "framework_id": fw, "round": "baseline",
                                               "date": "2026-01-20"})
        rating = op.insert("ratings", {"assessment_id": assessment, "dimension_id": dimension, "level": 3})
    return {"framework": fw, "level1": levels[0], "level3": levels[2], "dimension": dimension,
            "assessment": assessment, "rating": rating}


def test_a_framework_in_use_cannot_be_deleted(ws, rated):
    message = refused(ws, lambda: ws.delete("frameworks", rated["framework"]), "id")
    assert message == "This framework is used by 1 assessment(s); delete those first."
    # once its assessment is gone, it can be, with its levels and dimensions
    ws.delete("assessments", rated["assessment"])
    ws.delete("frameworks", rated["framework"])
    assert ws.count("levels") == ws.count("dimensions") == ws.count("ratings") == 0


def test_a_level_given_as_a_rating_cannot_be_deleted_or_renumbered(ws, rated):
    message = refused(ws, lambda: ws.delete("levels", rated["level3"]), "id")
    assert message == ("Level 3 (L3) is the rating of 1 assessment answer(s); "
                       "change those ratings before removing the level.")
    message = refused(ws, lambda: ws.update("levels", rated["level3"], {"rank": 4}), "rank")
    assert message == "Rank: level 3 is the rating of 1 assessment answer(s); it cannot be renumbered or moved."
    # renaming it is fine; an unused level can be renumbered and deleted
    ws.update("levels", rated["level3"], {"name": "Leading"})
    ws.update("levels", rated["level1"], {"rank": 5})
    ws.delete("levels", rated["level1"])
    assert sorted(r["rank"] for r in ws.rows("SELECT rank FROM levels")) == [2, 3]


def test_a_rating_must_stay_within_its_frameworks_levels(ws, rated):
    message = refused(ws, lambda: ws.update("ratings", rated["rating"], {"level": 4}), "level")
    assert message == "Rating: level 4 is outside this framework's levels (1 to 3)."
    ws.update("ratings", rated["rating"], {"level": 1})
    assert ws.get("ratings", rated["rating"])["level"] == 1


def test_a_rated_assessment_cannot_change_framework(ws, team, rated):
    other = ws.insert("frameworks", {"name": "Other"}).id
    message = refused(ws, lambda: ws.update("assessments", rated["assessment"], {"framework_id": other}),
                      "framework_id")
    assert message.startswith("Framework: this assessment already has ratings in its framework")
    unrated = ws.insert("assessments", {"team_id": team, "framework_id": rated["framework"],
                                        "round": "midpoint", "date": "2026-04-01"}).id
    ws.update("assessments", unrated, {"framework_id": other})
    assert ws.get("assessments", unrated)["framework_id"] == other


def test_unique_rules_hold_on_edits_too(ws, cohort, team):
    nebraska = add_team(ws, cohort, "NE")
    message = refused(ws, lambda: ws.update("teams", nebraska, {"state": "IA"}), "state")
    assert message == "State: Iowa already has a team in this cohort."
    # saving a row unchanged, or with its own values, is not a clash with itself
    ws.update("teams", team, {"state": "IA", "organization": "Iowa Kids"})
    person = ws.insert("people", {"name": "Ana"}).id
    ws.insert("team_members", {"team_id": team, "person_id": person})
    on_nebraska = ws.insert("team_members", {"team_id": nebraska, "person_id": person}).id
    message = refused(ws, lambda: ws.update("team_members", on_nebraska, {"team_id": team}), "person_id")
    assert message == "Person: is already a leader of this team."


def test_an_edit_to_a_missing_record_is_refused(ws):
    message = refused(ws, lambda: ws.update("teams", "0" * 32, {"organization": "Gone"}), "id")
    assert message == "This state team no longer exists."


# --- warnings, not refusals, for dates outside what is expected (issue 14) ------------------------

def test_a_session_after_the_cohort_ends_is_saved_with_a_warning(ws, cohort):
    change = ws.insert("sessions", {"cohort_id": cohort, "title": "Reunion", "date": "2026-09-01"})
    assert ws.get("sessions", change.id) is not None
    assert change.warnings == ("“Reunion” is on Sep 1, 2026, after Cohort 1 ends (Jul 13, 2026).",)
    assert ws.update("sessions", change.id, {"date": "2026-06-01"}).warnings == ()


def test_attendance_for_a_session_not_yet_held_is_saved_with_a_warning(ws, cohort):
    from equitycohort.data.attendance import set_attendance

    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    session = ws.insert("sessions", {"cohort_id": cohort, "title": "Next month", "date": future}).id
    person = ws.insert("people", {"name": "Ana"}).id
    change = set_attendance(ws, session, {person: "present"})
    assert ws.count("attendance") == 1
    assert change.warnings[0].startswith("Attendance was recorded for “Next month”, which is not until")


def test_an_assessment_dated_outside_the_cohort_is_saved_with_a_warning(ws, cohort):
    from equitycohort.data.frameworks import install_default_framework

    team = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Kids"}).id
    framework = install_default_framework(ws).id
    change = ws.insert("assessments", {"team_id": team, "framework_id": framework, "round": "baseline",
                                       "date": "2025-12-01"})
    assert change.warnings == ("The assessment is dated Dec 1, 2025, outside Cohort 1 (Jan 13, 2026 to "
                               "Jul 13, 2026).",)
    inside = ws.insert("assessments", {"team_id": team, "framework_id": framework, "round": "midpoint",
                                       "date": "2026-04-14"})
    assert inside.warnings == ()
