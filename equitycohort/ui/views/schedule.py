"""A cohort's calendar: the list, the six-month timeline, planning a series."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.attendance import cohort_attendance
from equitycohort.data.errors import ValidationError
from equitycohort.data.schedule import (
    FREQUENCIES,
    ORDINALS,
    WEEKDAYS,
    Cadence,
    PlannedSession,
    clashes_in_cohort,
    create_series,
    list_sessions,
    plan_series,
    session_end,
    session_facilitator_ids,
    session_start,
    set_facilitators,
)
from equitycohort.data.schema import SESSION_FORMATS, SESSION_KINDS, SESSION_STATUSES
from equitycohort.data.states import PLACE_TIMEZONES
from equitycohort.data.teams import list_teams
from equitycohort.ui import dialogs, theme
from equitycohort.ui.forms import FormDialog, combo, date_edit, date_value, line, text_box, text_of, time_edit
from equitycohort.ui.models import Column, RecordTableModel
from equitycohort.ui.views.attendance import AttendancePanel
from equitycohort.ui.views.base import (
    EmptyState,
    View,
    button,
    button_row,
    fit_columns,
    heading,
    muted,
    record_table,
    select_id,
    selected_record,
)
from equitycohort.ui.views.timeline import TimelineWidget

COMMON_ZONES = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "UTC",
)


def zone_combo(value: str) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    for zone in COMMON_ZONES:
        box.addItem(zone)
    if value not in COMMON_ZONES:
        box.addItem(value)
    box.setCurrentText(value)
    return box


def cohort_zone(ws, cohort_id: str) -> str:
    """The time zone most of a cohort's sessions use, else its teams' most common one."""
    zone = ws.scalar("SELECT timezone FROM sessions WHERE cohort_id = ? GROUP BY timezone "
                     "ORDER BY count(*) DESC LIMIT 1", (cohort_id,))
    if zone:
        return zone
    zones = [PLACE_TIMEZONES.get(t.state) for t in list_teams(ws, cohort_id)]
    zones = [z for z in zones if z]
    return max(set(zones), key=zones.count) if zones else "America/New_York"


class SessionTableModel(RecordTableModel):
    COL_DATE, COL_TIME, COL_TITLE, COL_KIND, COL_WHERE, COL_FACILITATORS, COL_STATUS, COL_ATTENDANCE, COL_FLAGS = range(9)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.attendance: dict = {}
        self.clashes: dict[str, list[str]] = {}
        self.flag_text: dict[str, str] = {}
        self.today = dt.date.today().isoformat()
        self.columns = (
            Column("Date", lambda s: dt.date.fromisoformat(s.date).strftime("%a %d %b %Y"),
                   sort=lambda s: f"{s.date} {s.start_time}"),
            Column("Time", lambda s: s.time_label(), sort=lambda s: s.start_time),
            Column("Title", lambda s: s.title),
            Column("For", lambda s: "Whole cohort" if s.kind == "cohort" else f"Team {s.team_state or ''}"),
            Column("Where", lambda s: s.location or "In person" if s.format == "in_person" else "Video call"),
            Column("Facilitators", lambda s: s.facilitators or ""),
            Column("Status", lambda s: s.status_label, tone=lambda s: "muted_fg" if s.status == "cancelled" else None),
            Column("Attendance", self._attendance_text, tone=self._attendance_tone),
            Column("Flags", self._flags, tone=lambda s: "warning_fg" if self._flags(s) else None),
        )

    def _attendance_text(self, s) -> str:
        a = self.attendance.get(s.id)
        if s.status == "cancelled":
            return ""
        if a is None or a.recorded == 0:
            return "not taken" if s.date <= self.today else ""
        return f"{a.present} of {a.expected} present"

    def _attendance_tone(self, s) -> str | None:
        return "warning_fg" if self._attendance_text(s) == "not taken" else None

    def set_rows(self, rows) -> None:
        from equitycohort.data.schedule import holiday_on

        self.flag_text = {}
        for s in rows:
            flags = []
            if s.id in self.clashes:
                flags.append("⚠ clash with " + ", ".join(self.clashes[s.id]))
            holiday = holiday_on(dt.date.fromisoformat(s.date))
            if holiday and s.status != "cancelled":
                flags.append(f"⚑ {holiday}")
            self.flag_text[s.id] = "; ".join(flags)
        super().set_rows(rows)

    def _flags(self, s) -> str:
        return self.flag_text.get(s.id, "")


class SessionDialog(FormDialog):
    def __init__(self, parent, ws, cohort_id: str, session: dict | None = None):
        super().__init__(parent, "Edit session" if session else "New session")
        self.ws, self.cohort_id, self.session = ws, cohort_id, session
        s = session or {}
        self.add_field("title", "&Title", line(s.get("title"), "e.g. Shared language for equity"))
        self.kind = self.add_field("kind", "&For", combo(SESSION_KINDS, s.get("kind") or "cohort"))
        teams = [(None, "Choose a team…")] + [(t.id, t.label) for t in list_teams(ws, cohort_id)]
        self.team = self.add_field("team_id", "T&eam", combo(teams, s.get("team_id")))
        self.format = self.add_field("format", "F&ormat", combo(SESSION_FORMATS, s.get("format") or "virtual"))
        self.add_field("location", "&Place", line(s.get("location"), "venue and room"))
        self.add_field("link", "&Video link", line(s.get("link"), "https://"))
        self.add_field("date", "&Date", date_edit(s.get("date")))
        self.add_field("start_time", "&Start time", time_edit(s.get("start_time") or "13:00"))
        duration = QSpinBox()
        duration.setRange(5, 24 * 60)
        duration.setSingleStep(15)
        duration.setSuffix(" minutes")
        duration.setValue(s.get("duration_minutes") or 90)
        self.add_field("duration_minutes", "D&uration", duration)
        self.add_field("timezone", "Time &zone", zone_combo(s.get("timezone") or cohort_zone(ws, cohort_id)))
        self.add_field("status", "Stat&us", combo(SESSION_STATUSES, s.get("status") or "scheduled"))
        self.facilitators = QListWidget()
        self.facilitators.setMaximumHeight(96)
        chosen = set(session_facilitator_ids(ws, session["id"])) if session else set()
        for person in ws.rows("SELECT id, name, kind FROM people WHERE kind IN ('facilitator', 'partner') "
                              "ORDER BY kind, name COLLATE NOCASE"):
            item = QListWidgetItem(person["name"] + ("" if person["kind"] == "facilitator" else "  (partner)"))
            item.setData(Qt.ItemDataRole.UserRole, person["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person["id"] in chosen else Qt.CheckState.Unchecked)
            self.facilitators.addItem(item)
        self.add_field("facilitators", "Fac&ilitators", self.facilitators)
        partners = [(None, "None")] + [(r["id"], r["name"]) for r in ws.rows("SELECT id, name FROM partners ORDER BY name")]
        self.add_field("partner_id", "Pa&rtner", combo(partners, s.get("partner_id")))
        self.add_field("agenda", "&Agenda", text_box(s.get("agenda"), "One item a line", height=110))
        self.kind.currentIndexChanged.connect(self._sync)
        self.format.currentIndexChanged.connect(self._sync)
        self._sync()
        self.finish_layout()

    def _row_visible(self, name: str, visible: bool) -> None:
        self.form.setRowVisible(self.fields[name].parentWidget(), visible)

    def _sync(self) -> None:
        self._row_visible("team_id", self.kind.currentData() == "team")
        in_person = self.format.currentData() == "in_person"
        self._row_visible("location", in_person)
        self._row_visible("link", not in_person)

    def values(self) -> dict:
        in_person = self.format.currentData() == "in_person"
        return {
            "cohort_id": self.cohort_id,
            "title": text_of(self.fields["title"]),
            "kind": self.kind.currentData(),
            "team_id": self.team.currentData() if self.kind.currentData() == "team" else None,
            "format": self.format.currentData(),
            "location": text_of(self.fields["location"]) if in_person else None,
            "link": None if in_person else (text_of(self.fields["link"]) or None),
            "date": date_value(self.fields["date"]),
            "start_time": self.fields["start_time"].time().toString("HH:mm"),
            "duration_minutes": self.fields["duration_minutes"].value(),
            "timezone": self.fields["timezone"].currentText().strip(),
            "status": self.fields["status"].currentData(),
            "partner_id": self.fields["partner_id"].currentData(),
            "agenda": self.fields["agenda"].toPlainText(),
        }

    def chosen_facilitators(self) -> list[str]:
        items = (self.facilitators.item(i) for i in range(self.facilitators.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        values = self.values()
        label = "Edit session" if self.session else "Add session"
        with self.ws.operation(label) as op:
            if self.session:
                op.update("sessions", self.session["id"], values)
                session_id = self.session["id"]
            else:
                session_id = op.insert("sessions", values)
            set_facilitators(op, self.ws, session_id, self.chosen_facilitators())


class PlanSessionsDialog(QDialog):
    """Generate a series from a cadence, preview it with flags, create it in one step."""

    def __init__(self, parent, ws, cohort_id: str):
        super().__init__(parent)
        self.setWindowTitle("Plan sessions")
        self.ws, self.cohort_id = ws, cohort_id
        cohort = ws.get("cohorts", cohort_id)
        self.planned: list[PlannedSession] = []
        self.resize(980, 620)

        form = QFormLayout()
        self.frequency = combo(FREQUENCIES, "monthly")
        self.frequency.setAccessibleName("Repeat")
        form.addRow("&Repeat", self.frequency)
        self.nth = combo([(n, name) for n, name in ORDINALS.items()], 2)
        self.nth.setAccessibleName("Which week")
        self.weekday = combo([(i, name) for i, name in enumerate(WEEKDAYS)], 1)
        self.weekday.setAccessibleName("Weekday")
        on = QHBoxLayout()
        on.addWidget(self.nth)
        on.addWidget(self.weekday)
        self.on_label = QLabel("&On the")
        self.on_label.setBuddy(self.nth)
        form.addRow(self.on_label, on)
        self.first = date_edit(cohort["start_date"])
        self.first.setAccessibleName("From")
        form.addRow("&From", self.first)
        self.count = QSpinBox()
        self.count.setRange(1, 60)
        self.count.setValue(6)
        self.count.setAccessibleName("Number of sessions")
        form.addRow("&Sessions", self.count)
        self.start_time = time_edit("13:00")
        self.start_time.setAccessibleName("Start time")
        form.addRow("Start &time", self.start_time)
        self.duration = QSpinBox()
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(90)
        self.duration.setSuffix(" minutes")
        self.duration.setAccessibleName("Duration")
        form.addRow("&Duration", self.duration)
        self.zone = zone_combo(cohort_zone(ws, cohort_id))
        self.zone.setAccessibleName("Time zone")
        form.addRow("Time &zone", self.zone)
        self.format = combo(SESSION_FORMATS, "virtual")
        self.format.setAccessibleName("Format")
        form.addRow("F&ormat", self.format)
        self.where = line(placeholder="https:// video link")
        self.where.setAccessibleName("Video link or place")
        self.where_label = QLabel("&Video link")
        self.where_label.setBuddy(self.where)
        form.addRow(self.where_label, self.where)
        self.title_pattern = line("Cohort session {n}")
        self.title_pattern.setAccessibleName("Title")
        self.title_pattern.setToolTip("{n} becomes the session's number")
        form.addRow("T&itle", self.title_pattern)
        self.facilitator = combo([(None, "None")] + [
            (r["id"], r["name"]) for r in ws.rows("SELECT id, name FROM people WHERE kind = 'facilitator' ORDER BY name")])
        self.facilitator.setAccessibleName("Facilitator")
        form.addRow("F&acilitator", self.facilitator)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.color('danger_fg').name()};")
        self.error.setAccessibleName("Problem")

        self.preview = QTableWidget(0, 5)
        self.preview.setAccessibleName("Preview of planned sessions")
        self.preview.setHorizontalHeaderLabels(["Create", "Date", "Time", "Title", "Flags"])
        self.preview.verticalHeader().setVisible(False)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.preview.itemChanged.connect(self._include_changed)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addWidget(self.error)
        left_layout.addStretch(1)
        left.setMaximumWidth(400)
        right = QVBoxLayout()
        right.addWidget(heading("Preview"))
        self.preview_note = muted()
        right.addWidget(self.preview_note)
        right.addWidget(self.preview, 1)
        body = QHBoxLayout()
        body.addWidget(left)
        body.addLayout(right, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton("Create sessions", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setAccessibleName("Create sessions")
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.buttons)

        for widget in (self.frequency, self.nth, self.weekday, self.format, self.facilitator):
            widget.currentIndexChanged.connect(self.update_preview)
        for widget in (self.first, self.start_time):
            widget.dateTimeChanged.connect(self.update_preview)
        for widget in (self.count, self.duration):
            widget.valueChanged.connect(self.update_preview)
        self.zone.currentTextChanged.connect(self.update_preview)
        self.title_pattern.textChanged.connect(self.update_preview)
        self.where.textChanged.connect(self.update_preview)
        self.update_preview()

    def cadence(self) -> Cadence:
        in_person = self.format.currentData() == "in_person"
        where = self.where.text().strip()
        return Cadence(
            frequency=self.frequency.currentData(),
            first_date=dt.date.fromisoformat(date_value(self.first)),
            count=self.count.value(), weekday=self.weekday.currentData(), nth=self.nth.currentData(),
            start_time=self.start_time.time().toString("HH:mm"), duration_minutes=self.duration.value(),
            timezone=self.zone.currentText().strip(), format=self.format.currentData(),
            location=where if in_person else "", link="" if in_person else where,
            title=self.title_pattern.text().strip() or "Cohort session {n}",
        )

    def _facilitators(self) -> tuple[str, ...]:
        return (self.facilitator.currentData(),) if self.facilitator.currentData() else ()

    def update_preview(self, *args) -> None:
        monthly = self.frequency.currentData() == "monthly"
        self.nth.setVisible(monthly)
        self.weekday.setVisible(monthly)
        self.on_label.setVisible(monthly)
        in_person = self.format.currentData() == "in_person"
        self.where_label.setText("&Place" if in_person else "&Video link")
        self.where.setPlaceholderText("venue and room" if in_person else "https:// video link")
        from equitycohort.data.validation import is_timezone

        cadence = self.cadence()
        if not is_timezone(cadence.timezone):
            self.error.setText(f"Time zone: {cadence.timezone or '(empty)'} is not a known time zone.")
            self.planned = []
        else:
            self.error.setText("")
            self.planned = plan_series(self.ws, self.cohort_id, cadence, self._facilitators())
        self._fill_preview()

    def _fill_preview(self) -> None:
        self.preview.blockSignals(True)
        self.preview.setRowCount(len(self.planned))
        warn = theme.color("warning_fg")
        for row, item in enumerate(self.planned):
            check = QTableWidgetItem()
            check.setFlags((Qt.ItemFlag.ItemIsUserCheckable if item.problem is None else Qt.ItemFlag.NoItemFlags)
                           | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked if item.include else Qt.CheckState.Unchecked)
            self.preview.setItem(row, 0, check)
            self.preview.setItem(row, 1, QTableWidgetItem(item.date.strftime("%a %d %b %Y")))
            end = session_end(session_start(item.date.isoformat(), item.start_time, item.timezone),
                              item.duration_minutes).strftime("%H:%M")
            self.preview.setItem(row, 2, QTableWidgetItem("—" if item.problem else f"{item.start_time}–{end}"))
            self.preview.setItem(row, 3, QTableWidgetItem(item.title))
            flags = [f"⚠ {item.problem}"] if item.problem else []
            flags += [f"⚑ {item.holiday}"] if item.holiday else []
            flags += [f"⚠ {c}" for c in item.clashes]
            flag_item = QTableWidgetItem("; ".join(flags))
            flag_item.setToolTip("\n".join(flags))
            flag_item.setForeground(warn)
            self.preview.setItem(row, 4, flag_item)
        self.preview.blockSignals(False)
        flagged = sum(1 for p in self.planned if p.flagged)
        chosen = sum(1 for p in self.planned if p.creatable)
        note = f"{self.cadence().describe()}: {len(self.planned)} sessions."
        if flagged:
            note += f" {flagged} flagged: untick any you do not want, or change the cadence."
        self.preview_note.setText(note)
        self.create_button.setText(f"Create {chosen} session{'s' if chosen != 1 else ''}")
        self.create_button.setEnabled(chosen > 0)

    def _include_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0 and item.row() < len(self.planned):
            from dataclasses import replace

            self.planned[item.row()] = replace(self.planned[item.row()],
                                               include=item.checkState() == Qt.CheckState.Checked)
            self._fill_preview()

    def create(self) -> None:
        try:
            create_series(self.ws, self.cohort_id, self.planned, self._facilitators())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class ScheduleView(View):
    title = "Schedule"
    tables = frozenset({"sessions", "session_facilitators", "attendance", "cohorts", "teams", "team_members",
                        "people", "partners"})

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._schedule_page())
        self.attendance = AttendancePanel()
        self.attendance.back.connect(self.show_schedule)
        self.pages.addWidget(self.attendance)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _schedule_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading("Schedule")
        layout.addWidget(self.heading)
        self.plan_button = button("&Plan sessions…", self.plan_sessions, "Plan sessions",
                                  "Generate a series of sessions from a cadence")
        self.new_button = button("&New session…", self.new_session, "New session")
        self.edit_button = button("&Edit…", self.edit_session, "Edit session")
        self.attendance_button = button("Take &attendance", self.take_attendance, "Take attendance")
        self.cancel_button = button("&Cancel session", self.cancel_session, "Cancel session")
        self.delete_button = button("&Delete…", self.delete_session, "Delete session")
        layout.addLayout(button_row(self.plan_button, self.new_button, self.edit_button, self.attendance_button,
                                    self.cancel_button, self.delete_button))
        self.model = SessionTableModel(self)
        self.table = record_table(self.model, "Sessions", stretch=SessionTableModel.COL_TITLE)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.sortByColumn(SessionTableModel.COL_DATE, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self.edit_session)
        self.timeline = TimelineWidget()
        self.timeline.session_clicked.connect(self._timeline_clicked)
        self.timeline.session_activated.connect(lambda sid: (self._timeline_clicked(sid), self.edit_session()))
        self.views = QTabWidget()
        self.views.setAccessibleName("Schedule views")
        self.views.addTab(self.table, "&List")
        self.views.addTab(self.timeline, "&Timeline")
        layout.addWidget(self.views, 1)
        self.detail = muted()
        self.detail.setAccessibleName("Session details")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        self.no_cohort = EmptyState("No cohort yet", "Create a cohort on the Cohorts screen first; "
                                    "its calendar is planned here.", [])
        layout.addWidget(self.no_cohort, 1)
        self.empty = EmptyState(
            "No sessions yet",
            "Plan the cohort's six months in one go: pick a cadence such as monthly on the second Tuesday, "
            "check the preview for holidays and clashes, and create them all at once.",
            [button("&Plan sessions…", self.plan_sessions, "Plan sessions")])
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
            self.heading.setText("Schedule")
            self.model.set_rows([])
            self._selected()
            return
        self.heading.setText(f"Schedule of {cohort['name']}")
        selected = selected_record(self.table)
        self.model.attendance = cohort_attendance(self.ws, cohort["id"])
        self.model.clashes = clashes_in_cohort(self.ws, cohort["id"])
        self.model.today = dt.date.today().isoformat()
        self.model.set_rows(sessions)
        model = SessionTableModel
        fit_columns(self.table, stretch=model.COL_TITLE,
                    keep=(model.COL_DATE, model.COL_TIME, model.COL_STATUS, model.COL_ATTENDANCE))
        self.timeline.set_sessions(sessions, dt.date.fromisoformat(cohort["start_date"]),
                                   dt.date.fromisoformat(cohort["end_date"]))
        if selected and select_id(self.table, self.model, selected.id):
            pass
        elif sessions:
            upcoming = next((s for s in sessions if s.date >= self.model.today), sessions[-1])
            select_id(self.table, self.model, upcoming.id)
        self._selected()

    def _selected(self, *args) -> None:
        session = selected_record(self.table)
        for b in (self.edit_button, self.attendance_button, self.cancel_button, self.delete_button):
            b.setEnabled(session is not None)
        if session is None:
            self.detail.setText("")
            return
        self.timeline.select(session.id)
        self.cancel_button.setText("Restore session" if session.status == "cancelled" else "&Cancel session")
        where = session.where or ("place to be decided" if session.format == "in_person" else "no link yet")
        agenda = (session.agenda or "").strip().splitlines()
        text = f"{session.title} · {session.date} {session.time_label()} · {session.format_label}: {where}"
        if session.partner_name:
            text += f" · with {session.partner_name}"
        if agenda:
            text += "\nAgenda: " + " · ".join(agenda[:4]) + (" …" if len(agenda) > 4 else "")
        self.detail.setText(text)

    def _timeline_clicked(self, session_id: str) -> None:
        select_id(self.table, self.model, session_id)

    def show_record(self, record_id: str) -> None:
        self.show_schedule()
        select_id(self.table, self.model, record_id)

    def show_schedule(self) -> None:
        self.pages.setCurrentIndex(0)
        self.table.setFocus()

    def plan_sessions(self) -> None:
        if self.cohort_id:
            PlanSessionsDialog(self, self.ws, self.cohort_id).exec()

    def new_session(self) -> None:
        if self.cohort_id:
            dialog = SessionDialog(self, self.ws, self.cohort_id)
            if dialog.exec() and self.ws.last_change and self.ws.last_change.id:
                select_id(self.table, self.model, self.ws.last_change.id)

    def edit_session(self, *args) -> None:
        session = selected_record(self.table)
        if session:
            SessionDialog(self, self.ws, self.cohort_id, self.ws.get("sessions", session.id)).exec()

    def cancel_session(self) -> None:
        session = selected_record(self.table)
        if session is None:
            return
        if session.status == "cancelled":
            self.run(self.ws.update, "sessions", session.id, {"status": "scheduled"}, "Restore session")
        else:
            self.run(self.ws.update, "sessions", session.id, {"status": "cancelled"}, "Cancel session")

    def delete_session(self) -> None:
        session = selected_record(self.table)
        if session and dialogs.confirm(
                self, "Delete session",
                f"Delete “{session.title}” on {session.date} and its attendance? "
                "To keep it on record as not held, cancel it instead. You can undo this with Edit > Undo.",
                "Delete", destructive=True):
            self.run(self.ws.delete, "sessions", session.id, "Delete session")

    def take_attendance(self) -> None:
        session = selected_record(self.table)
        if session:
            self.pages.setCurrentWidget(self.attendance)
            self.attendance.show_session(self.ws, session.id)

    def open_attendance(self, session_id: str) -> None:
        self.show_record(session_id)
        self.take_attendance()

    def current_session_id(self) -> str | None:
        session = selected_record(self.table)
        return session.id if session else None

    def set_workspace(self, ws) -> None:
        super().set_workspace(ws)
        self.pages.setCurrentIndex(0)

    def set_cohort(self, cohort_id) -> None:
        if cohort_id != self.cohort_id:
            self.pages.setCurrentIndex(0)
        super().set_cohort(cohort_id)
