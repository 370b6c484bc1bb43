"""Dialogs that edit a record: fields in a form, each with its own error line.

A dialog gathers values, hands them to the data layer's door and shows any
ValidationError beside the field it names; it closes only once saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.i18n import _
from equitycohort.ui.context import context_of, perform
from equitycohort.ui.fields import DateField, StateField, TimeField
from equitycohort.ui.labels import WarningBanner, plain, tint

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change

NO_DATE = QDate(1900, 1, 1)
W = TypeVar("W", bound=QWidget)


class FormDialog(QDialog):
    """Base for record dialogs. Subclasses add fields and implement save().

    ``save`` calls one data-layer operation and returns its Change. Saving
    runs it through the screen's context (the one way the UI writes), with
    the screen that opened the dialog as the initiator, so that screen
    selects what was made; a refusal is shown at its fields, a failed write
    in the dialog's banner, and the dialog stays open with what was typed.
    """

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent)
        #: what saving did, once saved
        self.change: Change | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self._layout = QVBoxLayout(self)
        self.banner = WarningBanner()
        self.banner.setAccessibleName(_("Problem"))
        self._layout.addWidget(self.banner)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._layout.addLayout(self.form)
        #: the field widgets by data field name; of many kinds (line edits, combos, date fields), so untyped
        self.fields: dict[str, Any] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, str] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self._layout.addStretch(1)
        self._layout.addWidget(self.buttons)

    def add_field(self, name: str, label: str, widget: W, hint: str = "") -> W:
        widget.setAccessibleName(label.replace("&", ""))
        if hint:
            widget.setToolTip(hint)
            widget.setAccessibleDescription(hint)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = plain(QLabel())
        error.setWordWrap(True)
        error.setVisible(False)
        error.setAccessibleName(_("{field} problem").format(field=label.replace("&", "")))
        tint(error, "danger_fg")
        column.addWidget(error)
        title = QLabel(label)
        title.setBuddy(widget)
        self.form.addRow(title, box)
        self.fields[name] = widget
        self.errors[name] = error
        self.labels[name] = label.replace("&", "")
        return widget

    def clear_errors(self) -> None:
        self.banner.setVisible(False)
        for label in self.errors.values():
            label.setVisible(False)

    def show_errors(self, exc: ValidationError) -> None:
        self.clear_errors()
        unplaced = []
        first: QWidget | None = None
        for error in exc.errors:
            label = self.errors.get(self.field_for(error.field))
            if label is None:
                unplaced.append(error.message)
                continue
            label.setText(error.message)
            label.setVisible(True)
            first = first or self.fields[self.field_for(error.field)]
        if unplaced:
            self.show_problem(" ".join(unplaced))
        if first is not None:
            first.setFocus()

    def unreadable(self) -> list[FieldError]:
        """Fields whose typed text cannot be read (a date or time), named as their labels say."""
        problems = []
        for name, widget in self.fields.items():
            problem = widget.problem() if isinstance(widget, (DateField, TimeField, StateField)) \
                and widget.isEnabled() else None
            if problem:
                problems.append(FieldError(name, _("{field}: {problem}").format(field=self.labels.get(name, name),
                                                                                problem=problem)))
        return problems

    def field_for(self, data_field: str) -> str:
        """The form field that shows errors about a data field (override to map)."""
        return data_field

    def show_problem(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(True)

    def submit(self) -> None:
        self.clear_errors()
        unread = self.unreadable()
        if unread:
            self.show_errors(ValidationError(unread))
            return
        context = context_of(self.parentWidget())
        if context is not None and context.ws is not None:
            change = context.run(self.parentWidget(), lambda ws: self.save(),
                                 refused=self.show_errors, failed=self.show_problem)
        else:
            change = perform(self, self.save, refused=self.show_errors, failed=self.show_problem)
        if change is None:
            return
        self.change = change
        self.accept()

    def save(self) -> Change:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError


# --- small widget helpers --------------------------------------------------

def line(text: str | None = "", placeholder: str = "", max_length: int = 300) -> QLineEdit:
    edit = QLineEdit(text or "")
    edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def text_box(text: str | None = "", placeholder: str = "", height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit(text or "")
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    if placeholder:
        box.setPlaceholderText(placeholder)
    return box


def combo(choices: Mapping[str, str] | Sequence[tuple[object, str]], current: object = None) -> QComboBox:
    box = QComboBox()
    items: Sequence[tuple[object, str]] = list(choices.items()) if isinstance(choices, Mapping) else choices
    for value, label in items:
        box.addItem(label, value)
    set_combo(box, current)
    return box


def set_combo(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)


def date_edit(value: str | None = None, optional: bool = False) -> DateField:
    """A date field (today when nothing is given, unless it may be left empty)."""
    return DateField(value, optional=optional)


def date_value(field: DateField) -> str | None:
    return field.value()


def day_of(field: DateField) -> dt.date:
    """The day a date field shows, or today while it shows none it can read."""
    return field.date() or dt.date.today()


def time_edit(value: str = "13:00") -> TimeField:
    return TimeField(value)


def text_of(widget: QWidget) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    assert isinstance(widget, QLineEdit)
    return widget.text().strip()
