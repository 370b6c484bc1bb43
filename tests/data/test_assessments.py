"""Self-assessments in the data layer: recording rounds, growth, editing frameworks, JSON."""

from __future__ import annotations

import json

import pytest

from equitycohort.data.assessments import (
    cohort_framework,
    cohort_growth,
    delete_round,
    growth,
    load_framework,
    next_round,
    save_round,
    team_rounds,
)
from equitycohort.data.errors import ValidationError
from equitycohort.data.frameworks import (
    DEFAULT_FRAMEWORK,
    add_level,
    delete_dimension,
    delete_framework,
    delete_level,
    dimension_ratings,
    edit_framework,
    export_framework_json,
    framework_spec,
    import_framework_json,
    install_default_framework,
    move_dimension,
    parse_framework_json,
    rename_level,
    save_dimension,
)


@pytest.fixture
def framework(ws):
    return install_default_framework(ws).id


@pytest.fixture
def team(ws, cohort):
    return ws.insert("teams", {"cohort_id": cohort, "state": "CO", "organization": "Colorado Kids"}).id


def dims(ws, framework_id) -> list[str]:
    return [d for d, _ in load_framework(ws, framework_id).dimensions]


def all_at(ws, framework_id, level, evidence="") -> dict:
    return {d: (level, evidence) for d in dims(ws, framework_id)}


# --- recording rounds --------------------------------------------------------

def test_save_round_is_one_undo_step(ws, framework, team):
    d = dims(ws, framework)
    ratings = {d[0]: (2, "A written equity screen exists"), d[1]: (1, ""), d[2]: (None, "")}
    assessment = save_round(ws, team, framework, "midpoint", "2026-04-14", ratings).id
    assert ws.undo_label == "Record midpoint assessment"
    [r] = team_rounds(ws, team)
    assert (r.id, r.round, r.label, r.date) == (assessment, "midpoint", "Midpoint", "2026-04-14")
    assert r.ratings == {d[0]: 2, d[1]: 1}  # the unrated dimension is left out
    assert r.evidence[d[0]] == "A written equity screen exists"
    ws.undo()
    assert team_rounds(ws, team) == [] and ws.count("ratings") == 0
    ws.redo()
    assert team_rounds(ws, team)[0].ratings == {d[0]: 2, d[1]: 1}


def test_editing_a_round_updates_adds_and_removes_ratings_in_one_step(ws, framework, team):
    d = dims(ws, framework)
    assessment = save_round(ws, team, framework, "baseline", "2026-01-20", {d[0]: (1, "x"), d[1]: (2, "y")}).id
    same = save_round(ws, team, framework, "baseline", "2026-01-21",
                      {d[0]: (3, "better"), d[1]: (None, ""), d[2]: (4, "")}, assessment_id=assessment).id
    assert same == assessment
    assert ws.undo_label == "Edit baseline assessment"
    [r] = team_rounds(ws, team)
    assert r.date == "2026-01-21"
    assert r.ratings == {d[0]: 3, d[2]: 4}
    assert r.evidence[d[0]] == "better"
    ws.undo()
    [r] = team_rounds(ws, team)
    assert (r.date, r.ratings) == ("2026-01-20", {d[0]: 1, d[1]: 2})


def test_save_round_refuses_a_level_outside_the_framework_naming_the_dimension(ws, framework, team):
    d = dims(ws, framework)
    before = ws.undo_label
    with pytest.raises(ValidationError) as caught:
        save_round(ws, team, framework, "baseline", "2026-01-20", {d[0]: (2, ""), d[3]: (7, "")})
    message = caught.value.for_field(f"level:{d[3]}")
    assert message == ("Data disaggregation and use: level 7 is outside this framework's levels (1 to 4).")
    assert ws.count("assessments") == 0 and ws.undo_label == before


def test_the_write_door_refuses_an_out_of_range_rating_too(ws, framework, team):
    assessment = ws.insert("assessments", {"team_id": team, "framework_id": framework, "round": "baseline",
                                           "date": "2026-01-20"}).id
    with pytest.raises(ValidationError) as caught:
        ws.insert("ratings", {"assessment_id": assessment, "dimension_id": dims(ws, framework)[0], "level": 0})
    assert caught.value.for_field("level") == "Rating: level 0 is outside this framework's levels (1 to 4)."


def test_save_round_errors_are_placed_by_field(ws, framework, team):
    d = dims(ws, framework)
    with pytest.raises(ValidationError) as caught:
        save_round(ws, team, framework, "custom", "2026-13-01", {d[0]: (None, "")})
    fields = {e.field for e in caught.value.errors}
    assert "ratings" in fields  # nothing rated
    with pytest.raises(ValidationError) as caught:
        save_round(ws, team, framework, "custom", "2026-02-30", {d[0]: (2, "")}, label="  ")
    assert {e.field for e in caught.value.errors} == {"date", "label"}
    with pytest.raises(ValidationError) as caught:
        save_round(ws, team, framework, "baseline", "2026-02-03", {d[0]: (2, "bad\x00evidence")})
    assert caught.value.for_field(f"evidence:{d[0]}").startswith("Equity in the policy agenda: Evidence:")
    assert ws.count("assessments") == 0


def test_one_baseline_per_team_and_framework_but_any_number_of_custom_rounds(ws, framework, team):
    d = dims(ws, framework)
    save_round(ws, team, framework, "baseline", "2026-01-20", {d[0]: (1, "")})
    assert next_round(ws, team, framework) == "midpoint"
    with pytest.raises(ValidationError) as caught:
        save_round(ws, team, framework, "baseline", "2026-02-20", {d[0]: (2, "")})
    assert "already has a baseline assessment (dated 2026-01-20)" in caught.value.for_field("round")
    save_round(ws, team, framework, "custom", "2026-02-20", {d[0]: (2, "")}, label="Retreat")
    save_round(ws, team, framework, "custom", "2026-03-20", {d[0]: (2, "")}, label="Retreat 2")
    assert ws.undo_label == "Record “Retreat 2” assessment"
    assert [r.label for r in team_rounds(ws, team)] == ["Baseline", "Retreat", "Retreat 2"]


def test_delete_round_takes_its_ratings_and_undoes(ws, framework, team):
    assessment = save_round(ws, team, framework, "end", "2026-07-01", all_at(ws, framework, 3)).id
    delete_round(ws, assessment)
    assert ws.undo_label == "Delete end assessment"
    assert ws.count("ratings") == 0
    ws.undo()
    assert ws.count("ratings") == 8


# --- growth -------------------------------------------------------------------

def test_growth_per_dimension_is_first_rating_against_latest(ws, framework, team):
    d = dims(ws, framework)
    save_round(ws, team, framework, "midpoint", "2026-04-10", {d[0]: (2, ""), d[1]: (2, ""), d[2]: (1, "")})
    save_round(ws, team, framework, "baseline", "2026-01-10", {d[0]: (1, ""), d[1]: (3, "")})
    fw = load_framework(ws, framework)
    rows = growth(fw, team_rounds(ws, team, framework))
    assert [(g.baseline, g.latest, g.change) for g in rows[:4]] == [
        (1, 2, 1), (3, 2, -1),
        (1, None, None),  # rated only once: no change to show yet
        (None, None, None),
    ]
    assert rows[2].current == 1 and rows[0].current == 2
    assert rows[0].dimension == "Equity in the policy agenda"


def test_cohort_growth_rows_per_team_in_state_order(ws, framework, cohort, team):
    d = dims(ws, framework)
    other = ws.insert("teams", {"cohort_id": cohort, "state": "AZ", "organization": "Arizona Families"}).id
    idle = ws.insert("teams", {"cohort_id": cohort, "state": "WI", "organization": "Wisconsin Kids"}).id
    save_round(ws, team, framework, "baseline", "2026-01-10", all_at(ws, framework, 1))
    save_round(ws, team, framework, "midpoint", "2026-04-10", {**all_at(ws, framework, 2), d[7]: (1, "")})
    save_round(ws, other, framework, "baseline", "2026-01-12", {d[0]: (3, "")})
    rows = cohort_growth(ws, cohort, framework)
    assert [(r.team_id, r.name, r.rounds) for r in rows] == [
        (other, "Arizona", 1), (team, "Colorado", 2), (idle, "Wisconsin", 0)]
    colorado = rows[1]
    assert [(g.baseline, g.latest) for g in colorado.growth] == [(1, 2)] * 7 + [(1, 1)]
    assert [g.change for g in colorado.growth] == [1] * 7 + [0]
    assert (rows[0].growth[0].current, rows[0].growth[0].change, rows[0].growth[1].current) == (3, None, None)
    assert all(g.current is None for g in rows[2].growth)
    assert cohort_framework(ws, cohort) == framework


def test_cohort_growth_ignores_other_frameworks_and_cohorts(ws, framework, cohort, team, program):
    other_framework = import_framework_json(ws, export_framework_json(ws, framework)).id
    save_round(ws, team, other_framework, "baseline", "2026-01-10", all_at(ws, other_framework, 4))
    later = ws.insert("cohorts", {"program_id": program, "name": "Cohort 2",
                                  "start_date": "2027-01-13", "end_date": "2027-07-13"}).id
    elsewhere = ws.insert("teams", {"cohort_id": later, "state": "CO", "organization": "Colorado Kids"}).id
    save_round(ws, elsewhere, framework, "baseline", "2027-01-20", all_at(ws, framework, 2))
    [row] = cohort_growth(ws, cohort, framework)
    assert row.rounds == 0
    assert cohort_framework(ws, cohort) == other_framework


# --- editing a framework --------------------------------------------------------

def test_each_framework_edit_is_one_undo_step(ws, framework):
    fw = load_framework(ws, framework)
    first, second = fw.dimensions[0][0], fw.dimensions[1][0]

    new = save_dimension(ws, framework, "Budget", "Where the money goes", {1: "No line for equity", 4: "Funded"}).id
    assert ws.undo_label == "Add dimension Budget"
    assert load_framework(ws, framework).dimensions[-1] == (new, "Budget")
    assert framework_spec(ws, framework)["dimensions"][-1]["descriptors"] == {"1": "No line for equity",
                                                                            "4": "Funded"}
    save_dimension(ws, framework, "Budgets", "Where the money goes", dimension_id=new)
    assert ws.undo_label == "Edit dimension"
    move_dimension(ws, second, -1)
    assert ws.undo_label == "Move dimension Shared language and understanding up"
    assert [d for d, _ in load_framework(ws, framework).dimensions][:2] == [second, first]
    ws.undo()
    assert [d for d, _ in load_framework(ws, framework).dimensions][:2] == [first, second]
    move_dimension(ws, first, -1)  # already first: nothing to do, no step
    assert ws.undo_label == "Edit dimension"

    level = add_level(ws, framework, "Sustaining").id
    assert ws.undo_label == "Add level Sustaining"
    assert load_framework(ws, framework).levels[-1] == (5, "Sustaining")
    rename_level(ws, level, "Sustained")
    assert load_framework(ws, framework).level_name(5) == "Sustained"

    name = load_framework(ws, framework).dimensions[0][1]
    save_dimension(ws, framework, name, None, {5: "Equity is how the organization works"}, dimension_id=first)
    save_dimension(ws, framework, name, None, {5: "", 1: "Rewritten"}, dimension_id=first)
    assert ws.undo_label == "Edit dimension"
    spec = framework_spec(ws, framework)["dimensions"][0]["descriptors"]
    assert "5" not in spec and spec["1"] == "Rewritten"
    ws.undo()
    assert framework_spec(ws, framework)["dimensions"][0]["descriptors"]["5"] == "Equity is how the organization works"

    edit_framework(ws, framework, {"source": "Adapted by us", "licence": "CC BY-SA 4.0"})
    assert ws.undo_label == "Edit framework details"
    assert ws.get("frameworks", framework)["licence"] == "CC BY-SA 4.0"


def test_descriptor_for_a_level_that_does_not_exist_is_refused(ws, framework):
    first = dims(ws, framework)[0]
    with pytest.raises(ValidationError) as caught:
        save_dimension(ws, framework, "First", None, {9: "Beyond"}, dimension_id=first)
    assert caught.value.for_field("descriptor:9") == "Descriptor: there is no level 9."


def test_deleting_a_dimension_takes_its_ratings_and_undo_brings_them_back(ws, framework, team):
    d = dims(ws, framework)
    save_round(ws, team, framework, "baseline", "2026-01-10", all_at(ws, framework, 2))
    assert dimension_ratings(ws, d[0]) == 1
    delete_dimension(ws, d[0])
    assert ws.undo_label == "Delete dimension Equity in the policy agenda"
    assert ws.count("ratings") == 7
    ws.undo()
    assert ws.count("ratings") == 8 and dims(ws, framework) == d


def test_deleting_a_level_closes_the_gap_unless_higher_levels_are_rated(ws, framework, team):
    levels = dict(ws.query("SELECT rank, id FROM levels WHERE framework_id = ?", (framework,)))
    delete_level(ws, levels[2])
    assert load_framework(ws, framework).levels == ((1, "Exploring"), (2, "Practicing"), (3, "Leading"))
    assert ws.undo_label == "Delete level Building"
    ws.undo()
    assert [r for r, _ in load_framework(ws, framework).levels] == [1, 2, 3, 4]

    save_round(ws, team, framework, "baseline", "2026-01-10", {dims(ws, framework)[0]: (4, "")})
    delete_level(ws, levels[2])  # level 4 is in use: it keeps its rank
    assert [r for r, _ in load_framework(ws, framework).levels] == [1, 3, 4]
    with pytest.raises(ValidationError) as caught:
        delete_level(ws, levels[4])
    assert "is the rating of 1 assessment answer(s)" in str(caught.value)


def test_a_framework_in_use_cannot_be_deleted(ws, framework, team):
    save_round(ws, team, framework, "baseline", "2026-01-10", all_at(ws, framework, 1))
    with pytest.raises(ValidationError):
        delete_framework(ws, framework)
    delete_round(ws, team_rounds(ws, team)[0].id)
    delete_framework(ws, framework)
    assert ws.count("frameworks") == ws.count("dimensions") == ws.count("descriptors") == 0
    assert ws.undo_label == "Delete framework Equity Journey Framework"
    ws.undo()
    assert ws.count("descriptors") == 32


# --- JSON -------------------------------------------------------------------------

def test_framework_json_round_trip(ws, framework, tmp_path):
    edit_framework(ws, framework, {"name": "Équité — 公平", "description": "<b>&</b>\nline two"})
    text = export_framework_json(ws, framework)
    data = json.loads(text)
    assert list(data) == ["name", "description", "source", "licence", "translations", "levels", "dimensions"]
    # the name and description were edited: their Spanish went with the words it translated
    assert data["translations"] == {"es": {"source": "Escrito para Equity Cohort"}}
    assert [(level["rank"], level["name"]) for level in data["levels"]] == \
        [(1, "Exploring"), (2, "Building"), (3, "Practicing"), (4, "Leading")]
    assert data["dimensions"][0]["descriptors"]["1"] == DEFAULT_FRAMEWORK["dimensions"][0]["descriptors"][1]
    assert "公平" in text  # written as typed, not escaped
    imported = import_framework_json(ws, text).id
    assert ws.undo_label == "Import framework Équité — 公平"
    assert imported != framework
    assert framework_spec(ws, imported) == framework_spec(ws, framework)
    assert export_framework_json(ws, imported) == text
    ws.undo()
    assert ws.get("frameworks", imported) is None and ws.count("frameworks") == 1


def test_import_accepts_a_minimal_framework(ws):
    framework = import_framework_json(ws, json.dumps({
        "name": "Tiny", "levels": [{"rank": 2, "name": "High"}, {"rank": "1", "name": "Low"}],
        "dimensions": [{"name": "Only", "descriptors": {"1": "low text", 2: "high text"}}]})).id
    fw = load_framework(ws, framework)
    assert fw.levels == ((1, "Low"), (2, "High"))
    spec = framework_spec(ws, framework)
    assert (spec["source"], spec["licence"]) == ("", "")
    assert spec["dimensions"] == [{"name": "Only", "description": "",
                                   "descriptors": {"1": "low text", "2": "high text"}}]


def refusal(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_framework_json(text)
    return caught.value


GOOD = {"name": "F", "levels": [{"rank": 1, "name": "A"}, {"rank": 2, "name": "B"}],
        "dimensions": [{"name": "D", "descriptors": {"1": "a", "2": "b"}}]}


def variant(**changes) -> str:
    return json.dumps({**GOOD, **changes})


def test_import_refuses_bad_json_with_where(ws):
    error = refusal('{"name": "F", "levels": [}')
    assert error.for_field("json").startswith("The file is not valid JSON (line 1, column 26:")
    assert refusal("[1, 2]").for_field("json").startswith("The file does not hold a framework")
    assert refusal("").for_field("json").startswith("The file is not valid JSON")


def test_import_refuses_missing_names(ws):
    assert refusal(variant(name="  ")).for_field("name") == "Name: is missing or empty."
    assert refusal(variant(name=None)).for_field("name") == "Name: is missing or empty."
    error = refusal(variant(levels=[{"rank": 1}, {"rank": 2, "name": "B"}]))
    assert error.for_field("levels") == "Levels: level 1 name: is missing or empty."
    error = refusal(variant(dimensions=[{"description": "no name"}]))
    assert error.for_field("dimensions") == "Dimensions: dimension 1 name: is missing or empty."


def test_import_refuses_duplicate_and_bad_ranks(ws):
    error = refusal(variant(levels=[{"rank": 1, "name": "A"}, {"rank": 1, "name": "Again"}]))
    assert error.for_field("levels") == "Levels: rank 1 appears more than once."
    error = refusal(variant(levels=[{"rank": "one", "name": "A"}]))
    assert error.for_field("levels") == "Levels: entry 1 needs a whole-number rank from 1 to 20."
    assert refusal(variant(levels=[])).for_field("levels").startswith("Levels: the framework needs a list")
    assert refusal(variant(dimensions=[])).for_field("dimensions").startswith("Dimensions: the framework needs")


def test_import_refuses_descriptors_for_unknown_ranks(ws):
    error = refusal(variant(dimensions=[{"name": "D", "descriptors": {"1": "a", "3": "c"}}]))
    assert error.for_field("dimensions") == ("Dimensions: dimension “D” describes level 3, which is not one "
                                             "of the framework's levels.")


def test_import_collects_every_problem_and_writes_nothing(ws):
    error = refusal(json.dumps({"name": "", "levels": [{"rank": 1, "name": "A"}, {"rank": 1, "name": "B"}],
                                "dimensions": [{"name": "D", "descriptors": {"5": "x"}}]}))
    assert {e.field for e in error.errors} == {"name", "levels", "dimensions"}
    with pytest.raises(ValidationError):
        import_framework_json(ws, json.dumps({"name": "x"}))
    assert ws.count("frameworks") == 0 and ws.undo_label is None


def test_import_refuses_text_the_write_door_refuses(ws):
    with pytest.raises(ValidationError) as caught:
        import_framework_json(ws, variant(name="two\nlines"))
    assert caught.value.for_field("name") == "Name: must be a single line."
    assert ws.count("frameworks") == 0
