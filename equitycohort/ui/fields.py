"""Date and time fields that take what people type, written once for every form.

A date reads ``3/9/2027``, ``2027-03-09``, ``Mar 9 2027``, ``Mar 9`` or ``today``,
or is picked from a Sunday-first calendar; Up and Down move it a day (Page Up
and Page Down a month). A time reads ``1430``, ``2:30 pm`` or ``14:30``. What
cannot be read is said plainly at the field when the form is saved, and the
text stays as typed so nothing is lost. Each field shows dates and times in
the user's chosen style (US by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from equitycohort import formats
from equitycohort.i18n import _
from equitycohort.ui import preferences, theme


class DateField(QWidget):
    """A date, typed or picked; ``optional`` ones may be left empty."""

    #: the date changed (typed and read, picked, or stepped)
    changed = Signal()

    def __init__(self, value: dt.date | str | None = None, *, optional: bool = False, label: str = "",
                 fallback: Callable[[], dt.date] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.optional = optional
        #: where Up and Down start from on an empty field (today unless a likelier day is given)
        self.fallback = fallback or dt.date.today
        self._date: dt.date | None = None
        self._problem: str | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setClearButtonEnabled(optional)
        example = formats.numeric_date(dt.date.today(), preferences.style())
        self.edit.setPlaceholderText((_("e.g. {example} (or leave empty)") if optional else _("e.g. {example}"))
                                     .format(example=example))
        self.edit.setToolTip(_("Type a date such as {examples}, or pick one. "
                               "Up and Down move a day; Page Up and Page Down a month.").format(
                                   examples=formats.date_examples()))
        self.edit.editingFinished.connect(self._read)
        self.edit.installEventFilter(self)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setToolTip(_("Pick the date from a calendar"))
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard types the date; Alt+Down opens the calendar
        self.pick.clicked.connect(self.open_calendar)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)
        self.setFocusProxy(self.edit)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a stop in the tab chain, handing the focus to the line
        self.set_accessible_name(label or _("Date"))
        self.set_value(value if value or optional else dt.date.today())

    def set_accessible_name(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.pick.setAccessibleName(_("Pick the {field} from a calendar").format(field=name.lower()))

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name, so forms name the typing field too
        self.set_accessible_name(name)

    # --- the value ----------------------------------------------------------

    def date(self) -> dt.date | None:
        """The date shown, or None when empty (or when what was typed cannot be read)."""
        self._read(quiet=True)
        return self._date

    def value(self) -> str | None:
        """The date as the workspace stores it (ISO), or None."""
        day = self.date()
        return day.isoformat() if day else None

    def set_value(self, value: dt.date | str | None) -> None:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and value else (value or None)
        self._set(day if isinstance(day, dt.date) else None)

    def problem(self) -> str | None:
        """Why the field cannot be saved as it is: unreadable text, or empty when a date is needed."""
        self._read(quiet=True)
        if self._problem:
            return self._problem
        if self._date is None and not self.optional:
            return _("Type a date such as {examples}.").format(examples=formats.date_examples())
        return None

    def is_empty(self) -> bool:
        return not self.edit.text().strip()

    def _set(self, day: dt.date | None) -> None:
        changed = day != self._date
        self._date, self._problem = day, None
        self.edit.setText(formats.numeric_date(day, preferences.style()))
        self.edit.setStyleSheet("")
        if changed:
            self.changed.emit()

    def _read(self, quiet: bool = False) -> None:
        text = self.edit.text().strip()
        if not text:
            if self._date is not None:
                self._date = None
                self.changed.emit()
            self._problem = None
            return
        try:
            day = formats.parse_date(text)
        except ValueError as exc:
            self._problem = str(exc)
            if not quiet:
                self.edit.setStyleSheet(f"QLineEdit {{ border: 1px solid {theme.color('danger_fg').name()}; }}")
            return
        if quiet:
            if day != self._date:
                self._date = day
                self.changed.emit()
            self._problem = None
        else:
            self._set(day)

    # --- keyboard and calendar ------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if key == Qt.Key.Key_Down and alt:
                self.open_calendar()
                return True
            steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(key))
            months = {Qt.Key.Key_PageUp: 1, Qt.Key.Key_PageDown: -1}.get(Qt.Key(key))
            if steps or months:
                start = self.date() or self.fallback()
                if self.date() is None:
                    self._set(start)
                    return True
                if months:
                    from equitycohort.data.cohorts import add_months

                    self._set(add_months(start, months))
                else:
                    self._set(start + dt.timedelta(days=steps or 0))
                return True
        return super().eventFilter(watched, event)

    def open_calendar(self) -> None:
        """A Sunday-first month calendar under the field; choosing a day sets it."""
        calendar = QCalendarWidget()
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Sunday)
        calendar.setGridVisible(True)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        day = self.date() or dt.date.today()
        calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def chosen(picked: QDate) -> None:
            self._set(dt.date(picked.year(), picked.month(), picked.day()))
            menu.close()
            self.edit.setFocus()

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        calendar.setFocus()
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))


class TimeField(QLineEdit):
    """A time of day, typed as people write it and shown in the user's clock."""

    changed = Signal()

    def __init__(self, value: str = "13:00", label: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._time: dt.time | None = None
        self._problem: str | None = None
        self.setAccessibleName(label or _("Start time"))
        self.setPlaceholderText(_("e.g. 2:30 pm"))
        self.setToolTip(_("Type a time such as {examples}.").format(examples=formats.time_examples()))
        self.setMaximumWidth(160)
        self.editingFinished.connect(self._read)
        self.set_value(value)

    def set_value(self, value: str | dt.time | None) -> None:
        moment = dt.time.fromisoformat(value) if isinstance(value, str) and value else (value or None)
        before = getattr(self, "_shown", None)
        self._time = moment if isinstance(moment, dt.time) else None
        self._shown = self._time
        self._problem = None
        self.setText(formats.clock(self._time, preferences.style()))
        self.setStyleSheet("")
        if before != self._time and hasattr(self, "_shown_once"):
            self.changed.emit()
        self._shown_once = True

    def value(self) -> str | None:
        """The time as the workspace stores it (HH:MM), or None."""
        self._read(quiet=True)
        return f"{self._time.hour:02d}:{self._time.minute:02d}" if self._time else None

    def problem(self) -> str | None:
        self._read(quiet=True)
        if self._problem:
            return self._problem
        return None if self._time else _("Type a time such as {examples}.").format(examples=formats.time_examples())

    def _read(self, quiet: bool = False) -> None:
        text = self.text().strip()
        try:
            moment = formats.parse_time(text)
        except ValueError as exc:
            self._problem = str(exc)
            self._time = None
            if not quiet:
                self.setStyleSheet(f"QLineEdit {{ border: 1px solid {theme.color('danger_fg').name()}; }}")
            return
        before = self._time
        if quiet:
            self._time, self._problem = moment, None
            if moment != before:
                self.changed.emit()
        else:
            self.set_value(moment)


class StateField(QComboBox):
    """A state, DC or territory: picked from the list or typed by name or two-letter code,
    completed as it is typed ("new" offers the four New states, "ny" New York)."""

    def __init__(self, places: list[tuple[str, str]], current: str | None = None,
                 taken: frozenset[str] = frozenset(), parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtCore import QStringListModel
        from PySide6.QtWidgets import QCompleter

        #: (code, name) of the places that can be chosen, by name
        self.places = sorted(places, key=lambda p: p[1])
        self.taken = taken
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in self.places:
            self.addItem(name, code)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(_("Type a state's name or code, e.g. Iowa or IA"))
        line.setAccessibleName(_("State"))
        entries = [name for _code, name in self.places] + [f"{code} · {name}" for code, name in self.places]
        completer = QCompleter(QStringListModel(entries, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated.connect(self._completed)
        self.setCompleter(completer)
        line.editingFinished.connect(self._settle)
        self.set_code(current)

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")

    def _completed(self, text: str) -> None:
        self.set_code(self._resolve(text))

    def _settle(self) -> None:
        """Typed text that names a place shows as that place's name."""
        code = self._resolve(self.currentText())
        if code and code in dict(self.places):
            self.set_code(code)

    def _resolve(self, text: str) -> str | None:
        from equitycohort.data.states import find_place

        text = text.strip()
        if " · " in text:
            text = text.split(" · ", 1)[0]
        code = find_place(text)
        if code:
            return code
        folded = text.casefold()
        starting = [c for c, name in self.places if folded and name.casefold().startswith(folded)]
        return starting[0] if len(starting) == 1 else None

    def value(self) -> str | None:
        code = self._resolve(self.currentText())
        return code if code in dict(self.places) else None

    def problem(self) -> str | None:
        from equitycohort.data.states import state_name

        text = self.currentText().strip()
        if not text:
            return None  # required-ness is the data layer's to say
        code = self._resolve(text)
        if code is None:
            return _("“{text}” is not a state, DC or territory; type its name or two-letter code.").format(text=text)
        if code in self.taken and code not in dict(self.places):
            return _("{state} already has a team in this cohort.").format(state=state_name(code))
        return None
