"""Cohorts: creating one as a facilitator would, its dates, its warnings, the table and picker."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from equitycohort.data.cohorts import add_months, list_cohorts, list_programs
from equitycohort.ui import dialogs
from equitycohort.ui.models import RecordRole
from equitycohort.ui.views.cohorts import CohortDialog, CohortTableModel, ProgramDialog
from tests.ui.conftest import Recorder, click, screen, visible_button


def qdate(text: str) -> QDate:
    return QDate.fromString(text, "yyyy-MM-dd")


def open_dialog(qtbot, dialog):
    """Show a dialog the way exec would, but without blocking."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_new_cohort_on_an_empty_workspace_creates_its_program(empty_window, qtbot):
    ws = empty_window.ws
    dialog = open_dialog(qtbot, CohortDialog(empty_window, ws))
    # no program yet: the dialog asks for its name instead of offering a list
    assert "program_name" in dialog.fields and "program_id" not in dialog.fields
    assert dialog.fields["program_name"].text() == "Operationalizing Equity"
    assert dialog.fields["name"].text() == "Cohort 1"
    dialog.fields["program_name"].setText("Equity in Practice")
    dialog.fields["name"].clear()
    qtbot.keyClicks(dialog.fields["name"], "Spring cohort")
    dialog.start.set_value("2027-01-12")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not dialog.isVisible()

    programs = list_programs(ws)
    assert [p["name"] for p in programs] == ["Equity in Practice"]
    [cohort] = list_cohorts(ws)
    assert (cohort.name, cohort.program_id, cohort.start_date, cohort.end_date) == (
        "Spring cohort", programs[0]["id"], "2027-01-12", "2027-07-12")
    assert cohort.phase == "planning"
    # one undo step for program and cohort together
    assert ws.undo_label == "Add cohort"
    ws.undo()
    assert list_programs(ws) == [] and list_cohorts(ws) == []


def test_end_date_follows_the_start_until_edited(empty_window, qtbot):
    dialog = open_dialog(qtbot, CohortDialog(empty_window, empty_window.ws))
    today = dt.date.today()
    assert dialog.start.date() == today
    assert dialog.end.date() == add_months(today, 6)
    dialog.start.set_value("2026-03-10")
    assert dialog.end.date() == dt.date.fromisoformat("2026-09-10")
    dialog.start.set_value("2026-08-31")
    assert dialog.end.date() == dt.date.fromisoformat("2027-02-28")  # clamped to the month's end
    # once the facilitator sets the end, moving the start leaves it alone
    dialog.end.set_value("2027-05-01")
    dialog.start.set_value("2026-09-15")
    assert dialog.end.date() == dt.date.fromisoformat("2027-05-01")


def test_end_before_start_is_shown_at_the_end_date_and_the_dialog_stays_open(empty_window, qtbot):
    ws = empty_window.ws
    dialog = open_dialog(qtbot, CohortDialog(empty_window, ws))
    dialog.start.set_value("2026-06-01")
    dialog.end.set_value("2026-05-01")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert dialog.isVisible()
    assert dialog.result() != dialog.DialogCode.Accepted
    error = dialog.errors["end_date"]
    assert error.isVisible()
    assert error.text() == "End date: must not be before the start date."
    assert error.accessibleName() == "End date problem"
    assert not any(label.isVisible() for name, label in dialog.errors.items() if name != "end_date")
    assert dialog.focusWidget() is dialog.end.edit
    assert list_cohorts(ws) == [] and list_programs(ws) == []  # nothing half-saved
    # fixing it clears the message and saves
    dialog.end.set_value("2026-12-01")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not error.isVisible()
    assert len(list_cohorts(ws)) == 1


def test_empty_names_are_shown_at_their_fields(empty_window, qtbot):
    """The program is checked first (it is inserted first), then the cohort: each message at its field."""
    dialog = open_dialog(qtbot, CohortDialog(empty_window, empty_window.ws))
    dialog.fields["name"].clear()
    dialog.fields["program_name"].clear()
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors["program_name"].isVisible()
    assert dialog.errors["program_name"].text() == "Program: cannot be empty."
    dialog.fields["program_name"].setText("A program")
    dialog.submit()
    assert dialog.isVisible()
    assert not dialog.errors["program_name"].isVisible()
    assert dialog.errors["name"].isVisible() and dialog.errors["name"].text() == "Name: cannot be empty."
    assert list_programs(empty_window.ws) == []  # the refused cohort took its program with it


def test_new_cohort_button_adds_to_table_and_picker(empty_window, qtbot, monkeypatch):
    def fill_and_save(dialog):
        dialog.fields["name"].setText("Cohort A")
        dialog.start.set_value("2026-02-10")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(CohortDialog, "exec", fill_and_save)
    click(qtbot, visible_button(empty_window, "New cohort"))
    view = screen(empty_window, "Cohorts")
    assert not view.empty.isVisible() and view.table.isVisible()
    assert view.model.rowCount() == 1
    index = view.table.model().index(0, CohortTableModel.COL_NAME)
    assert index.data() == "Cohort A"
    assert view.table.model().index(0, CohortTableModel.COL_END).data() == "Aug 10, 2026"
    assert view.table.selectionModel().isRowSelected(0)
    picker = empty_window.cohort_picker
    assert picker.count() == 1
    assert picker.itemText(0).startswith("Cohort A · Operationalizing Equity")
    assert picker.currentData() == view.model.record(0).id
    assert empty_window.current_cohort() == view.model.record(0).id

    # a second cohort now offers the existing program in a list
    def second(dialog):
        assert "program_id" in dialog.fields
        assert dialog.fields["name"].text() == "Cohort 2"
        dialog.start.set_value("2026-09-08")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(CohortDialog, "exec", second)
    click(qtbot, view.new_cohort_button)
    assert view.model.rowCount() == 2 and picker.count() == 2
    # newest first, and the new one selected and current
    assert view.table.model().index(0, CohortTableModel.COL_NAME).data() == "Cohort 2"
    assert empty_window.current_cohort() == view.table.model().index(0, 0).data(RecordRole).id


def test_team_count_warning_for_a_cohort_with_two_teams(empty_window, qtbot):
    ws = empty_window.ws
    program = ws.insert("programs", {"name": "P"}).id
    cohort = ws.insert("cohorts", {"program_id": program, "name": "Small cohort",
                                   "start_date": "2026-01-13", "end_date": "2026-07-13"}).id
    for state in ("OR", "NM"):
        ws.insert("teams", {"cohort_id": cohort, "state": state, "organization": f"{state} org"})
    view = screen(empty_window, "Cohorts")
    assert view.model.rowCount() == 1
    view.table.selectRow(0)
    assert view.banner.isVisible()
    assert "Small cohort has 2 state teams; a cohort is meant to have 6 to 8." in view.banner.text()
    teams_cell = view.table.model().index(0, CohortTableModel.COL_TEAMS)
    assert "⚠" in teams_cell.data()
    assert "6 to 8" in teams_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "2 teams" in view.detail.text()


def test_demo_cohort_of_seven_teams_has_no_warning(demo_window):
    view = screen(demo_window, "Cohorts")
    assert view.model.rowCount() == 1
    assert view.table.selectionModel().isRowSelected(0)
    assert not view.banner.isVisible()
    assert view.table.model().index(0, CohortTableModel.COL_TEAMS).data() == "7"


def test_edit_cohort_through_the_view(demo_window, qtbot, monkeypatch):
    view = screen(demo_window, "Cohorts")

    def rename(dialog):
        assert dialog.windowTitle() == "Edit cohort"
        dialog.fields["name"].setText("Cohort One")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(CohortDialog, "exec", rename)
    click(qtbot, view.edit_button)
    assert view.table.model().index(0, CohortTableModel.COL_NAME).data() == "Cohort One"
    assert demo_window.cohort_picker.itemText(0).startswith("Cohort One")
    assert demo_window.undo_action.text() == "&Undo Edit cohort"


def test_delete_cohort_asks_first(demo_window, qtbot, monkeypatch):
    view = screen(demo_window, "Cohorts")
    refuse = Recorder(answer=False)
    monkeypatch.setattr(dialogs, "confirm", refuse)
    click(qtbot, view.delete_button)
    assert len(refuse.calls) == 1 and "7 teams" in refuse.texts[0]
    assert view.model.rowCount() == 1
    monkeypatch.setattr(dialogs, "confirm", Recorder(answer=True))
    click(qtbot, view.delete_button)
    assert view.model.rowCount() == 0
    assert view.empty.isVisible()
    assert demo_window.cohort_picker.count() == 0
    demo_window.undo()
    assert view.model.rowCount() == 1 and demo_window.cohort_picker.count() == 1


def test_new_program_dialog(empty_window, qtbot, monkeypatch):
    view = screen(empty_window, "Cohorts")

    def fill(dialog):
        dialog.fields["name"].setText("Second program")
        dialog.fields["organization"].setText("Org")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(ProgramDialog, "exec", fill)
    view.add_program()
    assert [p["name"] for p in list_programs(empty_window.ws)] == ["Second program"]


@pytest.mark.parametrize("phase", ["planning", "active", "community", "closed"])
def test_every_phase_can_be_chosen(empty_window, qtbot, phase):
    dialog = open_dialog(qtbot, CohortDialog(empty_window, empty_window.ws))
    index = dialog.phase.findData(phase)
    assert index >= 0
    dialog.phase.setCurrentIndex(index)
    dialog.submit()
    assert list_cohorts(empty_window.ws)[0].phase == phase
