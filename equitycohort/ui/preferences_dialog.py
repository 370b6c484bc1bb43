"""Edit > Preferences…: how dates and times are shown, the look, and the PDFs' page size."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from equitycohort import formats
from equitycohort.ui import settings
from equitycohort.ui.labels import muted

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

#: the example shown beside each choice
SAMPLE_DAY = dt.date(2027, 3, 9)
SAMPLE_TIME = dt.time(14, 30)

APPEARANCES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
PAGE_SIZES = (("letter", "US Letter (8.5 × 11 in)"), ("a4", "A4 (210 × 297 mm)"))


def _combo(name: str, choices: tuple[tuple[object, str], ...], current: object) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for key, label in choices:
        box.addItem(label, key)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class PreferencesDialog(QDialog):
    """The user's preferences; applied to every screen at once when OK is pressed."""

    def __init__(self, parent: QWidget | None, appearance: str = "system"):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setFixedWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        us, iso = formats.Style(False, False), formats.Style(True, True)
        self.dates = _combo("Dates", (
            (False, f"Month/day: {formats.short_date(SAMPLE_DAY, us)}, {formats.numeric_date(SAMPLE_DAY, us)}"),
            (True, f"Year-month-day (ISO): {formats.short_date(SAMPLE_DAY, iso)}")),
            settings.get(settings.ISO_DATES))
        self.clock = _combo("Clock", (
            (False, f"12-hour: {formats.clock(SAMPLE_TIME, us)}"),
            (True, f"24-hour: {formats.clock(SAMPLE_TIME, iso)}")),
            settings.get(settings.CLOCK_24))
        self.appearance = _combo("Appearance", APPEARANCES, appearance)
        self.page_size = _combo("Page size of PDFs", PAGE_SIZES, settings.get(settings.PAGE_SIZE))
        for text, widget in (("&Dates:", self.dates), ("&Clock:", self.clock), ("&Appearance:", self.appearance),
                             ("&Page size of PDFs:", self.page_size)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout.addLayout(form)
        layout.addWidget(muted("Dates and times change on every screen at once. The documents made for teams "
                                 "always use month/day dates and a 12-hour clock, as US readers expect."))
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> dict[str, object]:
        return {"iso_dates": bool(self.dates.currentData()), "clock_24": bool(self.clock.currentData()),
                "appearance": self.appearance.currentData(), "page_size": self.page_size.currentData()}
