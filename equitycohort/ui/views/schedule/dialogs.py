"""Editing one session, and planning a series of them from a cadence."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from equitycohort import formats, i18n
from equitycohort.data.partners import partner_choices
from equitycohort.data.schedule import (
    FREQUENCIES,
    ORDINALS,
    WEEKDAYS,
    ZONE_NAMES,
    Cadence,
    PlannedSession,
    cohort_zone,
    create_series,
    facilitator_choices,
    plan_series,
    save_session,
    session_end,
    session_facilitator_ids,
    session_staff,
    session_start,
    zone_from_name,
    zone_name,
)
from equitycohort.data.schema import SESSION_FORMATS, SESSION_KINDS, SESSION_STATUSES
from equitycohort.data.teams import list_teams
from equitycohort.i18n import _, ngettext
from equitycohort.ui import preferences, theme
from equitycohort.ui.context import run_for
from equitycohort.ui.forms import (
    FormDialog,
    combo,
    date_edit,
    date_value,
    day_of,
    line,
    text_box,
    text_of,
    time_edit,
)
from equitycohort.ui.geometry import fit_dialog
from equitycohort.ui.labels import heading, muted, plain, tint

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change

class ZoneCombo(QComboBox):
    """A US time zone by the name people use (Central Time (Chicago)); another zone can be typed by
    its id (Europe/Madrid)."""

    def __init__(self, value: str):
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for zone, name in ZONE_NAMES.items():
            self.addItem(_(name), zone)
        if value not in ZONE_NAMES:
            self.addItem(value, value)
        self.setCurrentIndex(self.findData(value))
        line = self.lineEdit()
        if line is not None:
            line.setAccessibleName(_("Time zone"))
        self.setToolTip(_("The time zone the session's time is in. Another zone can be typed by its name, "
                          "such as Europe/Madrid."))

    def zone(self) -> str:
        """The zone's id: a name as listed (in the app's language), an English name, or an id as typed."""
        text = self.currentText().strip()
        for i in range(self.count()):
            if self.itemText(i).casefold() == text.casefold():
                return str(self.itemData(i))
        return zone_from_name(text)

    def setCurrentText(self, text: str) -> None:  # noqa: N802 - Qt's name; takes an id or a name
        index = self.findData(text)
        super().setCurrentText(self.itemText(index) if index >= 0 else _(zone_name(text)))


def zone_combo(value: str) -> ZoneCombo:
    return ZoneCombo(value)


class SessionDialog(FormDialog):
    def __init__(self, parent, ws, cohort_id: str, session: dict | None = None):
        super().__init__(parent, _("Edit session") if session else _("New session"))
        self.ws, self.cohort_id, self.session = ws, cohort_id, session
        s = session or {}
        self.add_field("title", _("&Title"), line(s.get("title"), _("e.g. Shared language for equity")))
        self.kind = self.add_field("kind", _("&For"), combo(i18n.labels(SESSION_KINDS), s.get("kind") or "cohort"))
        teams = [(None, _("Choose a team…"))] + [(t.id, t.label) for t in list_teams(ws, cohort_id)]
        self.team = self.add_field("team_id", _("T&eam"), combo(teams, s.get("team_id")))
        self.format = self.add_field("format", _("F&ormat"),
                                     combo(i18n.labels(SESSION_FORMATS), s.get("format") or "virtual"))
        self.add_field("location", _("&Place"), line(s.get("location"), _("venue and room")))
        self.add_field("link", _("&Video link"), line(s.get("link"), "https://"))
        self.add_field("date", _("&Date"), date_edit(s.get("date")))
        self.add_field("start_time", _("&Start time"), time_edit(s.get("start_time") or "13:00"))
        duration = QSpinBox()
        duration.setRange(5, 24 * 60)
        duration.setSingleStep(15)
        # Translators: a suffix after a number of minutes in a spin box; keep the leading space
        duration.setSuffix(_(" minutes"))
        duration.setValue(s.get("duration_minutes") or 90)
        self.add_field("duration_minutes", _("D&uration"), duration)
        self.add_field("timezone", _("Time &zone"), zone_combo(s.get("timezone") or cohort_zone(ws, cohort_id)))
        self.add_field("status", _("Stat&us"),
                       combo(i18n.labels(SESSION_STATUSES), s.get("status") or "scheduled"))
        self.facilitators = QListWidget()
        self.facilitators.setMaximumHeight(96)
        chosen = set(session_facilitator_ids(ws, session["id"])) if session else set()
        for person in session_staff(ws):
            item = QListWidgetItem(person["name"] if person["kind"] == "facilitator"
                                   else _("{name}  (partner)").format(name=person["name"]))
            item.setData(Qt.ItemDataRole.UserRole, person["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person["id"] in chosen else Qt.CheckState.Unchecked)
            self.facilitators.addItem(item)
        self.add_field("facilitators", _("Fac&ilitators"), self.facilitators)
        partners: list[tuple[str | None, str]] = [(None, _("None")), *partner_choices(ws)]
        self.add_field("partner_id", _("Pa&rtner"), combo(partners, s.get("partner_id")))
        self.add_field("agenda", _("&Agenda"), text_box(s.get("agenda"), _("One item a line"), height=110))
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
            "title": text_of(self.fields["title"]),
            "kind": self.kind.currentData(),
            "team_id": self.team.currentData() if self.kind.currentData() == "team" else None,
            "format": self.format.currentData(),
            "location": text_of(self.fields["location"]) if in_person else None,
            "link": None if in_person else (text_of(self.fields["link"]) or None),
            "date": date_value(self.fields["date"]),
            "start_time": self.fields["start_time"].value(),
            "duration_minutes": self.fields["duration_minutes"].value(),
            "timezone": self.fields["timezone"].zone(),
            "status": self.fields["status"].currentData(),
            "partner_id": self.fields["partner_id"].currentData(),
            "agenda": self.fields["agenda"].toPlainText(),
        }

    def chosen_facilitators(self) -> list[str]:
        items = (self.facilitators.item(i) for i in range(self.facilitators.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def save(self) -> Change:
        return save_session(self.ws, self.cohort_id, self.values(), self.chosen_facilitators(),
                            self.session["id"] if self.session else None)


class PlanSessionsDialog(QDialog):
    """Generate a series from a cadence, preview it with flags, create it in one step."""

    def __init__(self, parent, ws, cohort_id: str):
        super().__init__(parent)
        self.setWindowTitle(_("Plan sessions"))
        self.ws, self.cohort_id = ws, cohort_id
        cohort = ws.get("cohorts", cohort_id)
        self.planned: list[PlannedSession] = []
        fit_dialog(self, 980, 620)

        form = QFormLayout()
        self.frequency = combo(i18n.labels(FREQUENCIES), "monthly")
        self.frequency.setAccessibleName(_("Repeat"))
        form.addRow(_("&Repeat"), self.frequency)
        self.nth = combo([(n, _(name)) for n, name in ORDINALS.items()], 2)
        self.nth.setAccessibleName(_("Which week"))
        self.weekday = combo([(i, _(name)) for i, name in enumerate(WEEKDAYS)], 1)
        self.weekday.setAccessibleName(_("Weekday"))
        on = QHBoxLayout()
        on.addWidget(self.nth)
        on.addWidget(self.weekday)
        # Translators: before "second" "Tuesday" (a monthly cadence: on the second Tuesday)
        self.on_label = QLabel(_("&On the"))
        self.on_label.setBuddy(self.nth)
        form.addRow(self.on_label, on)
        self.first = date_edit(cohort["start_date"])
        self.first.setAccessibleName(_("From"))
        form.addRow(_("&From"), self.first)
        self.count = QSpinBox()
        self.count.setRange(1, 60)
        self.count.setValue(6)
        self.count.setAccessibleName(_("Number of sessions"))
        form.addRow(_("&Sessions"), self.count)
        self.start_time = time_edit("13:00")
        self.start_time.setAccessibleName(_("Start time"))
        form.addRow(_("Start &time"), self.start_time)
        self.duration = QSpinBox()
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(90)
        self.duration.setSuffix(_(" minutes"))
        self.duration.setAccessibleName(_("Duration"))
        form.addRow(_("&Duration"), self.duration)
        self.zone = zone_combo(cohort_zone(ws, cohort_id))
        self.zone.setAccessibleName(_("Time zone"))
        form.addRow(_("Time &zone"), self.zone)
        self.format = combo(i18n.labels(SESSION_FORMATS), "virtual")
        self.format.setAccessibleName(_("Format"))
        form.addRow(_("F&ormat"), self.format)
        self.where = line(placeholder=_("https:// video link"))
        self.where.setAccessibleName(_("Video link or place"))
        self.where_label = QLabel(_("&Video link"))
        self.where_label.setBuddy(self.where)
        form.addRow(self.where_label, self.where)
        # Translators: the title the planned sessions get; keep {n} (each session's number)
        self.title_pattern = line(_("Cohort session {n}"))
        self.title_pattern.setAccessibleName(_("Title"))
        self.title_pattern.setToolTip(_("The sessions' titles; {n} becomes each session's number (1, 2, 3 …)"))
        form.addRow(_("T&itle"), self.title_pattern)
        self.facilitator = combo([(None, _("None")), *facilitator_choices(ws)])
        self.facilitator.setAccessibleName(_("Facilitator"))
        form.addRow(_("F&acilitator"), self.facilitator)
        self.error = plain(QLabel())
        self.error.setWordWrap(True)
        tint(self.error, "danger_fg")
        self.error.setAccessibleName(_("Problem"))

        self.preview = QTableWidget(0, 5)
        self.preview.setAccessibleName(_("Preview of planned sessions"))
        self.preview.setHorizontalHeaderLabels([_("Create"), _("Date"), _("Time"), _("Title"), _("Flags")])
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
        right.addWidget(heading(_("Preview")))
        self.preview_note = muted()
        right.addWidget(self.preview_note)
        right.addWidget(self.preview, 1)
        body = QHBoxLayout()
        body.addWidget(left)
        body.addLayout(right, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(_("Create sessions"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setAccessibleName(_("Create sessions"))
        self.buttons.accepted.connect(self.create_sessions)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.buttons)

        for box in (self.frequency, self.nth, self.weekday, self.format, self.facilitator):
            box.currentIndexChanged.connect(self.update_preview)
        self.first.changed.connect(self.update_preview)
        self.start_time.changed.connect(self.update_preview)
        for spin in (self.count, self.duration):
            spin.valueChanged.connect(self.update_preview)
        self.zone.currentTextChanged.connect(self.update_preview)
        self.title_pattern.textChanged.connect(self.update_preview)
        self.where.textChanged.connect(self.update_preview)
        self.update_preview()

    def cadence(self) -> Cadence:
        in_person = self.format.currentData() == "in_person"
        where = self.where.text().strip()
        return Cadence(
            frequency=self.frequency.currentData(),
            first_date=day_of(self.first),
            count=self.count.value(), weekday=self.weekday.currentData(), nth=self.nth.currentData(),
            start_time=self.start_time.value() or "13:00", duration_minutes=self.duration.value(),
            timezone=self.zone.zone(), format=self.format.currentData(),
            location=where if in_person else "", link="" if in_person else where,
            title=self.title_pattern.text().strip() or _("Cohort session {n}"),
        )

    def _facilitators(self) -> tuple[str, ...]:
        return (self.facilitator.currentData(),) if self.facilitator.currentData() else ()

    def update_preview(self, *args) -> None:
        monthly = self.frequency.currentData() == "monthly"
        self.nth.setVisible(monthly)
        self.weekday.setVisible(monthly)
        self.on_label.setVisible(monthly)
        in_person = self.format.currentData() == "in_person"
        self.where_label.setText(_("&Place") if in_person else _("&Video link"))
        self.where.setPlaceholderText(_("venue and room") if in_person else _("https:// video link"))
        from equitycohort.data.validation import is_timezone

        cadence = self.cadence()
        if not is_timezone(cadence.timezone):
            self.error.setText(_("Time zone: {zone} is not a known time zone.").format(
                zone=cadence.timezone or _("(empty)")))
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
            self.preview.setItem(row, 1, QTableWidgetItem(preferences.day_with_weekday(item.date)))
            end = session_end(session_start(item.date.isoformat(), item.start_time, item.timezone),
                              item.duration_minutes).strftime("%H:%M")
            span = formats.time_range(item.start_time, end, preferences.style())
            self.preview.setItem(row, 2, QTableWidgetItem("—" if item.problem else span))
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
        count = len(self.planned)
        note = ngettext("{cadence}: {n} session.", "{cadence}: {n} sessions.", count).format(
            cadence=self.cadence().describe(), n=count)
        if flagged:
            note += " " + ngettext("{n} flagged: uncheck any you do not want, or change the cadence.",
                                   "{n} flagged: uncheck any you do not want, or change the cadence.",
                                   flagged).format(n=flagged)
        self.preview_note.setText(note)
        self.create_button.setText(ngettext("Create {n} session", "Create {n} sessions", chosen).format(n=chosen))
        self.create_button.setEnabled(chosen > 0)

    def _include_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0 and item.row() < len(self.planned):
            from dataclasses import replace

            self.planned[item.row()] = replace(self.planned[item.row()],
                                               include=item.checkState() == Qt.CheckState.Checked)
            self._fill_preview()

    def create_sessions(self) -> None:
        change = run_for(self, create_series, self.cohort_id, self.planned, self._facilitators(),
                         refused=lambda exc: self.error.setText(str(exc)), failed=self.error.setText)
        if change is not None:
            self.accept()
