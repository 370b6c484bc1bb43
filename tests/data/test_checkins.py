"""Check-ins and their next steps: saving as one undo step, listing, marking steps done."""

from __future__ import annotations

import datetime as dt

import pytest

from equitycohort.data import ValidationError
from equitycohort.data.checkins import (
    cohort_checkins,
    default_next_checkin,
    delete_checkin,
    get_checkin,
    save_checkin,
    set_next_step_done,
    step_owners,
    team_checkins,
    usual_facilitator,
)

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def team(ws, cohort):
    return ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Children First"}).id


@pytest.fixture
def other_team(ws, cohort):
    return ws.insert("teams", {"cohort_id": cohort, "state": "NM", "organization": "Nuevo México Unido"}).id


@pytest.fixture
def leader(ws, team):
    person = ws.insert("people", {"name": "Ana Lima"}).id
    ws.insert("team_members", {"team_id": team, "person_id": person, "is_executive_director": 1})
    return person


@pytest.fixture
def facilitator(ws):
    return ws.insert("people", {"name": "Dana Facilitator", "kind": "facilitator"}).id


def values(team, **more) -> dict:
    return {"team_id": team, "date": "2026-03-10", "mode": "call",
            "summary": "Talked through the data plan.\nSecond line.", "next_checkin_date": "2026-04-07", **more}


def step_rows(ws, checkin_id) -> list[dict]:
    return ws.rows("SELECT id, description, owner_id, due_date, done, position FROM next_steps "
                   "WHERE checkin_id = ? ORDER BY position", (checkin_id,))


def test_add_check_in_with_next_steps_is_one_undo_step(ws, team, leader):
    change = save_checkin(ws, values(team, private_notes="Director seems stretched."), [
        {"description": "Send the survey draft", "owner_id": leader, "due_date": "2026-03-24"},
        {"description": "Book the data partner"},
    ])
    checkin_id = change.id
    assert ws.undo_label == "Add check-in"
    assert change.tables == {"checkins", "next_steps"}
    assert change.ids[0] == checkin_id
    row = ws.get("checkins", checkin_id)
    assert row["private_notes"] == "Director seems stretched." and row["mode"] == "call"
    steps = step_rows(ws, checkin_id)
    assert [(s["description"], s["owner_id"], s["due_date"], s["done"], s["position"]) for s in steps] == [
        ("Send the survey draft", leader, "2026-03-24", 0, 0),
        ("Book the data partner", None, None, 0, 1),
    ]

    ws.undo()
    assert ws.count("checkins") == 0 and ws.count("next_steps") == 0
    ws.redo()
    assert ws.get("checkins", checkin_id) is not None and len(step_rows(ws, checkin_id)) == 2


def test_editing_makes_the_next_steps_exactly_the_list(ws, team, leader, facilitator):
    checkin_id = save_checkin(ws, values(team), [
        {"description": "Keep, edited"}, {"description": "Drop me"}, {"description": "Keep as is"}]).id
    keep, drop, same = (s["id"] for s in step_rows(ws, checkin_id))
    before = {s["id"]: s for s in step_rows(ws, checkin_id)}

    assert save_checkin(ws, values(team, mode="video", facilitator_id=facilitator), [
        {"id": same, "description": "Keep as is"},
        {"id": keep, "description": "Kept, and edited", "owner_id": facilitator, "done": True},
        {"description": "A new one", "due_date": "2026-03-31"},
    ], checkin_id).id == checkin_id
    assert ws.undo_label == "Edit check-in"
    assert ws.get("checkins", checkin_id)["mode"] == "video"
    after = step_rows(ws, checkin_id)
    assert [(s["description"], s["owner_id"], s["done"], s["position"]) for s in after] == [
        ("Keep as is", None, 0, 0), ("Kept, and edited", facilitator, 1, 1), ("A new one", None, 0, 2)]
    assert after[0]["id"] == same and after[1]["id"] == keep and after[2]["id"] not in before
    assert ws.get("next_steps", drop) is None

    ws.undo()  # the whole edit, steps included, in one step
    assert ws.get("checkins", checkin_id)["mode"] == "call"
    assert step_rows(ws, checkin_id) == list(before.values())


def test_an_empty_list_removes_every_step(ws, team):
    checkin_id = save_checkin(ws, values(team), [{"description": "One"}, {"description": "Two"}]).id
    save_checkin(ws, values(team), [], checkin_id)
    assert step_rows(ws, checkin_id) == []


def test_next_check_in_before_the_date_is_refused_at_its_field(ws, team):
    with pytest.raises(ValidationError) as caught:
        save_checkin(ws, values(team, next_checkin_date="2026-03-01"), [{"description": "Step"}])
    message = caught.value.for_field("next_checkin_date")
    assert message and "Next check-in" in message and "before" in message
    assert ws.count("checkins") == 0 and ws.count("next_steps") == 0 and ws.undo_label == "Add state team"


def test_a_bad_step_is_named_by_number_and_nothing_is_saved(ws, team):
    with pytest.raises(ValidationError) as caught:
        save_checkin(ws, values(team), [{"description": "Fine"}, {"description": "  ", "due_date": "2026-03-20"}])
    assert caught.value.for_field("next_steps") == "Next step 2: cannot be empty."
    assert ws.count("checkins") == 0 and ws.count("next_steps") == 0


def test_problems_with_the_check_in_and_its_steps_are_reported_together(ws, team):
    with pytest.raises(ValidationError) as caught:
        save_checkin(ws, values(team, date="2026-02-30"), [{"description": ""}])
    assert caught.value.for_field("date") and caught.value.for_field("next_steps") == "Next step 1: cannot be empty."


def test_a_failed_edit_changes_nothing(ws, team):
    checkin_id = save_checkin(ws, values(team), [{"description": "One"}]).id
    before = step_rows(ws, checkin_id)
    with pytest.raises(ValidationError):
        save_checkin(ws, values(team, summary="Changed"), [{"description": ""}], checkin_id)
    assert ws.get("checkins", checkin_id)["summary"].startswith("Talked")
    assert step_rows(ws, checkin_id) == before and ws.undo_label == "Add check-in"


def test_set_next_step_done_and_back(ws, team):
    checkin_id = save_checkin(ws, values(team), [{"description": "Send the survey", "due_date": "2026-03-01"}]).id
    step = get_checkin(ws, checkin_id).next_steps[0]
    assert step.overdue(TODAY) and not step.done
    set_next_step_done(ws, step.id, True)
    assert ws.undo_label == "Mark next step done"
    step = get_checkin(ws, checkin_id).next_steps[0]
    assert step.done and not step.overdue(TODAY)
    set_next_step_done(ws, step.id, False)
    assert ws.undo_label == "Mark next step not done" and not get_checkin(ws, checkin_id).next_steps[0].done
    ws.undo()
    assert get_checkin(ws, checkin_id).next_steps[0].done


def test_cohort_checkins_newest_first_across_teams(ws, team, other_team, facilitator):
    first = save_checkin(ws, values(team, date="2026-01-20", next_checkin_date=None), []).id
    second = save_checkin(ws, values(other_team, date="2026-02-03", facilitator_id=facilitator,
                                     next_checkin_date=None), [{"description": "Step"}]).id
    same_day = save_checkin(ws, values(team, date="2026-02-03", next_checkin_date=None), []).id
    latest = save_checkin(ws, values(other_team, date="2026-03-01", next_checkin_date=None), []).id
    records = cohort_checkins(ws, ws.get("teams", team)["cohort_id"])
    assert [r.id for r in records] == [latest, same_day, second, first]  # same date: latest recorded first
    by_id = {r.id: r for r in records}
    assert by_id[second].state == "NM" and by_id[second].organization == "Nuevo México Unido"
    assert by_id[second].team_label == "New Mexico: Nuevo México Unido"
    assert by_id[second].facilitator_name == "Dana Facilitator" and by_id[second].who == "Dana Facilitator"
    assert [s.description for s in by_id[second].next_steps] == ["Step"]
    assert [r.id for r in team_checkins(ws, team)] == [same_day, first]


def test_cohort_checkins_leave_out_other_cohorts(ws, program, cohort, team):
    other_cohort = ws.insert("cohorts", {"program_id": program, "name": "Cohort 2",
                                         "start_date": "2027-01-12", "end_date": "2027-07-12"}).id
    elsewhere = ws.insert("teams", {"cohort_id": other_cohort, "state": "IA", "organization": "Iowa again"}).id
    mine = save_checkin(ws, values(team), []).id
    save_checkin(ws, values(elsewhere), [])
    assert [r.id for r in cohort_checkins(ws, cohort)] == [mine]


def test_record_helpers(ws, team):
    checkin_id = save_checkin(ws, values(team, summary="\n  \nFirst real line\nmore"), [
        {"description": "Open, overdue", "due_date": "2026-03-01"},
        {"description": "Open, not due", "due_date": "2026-04-01"},
        {"description": "Done", "due_date": "2026-03-01", "done": 1}]).id
    record = get_checkin(ws, checkin_id)
    assert record.summary_line == "First real line"
    assert record.open_steps() == 2 and record.overdue_steps(TODAY) == 1
    assert record.mode_label == "Call" and record.who == ""
    assert get_checkin(ws, "missing") is None


def test_default_next_checkin_is_four_weeks_on():
    assert default_next_checkin(dt.date(2026, 3, 10)) == dt.date(2026, 4, 7)


def test_step_owners_are_the_team_leaders_then_the_facilitators(ws, team, leader, facilitator):
    owners = step_owners(ws, team)
    assert [(o["id"], o["kind"]) for o in owners] == [(leader, "leader"), (facilitator, "facilitator")]
    assert [o["id"] for o in step_owners(ws, None)] == [facilitator]


def test_usual_facilitator_is_the_one_of_the_latest_check_in(ws, team, facilitator):
    assert usual_facilitator(ws, team) is None
    save_checkin(ws, values(team, facilitator_id=facilitator), [])
    save_checkin(ws, values(team, date="2026-03-20", next_checkin_date=None), [])
    assert usual_facilitator(ws, team) == facilitator


def test_delete_check_in_takes_its_steps_and_undo_restores_them(ws, team):
    checkin_id = save_checkin(ws, values(team), [{"description": "One"}, {"description": "Two"}]).id
    steps = step_rows(ws, checkin_id)
    delete_checkin(ws, checkin_id)
    assert ws.undo_label == "Delete check-in"
    assert ws.count("checkins") == 0 and ws.count("next_steps") == 0
    ws.undo()
    assert ws.get("checkins", checkin_id) is not None and step_rows(ws, checkin_id) == steps


def test_any_text_round_trips(ws, team):
    text = "Équipe <b>&amp; 日本語 — עברית\n\tTabbed"
    checkin_id = save_checkin(ws, values(team, summary=text, private_notes=text), [{"description": "<b>&"}]).id
    record = get_checkin(ws, checkin_id)
    assert record.summary == text and record.private_notes == text
    assert record.next_steps[0].description == "<b>&"
