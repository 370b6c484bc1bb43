"""The Schedule screen: a cohort's sessions as a list and a six-month timeline."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort import i18n
from equitycohort.data.attendance import cohort_attendance
from equitycohort.data.schedule import (
    clashes_in_cohort,
    delete_session,
    list_sessions,
    set_session_status,
)
from equitycohort.data.schema import SESSION_FORMATS
from equitycohort.i18n import _
from equitycohort.ui import dialogs, preferences
from equitycohort.ui.context import Context, InView
from equitycohort.ui.labels import heading, muted
from equitycohort.ui.views.attendance import AttendancePanel
from equitycohort.ui.views.base import (
    EmptyState,
    View,
    button,
    button_row,
    fit_columns,
    record_table,
    select_id,
    selected_record,
)
from equitycohort.ui.views.schedule.dialogs import PlanSessionsDialog, SessionDialog
from equitycohort.ui.views.schedule.models import SessionTableModel
from equitycohort.ui.views.timeline import TimelineWidget


class ScheduleView(View):
    title = "Schedule"
    tables = frozenset({"sessions", "session_facilitators", "attendance", "cohorts", "teams", "team_members",
                        "people", "partners"})

    cohort_screen = True

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._schedule_page())
        self.attendance = AttendancePanel(self.context)
        self.attendance.back.connect(self.show_schedule)
        self.attendance.session_shown.connect(lambda _id: self.publish())
        self.pages.addWidget(self.attendance)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _schedule_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading(_("Schedule"))
        layout.addWidget(self.heading)
        self.plan_button = button(_("&Plan sessions…"), self.plan_sessions, _("Plan sessions"),
                                  _("Generate a series of sessions from a cadence"))
        self.new_button = button(_("&New session…"), self.new_session, _("New session"))
        self.edit_button = button(_("&Edit…"), self.edit_session, _("Edit session"))
        self.attendance_button = button(_("Take &attendance"), self.take_attendance, _("Take attendance"))
        self.cancel_button = button(_("Cancel &session"), self.cancel_session, _("Cancel session"))
        self.delete_button = button(_("&Delete…"), self.delete_session, _("Delete session"))
        layout.addLayout(button_row(self.plan_button, self.new_button, self.edit_button, self.attendance_button,
                                    self.cancel_button, self.delete_button))
        self.model = SessionTableModel(self)
        self.table = record_table(self.model, _("Sessions"), stretch=SessionTableModel.COL_TITLE)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.sortByColumn(SessionTableModel.COL_DATE, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self.edit_session)
        self.timeline = TimelineWidget()
        self.timeline.session_clicked.connect(self._timeline_clicked)
        self.timeline.session_activated.connect(self._timeline_activated)
        self.views = QTabWidget()
        self.views.setAccessibleName(_("Schedule views"))
        self.views.addTab(self.table, _("&List"))
        self.views.addTab(self.timeline, _("&Timeline"))
        layout.addWidget(self.views, 1)
        self.detail = muted()
        self.detail.setAccessibleName(_("Session details"))
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        self.no_cohort = EmptyState(_("No cohort yet"), _("Create a cohort on the Cohorts screen first; "
                                                          "its calendar is planned here."), [])
        layout.addWidget(self.no_cohort, 1)
        self.empty = EmptyState(
            _("No sessions yet"),
            _("Plan the cohort's six months in one go: pick a cadence such as monthly on the second Tuesday, "
              "check the preview for holidays and clashes, and create them all at once."),
            [button(_("&Plan sessions…"), self.plan_sessions, _("Plan sessions"))])
        layout.addWidget(self.empty, 1)
        return page

    def refresh(self) -> None:
        cohort = self.ws.get("cohorts", self.cohort_id) if self.cohort_id else None
        if self.pages.currentWidget() is self.attendance:
            self.attendance.refresh()
        sessions = list_sessions(self.ws, cohort["id"]) if cohort else []
        self.no_cohort.setVisible(cohort is None)
        self.empty.setVisible(cohort is not None and not sessions)
        self.views.setVisible(bool(sessions))
        self.detail.setVisible(bool(sessions))
        for b in (self.plan_button, self.new_button):
            b.setEnabled(cohort is not None)
        if cohort is None:
            self.heading.setText(_("Schedule"))
            self.model.set_rows([])
            self._selected()
            return
        self.heading.setText(_("Schedule of {cohort}").format(cohort=cohort["name"]))
        chosen = self.context.session_id
        selected = selected_record(self.table)
        keep = selected.id if selected else chosen
        self.model.attendance = cohort_attendance(self.ws, cohort["id"])
        self.model.clashes = clashes_in_cohort(self.ws, cohort["id"])
        self.model.today = dt.date.today().isoformat()
        self.model.set_rows(sessions)
        # the flags column only when a session has a flag: its room goes to the titles otherwise
        self.table.setColumnHidden(SessionTableModel.COL_FLAGS, not any(self.model.flag_text.values()))
        model = SessionTableModel
        fit_columns(self.table, stretch=model.COL_TITLE,
                    keep=(model.COL_DATE, model.COL_TIME, model.COL_STATUS, model.COL_ATTENDANCE))
        self.timeline.set_sessions(sessions, dt.date.fromisoformat(cohort["start_date"]),
                                   dt.date.fromisoformat(cohort["end_date"]))
        if keep and select_id(self.table, self.model, keep):
            pass
        elif sessions:
            upcoming = next((s for s in sessions if s.date >= self.model.today), sessions[-1])
            select_id(self.table, self.model, upcoming.id)
        self._selected()

    def _selected(self, *args) -> None:
        session = selected_record(self.table)
        for b in (self.edit_button, self.attendance_button, self.cancel_button, self.delete_button):
            b.setEnabled(session is not None)
        self.publish()
        if session is None:
            self.detail.setText("")
            return
        self.timeline.select(session.id)
        self.cancel_button.setText(_("Restore session") if session.status == "cancelled" else _("Cancel &session"))
        where = session.where or (_("place to be decided") if session.format == "in_person" else _("no link yet"))
        agenda = (session.agenda or "").strip().splitlines()
        text = (f"{session.title} · {preferences.day_with_weekday(session.date)} {preferences.session_time(session)}"
                f" · {i18n.label(SESSION_FORMATS, session.format)}: {where}")
        if session.partner_name:
            text += " · " + _("with {partner}").format(partner=session.partner_name)
        if agenda:
            items = " · ".join(agenda[:4]) + (" …" if len(agenda) > 4 else "")
            text += "\n" + _("Agenda: {items}").format(items=items)
        self.detail.setText(text)

    def _timeline_activated(self, session_id: str) -> None:
        self._timeline_clicked(session_id)
        self.edit_session()

    def _timeline_clicked(self, session_id: str) -> None:
        select_id(self.table, self.model, session_id)

    def show_record(self, record_id: str, table: str = "") -> None:
        self.show_schedule()
        self.refresh_if_stale()
        select_id(self.table, self.model, record_id)

    def show_schedule(self) -> None:
        self.pages.setCurrentIndex(0)
        self.table.setFocus()
        self.publish()

    def in_view(self) -> InView:
        if self.pages.currentWidget() is self.attendance:
            session = self.attendance.session_id
        else:
            selected = selected_record(self.table)
            session = selected.id if selected else None
        return InView(cohort=True, session=session)

    def plan_sessions(self) -> None:
        if self.cohort_id:
            PlanSessionsDialog(self, self.ws, self.cohort_id).exec()

    def new_session(self) -> None:
        if self.cohort_id:
            SessionDialog(self, self.ws, self.cohort_id).exec()

    def edit_session(self, *args) -> None:
        session = selected_record(self.table)
        if session:
            SessionDialog(self, self.ws, session.cohort_id, self.ws.get("sessions", session.id)).exec()

    def cancel_session(self) -> None:
        session = selected_record(self.table)
        if session is None:
            return
        self.run(set_session_status, session.id, "scheduled" if session.status == "cancelled" else "cancelled")

    def delete_session(self) -> None:
        session = selected_record(self.table)
        if session and dialogs.confirm(
                self, _("Delete session"),
                _("Delete “{title}” on {date} and its attendance? To keep it on record as not held, cancel it "
                  "instead. You can undo this with Edit > Undo.").format(
                    title=session.title, date=preferences.short_date(session.date)),
                _("Delete"), destructive=True):
            self.run(delete_session, session.id)

    def take_attendance(self) -> None:
        session = selected_record(self.table)
        if session:
            self.pages.setCurrentWidget(self.attendance)
            self.attendance.show_session(session.id)

    def workspace_opened(self) -> None:
        super().workspace_opened()
        self.pages.setCurrentIndex(0)

    def cohort_changed(self) -> None:
        self.pages.setCurrentIndex(0)
        super().cohort_changed()
