"""Taking attendance in the room: keys P / A / E / Delete, the mouse, team coverage, one-step bulk marking."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from equitycohort.data.schedule import list_sessions
from equitycohort.ui import theme
from equitycohort.ui.views.attendance import AttendanceTableModel
from tests.ui.conftest import click, screen

COL = AttendanceTableModel


def statuses(ws, session_id) -> dict[str, str]:
    return {r["person_id"]: r["status"] for r in ws.rows(
        "SELECT person_id, status FROM attendance WHERE session_id = ?", (session_id,))}


def open_panel(window, match):
    window.go_to("Schedule")
    view = screen(window, "Schedule")
    session = next(s for s in list_sessions(window.ws, window.current_cohort()) if match(s))
    view.show_record(session.id)
    view.take_attendance()
    panel = view.attendance
    assert view.pages.currentWidget() is panel and panel.isVisible()
    return view, panel, session


@pytest.fixture
def upcoming(demo_window):
    """The attendance panel of the demo's next cohort session: 7 teams of 3, nobody marked."""
    return open_panel(demo_window, lambda s: s.kind == "cohort" and s.status == "scheduled")


def person_id(panel, row: int) -> str:
    return panel.model.person(row).person.person_id


def current_row(panel) -> int:
    return panel.table.currentIndex().row()


def header(panel, row: int) -> str:
    return panel.model.index(row, 0).data()


def test_grid_lists_every_leader_grouped_by_team(upcoming):
    _, panel, session = upcoming
    model = panel.model
    assert model.rowCount() == 7 * 4
    assert [model.is_person(r) for r in range(4)] == [False, True, True, True]
    assert header(panel, 0).startswith("Arizona: Sonoran Families Forward")
    assert "0 of 3 present" in header(panel, 0)
    assert panel.table.columnSpan(0, 0) == model.columnCount()
    # the executive director first, starred
    assert model.index(1, COL.COL_NAME).data().endswith("★")
    assert panel.title.text() == f"Attendance: {session.title}"
    assert "0 present, 0 of 21 marked" in panel.summary.text()
    # focus is in the grid, on the first person not yet marked
    assert panel.table.hasFocus()
    assert current_row(panel) == 1


def test_j_marks_excused_too(demo_window, upcoming, qtbot):
    """J ("justificada") as well as E: the key a Spanish speaker reaches for."""
    _, panel, session = upcoming
    first = person_id(panel, 1)
    qtbot.keyClick(panel.table, Qt.Key.Key_J)
    assert statuses(demo_window.ws, session.id) == {first: "excused"}


def test_keys_mark_and_move_to_the_next_person(demo_window, upcoming, qtbot):
    _, panel, session = upcoming
    ws = demo_window.ws
    table = panel.table
    first, second, third, fourth = (person_id(panel, r) for r in (1, 2, 3, 5))

    qtbot.keyClick(table, Qt.Key.Key_P)
    assert statuses(ws, session.id) == {first: "present"}
    assert current_row(panel) == 2
    assert "1 of 3 present" in header(panel, 0)
    assert panel.model.index(1, COL.COL_PRESENT).data() == "●"
    assert panel.model.index(1, COL.COL_PRESENT).data(Qt.ItemDataRole.AccessibleTextRole) == "present: yes"
    assert panel.model.index(1, COL.COL_ABSENT).data() == "○"

    qtbot.keyClick(table, Qt.Key.Key_A)
    qtbot.keyClick(table, Qt.Key.Key_E)
    assert statuses(ws, session.id) == {first: "present", second: "absent", third: "excused"}
    assert current_row(panel) == 5  # over the next team's header row
    assert "1 of 3 present" in header(panel, 0)
    qtbot.keyClick(table, Qt.Key.Key_P)
    assert statuses(ws, session.id)[fourth] == "present"
    assert "1 of 3 present" in header(panel, 4)
    assert "2 present, 4 of 21 marked" in panel.summary.text()
    assert demo_window.undo_action.text().startswith("&Undo Mark ")
    # every mark is its own step
    demo_window.undo()
    assert fourth not in statuses(ws, session.id)
    # a session still to come stays scheduled
    assert ws.get("sessions", session.id)["status"] == "scheduled"


def test_changing_a_mark_and_clearing_it_with_delete(demo_window, upcoming, qtbot):
    _, panel, session = upcoming
    ws = demo_window.ws
    table = panel.table
    qtbot.keyClick(table, Qt.Key.Key_A)
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_P)  # changed mind: present after all
    assert statuses(ws, session.id) == {person_id(panel, 1): "present"}
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert statuses(ws, session.id) == {}
    assert current_row(panel) == 1  # Delete stays on the person
    assert "0 of 3 present" in header(panel, 0)
    assert demo_window.undo_action.text() == f"&Undo Clear attendance of {panel.model.person(1).person.name}"
    qtbot.keyClick(table, Qt.Key.Key_Backspace)  # nothing to clear: no step, no error
    assert statuses(ws, session.id) == {}


def test_keys_on_a_team_header_do_nothing(demo_window, upcoming, qtbot):
    _, panel, session = upcoming
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_P)
    assert statuses(demo_window.ws, session.id) == {}


def test_mark_everyone_not_yet_marked_present_in_one_step(demo_window, upcoming, qtbot):
    _, panel, session = upcoming
    ws = demo_window.ws
    table = panel.table
    qtbot.keyClick(table, Qt.Key.Key_A)
    qtbot.keyClick(table, Qt.Key.Key_E)
    marked = dict(statuses(ws, session.id))
    assert len(marked) == 2
    click(qtbot, panel.all_present_button)
    after = statuses(ws, session.id)
    assert len(after) == 21
    assert sum(1 for s in after.values() if s == "present") == 19
    assert {p: after[p] for p in marked} == marked  # earlier marks kept
    assert "2 of 3 present" not in header(panel, 4) and "3 of 3 present" in header(panel, 4)
    assert "1 of 3 present" in header(panel, 0)
    assert demo_window.undo_action.text() == "&Undo Mark 19 present"
    demo_window.undo_action.trigger()
    assert statuses(ws, session.id) == marked
    assert "0 of 3 present" in header(panel, 4)


def test_clicking_a_status_cell_marks_it(demo_window, upcoming, qtbot):
    _, panel, session = upcoming
    table = panel.table
    for row, column, status in ((2, COL.COL_ABSENT, "absent"), (6, COL.COL_EXCUSED, "excused"),
                                (2, COL.COL_PRESENT, "present")):
        index = panel.model.index(row, column)
        rect = table.visualRect(index)
        assert table.viewport().rect().contains(rect.center())
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert statuses(demo_window.ws, session.id)[person_id(panel, row)] == status
    # a click on a name only selects
    index = panel.model.index(3, COL.COL_NAME)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert person_id(panel, 3) not in statuses(demo_window.ws, session.id)
    assert current_row(panel) == 3


def test_marking_a_past_scheduled_session_makes_it_held(demo_window, qtbot):
    ws = demo_window.ws
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    ws.insert("sessions", {"cohort_id": demo_window.current_cohort(), "title": "Make-up session",
                           "kind": "cohort", "format": "virtual", "date": yesterday, "start_time": "13:00",
                           "duration_minutes": 60, "timezone": "America/Chicago", "status": "scheduled"})
    _, panel, session = open_panel(demo_window, lambda s: s.title == "Make-up session")
    qtbot.keyClick(panel.table, Qt.Key.Key_P)
    assert ws.get("sessions", session.id)["status"] == "held"
    assert "Held" in panel.summary.text()


def test_rates_and_absences_in_a_row(demo_window):
    """At the last session held, the team that went quiet shows two absences in a row."""
    held = [s for s in list_sessions(demo_window.ws, demo_window.current_cohort())
            if s.kind == "cohort" and s.status == "held"]
    _, panel, _ = open_panel(demo_window, lambda s: s.id == held[-1].id)
    model = panel.model
    quiet = [r for r in range(model.rowCount()) if not model.is_person(r) and "0 of 3 present" in header(panel, r)]
    assert len(quiet) == 1
    for row in range(quiet[0] + 1, quiet[0] + 4):
        assert model.index(row, COL.COL_STREAK).data() == "2"
        assert model.index(row, COL.COL_STREAK).data(Qt.ItemDataRole.ForegroundRole) == theme.color("danger_fg")
        assert model.index(row, COL.COL_RATE).data().endswith("%")
    assert "team attendance " in header(panel, quiet[0]) and header(panel, quiet[0]).endswith("%")


def test_escape_and_back_button_return_to_the_schedule(demo_window, upcoming, qtbot):
    view, panel, session = upcoming
    qtbot.keyClick(panel.table, Qt.Key.Key_Escape)
    assert view.pages.currentIndex() == 0
    view.show_record(session.id)
    view.take_attendance()
    click(qtbot, panel.back_button)
    assert view.pages.currentIndex() == 0
    view.show_record(session.id)
    view.take_attendance()
    click(qtbot, view.attendance_button) if False else None
    # deleting the session while its grid is open goes back to the schedule
    demo_window.ws.delete("sessions", session.id, "Delete session")
    assert view.pages.currentIndex() == 0


def test_take_attendance_button_opens_the_selected_session(demo_window, qtbot):
    demo_window.go_to("Schedule")
    view = screen(demo_window, "Schedule")
    assert view.table.selectionModel().selectedRows()
    click(qtbot, view.attendance_button)
    assert view.pages.currentWidget() is view.attendance
    assert view.attendance.session_id == view.context.session_in_view()
