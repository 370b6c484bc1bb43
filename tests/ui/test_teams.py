"""Teams and people: a team with its leaders in one step, warnings, the executive director, the directory."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtCore import Qt

from equitycohort.data.states import ALL_PLACES
from equitycohort.data.teams import list_teams, search_people, team_leaders
from equitycohort.ui import dialogs
from equitycohort.ui.views.teams import (
    LeaderTableModel,
    PeopleTableModel,
    PersonDialog,
    TeamDialog,
    TeamTableModel,
)
from tests.ui.conftest import Recorder, click, screen


@pytest.fixture
def team_window(empty_window):
    """An empty workspace with one cohort, on the Teams screen."""
    ws = empty_window.ws
    program = ws.insert("programs", {"name": "Operationalizing Equity"}).id
    ws.insert("cohorts", {"program_id": program, "name": "Cohort 1",
                          "start_date": "2026-01-06", "end_date": "2026-07-06"})
    empty_window.go_to("Teams")
    return empty_window


def teams_view(window):
    window.go_to("Teams")
    return screen(window, "Teams")


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill_team(dialog, state: str, organization: str, leaders: list[tuple[str, str, str]], director: int = 0):
    dialog.state.setCurrentIndex(dialog.state.findData(state))
    dialog.fields["organization"].setText(organization)
    for (name, role, email), (name_edit, role_edit, email_edit, _) in zip(leaders, dialog.leader_rows[: len(leaders)], strict=True):
        name_edit.setText(name)
        role_edit.setText(role)
        email_edit.setText(email)
    dialog.leader_rows[director][3].click()


def cell(table, row: int, column: int) -> str:
    return table.model().index(row, column).data()


def test_new_team_with_three_leaders_and_its_director_in_one_step(team_window, qtbot):
    ws = team_window.ws
    view = teams_view(team_window)
    assert view.no_cohort.isHidden() and view.add_team_button.isEnabled()
    assert screen(team_window, "Teams").team_title.text() == "No teams yet"
    dialog = show(qtbot, TeamDialog(team_window, ws, team_window.current_cohort()))
    assert [row[1].text() for row in dialog.leader_rows] == ["Executive Director", "", ""]
    fill_team(dialog, "NM", "Land of Enchantment Kids", [
        ("Dolores Chávez", "Policy Director", "dolores@lek.example.org"),
        ("Joe Begay", "Executive Director", "joe@lek.example.org"),
        ("Anh Trần", "Data Lead", ""),
    ], director=1)
    dialog.leader_rows[0][1].setText("Policy Director")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert dialog.result() == dialog.DialogCode.Accepted

    [team] = list_teams(ws, team_window.current_cohort())
    assert (team.state, team.organization, team.leader_count, team.director_count) == (
        "NM", "Land of Enchantment Kids", 3, 1)
    leaders = team_leaders(ws, team.id)
    assert [(x.name, x.role, x.is_executive_director) for x in leaders] == [
        ("Joe Begay", "Executive Director", True),
        ("Dolores Chávez", "Policy Director", False),
        ("Anh Trần", "Data Lead", False),
    ]
    assert leaders[2].email is None
    # shown in the view, with no warning: a whole team with its director
    assert view.team_model.rowCount() == 1
    assert cell(view.team_table, 0, TeamTableModel.COL_LEADERS) == "3 of 3"
    assert cell(view.team_table, 0, TeamTableModel.COL_DIRECTOR) == "Yes"
    assert view.team_title.text() == "New Mexico: Land of Enchantment Kids"
    assert not view.team_banner.isVisible()
    shown = {cell(view.leader_table, r, LeaderTableModel.COL_NAME) for r in range(3)}
    assert shown == {"Joe Begay  ★", "Dolores Chávez", "Anh Trần"}

    # one undo removes the team, its memberships and the people made with it
    assert team_window.undo_action.text() == "&Undo Add New Mexico team"
    team_window.undo_action.trigger()
    assert ws.count("teams") == 0 and ws.count("team_members") == 0 and ws.count("people") == 0
    assert view.team_model.rowCount() == 0


def test_add_state_team_button(team_window, qtbot, monkeypatch):
    view = teams_view(team_window)

    def fill(dialog):
        fill_team(dialog, "OR", "Oregon Kids", [("A One", "Executive Director", ""), ("B Two", "", ""),
                                                 ("C Three", "", "")])
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(TeamDialog, "exec", fill)
    click(qtbot, view.add_team_button)
    assert view.team_model.rowCount() == 1
    assert view.team_table.selectionModel().isRowSelected(0)
    assert view.leader_model.rowCount() == 3


def test_state_list_offers_states_dc_and_territories_once_each(team_window, qtbot):
    ws = team_window.ws
    dialog = TeamDialog(team_window, ws, team_window.current_cohort())
    qtbot.addWidget(dialog)
    names = [dialog.state.itemText(i) for i in range(dialog.state.count())]
    assert len(names) == len(ALL_PLACES) == 56
    assert names == sorted(names)
    for place in ("California", "District of Columbia", "Puerto Rico", "Guam", "U.S. Virgin Islands"):
        assert place in names
    ws.insert("teams", {"cohort_id": team_window.current_cohort(), "state": "CA", "organization": "X"})
    again = TeamDialog(team_window, ws, team_window.current_cohort())
    qtbot.addWidget(again)
    assert again.state.findData("CA") < 0  # one team per state in a cohort


def test_team_dialog_refusals_are_shown_at_their_fields(team_window, qtbot):
    ws = team_window.ws
    dialog = show(qtbot, TeamDialog(team_window, ws, team_window.current_cohort()))
    dialog.fields["organization"].setText("Somewhere")
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors["state"].isVisible() and dialog.errors["state"].text().startswith("State")
    fill_team(dialog, "ID", "Idaho Kids", [("A", "", ""), ("B", "", "not an address")])
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.leaders_error.isVisible()
    assert dialog.leaders_error.text() == "Leader 2: E-mail: 'not an address' is not an e-mail address."
    assert ws.count("teams") == 0 and ws.count("people") == 0


def test_team_warnings_two_leaders_and_no_director(team_window, qtbot):
    ws = team_window.ws
    view = teams_view(team_window)
    dialog = show(qtbot, TeamDialog(team_window, ws, team_window.current_cohort()))
    # two leaders, and the director mark left on the empty third row
    fill_team(dialog, "VT", "Green Mountain Kids", [("Ann", "Director", ""), ("Ben", "Analyst", "")], director=2)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert view.team_banner.isVisible()
    text = view.team_banner.text()
    assert "The Vermont team has 2 leaders; the program asks for a team of 3." in text
    assert "The Vermont team has no executive director among its leaders." in text
    assert cell(view.team_table, 0, TeamTableModel.COL_LEADERS) == "2 of 3"
    assert cell(view.team_table, 0, TeamTableModel.COL_DIRECTOR) == "None"
    assert view.team_table.model().index(0, TeamTableModel.COL_LEADERS).data(Qt.ItemDataRole.ForegroundRole) \
        is not None
    # the status bar tells it too, as the team is saved
    assert "⚠" in team_window.statusBar().currentMessage()
    # marking a director clears that warning; the size warning stays
    view.leader_table.selectRow(1)
    click(qtbot, view.director_button)
    assert "no executive director" not in view.team_banner.text()
    assert "has 2 leaders" in view.team_banner.text()


def select_team(view, state: str):
    for row in range(view.team_model.rowCount()):
        if view.team_model.record(row).state == state:
            view.team_table.selectRow(row)
            return view.team_model.record(row)
    raise AssertionError(f"no {state} team")


def test_make_executive_director_moves_the_mark(demo_window, qtbot):
    ws = demo_window.ws
    view = teams_view(demo_window)
    select_team(view, "AZ")
    assert view.team_title.text() == "Arizona: Sonoran Families Forward"
    director_row = next(r for r in range(3) if view.leader_model.record(r).is_executive_director)
    assert cell(view.leader_table, director_row, LeaderTableModel.COL_NAME) == "Marisol Ybarra-Quintero  ★"
    other = next(r for r in range(3) if r != director_row)
    view.leader_table.selectRow(other)
    new_director = view.leader_model.record(other)
    click(qtbot, view.director_button)
    leaders = team_leaders(ws, new_director.team_id)
    assert [x.name for x in leaders if x.is_executive_director] == [new_director.name]
    assert view.team_title.text() == "Arizona: Sonoran Families Forward"  # still on the same team
    starred = [cell(view.leader_table, r, LeaderTableModel.COL_NAME) for r in range(3)
               if cell(view.leader_table, r, LeaderTableModel.COL_NAME).endswith("  ★")]
    assert starred == [f"{new_director.name}  ★"]
    assert demo_window.undo_action.text() == f"&Undo Make {new_director.name} executive director"
    demo_window.undo()
    assert [x.name for x in team_leaders(ws, new_director.team_id) if x.is_executive_director] == [
        "Marisol Ybarra-Quintero"]


def test_teams_and_people_are_listed_a_to_z(demo_window, qtbot):
    """Tables start sorted ascending on their first column (Qt's default indicator is descending)."""
    view = teams_view(demo_window)
    states = [view.team_model.record(r).state_name for r in range(view.team_model.rowCount())]
    assert states == sorted(states)
    assert view.team_title.text() == "Arizona: Sonoran Families Forward"
    view.tabs.setCurrentIndex(1)
    names = shown_people(view)
    assert names == sorted(names, key=str.casefold)


def test_leaders_table_lists_the_executive_director_first(demo_window):
    """BUG: TeamsView builds its leaders table with record_table(), which turns sorting on (so the
    model sorts by Name), then turns sorting off; RecordTableModel keeps that sort and applies it
    on every set_rows, so the leaders show A to Z by name instead of in team_leaders()' order
    (executive director first, then by position). In Pennsylvania "Darnell Washington" comes
    first and the director, Margaret O'Donnell, second; a user cannot re-sort, since the header
    no longer sorts."""
    view = teams_view(demo_window)
    select_team(view, "PA")
    leaders = [view.leader_model.record(r) for r in range(view.leader_model.rowCount())]
    expected = team_leaders(demo_window.ws, leaders[0].team_id)
    assert [x.name for x in leaders] == [x.name for x in expected]
    assert leaders[0].is_executive_director


def test_add_leader_as_director_takes_over_the_mark(demo_window, qtbot, monkeypatch):
    ws = demo_window.ws
    view = teams_view(demo_window)
    team_id = view.team_model.record(0).id

    def fill(dialog):
        assert dialog.windowTitle() == "Add leader"
        dialog.fields["name"].setText("New Director")
        dialog.fields["role"].setText("Executive Director")
        dialog.fields["is_executive_director"].setChecked(True)
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(PersonDialog, "exec", fill)
    click(qtbot, view.add_leader_button)
    leaders = team_leaders(ws, team_id)
    assert len(leaders) == 4
    assert [x.name for x in leaders if x.is_executive_director] == ["New Director"]
    assert "has 4 leaders" in view.team_banner.text()
    demo_window.undo()
    assert len(team_leaders(ws, team_id)) == 3


def test_remove_leader_and_delete_team_ask_first(demo_window, qtbot, monkeypatch):
    ws = demo_window.ws
    view = teams_view(demo_window)
    team = view.team_model.record(0)
    asked = Recorder(answer=True)
    monkeypatch.setattr(dialogs, "confirm", asked)
    view.leader_table.selectRow(2)
    leaving = view.leader_model.record(2)
    click(qtbot, view.remove_leader_button)
    assert leaving.name in asked.texts[0]
    assert len(team_leaders(ws, team.id)) == 2
    assert ws.get("people", leaving.person_id) is not None  # still in the directory
    click(qtbot, view.delete_team_button)
    assert ws.get("teams", team.id) is None
    assert view.team_model.rowCount() == 6


# --- the people directory ------------------------------------------------------

def type_text(qtbot, widget, text: str) -> None:
    """Type as a user would: key presses, or an input method's commit for other scripts."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def search(qtbot, view, text: str) -> list[str]:
    view.search.clear()
    type_text(qtbot, view.search, text)
    assert view.search.text() == text
    # the list filters once typing pauses: wait for it to show what the data layer finds
    expected = sorted(p["name"] for p in search_people(view.ws, text, view.kind_filter.currentData()))
    qtbot.waitUntil(lambda: sorted(shown_people(view)) == expected, timeout=2000)
    return sorted(shown_people(view))


def shown_people(view) -> list[str]:
    return [view.people_model.record(r)["name"] for r in range(view.people_model.rowCount())]


def test_directory_search_in_any_script_and_case(demo_window, qtbot):
    view = teams_view(demo_window)
    view.tabs.setCurrentIndex(1)
    assert view.tabs.currentIndex() == 1
    everyone = view.people_model.rowCount()
    assert everyone == 7 * 3 + 4 + 2
    assert search(qtbot, view, "Nguyễn") == ["Nguyễn Thị Lan"]
    assert search(qtbot, view, "ñúñ") == ["José Ñúñez"]
    assert search(qtbot, view, "ÑÚÑ") == ["José Ñúñez"]
    assert search(qtbot, view, "李明") == ["Ming Li (李明)"]
    assert search(qtbot, view, "коваленко") == ["Olena Kovalenko (Олена Коваленко)"]
    email = demo_window.ws.scalar("SELECT email FROM people WHERE name = 'José Ñúñez'")
    fragment = email.split("@")[0]
    assert "José Ñúñez" in search(qtbot, view, fragment.upper())
    assert search(qtbot, view, email) == ["José Ñúñez"]
    assert view.people_count.text() == "1 person"
    assert search(qtbot, view, "no such person at all") == []
    assert not view.edit_person_button.isEnabled()
    view.search.clear()
    qtbot.waitUntil(lambda: view.people_model.rowCount() == everyone, timeout=2000)


def test_directory_search_ignores_unicode_normalization(demo_window, qtbot):
    """BUG: filter_people compares casefolded text without Unicode normalization, so a name typed
    or pasted in decomposed form (NFD: e + combining marks, as macOS and some CSV exports produce)
    does not find the same name stored composed (NFC), and vice versa."""
    view = teams_view(demo_window)
    view.tabs.setCurrentIndex(1)
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert decomposed != "Nguyễn"
    assert search(qtbot, view, decomposed) == ["Nguyễn Thị Lan"]


def test_directory_kind_filter(demo_window, qtbot):
    view = teams_view(demo_window)
    view.tabs.setCurrentIndex(1)
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("facilitator"))
    qtbot.waitUntil(lambda: view.people_model.rowCount() == 2, timeout=2000)
    assert {view.people_model.record(r)["name"] for r in range(2)} == {"Renée Okafor", "Tomás Aguilar-Reyes"}
    nc = [r for r in range(view.people_model.rowCount())]
    assert nc


def test_directory_shows_the_team_of_each_leader(demo_window, qtbot):
    view = teams_view(demo_window)
    view.tabs.setCurrentIndex(1)
    search(qtbot, view, "Nguyễn")
    assert cell(view.people_table, 0, PeopleTableModel.COL_WHERE) == \
        "North Carolina: Piedmont Kids & Families Collaborative"
    assert cell(view.people_table, 0, PeopleTableModel.COL_KIND) == "Team leader"


def test_person_dialog_bad_email_is_shown_at_the_field_and_it_stays_open(demo_window, qtbot):
    ws = demo_window.ws
    before = ws.count("people")
    dialog = show(qtbot, PersonDialog(demo_window, ws))
    dialog.fields["name"].setText("Someone New")
    qtbot.keyClicks(dialog.fields["email"], "someone at example")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    error = dialog.errors["email"]
    assert error.isVisible()
    assert error.text() == "E-mail: 'someone at example' is not an e-mail address."
    assert dialog.focusWidget() is dialog.fields["email"]
    assert ws.count("people") == before
    dialog.fields["email"].setText("someone@example.org")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert ws.count("people") == before + 1


def test_a_long_note_saves(demo_window, qtbot):
    ws = demo_window.ws
    note = ("Met at the convening; follows up on the data walk. " * 1000)[:50_000]
    assert len(note) == 50_000
    dialog = show(qtbot, PersonDialog(demo_window, ws))
    dialog.fields["name"].setText("Long Notes")
    dialog.fields["notes"].setPlainText(note)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert ws.scalar("SELECT notes FROM people WHERE name = 'Long Notes'") == note


MARKUP = "Ana <b>& Co</b> &amp; <i>"


def test_markup_in_a_name_is_stored_and_shown_as_typed(demo_window, qtbot, monkeypatch):
    ws = demo_window.ws
    view = teams_view(demo_window)
    view.tabs.setCurrentIndex(1)

    dialog = show(qtbot, PersonDialog(demo_window, ws))
    dialog.fields["name"].setText(MARKUP)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert ws.scalar("SELECT name FROM people WHERE name = ?", (MARKUP,)) == MARKUP
    assert search(qtbot, view, "<b>&") == [MARKUP]
    assert cell(view.people_table, 0, PeopleTableModel.COL_NAME) == MARKUP

    # as a leader, in the team's table of leaders
    team_id = view.team_model.record(0).id
    person_id = ws.scalar("SELECT id FROM people WHERE name = ?", (MARKUP,))
    ws.insert("team_members", {"team_id": team_id, "person_id": person_id, "role": "Ally"})
    view.tabs.setCurrentIndex(0)
    names = [cell(view.leader_table, r, LeaderTableModel.COL_NAME) for r in range(view.leader_model.rowCount())]
    assert MARKUP in names


def test_edit_contact_details_from_the_directory(demo_window, qtbot, monkeypatch):
    ws = demo_window.ws
    view = teams_view(demo_window)
    view.tabs.setCurrentIndex(1)
    search(qtbot, view, "Bao Xiong")
    view.people_table.selectRow(0)

    def edit(dialog):
        assert dialog.windowTitle() == "Edit contact details"
        dialog.fields["phone"].setText("+1 608 555 0100")
        dialog.fields["pronouns"].setText("she/her")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(PersonDialog, "exec", edit)
    click(qtbot, view.edit_person_button)
    assert ws.scalar("SELECT phone FROM people WHERE name = 'Bao Xiong'") == "+1 608 555 0100"
    assert demo_window.undo_action.text() == "&Undo Edit Bao Xiong"
    qtbot.waitUntil(lambda: cell(view.people_table, 0, PeopleTableModel.COL_PHONE) == "+1 608 555 0100",
                    timeout=2000)


def test_teams_without_a_cohort_explain_themselves(empty_window):
    view = teams_view(empty_window)
    assert view.no_cohort.isVisible()
    assert not view.add_team_button.isEnabled()


# --- the State box, the check-in cadence and the language of documents ------------------------------

def type_state(qtbot, dialog, text: str) -> None:
    """Type into the State box (set as typed: the completer's popup cannot show offscreen) and leave it."""
    dialog.state.setEditText(text)
    dialog.state.lineEdit().editingFinished.emit()


@pytest.mark.parametrize("typed, code", [("IA", "IA"), ("ia", "IA"), ("iowa", "IA"), ("Iow", "IA"),
                                         ("ny", "NY"), ("new york", "NY"), ("Puerto", "PR"), ("dc", "DC")])
def test_the_state_box_takes_names_and_codes(team_window, qtbot, typed, code):
    dialog = show(qtbot, TeamDialog(team_window, team_window.ws, team_window.current_cohort()))
    type_state(qtbot, dialog, typed)
    assert dialog.state.value() == code and dialog.state.problem() is None
    assert dialog.state.currentText() == ALL_PLACES[code]  # shown by its name once read


def test_the_state_box_completes_what_is_typed(team_window, qtbot):
    dialog = show(qtbot, TeamDialog(team_window, team_window.ws, team_window.current_cohort()))
    completer = dialog.state.completer()
    completer.setCompletionPrefix("new")
    offered = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert offered == ["New Hampshire", "New Jersey", "New Mexico", "New York"]
    completer.setCompletionPrefix("ny")
    assert completer.currentCompletion() == "NY · New York"
    completer.activated.emit("NY · New York")
    assert dialog.state.value() == "NY"


def test_a_state_that_cannot_be_read_or_is_taken_is_said_at_the_field(team_window, qtbot):
    ws = team_window.ws
    ws.insert("teams", {"cohort_id": team_window.current_cohort(), "state": "CA", "organization": "X"})
    dialog = show(qtbot, TeamDialog(team_window, ws, team_window.current_cohort()))
    dialog.fields["organization"].setText("Somewhere")
    type_state(qtbot, dialog, "Iwoa")
    dialog.submit()
    assert dialog.isVisible() and dialog.errors["state"].text() == \
        "State: “Iwoa” is not a state, DC or territory; type its name or two-letter code."
    type_state(qtbot, dialog, "CA")
    dialog.submit()
    assert dialog.errors["state"].text() == "State: California already has a team in this cohort."
    assert ws.count("teams") == 1


def test_a_team_s_cadence_and_language_are_saved(team_window, qtbot):
    ws = team_window.ws
    dialog = show(qtbot, TeamDialog(team_window, ws, team_window.current_cohort()))
    assert dialog.cadence.value() == 0 and dialog.cadence.text() == "Every 4 weeks (the default for its cohort)"
    assert dialog.fields["language"].currentText() == "As its leaders prefer (English)"
    fill_team(dialog, "NM", "Nuevo México Kids", [("Ana", "", "")])
    dialog.cadence.setValue(6)
    dialog.fields["language"].setCurrentIndex(dialog.fields["language"].findData("es"))
    dialog.submit()
    team = ws.rows("SELECT checkin_weeks, language FROM teams")[0]
    assert team == {"checkin_weeks": 6, "language": "es"}
    edit = show(qtbot, TeamDialog(team_window, ws, team_window.current_cohort(), ws.rows("SELECT * FROM teams")[0]))
    assert edit.cadence.value() == 6 and edit.fields["language"].currentData() == "es"
    assert edit.state.value() == "NM"
    edit.cadence.setValue(0)  # back to the phase's default
    edit.fields["language"].setCurrentIndex(0)
    edit.submit()
    assert ws.rows("SELECT checkin_weeks, language FROM teams")[0] == {"checkin_weeks": None, "language": None}
