"""Full-text search: safe for any input, ranked, kept current by every write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from equitycohort.data.search import grouped, locate, match_expression, search
from equitycohort.data.workspace import open_workspace


@pytest.fixture
def team(ws, cohort):
    return ws.insert("teams", {"cohort_id": cohort, "state": "AZ", "organization": "Sonoran Families"}).id


def _checkin(ws, team, **text):
    return ws.insert("checkins", {"team_id": team, "date": "2026-03-02", "mode": "call", **text}).id


def test_a_word_from_a_checkin_note_finds_the_checkin(ws, team):
    checkin = _checkin(ws, team, summary="They drafted the childcare subsidy brief.")
    hits = search(ws, "subsidy")
    assert [(h.kind, h.record_id) for h in hits] == [("checkins", checkin)]
    assert "\ue000subsidy\ue001" in hits[0].snippet  # the match marked, for the screen to show in bold


def test_prefixes_accents_and_case_are_forgiven(ws, team):
    _checkin(ws, team, wins="Réunion with the governor's office")
    assert search(ws, "reun")
    assert search(ws, "RÉUNION")
    assert search(ws, "GOVERNOR")


@pytest.mark.parametrize("query", [
    '"', '""', "'", "AND", "OR NOT", "NEAR(a b)", "*", "^title", "title:x", "(", ")", "a -b", "\\", "%_",
    "<b>&", "'; DROP TABLE checkins; --", "🙂", "\x00", " " * 50, "a" * 5000,
])
def test_any_query_is_safe(ws, team, query):
    _checkin(ws, team, summary="ordinary words")
    assert isinstance(search(ws, query), list)
    assert ws.count("checkins") == 1


def test_operators_are_searched_as_words_not_obeyed(ws, team):
    _checkin(ws, team, summary="Budget AND staffing")
    _checkin(ws, team, summary="Budget only")
    assert len(search(ws, "budget AND staffing")) == 1
    assert len(search(ws, "budget OR")) == 0  # OR is a word to find, not an operator


@pytest.mark.parametrize("text,query", [
    ("أميرة حداد leads the coalition", "أميرة"),
    ("Nguyễn Thị Lan presented", "nguyen"),
    ("Zofia Wąsowska", "wąs"),
    ("Ολυμπία Παπαδοπούλου", "ολυμπ"),
    ("Ming Li (李明) joined", "李明"),
    ("会议在明天", "明天"),
])
def test_names_in_any_script_are_found(ws, team, text, query):
    _checkin(ws, team, summary=text)
    assert search(ws, query), query


def test_titles_rank_above_bodies(ws, team):
    goal = ws.insert("goals", {"team_id": team, "title": "Language access plan"}).id
    _checkin(ws, team, summary="We discussed the plan for language access at length, and more.")
    hits = search(ws, "language access")
    assert hits[0].record_id == goal


def test_the_index_follows_edits_deletes_undo_and_redo(ws, team):
    checkin = _checkin(ws, team, summary="first draft")
    ws.update("checkins", checkin, {"summary": "second version"})
    assert not search(ws, "draft") and search(ws, "second")
    ws.undo()
    assert search(ws, "draft") and not search(ws, "second")
    ws.delete("checkins", checkin)
    assert not search(ws, "draft")
    ws.undo()
    assert [h.record_id for h in search(ws, "draft")] == [checkin]
    ws.delete("teams", team)  # cascades to the check-in
    assert not search(ws, "draft")


def test_private_notes_are_searchable_in_the_app(ws, team):
    checkin = _checkin(ws, team, private_notes="capacity worries")
    assert search(ws, "capacity")[0].record_id == checkin


def test_hits_group_by_kind_and_locate_their_record(ws, team, cohort):
    checkin = _checkin(ws, team, summary="Harbor coalition")
    step = ws.insert("next_steps", {"checkin_id": checkin, "description": "Call Harbor"}).id
    session = ws.insert("sessions", {"cohort_id": cohort, "title": "Harbor visit", "date": "2026-04-01"}).id
    groups = dict(grouped(search(ws, "harbor")))
    assert set(groups) == {"Check-ins", "Next steps", "Sessions"}
    # a next step is shown as its check-in, with the check-in's team and cohort
    assert locate(ws, "next_steps", step) == ("checkins", checkin, cohort, team, None)
    assert locate(ws, "sessions", session) == ("sessions", session, cohort, None, session)
    assert locate(ws, "teams", team) == ("teams", team, cohort, team, None)
    assert locate(ws, "cohorts", cohort) == ("cohorts", cohort, cohort, None, None)
    assert locate(ws, "checkins", "gone") == ("checkins", "gone", None, None, None)


def test_match_expression_quotes_every_word():
    assert match_expression('say "hi" NEAR(x)') == '"say"* AND "hi"* AND "NEAR"* AND "x"'
    assert match_expression("  ,.;!  ") is None


def test_migrating_a_v1_workspace_fills_the_index(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "fixtures" / "workspace-v1.ecw"
    shutil.copyfile(sample, tmp_path / "v1.ecw")
    with open_workspace(tmp_path / "v1.ecw") as ws:
        assert [h.kind for h in search(ws, "staffing")] == ["checkins"]  # a private note of the sample
        assert search(ws, "Nguyễn")
        assert search(ws, "kickoff")[0].kind == "sessions"
