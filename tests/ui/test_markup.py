"""Names are shown as typed, even when they look like HTML.

BUG (one cause, several places): heading() and muted() in equitycohort/ui/views/base.py make
QLabels in Qt's default AutoText format, and the views put record names into them. When a
name looks like markup (Qt.mightBeRichText: "Ana <b>& Co</b>"), Qt renders it as rich text:
the tags vanish and the rest turns bold or italic. Tables, the window title and the warning
banner (PlainText) are not affected. The fix is setTextFormat(Qt.TextFormat.PlainText) on
labels that show data.
"""

from __future__ import annotations

import pytest

from equitycohort.data.schedule import list_sessions
from tests.ui.conftest import screen, shown_text

MARKUP = "Ana <b>& Co</b>"


def _cohort(window, name="Cohort 1"):
    ws = window.ws
    program = ws.insert("programs", {"name": "Operationalizing Equity"}).id
    return ws.insert("cohorts", {"program_id": program, "name": name, "start_date": "2026-01-06",
                                 "end_date": "2026-07-06"}).id


def team_heading(window):
    cohort = _cohort(window)
    window.ws.insert("teams", {"cohort_id": cohort, "state": "KS", "organization": MARKUP})
    return screen(window, "Teams").team_title, f"Kansas: {MARKUP}"


def partner_heading(window):
    window.ws.insert("partners", {"name": MARKUP})
    return screen(window, "Partners").partner_title, MARKUP


def cohort_details(window):
    _cohort(window, MARKUP)
    view = screen(window, "Cohorts")
    return view.detail, MARKUP


def session_details(window):
    cohort = _cohort(window)
    window.ws.insert("sessions", {"cohort_id": cohort, "title": MARKUP, "kind": "cohort", "format": "virtual",
                                  "date": "2026-02-10", "start_time": "13:00", "duration_minutes": 90,
                                  "timezone": "America/Chicago"})
    view = screen(window, "Schedule")
    return view.detail, MARKUP


def attendance_heading(window):
    label, _ = session_details(window)
    view = screen(window, "Schedule")
    view.show_record(list_sessions(window.ws, window.current_cohort())[0].id)
    view.take_attendance()
    return view.attendance.title, f"Attendance: {MARKUP}"


@pytest.mark.parametrize("place", [team_heading, partner_heading, cohort_details, session_details,
                                   attendance_heading], ids=lambda f: f.__name__)
def test_a_name_that_looks_like_html_is_shown_as_typed(empty_window, place):
    label, expected = place(empty_window)
    assert expected in label.text()  # the data reached the label...
    assert expected in shown_text(label)  # ...and is drawn as typed


def test_tables_and_title_show_markup_as_typed(empty_window):
    _cohort(empty_window, MARKUP)
    view = screen(empty_window, "Cohorts")
    assert view.table.model().index(0, 1).data() == MARKUP
    assert MARKUP in empty_window.cohort_picker.itemText(0)
