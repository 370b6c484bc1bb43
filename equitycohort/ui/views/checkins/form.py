"""The quick form that records one check-in.

It is built to be filled by keyboard during or right after a call: the
cursor starts where the typing starts, Tab walks the fields in reading order,
Enter in a next step starts the next one, and Ctrl+Enter saves from anywhere.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from equitycohort import i18n
from equitycohort.data.checkins import (
    NextStep,
    default_next_checkin,
    default_step_due,
    facilitators,
    get_checkin,
    save_checkin,
    step_owners,
    usual_facilitator,
)
from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.partners import partner_choices
from equitycohort.data.schema import CHECKIN_MODES
from equitycohort.data.teams import list_teams
from equitycohort.i18n import N_, _
from equitycohort.ui import dialogs, preferences, theme
from equitycohort.ui.fields import DateField
from equitycohort.ui.forms import (
    FormDialog,
    combo,
    date_value,
    set_combo,
    text_box,
    text_of,
)
from equitycohort.ui.labels import muted

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change

from equitycohort.ui.views.checkins.models import PRIVATE_LABEL, PRIVATE_NOTE


class _StepRow:
    """The widgets of one next step being edited."""

    def __init__(self, editor: NextStepsEditor, step: NextStep | None):
        self.step_id = step.id if step else None
        self.done = step.done if step else False
        self.description = QLineEdit(step.description if step else "")
        self.description.setMaxLength(2000)
        self.description.setPlaceholderText(_("What will be done"))
        self.description.setCursorPosition(0)
        self.owner = QComboBox()
        self.owner.setMinimumWidth(200)
        self.due = DateField(step.due_date if step else editor.default_due(), optional=True,
                             fallback=editor.default_due)
        self.remove = QPushButton(_("Remove"))
        self.remove.setAutoDefault(False)
        self.widgets: tuple[QWidget, ...] = (self.description, self.owner, self.due, self.remove)

    def number(self, n: int) -> None:
        self.description.setAccessibleName(_("Next step {n}").format(n=n))
        self.owner.setAccessibleName(_("Next step {n} owner").format(n=n))
        self.due.setAccessibleName(_("Next step {n} due date").format(n=n))
        self.remove.setAccessibleName(_("Remove next step {n}").format(n=n))
        self.remove.setToolTip(_("Remove next step {n}").format(n=n))

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
        self.add_button = QPushButton(_("Add &next step"))
        self.add_button.setAccessibleName(_("Add next step"))
        self.add_button.setToolTip(_("Add another next step (or press Enter in the last one)"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        column.addLayout(add_row)
        self.setFocusProxy(self.add_button)
        self.headers = [muted(_(t) if t else "") for t in (N_("What"), N_("Owner"), N_("Due"), "")]

    def set_owners(self, owners: list[dict]) -> None:
        self.owners = owners
        for row in self.rows:
            self._fill_owner(row)

    def _fill_owner(self, row: _StepRow) -> None:
        current = row.owner.currentData()
        row.owner.blockSignals(True)
        row.owner.clear()
        row.owner.addItem(_("No owner"), None)
        for owner in self.owners:
            name = owner["name"] if owner["kind"] == "leader" else _("{name} (facilitator)").format(name=owner["name"])
            row.owner.addItem(name, owner["id"])
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
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
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
        super().__init__(parent, _("Edit check-in") if checkin_id else _("Record a check-in"))
        self.ws, self.cohort_id, self.checkin_id = ws, cohort_id, checkin_id
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
        self.team = self.add_field("team_id", _("&Team"), combo(
            [(None, _("Choose a team…"))] + [(t.id, t.label) for t in teams], team_id))
        self.date = self.add_field("date", _("&Date"), DateField(c.get("date") or today))
        people = [(None, _("None"))] + [(p["id"], p["name"]) for p in facilitators(ws)]
        # a new check-in is the user's own ("this is me" on the Partners screen), else whoever held the last
        me = preferences.me_among([pid for pid, _name in people if pid])
        facilitator = c.get("facilitator_id") if row else (
            me or (usual_facilitator(ws, team_id) if team_id else None))
        self.facilitator = self.add_field("facilitator_id", _("&Facilitator"), combo(people, facilitator))
        partners: list[tuple[str | None, str]] = [(None, _("None")), *partner_choices(ws)]
        self.partner = self.add_field("partner_id", _("&Partner"), combo(partners, c.get("partner_id")))
        self.mode = self.add_field("mode", _("&Mode"), combo(i18n.labels(CHECKIN_MODES), c.get("mode") or "call"))
        hint = muted(_("Ctrl+Enter saves, Esc cancels.") + "\n\n"
                     + _("The summary, wins, challenges and support requested may be shared with the team. "
                         "Private notes never leave the app in anything made for the team."))
        hint.setAccessibleName(_("How this form works"))
        left.addSpacing(10)
        left.addWidget(hint)
        left.addStretch(1)

        self.form = right_form
        self.summary = self.add_field("summary", _("&Summary for the team"), text_box(
            c.get("summary"), _("What was discussed, in words the team may read"), height=64))
        self.wins = self.add_field("wins", _("&Wins"), text_box(c.get("wins"), height=52))
        self.challenges = self.add_field("challenges", _("C&hallenges"), text_box(c.get("challenges"), height=52))
        self.support = self.add_field("support_requested", _("S&upport requested"),
                                      text_box(c.get("support_requested"), height=52))
        self.private = self.add_field("private_notes", _("Pri&vate notes — facilitators only"), text_box(
            c.get("private_notes"), _(PRIVATE_NOTE), height=52))
        private_label, private_note = _(PRIVATE_LABEL), _(PRIVATE_NOTE)
        self.private.setAccessibleDescription(f"{private_label}. {private_note}")
        tinted = self.private.palette()
        tinted.setColor(QPalette.ColorRole.Base, theme.color("warning_bg"))
        self.private.setPalette(tinted)

        self.form = bottom_form
        self.steps = NextStepsEditor(self._step_due)
        self.steps.finished.connect(self._steps_finished)
        self.add_field("next_steps", _("Next steps"), self.steps)
        self.steps.rows_changed.connect(self._order_tabs)
        self.next_date = self.add_field("next_checkin_date", _("Ne&xt check-in"), DateField(
            c.get("next_checkin_date") if row else default_next_checkin(self._day()), optional=True,
            fallback=lambda: default_next_checkin(self._day())))
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
        self.date.changed.connect(self._date_changed)
        for keys in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | keys), self, self.submit)
        self.buttons.button(self.buttons.StandardButton.Save).setToolTip(_("Save (Ctrl+Enter)"))
        self._order_tabs()
        self._initial = self._snapshot()
        (self.summary if team_id else self.team).setFocus()

    def unreadable(self) -> list[FieldError]:
        """The form's fields, and each next step's due date, that cannot be read as typed."""
        problems = super().unreadable()
        kept = [row for row in self.steps.rows if not row.is_blank()]
        for number, row in enumerate(kept, start=1):
            problem = row.due.problem()
            if problem:
                # Translators: keep the step's number just before the first colon (the form finds the step by it)
                problems.append(FieldError("next_steps", _("Next step {number}: Due date: {problem}").format(
                    number=number, problem=problem)))
        return problems

    def _steps_finished(self) -> None:
        self.next_date.setFocus()

    def _new_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return form

    def _day(self) -> dt.date:
        return self.date.date() or dt.date.today()

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
            if not edit.is_empty() and edit.date() == default(old):
                edit.set_value(default(new))

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

    def save(self) -> Change:
        return save_checkin(self.ws, self.values(), self.steps.values(), self.checkin_id)

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
                self, _("Discard this check-in?") if not self.checkin_id else _("Discard your changes?"),
                _("What you typed in this form has not been saved. Close it anyway?"),
                _("Discard"), destructive=True):
            return
        super().reject()
