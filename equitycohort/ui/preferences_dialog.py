"""Edit > Preferences…: how dates and times are shown, the look, and the PDFs' page size."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from equitycohort import formats
from equitycohort.i18n import N_, _
from equitycohort.ui import settings
from equitycohort.ui.labels import muted

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

#: the example shown beside each choice
SAMPLE_DAY = dt.date(2027, 3, 9)
SAMPLE_TIME = dt.time(14, 30)

APPEARANCES = (("system", N_("Follow the system")), ("light", N_("Light")), ("dark", N_("Dark")))
PAGE_SIZES = (("letter", N_("US Letter (8.5 × 11 in)")), ("a4", N_("A4 (210 × 297 mm)")))


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
        self.setWindowTitle(_("Preferences"))
        self.setFixedWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        us, iso = formats.Style(False, False), formats.Style(True, True)
        self.dates = _combo(_("Dates"), (
            (False, _("Month/day: {date}, {numeric}").format(date=formats.short_date(SAMPLE_DAY, us),
                                                              numeric=formats.numeric_date(SAMPLE_DAY, us))),
            (True, _("Year-month-day (ISO): {date}").format(date=formats.short_date(SAMPLE_DAY, iso)))),
            settings.get(settings.ISO_DATES))
        self.clock = _combo(_("Clock"), (
            (False, _("12-hour: {time}").format(time=formats.clock(SAMPLE_TIME, us))),
            (True, _("24-hour: {time}").format(time=formats.clock(SAMPLE_TIME, iso)))),
            settings.get(settings.CLOCK_24))
        self.appearance = _combo(_("Appearance"), tuple((key, _(label)) for key, label in APPEARANCES), appearance)
        self.page_size = _combo(_("Page size of PDFs"), tuple((key, _(label)) for key, label in PAGE_SIZES),
                                settings.get(settings.PAGE_SIZE))
        for text, widget in ((_("&Dates:"), self.dates), (_("&Clock:"), self.clock),
                             (_("&Appearance:"), self.appearance), (_("&Page size of PDFs:"), self.page_size)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout.addLayout(form)
        layout.addWidget(muted(_("Dates and times change on every screen at once. The documents made for a team "
                                 "use the formats of the team's language (in English: month/day dates and a "
                                 "12-hour clock, as US readers expect).")))
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> dict[str, object]:
        return {"iso_dates": bool(self.dates.currentData()), "clock_24": bool(self.clock.currentData()),
                "appearance": self.appearance.currentData(), "page_size": self.page_size.currentData()}
