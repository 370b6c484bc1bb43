"""The detail pane of one check-in: what was said, the next steps to tick off, the private notes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.checkins import (
    CheckinRecord,
    NextStep,
)
from equitycohort.i18n import _
from equitycohort.ui import theme
from equitycohort.ui.labels import caption, heading, muted, plain, selectable, tint
from equitycohort.ui.views.checkins.models import PRIVATE_LABEL, PRIVATE_NOTE, day_text, mode_text, who_text


class _Section(QWidget):
    """A caption over a block of plain text; hidden when there is no text."""

    def __init__(self, title: str, empty: str = ""):
        super().__init__()
        self.empty = empty
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 6)
        column.setSpacing(2)
        self.caption = caption(title)
        self.text = selectable()
        self.text.setAccessibleName(title)
        column.addWidget(self.caption)
        column.addWidget(self.text)

    def set_text(self, text: str | None) -> None:
        text = (text or "").strip("\n")
        if not text.strip() and not self.empty:
            self.setVisible(False)
            return
        self.text.setText(text if text.strip() else self.empty)
        tint(self.text, None if text.strip() else "muted_fg")
        self.setVisible(True)


class CheckinDetail(QScrollArea):
    """Everything recorded at one check-in, with its next steps to tick off."""

    #: (next step id, done)
    step_toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(_("Check-in details"))
        body = self.body = QWidget()
        self.setWidget(body)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(4, 8, 8, 8)
        self.title = heading("")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.meta = selectable()
        outer.addWidget(self.title)
        outer.addWidget(self.meta)
        outer.addSpacing(6)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        left = QVBoxLayout()
        self.summary = _Section(_("Summary for the team"), _("No summary written."))
        self.wins = _Section(_("Wins"))
        self.challenges = _Section(_("Challenges"))
        self.support = _Section(_("Support requested"))
        for section in (self.summary, self.wins, self.challenges, self.support):
            left.addWidget(section)
        left.addStretch(1)

        right = QVBoxLayout()
        self.steps_box = QWidget()
        steps = QVBoxLayout(self.steps_box)
        steps.setContentsMargins(0, 0, 0, 0)
        steps.setSpacing(2)
        steps.addWidget(caption(_("Next steps")))
        self.steps_layout = QVBoxLayout()
        self.steps_layout.setSpacing(6)
        steps.addLayout(self.steps_layout)
        right.addWidget(self.steps_box)
        self.next_checkin = selectable()
        self.next_checkin.setAccessibleName(_("Next check-in"))
        right.addSpacing(6)
        right.addWidget(self.next_checkin)
        right.addSpacing(10)

        self.private_box = QFrame()
        self.private_box.setObjectName("privateNotes")
        self.private_box.setAccessibleName(_(PRIVATE_LABEL))
        box = QVBoxLayout(self.private_box)
        box.setContentsMargins(10, 8, 10, 10)
        box.setSpacing(4)
        self.private_title = caption(_(PRIVATE_LABEL))
        self.private_note = QLabel(_(PRIVATE_NOTE))
        self.private_note.setWordWrap(True)
        self.private_text = selectable()
        self.private_text.setAccessibleName(_("Private notes"))
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
        self.body.setVisible(checkin is not None)
        self._clear_steps()
        if checkin is None:
            return
        today = today or dt.date.today()
        self.title.setText(f"{day_text(checkin.date)} · {mode_text(checkin)}")
        meta = [checkin.team_label]
        if who_text(checkin):
            meta.append(who_text(checkin))
        self.meta.setText(" · ".join(meta))
        tint(self.meta, "muted_fg")
        self.summary.set_text(checkin.summary)
        self.wins.set_text(checkin.wins)
        self.challenges.set_text(checkin.challenges)
        self.support.set_text(checkin.support_requested)
        if not checkin.next_steps:
            none = muted(_("No next steps agreed."))
            self.steps_layout.addWidget(none)
        for step in checkin.next_steps:
            row = self._step_row(step, today)
            self.steps_layout.addWidget(row)
            row.setVisible(self.isVisible())  # at once, so that it can take the focus
        if checkin.next_checkin_date:
            when = day_text(checkin.next_checkin_date)
            self.next_checkin.setText(_("Next check-in: {date} · overdue, none held since").format(date=when) if late
                                      else _("Next check-in: {date}").format(date=when))
        else:
            self.next_checkin.setText(_("No next check-in planned."))
        tint(self.next_checkin, "danger_fg" if late else None)
        notes = (checkin.private_notes or "").strip("\n")
        self.private_box.setVisible(bool(notes.strip()))
        self.private_text.setText(notes)
        if self._styled_dark is not theme.is_dark():
            self._styled_dark = theme.is_dark()
            warning_fg = theme.color("warning_fg").name()
            self.private_box.setStyleSheet(
                f"QFrame#privateNotes {{ background: {theme.color('warning_bg').name()}; "
                f"border: 1px dashed {warning_fg}; border-radius: 4px; }}")
            tint(self.private_title, "warning_fg")
            tint(self.private_note, "warning_fg")
        if focus_step in self.step_checks:
            self.step_checks[focus_step].setFocus()

    def _clear_steps(self) -> None:
        self.step_checks = {}
        while self.steps_layout.count():
            item = self.steps_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                # later: this may run inside the signal of the check box being replaced
                widget.deleteLater()

    def _step_row(self, step: NextStep, today: dt.date) -> QWidget:
        row = QWidget()
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        check = QCheckBox()
        check.setChecked(step.done)
        check.setAccessibleName(_("Done: {step}").format(step=step.description))
        check.setToolTip(_("Mark this next step done (Space)"))
        check.toggled.connect(lambda done, sid=step.id: self.step_toggled.emit(sid, done))
        if theme.is_dark():
            # Fusion's dark box is near-black on near-black; lift it so an open step shows its box
            palette = check.palette()
            palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Mid))
            check.setPalette(palette)
        self.step_checks[step.id] = check
        text = selectable(step.description)
        text.setAccessibleName(_("Next step"))
        if step.done:
            font = text.font()
            font.setStrikeOut(True)
            text.setFont(font)
            tint(text, "muted_fg")
        facts = [step.owner_name or _("No owner")]
        if step.due_date:
            facts.append(_("due {date}").format(date=day_text(step.due_date)))
        overdue = step.overdue(today)
        if overdue:
            facts.append(_("overdue"))
        if step.done:
            # Translators: said of a next step
            facts.append(_("done"))
        info = plain(QLabel(" · ".join(facts)))
        info.setTextFormat(Qt.TextFormat.PlainText)
        info.setWordWrap(True)
        tint(info, "danger_fg" if overdue else "muted_fg")
        grid.addWidget(check, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(text, 0, 1)
        grid.addWidget(info, 1, 1)
        grid.setColumnStretch(1, 1)
        return row
