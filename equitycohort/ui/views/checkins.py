"""Check-ins: each follow-up with a state team, and the quick form that records one.

The form is built to be filled by keyboard during or right after a call: the
cursor starts where the typing starts, Tab walks the fields in reading order,
Enter in a next step starts the next one, and Ctrl+Enter saves from anywhere.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.checkins import (
    CheckinRecord,
    NextStep,
    cohort_checkins,
    default_next_checkin,
    default_step_due,
    delete_checkin,
    facilitators,
    get_checkin,
    save_checkin,
    set_next_step_done,
    step_owners,
    team_checkins,
    usual_facilitator,
)
from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.schema import CHECKIN_MODES
from equitycohort.data.states import state_name
from equitycohort.data.teams import list_teams
from equitycohort.ui import dialogs, theme
from equitycohort.ui.forms import (
    NO_DATE,
    FormDialog,
    combo,
    date_value,
    set_combo,
    text_box,
    text_of,
    to_qdate,
)
from equitycohort.ui.models import Column, RecordTableModel, plural
from equitycohort.ui.views.base import (
    EmptyState,
    View,
    button,
    fit_columns,
    heading,
    muted,
    record_table,
    select_id,
    selected_record,
)

PRIVATE_LABEL = "Private — facilitators only"
PRIVATE_NOTE = "Never shown to the team, nor put in anything made for it."
QUICK_ENTRY_KEYS = "Ctrl+Shift+K"


def day_text(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%a %d %b %Y") if iso else ""


# --- the list ---------------------------------------------------------------

class CheckinTableModel(RecordTableModel):
    COL_DATE, COL_TEAM, COL_MODE, COL_WHO, COL_SUMMARY, COL_STEPS, COL_NEXT = range(7)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today = dt.date.today()
        #: check-ins that are their team's latest and whose next check-in date has passed
        self.late: set[str] = set()
        self.columns = (
            Column("Date", lambda c: day_text(c.date), sort=lambda c: (c.date, c.created)),
            Column("Team", lambda c: state_name(c.state), tooltip=lambda c: c.team_label),
            Column("Mode", lambda c: c.mode_label),
            Column("Who", lambda c: c.who, tooltip=lambda c: c.who),
            Column("Summary", lambda c: c.summary_line, tooltip=lambda c: (c.summary or "")[:600]),
            Column("Next steps", self._steps_text, sort=self._steps_sort, tone=self._steps_tone),
            Column("Next check-in", self._next_text, sort=lambda c: c.next_checkin_date or "",
                   tone=lambda c: "danger_fg" if c.id in self.late else None,
                   tooltip=lambda c: "Due and not yet held: no later check-in with this team."
                   if c.id in self.late else ""),
        )

    def set_rows(self, rows: list[CheckinRecord]) -> None:
        today = self.today.isoformat()
        latest: dict[str, CheckinRecord] = {}
        for c in rows:
            if c.team_id not in latest or (c.date, c.created) > (latest[c.team_id].date, latest[c.team_id].created):
                latest[c.team_id] = c
        self.late = {c.id for c in latest.values() if c.next_checkin_date and c.next_checkin_date < today}
        super().set_rows(rows)

    def _steps_text(self, c: CheckinRecord) -> str:
        if not c.next_steps:
            return ""
        open_, overdue = c.open_steps(), c.overdue_steps(self.today)
        if not open_:
            return "All done"
        return f"{open_} open, {overdue} overdue" if overdue else f"{open_} open"

    def _steps_sort(self, c: CheckinRecord):
        return (c.overdue_steps(self.today), c.open_steps(), len(c.next_steps))

    def _steps_tone(self, c: CheckinRecord) -> str | None:
        if c.overdue_steps(self.today):
            return "danger_fg"
        return "ok_fg" if c.next_steps and not c.open_steps() else None

    def _next_text(self, c: CheckinRecord) -> str:
        text = day_text(c.next_checkin_date)
        return f"⚠ {text}" if c.id in self.late else text


# --- the detail pane -----------------------------------------------------------

def _caption(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setWeight(font.Weight.DemiBold)
    label.setFont(font)
    return label


def _tint(label: QLabel, token: str | None) -> None:
    """Colour a label's text with a theme colour (None: the normal text colour).

    A palette rather than a style sheet: this runs for every label of the detail
    pane on every selection, and style sheets are many times slower to apply.
    """
    palette = QPalette()
    if token:
        palette.setColor(QPalette.ColorRole.WindowText, theme.color(token))
    label.setPalette(palette)


def _plain(text: str = "") -> QLabel:
    """A label that shows any text as typed, never as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class _Section(QWidget):
    """A caption over a block of plain text; hidden when there is no text."""

    def __init__(self, title: str, empty: str = ""):
        super().__init__()
        self.empty = empty
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 6)
        column.setSpacing(2)
        self.caption = _caption(title)
        self.text = _plain()
        self.text.setAccessibleName(title)
        column.addWidget(self.caption)
        column.addWidget(self.text)

    def set_text(self, text: str | None) -> None:
        text = (text or "").strip("\n")
        if not text.strip() and not self.empty:
            self.setVisible(False)
            return
        self.text.setText(text if text.strip() else self.empty)
        _tint(self.text, None if text.strip() else "muted_fg")
        self.setVisible(True)


class CheckinDetail(QScrollArea):
    """Everything recorded at one check-in, with its next steps to tick off."""

    #: (next step id, done)
    step_toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Check-in details")
        body = QWidget()
        self.setWidget(body)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(4, 8, 8, 8)
        self.title = heading("")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.meta = _plain()
        outer.addWidget(self.title)
        outer.addWidget(self.meta)
        outer.addSpacing(6)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        left = QVBoxLayout()
        self.summary = _Section("Summary for the team", "No summary written.")
        self.wins = _Section("Wins")
        self.challenges = _Section("Challenges")
        self.support = _Section("Support requested")
        for section in (self.summary, self.wins, self.challenges, self.support):
            left.addWidget(section)
        left.addStretch(1)

        right = QVBoxLayout()
        self.steps_box = QWidget()
        steps = QVBoxLayout(self.steps_box)
        steps.setContentsMargins(0, 0, 0, 0)
        steps.setSpacing(2)
        steps.addWidget(_caption("Next steps"))
        self.steps_layout = QVBoxLayout()
        self.steps_layout.setSpacing(6)
        steps.addLayout(self.steps_layout)
        right.addWidget(self.steps_box)
        self.next_checkin = _plain()
        self.next_checkin.setAccessibleName("Next check-in")
        right.addSpacing(6)
        right.addWidget(self.next_checkin)
        right.addSpacing(10)

        self.private_box = QFrame()
        self.private_box.setObjectName("privateNotes")
        self.private_box.setAccessibleName(PRIVATE_LABEL)
        box = QVBoxLayout(self.private_box)
        box.setContentsMargins(10, 8, 10, 10)
        box.setSpacing(4)
        self.private_title = _caption(PRIVATE_LABEL)
        self.private_note = QLabel(PRIVATE_NOTE)
        self.private_note.setWordWrap(True)
        self.private_text = _plain()
        self.private_text.setAccessibleName("Private notes")
        box.addWidget(self.private_title)
        box.addWidget(self.private_note)
        box.addWidget(self.private_text)
        right.addWidget(self.private_box)
        right.addStretch(1)

        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        outer.addLayout(columns)
        outer.addStretch(1)
        self.step_checks: dict[str, QCheckBox] = {}
        self._styled_dark: bool | None = None
        self.show_checkin(None)

    def show_checkin(self, checkin: CheckinRecord | None, today: dt.date | None = None,
                     focus_step: str | None = None, late: bool = False) -> None:
        """Show a check-in; ``late`` when its next check-in is past and none has been held since."""
        self.widget().setVisible(checkin is not None)
        self._clear_steps()
        if checkin is None:
            return
        today = today or dt.date.today()
        self.title.setText(f"{day_text(checkin.date)} · {checkin.mode_label}")
        meta = [checkin.team_label]
        if checkin.who:
            meta.append(checkin.who)
        self.meta.setText(" · ".join(meta))
        _tint(self.meta, "muted_fg")
        self.summary.set_text(checkin.summary)
        self.wins.set_text(checkin.wins)
        self.challenges.set_text(checkin.challenges)
        self.support.set_text(checkin.support_requested)
        if not checkin.next_steps:
            none = muted("No next steps agreed.")
            self.steps_layout.addWidget(none)
        for step in checkin.next_steps:
            row = self._step_row(step, today)
            self.steps_layout.addWidget(row)
            row.setVisible(self.isVisible())  # at once, so that it can take the focus
        if checkin.next_checkin_date:
            self.next_checkin.setText(f"Next check-in: {day_text(checkin.next_checkin_date)}"
                                      + (" · overdue, none held since" if late else ""))
        else:
            self.next_checkin.setText("No next check-in planned.")
        _tint(self.next_checkin, "danger_fg" if late else None)
        notes = (checkin.private_notes or "").strip("\n")
        self.private_box.setVisible(bool(notes.strip()))
        self.private_text.setText(notes)
        if self._styled_dark is not theme.is_dark():
            self._styled_dark = theme.is_dark()
            warning_fg = theme.color("warning_fg").name()
            self.private_box.setStyleSheet(
                f"QFrame#privateNotes {{ background: {theme.color('warning_bg').name()}; "
                f"border: 1px dashed {warning_fg}; border-radius: 4px; }}")
            _tint(self.private_title, "warning_fg")
            _tint(self.private_note, "warning_fg")
        if focus_step in self.step_checks:
            self.step_checks[focus_step].setFocus()

    def _clear_steps(self) -> None:
        self.step_checks = {}
        while self.steps_layout.count():
            item = self.steps_layout.takeAt(0)
            if item.widget():
                item.widget().hide()
                # later: this may run inside the signal of the check box being replaced
                item.widget().deleteLater()

    def _step_row(self, step: NextStep, today: dt.date) -> QWidget:
        row = QWidget()
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        check = QCheckBox()
        check.setChecked(step.done)
        check.setAccessibleName(f"Done: {step.description}")
        check.setToolTip("Mark this next step done (Space)")
        check.toggled.connect(lambda done, sid=step.id: self.step_toggled.emit(sid, done))
        if theme.is_dark():
            # Fusion's dark box is near-black on near-black; lift it so an open step shows its box
            palette = check.palette()
            palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Mid))
            check.setPalette(palette)
        self.step_checks[step.id] = check
        text = _plain(step.description)
        text.setAccessibleName("Next step")
        if step.done:
            font = text.font()
            font.setStrikeOut(True)
            text.setFont(font)
            _tint(text, "muted_fg")
        facts = [step.owner_name or "No owner"]
        if step.due_date:
            facts.append(f"due {day_text(step.due_date)}")
        overdue = step.overdue(today)
        if overdue:
            facts.append("overdue")
        if step.done:
            facts.append("done")
        info = QLabel(" · ".join(facts))
        info.setTextFormat(Qt.TextFormat.PlainText)
        info.setWordWrap(True)
        _tint(info, "danger_fg" if overdue else "muted_fg")
        grid.addWidget(check, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(text, 0, 1)
        grid.addWidget(info, 1, 1)
        grid.setColumnStretch(1, 1)
        return row


# --- the view -----------------------------------------------------------------

class CheckinsView(View):
    title = "Check-ins"
    tables = frozenset({"checkins", "next_steps", "teams", "team_members", "people", "partners", "cohorts"})

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._teams: list = []
        self._pending: str | None = None
        self._pending_row: int | None = None
        self._focus_step: str | None = None
        self._loading = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading("Check-ins")
        layout.addWidget(self.heading)

        self.toolbar = QWidget()
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(8)
        self.team_filter = QComboBox()
        self.team_filter.setAccessibleName("Show the check-ins of")
        self.team_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.team_filter.setMinimumContentsLength(34)  # long names are cut here, shown whole in the list
        self.team_filter.currentIndexChanged.connect(self._filter_changed)
        filter_label = QLabel("&Team:")
        filter_label.setBuddy(self.team_filter)
        self.new_button = button("&Record a check-in…", self.quick_entry, "Record a check-in",
                                 f"The quick form for a call, visit, video call or e-mail ({QUICK_ENTRY_KEYS})")
        self.edit_button = button("&Edit…", self.edit_checkin, "Edit check-in")
        self.delete_button = button("&Delete…", self.delete_selected, "Delete check-in")
        self.count_label = muted()
        self.count_label.setWordWrap(False)
        for widget in (filter_label, self.team_filter, self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.count_label, 1)
        layout.addWidget(self.toolbar)

        self.model = CheckinTableModel(self)
        self.table = record_table(self.model, "Check-ins", stretch=CheckinTableModel.COL_SUMMARY)
        self.table.sortByColumn(CheckinTableModel.COL_DATE, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(self.edit_checkin)
        for keys, slot in ((QKeySequence.StandardKey.Delete, self.delete_selected),
                           (QKeySequence(Qt.Key.Key_Return), self.edit_checkin),
                           (QKeySequence(Qt.Key.Key_Enter), self.edit_checkin)):
            shortcut = QShortcut(QKeySequence(keys), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.detail = CheckinDetail()
        self.detail.step_toggled.connect(self.set_step_done)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 4)
        self.split.setStretchFactor(1, 5)
        self.split.setSizes([280, 350])
        self.split.setChildrenCollapsible(False)
        layout.addWidget(self.split, 1)

        self.no_cohort = EmptyState("No cohort yet", "Create a cohort on the Cohorts screen first; "
                                    "the check-ins with its state teams are recorded here.", [])
        self.no_teams = EmptyState(
            "No state teams yet",
            "Check-ins are recorded with a cohort's state teams. Add the teams on the Teams screen first.",
            [button("Go to &Teams", lambda: self.navigate.emit("Teams", ""), "Go to Teams")])
        self.empty_all = EmptyState(
            "No check-ins yet",
            "After each call, visit, video call or e-mail with a team, record what was said, the wins and "
            "challenges, and the next steps agreed. The quick form opens from any screen with "
            f"{QUICK_ENTRY_KEYS}.",
            [button("Record a &check-in…", self.quick_entry, "Record a check-in")])
        self.empty_team = EmptyState(
            "No check-ins with this team yet",
            "Record the first one now, or choose All teams above to see the rest of the cohort.",
            [button("Record a &check-in…", self.quick_entry, "Record a check-in with this team")])
        for page in (self.no_cohort, self.no_teams, self.empty_all, self.empty_team):
            page.setVisible(False)
            layout.addWidget(page, 1)

    # --- loading ---------------------------------------------------------

    def set_workspace(self, ws) -> None:
        super().set_workspace(ws)
        self._pending = self._pending_row = None

    def refresh(self) -> None:
        cohort = self.ws.get("cohorts", self.cohort_id) if self.cohort_id else None
        self._teams = list_teams(self.ws, cohort["id"]) if cohort else []
        self.heading.setText(f"Check-ins of {cohort['name']}" if cohort else "Check-ins")
        chosen = self.team_filter.currentData()
        self.team_filter.blockSignals(True)
        self.team_filter.clear()
        self.team_filter.addItem("All teams", None)
        for team in self._teams:
            self.team_filter.addItem(team.label, team.id)
        set_combo(self.team_filter, chosen)
        self.team_filter.blockSignals(False)
        self._load()

    def _filter_changed(self, *args) -> None:
        if self.ws is not None and self.cohort_id:
            self._load()

    def _load(self) -> None:
        has_cohort = bool(self.cohort_id) and self.ws.get("cohorts", self.cohort_id) is not None
        team_id = self.team_filter.currentData()
        if not has_cohort:
            records = []
        elif team_id:
            records = team_checkins(self.ws, team_id)
        else:
            records = cohort_checkins(self.ws, self.cohort_id)
        selected = selected_record(self.table)
        keep = self._pending or (selected.id if selected else None)
        row = self._pending_row if self._pending_row is not None else -1
        self._pending = self._pending_row = None
        self._loading = True  # the selection changes several times below: show the detail once
        try:
            self._fill(records, team_id, keep, row, has_cohort)
        finally:
            self._loading = False
        self._selected()

    def _fill(self, records: list[CheckinRecord], team_id: str | None, keep: str | None, row: int,
              has_cohort: bool) -> None:
        self.model.today = dt.date.today()
        self.model.set_rows(records)
        self.table.setColumnHidden(CheckinTableModel.COL_TEAM, bool(team_id))
        fit_columns(self.table, stretch=CheckinTableModel.COL_SUMMARY, cap=220)
        header = self.table.horizontalHeader()
        who = CheckinTableModel.COL_WHO  # names with a partner run long: leave the room to the summary
        header.resizeSection(who, min(header.sectionSize(who), 180))
        if not (keep and select_id(self.table, self.model, keep)) and records:
            self.table.selectRow(min(max(row, 0), len(records) - 1))
            self.table.scrollTo(self.model.index(self.table.currentIndex().row(), 0))

        self.no_cohort.setVisible(not has_cohort)
        self.no_teams.setVisible(has_cohort and not self._teams)
        self.toolbar.setVisible(bool(self._teams))
        self.split.setVisible(bool(records))
        self.empty_all.setVisible(bool(self._teams) and not records and not team_id)
        self.empty_team.setVisible(bool(self._teams) and not records and bool(team_id))
        self.new_button.setEnabled(bool(self._teams))
        self._count(records)

    def _count(self, records: list[CheckinRecord]) -> None:
        today = self.model.today
        open_ = sum(c.open_steps() for c in records)
        overdue = sum(c.overdue_steps(today) for c in records)
        text = plural(len(records), "check-in")
        if open_:
            text += f" · {plural(open_, 'next step')} open" + (f", {overdue} overdue" if overdue else "")
        self.count_label.setText(text)

    def _selected(self, *args) -> None:
        if self._loading:
            return
        checkin = selected_record(self.table)
        self.edit_button.setEnabled(checkin is not None)
        self.delete_button.setEnabled(checkin is not None)
        self.detail.show_checkin(checkin, self.model.today, focus_step=self._focus_step,
                                 late=checkin is not None and checkin.id in self.model.late)

    def selected_checkin(self) -> CheckinRecord | None:
        return selected_record(self.table)

    # --- navigation -------------------------------------------------------

    def show_record(self, record_id: str) -> None:
        """Select a check-in (showing its team if the list is filtered), or filter to a team."""
        if self.ws is None:
            return
        checkin = self.ws.get("checkins", record_id)
        team_id = checkin["team_id"] if checkin else record_id
        team = self.ws.get("teams", team_id)
        if team is None:
            return
        if team["cohort_id"] != self.cohort_id:
            self.cohort_chosen.emit(team["cohort_id"])
            if team["cohort_id"] != self.cohort_id:  # nobody answered: change it here
                self.set_cohort(team["cohort_id"])
        if self._stale:
            self._stale = False
            self.refresh()
        if checkin is None or self.team_filter.currentData() not in (None, team_id):
            self._pending = record_id if checkin else None
            set_combo(self.team_filter, team_id)  # reloads the list
        if checkin:
            select_id(self.table, self.model, record_id)
        self.table.setFocus()

    # --- actions -----------------------------------------------------------

    def quick_entry(self, team_id: str | None = None) -> str | None:
        """Open the quick form for a new check-in; returns its id once saved.

        The team is the one given, else the one the list shows or has selected.
        """
        if self.ws is None:
            return None
        if not self.cohort_id or not self.ws.scalar("SELECT 1 FROM teams WHERE cohort_id = ?", (self.cohort_id,)):
            dialogs.inform(self, "Record a check-in",
                           "Check-ins are recorded with a cohort's state teams: choose a cohort that has "
                           "teams, or add its teams on the Teams screen first.")
            return None
        if not isinstance(team_id, str):  # a button's clicked(bool)
            team_id = None
        if team_id is None:
            selected = selected_record(self.table) if self.isVisible() else None
            team_id = self.team_filter.currentData() or (selected.team_id if selected else None)
        dialog = CheckinDialog(self, self.ws, self.cohort_id, team_id=team_id)
        if not dialogs.run_dialog(dialog) or dialog.saved_id is None:
            return None
        self._reveal(dialog.saved_id)
        return dialog.saved_id

    def edit_checkin(self, *args) -> bool:
        checkin = selected_record(self.table)
        if checkin is None:
            return False
        dialog = CheckinDialog(self, self.ws, self.cohort_id, checkin_id=checkin.id)
        saved = dialogs.run_dialog(dialog)
        if saved:
            self._reveal(checkin.id)
        return saved

    def _reveal(self, checkin_id: str) -> None:
        """Show a check-in just saved, now or when the screen is next shown."""
        if self.isVisible():
            self.show_record(checkin_id)
        else:
            self._pending = checkin_id
            filtered = self.team_filter.currentData()
            team = self.ws.scalar("SELECT team_id FROM checkins WHERE id = ?", (checkin_id,))
            if filtered and filtered != team:
                self.team_filter.blockSignals(True)
                set_combo(self.team_filter, team)
                self.team_filter.blockSignals(False)
                self._stale = True

    def delete_selected(self, *args) -> None:
        checkin = selected_record(self.table)
        if checkin is None:
            return
        steps = f" and its {plural(len(checkin.next_steps), 'next step')}" if checkin.next_steps else ""
        if dialogs.confirm(
                self, "Delete check-in",
                f"Delete the check-in of {day_text(checkin.date)} with the {state_name(checkin.state)} team"
                f"{steps}? You can undo this with Edit > Undo.", "Delete", destructive=True):
            self._pending_row = self.table.currentIndex().row()
            self.run(delete_checkin, self.ws, checkin.id)

    def set_step_done(self, step_id: str, done: bool) -> None:
        self._focus_step = step_id  # for the redraw the change brings
        try:
            self.run(set_next_step_done, self.ws, step_id, done)
            self._selected()  # also puts a box back as it was if the change was refused
        finally:
            self._focus_step = None


# --- the quick-entry form -------------------------------------------------------

class DateEdit(QDateEdit):
    """A date field that Tab leaves at once.

    (Qt's own moves Tab through the day, month and year first; here Left and
    Right do that, Up and Down change the part under the cursor.)
    """

    def __init__(self, value: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("ddd d MMM yyyy")
        self.setMinimumDate(NO_DATE)
        self.setMaximumDate(QDate(2199, 12, 31))
        self.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else QDate.currentDate())

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        return QWidget.focusNextPrevChild(self, next)


class OptionalDateEdit(DateEdit):
    """A date that may be left empty ("No date"), friendly to the keyboard.

    Delete empties it; Up or Down on an empty date starts from a sensible day
    rather than from the year 1900.
    """

    def __init__(self, value: str | None, fallback, parent: QWidget | None = None):
        super().__init__(value, parent)
        self.fallback = fallback
        self.setSpecialValueText("No date")
        self.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else NO_DATE)
        self.setToolTip("Up and Down change the day; Delete leaves it empty")

    def is_empty(self) -> bool:
        return self.date() == NO_DATE

    def stepBy(self, steps: int) -> None:
        if self.is_empty():
            self.setDate(to_qdate(self.fallback()))
        else:
            super().stepBy(steps)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self.setDate(NO_DATE)
            event.accept()
            return
        super().keyPressEvent(event)


class _StepRow:
    """The widgets of one next step being edited."""

    def __init__(self, editor: NextStepsEditor, step: NextStep | None):
        self.step_id = step.id if step else None
        self.done = step.done if step else False
        self.description = QLineEdit(step.description if step else "")
        self.description.setMaxLength(2000)
        self.description.setPlaceholderText("What will be done")
        self.description.setCursorPosition(0)
        self.owner = QComboBox()
        self.owner.setMinimumWidth(200)
        self.due = OptionalDateEdit(step.due_date if step else editor.default_due().isoformat(),
                                    editor.default_due)
        self.remove = QPushButton("Remove")
        self.remove.setAutoDefault(False)
        self.widgets = (self.description, self.owner, self.due, self.remove)

    def number(self, n: int) -> None:
        self.description.setAccessibleName(f"Next step {n}")
        self.owner.setAccessibleName(f"Next step {n} owner")
        self.due.setAccessibleName(f"Next step {n} due date")
        self.remove.setAccessibleName(f"Remove next step {n}")
        self.remove.setToolTip(f"Remove next step {n}")

    def is_blank(self) -> bool:
        return not self.description.text().strip() and self.owner.currentData() is None

    def values(self) -> dict:
        values = {"description": self.description.text().strip(), "owner_id": self.owner.currentData(),
                  "due_date": date_value(self.due), "done": self.done}
        if self.step_id:
            values["id"] = self.step_id
        return values


class NextStepsEditor(QWidget):
    """A short list of next steps: what, who, by when. Enter starts another one."""

    rows_changed = Signal()
    #: Enter in an empty last step: the list is done, move on
    finished = Signal()

    def __init__(self, default_due, parent: QWidget | None = None):
        super().__init__(parent)
        self.default_due = default_due
        self.owners: list[dict] = []
        self.rows: list[_StepRow] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(0, 1)
        column.addLayout(self.grid)
        self.add_button = QPushButton("Add &next step")
        self.add_button.setAccessibleName("Add next step")
        self.add_button.setToolTip("Add another next step (or press Enter in the last one)")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        column.addLayout(add_row)
        self.setFocusProxy(self.add_button)
        self.headers = [muted(t) for t in ("What", "Owner", "Due", "")]

    def set_owners(self, owners: list[dict]) -> None:
        self.owners = owners
        for row in self.rows:
            self._fill_owner(row)

    def _fill_owner(self, row: _StepRow) -> None:
        current = row.owner.currentData()
        row.owner.blockSignals(True)
        row.owner.clear()
        row.owner.addItem("No owner", None)
        for owner in self.owners:
            suffix = "" if owner["kind"] == "leader" else " (facilitator)"
            row.owner.addItem(owner["name"] + suffix, owner["id"])
        set_combo(row.owner, current)
        row.owner.blockSignals(False)

    def add_row(self, step: NextStep | None = None, focus: bool = False, after: int | None = None) -> _StepRow:
        row = _StepRow(self, step)
        self._fill_owner(row)
        if step:
            set_combo(row.owner, step.owner_id)
        row.remove.clicked.connect(lambda: self.remove_row(row, focus=True))
        row.description.installEventFilter(self)
        index = len(self.rows) if after is None else after + 1
        self.rows.insert(index, row)
        self._lay_out()
        if focus:
            row.description.setFocus()
        return row

    def remove_row(self, row: _StepRow, focus: bool = False) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        for widget in row.widgets:
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._lay_out()
        if focus:
            if self.rows:
                self.rows[min(index, len(self.rows) - 1)].description.setFocus()
            else:
                self.add_button.setFocus()

    def _lay_out(self) -> None:
        for header in self.headers:
            self.grid.removeWidget(header)
        for row in self.rows:
            for widget in row.widgets:
                self.grid.removeWidget(widget)
        if self.rows:
            for col, header in enumerate(self.headers):
                self.grid.addWidget(header, 0, col)
        for header in self.headers:
            header.setVisible(bool(self.rows))
        for n, row in enumerate(self.rows, start=1):
            row.number(n)
            for col, widget in enumerate(row.widgets):
                self.grid.addWidget(widget, n, col)
                widget.show()  # now, not at the next event loop turn, so it can take the focus at once
        self.rows_changed.emit()

    def tab_chain(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.widgets] + [self.add_button]

    def values(self) -> list[dict]:
        """The steps to keep, in order; rows left entirely blank are not steps."""
        return [row.values() for row in self.rows if not row.is_blank()]

    def row_of_description(self, widget) -> int:
        return next((i for i, row in enumerate(self.rows) if row.description is widget), -1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            index = self.row_of_description(watched)
            if index >= 0 and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Enter goes on to the next step (a new one after the last)
                if index + 1 < len(self.rows):
                    self.rows[index + 1].description.setFocus()
                elif self.rows[index].description.text().strip():
                    self.add_row(focus=True)
                else:
                    self.finished.emit()
                return True
            if index >= 0 and event.key() == Qt.Key.Key_Backspace and not self.rows[index].description.text() \
                    and len(self.rows) > 1:
                # Backspace in an empty step removes it and goes back to the one before
                row = self.rows[index]
                self.remove_row(row)
                self.rows[max(index - 1, 0)].description.setFocus()
                return True
        return super().eventFilter(watched, event)

    def focus_row(self, number: int) -> None:
        if 1 <= number <= len(self.rows):
            self.rows[number - 1].description.setFocus()


class CheckinDialog(FormDialog):
    """The quick form for one check-in: who, when, how, what was said, and what comes next."""

    def __init__(self, parent, ws, cohort_id: str, checkin_id: str | None = None,
                 team_id: str | None = None, today: dt.date | None = None):
        super().__init__(parent, "Edit check-in" if checkin_id else "Record a check-in")
        self.ws, self.cohort_id, self.checkin_id = ws, cohort_id, checkin_id
        self.saved_id: str | None = None
        self.setMinimumWidth(900)
        row = ws.get("checkins", checkin_id) if checkin_id else None
        c = row or {}
        today = today or dt.date.today()
        team_id = c.get("team_id") or team_id
        teams = list_teams(ws, cohort_id)
        if team_id and not any(t.id == team_id for t in teams):
            team_id = None

        # two columns above (who, when and how; what was said), what comes next below
        self._layout.removeItem(self.form)
        left_form, right_form, bottom_form = self.form, self._new_form(), self._new_form()
        # labels above the text boxes, so the boxes get the whole column
        right_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        right_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        right_form.setVerticalSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(24)
        left = QVBoxLayout()
        left.addLayout(left_form)
        top.addLayout(left, 4)
        top.addLayout(right_form, 5)
        self._layout.addLayout(top)
        self._layout.addSpacing(6)
        self._layout.addLayout(bottom_form)

        self.form = left_form
        self.team = self.add_field("team_id", "&Team", combo(
            [(None, "Choose a team…")] + [(t.id, t.label) for t in teams], team_id))
        self.date = self.add_field("date", "&Date", DateEdit(c.get("date") or today.isoformat()))
        people = [(None, "None")] + [(p["id"], p["name"]) for p in facilitators(ws)]
        facilitator = c.get("facilitator_id") if row else (usual_facilitator(ws, team_id) if team_id else None)
        self.facilitator = self.add_field("facilitator_id", "&Facilitator", combo(people, facilitator))
        partners = [(None, "None")] + [(r["id"], r["name"])
                                       for r in ws.rows("SELECT id, name FROM partners ORDER BY name COLLATE NOCASE")]
        self.partner = self.add_field("partner_id", "&Partner", combo(partners, c.get("partner_id")))
        self.mode = self.add_field("mode", "&Mode", combo(CHECKIN_MODES, c.get("mode") or "call"))
        hint = muted("Ctrl+Enter saves, Esc cancels.\n\nThe summary, wins, challenges and support requested "
                     "may be shared with the team. Private notes never leave the app in anything "
                     "made for the team.")
        hint.setAccessibleName("How this form works")
        left.addSpacing(10)
        left.addWidget(hint)
        left.addStretch(1)

        self.form = right_form
        self.summary = self.add_field("summary", "&Summary for the team", text_box(
            c.get("summary"), "What was discussed, in words the team may read", height=64))
        self.wins = self.add_field("wins", "&Wins", text_box(c.get("wins"), height=52))
        self.challenges = self.add_field("challenges", "C&hallenges", text_box(c.get("challenges"), height=52))
        self.support = self.add_field("support_requested", "S&upport requested",
                                      text_box(c.get("support_requested"), height=52))
        self.private = self.add_field("private_notes", "Pri&vate notes — facilitators only", text_box(
            c.get("private_notes"), PRIVATE_NOTE, height=52))
        self.private.setAccessibleDescription(f"{PRIVATE_LABEL}. {PRIVATE_NOTE}")
        tinted = self.private.palette()
        tinted.setColor(QPalette.ColorRole.Base, theme.color("warning_bg"))
        self.private.setPalette(tinted)

        self.form = bottom_form
        self.steps = NextStepsEditor(self._step_due)
        self.steps.finished.connect(lambda: self.next_date.setFocus())
        self.add_field("next_steps", "Next steps", self.steps)
        self.steps.rows_changed.connect(self._order_tabs)
        self.next_date = self.add_field("next_checkin_date", "Ne&xt check-in", OptionalDateEdit(
            c.get("next_checkin_date") if row else default_next_checkin(self._day()).isoformat(),
            lambda: default_next_checkin(self._day())))
        self.finish_layout()
        for edit in (self.date, self.next_date):
            edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            edit.setMinimumWidth(190)

        self.steps.set_owners(step_owners(ws, team_id))
        record = get_checkin(ws, checkin_id) if checkin_id else None
        for step in record.next_steps if record else ():
            self.steps.add_row(step)
        if not checkin_id:
            self.steps.add_row()
        self._last_day = self._day()
        self.team.currentIndexChanged.connect(self._team_changed)
        self.date.dateChanged.connect(self._date_changed)
        for keys in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | keys), self, self.submit)
        self.buttons.button(self.buttons.StandardButton.Save).setToolTip("Save (Ctrl+Enter)")
        self._order_tabs()
        self._initial = self._snapshot()
        (self.summary if team_id else self.team).setFocus()

    def _new_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return form

    def _day(self) -> dt.date:
        return self.date.date().toPython()

    def _step_due(self) -> dt.date:
        return default_step_due(self._day())

    def _order_tabs(self) -> None:
        chain = [self.team, self.date, self.facilitator, self.partner, self.mode, self.summary, self.wins,
                 self.challenges, self.support, self.private, *self.steps.tab_chain(), self.next_date,
                 *self.buttons.buttons()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _team_changed(self, *args) -> None:
        team_id = self.team.currentData()
        self.steps.set_owners(step_owners(self.ws, team_id))
        if team_id and not self.checkin_id and self.facilitator.currentData() is None:
            set_combo(self.facilitator, usual_facilitator(self.ws, team_id))

    def _date_changed(self, *args) -> None:
        """Dates still at their defaults follow the check-in's date."""
        old, new = self._last_day, self._day()
        self._last_day = new
        for edit, default in [(self.next_date, default_next_checkin)] + [
                (row.due, default_step_due) for row in self.steps.rows]:
            if not edit.is_empty() and edit.date().toPython() == default(old):
                edit.setDate(to_qdate(default(new)))

    def values(self) -> dict:
        return {
            "team_id": self.team.currentData(),
            "date": date_value(self.date),
            "mode": self.mode.currentData(),
            "facilitator_id": self.facilitator.currentData(),
            "partner_id": self.partner.currentData(),
            "summary": text_of(self.summary),
            "wins": text_of(self.wins),
            "challenges": text_of(self.challenges),
            "support_requested": text_of(self.support),
            "private_notes": text_of(self.private),
            "next_checkin_date": date_value(self.next_date),
        }

    def _snapshot(self):
        return self.values(), self.steps.values()

    def save(self) -> None:
        values = self.values()
        if not values["team_id"]:
            raise ValidationError(FieldError("team_id", "Team: choose the team this check-in was with."))
        self.saved_id = save_checkin(self.ws, values, self.steps.values(), self.checkin_id)

    def show_errors(self, exc: ValidationError) -> None:
        super().show_errors(exc)
        first = next((e for e in exc.errors if self.field_for(e.field) in self.fields), None)
        if first is not None and first.field == "next_steps":
            # the message names the step: "Next step 2: ..."
            number = first.message.split(":", 1)[0].rsplit(" ", 1)[-1]
            if number.isdigit():
                kept = [i for i, row in enumerate(self.steps.rows) if not row.is_blank()]
                index = int(number) - 1
                if 0 <= index < len(kept):
                    self.steps.focus_row(kept[index] + 1)

    def reject(self) -> None:
        """Escape asks before throwing away anything typed."""
        if self._snapshot() != self._initial and not dialogs.confirm(
                self, "Discard this check-in?" if not self.checkin_id else "Discard your changes?",
                "What you typed in this form has not been saved. Close it anyway?",
                "Discard", destructive=True):
            return
        super().reject()
