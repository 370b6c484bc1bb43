"""The PDFs, read back as a reader would: what is there, and what must never be."""

from __future__ import annotations

import pytest

from equitycohort.export import (
    ExportError,
    export_checkin_history,
    export_cohort_summary,
    export_session_packet,
    export_workplan,
)
from tests.export.builders import TRICKY_NAMES
from tests.export.conftest import TODAY, normalise, pdf_metadata, pdf_pages, pdf_text


def test_workplan_has_the_teams_plan_and_nothing_of_another_team(ws, built, tmp_path):
    out = export_workplan(ws, built.teams["IA"], tmp_path / "iowa.pdf", today=TODAY)
    text = pdf_text(out)
    for expected in ("Workplan", "Iowa Children First", "Iowa (IA)", "Cohort 1", "March 3, 2026",
                     "Expand child care subsidies", "Families enrolled", "1,200 families", "2,000 families",
                     "1,600 families", "50%", "Meet the appropriations chair", "✓ Done",
                     "Publish the subsidy brief", "Apr 15, 2026", "Equity screen for every bill", "55%",
                     "Data disaggregated by county", "Ben Okafor", "Executive Director",
                     "Self-assessment", "Equity in the policy agenda", "Spring convening",
                     "Iowa support call", "Expand child care subsidies milestone"):
        assert expected in text, expected
    for other in ("Minnesota", "Secret Minnesota paid leave goal", "Dana Whitfield", "Minnesota support call",
                  "WI Families Network"):
        assert other not in text, other
    # check-ins are not part of a workplan, and private notes never are
    assert "PRIVATE" not in text and "board tension" not in text
    # past sessions are not "upcoming"
    assert "Kickoff" not in text


def test_workplan_prints_every_leader_name_exactly_as_typed(ws, built, tmp_path):
    text = pdf_text(export_workplan(ws, built.teams["IA"], tmp_path / "iowa.pdf", today=TODAY))
    for name in TRICKY_NAMES:
        assert normalise(name) in text, name


def test_session_sign_in_sheet_lists_everyone_expected_by_team(ws, built, tmp_path):
    kickoff = built.sessions[0]
    text = pdf_text(export_session_packet(ws, kickoff, tmp_path / "kickoff.pdf", today=TODAY))
    for expected in ("Kickoff", "Tuesday, January 20, 2026", "1:00–2:30 p.m. CT", "Central Time (America/Chicago)",
                     "Des Moines Public Library, Room 2", "Grace Facilitator", "Agenda", "Work on kickoff",
                     "Sign-in", "Signature", "Iowa: Iowa Children First", "Minnesota: Minnesota Kids Alliance",
                     "Dana Whitfield", "Leader WI 1", "Not on the list"):
        assert expected in text, expected
    for name in TRICKY_NAMES:
        assert normalise(name) in text, name
    # grouped by team: the Iowa leaders come before the Minnesota heading
    assert text.index("Ben Okafor") < text.index("Minnesota: Minnesota Kids Alliance") < text.index("Dana Whitfield")


def test_team_session_packet_lists_only_that_team(ws, built, tmp_path):
    iowa_call = built.sessions[4]
    text = pdf_text(export_session_packet(ws, iowa_call, tmp_path / "call.pdf", today=TODAY))
    assert "Ben Okafor" in text and "https://meet.example.org/equity" in text
    assert "Dana Whitfield" not in text


def test_checkin_history_for_the_team_never_shows_private_notes(ws, built, tmp_path):
    text = pdf_text(export_checkin_history(ws, built.teams["IA"], tmp_path / "c.pdf", today=TODAY))
    for expected in ("Check-in history", "Tuesday, February 24, 2026", "Video", "Grace Facilitator",
                     "Iowa shared summary of progress", "Iowa win: bill hearing scheduled",
                     "Iowa challenge: staff turnover", "Iowa asks for data support",
                     "Iowa next step: send the brief", "Mar 10, 2026", "Open"):
        assert expected in text, expected
    assert "PRIVATE" not in text and "board tension" not in text
    assert "Facilitators only" not in text and "FACILITATORS ONLY" not in text
    assert "Minnesota" not in text


def test_internal_checkin_history_shows_private_notes_labelled(ws, built, tmp_path):
    out = export_checkin_history(ws, built.teams["IA"], tmp_path / "c.pdf", internal=True, today=TODAY)
    text = pdf_text(out)
    assert "PRIVATE Iowa note: board tension" in text
    assert "Facilitators only · private notes" in text
    assert text.count("FACILITATORS ONLY") == len(pdf_pages(out))  # a banner on every page
    assert "PRIVATE Minnesota" not in text


def test_cohort_summary_covers_every_team_and_no_notes(ws, built, tmp_path):
    text = pdf_text(export_cohort_summary(ws, built.cohort, tmp_path / "summary.pdf", today=TODAY))
    for expected in ("Cohort summary", "Cohort 1", "Phase: Active", "state teams", "sessions held",
                     "2 of 5", "average attendance", "average workplan progress", "self-assessment growth",
                     "Growth headline", "Teams at a glance", "Iowa", "Minnesota", "Wisconsin", "Colorado",
                     "Schedule and attendance", "Kickoff", "Cancelled", "Workplan progress by team",
                     "Self-assessment by dimension", "1 → 2", "Check-in activity", "Feb 24, 2026", "Never"):
        assert expected in text, expected
    for secret in ("PRIVATE", "board tension", "Iowa shared summary", "Iowa win"):
        assert secret not in text


@pytest.mark.parametrize(("size", "dims"), [("letter", (612, 792)), ("a4", (595.28, 841.89))])
def test_page_size_and_metadata(ws, built, tmp_path, size, dims):
    out = export_workplan(ws, built.teams["MN"], tmp_path / "mn.pdf", page_size=size, today=TODAY)
    for width, height in pdf_pages(out):
        assert width == pytest.approx(dims[0], abs=0.5) and height == pytest.approx(dims[1], abs=0.5)
    meta, lang = pdf_metadata(out)
    assert meta["/Title"] == "Minnesota Kids Alliance: Workplan"
    assert meta["/Author"] == "Alliance for Early Opportunity"
    assert "Minnesota" in meta["/Subject"]
    assert lang == "en-US"
    text = pdf_text(out)
    pages = len(pdf_pages(out))
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    # the program and cohort the document belongs to, and the export date; never the workspace's file
    assert "Operationalizing Equity · Cohort 1 · Exported March 3, 2026" in text
    assert "test.ecw" not in text and "test ·" not in text


def test_unknown_page_size_and_ids_are_refused(ws, built, tmp_path):
    with pytest.raises(ValueError, match="letter or a4"):
        export_workplan(ws, built.teams["IA"], tmp_path / "x.pdf", page_size="legal")
    with pytest.raises(ExportError, match="no state team"):
        export_workplan(ws, "nope", tmp_path / "x.pdf")
    with pytest.raises(ExportError, match="no session"):
        export_session_packet(ws, "nope", tmp_path / "x.pdf")
    with pytest.raises(ExportError, match="no cohort"):
        export_cohort_summary(ws, "nope", tmp_path / "x.pdf")
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.tmp"))


def test_huge_texts_paginate(ws, built, tmp_path):
    agenda = "\n".join(f"{n}. Item with some words about the work of the day & <more>" for n in range(90))
    agenda = (agenda + "\n" + "word " * 200)[:5000]
    ws.update("sessions", built.sessions[0], {"agenda": agenda})
    summary = ("A long summary sentence that keeps going. " * 1200)[:50_000]
    notes = "x" * 20_000  # one word, no spaces at all
    ws.update("checkins", built.checkins["IA"], {"summary": summary, "private_notes": notes,
                                                  "wins": "line\n" * 400})
    packet = export_session_packet(ws, built.sessions[0], tmp_path / "p.pdf", today=TODAY)
    assert "70. Item with some words about the work of the day & <more>" in pdf_text(packet)
    history = export_checkin_history(ws, built.teams["IA"], tmp_path / "h.pdf", internal=True, today=TODAY)
    assert len(pdf_pages(history)) > 10
    assert "A long summary sentence that keeps going." in pdf_text(history)


def test_progress_is_reported(ws, built, tmp_path):
    calls = []
    export_workplan(ws, built.teams["IA"], tmp_path / "w.pdf", today=TODAY,
                    progress=lambda done, total, what: calls.append((done, total)))
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]


def test_empty_team_and_cohort_still_make_documents(ws, cohort, tmp_path):
    team = ws.insert("teams", {"cohort_id": cohort, "state": "NE", "organization": "Empty Org"}).id
    assert "No goals have been set yet" in pdf_text(export_workplan(ws, team, tmp_path / "w.pdf"))
    assert "No check-ins" in pdf_text(export_checkin_history(ws, team, tmp_path / "c.pdf"))
    assert "No sessions" in pdf_text(export_cohort_summary(ws, cohort, tmp_path / "s.pdf"))
