"""Keyboard and accessibility: names for every control, screen shortcuts, search, tab order."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit

from equitycohort.data.cohorts import add_months
from equitycohort.ui.main_window import SCREENS
from equitycohort.ui.views.cohorts import CohortDialog
from equitycohort.ui.views.schedule.dialogs import PlanSessionsDialog, SessionDialog
from equitycohort.ui.views.teams import PersonDialog, TeamDialog
from tests.ui.conftest import screen

CTRL = Qt.KeyboardModifier.ControlModifier
DIGITS = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6, Qt.Key.Key_7,
          Qt.Key.Key_8]


#: buttons Qt makes inside its own widgets: a table's corner, a line edit's clear button
QT_INTERNAL_BUTTONS = {"QTableCornerButton", "QLineEditIconButton"}


def unnamed_buttons(root) -> list[str]:
    """Buttons a screen reader could only call "button" (Qt's own internal buttons aside)."""
    return [f"{b.metaObject().className()} {b.text()!r}" for b in root.findChildren(QAbstractButton)
            if b.metaObject().className() not in QT_INTERNAL_BUTTONS
            and not b.accessibleName().strip() and not b.text().replace("&", "").strip()]


def push_buttons_without_names(root) -> list[str]:
    from PySide6.QtWidgets import QPushButton

    return [repr(b.text()) for b in root.findChildren(QPushButton) if not b.accessibleName().strip()]


@pytest.mark.parametrize("which", ["demo_window", "empty_window"])
def test_every_push_button_of_every_screen_has_an_accessible_name(request, which):
    window = request.getfixturevalue(which)
    for name in SCREENS:
        view = screen(window, name)
        assert push_buttons_without_names(view) == [], name
        assert unnamed_buttons(view) == [], name
    window.close_workspace()
    assert push_buttons_without_names(window.no_workspace) == []


def test_the_attendance_panel_buttons_have_names(demo_window):
    view = screen(demo_window, "Schedule")
    view.take_attendance()
    assert push_buttons_without_names(view.attendance) == []


def test_every_field_of_every_dialog_has_an_accessible_name(demo_window, qtbot):
    ws = demo_window.ws
    cohort = demo_window.current_cohort()
    team = ws.scalar("SELECT id FROM teams WHERE cohort_id = ?", (cohort,))
    for dialog in (CohortDialog(demo_window, ws), SessionDialog(demo_window, ws, cohort),
                   TeamDialog(demo_window, ws, cohort), PersonDialog(demo_window, ws),
                   PersonDialog(demo_window, ws, team_id=team), PlanSessionsDialog(demo_window, ws, cohort)):
        qtbot.addWidget(dialog)
        for name, widget in getattr(dialog, "fields", {}).items():
            spoken = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            assert spoken, f"{dialog.windowTitle()}: field {name}"
        for edit in dialog.findChildren(QLineEdit):
            inner = edit.parent() is not None and type(edit.parent()).__name__ in (
                "QDateEdit", "QTimeEdit", "QSpinBox", "QComboBox")
            assert inner or edit.accessibleName(), f"{dialog.windowTitle()}: a line edit has no name"


def test_ctrl_1_to_8_switch_screens(demo_window, qtbot):
    for i in reversed(range(len(SCREENS))):
        qtbot.keyClick(demo_window, DIGITS[i], CTRL)
        assert demo_window.nav.currentRow() == i
        assert demo_window.current_view().accessibleName() == SCREENS[i]
        assert demo_window.current_view().isVisible()


def test_arrow_keys_in_the_navigation_switch_screens(demo_window, qtbot):
    screen(demo_window, "Cohorts")
    demo_window.nav.setFocus()
    qtbot.keyClick(demo_window.nav, Qt.Key.Key_Down)
    assert demo_window.current_view().accessibleName() == "Schedule"
    qtbot.keyClick(demo_window.nav, Qt.Key.Key_End)
    assert demo_window.current_view().accessibleName() == "Partners"


def test_ctrl_f_puts_the_cursor_in_search(demo_window, qtbot):
    screen(demo_window, "Cohorts")
    qtbot.keyClick(demo_window, Qt.Key.Key_F, CTRL)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit)
    assert "Search" in focused.accessibleName()


def test_only_the_field_that_gets_ctrl_f_advertises_it(demo_window, qtbot):
    """Ctrl+F is "Search everything" from any screen, the People directory included,
    so no other field may promise it in its placeholder."""
    view = screen(demo_window, "Teams")
    view.tabs.setCurrentIndex(1)
    advertising = [w for w in demo_window.findChildren(QLineEdit) if "Ctrl+F" in w.placeholderText()]
    assert advertising == [demo_window.search_field]
    qtbot.keyClick(demo_window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is demo_window.search_field


def test_people_search_is_reachable_from_the_teams_screen(demo_window, qtbot):
    view = screen(demo_window, "Teams")
    view.team_table.setFocus()
    qtbot.keyClick(view.team_table, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # People &directory
    assert view.tabs.currentIndex() == 1
    assert QApplication.focusWidget() is view.search


def _activate(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)


def test_tab_walks_the_cohort_dialog_in_form_order(empty_window, qtbot):
    dialog = CohortDialog(empty_window, empty_window.ws)
    _activate(qtbot, dialog)
    order = ["program_name", "name", "start_date", "end_date", "phase", "notes"]
    dialog.fields[order[0]].setFocus()
    def field_in_focus():
        focused = QApplication.focusWidget()
        return next((n for n, w in dialog.fields.items() if w is focused or w.isAncestorOf(focused)), None)

    visited = []
    for _ in range(len(order) * 4):
        field = field_in_focus()
        if field is None:
            break
        if not visited or visited[-1] != field:
            visited.append(field)
        # Tab steps through a date's day, month and year first, as Qt's date fields do
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert visited == order
    # then on to the buttons
    assert isinstance(QApplication.focusWidget(), QAbstractButton)


def test_a_cohort_can_be_made_with_the_keyboard_alone(empty_window, qtbot):
    dialog = CohortDialog(empty_window, empty_window.ws)
    _activate(qtbot, dialog)
    name = dialog.fields["name"]
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Keyboard cohort")
    qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter saves: Save is the default button
    assert dialog.result() == dialog.DialogCode.Accepted
    names = [c["name"] for c in empty_window.ws.rows("SELECT name FROM cohorts")]
    assert names == ["Keyboard cohort"]
    assert dialog.end.date() == add_months(dt.date.today(), 6)


def test_escape_cancels_a_dialog_without_saving(empty_window, qtbot):
    dialog = CohortDialog(empty_window, empty_window.ws)
    _activate(qtbot, dialog)
    dialog.fields["name"].setFocus()
    qtbot.keyClick(dialog.fields["name"], Qt.Key.Key_Escape)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert empty_window.ws.count("cohorts") == 0
