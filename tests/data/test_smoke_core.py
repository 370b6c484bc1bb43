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
