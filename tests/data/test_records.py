"""Every kind of record through the one write door: create, edit, delete,
undo and redo, with cascades, timestamps and ids.

``build`` makes a valid row for any kind (inserting the parents it needs);
the tests are parametrized over ``schema.KINDS`` so a new kind is covered as
soon as it gets a recipe here (and fails loudly until it does).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid

import pytest

from equitycohort.data import ValidationError
from equitycohort.data import workspace as workspace_module
from equitycohort.data.schema import FOCUS_AREAS, KINDS

# --- a valid row for every kind ------------------------------------------


def make(ws, table: str, **overrides) -> str:
    """Insert a valid ``table`` row (and its parents); return its id."""
    return ws.insert(table, build(ws, table, **overrides)).id


def build(ws, table: str, **overrides) -> dict:
    """The values of a valid new ``table`` row; parents are inserted as needed.

    Only fields not given in ``overrides`` get a made-up value (and parents).
    """

    def need(name, factory):
        return overrides[name] if name in overrides else factory()

    if table == "programs":
        row = {"name": "Operationalizing Equity", "organization": "Equity Institute",
               "description": "Six months of sessions.\nTwo lines."}
    elif table == "cohorts":
        row = {"program_id": need("program_id", lambda: make(ws, "programs")),
               "name": "Cohort 1", "start_date": "2026-01-13", "end_date": "2026-07-13",
               "phase": "active", "notes": "First cohort"}
    elif table == "partners":
        row = {"name": "Data Partners", "focus_areas": [FOCUS_AREAS[0], FOCUS_AREAS[3]],
               "website": "https://example.org", "notes": "Helps with data"}
    elif table == "people":
        row = {"name": "Ana Lima", "kind": "leader", "title": "Director",
               "organization": "Iowa Children First", "email": "ana@example.org",
               "phone": "+1 515 555 0100", "preferred_language": "Portuguese",
               "pronouns": "she/her",
               "partner_id": need("partner_id", lambda: make(ws, "partners")),
               "notes": "Prefers mornings"}
    elif table == "teams":
        row = {"cohort_id": need("cohort_id", lambda: make(ws, "cohorts")),
               "state": "IA", "organization": "Iowa Children First", "notes": "Strong data team"}
    elif table == "team_members":
        row = {"team_id": need("team_id", lambda: make(ws, "teams")),
               "person_id": need("person_id", lambda: make(ws, "people")),
               "role": "Executive director", "is_executive_director": 1, "position": 0}
    elif table == "sessions":
        team_id = need("team_id", lambda: make(ws, "teams"))
        row = {"cohort_id": need("cohort_id", lambda: ws.get("teams", team_id)["cohort_id"]),
               "team_id": team_id, "title": "Data walk", "kind": "team",
               "format": "in_person", "location": "Des Moines", "link": "https://meet.example.org/x",
               "date": "2026-02-10", "start_time": "13:30", "duration_minutes": 90,
               "timezone": "America/Chicago", "agenda": "1. Welcome\n2. Data",
               "status": "scheduled", "partner_id": need("partner_id", lambda: make(ws, "partners")),
               "notes": "Bring laptops"}
    elif table == "session_facilitators":
        row = {"session_id": need("session_id", lambda: make(ws, "sessions")),
               "person_id": need("person_id", lambda: make(ws, "people", kind="facilitator"))}
    elif table == "attendance":
        row = {"session_id": need("session_id", lambda: make(ws, "sessions")),
               "person_id": need("person_id", lambda: make(ws, "people")),
               "status": "present", "note": "On time"}
    elif table == "frameworks":
        row = {"name": "Equity capacity", "description": "Four levels", "source": "Institute",
               "licence": "CC BY 4.0"}
    elif table == "dimensions":
        row = {"framework_id": need("framework_id", lambda: make(ws, "frameworks")),
               "name": "Data", "description": "Using data", "position": 1}
    elif table == "levels":
        row = {"framework_id": need("framework_id", lambda: make(ws, "frameworks")),
               "rank": 1, "name": "Emerging"}
    elif table == "descriptors":
        framework = need("framework_id", lambda: make(ws, "frameworks"))
        row = {"dimension_id": need("dimension_id", lambda: make(ws, "dimensions", framework_id=framework)),
               "level_id": need("level_id", lambda: make(ws, "levels", framework_id=framework)),
               "text": "Data is collected but not disaggregated."}
    elif table == "assessments":
        row = {"team_id": need("team_id", lambda: make(ws, "teams")),
               "framework_id": need("framework_id", lambda: make(ws, "frameworks")),
               "round": "baseline", "label": "", "date": "2026-01-20", "notes": "Self-assessed"}
    elif table == "ratings":
        assessment = need("assessment_id", lambda: make(
            ws, "assessments", framework_id=need("framework_id", lambda: make(ws, "frameworks"))))
        framework = ws.get("assessments", assessment)["framework_id"]
        if not ws.scalar("SELECT count(*) FROM levels WHERE framework_id = ? AND rank = 2", (framework,)):
            make(ws, "levels", framework_id=framework, rank=2, name="Developing")
        row = {"assessment_id": assessment,
               "dimension_id": need("dimension_id", lambda: make(ws, "dimensions", framework_id=framework)),
               "level": 2, "evidence": "A data plan exists."}
    elif table == "goals":
        row = {"team_id": need("team_id", lambda: make(ws, "teams")),
               "title": "Disaggregate enrollment data", "description": "By race and language",
               "indicator": "Reports published", "unit": "reports", "baseline": 0.0,
               "target": 4.0, "current": 1.5, "position": 0}
    elif table == "actions":
        row = {"goal_id": need("goal_id", lambda: make(ws, "goals")),
               "title": "Draft the data plan",
               "owner_id": need("owner_id", lambda: make(ws, "people")),
               "start_date": "2026-02-01", "due_date": "2026-03-01", "status": "in_progress",
               "support_needed": "A template", "partner_id": need("partner_id", lambda: make(ws, "partners")),
               "notes": "", "position": 0}
    elif table == "milestones":
        team = need("team_id", lambda: make(ws, "teams"))
        row = {"team_id": team, "goal_id": need("goal_id", lambda: make(ws, "goals", team_id=team)),
               "title": "Plan approved", "due_date": "2026-04-01", "reached_date": None, "position": 0}
    elif table == "checkins":
        row = {"team_id": need("team_id", lambda: make(ws, "teams")),
               "date": "2026-02-15", "mode": "video",
               "facilitator_id": need("facilitator_id", lambda: make(ws, "people", kind="facilitator")),
               "partner_id": need("partner_id", lambda: make(ws, "partners")),
               "summary": "Good progress", "wins": "Data plan drafted", "challenges": "Staffing",
               "support_requested": "Templates", "private_notes": "Director leaving?",
               "next_checkin_date": "2026-03-15"}
    elif table == "next_steps":
        row = {"checkin_id": need("checkin_id", lambda: make(ws, "checkins")),
               "description": "Send the template", "owner_id": need("owner_id", lambda: make(ws, "people")),
               "due_date": "2026-02-20", "done": 0, "position": 0}
    else:  # pragma: no cover - a new kind needs a recipe here
        raise AssertionError(f"no recipe for {table}; add one to build()")
    row.update(overrides)
    # keys only used to choose parents (framework_id for ratings/descriptors)
    return {k: v for k, v in row.items() if k in KINDS[table].field_names}


def edits(ws, table: str) -> dict:
    """A valid change to a ``table`` row built by ``build``."""
    return {
        "programs": lambda: {"name": "Equity in Practice", "description": "Changed"},
        "cohorts": lambda: {"phase": "closed", "end_date": "2026-08-01"},
        "partners": lambda: {"website": "https://example.com/new", "focus_areas": []},
        "people": lambda: {"email": "ana.lima@example.net", "partner_id": None},
        "teams": lambda: {"organization": "Iowa Kids Count", "state": "NE"},
        "team_members": lambda: {"is_executive_director": 0, "role": "Data lead"},
        "sessions": lambda: {"status": "held", "start_time": "09:30"},
        "session_facilitators": lambda: {"person_id": make(ws, "people", name="Bea Diaz")},
        "attendance": lambda: {"status": "excused", "note": "Sick"},
        "frameworks": lambda: {"name": "Capacity framework"},
        "dimensions": lambda: {"position": 3},
        "levels": lambda: {"name": "Beginning"},
        "descriptors": lambda: {"text": "Changed descriptor"},
        "assessments": lambda: {"round": "custom", "label": "Spring"},
        "ratings": lambda: {"evidence": "Published two reports."},
        "goals": lambda: {"current": 2.5},
        "actions": lambda: {"status": "done", "owner_id": None},
        "milestones": lambda: {"reached_date": "2026-03-28"},
        "checkins": lambda: {"summary": "Changed\nsummary"},
        "next_steps": lambda: {"done": 1},
    }[table]()


def stored(table: str, name: str, value):
    """The value the workspace keeps for ``value`` given to field ``name``."""
    f = KINDS[table].field(name)
    if f.type == "json":
        return json.dumps(value, ensure_ascii=False)
    if f.type == "bool":
        return int(value)
    if f.type == "real" and value is not None:
        return float(value)
    return value


def dump(ws) -> dict[str, list[dict]]:
    """Every row of every kind, in a stable order."""
    return {table: ws.rows(f"SELECT * FROM {table} ORDER BY id") for table in KINDS}


def counts(ws) -> dict[str, int]:
    return {table: ws.count(table) for table in KINDS}


@pytest.fixture
def clock(monkeypatch):
    """A clock that moves one second at each reading, so edits get new stamps."""
    ticks = itertools.count()
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone.utc)

    def fake_now() -> str:
        return (start + dt.timedelta(seconds=next(ticks))).isoformat(timespec="milliseconds")

    monkeypatch.setattr(workspace_module, "now_iso", fake_now)


ALL_KINDS = sorted(KINDS)


def is_uuid_hex(value) -> bool:
    return isinstance(value, str) and len(value) == 32 and uuid.UUID(hex=value).hex == value


# --- create, edit, delete, undo, redo for every kind ----------------------


def test_every_kind_has_a_recipe(ws):
    for table in KINDS:
        assert set(build(ws, table)) <= set(KINDS[table].field_names)


@pytest.mark.parametrize("table", ALL_KINDS)
def test_create_stores_every_value(ws, table):
    values = build(ws, table)
    before = dump(ws)
    started = dt.datetime.now(dt.timezone.utc)
    change = ws.insert(table, values)
    finished = dt.datetime.now(dt.timezone.utc)

    assert change.label == f"Add {KINDS[table].singular}"
    assert change.direction == "do"
    assert table in change.tables
    row = ws.get(table, change.id)
    assert row is not None
    assert set(row) == {"id", "created", "modified", *KINDS[table].field_names}
    for name, value in values.items():
        assert row[name] == stored(table, name, value), name
    for f in KINDS[table].fields:
        if f.name not in values:
            expected = None if f.default is None else stored(table, f.name, f.default)
            assert row[f.name] == expected, f.name
    assert is_uuid_hex(row["id"])
    created = dt.datetime.fromisoformat(row["created"])
    assert created.tzinfo is not None
    assert started - dt.timedelta(milliseconds=1) <= created <= finished + dt.timedelta(milliseconds=1)
    assert row["modified"] == row["created"]

    after = dump(ws)
    assert ws.undo_label == f"Add {KINDS[table].singular}"
    undone = ws.undo()
    assert undone.label == f"Undo Add {KINDS[table].singular}"
    assert undone.direction == "undo"
    assert dump(ws) == before
    redone = ws.redo()
    assert redone.label == f"Redo Add {KINDS[table].singular}"
    assert dump(ws) == after


@pytest.mark.parametrize("table", ALL_KINDS)
def test_edit_changes_values_and_modified_then_undo_redo(ws, clock, table):
    row_id = make(ws, table)
    change_values = edits(ws, table)
    before = dump(ws)
    old = ws.get(table, row_id)

    change = ws.update(table, row_id, change_values)

    assert change.label == f"Edit {KINDS[table].singular}"
    new = ws.get(table, row_id)
    for name, value in change_values.items():
        assert new[name] == stored(table, name, value), name
    untouched = set(KINDS[table].field_names) - set(change_values)
    assert {n: new[n] for n in untouched} == {n: old[n] for n in untouched}
    assert new["created"] == old["created"]
    assert new["modified"] > old["modified"]
    after = dump(ws)

    ws.undo()
    assert dump(ws) == before
    ws.redo()
    assert dump(ws) == after


@pytest.mark.parametrize("table", ALL_KINDS)
def test_edit_without_a_change_adds_no_step(ws, clock, table):
    row_id = make(ws, table)
    before = dump(ws)
    ws.update(table, row_id, {})
    row = ws.get(table, row_id)
    ws.update(table, row_id, {name: row[name] for name in KINDS[table].field_names})
    assert dump(ws) == before
    assert ws.undo_label == f"Add {KINDS[table].singular}"


@pytest.mark.parametrize("table", ALL_KINDS)
def test_delete_then_undo_restores_exactly_and_redo_deletes_again(ws, table):
    row_id = make(ws, table)
    before = dump(ws)

    change = ws.delete(table, row_id)

    assert change.label == f"Delete {KINDS[table].singular}"
    assert ws.get(table, row_id) is None
    after = dump(ws)
    undone = ws.undo()
    assert undone.label == f"Undo Delete {KINDS[table].singular}"
    assert dump(ws) == before
    ws.redo()
    assert dump(ws) == after
    assert ws.get(table, row_id) is None


def test_ids_are_unique_uuid_hex_strings(ws):
    ids = []
    with ws.operation("Add many") as op:
        for n in range(300):
            ids.append(op.insert("programs", {"name": f"Program {n}"}))
    ids.append(make(ws, "next_steps"))
    every_id = [r["id"] for table in KINDS for r in ws.rows(f"SELECT id FROM {table}")]
    assert len(every_id) == len(set(every_id))
    assert set(ids) <= set(every_id)
    assert all(is_uuid_hex(i) for i in every_id)


def test_undo_and_redo_with_nothing_to_do(ws):
    assert ws.undo_label is None and ws.redo_label is None
    assert ws.undo() is None
    assert ws.redo() is None


def test_a_new_write_clears_redo(ws):
    make(ws, "programs")
    ws.undo()
    assert ws.redo_label == "Add program"
    make(ws, "partners")
    assert ws.redo_label is None
    assert ws.redo() is None


def test_listeners_hear_every_change(ws):
    heard = []
    ws.subscribe(heard.append)
    program = make(ws, "programs")
    ws.update("programs", program, {"name": "Renamed"})
    ws.undo()
    ws.redo()
    ws.delete("programs", program)
    ws.unsubscribe(heard.append)
    make(ws, "programs")
    assert [(c.label, c.direction) for c in heard] == [
        ("Add program", "do"), ("Edit program", "do"), ("Undo Edit program", "undo"),
        ("Redo Edit program", "redo"), ("Delete program", "do"),
    ]
    assert all(c.tables == {"programs"} for c in heard)


# --- operations: several writes, one step ---------------------------------


def test_an_operation_is_one_undo_step(ws, cohort):
    before = dump(ws)
    with ws.operation("Set up Iowa team") as op:
        team = op.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Kids"})
        for n in range(3):
            person = op.insert("people", {"name": f"Leader {n}"})
            op.insert("team_members", {"team_id": team, "person_id": person,
                                       "is_executive_director": int(n == 0), "position": n})
    assert ws.count("team_members") == 3
    assert op.change.ids[0] == team
    assert len(op.change.ids) == 7
    after = dump(ws)
    assert ws.undo().label == "Undo Set up Iowa team"
    assert dump(ws) == before
    assert ws.redo().label == "Redo Set up Iowa team"
    assert dump(ws) == after


def test_an_operation_that_fails_midway_writes_nothing(ws, cohort):
    before = dump(ws)
    label = ws.undo_label
    with pytest.raises(ValidationError) as caught, ws.operation("Set up team") as op:
        op.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Kids"})
        op.insert("teams", {"cohort_id": cohort, "state": "XX", "organization": "Nowhere"})
    assert caught.value.for_field("state").startswith("State:")
    assert dump(ws) == before
    assert ws.undo_label == label
    # and the workspace still takes writes afterwards
    make(ws, "teams", cohort_id=cohort)
    assert ws.count("teams") == 1


def test_an_exception_in_an_operation_rolls_back(ws, program):
    before = dump(ws)
    with pytest.raises(KeyError), ws.operation("Broken") as op:
        op.insert("partners", {"name": "Will vanish"})
        raise KeyError("boom")
    assert dump(ws) == before


def test_operations_do_not_nest(ws):
    with pytest.raises(RuntimeError), ws.operation("outer"), ws.operation("inner"):
        pass  # pragma: no cover
    make(ws, "programs")
    assert ws.count("programs") == 1


# --- cascades --------------------------------------------------------------


def full_cohort(ws) -> dict[str, str]:
    """A cohort with one of everything hanging off it; returns the ids."""
    ids: dict[str, str] = {}
    ids["program"] = make(ws, "programs")
    ids["cohort"] = make(ws, "cohorts", program_id=ids["program"])
    ids["partner"] = make(ws, "partners")
    ids["person"] = make(ws, "people", name="Owner Person", partner_id=ids["partner"])
    ids["other_person"] = make(ws, "people", name="Other Person", partner_id=ids["partner"])
    ids["team"] = make(ws, "teams", cohort_id=ids["cohort"], state="IA")
    ids["team2"] = make(ws, "teams", cohort_id=ids["cohort"], state="NE")
    for key, person in (("member", ids["person"]), ("member2", ids["other_person"])):
        ids[key] = make(ws, "team_members", team_id=ids["team"], person_id=person)
    ids["session"] = make(ws, "sessions", cohort_id=ids["cohort"], team_id=None, kind="cohort",
                          partner_id=ids["partner"])
    ids["team_session"] = make(ws, "sessions", team_id=ids["team2"], partner_id=ids["partner"])
    ids["facilitator"] = make(ws, "session_facilitators", session_id=ids["session"],
                              person_id=ids["other_person"])
    ids["attendance"] = make(ws, "attendance", session_id=ids["session"], person_id=ids["person"])
    ids["attendance2"] = make(ws, "attendance", session_id=ids["team_session"], person_id=ids["person"])
    ids["framework"] = make(ws, "frameworks")
    ids["assessment"] = make(ws, "assessments", team_id=ids["team"], framework_id=ids["framework"])
    ids["rating"] = make(ws, "ratings", assessment_id=ids["assessment"])
    ids["goal"] = make(ws, "goals", team_id=ids["team"])
    ids["action"] = make(ws, "actions", goal_id=ids["goal"], owner_id=ids["person"],
                         partner_id=ids["partner"])
    ids["milestone"] = make(ws, "milestones", team_id=ids["team"], goal_id=ids["goal"])
    ids["checkin"] = make(ws, "checkins", team_id=ids["team"], facilitator_id=ids["person"],
                          partner_id=ids["partner"])
    ids["next_step"] = make(ws, "next_steps", checkin_id=ids["checkin"], owner_id=ids["person"])
    return ids


def test_deleting_a_cohort_removes_everything_under_it_and_one_undo_restores_it(ws):
    ids = full_cohort(ws)
    # a second cohort that must not be touched
    other = make(ws, "teams")
    make(ws, "goals", team_id=other)
    before = dump(ws)
    kept_before = counts(ws)

    ws.delete("cohorts", ids["cohort"])

    after = counts(ws)
    for table in ("teams", "team_members", "sessions", "session_facilitators", "attendance",
                  "assessments", "ratings", "goals", "actions", "milestones", "checkins", "next_steps"):
        gone = ws.scalar(f"SELECT count(*) FROM {table} WHERE id IN ({','.join('?' * len(ids))})",
                         tuple(ids.values()))
        assert gone == 0, table
    assert ws.get("cohorts", ids["cohort"]) is None
    assert after["teams"] == 1 and after["goals"] == 1  # the other cohort's
    assert ws.get("teams", other) is not None
    # what the cohort does not own stays
    for table in ("programs", "people", "partners", "frameworks", "dimensions", "levels"):
        assert after[table] == kept_before[table], table
    assert ws.get("people", ids["person"]) is not None

    ws.undo()
    assert dump(ws) == before
    ws.redo()
    assert ws.get("cohorts", ids["cohort"]) is None
    assert counts(ws) == after


def test_deleting_a_program_removes_its_cohorts_and_their_contents(ws):
    ids = full_cohort(ws)
    before = dump(ws)
    ws.delete("programs", ids["program"])
    for table in ("programs", "cohorts", "teams", "sessions", "attendance", "goals", "actions",
                  "checkins", "next_steps", "ratings", "assessments"):
        assert ws.count(table) == 0, table
    assert ws.count("people") == 2
    ws.undo()
    assert dump(ws) == before


def test_deleting_a_person_clears_their_ownership_and_removes_their_memberships(ws):
    ids = full_cohort(ws)
    before = dump(ws)

    ws.delete("people", ids["person"])

    assert ws.get("people", ids["person"]) is None
    assert ws.get("actions", ids["action"])["owner_id"] is None
    assert ws.get("next_steps", ids["next_step"])["owner_id"] is None
    assert ws.get("checkins", ids["checkin"])["facilitator_id"] is None
    assert ws.get("team_members", ids["member"]) is None
    assert ws.get("attendance", ids["attendance"]) is None
    assert ws.get("attendance", ids["attendance2"]) is None
    # the rest of the action is as it was
    old_action = next(r for r in before["actions"] if r["id"] == ids["action"])
    new_action = ws.get("actions", ids["action"])
    assert {k: v for k, v in new_action.items() if k not in ("owner_id", "modified")} == \
        {k: v for k, v in old_action.items() if k not in ("owner_id", "modified")}
    # other people's records stay
    assert ws.get("team_members", ids["member2"]) is not None
    assert ws.get("session_facilitators", ids["facilitator"]) is not None

    undone = ws.undo()
    assert undone.label == "Undo Delete person"
    assert dump(ws) == before
    ws.redo()
    assert ws.get("actions", ids["action"])["owner_id"] is None


def test_deleting_a_partner_clears_references_and_keeps_the_records(ws):
    ids = full_cohort(ws)
    before = dump(ws)
    ws.delete("partners", ids["partner"])
    assert ws.get("people", ids["person"])["partner_id"] is None
    assert ws.get("sessions", ids["session"])["partner_id"] is None
    assert ws.get("actions", ids["action"])["partner_id"] is None
    assert ws.get("checkins", ids["checkin"])["partner_id"] is None
    assert counts(ws)["people"] == 2
    ws.undo()
    assert dump(ws) == before


def test_deleting_a_goal_keeps_its_milestones_unlinked(ws):
    ids = full_cohort(ws)
    before = dump(ws)
    ws.delete("goals", ids["goal"])
    assert ws.get("actions", ids["action"]) is None
    assert ws.get("milestones", ids["milestone"])["goal_id"] is None
    ws.undo()
    assert dump(ws) == before


def test_deleting_a_team_twice_reached_rows_restore_exactly(ws):
    """Milestones are reached through the goal (set null) and the team (cascade)."""
    ids = full_cohort(ws)
    before = dump(ws)
    ws.delete("teams", ids["team"])
    assert ws.get("milestones", ids["milestone"]) is None
    assert ws.get("goals", ids["goal"]) is None
    ws.undo()
    assert dump(ws) == before
    ws.redo()
    ws.undo()
    assert dump(ws) == before


def test_a_framework_in_use_cannot_be_deleted(ws):
    ids = full_cohort(ws)
    before = dump(ws)
    label = ws.undo_label
    with pytest.raises(ValidationError) as caught:
        ws.delete("frameworks", ids["framework"])
    assert "assessment" in str(caught.value)
    assert dump(ws) == before
    assert ws.undo_label == label
    ws.delete("assessments", ids["assessment"])
    ws.delete("frameworks", ids["framework"])
    assert ws.count("frameworks") == 0
    assert ws.count("levels") == 0 and ws.count("dimensions") == 0


def test_deleting_a_missing_record_does_nothing(ws, program):
    before = dump(ws)
    label = ws.undo_label
    ws.delete("programs", uuid.uuid4().hex)
    assert dump(ws) == before
    assert ws.undo_label == label


def test_editing_a_deleted_record_is_refused(ws, program):
    ws.delete("programs", program)
    with pytest.raises(ValidationError) as caught:
        ws.update("programs", program, {"name": "Back"})
    assert "no longer exists" in caught.value.for_field("id")


def test_many_undos_and_redos_walk_the_history_exactly(ws, clock):
    ids = full_cohort(ws)
    snapshots = []
    for step in (
        lambda: ws.update("teams", ids["team"], {"organization": "Renamed"}),
        lambda: ws.delete("people", ids["person"]),
        lambda: make(ws, "goals", team_id=ids["team2"]),
        lambda: ws.delete("cohorts", ids["cohort"]),
        lambda: make(ws, "programs"),
    ):
        snapshots.append(dump(ws))
        step()
    final = dump(ws)
    for snapshot in reversed(snapshots):
        ws.undo()
        assert dump(ws) == snapshot
    for snapshot in snapshots[1:]:
        ws.redo()
        assert dump(ws) == snapshot
    ws.redo()
    assert dump(ws) == final


def test_the_workspace_stays_healthy_through_all_of_it(ws):
    from equitycohort.data.maintenance import check_workspace

    for table in ALL_KINDS:
        make(ws, table)
    ids = full_cohort(ws)
    ws.delete("people", ids["person"])
    ws.delete("partners", ids["partner"])
    ws.undo()
    ws.delete("cohorts", ids["cohort"])
    ws.undo()
    ws.redo()
    report = check_workspace(ws.path)
    assert report.healthy, report.lines()
