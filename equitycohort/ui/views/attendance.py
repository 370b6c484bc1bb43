"""Taking attendance in the room: a fast grid, by keyboard or mouse.

Keys: P present, A absent, E excused, Delete clears; each moves to the next
person. Every mark is saved at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from equitycohort import i18n
from equitycohort.data.attendance import AttendanceRow, attendance_grid, set_attendance, team_coverage
from equitycohort.data.schedule import get_session
from equitycohort.data.schema import SESSION_STATUSES
from equitycohort.data.states import state_name
from equitycohort.i18n import N_, _, ngettext
from equitycohort.ui import preferences, theme
from equitycohort.ui.context import Context
from equitycohort.ui.labels import heading, muted
from equitycohort.ui.models import percent
from equitycohort.ui.views.base import button, button_row

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

STATUS_KEYS = {Qt.Key.Key_P: "present", Qt.Key.Key_A: "absent", Qt.Key.Key_E: "excused",
               Qt.Key.Key_J: "excused"}  # J: "justificada", as a Spanish speaker reaches for it
#: each attendance status as a word in a sentence ("present: yes")
STATUS_WORDS = {"present": N_("present"), "absent": N_("absent"), "excused": N_("excused")}
#: what marking a person says (a cell's tooltip, and the name of the edit under Edit > Undo)
MARK_TIPS = {"present": N_("Mark {name} present (P)"), "absent": N_("Mark {name} absent (A)"),
             "excused": N_("Mark {name} excused (E)")}
MARK_EDITS = {"present": N_("Mark {name} present"), "absent": N_("Mark {name} absent"),
              "excused": N_("Mark {name} excused")}


class AttendanceTableModel(QAbstractTableModel):
    """Team header rows followed by their leaders."""

    COL_NAME, COL_ROLE, COL_PRESENT, COL_ABSENT, COL_EXCUSED, COL_RATE, COL_STREAK = range(7)
    STATUS_COLUMNS = {COL_PRESENT: "present", COL_ABSENT: "absent", COL_EXCUSED: "excused"}
    HEADERS = (N_("Name"), N_("Role"), N_("Present"), N_("Absent"), N_("Excused"), N_("Attendance"),
               N_("Absences in a row"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, object]] = []
        self._coverage: dict[str, tuple[int, int]] = {}
        self._team_rates: dict[str, float | None] = {}

    def set_rows(self, rows: list[AttendanceRow]) -> None:
        self.beginResetModel()
        self._coverage = team_coverage(rows)
        grouped: list[tuple[str, object]] = []
        by_team: dict[str, list[AttendanceRow]] = {}
        for row in rows:
            by_team.setdefault(row.person.team_id, []).append(row)
        self._team_rates = {}
        for team_id, members in by_team.items():
            rates = [m.rate for m in members if m.rate is not None]
            self._team_rates[team_id] = sum(rates) / len(rates) if rates else None
            grouped.append(("team", members[0]))
            grouped += [("person", m) for m in members]
        self._rows = grouped
        self.endResetModel()

    def is_person(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row][0] == "person"

    def person(self, row: int) -> AttendanceRow | None:
        return cast(AttendanceRow, self._rows[row][1]) if self.is_person(row) else None

    def team_header(self, row: int) -> str:
        first = cast(AttendanceRow, self._rows[row][1])
        present, expected = self._coverage[first.person.team_id]
        rate = self._team_rates.get(first.person.team_id)
        return (f"{state_name(first.person.team_state)}: {first.person.team_organization}    "
                + _("{present} of {expected} present · team attendance {rate}").format(
                    present=present, expected=expected, rate=percent(rate)))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if not self.is_person(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        kind, item = self._rows[index.row()]
        col = index.column()
        if kind == "team":
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole) and col == 0:
                return self.team_header(index.row())
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.color("card_bg")
            return None
        row: AttendanceRow = item
        status_col = self.STATUS_COLUMNS.get(col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.COL_NAME:
                return row.person.name + ("  ★" if row.person.is_executive_director else "")
            if col == self.COL_ROLE:
                return row.person.role
            if status_col:
                if role == Qt.ItemDataRole.AccessibleTextRole:
                    word = _(STATUS_WORDS[status_col])
                    return (_("{status}: yes") if row.status == status_col else _("{status}: no")).format(status=word)
                return "●" if row.status == status_col else "○"
            if col == self.COL_RATE:
                return percent(row.rate)
            if col == self.COL_STREAK:
                return str(row.consecutive_absences) if row.consecutive_absences else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.COL_PRESENT:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if status_col and row.status == status_col:
                return theme.color(status_col)
            if status_col:
                return theme.color("muted_fg")
            if col == self.COL_STREAK and row.consecutive_absences >= 2:
                return theme.color("danger_fg")
        if role == Qt.ItemDataRole.ToolTipRole and status_col:
            return _(MARK_TIPS[status_col]).format(name=row.person.name)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None


class AttendancePanel(QWidget):
    """The grid for one session, with its heading and the way back."""

    back = Signal()
    #: the session shown changed (its id, or "")
    session_shown = Signal(str)

    def __init__(self, context: Context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.session_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.back_button = button(_("← &Back to schedule"), self.back.emit, _("Back to schedule"))
        self.all_present_button = button(_("Mark everyone not yet marked &present"), self.mark_rest_present,
                                         _("Mark everyone not yet marked present"))
        layout.addLayout(button_row(self.back_button))
        self.title = heading(_("Attendance"))
        layout.addWidget(self.title)
        self.summary = muted()
        self.summary.setAccessibleName(_("Attendance summary"))
        layout.addWidget(self.summary)
        layout.addWidget(muted(_("Keys: P present · A absent · E excused · Delete clears. "
                                 "Each mark is saved at once and moves to the next person.")))
        layout.addLayout(button_row(self.all_present_button))
        self.model = AttendanceTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Attendance"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttendanceTableModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(self._clicked)
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)

    @property
    def ws(self) -> Workspace:
        if self.context.ws is None:
            raise RuntimeError("attendance is taken only with a workspace open")
        return self.context.ws

    @property
    def has_workspace(self) -> bool:
        return self.context.ws is not None

    def show_session(self, session_id: str) -> None:
        self.session_id = session_id
        self.session_shown.emit(session_id)
        self.refresh()
        self._select_first_unmarked()
        self.table.setFocus()

    def refresh(self) -> None:
        session = get_session(self.ws, self.session_id) if self.has_workspace and self.session_id else None
        if session is None:
            self.back.emit()
            return
        current = self.table.currentIndex().row()
        rows = attendance_grid(self.ws, session.id)
        self.model.set_rows(rows)
        self.table.clearSpans()
        for r in range(self.model.rowCount()):
            if not self.model.is_person(r):
                self.table.setSpan(r, 0, 1, self.model.columnCount())
        self.title.setText(_("Attendance: {session}").format(session=session.title))
        present = sum(1 for r in rows if r.status == "present")
        marked = sum(1 for r in rows if r.status)
        self.summary.setText(
            f"{preferences.day_with_weekday(session.date)} · {preferences.session_time(session)} · "
            f"{i18n.label(SESSION_STATUSES, session.status)} · "
            + _("{present} present, {marked} of {total} marked").format(present=present, marked=marked,
                                                                         total=len(rows)))
        if 0 <= current < self.model.rowCount():
            self.table.selectRow(current)

    def _select_first_unmarked(self) -> None:
        for r in range(self.model.rowCount()):
            person = self.model.person(r)
            if person and person.status is None:
                self.table.selectRow(r)
                return
        for r in range(self.model.rowCount()):
            if self.model.is_person(r):
                self.table.selectRow(r)
                return

    def _next_person(self, row: int) -> int:
        for r in range(row + 1, self.model.rowCount()):
            if self.model.is_person(r):
                return r
        return row

    def mark(self, row: int, status: str | None) -> bool:
        """Mark one person; False when the mark was not saved (the message says why)."""
        person = self.model.person(row)
        if person is None:
            return False
        name = person.person.name
        label = (_(MARK_EDITS[status]) if status else _("Clear attendance of {name}")).format(name=name)
        saved = self.context.run(self, set_attendance, self.session_id, {person.person.person_id: status}, label)
        self.table.selectRow(row)
        return saved is not None

    def _clicked(self, index: QModelIndex) -> None:
        status = AttendanceTableModel.STATUS_COLUMNS.get(index.column())
        if status and self.model.is_person(index.row()):
            self.mark(index.row(), status)

    def mark_rest_present(self) -> None:
        rows = [self.model.person(r) for r in range(self.model.rowCount())]
        marks = {r.person.person_id: "present" for r in rows if r and r.status is None}
        if marks:
            self.context.run(self, set_attendance, self.session_id, marks,
                             ngettext("Mark {n} present", "Mark {n} present", len(marks)).format(n=len(marks)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            row = self.table.currentIndex().row()
            key = Qt.Key(event.key())
            if key in STATUS_KEYS and self.model.is_person(row):
                if self.mark(row, STATUS_KEYS[key]):  # a mark not saved keeps the cursor on its person
                    self.table.selectRow(self._next_person(row))
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.model.is_person(row):
                self.mark(row, None)
                return True
            if key == Qt.Key.Key_Escape:
                self.back.emit()
                return True
        return super().eventFilter(watched, event)
