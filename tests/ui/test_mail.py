"""E-mail a team's leaders from the screen the user is on: the team and the check-in on screen,
the shared text only, and the clipboard when no mail program answers."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from equitycohort.data.checkins import get_checkin
from equitycohort.data.teams import team_leaders
from equitycohort.ui.views.base import selected_record
from tests.ui.conftest import screen


class Mailer:
    """QDesktopServices.openUrl, recorded; answers whether a mail program opened."""

    def __init__(self, answer: bool = True):
        self.answer = answer
        self.urls: list[str] = []

    def __call__(self, url) -> bool:
        self.urls.append(url.toString(url.ComponentFormattingOption.FullyEncoded))
        return self.answer

    def read(self, index: int = -1) -> tuple[list[str], str, str]:
        parts = urlsplit(self.urls[index])
        query = parse_qs(parts.query)
        return ([unquote(a) for a in parts.path.split(",") if a], query["subject"][0],
                query.get("body", [""])[0].replace("\r\n", "\n"))


@pytest.fixture
def mailer(monkeypatch) -> Mailer:
    recorder = Mailer()
    monkeypatch.setattr(QDesktopServices, "openUrl", recorder)
    return recorder


def clipboard() -> str:
    return QApplication.clipboard().text()


def test_the_check_in_on_screen_is_e_mailed_without_its_private_notes(demo_window, mailer):
    view = screen(demo_window, "Check-ins")
    ws = demo_window.ws
    with_notes = ws.scalar("SELECT id FROM checkins WHERE private_notes <> '' AND summary <> '' "
                           "ORDER BY date DESC LIMIT 1")
    view.show_record(with_notes)
    assert selected_record(view.table).id == with_notes
    view.email_button.click()
    checkin = get_checkin(ws, with_notes)
    to, subject, body = mailer.read()
    leaders = [leader.email for leader in team_leaders(ws, checkin.team_id) if leader.email]
    assert to == leaders and subject.startswith("Our check-in of ")
    assert " ".join(checkin.summary.split()[:8]) in " ".join(body.split())
    assert checkin.private_notes.strip()[:40] not in body
    assert demo_window.statusBar().currentMessage().startswith("The message is in your mail program")


def test_the_team_on_screen_is_written_to_and_its_addresses_copied(demo_window, mailer):
    view = screen(demo_window, "Teams")
    view.team_table.selectRow(2)
    team = selected_record(view.team_table)
    view.email_button.click()
    to, subject, _body = mailer.read()
    assert to == [leader.email for leader in team_leaders(demo_window.ws, team.id) if leader.email]
    assert team.state_name in subject
    view.copy_button.click()
    copied = clipboard()
    assert all(address in copied for address in to) and copied.count("@") == len(to)
    assert demo_window.statusBar().currentMessage().startswith(f"Copied {len(to)} e-mail address")


def test_a_cohort_s_addresses_are_copied_from_the_cohorts_screen(demo_window):
    view = screen(demo_window, "Cohorts")
    view.table.selectRow(0)
    cohort = selected_record(view.table)
    view.copy_button.click()
    copied = clipboard()
    expected = demo_window.ws.scalar(
        "SELECT count(DISTINCT lower(p.email)) FROM teams t JOIN team_members m ON m.team_id = t.id "
        "JOIN people p ON p.id = m.person_id WHERE t.cohort_id = ? AND p.email IS NOT NULL", (cohort.id,))
    assert expected > 0 and copied.count("@") == expected


def test_without_a_mail_program_the_draft_goes_to_the_clipboard(demo_window, mailer, warned):
    mailer.answer = False
    view = screen(demo_window, "Check-ins")
    view.table.selectRow(0)
    view.email_button.click()
    assert warned.calls[0][1] == "No mail program"
    text = clipboard()
    assert text.startswith("To: ") and "\nSubject: Our check-in of " in text


def test_a_team_without_addresses_is_told_so(demo_window, mailer, warned):
    ws = demo_window.ws
    view = screen(demo_window, "Teams")
    team = selected_record(view.team_table)
    for leader in team_leaders(ws, team.id):
        ws.update("people", leader.person_id, {"email": None})
    view.email_button.click()
    assert mailer.urls == [] and warned.calls[0][1] == "No e-mail addresses"
