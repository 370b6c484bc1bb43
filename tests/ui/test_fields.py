"""Dates and times typed the way people type them, in the forms that take them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCalendarWidget

from equitycohort.ui import preferences
from equitycohort.ui.fields import DateField, TimeField
from equitycohort.ui.views.schedule.dialogs import SessionDialog
from tests.ui.conftest import first_cohort

THIS_YEAR = dt.date.today().year


def typed(qtbot, field, text: str) -> None:
    line = field.edit if isinstance(field, DateField) else field
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Tab)  # leaving the field reads it
    line.editingFinished.emit()


@pytest.mark.parametrize("text,expected,shown", [
    ("3/9/2027", dt.date(2027, 3, 9), "3/9/2027"),
    ("2027-03-09", dt.date(2027, 3, 9), "3/9/2027"),
    ("Mar 9 2027", dt.date(2027, 3, 9), "3/9/2027"),
    ("Mar 9", dt.date(THIS_YEAR, 3, 9), f"3/9/{THIS_YEAR}"),
    ("march 9, 27", dt.date(2027, 3, 9), "3/9/2027"),
])
def test_a_date_typed_in_any_common_way(qtbot, text, expected, shown):
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    typed(qtbot, field, text)
    assert field.date() == expected and field.value() == expected.isoformat()
    assert field.edit.text() == shown  # read, then shown month first
    assert field.problem() is None


@pytest.mark.parametrize("text,expected,shown", [
    ("1430", "14:30", "2:30 p.m."), ("2:30 pm", "14:30", "2:30 p.m."), ("14:30", "14:30", "2:30 p.m."),
    ("9", "09:00", "9:00 a.m."), ("noon", "12:00", "12:00 p.m."),
])
def test_a_time_typed_in_any_common_way(qtbot, text, expected, shown):
    field = TimeField("13:00")
    qtbot.addWidget(field)
    field.show()
    typed(qtbot, field, text)
    assert field.value() == expected and field.text() == shown and field.problem() is None


def test_what_cannot_be_read_stays_as_typed_and_is_said_at_the_field(demo_window, qtbot):
    dialog = SessionDialog(demo_window.current_view(), demo_window.ws, first_cohort(demo_window.ws))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["title"].setText("Coaching call")
    typed(qtbot, dialog.fields["date"], "2/30/2027")
    typed(qtbot, dialog.fields["start_time"], "25:00")
    before = demo_window.ws.count("sessions")
    dialog.submit()
    assert dialog.isVisible() and demo_window.ws.count("sessions") == before
    assert dialog.fields["date"].edit.text() == "2/30/2027"  # nothing typed is lost
    assert dialog.errors["date"].text() == ("Date: “2/30/2027” is not a date: February 2027 has no day 30. "
                                           "Type it like 3/9/2027, 2027-03-09 or Mar 9 2027.")
    assert dialog.errors["start_time"].text().startswith("Start time: “25:00” is not a time of day.")
    typed(qtbot, dialog.fields["date"], "Mar 2 2027")
    typed(qtbot, dialog.fields["start_time"], "1430")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = demo_window.ws.get("sessions", dialog.change.id)
    assert (saved["date"], saved["start_time"]) == ("2027-03-02", "14:30")


def test_a_required_date_left_empty_is_refused_at_the_field(demo_window, qtbot):
    dialog = SessionDialog(demo_window.current_view(), demo_window.ws, first_cohort(demo_window.ws))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["title"].setText("Coaching call")
    typed(qtbot, dialog.fields["date"], "")
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors["date"].text().startswith("Date: Type a date such as 3/9/2027")


def test_up_down_and_page_keys_step_the_date(qtbot):
    field = DateField("2027-01-31")
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.date() == dt.date(2027, 2, 1)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down)
    qtbot.keyClick(field.edit, Qt.Key.Key_PageUp)  # Jan 31 + a month: the month's last day
    assert field.date() == dt.date(2027, 2, 28)


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing", "propagateSizeHints")
def test_the_calendar_starts_on_sunday_and_picking_a_day_sets_it(qtbot, monkeypatch):
    field = DateField("2027-03-09")
    qtbot.addWidget(field)
    field.show()
    field.open_calendar()
    calendars = field.findChildren(QCalendarWidget)
    assert calendars, "the calendar opens under the field"
    calendar = calendars[-1]
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Sunday
    from PySide6.QtCore import QDate

    calendar.clicked.emit(QDate(2027, 3, 14))
    assert field.date() == dt.date(2027, 3, 14)


def test_iso_dates_and_a_24_hour_clock_when_preferred(qtbot):
    preferences.set_style(iso_dates=True, clock_24=True)
    date_field, time_field = DateField("2027-03-09"), TimeField("14:30")
    for widget in (date_field, time_field):
        qtbot.addWidget(widget)
    assert date_field.edit.text() == "2027-03-09" and time_field.text() == "14:30"
    typed(qtbot, date_field, "3/10/2027")  # still read month first
    assert date_field.edit.text() == "2027-03-10"
