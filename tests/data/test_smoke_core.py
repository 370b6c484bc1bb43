"""The first floor: create, validate, undo and redo through the one door."""

from __future__ import annotations

import pytest

from equitycohort.data import ValidationError


def test_insert_then_undo_and_redo(ws, cohort):
    team = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Children First"})
    assert ws.get("teams", team.id)["organization"] == "Iowa Children First"
    assert ws.undo_label == "Add state team"
    undone = ws.undo()
    assert undone.label == "Undo Add state team"
    assert ws.get("teams", team.id) is None
    ws.redo()
    assert ws.get("teams", team.id)["state"] == "IA"


def test_empty_name_is_refused_naming_the_field(ws):
    with pytest.raises(ValidationError) as caught:
        ws.insert("programs", {"name": "   "})
    assert caught.value.for_field("name") == "Name: cannot be empty."
    assert ws.count("programs") == 0


def test_a_new_workspace_ships_with_the_default_framework_and_no_undo_step(tmp_path):
    from equitycohort.data.frameworks import DEFAULT_FRAMEWORK
    from equitycohort.data.workspace import create_workspace

    with create_workspace(tmp_path / "new.ecw") as ws:
        assert ws.scalar("SELECT name FROM frameworks") == DEFAULT_FRAMEWORK["name"]
        assert ws.count("dimensions") == len(DEFAULT_FRAMEWORK["dimensions"])
        assert ws.count("levels") == len(DEFAULT_FRAMEWORK["levels"])
        assert ws.undo_label is None


def test_the_demo_reuses_the_framework_a_new_workspace_carries(tmp_path):
    from equitycohort.data.demo import populate_demo
    from equitycohort.data.workspace import create_workspace

    with create_workspace(tmp_path / "demo.ecw") as ws:
        populate_demo(ws)
        assert ws.count("frameworks") == 1
        assert ws.scalar("SELECT count(DISTINCT framework_id) FROM assessments") == 1
