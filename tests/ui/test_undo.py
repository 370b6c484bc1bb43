"""Edit > Undo and Redo: labelled with what they undo, refreshing every screen, by menu and keyboard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from equitycohort.data.cohorts import list_cohorts
from equitycohort.ui.views.cohorts import CohortDialog
from tests.ui.conftest import screen

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def add_cohort(window, name="Cohort A"):
    dialog = CohortDialog(window, window.ws)
    dialog.fields["name"].setText(name)
    dialog.start.set_value(dt.date(2026, 2, 10))
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    dialog.deleteLater()


def cohort_names(window) -> list[str]:
    model = screen(window, "Cohorts").model
    return [model.record(r).name for r in range(model.rowCount())]


def test_undo_and_redo_actions_name_the_step_and_refresh_the_views(empty_window):
    w = empty_window
    assert w.undo_action.text() == "&Undo" and not w.undo_action.isEnabled()
    assert w.redo_action.text() == "&Redo" and not w.redo_action.isEnabled()
    add_cohort(w)
    assert cohort_names(w) == ["Cohort A"] and w.cohort_picker.count() == 1
    assert w.undo_action.text() == "&Undo Add cohort" and w.undo_action.isEnabled()

    w.undo_action.trigger()
    assert cohort_names(w) == [] and w.cohort_picker.count() == 0
    assert list_cohorts(w.ws) == []
    assert screen(w, "Cohorts").empty.isVisible()
    assert w.redo_action.text() == "&Redo Add cohort" and w.redo_action.isEnabled()
    assert w.undo_action.text() == "&Undo" and not w.undo_action.isEnabled()
    assert "Undo Add cohort" in w.statusBar().currentMessage()

    w.redo_action.trigger()
    assert cohort_names(w) == ["Cohort A"] and w.cohort_picker.count() == 1
    assert w.undo_action.text() == "&Undo Add cohort"
    assert not w.redo_action.isEnabled()


def test_keyboard_undo_and_redo(empty_window, qtbot):
    w = empty_window
    assert w.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    add_cohort(w, "Cohort A")
    add_cohort(w, "Cohort B")
    assert sorted(cohort_names(w)) == ["Cohort A", "Cohort B"]
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
    assert cohort_names(w) == ["Cohort A"]
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
    assert cohort_names(w) == []
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL | SHIFT)
    assert cohort_names(w) == ["Cohort A"]
    qtbot.keyClick(w, Qt.Key.Key_Y, CTRL)
    assert sorted(cohort_names(w)) == ["Cohort A", "Cohort B"]
    assert not w.redo_action.isEnabled()


def test_a_new_edit_clears_redo(empty_window):
    w = empty_window
    add_cohort(w, "Cohort A")
    w.undo()
    assert w.redo_action.isEnabled()
    add_cohort(w, "Cohort C")
    assert not w.redo_action.isEnabled()
    assert w.redo_action.text() == "&Redo"


def test_undo_refreshes_a_screen_hidden_at_the_time(demo_window):
    """A change made while another screen shows reaches it when it is next shown."""
    w = demo_window
    w.go_to("Teams")
    teams = screen(w, "Teams")
    before = teams.team_model.rowCount()
    team_id = teams.team_model.record(0).id
    w.go_to("Cohorts")
    w.ws.delete("teams", team_id, "Delete team")
    w.go_to("Teams")
    assert teams.team_model.rowCount() == before - 1
    w.go_to("Cohorts")
    w.undo()
    assert screen(w, "Cohorts").model.record(0).team_count == before
    w.go_to("Teams")
    assert teams.team_model.rowCount() == before
