"""Schedule: planning a series with its preview, editing, cancelling and deleting sessions, the timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from equitycohort.data.schedule import list_sessions
from equitycohort.ui import dialogs
from equitycohort.ui.models import RecordRole
from equitycohort.ui.views.schedule.dialogs import PlanSessionsDialog, SessionDialog
from equitycohort.ui.views.schedule.models import SessionTableModel
from tests.ui.conftest import Recorder, click, screen

COL_CREATE, COL_DATE, COL_TIME, COL_TITLE, COL_FLAGS = range(5)


@pytest.fixture
def cohort_window(empty_window):
    """An empty workspace with one cohort, on the Schedule screen."""
    ws = empty_window.ws
    program = ws.insert("programs", {"name": "Operationalizing Equity"}).id
    ws.insert("cohorts", {"program_id": program, "name": "Cohort 1",
                          "start_date": "2026-01-06", "end_date": "2026-07-06"})
    empty_window.go_to("Schedule")
    return empty_window


def cohort_id(window) -> str:
    return window.current_cohort()


def plan(qtbot, window) -> PlanSessionsDialog:
    dialog = PlanSessionsDialog(window, window.ws, cohort_id(window))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def set_combo_data(box, value) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def preview(dialog, column: int) -> list[str]:
    return [dialog.preview.item(r, column).text() for r in range(dialog.preview.rowCount())]


def test_monthly_on_the_second_tuesday(cohort_window, qtbot):
    dialog = plan(qtbot, cohort_window)
    # defaults: monthly, second Tuesday, from the cohort's start, six sessions
    assert dialog.frequency.currentData() == "monthly"
    assert (dialog.nth.currentData(), dialog.weekday.currentData()) == (2, 1)
    assert dialog.first.date() == dt.date(2026, 1, 6)
    assert dialog.count.value() == 6
    dialog.first.set_value(dt.date(2026, 1, 1))
    assert preview(dialog, COL_DATE) == ["Tue, Jan 13, 2026", "Tue, Feb 10, 2026", "Tue, Mar 10, 2026",
                                         "Tue, Apr 14, 2026", "Tue, May 12, 2026", "Tue, Jun 9, 2026"]
    assert preview(dialog, COL_TIME) == ["1:00–2:30 p.m."] * 6
    assert preview(dialog, COL_TITLE) == [f"Cohort session {n}" for n in range(1, 7)]
    assert preview(dialog, COL_FLAGS) == [""] * 6
    assert dialog.create_button.text() == "Create 6 sessions" and dialog.create_button.isEnabled()
    assert "Monthly on the second Tuesday: 6 sessions." in dialog.preview_note.text()
    assert "flagged" not in dialog.preview_note.text()


def test_changing_the_cadence_updates_the_preview(cohort_window, qtbot):
    dialog = plan(qtbot, cohort_window)
    dialog.first.set_value(dt.date(2026, 1, 1))  # a Thursday
    set_combo_data(dialog.frequency, "biweekly")
    assert not dialog.nth.isVisible() and not dialog.weekday.isVisible()
    dialog.count.setValue(3)
    assert preview(dialog, COL_DATE) == ["Thu, Jan 1, 2026", "Thu, Jan 15, 2026", "Thu, Jan 29, 2026"]
    assert "1 flagged" in dialog.preview_note.text()  # New Year's Day
    set_combo_data(dialog.frequency, "weekly")
    assert preview(dialog, COL_DATE)[1] == "Thu, Jan 8, 2026"
    set_combo_data(dialog.frequency, "monthly")
    assert dialog.nth.isVisible() and dialog.weekday.isVisible()
    set_combo_data(dialog.nth, -1)
    set_combo_data(dialog.weekday, 4)
    assert preview(dialog, COL_DATE) == ["Fri, Jan 30, 2026", "Fri, Feb 27, 2026", "Fri, Mar 27, 2026"]
    dialog.start_time.set_value(dt.time(9, 30))
    dialog.duration.setValue(120)
    assert preview(dialog, COL_TIME) == ["9:30–11:30 a.m."] * 3
    dialog.title_pattern.setText("Learning lab {n}")
    assert preview(dialog, COL_TITLE) == ["Learning lab 1", "Learning lab 2", "Learning lab 3"]
    set_combo_data(dialog.format, "in_person")
    assert dialog.where_label.text() == "&Place"


def test_holidays_are_flagged(cohort_window, qtbot):
    dialog = plan(qtbot, cohort_window)
    dialog.first.set_value(dt.date(2026, 1, 1))
    set_combo_data(dialog.nth, 3)
    set_combo_data(dialog.weekday, 0)  # the third Monday: MLK Day in January, Presidents' Day in February
    dates = preview(dialog, COL_DATE)
    assert dates[:2] == ["Mon, Jan 19, 2026", "Mon, Feb 16, 2026"]
    flags = preview(dialog, COL_FLAGS)
    assert flags[0].startswith("⚑ ") and "Martin Luther King" in flags[0]
    assert flags[1].startswith("⚑ ") and "Washington" in flags[1]
    assert flags[2:] == [""] * 4
    assert "2 flagged: uncheck any you do not want" in dialog.preview_note.text()
    # flagged sessions are still offered; the facilitator decides
    assert dialog.create_button.text() == "Create 6 sessions"


def test_planning_again_flags_clashes_with_existing_sessions(cohort_window, qtbot):
    dialog = plan(qtbot, cohort_window)
    dialog.first.set_value(dt.date(2026, 1, 1))
    click(qtbot, dialog.create_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(list_sessions(cohort_window.ws, cohort_id(cohort_window))) == 6

    again = plan(qtbot, cohort_window)
    again.first.set_value(dt.date(2026, 1, 1))
    again.count.setValue(2)
    flags = preview(again, COL_FLAGS)
    assert flags == ["⚠ overlaps “Cohort session 1” (1:00 p.m.)", "⚠ overlaps “Cohort session 2” (1:00 p.m.)"]
    assert "2 flagged" in again.preview_note.text()
    # a later start time clears the clash
    again.start_time.set_value(dt.time(15, 0))
    assert preview(again, COL_FLAGS) == ["", ""]


def test_untick_one_then_create_five_in_one_undo_step(cohort_window, qtbot):
    ws = cohort_window.ws
    dialog = plan(qtbot, cohort_window)
    dialog.first.set_value(dt.date(2026, 1, 1))
    # untick the third row with the keyboard, as a user would
    dialog.preview.setFocus()
    dialog.preview.setCurrentCell(2, COL_CREATE)
    qtbot.keyClick(dialog.preview, Qt.Key.Key_Space)
    assert dialog.preview.item(2, COL_CREATE).checkState() == Qt.CheckState.Unchecked
    assert dialog.create_button.text() == "Create 5 sessions"
    click(qtbot, dialog.create_button)
    assert dialog.result() == dialog.DialogCode.Accepted

    sessions = list_sessions(ws, cohort_id(cohort_window))
    assert [s.date for s in sessions] == ["2026-01-13", "2026-02-10", "2026-04-14", "2026-05-12", "2026-06-09"]
    assert all(s.status == "scheduled" and s.timezone == "America/New_York" for s in sessions)
    view = screen(cohort_window, "Schedule")
    assert view.model.rowCount() == 5 and view.views.isVisible() and not view.empty.isVisible()
    assert cohort_window.undo_action.text() == "&Undo Plan 5 sessions"
    cohort_window.undo_action.trigger()
    assert list_sessions(ws, cohort_id(cohort_window)) == []
    assert view.model.rowCount() == 0 and view.empty.isVisible()


def test_unticking_everything_disables_create(cohort_window, qtbot):
    dialog = plan(qtbot, cohort_window)
    dialog.count.setValue(2)
    for row in range(2):
        dialog.preview.item(row, COL_CREATE).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.create_button.text() == "Create 0 sessions"
    assert not dialog.create_button.isEnabled()


def test_a_start_time_that_daylight_saving_skips_is_flagged_and_not_created(cohort_window, qtbot):
    ws = cohort_window.ws
    dialog = plan(qtbot, cohort_window)
    set_combo_data(dialog.frequency, "weekly")
    dialog.first.set_value(dt.date(2026, 3, 1))
    dialog.count.setValue(3)
    dialog.start_time.set_value(dt.time(2, 30))
    dialog.zone.setCurrentText("America/Chicago")
    flags = preview(dialog, COL_FLAGS)
    assert flags[0] == flags[2] == ""
    assert flags[1] == ("⚠ not created: 2:30 a.m. does not exist that day (clocks go from 2:00 a.m. to 3:00 "
                        "a.m.)")
    assert preview(dialog, COL_TIME)[1] == "—"
    # it cannot be ticked back in
    skipped = dialog.preview.item(1, COL_CREATE)
    assert skipped.checkState() == Qt.CheckState.Unchecked
    assert not skipped.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert "1 flagged" in dialog.preview_note.text()
    assert dialog.create_button.text() == "Create 2 sessions"
    # and the times across the change are real: 1:30 for 90 minutes ends at 4:00 on March 8
    dialog.start_time.set_value(dt.time(1, 30))
    assert preview(dialog, COL_TIME) == ["1:30–3:00 a.m.", "1:30–4:00 a.m.", "1:30–3:00 a.m."]
    dialog.start_time.set_value(dt.time(2, 30))
    click(qtbot, dialog.create_button)
    assert [s.date for s in list_sessions(ws, cohort_id(cohort_window))] == ["2026-03-01", "2026-03-15"]


def test_an_unknown_time_zone_is_explained_and_nothing_is_planned(cohort_window, qtbot):
    dialog = plan(qtbot, cohort_window)
    dialog.zone.setCurrentText("Mars/Olympus_Mons")
    assert dialog.error.text() == "Time zone: Mars/Olympus_Mons is not a known time zone."
    assert dialog.preview.rowCount() == 0
    assert not dialog.create_button.isEnabled()
    dialog.zone.setCurrentText("America/Chicago")
    assert dialog.error.text() == "" and dialog.preview.rowCount() == 6


def test_plan_button_opens_the_planner(cohort_window, qtbot, monkeypatch):
    view = screen(cohort_window, "Schedule")
    assert view.empty.isVisible()
    seen = []

    def create_four(dialog):
        seen.append(dialog.windowTitle())
        dialog.count.setValue(4)
        dialog.create_sessions()
        return dialog.result()

    monkeypatch.setattr(PlanSessionsDialog, "exec", create_four)
    click(qtbot, view.plan_button)
    assert seen == ["Plan sessions"]
    assert view.model.rowCount() == 4
    assert view.heading.text() == "Schedule of Cohort 1"


# --- single sessions ---------------------------------------------------------

def schedule(window):
    window.go_to("Schedule")
    return screen(window, "Schedule")


def select_session(view, match):
    """Select the first session (in date order) for which ``match(record)`` holds."""
    for row in range(view.table.model().rowCount()):
        record = view.table.model().index(row, 0).data(RecordRole)
        if match(record):
            view.table.selectRow(row)
            return record
    raise AssertionError("no such session")


def second_session(s) -> bool:
    return s.title.startswith("Session 2:")


def upcoming_cohort_session(s) -> bool:
    return s.kind == "cohort" and s.status == "scheduled"


def test_edit_a_session_title_through_the_dialog(demo_window, qtbot, monkeypatch):
    view = schedule(demo_window)
    session = select_session(view, second_session)

    def retitle(dialog):
        assert dialog.windowTitle() == "Edit session"
        assert dialog.fields["title"].text() == session.title
        dialog.fields["title"].setText("Session 2: Data, disaggregated")
        dialog.fields["agenda"].setPlainText("Welcome\nData walk\nClose")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(SessionDialog, "exec", retitle)
    click(qtbot, view.edit_button)
    stored = demo_window.ws.get("sessions", session.id)
    assert stored["title"] == "Session 2: Data, disaggregated"
    assert stored["agenda"] == "Welcome\nData walk\nClose"
    titles = [view.table.model().index(r, SessionTableModel.COL_TITLE).data() for r in range(view.table.model().rowCount())]
    assert "Session 2: Data, disaggregated" in titles
    assert view.table.selectionModel().selectedRows()[0].data(RecordRole).id == session.id
    assert "Agenda: Welcome · Data walk · Close" in view.detail.text()
    assert demo_window.undo_action.text() == "&Undo Edit session"


def test_session_dialog_shows_the_fields_its_format_and_kind_need(demo_window, qtbot):
    view = schedule(demo_window)
    dialog = SessionDialog(demo_window, demo_window.ws, view.cohort_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.fields["link"].isVisible() and not dialog.fields["location"].isVisible()
    assert not dialog.fields["team_id"].isVisible()
    set_combo_data(dialog.format, "in_person")
    assert dialog.fields["location"].isVisible() and not dialog.fields["link"].isVisible()
    set_combo_data(dialog.kind, "team")
    assert dialog.fields["team_id"].isVisible()
    # a team session without its team is refused at the Team field
    dialog.fields["title"].setText("Coaching call")
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors["team_id"].isVisible()
    assert dialog.errors["team_id"].text() == "Team: choose the team this session supports."
    dialog.team.setCurrentIndex(1)
    dialog.fields["date"].set_value(dt.date(2026, 12, 3))
    dialog.facilitators.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    created = demo_window.ws.get("sessions", dialog.change.id)
    assert (created["title"], created["kind"], created["format"], created["date"]) == (
        "Coaching call", "team", "in_person", "2026-12-03")
    assert created["team_id"] == dialog.team.currentData()
    assert demo_window.ws.scalar("SELECT count(*) FROM session_facilitators WHERE session_id = ?",
                                 (created["id"],)) == 1
    assert demo_window.ws.undo_label == "Add session"


def test_new_session_button(demo_window, qtbot, monkeypatch):
    view = schedule(demo_window)
    before = view.model.rowCount()

    def fill(dialog):
        assert dialog.windowTitle() == "New session"
        dialog.fields["title"].setText("Extra session")
        dialog.fields["date"].set_value(dt.date(2026, 12, 8))
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(SessionDialog, "exec", fill)
    click(qtbot, view.new_button)
    assert view.model.rowCount() == before + 1
    assert view.table.selectionModel().selectedRows()[0].data(RecordRole).title == "Extra session"


def test_a_start_time_skipped_by_daylight_saving_is_refused_at_the_field(cohort_window, qtbot):
    ws = cohort_window.ws
    dialog = SessionDialog(cohort_window, ws, cohort_id(cohort_window))
    qtbot.addWidget(dialog)
    dialog.fields["title"].setText("Early call")
    dialog.fields["date"].set_value(dt.date(2026, 3, 8))
    dialog.fields["start_time"].set_value(dt.time(2, 30))
    dialog.fields["timezone"].setCurrentText("America/Chicago")
    dialog.submit()
    error = dialog.errors["start_time"]
    assert not error.isHidden()
    assert error.text().startswith("Start time: 2:30 a.m. does not exist on Sunday, March 8, 2026 in "
                                   "America/Chicago")
    assert list_sessions(ws, cohort_id(cohort_window)) == []
    dialog.fields["start_time"].set_value(dt.time(3, 0))
    dialog.submit()
    assert [s.start_time for s in list_sessions(ws, cohort_id(cohort_window))] == ["03:00"]


def test_cancel_and_restore_a_session(demo_window, qtbot):
    view = schedule(demo_window)
    session = select_session(view, upcoming_cohort_session)
    assert view.cancel_button.text() == "Cancel &session"
    click(qtbot, view.cancel_button)
    assert demo_window.ws.get("sessions", session.id)["status"] == "cancelled"
    row = view.table.selectionModel().selectedRows()[0].row()
    assert view.table.model().index(row, SessionTableModel.COL_STATUS).data() == "Cancelled"
    assert view.cancel_button.text() == "Restore session"
    assert demo_window.undo_action.text() == "&Undo Cancel session"
    click(qtbot, view.cancel_button)
    assert demo_window.ws.get("sessions", session.id)["status"] == "scheduled"
    assert view.cancel_button.text() == "Cancel &session"


def test_delete_a_session_only_after_confirming(demo_window, qtbot, monkeypatch):
    view = schedule(demo_window)
    before = view.model.rowCount()
    session = select_session(view, upcoming_cohort_session)
    no = Recorder(answer=False)
    monkeypatch.setattr(dialogs, "confirm", no)
    click(qtbot, view.delete_button)
    assert len(no.calls) == 1 and session.title in no.texts[0]
    assert view.model.rowCount() == before
    monkeypatch.setattr(dialogs, "confirm", Recorder(answer=True))
    click(qtbot, view.delete_button)
    assert view.model.rowCount() == before - 1
    assert demo_window.ws.get("sessions", session.id) is None
    demo_window.undo()
    assert view.model.rowCount() == before


def test_list_flags_holidays_of_existing_sessions(cohort_window):
    ws = cohort_window.ws
    ws.insert("sessions", {"cohort_id": cohort_id(cohort_window), "title": "On MLK Day", "kind": "cohort",
                           "format": "virtual", "date": "2026-01-19", "start_time": "13:00",
                           "duration_minutes": 60, "timezone": "America/Chicago"})
    view = screen(cohort_window, "Schedule")
    assert "Martin Luther King" in view.table.model().index(0, SessionTableModel.COL_FLAGS).data()
    assert view.table.model().index(0, SessionTableModel.COL_ATTENDANCE).data() == "not taken"


def test_timeline_paints_and_selects_sessions(demo_window, qtbot):
    view = schedule(demo_window)
    view.views.setCurrentWidget(view.timeline)
    timeline = view.timeline
    assert timeline.isVisible()
    assert len(timeline.sessions) == view.model.rowCount()
    image = timeline.grab()
    assert not image.isNull() and image.width() > 100
    assert len(timeline._hits) == len(timeline.sessions)
    # clicking a mark selects that session in the list
    rect, session = timeline._hits[0]
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert view.table.selectionModel().selectedRows()[0].data(RecordRole).id == session.id
    # arrow keys walk through the sessions
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert timeline.selected == timeline.sessions[1].id
    assert view.table.selectionModel().selectedRows()[0].data(RecordRole).id == timeline.sessions[1].id
    # in the dark scheme too
    from equitycohort.ui import theme

    was_dark = theme.is_dark()
    theme._dark = True
    try:
        assert not timeline.grab().isNull()
    finally:
        theme._dark = was_dark


def test_empty_timeline_paints(cohort_window):
    view = screen(cohort_window, "Schedule")
    view.timeline.set_sessions([], dt.date(2026, 1, 6), dt.date(2026, 7, 6))
    view.timeline.resize(800, 260)
    assert not view.timeline.grab().isNull()


def test_schedule_without_a_cohort_explains_itself(empty_window):
    view = schedule(empty_window)
    assert view.no_cohort.isVisible()
    assert not view.plan_button.isEnabled() and not view.new_button.isEnabled()


@pytest.mark.parametrize("width", [1280, 1366])
def test_on_a_laptop_screen_titles_get_room_and_dates_times_and_attendance_are_whole(demo_window, width):
    demo_window.resize(width, 800)
    view = screen(demo_window, "Schedule")
    view.refresh()
    table, model = view.table, view.table.model()
    header = table.horizontalHeader()
    assert header.sectionSize(SessionTableModel.COL_TITLE) >= 0.25 * table.viewport().width()
    metrics = table.fontMetrics()
    for column in (SessionTableModel.COL_DATE, SessionTableModel.COL_TIME, SessionTableModel.COL_ATTENDANCE):
        for row in range(model.rowCount()):
            text = model.index(row, column).data() or ""
            assert metrics.horizontalAdvance(text) <= header.sectionSize(column), (column, text)


def test_time_zones_are_named_as_people_say_them_and_stored_as_ids(qtbot):
    from equitycohort.ui.views.schedule.dialogs import ZoneCombo

    box = ZoneCombo("America/Chicago")
    qtbot.addWidget(box)
    assert box.currentText() == "Central Time (Chicago)" and box.zone() == "America/Chicago"
    assert "America/" not in " ".join(box.itemText(i) for i in range(box.count()))
    box.setCurrentText("Pacific/Guam")
    assert box.currentText() == "Chamorro Time (Guam)" and box.zone() == "Pacific/Guam"
    box.setCurrentText("Europe/Madrid")  # any other zone, typed by its id
    assert box.zone() == "Europe/Madrid"
    elsewhere = ZoneCombo("Europe/Madrid")
    qtbot.addWidget(elsewhere)
    assert elsewhere.currentText() == "Europe/Madrid" and elsewhere.zone() == "Europe/Madrid"
