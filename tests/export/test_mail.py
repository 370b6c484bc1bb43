"""E-mail drafts for a team: the right people, the shared text and never the private notes,
read back with the standard library's URL parser."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from equitycohort.data.checkins import save_checkin
from equitycohort.data.teams import add_team
from equitycohort.export.mail import (
    MAILTO_LIMIT,
    Contact,
    address_list,
    checkin_draft,
    cohort_contacts,
    team_draft,
)

SECRET = "PRIVATE: the director may leave in June"


def read(link: str) -> tuple[list[str], str, str]:
    """(recipients, subject, body) as a mail program reads a mailto link."""
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, keep_blank_values=True)
    to = [unquote(a) for a in parts.path.split(",") if a]
    return to, query["subject"][0], query.get("body", [""])[0].replace("\r\n", "\n")


@pytest.fixture
def team(ws, cohort):
    return add_team(ws, cohort, {"state": "NM", "organization": "Nuevo México & Kids"}, [
        {"name": "Ana Ruiz", "email": "ana+plans@example.org", "executive_director": True},
        {"name": "Lê Văn Thành", "email": "thanh@example.org"},
        {"name": "Sam Okafor"},  # no address
    ]).id


def checkin(ws, team, **values):
    people = ws.query("SELECT p.id FROM people p JOIN team_members m ON m.person_id = p.id WHERE m.team_id = ? "
                      "ORDER BY m.position", (team,))
    fac = ws.insert("people", {"name": "Maria Facilitator", "kind": "facilitator"}).id
    return save_checkin(ws, {
        "team_id": team, "date": "2026-11-24", "mode": "video", "facilitator_id": fac,
        "summary": "We reviewed the data plan.\nالبيانات & <numbers> ready? #1 at 100%",
        "wins": "Board approved", "private_notes": SECRET, "next_checkin_date": "2026-12-22", **values,
    }, [
        {"description": "Send the county tables", "owner_id": people[0][0], "due_date": "2026-12-01"},
        {"description": "Draft the brief", "due_date": None},
        {"description": "Already done", "done": True},
    ]).id


def test_a_team_draft_reaches_its_leaders_and_says_who_it_cannot(ws, team):
    draft = team_draft(ws, team)
    to, subject, body = read(draft.mailto())
    assert to == ["ana+plans@example.org", "thanh@example.org"]
    assert subject == "Cohort 1: New Mexico team"
    assert body.startswith("Hello Ana and Lê,")
    assert draft.missing == ("Sam Okafor",)


def test_a_check_in_draft_holds_the_summary_and_next_steps_but_never_the_private_notes(ws, team):
    draft = checkin_draft(ws, checkin(ws, team))
    to, subject, body = read(draft.mailto())
    assert to == ["ana+plans@example.org", "thanh@example.org"]
    assert subject == "Our check-in of Nov 24, 2026: New Mexico team"
    assert "Thank you for our video call on Tuesday, November 24, 2026." in body
    assert "We reviewed the data plan.\nالبيانات & <numbers> ready? #1 at 100%" in body  # every character intact
    assert "- Send the county tables (Ana Ruiz, by Dec 1, 2026)\n- Draft the brief" in body
    assert "Already done" not in body
    assert "Our next check-in: Tue, Dec 22, 2026." in body
    assert body.rstrip().endswith("Best,\nMaria Facilitator")
    assert SECRET not in draft.mailto() and SECRET not in body and "PRIVATE" not in unquote(draft.mailto())


def test_a_long_summary_is_shortened_for_the_link_and_given_whole_otherwise(ws, team):
    long_summary = "\n".join(f"Paragraph {i}: " + "the county tables need more detail. " * 12 for i in range(400))
    draft = checkin_draft(ws, checkin(ws, team, summary=long_summary))
    assert len(draft.body) > 50_000
    link, shortened = draft.short_mailto()
    assert shortened and len(link) <= MAILTO_LIMIT
    _, _, body = read(link)
    assert body.startswith("Hello Ana and Lê,") and body.endswith("[The rest is on the clipboard: paste it here.]")
    assert SECRET not in body
    one_line = checkin_draft(ws, checkin(ws, team, summary="x" * 60_000))
    link, shortened = one_line.short_mailto()
    assert shortened and len(link) <= MAILTO_LIMIT
    short, not_cut = team_draft(ws, team).short_mailto()
    assert not not_cut and short == team_draft(ws, team).mailto()


def test_addresses_to_paste_quote_names_that_need_it_and_skip_repeats():
    contacts = [Contact("Ruiz, Ana", "ana@example.org"), Contact('Sam "Sammy" Lee', "sam@example.org"),
                Contact("Lê Văn Thành", "thanh@example.org"), Contact("Ana again", "ANA@example.org"),
                Contact("No Address", None)]
    assert address_list(contacts) == ('"Ruiz, Ana" <ana@example.org>, "Sam \\"Sammy\\" Lee" <sam@example.org>, '
                                      "Lê Văn Thành <thanh@example.org>")


def test_a_cohort_s_addresses_are_every_team_s_leaders(ws, cohort, team):
    add_team(ws, cohort, {"state": "AK", "organization": "Alaska Voices"}, [{"name": "Kay", "email": "k@ex.org"}])
    contacts, missing = cohort_contacts(ws, cohort)
    assert [c.email for c in contacts] == ["k@ex.org", "ana+plans@example.org", "thanh@example.org"]  # by state
    assert missing == ["Sam Okafor (New Mexico)"]
